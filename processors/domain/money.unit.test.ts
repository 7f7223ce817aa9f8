/** The increment table: eBay's bands at every boundary, and checking a seller's own table. */
import { describe, expect, it } from 'vitest';
import {
  describeIncrementTableError,
  EBAY_INCREMENTS,
  incrementAt,
  validateIncrementTable,
  type IncrementTableError,
} from './money.js';

describe('EBAY_INCREMENTS', () => {
  // [last cent of a band, its increment, first cent of the next band, the next increment]
  it.each([
    [99, 5, 100, 25], // $0.99 | $1.00
    [499, 25, 500, 50], // $4.99 | $5.00
    [2_499, 50, 2_500, 100], // $24.99 | $25.00
    [9_999, 100, 10_000, 250], // $99.99 | $100.00
    [24_999, 250, 25_000, 500], // $249.99 | $250.00
    [49_999, 500, 50_000, 1_000], // $499.99 | $500.00
    [99_999, 1_000, 100_000, 2_500], // $999.99 | $1,000.00
    [249_999, 2_500, 250_000, 5_000], // $2,499.99 | $2,500.00
    [499_999, 5_000, 500_000, 10_000], // $4,999.99 | $5,000.00
  ])('at %i¢ is %i¢, at %i¢ it is %i¢', (below, belowIncrement, from, fromIncrement) => {
    expect(incrementAt(below, EBAY_INCREMENTS)).toBe(belowIncrement);
    expect(incrementAt(from, EBAY_INCREMENTS)).toBe(fromIncrement);
  });

  it('is 5¢ from the first cent, and $100 however high the price', () => {
    expect(incrementAt(0, EBAY_INCREMENTS)).toBe(5);
    expect(incrementAt(1, EBAY_INCREMENTS)).toBe(5);
    expect(incrementAt(1_000_000_000, EBAY_INCREMENTS)).toBe(10_000);
  });

  it('is itself a valid table of whole cents', () => {
    expect(validateIncrementTable(EBAY_INCREMENTS)).toBeNull();
    expect(EBAY_INCREMENTS).toHaveLength(10);
  });
});

describe('incrementAt with a custom table', () => {
  const table = [
    { fromCents: 0, incrementCents: 1 },
    { fromCents: 1_000, incrementCents: 100 },
  ];

  it('takes the last step at or below the price', () => {
    expect(incrementAt(0, table)).toBe(1);
    expect(incrementAt(999, table)).toBe(1);
    expect(incrementAt(1_000, table)).toBe(100);
    expect(incrementAt(50_000, table)).toBe(100);
  });
});

describe('validateIncrementTable', () => {
  it('accepts strictly rising steps from 0 with positive whole increments', () => {
    expect(validateIncrementTable([{ fromCents: 0, incrementCents: 1 }])).toBeNull();
    expect(
      validateIncrementTable([
        { fromCents: 0, incrementCents: 10 },
        { fromCents: 1, incrementCents: 5 }, // an increment may fall: only the bounds must rise
      ]),
    ).toBeNull();
  });

  it.each<[unknown, IncrementTableError]>([
    [null, { code: 'not_a_list' }],
    [{ fromCents: 0, incrementCents: 5 }, { code: 'not_a_list' }],
    [[], { code: 'empty' }],
    [[{ fromCents: 100, incrementCents: 5 }], { code: 'first_step_not_zero', step: 0 }],
    [[{ fromCents: 0, incrementCents: 0 }], { code: 'increment_not_positive_cents', step: 0 }],
    [[{ fromCents: 0, incrementCents: -5 }], { code: 'increment_not_positive_cents', step: 0 }],
    [[{ fromCents: 0, incrementCents: 2.5 }], { code: 'increment_not_positive_cents', step: 0 }],
    [[{ fromCents: 0 }], { code: 'increment_not_positive_cents', step: 0 }],
    [[{ fromCents: -1, incrementCents: 5 }], { code: 'from_not_whole_cents', step: 0 }],
    [[null], { code: 'from_not_whole_cents', step: 0 }],
    [
      [
        { fromCents: 0, incrementCents: 5 },
        { fromCents: 100.5, incrementCents: 5 },
      ],
      { code: 'from_not_whole_cents', step: 1 },
    ],
    [
      [
        { fromCents: 0, incrementCents: 5 },
        { fromCents: 500, incrementCents: 25 },
        { fromCents: 500, incrementCents: 50 },
      ],
      { code: 'from_not_increasing', step: 2 },
    ],
    [
      [
        { fromCents: 0, incrementCents: 5 },
        { fromCents: 500, incrementCents: 25 },
        { fromCents: 100, incrementCents: 50 },
      ],
      { code: 'from_not_increasing', step: 2 },
    ],
  ])('refuses %j: %j', (table, error) => {
    expect(validateIncrementTable(table)).toEqual(error);
  });

  it('describes each error naming the field', () => {
    expect(describeIncrementTableError({ code: 'empty' })).toContain('incrementTable');
    expect(describeIncrementTableError({ code: 'first_step_not_zero', step: 0 })).toContain(
      'incrementTable[0].fromCents',
    );
    expect(describeIncrementTableError({ code: 'from_not_increasing', step: 2 })).toContain(
      'incrementTable[2].fromCents',
    );
    expect(
      describeIncrementTableError({ code: 'increment_not_positive_cents', step: 1 }),
    ).toContain('incrementTable[1].incrementCents');
  });
});
