/**
 * Which money terms make an auction, written from the project README and issue 22 §4 and from
 * nothing in processors/: amounts are whole cents up to the largest the API takes
 * (999,999,999,999.99); a reserve and a buy-now are at least the starting price; a buy-now is at
 * least the reserve; a seller's table starts at 0, rises, has positive increments, and at every
 * price where bidding can enter a band (the starting price, or a band's own start above it) one
 * more increment still stays within the largest amount.
 */
import type { ModelTerms } from './auction.js';
import { ownIncrement } from './increments.js';
import { toCents } from './money.js';

/** The largest amount the API takes, from its decimal form. */
export const LARGEST_AMOUNT_CENTS = toCents('999999999999.99');

const whole = (n: number) => Number.isInteger(n) && n >= 0 && n <= LARGEST_AMOUNT_CENTS;

/** The field (as the domain's commands spell it) of the first term that cannot be used. */
export function refusedTermsField(terms: ModelTerms): string | undefined {
  const start = terms.startingPriceCents;
  const reserve = terms.reservePriceCents;
  const buyNow = terms.buyNowPriceCents;
  if (!whole(start) || start === 0) return 'startingPriceCents';
  if (reserve !== undefined && !(whole(reserve) && reserve >= start)) return 'reservePriceCents';
  if (buyNow !== undefined && !(whole(buyNow) && buyNow >= start)) return 'buyNowPriceCents';
  if (buyNow !== undefined && reserve !== undefined && buyNow < reserve) return 'buyNowPriceCents';
  const table = terms.incrementTable;
  if (table === undefined) return undefined;
  if (table.length === 0) return 'incrementTable';
  for (let i = 0; i < table.length; i++) {
    const { fromCents, incrementCents } = table[i]!;
    if (!Number.isSafeInteger(fromCents) || fromCents < 0) return `incrementTable[${i}].fromCents`;
    if (!Number.isSafeInteger(incrementCents) || incrementCents < 1)
      return `incrementTable[${i}].incrementCents`;
    if (i === 0 ? fromCents !== 0 : fromCents <= table[i - 1]!.fromCents)
      return `incrementTable[${i}].fromCents`;
  }
  // Where bidding enters a band, lowest first: the band the starting price is in, then each above.
  const entries = [start, ...table.map((s) => s.fromCents).filter((from) => from > start)];
  for (const price of entries) {
    const increment = ownIncrement(price, table);
    if (price + increment > LARGEST_AMOUNT_CENTS) {
      const band = table.findLastIndex((s) => s.fromCents <= price);
      return `incrementTable[${band}].incrementCents`;
    }
  }
  return undefined;
}
