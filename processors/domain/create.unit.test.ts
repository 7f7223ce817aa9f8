/**
 * Terms that cannot make an auction (issue 22 §4): a buy-now below the reserve, and an increment
 * table whose next minimum bid would be above every amount the API takes.
 */
import { describe, expect, it } from 'vitest';
import type { CreateAuction } from './commands.js';
import { create, given } from './given.js';
import { MAX_AMOUNT_CENTS } from './money.js';

type Terms = Partial<Omit<CreateAuction, 'type'>>;

const refusalOf = (terms: Terms) => {
  const [event, ...rest] = given([]).when(create(terms)).events;
  expect(rest).toEqual([]);
  return event?.type === 'CommandRejected' ? { reason: event.reason, detail: event.detail } : event;
};
const fieldOf = (terms: Terms) => {
  const refusal = refusalOf(terms);
  return refusal && 'detail' in refusal ? refusal.detail?.split(' ')[0] : refusal?.type;
};

describe('CreateAuction: a buy-now price and the reserve', () => {
  it('refuses a buy-now price below the reserve, naming buyNowPriceCents', () => {
    expect(refusalOf({ reservePriceCents: 20_000, buyNowPriceCents: 19_999 })).toEqual({
      reason: 'invalid_command',
      detail: expect.stringMatching(/^buyNowPriceCents .*reservePriceCents/) as unknown,
    });
  });

  it('accepts a buy-now price equal to or above the reserve, and either one alone', () => {
    expect(fieldOf({ reservePriceCents: 20_000, buyNowPriceCents: 20_000 })).toBe('AuctionCreated');
    expect(fieldOf({ reservePriceCents: 20_000, buyNowPriceCents: 20_001 })).toBe('AuctionCreated');
    expect(fieldOf({ buyNowPriceCents: 9_900 })).toBe('AuctionCreated');
    expect(fieldOf({ reservePriceCents: 90_000 })).toBe('AuctionCreated');
  });
});

describe('CreateAuction: amounts up to the largest the API takes', () => {
  it.each<[Terms, string]>([
    [{ startingPriceCents: MAX_AMOUNT_CENTS + 1 }, 'startingPriceCents'],
    [{ reservePriceCents: MAX_AMOUNT_CENTS + 1 }, 'reservePriceCents'],
    [{ buyNowPriceCents: MAX_AMOUNT_CENTS + 1 }, 'buyNowPriceCents'],
  ])('refuses %j, naming %s', (terms, field) => {
    expect(fieldOf(terms)).toBe(field);
  });

  it('accepts the largest amount itself', () => {
    const largest = { reservePriceCents: MAX_AMOUNT_CENTS, buyNowPriceCents: MAX_AMOUNT_CENTS };
    expect(fieldOf(largest)).toBe('AuctionCreated');
  });
});

describe('CreateAuction: an increment must leave room for a next bid', () => {
  const start = 5_000;
  it.each<[string, CreateAuction['incrementTable'], string]>([
    [
      'one step as large as the largest amount',
      [{ fromCents: 0, incrementCents: MAX_AMOUNT_CENTS }],
      'incrementTable[0].incrementCents',
    ],
    [
      'the first step, one cent too large at the starting price',
      [{ fromCents: 0, incrementCents: MAX_AMOUNT_CENTS - start + 1 }],
      'incrementTable[0].incrementCents',
    ],
    [
      'a later step, one cent too large at its own start',
      [
        { fromCents: 0, incrementCents: 5 },
        { fromCents: 1_000_000, incrementCents: MAX_AMOUNT_CENTS - 1_000_000 + 1 },
      ],
      'incrementTable[1].incrementCents',
    ],
    [
      'a step starting below the starting price, too large at the starting price',
      [
        { fromCents: 0, incrementCents: 5 },
        { fromCents: 1_000, incrementCents: MAX_AMOUNT_CENTS - start + 1 },
      ],
      'incrementTable[1].incrementCents',
    ],
    [
      'a step starting above the largest amount',
      [
        { fromCents: 0, incrementCents: 5 },
        { fromCents: MAX_AMOUNT_CENTS + 1, incrementCents: 5 },
      ],
      'incrementTable[1].incrementCents',
    ],
  ])('refuses %s, naming the step', (_label, incrementTable, field) => {
    expect(refusalOf({ startingPriceCents: start, incrementTable })).toEqual({
      reason: 'invalid_command',
      detail: expect.stringMatching(
        new RegExp(`^${field.replace(/[[\].]/g, '\\$&')} .*${MAX_AMOUNT_CENTS}`),
      ) as unknown,
    });
  });

  it.each<[string, CreateAuction['incrementTable']]>([
    [
      'an increment reaching exactly the largest amount',
      [{ fromCents: 0, incrementCents: MAX_AMOUNT_CENTS - start }],
    ],
    [
      'a later step reaching exactly the largest amount from its start',
      [
        { fromCents: 0, incrementCents: 5 },
        { fromCents: 1_000_000, incrementCents: MAX_AMOUNT_CENTS - 1_000_000 },
      ],
    ],
    [
      'a huge step that ends below the starting price (it never applies)',
      [
        { fromCents: 0, incrementCents: MAX_AMOUNT_CENTS },
        { fromCents: start, incrementCents: 5 },
      ],
    ],
  ])('accepts %s', (_label, incrementTable) => {
    expect(fieldOf({ startingPriceCents: start, incrementTable })).toBe('AuctionCreated');
  });
});
