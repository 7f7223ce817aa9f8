/** The fold of a batch into what each stats table gains: given events, these deltas. */
import { describe, expect, it } from 'vitest';
import type { Event } from '../../contracts/events.js';
import {
  auctionCancelled,
  auctionClosed,
  auctionCreated,
  auctionExtended,
  bidAccepted,
  bidRejected,
  commandRejected,
  outbid,
  reserveMet,
  T,
} from '../testing/events.js';
import { firstDeliveries, foldBatch } from './stats-batch.js';

const MINUTE = 60_000;
const on = <E extends Event>(auctionId: string, e: E): E => ({
  ...e,
  metadata: { ...e.metadata, auctionId },
});
const placed = <E extends Event & { data: { placedAt: number } }>(e: E, placedAt: number): E => ({
  ...e,
  data: { ...e.data, placedAt },
});
const extendedTo = (id: string, newEndsAt: number) => {
  const e = auctionExtended(id);
  return { ...e, data: { ...e.data, newEndsAt } };
};

describe('firstDeliveries', () => {
  it('keeps the fresh ids, each at its first occurrence', () => {
    const events = [bidAccepted('old'), bidAccepted('a'), bidRejected('b'), bidAccepted('a')];
    expect(firstDeliveries(events, new Set(['a', 'b']))).toEqual([events[1], events[2]]);
  });
});

describe('foldBatch', () => {
  it('folds nothing into nothing, and the events that change no stats into nothing', () => {
    const empty = foldBatch([]);
    expect(
      foldBatch([outbid('1'), reserveMet('2'), auctionCancelled('3'), commandRejected('4')]),
    ).toEqual(empty);
    expect(empty).toEqual({
      creates: [],
      itemsCreated: new Map(),
      pairs: [],
      users: new Map(),
      auctions: new Map(),
      minutes: new Map(),
    });
  });

  it('N accepted bids on K auctions become one row per auction, bidder, pair and minute', () => {
    const batch = foldBatch([
      placed(on('a1', bidAccepted('1', 'alice')), T),
      placed(on('a1', bidAccepted('2', 'bob')), T + 1_000),
      placed(on('a1', bidAccepted('3', 'alice')), T + 2_000),
      placed(on('a2', bidAccepted('4', 'alice')), T + MINUTE),
    ]);
    expect(batch.pairs).toEqual([
      { auctionId: 'a1', bidderId: 'alice' },
      { auctionId: 'a1', bidderId: 'bob' },
      { auctionId: 'a2', bidderId: 'alice' },
    ]);
    expect(batch.users.get('alice')).toEqual({
      bidsPlaced: 3,
      bidsAccepted: 3,
      bidsRejected: 0,
      auctionsWon: 0,
      totalSpentCents: 0,
      lastActivityAt: T + MINUTE,
    });
    expect(batch.auctions.get('a1')).toMatchObject({ bids: 3, lastBidAt: T + 2_000 });
    expect(batch.auctions.get('a2')).toMatchObject({ bids: 1, lastBidAt: T + MINUTE });
    // T is 12:00:30: the first three bids fall in 12:00, the last in 12:01.
    expect(batch.minutes).toEqual(
      new Map([
        [T - 30_000, 3],
        [T + 30_000, 1],
      ]),
    );
  });

  it('a rejected bid counts for its bidder and its minute, not for the auction', () => {
    const batch = foldBatch([placed(bidRejected('1', 'bob'), T - 20_000), bidRejected('2', 'bob')]);
    expect(batch.users.get('bob')).toMatchObject({
      bidsPlaced: 2,
      bidsRejected: 2,
      lastActivityAt: T,
    });
    expect(batch.auctions.size).toBe(0);
    expect(batch.pairs).toEqual([]);
    expect(batch.minutes).toEqual(new Map([[T - 30_000, 2]]));
  });

  it('keeps the first creation of an auction, and counts every creation for its item', () => {
    const other = auctionCreated('2');
    const batch = foldBatch([
      auctionCreated('1'),
      { ...other, data: { ...other.data, startingPriceCents: 5 } },
      on('auction-2', auctionCreated('3')),
    ]);
    expect(batch.creates).toEqual([
      { auctionId: 'auction-1', itemId: 'item-1', openingPriceCents: 1000, endsAt: T },
      { auctionId: 'auction-2', itemId: 'item-1', openingPriceCents: 1000, endsAt: T },
    ]);
    expect(batch.itemsCreated).toEqual(new Map([['item-1', 3]]));
  });

  it('the last extension sets the end; a close keeps the end and last bid it saw', () => {
    const batch = foldBatch([
      placed(bidAccepted('1'), T - 5_000),
      extendedTo('2', T + MINUTE),
      extendedTo('3', T + 2 * MINUTE),
      auctionClosed('4', 'alice', 2500),
      // Not in a real log, but folded as event by event: after the close, not seen by it.
      extendedTo('5', T + 3 * MINUTE),
    ]);
    expect(batch.auctions.get('auction-1')).toEqual({
      bids: 1,
      lastBidAt: T - 5_000,
      extensions: 3,
      endsAt: T + 3 * MINUTE,
      close: { priceCents: 2500, outcome: 'sold', endsAt: T + 2 * MINUTE, lastBidAt: T - 5_000 },
      salesCents: [2500],
    });
  });

  it('a close with no bid or extension in the batch leaves the end and last bid as stored', () => {
    const batch = foldBatch([auctionClosed('1', null, null)]);
    expect(batch.auctions.get('auction-1')).toEqual({
      bids: 0,
      lastBidAt: null,
      extensions: 0,
      endsAt: null,
      close: { priceCents: null, outcome: 'no_bids', endsAt: null, lastBidAt: null },
      salesCents: [],
    });
    expect(batch.users.size).toBe(0);
  });

  it('a sale credits the winner: won, spent, and the close as activity', () => {
    const batch = foldBatch([
      auctionClosed('1', 'alice', 2500),
      on('a2', auctionClosed('2', 'alice', 700)),
    ]);
    expect(batch.users.get('alice')).toEqual({
      bidsPlaced: 0,
      bidsAccepted: 0,
      bidsRejected: 0,
      auctionsWon: 2,
      totalSpentCents: 3200,
      lastActivityAt: T,
    });
    expect(batch.auctions.get('a2')?.salesCents).toEqual([700]);
  });

  it('a close with a price and no winner (or a winner and no price) sells nothing', () => {
    const batch = foldBatch([auctionClosed('1', null, 900), auctionClosed('2', 'bob', null)]);
    expect(batch.users.size).toBe(0);
    expect(batch.auctions.get('auction-1')).toMatchObject({
      close: { priceCents: null, outcome: 'sold' },
      salesCents: [],
    });
  });
});
