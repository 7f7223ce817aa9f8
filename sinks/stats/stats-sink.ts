/**
 * The stats sink: per user, per auction, per item and per minute numbers in Postgres. A batch
 * of events is applied in one transaction together with their event ids; an id seen before is
 * skipped, so redelivery changes nothing. Every statement is named: node-postgres prepares it
 * once per connection and Postgres does not parse and plan it again for each event.
 */
import type pg from 'pg';
import type { Event } from '../../contracts/events.js';
import type { Sink } from '../event-handler.js';

export const STATS_SINK = 'stats';

const at = (ms: number) => new Date(ms).toISOString();

async function applyOne(client: pg.PoolClient, e: Event) {
  switch (e.type) {
    case 'AuctionCreated':
      await client.query({
        name: 'stats-auction-created',
        text: `INSERT INTO auction_stats (auction_id, item_id, opening_price_cents, ends_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (auction_id) DO NOTHING`,
        values: [e.metadata.auctionId, e.data.itemId, e.data.startingPriceCents, at(e.data.endsAt)],
      });
      await client.query({
        name: 'stats-item-created',
        text: `INSERT INTO item_stats (item_id, auctions) VALUES ($1, 1)
         ON CONFLICT (item_id) DO UPDATE SET auctions = item_stats.auctions + 1`,
        values: [e.data.itemId],
      });
      return;
    case 'BidAccepted': {
      const firstOnAuction = await client.query({
        name: 'stats-auction-bidder',
        text: 'INSERT INTO auction_bidders (auction_id, bidder_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        values: [e.metadata.auctionId, e.data.bidderId],
      });
      const isNew = firstOnAuction.rowCount === 1 ? 1 : 0;
      await client.query({
        name: 'stats-user-bid-accepted',
        text: `INSERT INTO user_stats AS u (user_id, bids_placed, bids_accepted, auctions_bid_on, last_activity_at)
         VALUES ($1, 1, 1, $2, $3)
         ON CONFLICT (user_id) DO UPDATE SET bids_placed = u.bids_placed + 1, bids_accepted = u.bids_accepted + 1,
           auctions_bid_on = u.auctions_bid_on + $2, last_activity_at = greatest(u.last_activity_at, $3)`,
        values: [e.data.bidderId, isNew, at(e.data.placedAt)],
      });
      await client.query({
        name: 'stats-auction-bid',
        text: `UPDATE auction_stats SET bids = bids + 1, distinct_bidders = distinct_bidders + $2,
           last_bid_at = greatest(last_bid_at, $3) WHERE auction_id = $1`,
        values: [e.metadata.auctionId, isNew, at(e.data.placedAt)],
      });
      await countBid(client, e.data.placedAt);
      return;
    }
    case 'BidRejected':
      await client.query({
        name: 'stats-user-bid-rejected',
        text: `INSERT INTO user_stats AS u (user_id, bids_placed, bids_rejected, last_activity_at) VALUES ($1, 1, 1, $2)
         ON CONFLICT (user_id) DO UPDATE SET bids_placed = u.bids_placed + 1, bids_rejected = u.bids_rejected + 1,
           last_activity_at = greatest(u.last_activity_at, $2)`,
        values: [e.data.bidderId, at(e.data.placedAt)],
      });
      await countBid(client, e.data.placedAt);
      return;
    case 'AuctionExtended':
      await client.query({
        name: 'stats-auction-extended',
        text: 'UPDATE auction_stats SET extensions = extensions + 1, ends_at = $2 WHERE auction_id = $1',
        values: [e.metadata.auctionId, at(e.data.newEndsAt)],
      });
      return;
    case 'AuctionClosed': {
      const { rows } = await client.query<{ item_id: string }>({
        name: 'stats-auction-closed',
        text: `UPDATE auction_stats SET closing_price_cents = $2, outcome = $3,
           last_bid_ms_before_end = (extract(epoch FROM (ends_at - last_bid_at)) * 1000)::bigint
         WHERE auction_id = $1 RETURNING item_id`,
        values: [e.metadata.auctionId, e.data.priceCents, e.data.outcome],
      });
      if (e.data.winnerId !== null && e.data.priceCents !== null) {
        await client.query({
          name: 'stats-user-won',
          text: `INSERT INTO user_stats AS u (user_id, auctions_won, total_spent_cents, last_activity_at) VALUES ($1, 1, $2, $3)
           ON CONFLICT (user_id) DO UPDATE SET auctions_won = u.auctions_won + 1,
             total_spent_cents = u.total_spent_cents + $2, last_activity_at = greatest(u.last_activity_at, $3)`,
          values: [e.data.winnerId, e.data.priceCents, at(e.data.closedAt)],
        });
        if (rows[0]) {
          await client.query({
            name: 'stats-item-sold',
            text: `UPDATE item_stats SET sold = sold + 1, closing_price_sum_cents = closing_price_sum_cents + $2,
               highest_closing_cents = greatest(highest_closing_cents, $2) WHERE item_id = $1`,
            values: [rows[0].item_id, e.data.priceCents],
          });
        }
      }
      return;
    }
    case 'Outbid':
    case 'ReserveMet':
    case 'AuctionCancelled':
    case 'CommandRejected':
      return;
    default: {
      const unreachable: never = e;
      throw new Error(`unhandled event ${(unreachable as { type: string }).type}`);
    }
  }
}

async function countBid(client: pg.PoolClient, placedAt: number) {
  await client.query({
    name: 'stats-bid-volume',
    text: `INSERT INTO bid_volume_per_minute (minute, bids) VALUES (date_trunc('minute', $1::timestamptz), 1)
     ON CONFLICT (minute) DO UPDATE SET bids = bid_volume_per_minute.bids + 1`,
    values: [at(placedAt)],
  });
}

/** Applies the events not seen before, with their ids, in one transaction. Returns how many were new. */
export async function applyStats(db: pg.Pool, events: readonly Event[]): Promise<number> {
  if (events.length === 0) return 0;
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ event_id: string }>({
      name: 'stats-processed-events',
      text: `INSERT INTO sink_processed_events (sink, event_id) SELECT $1, unnest($2::uuid[])
       ON CONFLICT DO NOTHING RETURNING event_id`,
      values: [STATS_SINK, events.map((e) => e.metadata.eventId)],
    });
    const fresh = new Set(rows.map((r) => r.event_id));
    for (const event of events) {
      // An id twice in one batch is applied once: delete it from the set when used.
      if (fresh.delete(event.metadata.eventId)) await applyOne(client, event);
    }
    await client.query('COMMIT');
    return rows.length;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Empties every stats table and the sink's dedup keys (for a rebuild). */
export async function clearStats(db: pg.Pool) {
  await db.query(
    `TRUNCATE user_stats, auction_bidders, auction_stats, item_stats, bid_volume_per_minute;
     DELETE FROM sink_processed_events WHERE sink = '${STATS_SINK}'`,
  );
}

/** The stats sink on a pool. */
export const statsSink = (db: pg.Pool): Sink => ({
  name: STATS_SINK,
  apply: (events) => applyStats(db, events),
  clear: () => clearStats(db),
});
