/** The model's own increment table and money, against the README's table read by hand. */
import { describe, expect, it } from 'vitest';
import { ebayIncrement, ownIncrement } from './increments.js';
import { toAmount, toCents } from './money.js';

describe('the reference model’s increments and money', () => {
  it.each([
    [1, 5],
    [99, 5],
    [100, 25],
    [499, 25],
    [500, 50],
    [2_499, 50],
    [2_500, 100],
    [9_999, 100],
    [10_000, 250],
    [24_999, 250],
    [25_000, 500],
    [50_000, 1_000],
    [100_000, 2_500],
    [249_999, 2_500],
    [250_000, 5_000],
    [499_999, 5_000],
    [500_000, 10_000],
    [9_999_999, 10_000],
  ])('eBay increment at %i cents is %i cents', (price, increment) => {
    expect(ebayIncrement(price)).toBe(increment);
  });

  it('a seller’s table applies its last step at or below the price', () => {
    const table = [
      { fromCents: 0, incrementCents: 1 },
      { fromCents: 10_000, incrementCents: 333 },
    ];
    expect([ownIncrement(9_999, table), ownIncrement(10_000, table)]).toEqual([1, 333]);
  });

  it('parses and prints decimal amounts', () => {
    expect(['177.5', '177.50', '0.05', '12', '1000.01'].map(toCents)).toEqual([
      17_750, 17_750, 5, 1_200, 100_001,
    ]);
    expect([5, 17_750, 100_001].map(toAmount)).toEqual(['0.05', '177.50', '1000.01']);
    expect(() => toCents('1.234')).toThrow();
  });
});
