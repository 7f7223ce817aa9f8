/**
 * One user's view of the processor's tables (part of the public read module: processors/
 * read-side.ts re-exports it): the events addressed to them or to the auctions they follow, and
 * their own bids. Never anyone else's maximum.
 */
import type { Queryable } from '../platform/queryable.js';
import type { AuctionStatus } from './tables.js';

/** The event types a user is told of (gateway/reads/notifications.ts words them). */
export type NotifyingEventType =
  'Outbid' | 'AuctionClosed' | 'AuctionExtended' | 'AuctionCancelled';

export interface NotificationEventRow {
  event_id: string;
  auction_id: string;
  type: NotifyingEventType;
  /** The stored event (schemas/events): envelope and data, flat. */
  payload: Record<string, unknown>;
  occurred_at: Date;
  title: string;
  seller_id: string;
  /** Whether the user has an accepted bid on the auction. */
  bid_on: boolean;
}

export interface MyBidRow {
  bid_id: string;
  auction_id: string;
  kind: 'bid' | 'buy_now';
  /** The user's own maximum (null for buy-now). */
  max_amount_cents: string | null;
  accepted: boolean;
  reason: string | null;
  placed_at: Date;
  /** The auction as it is now; null when the bid named no auction that exists. */
  title: string | null;
  status: AuctionStatus | null;
  starts_at: Date | null;
  visible_price_cents: string | null;
  leader_id: string | null;
  winner_id: string | null;
}

/**
 * The ids of the events for `$1` (the user), `$2` being the auctions they watch: Outbid addressed
 * to them; how the auctions they bid on or watch closed, moved or were cancelled; how the
 * auctions they sell closed. UNION: an event counts once however it reaches them.
 */
const EVENTS_FOR_USER = `
  WITH bid_on AS (
    SELECT DISTINCT auction_id FROM bid_decisions WHERE bidder_id = $1 AND accepted
  ), followed AS (
    SELECT auction_id FROM bid_on UNION SELECT unnest($2::text[])
  ), chosen AS (
    SELECT event_id FROM auction_events WHERE type = 'Outbid' AND payload->>'bidderId' = $1
    UNION
    SELECT e.event_id FROM auction_events e JOIN followed f USING (auction_id)
    WHERE e.type IN ('AuctionClosed', 'AuctionExtended', 'AuctionCancelled')
    UNION
    SELECT e.event_id FROM auction_events e JOIN auctions a USING (auction_id)
    WHERE a.seller_id = $1 AND e.type = 'AuctionClosed'
  )`;

export function personalReads(db: Queryable) {
  return {
    /** A page of the events `userId` is told of, newest first, and how many there are. */
    async notificationEvents(
      userId: string,
      watched: readonly string[],
      limit: number,
      offset: number,
    ): Promise<{ rows: NotificationEventRow[]; total: number }> {
      const total = await db.query<{ n: string }>(
        `${EVENTS_FOR_USER} SELECT count(*) AS n FROM chosen`,
        [userId, watched],
      );
      // One commit's events share occurred_at: the auction and its sequence order them within.
      const { rows } = await db.query<NotificationEventRow>(
        `${EVENTS_FOR_USER}
         SELECT e.event_id, e.auction_id, e.type, e.payload, e.occurred_at, a.title, a.seller_id,
           e.auction_id IN (SELECT auction_id FROM bid_on) AS bid_on
         FROM chosen JOIN auction_events e USING (event_id) JOIN auctions a USING (auction_id)
         ORDER BY e.occurred_at DESC, e.auction_id, e.sequence DESC
         LIMIT $3 OFFSET $4`,
        [userId, watched, limit, offset],
      );
      return { rows, total: Number(total.rows[0]?.n ?? 0) };
    },

    /** A page of `userId`'s bids, newest first, each with its auction as it is now. */
    async bidsOf(
      userId: string,
      limit: number,
      offset: number,
    ): Promise<{ rows: MyBidRow[]; total: number }> {
      const total = await db.query<{ n: string }>(
        'SELECT count(*) AS n FROM bid_decisions WHERE bidder_id = $1',
        [userId],
      );
      const { rows } = await db.query<MyBidRow>(
        `SELECT b.bid_id, b.auction_id, b.kind, b.max_amount_cents, b.accepted, b.reason, b.placed_at,
           a.title, a.status, a.starts_at, a.visible_price_cents, a.leader_id, a.winner_id
         FROM bid_decisions b LEFT JOIN auctions a USING (auction_id)
         WHERE b.bidder_id = $1
         ORDER BY b.placed_at DESC, b.bid_id
         LIMIT $2 OFFSET $3`,
        [userId, limit, offset],
      );
      return { rows, total: Number(total.rows[0]?.n ?? 0) };
    },
  };
}

export type PersonalReads = ReturnType<typeof personalReads>;
