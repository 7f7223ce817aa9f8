/** evolve: folding decide's events gives the next state; refusals change nothing. */
import { describe, expect, it } from 'vitest';
import type { AuctionCommand } from './commands.js';
import { decide } from './decide.js';
import { evolve } from './evolve.js';
import {
  bid,
  buyNow,
  cancel,
  close,
  contextFor,
  create,
  created,
  END,
  fold,
  given,
  T0,
} from './given.js';
import { NOT_CREATED } from './state.js';

describe('evolve', () => {
  it('builds the state of a new auction, without undefined fields (it is stored as JSON)', () => {
    const state = fold([created({ reservePriceCents: undefined, externalRef: 'x-1' })]);
    expect(state).toEqual({
      auctionId: 'a-1',
      status: 'open',
      sellerId: 'seller',
      itemId: 'item-1',
      title: 'Cartier wristwatch',
      externalRef: 'x-1',
      startingPriceCents: 9_900,
      startsAt: T0,
      endsAt: END,
      antiSnipingWindowMs: 0,
      antiSnipingExtensionMs: 0,
      increments: expect.any(Array) as unknown,
      leader: null,
      runnerUpMaxCents: 0,
      visiblePriceCents: 9_900,
      bidCount: 0,
      reserveMet: false,
    });
    expect(Object.keys(state)).not.toContain('reservePriceCents');
    expect(JSON.parse(JSON.stringify(state))).toStrictEqual(state);
  });

  it('leaves the state as it was after any refusal', () => {
    const g = given([created()], bid('alice', 17_500));
    const refusals: AuctionCommand[] = [
      bid('bob', 9_000), // below the minimum increment
      bid('alice', 17_000), // not above own maximum
      bid('seller', 50_000),
      buyNow('bob'),
      cancel('seller'),
      create(),
      close(END - 1), // too early: no events at all
    ];
    for (const command of refusals) {
      const { events, state } = g.when(command);
      expect(events.every((e) => e.type === 'BidRejected' || e.type === 'CommandRejected')).toBe(
        true,
      );
      expect(state).toBe(g.before);
    }
  });

  it('ignores events for an auction it does not know', () => {
    const events = decide(bid('alice', 17_500), fold([created()]), contextFor(bid('alice', 1)));
    expect(events.length).toBeGreaterThan(0);
    expect(events.reduce(evolve, NOT_CREATED)).toBe(NOT_CREATED);
  });
});
