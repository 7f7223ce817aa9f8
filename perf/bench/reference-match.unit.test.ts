import { describe, expect, it } from 'vitest';
import type { LoggedAuction } from '../load/bid-log.js';
import { compareWithReference, modelRefusals } from './reference-match.js';

// Starting at 1.00, eBay increments: alice max 10.00, then bob max 7.50. Alice leads and pays
// bob's maximum plus one increment (0.25 below 5.00 … 0.50 from 5.00 to 25.00): 8.00.
const auction = (sourceId: string): LoggedAuction => ({
  sourceId,
  item: 'lamp',
  startingPrice: '1.00',
  lengthDays: 3,
  recordedPrice: '8.00',
  bids: [
    { bidderId: 'alice', amount: '10.00', atDays: 0.5 },
    { bidderId: 'bob', amount: '7.50', atDays: 2.9 },
  ],
});
const noBids: LoggedAuction = { ...auction('3'), bids: [], recordedPrice: null };
const log = [auction('1'), auction('2'), noBids];

describe('replayed auctions against the reference model', () => {
  it('counts those closed with the model’s winner and price', () => {
    const result = compareWithReference(
      [
        { sourceId: '1', status: 'closed', winnerId: 'alice', finalPrice: '8.00' },
        // The same price written without its trailing zero is the same price.
        { sourceId: '2', status: 'closed', winnerId: 'alice', finalPrice: '8.0' },
        { sourceId: '3', status: 'closed', winnerId: null, finalPrice: null },
      ],
      log,
    );
    expect(result).toEqual({ compared: 3, matched: 3, mismatches: [] });
  });

  it('names each that differs: a wrong winner, a wrong price, or one never closed', () => {
    const result = compareWithReference(
      [
        // Bob's bid came late and was refused: alice won alone, at the start.
        { sourceId: '1', status: 'closed', winnerId: 'alice', finalPrice: '1.00' },
        { sourceId: '2', status: 'closed', winnerId: 'bob', finalPrice: '8.00' },
        { sourceId: '3', status: 'open', winnerId: null, finalPrice: null },
      ],
      log,
    );
    expect(result.matched).toBe(0);
    expect(result.mismatches).toEqual([
      {
        sourceId: '1',
        ours: { winnerId: 'alice', price: '1.00' },
        model: { winnerId: 'alice', price: '8.00' },
      },
      {
        sourceId: '2',
        ours: { winnerId: 'bob', price: '8.00' },
        model: { winnerId: 'alice', price: '8.00' },
      },
      {
        sourceId: '3',
        ours: { winnerId: null, price: null },
        model: { winnerId: null, price: null },
      },
    ]);
  });

  it('refuses an outcome of an auction that is not in the log', () => {
    expect(() =>
      compareWithReference(
        [{ sourceId: '9', status: 'closed', winnerId: null, finalPrice: null }],
        log,
      ),
    ).toThrow(/9 is not in the log/);
  });
});

describe('the refusals a clean replay owes', () => {
  it('counts the bids the model refuses in time, by reason', () => {
    // Bob's maximum of 0.50 is below the starting price of 1.00.
    const lowBid: LoggedAuction = {
      ...auction('4'),
      bids: [
        { bidderId: 'alice', amount: '10.00', atDays: 0.5 },
        { bidderId: 'bob', amount: '0.50', atDays: 1 },
      ],
    };
    expect(modelRefusals([auction('1'), lowBid])).toEqual({ below_minimum_increment: 1 });
    expect(modelRefusals([auction('1'), noBids])).toEqual({});
  });
});
