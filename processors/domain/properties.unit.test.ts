/** Properties over random bid sequences: what must hold whatever the bidders do. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuctionCommand } from './commands.js';
import { decide } from './decide.js';
import type { AuctionEvent } from './events.js';
import { evolve } from './evolve.js';
import { created, HOUR, T0 } from './given.js';
import type { AuctionState } from './state.js';

const END = T0 + 72 * HOUR;

/** Random bids by a few bidders (the seller among them), some after the end, in time order. */
const bidSequences = fc
  .array(
    fc.record({
      bidder: fc.constantFrom('alice', 'bob', 'carol', 'dave', 'seller'),
      max: fc.integer({ min: 1, max: 200_000 }),
      gap: fc.integer({ min: 0, max: 6 * HOUR }),
    }),
    { maxLength: 40 },
  )
  .map((raw) => {
    let at = T0;
    return raw.map(({ bidder, max, gap }, i): AuctionCommand => {
      at += gap;
      return {
        type: 'PlaceBid',
        auctionId: 'a-1',
        bidId: `b-${i}`,
        bidderId: bidder,
        maxAmountCents: max,
        placedAt: at,
      };
    });
  });

const auctions = fc.record({
  startingPriceCents: fc.integer({ min: 1, max: 50_000 }),
  reserve: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
  antiSnipingWindowMs: fc.constantFrom(0, HOUR),
});

function replay(
  auction: { startingPriceCents: number; reserve: number | undefined; antiSnipingWindowMs: number },
  commands: AuctionCommand[],
) {
  const history = [
    created({
      startingPriceCents: auction.startingPriceCents,
      reservePriceCents:
        auction.reserve === undefined ? undefined : auction.startingPriceCents + auction.reserve,
      antiSnipingWindowMs: auction.antiSnipingWindowMs,
      antiSnipingExtensionMs: HOUR,
    }),
  ];
  let state = history.reduce<AuctionState | undefined>(evolve, undefined);
  const states: AuctionState[] = [state!];
  const events: AuctionEvent[] = [];
  const acceptedMaxima: { bidder: string; max: number; order: number }[] = [];
  for (const [order, command] of [
    ...commands,
    { type: 'CloseAuction', auctionId: 'a-1', requestedAt: END + 10 * HOUR } as AuctionCommand,
  ].entries()) {
    const decided = decide(command, state, T0);
    events.push(...decided);
    for (const e of decided) {
      if (e.type === 'BidAccepted')
        acceptedMaxima.push({ bidder: e.bidderId, max: e.maxAmountCents, order });
      state = evolve(state, e);
    }
    states.push(state!);
  }
  return { events, states, acceptedMaxima, final: state! };
}

describe('properties of proxy bidding', () => {
  it('the visible price never falls', () => {
    fc.assert(
      fc.property(auctions, bidSequences, (auction, bids) => {
        const { states } = replay(auction, bids);
        for (let i = 1; i < states.length; i += 1) {
          expect(states[i]!.visiblePriceCents).toBeGreaterThanOrEqual(
            states[i - 1]!.visiblePriceCents,
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the leader holds the highest maximum (ties: the earliest)', () => {
    fc.assert(
      fc.property(auctions, bidSequences, (auction, bids) => {
        const { acceptedMaxima, final } = replay(auction, bids);
        if (acceptedMaxima.length === 0) {
          expect(final.leader).toBeNull();
          return;
        }
        const best = acceptedMaxima.reduce((a, b) => (b.max > a.max ? b : a));
        expect(final.leader?.maxCents).toBe(best.max);
        expect(final.leader?.bidderId).toBe(best.bidder);
      }),
      { numRuns: 300 },
    );
  });

  it('the price never exceeds the leader’s maximum, and the seller never leads', () => {
    fc.assert(
      fc.property(auctions, bidSequences, (auction, bids) => {
        for (const state of replay(auction, bids).states) {
          if (state.leader) {
            expect(state.visiblePriceCents).toBeLessThanOrEqual(state.leader.maxCents);
            expect(state.leader.bidderId).not.toBe('seller');
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the same commands always give the same events, and the state survives a JSON round trip', () => {
    fc.assert(
      fc.property(auctions, bidSequences, (auction, bids) => {
        const first = replay(auction, bids);
        expect(replay(auction, bids).events).toEqual(first.events);
        expect(JSON.parse(JSON.stringify(first.final))).toEqual(
          JSON.parse(JSON.stringify(first.final)),
        );
        const reloaded = JSON.parse(JSON.stringify(first.states.at(-2))) as AuctionState;
        const close: AuctionCommand = {
          type: 'CloseAuction',
          auctionId: 'a-1',
          requestedAt: END + 10 * HOUR,
        };
        expect(decide(close, reloaded, T0)).toEqual(decide(close, first.states.at(-2), T0));
      }),
      { numRuns: 200 },
    );
  });

  it('a sold auction goes to the leader at a price between the start and their maximum', () => {
    fc.assert(
      fc.property(auctions, bidSequences, (auction, bids) => {
        const closed = replay(auction, bids).events.find((e) => e.type === 'AuctionClosed');
        expect(closed).toBeDefined();
        if (closed?.type === 'AuctionClosed' && closed.outcome === 'sold') {
          const { final } = replay(auction, bids);
          expect(closed.winnerId).toBe(final.leader?.bidderId);
          expect(closed.priceCents).toBeGreaterThanOrEqual(auction.startingPriceCents);
          expect(closed.priceCents).toBeLessThanOrEqual(final.leader!.maxCents);
        }
      }),
      { numRuns: 200 },
    );
  });
});
