/** Properties over random command sequences: what must hold whatever bidders and the clock do. */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuctionCommand } from './commands.js';
import { decide } from './decide.js';
import type { AuctionEvent } from './events.js';
import { evolve } from './evolve.js';
import { auctionOf, contextFor, created, fold, HOUR, T0 } from './given.js';
import { NOT_CREATED, type AuctionState } from './state.js';

const RUNS = { numRuns: 200 };
const PEOPLE = ['alice', 'bob', 'carol', 'dave', 'seller'] as const;

/** Twelve hours, so that random bids a few hours apart often reach the end. */
const ENDS_AT = T0 + 12 * HOUR;

/** Auction terms: any start, maybe a reserve and buy-now above it, maybe soft close or own table. */
const auctions = fc
  .record({
    startingPriceCents: fc.integer({ min: 1, max: 50_000 }),
    reserveAbove: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
    buyNowAbove: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
    antiSnipingWindowMs: fc.constantFrom(0, 3 * HOUR),
    antiSnipingExtensionMs: fc.constantFrom(0, HOUR / 2, 2 * HOUR),
    incrementTable: fc.constantFrom(undefined, [
      { fromCents: 0, incrementCents: 1 },
      { fromCents: 10_000, incrementCents: 333 },
    ]),
  })
  .map(({ reserveAbove, buyNowAbove, ...terms }) =>
    created({
      ...terms,
      endsAt: ENDS_AT,
      reservePriceCents:
        reserveAbove === undefined ? undefined : terms.startingPriceCents + reserveAbove,
      buyNowPriceCents:
        buyNowAbove === undefined ? undefined : terms.startingPriceCents + buyNowAbove,
    }),
  );

/** Mostly bids (some at shared round maxima, to force ties), a few buy-nows and early closes. */
const commandSequences = fc
  .array(
    fc.record({
      kind: fc.constantFrom('bid', 'bid', 'bid', 'bid', 'bid', 'bid', 'bid', 'bid', 'buy', 'close'),
      who: fc.constantFrom(...PEOPLE),
      max: fc.oneof(fc.integer({ min: 1, max: 200_000 }), fc.constantFrom(10_000, 15_000, 20_000)),
      gap: fc.integer({ min: 0, max: 2 * HOUR }), // many sequences run past the end
    }),
    { maxLength: 40, size: 'medium' },
  )
  .map((steps) => {
    let at = T0 - HOUR; // the first steps may come before the start
    const commands = steps.map(({ kind, who, max, gap }, i): AuctionCommand => {
      at += gap;
      if (kind === 'close') return { type: 'CloseAuction', auctionId: 'a-1', requestedAt: at };
      if (kind === 'buy')
        return { type: 'BuyNow', auctionId: 'a-1', bidId: `n-${i}`, buyerId: who, placedAt: at };
      const bidId = `b-${i}`;
      return {
        type: 'PlaceBid',
        auctionId: 'a-1',
        bidId,
        bidderId: who,
        maxAmountCents: max,
        placedAt: at,
      };
    });
    // The processor always closes in the end: settle every auction.
    commands.push({ type: 'CloseAuction', auctionId: 'a-1', requestedAt: ENDS_AT + 1_000 * HOUR });
    return commands;
  });

interface Step {
  readonly command: AuctionCommand;
  readonly before: AuctionState;
  readonly events: AuctionEvent[];
  readonly after: AuctionState;
}

function replay(auction: AuctionEvent, commands: readonly AuctionCommand[]): Step[] {
  let state = auctionOf(evolve(NOT_CREATED, auction));
  return commands.map((command) => {
    const events = decide(command, state, contextFor(command));
    const before = state;
    state = auctionOf(fold(events, state));
    return { command, before, events, after: state };
  });
}

