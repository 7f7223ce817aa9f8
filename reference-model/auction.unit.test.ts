/**
 * The reference model against examples worked out by hand from /work/shared/data/README.md:
 * every expected number below was computed on paper, not by any code.
 */
import { describe, expect, it } from 'vitest';
import { ReferenceAuction, type ModelTerms } from './auction.js';

const terms = (overrides: Partial<ModelTerms> = {}): ModelTerms => ({
  sellerId: 'seller',
  startingPriceCents: 1_000,
  startsAt: 0,
  endsAt: 1_000,
  antiSnipingWindowMs: 0,
  antiSnipingExtensionMs: 0,
  ...overrides,
});

/** Places bids at times 1, 2, 3, …; returns the auction and each verdict. */
function bids(auction: ReferenceAuction, ...placed: [string, number][]) {
  return placed.map(([bidderId, maxCents], i) =>
    auction.apply({ kind: 'bid', bidderId, maxCents, at: i + 1 }),
  );
}

const ok = { verdict: 'accepted' };
const no = (reason: string) => ({ verdict: 'rejected', reason });

describe('the reference model, by hand-computed examples', () => {
  it('replays eBay auction 1638893549 to its recorded closing price of 177.50', () => {
    // Opening bid 99; bids by time: A 175, B 100, C 120, C 150, D 177.50.
    const auction = new ReferenceAuction(terms({ startingPriceCents: 9_900 }));
    const prices: number[] = [];
    for (const [bidder, max] of [
      ['A', 17_500],
      ['B', 10_000], // ≥ 99 + 1.00; then 100 + 2.50 = 102.50
      ['C', 12_000], // 120 + 2.50 = 122.50
      ['C', 15_000], // 150 + 2.50 = 152.50
      ['D', 17_750], // D leads; min(177.50, 175 + 2.50) = 177.50
    ] as const) {
      expect(auction.apply({ kind: 'bid', bidderId: bidder, maxCents: max, at: 1 })).toEqual(ok);
      prices.push(auction.view().priceCents);
    }
    expect(prices).toEqual([9_900, 10_250, 12_250, 15_250, 17_750]);
    auction.apply({ kind: 'close', at: 1_000 });
    expect(auction.view()).toMatchObject({
      outcome: 'sold',
      winnerId: 'D',
      finalPriceCents: 17_750,
    });
  });

  it('equal maximums: the earlier bid leads, at that maximum', () => {
    const auction = new ReferenceAuction(terms());
    expect(bids(auction, ['A', 2_000], ['B', 2_000])).toEqual([ok, ok]);
    expect(auction.view()).toMatchObject({
      leaderId: 'A',
      priceCents: 2_000,
      runnerUpMaxCents: 2_000,
    });
  });

  it('refuses a bid below the current price plus one increment, takes one at it', () => {
    const auction = new ReferenceAuction(terms());
    // Price 10.00, increment 0.50: 10.25 is too low, 10.50 is enough; then min(20, 10.50 + 0.50).
    expect(bids(auction, ['A', 2_000], ['B', 1_025], ['B', 1_050])).toEqual([
      ok,
      no('below_minimum_increment'),
      ok,
    ]);
    expect(auction.view()).toMatchObject({ leaderId: 'A', priceCents: 1_100, bidCount: 2 });
  });

  it('refuses a first bid below the starting price', () => {
    const auction = new ReferenceAuction(terms());
    expect(bids(auction, ['A', 999], ['A', 1_000])).toEqual([no('below_starting_price'), ok]);
    expect(auction.view().priceCents).toBe(1_000);
  });

  it('a leader raising their maximum does not raise the price, and must go above it', () => {
    const auction = new ReferenceAuction(terms());
    // A 20, B 15 → 15.50; A to 30 → still 15.50; A to 25 → refused (not above 30).
    expect(bids(auction, ['A', 2_000], ['B', 1_500], ['A', 3_000], ['A', 2_500])).toEqual([
      ok,
      ok,
      ok,
      no('not_above_own_maximum'),
    ]);
    expect(auction.view()).toMatchObject({
      leaderId: 'A',
      leaderMaxCents: 3_000,
      priceCents: 1_550,
    });
  });

  it('a new leader pays the old leader’s maximum plus one increment', () => {
    const auction = new ReferenceAuction(terms());
    // A 30 → 10.00; B 40 → min(40, 30 + 1.00) = 31.00.
    bids(auction, ['A', 3_000], ['B', 4_000]);
    expect(auction.view()).toMatchObject({
      leaderId: 'B',
      priceCents: 3_100,
      runnerUpMaxCents: 3_000,
    });
  });

  it('meeting the hidden reserve lifts the price to it; a later raise leaves it there', () => {
    const auction = new ReferenceAuction(terms({ reservePriceCents: 5_000 }));
    // A 30 → 10.00; B 40 → 31.00; A 60 → min(60, 40 + 1.00) = 41.00, reserve met → 50.00.
    bids(auction, ['A', 3_000], ['B', 4_000]);
    expect(auction.view()).toMatchObject({ priceCents: 3_100, reserveMet: false });
    auction.apply({ kind: 'bid', bidderId: 'A', maxCents: 6_000, at: 3 });
    expect(auction.view()).toMatchObject({ leaderId: 'A', priceCents: 5_000, reserveMet: true });
    auction.apply({ kind: 'bid', bidderId: 'A', maxCents: 8_000, at: 4 });
    expect(auction.view().priceCents).toBe(5_000);
    auction.apply({ kind: 'close', at: 1_000 });
    expect(auction.view()).toMatchObject({
      outcome: 'sold',
      winnerId: 'A',
      finalPriceCents: 5_000,
    });
  });

  it('the leader’s own raise that meets the reserve lifts the price to the reserve', () => {
    const auction = new ReferenceAuction(terms({ reservePriceCents: 5_000 }));
    bids(auction, ['A', 3_000], ['A', 7_000]);
    expect(auction.view()).toMatchObject({ priceCents: 5_000, reserveMet: true });
  });

  it('an unmet reserve closes without a sale', () => {
    const auction = new ReferenceAuction(terms({ reservePriceCents: 5_000 }));
    bids(auction, ['A', 3_000]);
    expect(auction.apply({ kind: 'close', at: 1_000 })).toEqual(ok);
    expect(auction.view()).toMatchObject({
      outcome: 'reserve_not_met',
      winnerId: null,
      finalPriceCents: null,
    });
  });

  it('no bids: closes with no sale; an early close does nothing', () => {
    const auction = new ReferenceAuction(terms());
    expect(auction.apply({ kind: 'close', at: 999 })).toEqual({ verdict: 'ignored' });
    expect(auction.apply({ kind: 'close', at: 1_000 })).toEqual(ok);
    expect(auction.view()).toMatchObject({ status: 'closed', outcome: 'no_bids' });
    expect(auction.apply({ kind: 'close', at: 2_000 })).toEqual({ verdict: 'ignored' });
  });

  it('the seller cannot bid; bids count only from the start until the end', () => {
    const auction = new ReferenceAuction(terms({ startsAt: 100 }));
    expect(auction.apply({ kind: 'bid', bidderId: 'seller', maxCents: 5_000, at: 500 })).toEqual(
      no('seller_cannot_bid'),
    );
    expect(auction.apply({ kind: 'bid', bidderId: 'A', maxCents: 5_000, at: 99 })).toEqual(
      no('not_started'),
    );
    expect(auction.apply({ kind: 'bid', bidderId: 'A', maxCents: 5_000, at: 100 })).toEqual(ok);
    expect(auction.apply({ kind: 'bid', bidderId: 'B', maxCents: 6_000, at: 1_000 })).toEqual(
      no('auction_ended'),
    );
  });

  it('buy-now until the first bid, at the buy-now price', () => {
    const first = new ReferenceAuction(terms({ buyNowPriceCents: 10_000 }));
    expect(first.apply({ kind: 'buyNow', buyerId: 'C', at: 5 })).toEqual(ok);
    expect(first.view()).toMatchObject({
      status: 'closed',
      outcome: 'bought_now',
      winnerId: 'C',
      finalPriceCents: 10_000,
      priceCents: 10_000,
      endsAt: 1_000,
      endedEarlyAt: 5,
    });
    const second = new ReferenceAuction(terms({ buyNowPriceCents: 10_000 }));
    bids(second, ['A', 2_000]);
    expect(second.apply({ kind: 'buyNow', buyerId: 'C', at: 5 })).toEqual(
      no('buy_now_unavailable'),
    );
    const none = new ReferenceAuction(terms());
    expect(none.apply({ kind: 'buyNow', buyerId: 'C', at: 5 })).toEqual(no('buy_now_unavailable'));
  });

  it('the seller may cancel before the first bid, nobody else, and not after', () => {
    const auction = new ReferenceAuction(terms());
    expect(auction.apply({ kind: 'cancel', by: 'A', at: 1 })).toEqual(no('not_seller'));
    expect(auction.apply({ kind: 'cancel', by: 'seller', at: 1 })).toEqual(ok);
    expect(auction.view().status).toBe('cancelled');
    const bidOn = new ReferenceAuction(terms());
    bids(bidOn, ['A', 2_000]);
    expect(bidOn.apply({ kind: 'cancel', by: 'seller', at: 2 })).toEqual(no('has_bids'));
  });

  it('anti-sniping: a bid inside the window moves the end to at least its time plus the extension', () => {
    // End 1000, window 100, extension 300.
    const auction = new ReferenceAuction(
      terms({ antiSnipingWindowMs: 100, antiSnipingExtensionMs: 300 }),
    );
    auction.apply({ kind: 'bid', bidderId: 'A', maxCents: 2_000, at: 899 }); // outside the window
    expect(auction.view().endsAt).toBe(1_000);
    auction.apply({ kind: 'bid', bidderId: 'B', maxCents: 3_000, at: 950 }); // 950 + 300
    expect(auction.view().endsAt).toBe(1_250);
    expect(auction.apply({ kind: 'close', at: 1_000 })).toEqual({ verdict: 'ignored' });
    expect(auction.apply({ kind: 'bid', bidderId: 'A', maxCents: 5_000, at: 1_250 })).toEqual(
      no('auction_ended'),
    );
    // A short extension never moves the end earlier: 1200 + 20 < 1250.
    const short = new ReferenceAuction(
      terms({ antiSnipingWindowMs: 100, antiSnipingExtensionMs: 20 }),
    );
    short.apply({ kind: 'bid', bidderId: 'A', maxCents: 2_000, at: 990 });
    expect(short.view().endsAt).toBe(1_010);
  });

  it('knows when a cancel ended an auction early, and that a close at its end is no early end', () => {
    const cancelled = new ReferenceAuction(terms());
    expect(cancelled.apply({ kind: 'cancel', by: 'seller', at: 40 })).toEqual(ok);
    expect(cancelled.view()).toMatchObject({
      status: 'cancelled',
      endsAt: 1_000,
      endedEarlyAt: 40,
    });
    const closed = new ReferenceAuction(terms());
    bids(closed, ['A', 2_000]);
    expect(closed.apply({ kind: 'close', at: 1_000 })).toEqual(ok);
    expect(closed.view()).toMatchObject({ status: 'closed', endedEarlyAt: null });
  });

  it('uses the seller’s own increment table when there is one', () => {
    // From 100.00 on the increment is 3.33: A 200, B 150 → 150 + 3.33 = 153.33.
    const auction = new ReferenceAuction(
      terms({
        startingPriceCents: 5_000,
        incrementTable: [
          { fromCents: 0, incrementCents: 1 },
          { fromCents: 10_000, incrementCents: 333 },
        ],
      }),
    );
    bids(auction, ['A', 20_000], ['B', 15_000]);
    expect(auction.view().priceCents).toBe(15_333);
  });
});
