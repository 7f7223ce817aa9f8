/** Proxy bidding, as eBay runs it: given past events, when a bid, then events. */
import { describe, expect, it } from 'vitest';
import { bid, created, HOUR, run, T0 } from './given.js';

const accepted = (events: ReturnType<typeof run>['events']) =>
  events.filter((e) => e.type === 'BidAccepted');

describe('the first bid', () => {
  it('is accepted at the starting price when it reaches it', () => {
    const { events, state } = run([created()], bid('alice', 17_500));
    expect(events).toEqual([
      expect.objectContaining({
        type: 'BidAccepted',
        bidderId: 'alice',
        visiblePriceCents: 9_900,
        leaderId: 'alice',
        leading: true,
      }),
    ]);
    expect(state?.leader).toMatchObject({ bidderId: 'alice', maxCents: 17_500 });
  });

  it('is accepted when it equals the starting price', () => {
    expect(accepted(run([created()], bid('alice', 9_900)).events)).toHaveLength(1);
  });

  it('is rejected below the starting price', () => {
    const { events } = run([created()], bid('alice', 9_899));
    expect(events).toEqual([
      expect.objectContaining({ type: 'BidRejected', reason: 'below_starting_price' }),
    ]);
  });
});

describe('a later bid', () => {
  it('that beats the leader takes the lead at the old maximum plus one increment, and outbids the leader', () => {
    const { events, state } = run([created()], bid('alice', 17_500), bid('bob', 20_000));
    expect(events.slice(1)).toEqual([
      expect.objectContaining({
        type: 'BidAccepted',
        bidderId: 'bob',
        visiblePriceCents: 17_750,
        leaderId: 'bob',
        leading: true,
      }),
      expect.objectContaining({
        type: 'Outbid',
        bidderId: 'alice',
        leaderId: 'bob',
        visiblePriceCents: 17_750,
      }),
    ]);
    expect(state).toMatchObject({ runnerUpMaxCents: 17_500, visiblePriceCents: 17_750 });
  });

  it('that beats the leader by less than an increment pays its own maximum', () => {
    const { state } = run([created()], bid('alice', 17_500), bid('bob', 17_600));
    expect(state).toMatchObject({
      visiblePriceCents: 17_600,
      leader: { bidderId: 'bob' },
    });
  });

  it('below the leader is accepted, raises the price to it plus one increment, and is outbid at once', () => {
    const { events, state } = run([created()], bid('alice', 17_500), bid('bob', 12_000));
    expect(events.slice(1)).toEqual([
      expect.objectContaining({
        type: 'BidAccepted',
        bidderId: 'bob',
        visiblePriceCents: 12_250,
        leaderId: 'alice',
        leading: false,
      }),
      expect.objectContaining({ type: 'Outbid', bidderId: 'bob', leaderId: 'alice' }),
    ]);
    expect(state?.leader?.bidderId).toBe('alice');
  });

  it('equal to the leader: the earlier bid keeps the lead at that maximum', () => {
    const { state } = run([created()], bid('alice', 17_500), bid('bob', 17_500));
    expect(state).toMatchObject({
      visiblePriceCents: 17_500,
      leader: { bidderId: 'alice' },
    });
  });

  it('below the price plus one increment is rejected', () => {
    const { events } = run(
      [created()],
      bid('alice', 17_500),
      bid('bob', 12_000),
      bid('carol', 12_400),
    );
    expect(events.at(-1)).toMatchObject({
      type: 'BidRejected',
      reason: 'below_minimum_increment',
      visiblePriceCents: 12_250,
    });
  });

  it('uses the increment of the price band (eBay table)', () => {
    // At $0.99 the increment is $0.05; at $1.00 it is $0.25.
    const { state } = run([created({ startingPriceCents: 50 })], bid('alice', 300), bid('bob', 99));
    expect(state?.visiblePriceCents).toBe(104);
    const next = run([created({ startingPriceCents: 50 })], bid('alice', 300), bid('bob', 100));
    expect(next.state?.visiblePriceCents).toBe(125);
  });

  it("uses the auction's own increment table when it has one", () => {
    const table = [{ fromCents: 0, incrementCents: 1_000 }];
    const { state } = run(
      [created({ incrementTable: table })],
      bid('alice', 50_000),
      bid('bob', 20_000),
    );
    expect(state?.visiblePriceCents).toBe(21_000);
  });
});

describe('the leader raising their maximum', () => {
  it('keeps the price', () => {
    const { events, state } = run(
      [created()],
      bid('alice', 17_500),
      bid('bob', 12_000),
      bid('alice', 30_000),
    );
    expect(events.at(-1)).toMatchObject({
      type: 'BidAccepted',
      leading: true,
      visiblePriceCents: 12_250,
    });
    expect(state?.leader?.maxCents).toBe(30_000);
  });

  it('must go above their current maximum', () => {
    const { events } = run([created()], bid('alice', 17_500), bid('alice', 17_500));
    expect(events.at(-1)).toMatchObject({ type: 'BidRejected', reason: 'not_above_own_maximum' });
  });
});

describe('who may bid, and when', () => {
  it('refuses the seller', () => {
    expect(run([created()], bid('seller', 20_000)).events).toEqual([
      expect.objectContaining({ type: 'BidRejected', reason: 'seller_cannot_bid' }),
    ]);
  });

  it('refuses a bid before the start, accepts one at the start', () => {
    expect(run([created()], bid('alice', 20_000, T0 - 1)).events[0]).toMatchObject({
      reason: 'not_started',
    });
    expect(run([created()], bid('alice', 20_000, T0)).events[0]).toMatchObject({
      type: 'BidAccepted',
    });
  });

  it('refuses a bid at the end, accepts one just before', () => {
    const end = T0 + 72 * HOUR;
    expect(run([created()], bid('alice', 20_000, end)).events[0]).toMatchObject({
      reason: 'auction_ended',
    });
    expect(run([created()], bid('alice', 20_000, end - 1)).events[0]).toMatchObject({
      type: 'BidAccepted',
    });
  });

  it('refuses a bid on an unknown auction', () => {
    expect(run([], bid('alice', 20_000)).events[0]).toMatchObject({
      type: 'BidRejected',
      reason: 'auction_not_found',
    });
  });

  it('refuses a non-positive or fractional maximum', () => {
    expect(run([created()], bid('alice', 0)).events[0]).toMatchObject({
      reason: 'invalid_command',
    });
    expect(run([created()], bid('alice', 100.5)).events[0]).toMatchObject({
      reason: 'invalid_command',
    });
  });
});
