/** Reserve, anti-sniping, buy-now, cancel and close: given past events, when a command, then events. */
import { describe, expect, it } from 'vitest';
import type { AuctionCommand } from './commands.js';
import { bid, close, created, HOUR, run, T0 } from './given.js';

const END = T0 + 72 * HOUR;

describe('the reserve', () => {
  it('met by the first bid raises the price to the reserve', () => {
    const { events, state } = run([created({ reservePriceCents: 15_000 })], bid('alice', 20_000));
    expect(events).toEqual([
      expect.objectContaining({ type: 'BidAccepted', visiblePriceCents: 15_000 }),
      expect.objectContaining({ type: 'ReserveMet', visiblePriceCents: 15_000 }),
    ]);
    expect(state?.reserveMet).toBe(true);
  });

  it('met when the leader raises their maximum raises the price to the reserve', () => {
    const { events } = run(
      [created({ reservePriceCents: 15_000 })],
      bid('alice', 12_000),
      bid('alice', 16_000),
    );
    expect(events.slice(1)).toEqual([
      expect.objectContaining({ type: 'BidAccepted', visiblePriceCents: 15_000 }),
      expect.objectContaining({ type: 'ReserveMet' }),
    ]);
  });

  it('met by a new leader', () => {
    const { events } = run(
      [created({ reservePriceCents: 15_000 })],
      bid('alice', 12_000),
      bid('bob', 16_000),
    );
    expect(events.filter((e) => e.type === 'ReserveMet')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'ReserveMet', visiblePriceCents: 15_000 });
  });

  it('is announced once', () => {
    const { events } = run(
      [created({ reservePriceCents: 15_000 })],
      bid('alice', 20_000),
      bid('bob', 16_000),
    );
    expect(events.filter((e) => e.type === 'ReserveMet')).toHaveLength(1);
  });

  it('not met at the close means no sale', () => {
    const { events } = run(
      [created({ reservePriceCents: 15_000 })],
      bid('alice', 12_000),
      close(END),
    );
    expect(events.at(-1)).toMatchObject({
      type: 'AuctionClosed',
      outcome: 'reserve_not_met',
      winnerId: null,
      priceCents: null,
    });
  });
});

describe('anti-sniping', () => {
  const snipeable = created({ antiSnipingWindowMs: 60_000, antiSnipingExtensionMs: 120_000 });

  it('a bid inside the window moves the end to its time plus the extension', () => {
    const { events, state } = run([snipeable], bid('alice', 20_000, END - 30_000));
    expect(events.at(-1)).toMatchObject({
      type: 'AuctionExtended',
      previousEndsAt: END,
      newEndsAt: END + 90_000,
    });
    expect(state?.endsAt).toBe(END + 90_000);
  });

  it('a bid before the window leaves the end alone', () => {
    const { events } = run([snipeable], bid('alice', 20_000, END - 60_001));
    expect(events.map((e) => e.type)).toEqual(['BidAccepted']);
  });

  it('a rejected bid inside the window does not extend', () => {
    const { events } = run([snipeable], bid('alice', 5_000, END - 10_000));
    expect(events.map((e) => e.type)).toEqual(['BidRejected']);
  });

  it('a close that arrives before the extended end is ignored, and a later one closes', () => {
    const { events } = run(
      [snipeable],
      bid('alice', 20_000, END - 30_000),
      close(END + 1_000),
      close(END + 90_000),
    );
    expect(events.map((e) => e.type)).toEqual(['BidAccepted', 'AuctionExtended', 'AuctionClosed']);
  });
});

