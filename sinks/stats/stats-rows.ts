/**
 * The rows each batch statement writes: a folded batch (stats-batch.ts) completed with what
 * Postgres answered in the same transaction, namely which bidder pairs were new and each closed
 * auction's item. Pure, like the fold.
 */
import {
  later,
  type AuctionClose,
  type BidderPair,
  type StatsBatch,
  type UserDelta,
} from './stats-batch.js';

export interface UserRow extends UserDelta {
  readonly userId: string;
  readonly auctionsBidOn: number;
}

export interface AuctionRow {
  readonly auctionId: string;
  readonly bids: number;
  readonly newBidders: number;
  readonly lastBidAt: number | null;
  readonly extensions: number;
  readonly endsAt: number | null;
  readonly close: AuctionClose | null;
}

export interface ItemRow {
  readonly itemId: string;
  readonly auctions: number;
  readonly sold: number;
  readonly closingPriceSumCents: number;
  readonly highestClosingCents: number | null;
}

function count<T>(values: readonly T[], key: (value: T) => string) {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(key(v), (counts.get(key(v)) ?? 0) + 1);
  return counts;
}

/** Each user's deltas, with the auctions they bid on for the first time (pairs new in Postgres). */
export function userRows(batch: StatsBatch, newPairs: readonly BidderPair[]): UserRow[] {
  const firsts = count(newPairs, (p) => p.bidderId);
  return [...batch.users].map(([userId, delta]) => ({
    ...delta,
    userId,
    auctionsBidOn: firsts.get(userId) ?? 0,
  }));
}

/** Each auction's update, with its new distinct bidders. */
export function auctionRows(batch: StatsBatch, newPairs: readonly BidderPair[]): AuctionRow[] {
  const firsts = count(newPairs, (p) => p.auctionId);
  return [...batch.auctions].map(([auctionId, a]) => ({
    auctionId,
    bids: a.bids,
    newBidders: firsts.get(auctionId) ?? 0,
    lastBidAt: a.lastBidAt,
    extensions: a.extensions,
    endsAt: a.endsAt,
    close: a.close,
  }));
}

/**
 * Each item's creations and sales. A sale counts only for an auction that has a stats row
 * (`itemOf`, from the auction update), as the per-event update of the item did.
 */
export function itemRows(batch: StatsBatch, itemOf: ReadonlyMap<string, string>): ItemRow[] {
  const items = new Map<string, { auctions: number; sales: number[] }>();
  const item = (id: string) => {
    let entry = items.get(id);
    if (!entry) items.set(id, (entry = { auctions: 0, sales: [] }));
    return entry;
  };
  for (const [itemId, created] of batch.itemsCreated) item(itemId).auctions += created;
  for (const [auctionId, a] of batch.auctions) {
    const itemId = itemOf.get(auctionId);
    if (itemId !== undefined && a.salesCents.length > 0) item(itemId).sales.push(...a.salesCents);
  }
  return [...items].map(([itemId, { auctions, sales }]) => ({
    itemId,
    auctions,
    sold: sales.length,
    closingPriceSumCents: sales.reduce((sum, cents) => sum + cents, 0),
    highestClosingCents: sales.reduce<number | null>((high, cents) => later(high, cents), null),
  }));
}
