/**
 * One user's view of the processor's tables (part of the public read module: processors/
 * read-side.ts re-exports it): the events addressed to them or to the auctions they follow, and
 * their own bids. Never anyone else's maximum.
 */
import { fromEventRecord, type EventOf, type EventRecord } from '../contracts/events.js';
import type { Queryable } from '../platform/queryable.js';
import type { EventData, PublicAuction } from './read-views.js';
import type { AuctionRead, BidDecisionRead, BidKind, EventRead } from './tables.js';

/** The event types a user is told of (gateway/reads/notifications.ts words them). */
export type NotifyingEventType =
  'Outbid' | 'BidAccepted' | 'AuctionClosed' | 'AuctionExtended' | 'AuctionCancelled';

/** A stored event addressed to the user, with its own fields (`data`) typed by its `type`. */
export type NotificationEvent = {
  readonly eventId: string;
  readonly auctionId: string;
  readonly occurredAt: Date;
  readonly title: string;
  readonly sellerId: string;
  /** Whether the user has an accepted bid on the auction. */
  readonly bidOn: boolean;
} & EventData<NotifyingEventType>;

type NotificationEventRead = Pick<EventRead, 'event_id' | 'auction_id'> &
  Pick<AuctionRead, 'title' | 'seller_id'> & {
    readonly type: NotifyingEventType;
    readonly payload: EventRecord<NotifyingEventType>;
    readonly occurred_at: Date;
    readonly bid_on: boolean;
  };

const notificationEvent = (r: NotificationEventRead): NotificationEvent => {
  // The stored record was checked against its schema when it was written.
  const { type, data } = fromEventRecord(r.type, r.payload) as EventOf<NotifyingEventType>;
  return {
    eventId: r.event_id,
    auctionId: r.auction_id,
    occurredAt: r.occurred_at,
    title: r.title,
    sellerId: r.seller_id,
    bidOn: r.bid_on,
    ...({ type, data } as EventData<NotifyingEventType>),
  };
};

/** One of the user's own bids, with its auction as it is now. */
export interface MyBid {
  readonly bidId: string;
  readonly auctionId: string;
  readonly kind: BidKind;
  /** The user's own maximum (null for buy-now). */
  readonly maxAmountCents: number | null;
  readonly accepted: boolean;
  readonly reason: string | null;
  readonly placedAt: Date;
  /** Null when the bid named no auction that exists. */
  readonly auction: Pick<
    PublicAuction,
    'title' | 'status' | 'startsAt' | 'visiblePriceCents' | 'leaderId' | 'winnerId'
  > | null;
}

/** A bid joined with its auction: the auction's columns null when there is none. */
type MyBidRead = Pick<
  BidDecisionRead,
  'bid_id' | 'auction_id' | 'kind' | 'max_amount_cents' | 'accepted' | 'reason' | 'placed_at'
> & {
  readonly [K in 'title' | 'status' | 'starts_at' | 'leader_id' | 'winner_id']:
    AuctionRead[K] | null;
} & { readonly visible_price_cents: string | null };

const myBid = (r: MyBidRead): MyBid => ({
  bidId: r.bid_id,
  auctionId: r.auction_id,
  kind: r.kind,
  maxAmountCents: r.max_amount_cents === null ? null : Number(r.max_amount_cents),
  accepted: r.accepted,
  reason: r.reason,
  placedAt: r.placed_at,
  // status is NOT NULL in auctions: null here means the join found no auction.
  auction:
    r.status === null
      ? null
      : {
          title: r.title!,
          status: r.status,
          startsAt: r.starts_at!,
          visiblePriceCents: Number(r.visible_price_cents),
          leaderId: r.leader_id,
          winnerId: r.winner_id,
        },
});

/**
 * The ids of the events for `$1` (the user), `$2` being the auctions they watch: Outbid addressed
 * to them; how the auctions they bid on or watch closed, moved or were cancelled; the bids on
 * the auctions they sell and how those closed. UNION: an event counts once however it reaches them.
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
    WHERE a.seller_id = $1 AND e.type IN ('AuctionClosed', 'BidAccepted')
  )`;

export function personalReads(db: Queryable) {
  return {
    /** A page of the events `userId` is told of, newest first, and how many there are. */
    async notificationEvents(
      userId: string,
      watched: readonly string[],
      limit: number,
      offset: number,
    ): Promise<{ events: NotificationEvent[]; total: number }> {
      const total = await db.query<{ n: string }>(
        `${EVENTS_FOR_USER} SELECT count(*) AS n FROM chosen`,
        [userId, watched],
      );
      // One commit's events share occurred_at: the auction and its sequence order them within.
      const { rows } = await db.query<NotificationEventRead>(
        `${EVENTS_FOR_USER}
         SELECT e.event_id, e.auction_id, e.type, e.payload, e.occurred_at, a.title, a.seller_id,
           e.auction_id IN (SELECT auction_id FROM bid_on) AS bid_on
         FROM chosen JOIN auction_events e USING (event_id) JOIN auctions a USING (auction_id)
         ORDER BY e.occurred_at DESC, e.auction_id, e.sequence DESC
         LIMIT $3 OFFSET $4`,
        [userId, watched, limit, offset],
      );
      return { events: rows.map(notificationEvent), total: Number(total.rows[0]?.n ?? 0) };
    },

    /** A page of `userId`'s bids, newest first, each with its auction as it is now. */
    async bidsOf(
      userId: string,
      limit: number,
      offset: number,
    ): Promise<{ bids: MyBid[]; total: number }> {
      const total = await db.query<{ n: string }>(
        'SELECT count(*) AS n FROM bid_decisions WHERE bidder_id = $1',
        [userId],
      );
      const { rows } = await db.query<MyBidRead>(
        `SELECT b.bid_id, b.auction_id, b.kind, b.max_amount_cents, b.accepted, b.reason, b.placed_at,
           a.title, a.status, a.starts_at, a.visible_price_cents, a.leader_id, a.winner_id
         FROM bid_decisions b LEFT JOIN auctions a USING (auction_id)
         WHERE b.bidder_id = $1
         ORDER BY b.placed_at DESC, b.bid_id
         LIMIT $2 OFFSET $3`,
        [userId, limit, offset],
      );
      return { bids: rows.map(myBid), total: Number(total.rows[0]?.n ?? 0) };
    },
  };
}

export type PersonalReads = ReturnType<typeof personalReads>;
