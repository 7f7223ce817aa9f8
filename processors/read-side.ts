/**
 * The processor's tables as other processes may read them: the one public read module of
 * processors/ (docs/boundaries.md). The processor owns auctions, bid_decisions,
 * command_decisions, processor_offsets, auction_events (also the outbox Debezium reads), and is the only writer;
 * every query another process runs on them is here, so a change to those tables is checked in
 * one folder. Each row comes back as its camelCase view (processors/read-views.ts); presenting
 * it is the reader's job (gateway/reads/read-model.ts, gateway/reads/bid-reads.ts,
 * gateway/live/history.ts). Never the hidden maxima or the reserve amount.
 */
import type { Queryable } from '../platform/queryable.js';
import {
  auctionFacts,
  bidDecision,
  decidedRequest,
  publicAuction,
  type AuctionFacts,
  type AuctionFactsRead,
  type BidDecision,
  type BidDecisionViewRead,
  type DecidedRequest,
  type DecidedRequestRead,
  type HistoryEvent,
  type PriceStep,
  type PriceStepRead,
  type PublicAuction,
  type PublicAuctionRead,
  priceStep,
} from './read-views.js';
import type { AuctionStatus, CommandDecisionRow, EventRead } from './tables.js';

export { loadStoredOffsets } from './store.js';
export {
  personalReads,
  type MyBid,
  type NotificationEvent,
  type NotifyingEventType,
  type PersonalReads,
} from './personal-reads.js';
export type {
  AuctionFacts,
  BidDecision,
  DecidedRequest,
  EventData,
  HistoryEvent,
  PriceStep,
  PublicAuction,
} from './read-views.js';
export type { AuctionStatus, BidKind } from './tables.js';

// The public terms come out of the state snapshot key by key: never the maxima or the reserve.
const AUCTION_COLUMNS = `auction_id, item_id, title, seller_id, external_ref, status, visible_price_cents, leader_id,
  bid_count, has_reserve, reserve_met, starts_at, ends_at, outcome, winner_id, final_price_cents, last_sequence,
  state->>'startingPriceCents' AS starting_price_cents, state->>'buyNowPriceCents' AS buy_now_price_cents,
  state->>'antiSnipingWindowMs' AS anti_sniping_window_ms,
  state->>'antiSnipingExtensionMs' AS anti_sniping_extension_ms, state->'increments' AS increments`;

const BID_DECISION_COLUMNS =
  'bid_id, auction_id, bidder_id, accepted, reason, visible_price_cents, is_leading, placed_at';

/** The order of an auction's bids: as placed, then as decided; the id keeps pages apart. */
const STEP_ORDER = 'placed_at, decided_at, bid_id';

export type AuctionSort = 'newest' | 'ending_soonest';

const ORDER: Record<AuctionSort, string> = {
  newest: 'created_at DESC, auction_id',
  ending_soonest: 'ends_at, auction_id',
};

/** A pattern for ILIKE … ESCAPE '\' that finds `text` literally: its `%`, `_` and `\` escaped. */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

export interface AuctionFilter {
  readonly status?: AuctionStatus | 'scheduled';
  readonly itemId?: string;
  readonly sellerId?: string;
  readonly externalRef?: string;
  /** Words that must each appear in the title, in any case. */
  readonly q?: string;
  /** `newest` (created last first) or `ending_soonest` (the earliest end first). */
  readonly sort?: AuctionSort;
  readonly limit: number;
  readonly offset: number;
}

