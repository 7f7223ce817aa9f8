/**
 * Bid increments as /work/shared/data/README.md prints them: each band by its inclusive upper
 * bound, read top to bottom. Deliberately not the implementation's shape (steps by lower bound).
 */

/** A seller's own table, as the API takes it: from this price on, this increment. */
export interface OwnIncrementStep {
  readonly fromCents: number;
  readonly incrementCents: number;
}

/** [highest price in the band, increment], in cents, from the README's table. */
const EBAY_BANDS: readonly (readonly [number, number])[] = [
  [99, 5], // 0.01 – 0.99 → 0.05
  [499, 25], // 1.00 – 4.99 → 0.25
  [2_499, 50], // 5.00 – 24.99 → 0.50
  [9_999, 100], // 25.00 – 99.99 → 1.00
  [24_999, 250], // 100.00 – 249.99 → 2.50
  [49_999, 500], // 250.00 – 499.99 → 5.00
  [99_999, 1_000], // 500.00 – 999.99 → 10.00
  [249_999, 2_500], // 1,000.00 – 2,499.99 → 25.00
  [499_999, 5_000], // 2,500.00 – 4,999.99 → 50.00
];
const EBAY_TOP_INCREMENT = 10_000; // 5,000.00 and up → 100.00

export function ebayIncrement(priceCents: number): number {
  for (const [upTo, increment] of EBAY_BANDS) if (priceCents <= upTo) return increment;
  return EBAY_TOP_INCREMENT;
}

/** The increment at a price under a seller's table: the last step that starts at or below it. */
export function ownIncrement(priceCents: number, table: readonly OwnIncrementStep[]): number {
  const applying = table.filter((step) => step.fromCents <= priceCents);
  const step = applying[applying.length - 1];
  if (!step) throw new Error(`reference model: no increment step covers ${priceCents}`);
  return step.incrementCents;
}
