/**
 * A create's refusal in the API's words. The domain explains bad terms in its own (cent fields,
 * milliseconds: processors/domain/create.ts); a client sent major units under other names. This
 * says what was wrong with what the client sent: "reservePrice 5.00 USD is below startingPrice
 * 10.00 USD", not "reservePriceCents must be whole cents, at least startingPriceCents …".
 */
import { formatCents } from '../commands/money.js';
import { requestFieldOf } from './rejection-problems.js';

/** The money of a create, in cents, as the gateway parsed it from the request. */
export interface CreateTermsInCents {
  readonly startingPriceCents: number;
  readonly reservePriceCents?: number | undefined;
  readonly buyNowPriceCents?: number | undefined;
}

/** Domain names → request names, and the domain's units → the request's. */
const RENAMES: readonly (readonly [RegExp, string])[] = [
  [/\b(incrementTable\[\d+\]\.(?:from|increment))Cents\b/g, '$1'],
  [/\b(startingPrice|reservePrice|buyNowPrice)Cents\b/g, '$1'],
  [
    /\bantiSniping(Window|Extension)Ms must be whole milliseconds, /g,
    'antiSniping$1Seconds must be ',
  ],
  [/\bantiSniping(Window|Extension)Ms\b/g, 'antiSniping$1Seconds'],
];

/** `detail` (an invalid_command sentence about a create) as the client would put it. */
export function createTermsInApiWords(
  detail: string,
  terms: CreateTermsInCents,
  currency: string,
): string {
  const money = (cents: number) => `${formatCents(cents)} ${currency}`;
  // The domain states its largest amount in cents, last in the sentence.
  const largest = money(Number(detail.match(/\d+/g)?.at(-1) ?? 0));
  const {
    startingPriceCents: starting,
    reservePriceCents: reserve,
    buyNowPriceCents: buyNow,
  } = terms;
  const named = (field: string, cents: number, floor: [string, number]) =>
    cents < floor[1]
      ? `${field} ${money(cents)} is below ${floor[0]} ${money(floor[1])}`
      : `${field} ${money(cents)} is above the largest amount, ${largest}`;
  const field = requestFieldOf(detail);
  if (field === 'startingPrice')
    return `startingPrice ${money(starting)} must be between ${money(1)} and ${largest}`;
  if (field === 'reservePrice' && reserve !== undefined)
    return named('reservePrice', reserve, ['startingPrice', starting]);
  if (field === 'buyNowPrice' && buyNow !== undefined) {
    if (reserve !== undefined && buyNow >= starting && buyNow < reserve)
      return `${named('buyNowPrice', buyNow, ['reservePrice', reserve])}: a buy-now below the reserve would sell for less than it`;
    return named('buyNowPrice', buyNow, ['startingPrice', starting]);
  }
  const renamed = RENAMES.reduce((text, [from, to]) => text.replace(from, to), detail);
  return renamed.replace(/\((\d+) cents\)/g, (_, cents: string) => `(${money(Number(cents))})`);
}
