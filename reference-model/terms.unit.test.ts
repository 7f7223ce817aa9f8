/** The reference model's terms rule against examples worked out by hand (issue 22 §4). */
import { describe, expect, it } from 'vitest';
import type { ModelTerms } from './auction.js';
import { ReferenceMarket } from './market.js';
import { refusedTermsField } from './terms.js';

/** 999,999,999,999.99 written out in cents by hand. */
const LARGEST = 99_999_999_999_999;

const terms = (over: Partial<ModelTerms> = {}): ModelTerms => ({
  sellerId: 'sam',
  startingPriceCents: 5_000,
  startsAt: 0,
  endsAt: 1_000,
  antiSnipingWindowMs: 0,
  antiSnipingExtensionMs: 0,
  ...over,
});

describe('which terms make an auction, by hand-worked examples', () => {
  it('a buy-now below the reserve is refused; equal or above, or alone, is fine', () => {
    expect(refusedTermsField(terms({ reservePriceCents: 8_000, buyNowPriceCents: 7_999 }))).toBe(
      'buyNowPriceCents',
    );
    expect(refusedTermsField(terms({ reservePriceCents: 8_000, buyNowPriceCents: 8_000 }))).toBe(
      undefined,
    );
    expect(refusedTermsField(terms({ buyNowPriceCents: 5_000 }))).toBe(undefined);
  });

  it('amounts above 999,999,999,999.99 are refused', () => {
    expect(refusedTermsField(terms({ startingPriceCents: LARGEST + 1 }))).toBe(
      'startingPriceCents',
    );
    expect(refusedTermsField(terms({ reservePriceCents: LARGEST }))).toBe(undefined);
    expect(refusedTermsField(terms({ reservePriceCents: LARGEST + 1 }))).toBe('reservePriceCents');
  });

  it('an increment that lifts the next minimum above the largest amount is refused, naming its step', () => {
    // From 50.00 the next minimum would be 50.00 + increment.
    const one = (incrementCents: number) => [{ fromCents: 0, incrementCents }];
    expect(refusedTermsField(terms({ incrementTable: one(LARGEST - 5_000) }))).toBe(undefined);
    expect(refusedTermsField(terms({ incrementTable: one(LARGEST - 4_999) }))).toBe(
      'incrementTable[0].incrementCents',
    );
    // A band starting at 10,000.00 with an increment that leaves no room from there.
    const two = [
      { fromCents: 0, incrementCents: 5 },
      { fromCents: 1_000_000, incrementCents: LARGEST },
    ];
    expect(refusedTermsField(terms({ incrementTable: two }))).toBe(
      'incrementTable[1].incrementCents',
    );
    // A huge band wholly below the starting price never applies.
    const below = [
      { fromCents: 0, incrementCents: LARGEST },
      { fromCents: 5_000, incrementCents: 100 },
    ];
    expect(refusedTermsField(terms({ incrementTable: below }))).toBe(undefined);
  });

  it('the market does not list an auction under such terms', () => {
    const market = new ReferenceMarket();
    expect(
      market.list('a-1', 'watch', terms({ reservePriceCents: 9_000, buyNowPriceCents: 6_000 })),
    ).toEqual({ verdict: 'rejected', reason: 'invalid_command' });
    expect(market.view('a-1')).toBeUndefined();
    expect(market.list('a-1', 'watch', terms())).toEqual({ verdict: 'accepted' });
  });
});