export function processorReads(db: Queryable) {
  return {
    async auction(auctionId: string): Promise<PublicAuction | undefined> {
      const { rows } = await db.query<PublicAuctionRead>(
        `SELECT ${AUCTION_COLUMNS} FROM auctions WHERE auction_id = $1`,
        [auctionId],
      );
      return rows[0] && publicAuction(rows[0]);
    },

    /** Batched: each auction named that exists, in no particular order. */
    async auctionsIn(auctionIds: readonly string[]): Promise<PublicAuction[]> {
      const { rows } = await db.query<PublicAuctionRead>(
        `SELECT ${AUCTION_COLUMNS} FROM auctions WHERE auction_id = ANY($1)`,
        [auctionIds],
      );
      return rows.map(publicAuction);
    },

    /** The open auction of this seller's item, if any: an item is unique per seller. */
    async openAuctionForItem(sellerId: string, itemId: string): Promise<string | undefined> {
      const { rows } = await db.query<{ auction_id: string }>(
        "SELECT auction_id FROM auctions WHERE seller_id = $1 AND item_id = $2 AND status = 'open'",
        [sellerId, itemId],
      );
      return rows[0]?.auction_id;
    },

    /**
     * One page of the auctions that match, in the filter's order (newest first unless told), and
     * how many match in all. `scheduled`
     * and `open` are both stored as open: `now` tells them apart by the start.
     */
    async auctions(
      filter: AuctionFilter,
      now: Date,
    ): Promise<{ auctions: PublicAuction[]; total: number }> {
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (sql: string, value: unknown) => {
        params.push(value);
        where.push(sql.replace('?', `$${params.length}`));
      };
      if (filter.status === 'scheduled' || filter.status === 'open') {
        add('status = ?', 'open');
        add(filter.status === 'open' ? 'starts_at <= ?' : 'starts_at > ?', now);
      } else if (filter.status) add('status = ?', filter.status);
      if (filter.itemId) add('item_id = ?', filter.itemId);
      if (filter.sellerId) add('seller_id = ?', filter.sellerId);
      if (filter.externalRef) add('external_ref = ?', filter.externalRef);
      for (const word of filter.q?.split(/\s+/).filter(Boolean) ?? [])
        add("title ILIKE ? ESCAPE '\\'", containsPattern(word));
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const total = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM auctions ${clause}`,
        params,
      );
      const { rows } = await db.query<PublicAuctionRead>(
        `SELECT ${AUCTION_COLUMNS} FROM auctions ${clause} ORDER BY ${ORDER[filter.sort ?? 'newest']}
         LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, filter.limit, filter.offset],
      );
      return { auctions: rows.map(publicAuction), total: Number(total.rows[0]?.n ?? 0) };
    },

    /**
     * One page of an auction's accepted bids, in the order they were placed, each with who led
     * once it was decided, and how many there are in all. The leader is worked out over every
     * accepted bid before the page: the bidder of the last one that led (`leaders` counts those
     * up to each bid; the first bid of each run names it), or the first bidder's before any led.
     */
    async priceSteps(
      auctionId: string,
      { limit, offset }: { readonly limit: number; readonly offset: number },
    ): Promise<{ steps: PriceStep[]; total: number }> {
      const total = await db.query<{ n: string }>(
        'SELECT count(*) AS n FROM bid_decisions WHERE auction_id = $1 AND accepted',
        [auctionId],
      );
      const { rows } = await db.query<PriceStepRead>(
        `SELECT ${BID_DECISION_COLUMNS},
           first_value(bidder_id) OVER (PARTITION BY leaders ORDER BY ${STEP_ORDER}) AS leader_id
         FROM (
           SELECT ${BID_DECISION_COLUMNS}, decided_at,
             count(*) FILTER (WHERE is_leading) OVER (ORDER BY ${STEP_ORDER}) AS leaders
           FROM bid_decisions WHERE auction_id = $1 AND accepted
         ) AS steps
         ORDER BY ${STEP_ORDER} LIMIT $2 OFFSET $3`,
        [auctionId, limit, offset],
      );
      return { steps: rows.map(priceStep), total: Number(total.rows[0]?.n ?? 0) };
    },

    async bidDecision(bidId: string): Promise<BidDecision | undefined> {
      const { rows } = await db.query<BidDecisionViewRead>(
        `SELECT ${BID_DECISION_COLUMNS} FROM bid_decisions WHERE bid_id = $1`,
        [bidId],
      );
      return rows[0] && bidDecision(rows[0]);
    },

    /** The end a bid moved (its AuctionExtended event), if it moved one: epoch ms. */
    async extensionBy(
      auctionId: string,
      bidId: string,
    ): Promise<{ previousEndsAt: number; newEndsAt: number } | undefined> {
      const { rows } = await db.query<{ previous_ends_at: string; new_ends_at: string }>(
        `SELECT payload->>'previousEndsAt' AS previous_ends_at, payload->>'newEndsAt' AS new_ends_at
         FROM auction_events
         WHERE auction_id = $1 AND type = 'AuctionExtended' AND payload->>'byBidId' = $2`,
        [auctionId, bidId],
      );
      const r = rows[0];
      return r && { previousEndsAt: Number(r.previous_ends_at), newEndsAt: Number(r.new_ends_at) };
    },

    async commandDecision(
      commandId: string,
    ): Promise<Pick<CommandDecisionRow, 'accepted' | 'reason' | 'detail'> | undefined> {
      const { rows } = await db.query<Pick<CommandDecisionRow, 'accepted' | 'reason' | 'detail'>>(
        'SELECT accepted, reason, detail FROM command_decisions WHERE command_id = $1',
        [commandId],
      );
      return rows[0];
    },

    /** Batched: the facts of each auction named that exists. */
    async auctionFacts(auctionIds: readonly string[]): Promise<AuctionFacts[]> {
      const { rows } = await db.query<AuctionFactsRead>(
        // The buy-now price is a public term kept only in the state document.
        `SELECT auction_id, status, seller_id, starts_at, ends_at, bid_count,
           state->>'buyNowPriceCents' AS buy_now_price_cents
         FROM auctions WHERE auction_id = ANY($1)`,
        [auctionIds],
      );
      return rows.map(auctionFacts);
    },

    /** Batched: the request behind each bid id that was decided (its kind, auction and maximum). */
    async decidedRequests(bidIds: readonly string[]): Promise<DecidedRequest[]> {
      const { rows } = await db.query<DecidedRequestRead>(
        'SELECT bid_id, auction_id, kind, max_amount_cents FROM bid_decisions WHERE bid_id = ANY($1)',
        [bidIds],
      );
      return rows.map(decidedRequest);
    },

    /** The committed events of an auction after a sequence number, in order. */
    async eventsAfter(auctionId: string, sequence: number, limit: number): Promise<HistoryEvent[]> {
      const { rows } = await db.query<Pick<EventRead, 'type' | 'payload'> & { sequence: string }>(
        `SELECT type, sequence, payload FROM auction_events WHERE auction_id = $1 AND sequence > $2
         ORDER BY sequence LIMIT $3`,
        [auctionId, sequence, limit],
      );
      return rows.map((r) => ({ type: r.type, sequence: Number(r.sequence), payload: r.payload }));
    },

    async latestSequence(auctionId: string): Promise<number> {
      const { rows } = await db.query<{ n: string | null }>(
        'SELECT max(sequence) AS n FROM auction_events WHERE auction_id = $1',
        [auctionId],
      );
      return Number(rows[0]?.n ?? 0);
    },

    /** Everyone with an accepted bid on the auction. */
    async bidders(auctionId: string): Promise<string[]> {
      const { rows } = await db.query<{ bidder_id: string }>(
        'SELECT DISTINCT bidder_id FROM bid_decisions WHERE auction_id = $1 AND accepted',
        [auctionId],
      );
      return rows.map((r) => r.bidder_id);
    },
  };
}

export type ProcessorReads = ReturnType<typeof processorReads>;
