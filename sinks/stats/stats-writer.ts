/**
 * The stats sink's statements: one per table per batch, its rows passed as parallel arrays and
 * unnested. Every statement is named, so node-postgres prepares it once per connection. An
 * upsert must not meet one key twice in a statement, and the fold gives each key one row.
 */
import type pg from 'pg';
import type { AuctionCreate, BidderPair } from './stats-batch.js';
import type { AuctionRow, ItemRow, UserRow } from './stats-rows.js';

const at = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Records the event ids; answers those not seen before. */
export async function insertEventIds(
  client: pg.ClientBase,
  sink: string,
  ids: readonly string[],
): Promise<Set<string>> {
  const { rows } = await client.query<{ event_id: string }>({
    name: 'stats-processed-events',
    text: `INSERT INTO sink_processed_events (sink, event_id) SELECT $1, unnest($2::uuid[])
     ON CONFLICT DO NOTHING RETURNING event_id`,
    values: [sink, ids],
  });
  return new Set(rows.map((r) => r.event_id));
}

/** Inserts each created auction's row; an auction that has one keeps it. */
export async function insertAuctions(client: pg.ClientBase, creates: readonly AuctionCreate[]) {
  await client.query({
    name: 'stats-auctions-created',
    text: `INSERT INTO auction_stats (auction_id, item_id, opening_price_cents, ends_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::timestamptz[])
     ON CONFLICT (auction_id) DO NOTHING`,
    values: [
      creates.map((c) => c.auctionId),
      creates.map((c) => c.itemId),
      creates.map((c) => c.openingPriceCents),
      creates.map((c) => at(c.endsAt)),
    ],
  });
}

/** Inserts the (auction, bidder) pairs; answers those that are new. */
export async function insertBidderPairs(
  client: pg.ClientBase,
  pairs: readonly BidderPair[],
): Promise<BidderPair[]> {
  const { rows } = await client.query<{ auction_id: string; bidder_id: string }>({
    name: 'stats-auction-bidders',
    text: `INSERT INTO auction_bidders (auction_id, bidder_id)
     SELECT * FROM unnest($1::text[], $2::text[])
     ON CONFLICT DO NOTHING RETURNING auction_id, bidder_id`,
    values: [pairs.map((p) => p.auctionId), pairs.map((p) => p.bidderId)],
  });
  return rows.map((r) => ({ auctionId: r.auction_id, bidderId: r.bidder_id }));
}

/**
 * Applies bids, extensions and closes to the auctions that have a row (one without is left
 * alone, as the per-event update did). A close measures how near the end the last bid came from
 * the end and last bid as they stood at the close: stored, or as this batch had moved them.
 * Answers each updated auction's item.
 */
export async function updateAuctions(
  client: pg.ClientBase,
  rows: readonly AuctionRow[],
): Promise<Map<string, string>> {
  const updated = await client.query<{ auction_id: string; item_id: string }>({
    name: 'stats-auctions-updated',
    text: `UPDATE auction_stats s SET
       bids = s.bids + d.bids,
       distinct_bidders = s.distinct_bidders + d.new_bidders,
       last_bid_at = greatest(s.last_bid_at, d.last_bid_at),
       extensions = s.extensions + d.extensions,
       ends_at = coalesce(d.ends_at, s.ends_at),
       closing_price_cents = CASE WHEN d.closed THEN d.closing_price_cents ELSE s.closing_price_cents END,
       outcome = CASE WHEN d.closed THEN d.outcome ELSE s.outcome END,
       last_bid_ms_before_end = CASE WHEN d.closed
         THEN (extract(epoch FROM (coalesce(d.close_ends_at, s.ends_at)
           - greatest(s.last_bid_at, d.close_last_bid_at))) * 1000)::bigint
         ELSE s.last_bid_ms_before_end END
     FROM unnest($1::text[], $2::int[], $3::int[], $4::timestamptz[], $5::int[], $6::timestamptz[],
       $7::boolean[], $8::bigint[], $9::text[], $10::timestamptz[], $11::timestamptz[])
       AS d(auction_id, bids, new_bidders, last_bid_at, extensions, ends_at,
         closed, closing_price_cents, outcome, close_ends_at, close_last_bid_at)
     WHERE s.auction_id = d.auction_id
     RETURNING s.auction_id, s.item_id`,
    values: [
      rows.map((r) => r.auctionId),
      rows.map((r) => r.bids),
      rows.map((r) => r.newBidders),
      rows.map((r) => at(r.lastBidAt)),
      rows.map((r) => r.extensions),
      rows.map((r) => at(r.endsAt)),
      rows.map((r) => r.close !== null),
      rows.map((r) => r.close?.priceCents ?? null),
      rows.map((r) => r.close?.outcome ?? null),
      rows.map((r) => at(r.close?.endsAt ?? null)),
      rows.map((r) => at(r.close?.lastBidAt ?? null)),
    ],
  });
  return new Map(updated.rows.map((r) => [r.auction_id, r.item_id]));
}

