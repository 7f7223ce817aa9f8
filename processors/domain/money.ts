/** Money is integer cents. Increments come from a table of steps sorted by `fromCents`. */

export interface IncrementStep {
  readonly fromCents: number;
  readonly incrementCents: number;
}
export type IncrementTable = readonly IncrementStep[];

/** eBay's bid increments (../shared/data/README.md). */
export const EBAY_INCREMENTS: IncrementTable = [
  { fromCents: 0, incrementCents: 5 },
  { fromCents: 100, incrementCents: 25 },
  { fromCents: 500, incrementCents: 50 },
  { fromCents: 2_500, incrementCents: 100 },
  { fromCents: 10_000, incrementCents: 250 },
  { fromCents: 25_000, incrementCents: 500 },
  { fromCents: 50_000, incrementCents: 1_000 },
  { fromCents: 100_000, incrementCents: 2_500 },
  { fromCents: 250_000, incrementCents: 5_000 },
  { fromCents: 500_000, incrementCents: 10_000 },
];

/** The increment that applies at `priceCents`: the step with the largest `fromCents` ≤ price. */
export function incrementAt(priceCents: number, table: IncrementTable): number {
  let increment = table[0]?.incrementCents ?? 1;
  for (const step of table) {
    if (step.fromCents > priceCents) break;
    increment = step.incrementCents;
  }
  return increment;
}

export const isCents = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** Why a custom increment table is unusable, or undefined if it is fine. */
export function incrementTableProblem(table: IncrementTable): string | undefined {
  if (table.length === 0) return 'the increment table is empty';
  if (table[0]!.fromCents !== 0) return 'the increment table must start at 0';
  for (const [i, step] of table.entries()) {
    if (!isCents(step.fromCents) || !isCents(step.incrementCents) || step.incrementCents === 0) {
      return `increment step ${i + 1} needs whole, positive cents`;
    }
    if (i > 0 && step.fromCents <= table[i - 1]!.fromCents)
      return 'increment steps must rise strictly';
  }
  return undefined;
}
