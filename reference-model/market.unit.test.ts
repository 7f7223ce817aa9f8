/** The reference market against examples worked out by hand from the README's listing rule. */
import { describe, expect, it } from 'vitest';
import type { ModelTerms } from './auction.js';
import { ReferenceMarket } from './market.js';

const terms = (sellerId: string): ModelTerms => ({
  sellerId,
  startingPriceCents: 1_000,
  startsAt: 0,
  endsAt: 1_000,
  antiSnipingWindowMs: 0,
  antiSnipingExtensionMs: 0,
});

const ok = { verdict: 'accepted' };
const no = (reason: string) => ({ verdict: 'rejected', reason });

describe('the reference market, by hand-worked examples', () => {
  it('refuses a second open auction of one item by one seller, not by another seller', () => {
    const market = new ReferenceMarket();
    expect(market.list('a-1', 'watch', terms('sam'))).toEqual(ok);
    expect(market.list('a-2', 'watch', terms('sam'))).toEqual(no('item_has_open_auction'));
    expect(market.list('a-3', 'watch', terms('kim'))).toEqual(ok);
    expect(market.list('a-4', 'clock', terms('sam'))).toEqual(ok);
    expect(market.view('a-2')).toBeUndefined();
  });

  it('lets the seller relist once the auction is cancelled or closed', () => {
    const market = new ReferenceMarket();
    market.list('a-1', 'watch', terms('sam'));
    expect(market.apply('a-1', { kind: 'cancel', by: 'sam', at: 10 })).toEqual(ok);
    expect(market.list('a-2', 'watch', terms('sam'))).toEqual(ok);
    expect(market.apply('a-2', { kind: 'close', at: 999 })).toEqual({ verdict: 'ignored' });
    expect(market.list('a-3', 'watch', terms('sam'))).toEqual(no('item_has_open_auction'));
    expect(market.apply('a-2', { kind: 'close', at: 1_000 })).toEqual(ok);
    expect(market.list('a-3', 'watch', terms('sam'))).toEqual(ok);
  });

  it('uses an auction id once, and knows no auction that was never listed', () => {
    const market = new ReferenceMarket();
    market.list('a-1', 'watch', terms('sam'));
    expect(market.list('a-1', 'clock', terms('kim'))).toEqual(no('auction_already_exists'));
    expect(market.apply('a-9', { kind: 'bid', bidderId: 'ann', maxCents: 2_000, at: 5 })).toEqual(
      no('auction_not_found'),
    );
    expect(market.apply('a-9', { kind: 'close', at: 5_000 })).toEqual({ verdict: 'ignored' });
  });
});