describe('closing', () => {
  it('sells to the leader at the visible price', () => {
    const { events, state } = run(
      [created()],
      bid('alice', 17_500),
      bid('bob', 12_000),
      close(END),
    );
    expect(events.at(-1)).toMatchObject({
      type: 'AuctionClosed',
      outcome: 'sold',
      winnerId: 'alice',
      priceCents: 12_250,
    });
    expect(state).toMatchObject({ status: 'closed', winnerId: 'alice', finalPriceCents: 12_250 });
  });

  it('with no bids: no sale', () => {
    expect(run([created()], close(END)).events).toEqual([
      expect.objectContaining({ outcome: 'no_bids', winnerId: null }),
    ]);
  });

  it('before the end, or twice, does nothing', () => {
    expect(run([created()], close(END - 1)).events).toEqual([]);
    expect(run([created()], close(END), close(END + 1)).events).toHaveLength(1);
  });

  it('refuses bids once closed', () => {
    expect(run([created()], close(END), bid('alice', 20_000, END - 1)).events.at(-1)).toMatchObject(
      {
        type: 'BidRejected',
        reason: 'auction_closed',
      },
    );
  });
});

describe('buy-now', () => {
  const buyNow = (buyerId: string, placedAt = T0 + HOUR): AuctionCommand => ({
    type: 'BuyNow',
    auctionId: 'a-1',
    bidId: `buy-${buyerId}`,
    buyerId,
    placedAt,
  });

  it('before the first bid closes the auction at the buy-now price', () => {
    const { events, state } = run([created({ buyNowPriceCents: 50_000 })], buyNow('alice'));
    expect(events).toEqual([
      expect.objectContaining({
        type: 'AuctionClosed',
        outcome: 'bought_now',
        winnerId: 'alice',
        priceCents: 50_000,
      }),
    ]);
    expect(state?.status).toBe('closed');
  });

  it('after the first bid is unavailable', () => {
    const { events } = run(
      [created({ buyNowPriceCents: 50_000 })],
      bid('bob', 10_000),
      buyNow('alice'),
    );
    expect(events.at(-1)).toMatchObject({ type: 'BidRejected', reason: 'buy_now_unavailable' });
  });

  it('without a buy-now price is unavailable, and the seller cannot buy', () => {
    expect(run([created()], buyNow('alice')).events[0]).toMatchObject({
      reason: 'buy_now_unavailable',
    });
    expect(run([created({ buyNowPriceCents: 50_000 })], buyNow('seller')).events[0]).toMatchObject({
      reason: 'seller_cannot_bid',
    });
  });
});

describe('creating and cancelling', () => {
  const create = (overrides = {}): AuctionCommand => {
    const { type: _type, ...fields } = created(overrides) as Extract<
      ReturnType<typeof created>,
      { type: 'AuctionCreated' }
    >;
    return { ...fields, type: 'CreateAuction' };
  };
  const cancel = (by: string): AuctionCommand => ({
    type: 'CancelAuction',
    auctionId: 'a-1',
    requestedBy: by,
    requestedAt: T0 + HOUR,
  });

  it('creates an auction once', () => {
    expect(run([], create()).events).toEqual([
      expect.objectContaining({ type: 'AuctionCreated', auctionId: 'a-1' }),
    ]);
    expect(run([created()], create()).events[0]).toMatchObject({
      type: 'CommandRejected',
      reason: 'auction_already_exists',
    });
  });

  it.each([
    [{ startingPriceCents: 0 }, 'startingPrice'],
    [{ reservePriceCents: 100 }, 'reservePrice'],
    [{ buyNowPriceCents: 100 }, 'buyNowPrice'],
    [{ endsAt: T0 }, 'endsAt'],
    [{ incrementTable: [{ fromCents: 100, incrementCents: 5 }] }, 'start at 0'],
  ])('refuses an invalid auction %j, naming the field', (overrides, field) => {
    expect(run([], create(overrides)).events[0]).toMatchObject({
      type: 'CommandRejected',
      reason: 'invalid_command',
      detail: expect.stringContaining(field) as unknown,
    });
  });

  it('lets the seller cancel before the first bid, and only then', () => {
    expect(run([created()], cancel('seller')).events[0]).toMatchObject({
      type: 'AuctionCancelled',
    });
    expect(run([created()], cancel('mallory')).events[0]).toMatchObject({ reason: 'not_seller' });
    expect(run([created()], bid('alice', 10_000), cancel('seller')).events.at(-1)).toMatchObject({
      reason: 'has_bids',
    });
  });
});
