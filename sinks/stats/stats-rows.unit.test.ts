/** A folded batch completed with Postgres's answers: the rows each statement writes. */
import { describe, expect, it } from 'vitest';
import type { Event } from '../../contracts/events.js';
import { auctionClosed, auctionCreated, bidAccepted, T } from '../testing/events.js';
import { foldBatch } from './stats-batch.js';
import { auctionRows, itemRows, userRows } from './stats-rows.js';

const on = <E extends Event>(auctionId: string, e: E): E => ({
  ...e,
  metadata: { ...e.metadata, auctionId },
});

const bids = foldBatch([
  bidAccepted('1', 'alice'),
  bidAccepted('2', 'bob'),
  bidAccepted('3', 'alice'),
  on('a2', bidAccepted('4', 'alice')),
]);

describe('userRows and auctionRows', () => {
  it('count only the pairs Postgres said were new', () => {
    const newPairs = [
      { auctionId: 'auction-1', bidderId: 'bob' },
      { auctionId: 'a2', bidderId: 'alice' },
    ];
    expect(
      userRows(bids, newPairs).map((u) => [u.userId, u.bidsAccepted, u.auctionsBidOn]),
    ).toEqual([
      ['alice', 3, 1],
      ['bob', 1, 1],
    ]);
    expect(auctionRows(bids, newPairs)).toEqual([
      {
        auctionId: 'auction-1',
        bids: 3,
        newBidders: 1,
        lastBidAt: T,
        extensions: 0,
        endsAt: null,
        close: null,
      },
      {
        auctionId: 'a2',
        bids: 1,
        newBidders: 1,
        lastBidAt: T,
        extensions: 0,
        endsAt: null,
        close: null,
      },
    ]);
  });

  it('count nothing new when every pair was known', () => {
    expect(userRows(bids, []).every((u) => u.auctionsBidOn === 0)).toBe(true);
    expect(auctionRows(bids, []).every((a) => a.newBidders === 0)).toBe(true);
  });
});

describe('itemRows', () => {
  const batch = foldBatch([
    auctionCreated('1'),
    on('a2', auctionCreated('2')),
    auctionClosed('3', 'alice', 2500),
    on('a2', auctionClosed('4', 'bob', 900)),
    on('a3', auctionClosed('5', 'carol', 4000)),
    on('a4', auctionClosed('6', null, null)),
  ]);

  it('adds the creations and the sales of the auctions that have a row, by their item', () => {
    const itemOf = new Map([
      ['auction-1', 'item-1'],
      ['a2', 'item-1'],
      ['a4', 'item-9'],
    ]);
    // a3 has no stats row: its sale counts for no item. a4 sold nothing.
    expect(itemRows(batch, itemOf)).toEqual([
      {
        itemId: 'item-1',
        auctions: 2,
        sold: 2,
        closingPriceSumCents: 3400,
        highestClosingCents: 2500,
      },
    ]);
  });

  it('gives an item with creations only no sale and no highest price', () => {
    expect(itemRows(batch, new Map())).toEqual([
      {
        itemId: 'item-1',
        auctions: 2,
        sold: 0,
        closingPriceSumCents: 0,
        highestClosingCents: null,
      },
    ]);
  });
});
