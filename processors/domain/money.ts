/**
 * Money is integer minor units (cents) so that every comparison is exact. Bid increments come
 * from a table of steps sorted by `fromCents`: the step that applies to a price is the last one
 * whose `fromCents` is at or below it.
 */

export interface IncrementStep {
  readonly fromCents: number;
  readonly incrementCents: number;
}
export type IncrementTable = readonly IncrementStep[];

/** eBay's bid increments (/work/shared/data/README.md): a price band's lower bound → increment. */
export const EBAY_INCREMENTS: IncrementTable = [
  { fromCents: 0, incrementCents: 5 }, // 0.01 – 0.99
  { fromCents: 100, incrementCents: 25 }, // 1.00 – 4.99
  { fromCents: 500, incrementCents: 50 }, // 5.00 – 24.99
  { fromCents: 2_500, incrementCents: 100 }, // 25.00 – 99.99
  { fromCents: 10_000, incrementCents: 250 }, // 100.00 – 249.99
  { fromCents: 25_000, incrementCents: 500 }, // 250.00 – 499.99
  { fromCents: 50_000, incrementCents: 1_000 }, // 500.00 – 999.99
  { fromCents: 100_000, incrementCents: 2_500 }, // 1,000.00 – 2,499.99
  { fromCents: 250_000, incrementCents: 5_000 }, // 2,500.00 – 4,999.99
  { fromCents: 500_000, incrementCents: 10_000 }, // 5,000.00 and up
];

/** The increment that applies at `priceCents`: the step with the largest `fromCents` ≤ price. */
export function incrementAt(priceCents: number, table: IncrementTable): number {
  // A validated table starts at 0, so the first step always applies; the fallback only keeps
  // an (impossible) empty table from yielding a zero increment that would freeze the price.
  let increment = table[0]?.incrementCents ?? 1;
  for (const step of table) {
    if (step.fromCents > priceCents) break;
    increment = step.incrementCents;
  }
  return increment;
}

/**
 * The largest amount of money the API takes, 999,999,999,999.99 (twelve digits and two
 * decimals: gateway/commands/money.ts); no price, bid or next minimum bid can be above it.
 */
export const MAX_AMOUNT_CENTS = 99_999_999_999_999;

/** A whole, non-negative number of cents (or milliseconds) that JSON and Postgres keep exactly. */
export const isCents = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** Why a custom increment table cannot be used; `step` is the 0-based index of the bad step. */
export type IncrementTableError =
  | { readonly code: 'not_a_list' }
  | { readonly code: 'empty' }
  | { readonly code: 'first_step_not_zero'; readonly step: 0 }
  | { readonly code: 'from_not_whole_cents'; readonly step: number }
  | { readonly code: 'increment_not_positive_cents'; readonly step: number }
  | { readonly code: 'from_not_increasing'; readonly step: number };

/**
 * Checks a seller's table: strictly increasing `fromCents` from 0, positive whole increments.
 * It takes `unknown` because tables arrive decoded from the wire: the shape is checked too.
 */
export function validateIncrementTable(table: unknown): IncrementTableError | null {
  if (!Array.isArray(table)) return { code: 'not_a_list' };
  const steps = table as readonly unknown[];
  if (steps.length === 0) return { code: 'empty' };
  let previousFrom = -1;
  for (const [step, entry] of steps.entries()) {
    const { fromCents, incrementCents } = (
      typeof entry === 'object' && entry !== null ? entry : {}
    ) as Partial<Record<keyof IncrementStep, unknown>>;
    if (!isCents(fromCents)) return { code: 'from_not_whole_cents', step };
    if (!isCents(incrementCents) || incrementCents === 0)
      return { code: 'increment_not_positive_cents', step };
    if (step === 0 && fromCents !== 0) return { code: 'first_step_not_zero', step: 0 };
    if (fromCents <= previousFrom) return { code: 'from_not_increasing', step };
    previousFrom = fromCents;
  }
  return null;
}

/** A sentence for a person, naming the field (`incrementTable[i].…`). */
export function describeIncrementTableError(error: IncrementTableError): string {
  switch (error.code) {
    case 'not_a_list':
      return 'incrementTable must be a list of steps';
    case 'empty':
      return 'incrementTable must have at least one step';
    case 'first_step_not_zero':
      return 'incrementTable[0].fromCents must be 0 so that every price has an increment';
    case 'from_not_whole_cents':
      return `incrementTable[${error.step}].fromCents must be whole, non-negative cents`;
    case 'increment_not_positive_cents':
      return `incrementTable[${error.step}].incrementCents must be whole, positive cents`;
    case 'from_not_increasing':
      return `incrementTable[${error.step}].fromCents must be above the previous step's`;
    default: {
      const unreachable: never = error;
      throw new Error(`unknown increment table error ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * The first step of a (valid) table whose increment leaves no room for another bid: at the lowest
 * price the step applies to in an auction starting at `startingPriceCents` (its `fromCents`, or
 * the starting price inside its band), the next minimum bid would be above MAX_AMOUNT_CENTS.
 * Steps wholly below the starting price never apply and are not judged. Undefined when every
 * step leaves room.
 */
export function stepWithoutRoom(
  table: IncrementTable,
  startingPriceCents: number,
): number | undefined {
  for (const [step, { fromCents, incrementCents }] of table.entries()) {
    const next = table[step + 1];
    if (next !== undefined && next.fromCents <= startingPriceCents) continue;
    if (Math.max(fromCents, startingPriceCents) + incrementCents > MAX_AMOUNT_CENTS) return step;
  }
  return undefined;
}
