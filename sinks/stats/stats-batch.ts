/**
 * A batch of events folded into what each stats table gains, in memory and without I/O, so that
 * the sink writes one statement per table per batch instead of a few per event. Sums and
 * greatest() do not depend on order; what does is kept as it stood in log order: the first
 * creation of an auction, the last extension's end, and the end and last bid each close saw.
 */
import type { Event } from '../../contracts/events.js';

const MINUTE_MS = 60_000;

/** The later of two moments, null meaning none (as Postgres's greatest() ignores nulls). */
export const later = (a: number | null, b: number | null) =>
  a === null ? b : b === null ? a : Math.max(a, b);

export interface UserDelta {
  bidsPlaced: number;
  bidsAccepted: number;
  bidsRejected: number;
  auctionsWon: number;
  totalSpentCents: number;
  lastActivityAt: number | null;
}

export interface AuctionCreate {
  readonly auctionId: string;
  readonly itemId: string;
  readonly openingPriceCents: number;
  readonly endsAt: number;
}

/** A close, with the end and last bid it saw as far as this batch had moved them (null: as stored). */
export interface AuctionClose {
  readonly priceCents: number | null;
  readonly outcome: string;
  readonly endsAt: number | null;
  readonly lastBidAt: number | null;
}

export interface AuctionDelta {
  bids: number;
  lastBidAt: number | null;
  extensions: number;
  /** The last extension's end (null: no extension in this batch). */
  endsAt: number | null;
  /** The last close in this batch: it overwrites any earlier one, as it did event by event. */
  close: AuctionClose | null;
  /** The price of each close with a winner, for the auction's item. */
  salesCents: number[];
}

export interface BidderPair {
  readonly auctionId: string;
  readonly bidderId: string;
}

export interface StatsBatch {
  /** Each auction's first creation: the insert keeps the first row anyway. */
  readonly creates: AuctionCreate[];
  /** Every creation counts for its item, even one whose auction already had a row. */
  readonly itemsCreated: Map<string, number>;
  /** The distinct (auction, bidder) pairs of accepted bids: which are new, Postgres says. */
  readonly pairs: BidderPair[];
  readonly users: Map<string, UserDelta>;
  readonly auctions: Map<string, AuctionDelta>;
  /**
   * Bids (accepted and rejected) per minute, keyed by the minute's start in epoch ms: the UTC
   * minute, which is date_trunc('minute') in any zone whose offset is whole minutes (all today).
   */
  readonly minutes: Map<number, number>;
}

/** The events to apply: each one whose id is in `fresh`, at its first occurrence only. */
export function firstDeliveries(events: readonly Event[], fresh: ReadonlySet<string>): Event[] {
  const unused = new Set(fresh);
  return events.filter((e) => unused.delete(e.metadata.eventId));
}

const getOr = <K, V>(map: Map<K, V>, key: K, make: () => V): V => {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
};

const newUser = (): UserDelta => ({
  bidsPlaced: 0,
  bidsAccepted: 0,
  bidsRejected: 0,
  auctionsWon: 0,
  totalSpentCents: 0,
  lastActivityAt: null,
});

const newAuction = (): AuctionDelta => ({
  bids: 0,
  lastBidAt: null,
  extensions: 0,
  endsAt: null,
  close: null,
  salesCents: [],
});

/** Folds events (already deduplicated, in log order) into what each table gains. */
export function foldBatch(events: readonly Event[]): StatsBatch {
  const batch: StatsBatch = {
    creates: [],
    itemsCreated: new Map(),
    pairs: [],
    users: new Map(),
    auctions: new Map(),
    minutes: new Map(),
  };
  const created = new Set<string>();
  const paired = new Set<string>();
  const user = (id: string) => getOr(batch.users, id, newUser);
  const auction = (id: string) => getOr(batch.auctions, id, newAuction);
  const countBid = (placedAt: number) => {
    const minute = Math.floor(placedAt / MINUTE_MS) * MINUTE_MS;
    batch.minutes.set(minute, (batch.minutes.get(minute) ?? 0) + 1);
  };

  for (const e of events) {
    const auctionId = e.metadata.auctionId;
    switch (e.type) {
      case 'AuctionCreated': {
        const { itemId, startingPriceCents, endsAt } = e.data;
        if (!created.has(auctionId)) {
          created.add(auctionId);
          batch.creates.push({ auctionId, itemId, openingPriceCents: startingPriceCents, endsAt });
        }
        batch.itemsCreated.set(itemId, (batch.itemsCreated.get(itemId) ?? 0) + 1);
        break;
      }
      case 'BidAccepted': {
        const { bidderId, placedAt } = e.data;
        const key = JSON.stringify([auctionId, bidderId]);
        if (!paired.has(key)) {
          paired.add(key);
          batch.pairs.push({ auctionId, bidderId });
        }
        const u = user(bidderId);
        u.bidsPlaced += 1;
        u.bidsAccepted += 1;
        u.lastActivityAt = later(u.lastActivityAt, placedAt);
        const a = auction(auctionId);
        a.bids += 1;
        a.lastBidAt = later(a.lastBidAt, placedAt);
        countBid(placedAt);
        break;
      }
      case 'BidRejected': {
        const u = user(e.data.bidderId);
        u.bidsPlaced += 1;
        u.bidsRejected += 1;
        u.lastActivityAt = later(u.lastActivityAt, e.data.placedAt);
        countBid(e.data.placedAt);
        break;
      }
      case 'AuctionExtended': {
        const a = auction(auctionId);
        a.extensions += 1;
        a.endsAt = e.data.newEndsAt;
        break;
      }
      case 'AuctionClosed': {
        const { winnerId, priceCents, outcome, closedAt } = e.data;
        const a = auction(auctionId);
        a.close = { priceCents, outcome, endsAt: a.endsAt, lastBidAt: a.lastBidAt };
        if (winnerId !== null && priceCents !== null) {
          a.salesCents.push(priceCents);
          const u = user(winnerId);
          u.auctionsWon += 1;
          u.totalSpentCents += priceCents;
          u.lastActivityAt = later(u.lastActivityAt, closedAt);
        }
        break;
      }
      case 'Outbid':
      case 'ReserveMet':
      case 'AuctionCancelled':
      case 'CommandRejected':
        break;
      default: {
        const unreachable: never = e;
        throw new Error(`unhandled event ${(unreachable as { type: string }).type}`);
      }
    }
  }
  return batch;
}
