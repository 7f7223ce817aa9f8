/**
 * The personal read model (gateway/reads/personal-read-model.ts) on plain data: the stored events and
 * the auctions and bids of InMemoryAuctions. The fake chooses the rows as the SQL of
 * processors/personal-reads.ts does, and presents them with the real gateway/reads/notifications.ts
 * and my-bids.ts, so a component test checks the words, standings and shapes; the SQL's choice
 * itself is checked on the real stack (tests/me.int.test.ts).
 */
import type { EventData, MyBid, NotifyingEventType } from '../../processors/read-side.js';
import { toMyBid } from '../reads/my-bids.js';
import { toNotification } from '../reads/notifications.js';
import type { PersonalReadModel } from '../reads/personal-read-model.js';
import type { Watchlist } from '../reads/watchlist.js';
import type { InMemoryAuctions } from './in-memory-ports.js';

/** A row of auction_events, as the processor stores it: its type and own fields (`data`). */
export type StoredEvent = {
  readonly eventId: string;
  readonly auctionId: string;
  /** ISO time. */
  readonly occurredAt: string;
} & EventData<NotifyingEventType>;

const FOLLOWED: readonly NotifyingEventType[] = [
  'AuctionClosed',
  'AuctionExtended',
  'AuctionCancelled',
];

export class InMemoryEvents {
  readonly events: StoredEvent[] = [];

  add(event: StoredEvent) {
    this.events.push(event);
  }
}

export function inMemoryPersonalReadModel(
  world: InMemoryAuctions,
  stored: InMemoryEvents,
  now: () => number,
  currency = 'USD',
): PersonalReadModel {
  const bidOn = (userId: string, auctionId: string) =>
    [...world.bids.values()].some(
      (b) => b.bidderId === userId && b.auctionId === auctionId && b.accepted,
    );
  return {
    bids(userId, { limit, offset }) {
      const mine = [...world.bids.values()]
        .filter((b) => b.bidderId === userId)
        .sort((a, b) => b.placedAt.localeCompare(a.placedAt) || a.bidId.localeCompare(b.bidId));
      const items = mine.slice(offset, offset + limit).map((b) => {
        const a = world.auctions.get(b.auctionId);
        const bid: MyBid = {
          bidId: b.bidId,
          auctionId: b.auctionId,
          kind: b.kind,
          maxAmountCents: b.maxAmountCents,
          accepted: b.accepted,
          reason: b.reason,
          placedAt: new Date(b.placedAt),
          auction: a
            ? {
                title: a.title,
                status: a.status === 'scheduled' ? 'open' : a.status,
                startsAt: new Date(a.startsAt),
                visiblePriceCents: a.visiblePriceCents,
                leaderId: a.leaderId,
                winnerId: a.winnerId,
              }
            : null,
        };
        return toMyBid(bid, userId, now(), currency);
      });
      return Promise.resolve({ items, total: mine.length });
    },

    notifications(userId, watched, { limit, offset }) {
      const addressed = stored.events.filter((e) => {
        const auction = world.auctions.get(e.auctionId);
        if (!auction) return false;
        if (e.type === 'Outbid') return e.data.bidderId === userId;
        const follows = bidOn(userId, e.auctionId) || watched.includes(e.auctionId);
        return (
          (FOLLOWED.includes(e.type) && follows) ||
          (e.type === 'AuctionClosed' && auction.sellerId === userId)
        );
      });
      // Newest first; the later added first among equal times.
      const newest = addressed
        .map((e, i) => ({ e, i }))
        .sort((a, b) => b.e.occurredAt.localeCompare(a.e.occurredAt) || b.i - a.i)
        .map(({ e }) => e);
      const items = newest.slice(offset, offset + limit).map((e) => {
        const auction = world.auctions.get(e.auctionId)!;
        return toNotification(
          {
            ...e,
            occurredAt: new Date(e.occurredAt),
            title: auction.title,
            sellerId: auction.sellerId,
            bidOn: bidOn(userId, e.auctionId),
          },
          userId,
          currency,
        );
      });
      return Promise.resolve({ items, total: addressed.length });
    },
  };
}

/** The gateway's watchlist table: per user, the auction ids in the order added. */
export function inMemoryWatchlist(max: number): Watchlist {
  const lists = new Map<string, string[]>();
  const of = (userId: string) => lists.get(userId) ?? [];
  return {
    max,
    watch(userId, auctionId) {
      const list = of(userId);
      if (list.includes(auctionId)) return Promise.resolve('already_watched');
      if (list.length >= max) return Promise.resolve('full');
      lists.set(userId, [...list, auctionId]);
      return Promise.resolve('added');
    },
    unwatch(userId, auctionId) {
      lists.set(
        userId,
        of(userId).filter((id) => id !== auctionId),
      );
      return Promise.resolve();
    },
    page(userId, limit, offset) {
      const newest = [...of(userId)].reverse();
      return Promise.resolve({
        auctionIds: newest.slice(offset, offset + limit),
        total: newest.length,
      });
    },
    all: (userId) => Promise.resolve([...of(userId)]),
  };
}
