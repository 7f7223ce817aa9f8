/**
 * The oracle's model of the stats tables: the simplest reading of what each event does, applied
 * one event at a time in log order, in memory. It shares no code with the sink on purpose: the
 * oracle test compares the sink's tables in Postgres with these.
 */
import type { Event } from '../../contracts/events.js';

export interface UserRow {
  userId: string;
  bidsPlaced: number;
  bidsAccepted: number;
  bidsRejected: number;
  auctionsBidOn: number;
  auctionsWon: number;
  totalSpentCents: number;
  lastActivityAt: number | null;
}

export interface AuctionRow {
  auctionId: string;
  itemId: string;
  bids: number;
  distinctBidders: number;
  openingPriceCents: number;
  closingPriceCents: number | null;
  outcome: string | null;
  extensions: number;
  endsAt: number;
  lastBidAt: number | null;
  lastBidMsBeforeEnd: number | null;
}

export interface ItemRow {
  itemId: string;
  auctions: number;
  sold: number;
  closingPriceSumCents: number;
  highestClosingCents: number | null;
}

/** Every stats table, each sorted by its key. */
export interface Tables {
  users: UserRow[];
  bidders: string[];
  auctions: AuctionRow[];
  items: ItemRow[];
  minutes: { minute: number; bids: number }[];
}

/** Postgres's greatest(): the larger of the two, ignoring nulls. */
const greatest = (a: number | null, b: number | null) =>
  a === null ? b : b === null ? a : Math.max(a, b);

const MINUTE = 60_000;

/** Rows sorted by a text key, the same way for the model and for what Postgres holds. */
export const byKey = <T>(rows: Iterable<T>, key: (row: T) => string) =>
  [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

export class StatsModel {
  private readonly seen = new Set<string>();
  private readonly users = new Map<string, UserRow>();
  private readonly bidders = new Set<string>();
  private readonly auctions = new Map<string, AuctionRow>();
  private readonly items = new Map<string, ItemRow>();
  private readonly minutes = new Map<number, number>();

  apply(e: Event) {
    if (this.seen.has(e.metadata.eventId)) return;
    this.seen.add(e.metadata.eventId);
    const auction = this.auctions.get(e.metadata.auctionId);
    switch (e.type) {
      case 'AuctionCreated': {
        if (!auction) {
          this.auctions.set(e.metadata.auctionId, {
            auctionId: e.metadata.auctionId,
            itemId: e.data.itemId,
            bids: 0,
            distinctBidders: 0,
            openingPriceCents: e.data.startingPriceCents,
            closingPriceCents: null,
            outcome: null,
            extensions: 0,
            endsAt: e.data.endsAt,
            lastBidAt: null,
            lastBidMsBeforeEnd: null,
          });
        }
        this.item(e.data.itemId).auctions += 1;
        return;
      }
      case 'BidAccepted': {
        const pair = `${e.metadata.auctionId}/${e.data.bidderId}`;
        const isNew = !this.bidders.has(pair);
        this.bidders.add(pair);
        const user = this.user(e.data.bidderId);
        user.bidsPlaced += 1;
        user.bidsAccepted += 1;
        if (isNew) user.auctionsBidOn += 1;
        user.lastActivityAt = greatest(user.lastActivityAt, e.data.placedAt);
        if (auction) {
          auction.bids += 1;
          if (isNew) auction.distinctBidders += 1;
          auction.lastBidAt = greatest(auction.lastBidAt, e.data.placedAt);
        }
        this.countBid(e.data.placedAt);
        return;
      }
      case 'BidRejected': {
        const user = this.user(e.data.bidderId);
        user.bidsPlaced += 1;
        user.bidsRejected += 1;
        user.lastActivityAt = greatest(user.lastActivityAt, e.data.placedAt);
        this.countBid(e.data.placedAt);
        return;
      }
      case 'AuctionExtended':
        if (auction) {
          auction.extensions += 1;
          auction.endsAt = e.data.newEndsAt;
        }
        return;
      case 'AuctionClosed': {
        if (auction) {
          auction.closingPriceCents = e.data.priceCents;
          auction.outcome = e.data.outcome;
          auction.lastBidMsBeforeEnd =
            auction.lastBidAt === null ? null : auction.endsAt - auction.lastBidAt;
        }
        const { winnerId, priceCents, closedAt } = e.data;
        if (winnerId === null || priceCents === null) return;
        const user = this.user(winnerId);
        user.auctionsWon += 1;
        user.totalSpentCents += priceCents;
        user.lastActivityAt = greatest(user.lastActivityAt, closedAt);
        const item = auction && this.items.get(auction.itemId);
        if (item) {
          item.sold += 1;
          item.closingPriceSumCents += priceCents;
          item.highestClosingCents = greatest(item.highestClosingCents, priceCents);
        }
        return;
      }
      case 'Outbid':
      case 'ReserveMet':
      case 'AuctionCancelled':
      case 'CommandRejected':
        return;
    }
  }

  tables(): Tables {
    return {
      users: byKey(this.users.values(), (u) => u.userId),
      bidders: [...this.bidders].sort(),
      auctions: byKey(this.auctions.values(), (a) => a.auctionId),
      items: byKey(this.items.values(), (i) => i.itemId),
      minutes: [...this.minutes]
        .sort(([a], [b]) => a - b)
        .map(([minute, bids]) => ({ minute, bids })),
    };
  }

  private user(userId: string): UserRow {
    let user = this.users.get(userId);
    if (!user) {
      user = {
        userId,
        bidsPlaced: 0,
        bidsAccepted: 0,
        bidsRejected: 0,
        auctionsBidOn: 0,
        auctionsWon: 0,
        totalSpentCents: 0,
        lastActivityAt: null,
      };
      this.users.set(userId, user);
    }
    return user;
  }

  private item(itemId: string): ItemRow {
    let item = this.items.get(itemId);
    if (!item) {
      item = { itemId, auctions: 0, sold: 0, closingPriceSumCents: 0, highestClosingCents: null };
      this.items.set(itemId, item);
    }
    return item;
  }

  private countBid(placedAt: number) {
    const minute = Math.floor(placedAt / MINUTE) * MINUTE;
    this.minutes.set(minute, (this.minutes.get(minute) ?? 0) + 1);
  }
}