/**
 * Adds creations and sales to the items. A sold item always has a row: its auction's row was
 * inserted in the same transaction as the item's.
 */
export async function upsertItems(client: pg.ClientBase, rows: readonly ItemRow[]) {
  await client.query({
    name: 'stats-items',
    text: `INSERT INTO item_stats AS i (item_id, auctions, sold, closing_price_sum_cents, highest_closing_cents)
     SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::bigint[], $5::bigint[])
     ON CONFLICT (item_id) DO UPDATE SET auctions = i.auctions + excluded.auctions,
       sold = i.sold + excluded.sold,
       closing_price_sum_cents = i.closing_price_sum_cents + excluded.closing_price_sum_cents,
       highest_closing_cents = greatest(i.highest_closing_cents, excluded.highest_closing_cents)`,
    values: [
      rows.map((r) => r.itemId),
      rows.map((r) => r.auctions),
      rows.map((r) => r.sold),
      rows.map((r) => r.closingPriceSumCents),
      rows.map((r) => r.highestClosingCents),
    ],
  });
}

export async function upsertUsers(client: pg.ClientBase, rows: readonly UserRow[]) {
  await client.query({
    name: 'stats-users',
    text: `INSERT INTO user_stats AS u (user_id, bids_placed, bids_accepted, bids_rejected,
       auctions_bid_on, auctions_won, total_spent_cents, last_activity_at)
     SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::int[], $5::int[], $6::int[],
       $7::bigint[], $8::timestamptz[])
     ON CONFLICT (user_id) DO UPDATE SET bids_placed = u.bids_placed + excluded.bids_placed,
       bids_accepted = u.bids_accepted + excluded.bids_accepted,
       bids_rejected = u.bids_rejected + excluded.bids_rejected,
       auctions_bid_on = u.auctions_bid_on + excluded.auctions_bid_on,
       auctions_won = u.auctions_won + excluded.auctions_won,
       total_spent_cents = u.total_spent_cents + excluded.total_spent_cents,
       last_activity_at = greatest(u.last_activity_at, excluded.last_activity_at)`,
    values: [
      rows.map((r) => r.userId),
      rows.map((r) => r.bidsPlaced),
      rows.map((r) => r.bidsAccepted),
      rows.map((r) => r.bidsRejected),
      rows.map((r) => r.auctionsBidOn),
      rows.map((r) => r.auctionsWon),
      rows.map((r) => r.totalSpentCents),
      rows.map((r) => at(r.lastActivityAt)),
    ],
  });
}

/** Adds the bids per minute (the minutes are whole UTC minutes in epoch ms). */
export async function upsertMinutes(client: pg.ClientBase, minutes: ReadonlyMap<number, number>) {
  await client.query({
    name: 'stats-bid-volume',
    text: `INSERT INTO bid_volume_per_minute AS v (minute, bids)
     SELECT * FROM unnest($1::timestamptz[], $2::int[])
     ON CONFLICT (minute) DO UPDATE SET bids = v.bids + excluded.bids`,
    values: [[...minutes.keys()].map(at), [...minutes.values()]],
  });
}
