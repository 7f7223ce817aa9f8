/** f. The pure decide() + evolve() on one core, no I/O: bids on one auction, rising. */
import {
  auctionDecider,
  DEFAULT_AUCTION_LIMITS,
  type AuctionState,
} from '../../processors/domain/index.js';

const { decide, evolve, initialState } = auctionDecider;

export function decidePerSecond(bids = 1_000_000) {
  const context = { now: 1, limits: DEFAULT_AUCTION_LIMITS, itemHasOpenAuction: false };
  let state = evolve(initialState, {
    type: 'AuctionCreated',
    auctionId: 'a',
    sellerId: 's',
    itemId: 'i',
    title: 't',
    startingPriceCents: 100,
    startsAt: 0,
    endsAt: Number.MAX_SAFE_INTEGER,
    antiSnipingWindowMs: 0,
    antiSnipingExtensionMs: 0,
  });
  const began = performance.now();
  for (let n = 0; n < bids; n += 1) {
    const events = decide(
      {
        type: 'PlaceBid',
        auctionId: 'a',
        bidId: 'b',
        bidderId: n % 2 ? 'alice' : 'bob',
        maxAmountCents: 200 + n * 10_000,
        placedAt: 1,
      },
      state,
      context,
    );
    for (const e of events) state = evolve(state, e);
  }
  return bids / ((performance.now() - began) / 1000);
}

/** h. Processor memory per open auction: the heap held by `count` open auction states. */
export function bytesPerOpenAuction(count = 100_000) {
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  const held = new Map<string, { state: AuctionState; lastSequence: number }>();
  for (let i = 0; i < count; i += 1) {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    let state = evolve(initialState, {
      type: 'AuctionCreated',
      auctionId: id,
      sellerId: `seller-${i % 1000}`,
      itemId: `item-${i}`,
      title: 'Cartier wristwatch',
      startingPriceCents: 9_900,
      startsAt: 0,
      endsAt: 1_000_000,
      antiSnipingWindowMs: 60_000,
      antiSnipingExtensionMs: 120_000,
    });
    state = evolve(state, {
      type: 'BidAccepted',
      auctionId: id,
      bidId: 'b',
      bidderId: `bidder-${i % 5000}`,
      maxAmountCents: 17_500,
      visiblePriceCents: 9_900,
      leaderId: `bidder-${i % 5000}`,
      leading: true,
      placedAt: 1,
    });
    if (state.status === 'not_created') throw new Error('the auction was not created');
    held.set(id, { state, lastSequence: 2 });
  }
  globalThis.gc?.();
  const bytes = (process.memoryUsage().heapUsed - before) / count;
  return held.size > 0 ? bytes : NaN;
}
