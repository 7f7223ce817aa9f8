/**
 * Test-only (used by the *.properties.unit.test.ts files): random auctions and random command
 * scripts. A script step may name its amount relative to the auction as it stands (the minimum
 * next bid, the leader's maximum), so that the boundaries of every rule are hit often; the
 * reference model resolves it into a concrete command before either side decides it.
 */
import fc from 'fast-check';
import type { ModelTerms } from '../../reference-model/auction.js';
import { HOUR, T0 } from './given.js';

export const PEOPLE = ['alice', 'bob', 'carol', 'dave', 'seller'] as const;
export type Person = (typeof PEOPLE)[number];

/** Twelve hours, so that random steps a few hours apart often reach the end. */
export const ENDS_AT = T0 + 12 * HOUR;

/** Auction terms: any start, maybe a reserve and buy-now above it, maybe soft close or own table. */
export const auctionTerms: fc.Arbitrary<ModelTerms> = fc
  .record({
    startingPriceCents: fc.oneof(
      fc.integer({ min: 1, max: 50_000 }),
      fc.constantFrom(99, 100, 2_499, 2_500, 9_999), // at eBay's band edges
    ),
    reserveAbove: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
    buyNowAbove: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
    antiSnipingWindowMs: fc.constantFrom(0, 3 * HOUR),
    antiSnipingExtensionMs: fc.constantFrom(0, HOUR / 2, 2 * HOUR, 5 * HOUR),
    incrementTable: fc.constantFrom(undefined, [
      { fromCents: 0, incrementCents: 1 },
      { fromCents: 10_000, incrementCents: 333 },
    ]),
  })
  .map(({ reserveAbove, buyNowAbove, ...terms }) => ({
    ...terms,
    sellerId: 'seller',
    startsAt: T0,
    endsAt: ENDS_AT,
    reservePriceCents:
      reserveAbove === undefined ? undefined : terms.startingPriceCents + reserveAbove,
    // A buy-now at or above the reserve: below it the terms make no auction (createTerms).
    buyNowPriceCents:
      buyNowAbove === undefined
        ? undefined
        : terms.startingPriceCents + Math.max(reserveAbove ?? 0, buyNowAbove),
  }));

/** The largest amount the API takes (999,999,999,999.99), in cents. */
const LARGEST = 99_999_999_999_999;
/** -1, 0 or +1 cent: either side of a boundary, and on it. */
const nudge = fc.constantFrom(-1, 0, 1);

/**
 * Terms that are refused as often as not, always right at a rule's boundary: a buy-now a cent
 * either side of the reserve; amounts around the largest the API takes; an increment table whose
 * next minimum bid, where bidding enters a band, lands a cent either side of the largest amount.
 */
const termsAtTheEdge: fc.Arbitrary<ModelTerms> = fc
  .record({
    terms: auctionTerms,
    edge: fc.constantFrom('buy-now', 'large amount', 'large amount', 'increment'),
    reserveAbove: fc.integer({ min: 0, max: 100_000 }),
    field: fc.constantFrom('startingPriceCents', 'reservePriceCents', 'buyNowPriceCents'),
    // An increment band's start: below the starting price (so entered at it), or above it.
    bandFrom: fc.oneof(
      fc.constant(1),
      fc.integer({ min: 1, max: 100_000 }),
      fc.constant(LARGEST),
      fc.constant(LARGEST + 1),
    ),
    nudge,
  })
  .map(({ terms, edge, reserveAbove, field, bandFrom, nudge }) => {
    const reservePriceCents = terms.startingPriceCents + reserveAbove;
    switch (edge) {
      case 'buy-now':
        return { ...terms, reservePriceCents, buyNowPriceCents: reservePriceCents + nudge };
      case 'large amount': {
        // The largest amount itself, or a cent above it (alone: the other amounts unset).
        const alone = { ...terms, reservePriceCents: undefined, buyNowPriceCents: undefined };
        return { ...alone, [field]: LARGEST + (nudge === 0 ? 0 : 1) };
      }
      case 'increment': {
        const enteredAt = Math.max(bandFrom, terms.startingPriceCents);
        const incrementCents = Math.max(1, LARGEST - enteredAt + nudge);
        return {
          ...terms,
          incrementTable: [
            { fromCents: 0, incrementCents: 5 },
            { fromCents: bandFrom, incrementCents },
          ],
        };
      }
    }
  });

/** Auction terms to create: usable ones (auctionTerms) and ones at the edge of being refused. */
export const createTerms: fc.Arbitrary<ModelTerms> = fc.oneof(auctionTerms, termsAtTheEdge);

/** How a step's maximum is chosen: outright, or just around a rule's boundary. */
export type AmountChoice =
  | { readonly kind: 'absolute'; readonly cents: number }
  | { readonly kind: 'aroundMinimum'; readonly delta: number }
  | { readonly kind: 'aroundLeader'; readonly delta: number };

export type ScriptStep =
  | {
      readonly kind: 'bid';
      readonly who: Person;
      readonly amount: AmountChoice;
      readonly gap: number;
    }
  | { readonly kind: 'buy' | 'cancel'; readonly who: Person; readonly gap: number }
  | { readonly kind: 'close'; readonly gap: number };

const amountChoice: fc.Arbitrary<AmountChoice> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .oneof(fc.integer({ min: 1, max: 200_000 }), fc.constantFrom(10_000, 15_000, 20_000))
      .map((cents) => ({ kind: 'absolute' as const, cents })),
  },
  {
    weight: 3,
    arbitrary: fc
      .oneof(fc.constantFrom(-1, 0, 1), fc.integer({ min: 0, max: 5_000 }))
      .map((delta) => ({ kind: 'aroundMinimum' as const, delta })),
  },
  {
    weight: 2,
    arbitrary: fc
      .oneof(fc.constantFrom(-1, 0, 1), fc.integer({ min: -2_000, max: 5_000 }))
      .map((delta) => ({ kind: 'aroundLeader' as const, delta })),
  },
);

/** Hours apart, or in the same millisecond (ties in time), and now and then just before the end. */
const gap = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 2 * HOUR }) },
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 1_000 }) },
);
const who = fc.constantFrom(...PEOPLE);
/** A cancel comes from the seller half the time, so that some cancels are allowed. */
const canceller = fc.oneof(fc.constant('seller' as const), who);

const step: fc.Arbitrary<ScriptStep> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({ kind: fc.constant('bid' as const), who, amount: amountChoice, gap }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('buy' as const), who, gap }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('cancel' as const), who: canceller, gap }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), gap }) },
);

export const scripts = fc.array(step, { maxLength: 40, size: 'medium' });