describe('properties of the auction rules', () => {
  it('the visible price never falls', () => {
    fc.assert(
      fc.property(auctions, commandSequences, (auction, commands) => {
        for (const { before, after } of replay(auction, commands))
          expect(after.visiblePriceCents).toBeGreaterThanOrEqual(before.visiblePriceCents);
      }),
      RUNS,
    );
  });

  it('the leader holds the highest maximum among accepted bids (ties: the earliest), the runner-up the next', () => {
    fc.assert(
      fc.property(auctions, commandSequences, (auction, commands) => {
        // The model: each bidder's highest accepted maximum, and who reached the top first.
        const maxima = new Map<string, number>();
        let best: { bidderId: string; max: number } | null = null;
        const wrong = replay(auction, commands).filter(({ events, after }) => {
          for (const e of events) {
            if (e.type !== 'BidAccepted') continue;
            maxima.set(e.bidderId, Math.max(maxima.get(e.bidderId) ?? 0, e.maxAmountCents));
            if (!best || e.maxAmountCents > best.max)
              best = { bidderId: e.bidderId, max: e.maxAmountCents };
          }
          const others = [...maxima].filter(([bidder]) => bidder !== best?.bidderId);
          const runnerUp = Math.max(0, ...others.map(([, max]) => max));
          return !isDeepStrictEqual(
            [after.leader?.bidderId, after.leader?.maxCents, after.runnerUpMaxCents],
            [best?.bidderId, best?.max, runnerUp],
          );
        });
        expect(wrong).toEqual([]);
      }),
      RUNS,
    );
  });

  it('the price stays between the runner-up’s maximum and the leader’s, and at or above a met reserve', () => {
    const holds = (s: AuctionState) => {
      if (!s.leader) return s.runnerUpMaxCents === 0 && !s.reserveMet;
      const reserve = s.reservePriceCents;
      return (
        s.visiblePriceCents <= s.leader.maxCents &&
        s.visiblePriceCents >= s.runnerUpMaxCents &&
        s.visiblePriceCents >= s.startingPriceCents &&
        s.leader.bidderId !== s.sellerId &&
        s.reserveMet === (reserve !== undefined && s.leader.maxCents >= reserve) &&
        (!s.reserveMet || s.visiblePriceCents >= reserve!)
      );
    };
    fc.assert(
      fc.property(auctions, commandSequences, (auction, commands) => {
        // One expect per run (they are slow); a failure shows the offending states.
        const broken = replay(auction, commands).filter(({ after }) => !holds(after));
        expect(broken).toEqual([]);
      }),
      RUNS,
    );
  });

  it('only bids in the window, by others than the seller, on an open auction are accepted', () => {
    fc.assert(
      fc.property(auctions, commandSequences, (auction, commands) => {
        for (const { before, events } of replay(auction, commands)) {
          for (const e of events.filter((x) => x.type === 'BidAccepted')) {
            expect(before.status).toBe('open');
            expect(e.bidderId).not.toBe(before.sellerId);
            expect(e.placedAt).toBeGreaterThanOrEqual(before.startsAt);
            expect(e.placedAt).toBeLessThan(before.endsAt);
          }
        }
      }),
      RUNS,
    );
  });

  it('the same commands give the same events; the state equals its JSON round trip and decides the same from it', () => {
    fc.assert(
      fc.property(auctions, commandSequences, (auction, commands) => {
        const first = replay(auction, commands);
        expect(replay(auction, commands)).toEqual(first);
        // Postgres keeps the state as JSON: the reloaded copy must be the same and decide the same.
        const differs = first.filter(({ command, before, events, after }) => {
          const reloaded = JSON.parse(JSON.stringify(before)) as AuctionState;
          return (
            !isDeepStrictEqual(reloaded, before) ||
            !isDeepStrictEqual(JSON.parse(JSON.stringify(after)), after) ||
            !isDeepStrictEqual(decide(command, reloaded, contextFor(command)), events)
          );
        });
        expect(differs).toEqual([]);
      }),
      RUNS,
    );
  });

  it('every auction settles: a sale goes to the leader, between the start and their maximum', () => {
    // Each branch below must have run, or the property proved nothing about it.
    const outcomesSeen = new Set<string>();
    fc.assert(
      fc.property(auctions, commandSequences, (auction, commands) => {
        const final = replay(auction, commands).at(-1)!.after;
        expect(final.status).toBe('closed');
        outcomesSeen.add(final.outcome ?? 'none');
        if (final.outcome === 'sold') {
          expect(final.winnerId).toBe(final.leader?.bidderId);
          expect(final.finalPriceCents).toBe(final.visiblePriceCents);
          expect(final.finalPriceCents).toBeGreaterThanOrEqual(final.startingPriceCents);
          expect(final.finalPriceCents).toBeLessThanOrEqual(final.leader!.maxCents);
        } else if (final.outcome === 'bought_now') {
          expect(final.finalPriceCents).toBe(final.buyNowPriceCents);
          expect(final.bidCount).toBe(0);
        } else {
          expect(final.winnerId).toBeNull();
          expect(final.outcome).toBe(final.leader ? 'reserve_not_met' : 'no_bids');
        }
      }),
      RUNS,
    );
    expect([...outcomesSeen].sort()).toEqual(['bought_now', 'no_bids', 'reserve_not_met', 'sold']);
  });
});
