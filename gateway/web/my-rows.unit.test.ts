/** How the personal pages word an auction's bids, leader and outcome, and name its price. */
import { describe, expect, it } from 'vitest';

interface Shown {
  status: string;
  bidCount: number;
  leaderId?: string | null;
  winnerId?: string | null;
  outcome?: string | null;
  finalPriceCents?: number | null;
  currency?: string;
}

// A browser module (plain JS): imported by URL so that the type checker leaves it alone.
const { bidsLine, outcomeWords, priceLabel } = (await import(
  new URL('./my-rows.js', import.meta.url).href
)) as {
  bidsLine: (a: Shown) => string;
  outcomeWords: (a: Shown) => string;
  priceLabel: (a: Shown) => string;
};

const usd = { currency: 'USD' };

describe('bidsLine', () => {
  it.each<[string, Shown, string]>([
    ['no bid yet', { status: 'open', bidCount: 0, leaderId: null }, '0 bids'],
    ['one bid', { status: 'open', bidCount: 1, leaderId: 'bob' }, '1 bid · bob leads'],
    ['not started', { status: 'scheduled', bidCount: 0 }, '0 bids'],
    ['cancelled: the status says it', { status: 'cancelled', bidCount: 0 }, '0 bids'],
    [
      'sold',
      {
        ...usd,
        status: 'closed',
        bidCount: 3,
        outcome: 'sold',
        winnerId: 'bob',
        finalPriceCents: 3900,
      },
      '3 bids · Sold to bob for $39.00',
    ],
    [
      'reserve not met: never who led',
      {
        status: 'closed',
        bidCount: 2,
        leaderId: 'bob',
        outcome: 'reserve_not_met',
        winnerId: null,
      },
      '2 bids · Not sold: the reserve was not met',
    ],
  ])('%s', (_, auction, expected) => expect(bidsLine(auction)).toBe(expected));
});

describe('outcomeWords', () => {
  it.each<[Shown, string]>([
    [
      {
        ...usd,
        status: 'closed',
        bidCount: 0,
        outcome: 'bought_now',
        winnerId: 'ann',
        finalPriceCents: 3000,
      },
      'Bought now by ann for $30.00',
    ],
    [{ status: 'closed', bidCount: 0, outcome: 'no_bids' }, 'Not sold: no bids'],
    [{ status: 'cancelled', bidCount: 0 }, 'Cancelled'],
  ])('%j', (auction, expected) => expect(outcomeWords(auction)).toBe(expected));
});

describe('priceLabel', () => {
  it.each([
    ['open', 'Price'],
    ['scheduled', 'Price'],
    ['cancelled', 'Price'],
    ['closed', 'Final price'],
  ])('%s: %s', (status, expected) => expect(priceLabel({ status, bidCount: 0 })).toBe(expected));
});
