/** Rules 4 and 2: the hidden reserve, and soft close (anti-sniping). */
import { describe, expect, it } from 'vitest';
import type { AuctionEvent } from './events.js';
import {
  auctionOf,
  accepted,
  bid,
  close,
  created,
  END,
  given,
  HOUR,
  outbid,
  rejected,
  run,
  T0,
} from './given.js';

const reserveMet = (visiblePriceCents: number): AuctionEvent => ({
  type: 'ReserveMet',
  auctionId: 'a-1',
  visiblePriceCents,
});

describe('rule 4: the hidden reserve', () => {
  const withReserve = created({ reservePriceCents: 15_000 });

  it('met by the first bid: the price rises to the reserve, announced once', () => {
    const b = bid('alice', 20_000);
    const { events, state } = given([withReserve]).when(b);
    expect(events).toEqual([accepted(b, 15_000, 'alice'), reserveMet(15_000)]);
    expect(state).toMatchObject({ reserveMet: true, visiblePriceCents: 15_000 });
  });

  it('met exactly by the first bid: the price is the reserve, the bidder’s whole maximum', () => {
    const b = bid('alice', 15_000);
    expect(given([withReserve]).when(b).events).toEqual([
      accepted(b, 15_000, 'alice'),
      reserveMet(15_000),
    ]);
  });

  it('not met by a lower first bid: the price stays at the start', () => {
    const b = bid('alice', 14_999);
    const { events, state } = given([withReserve]).when(b);
    expect(events).toEqual([accepted(b, 9_900, 'alice')]);
    expect(auctionOf(state).reserveMet).toBe(false);
  });

  it('met when the leader raises their maximum', () => {
    const raise = bid('alice', 16_000, T0 + 2 * HOUR);
    expect(given([withReserve], bid('alice', 12_000)).when(raise).events).toEqual([
      accepted(raise, 15_000, 'alice'),
      reserveMet(15_000),
    ]);
  });

  it('met by a new leader: Outbid carries the price raised to the reserve', () => {
    const b = bid('bob', 16_000, T0 + 2 * HOUR);
    expect(given([withReserve], bid('alice', 12_000)).when(b).events).toEqual([
      accepted(b, 15_000, 'bob'),
      outbid('alice', 'bob', 15_000, 12_000),
      reserveMet(15_000),
    ]);
  });

  it('met by a new leader whose proxy price is already above it: the price is not lowered', () => {
    const b = bid('bob', 20_000, T0 + 2 * HOUR);
    const g = given([created({ reservePriceCents: 10_000 })], bid('alice', 9_950));
    expect(g.when(b).events).toEqual([
      accepted(b, 10_050, 'bob'),
      outbid('alice', 'bob', 10_050, 9_950),
      reserveMet(10_050),
    ]);
  });

  it('is announced only the first time', () => {
    const { events } = run(
      [withReserve],
      bid('alice', 20_000),
      bid('bob', 16_000),
      bid('carol', 25_000),
      bid('alice', 40_000),
    );
    expect(events.filter((e) => e.type === 'ReserveMet')).toEqual([reserveMet(15_000)]);
  });

  it('equal to the starting price is met by the first bid', () => {
    const b = bid('alice', 9_900);
    expect(given([created({ reservePriceCents: 9_900 })]).when(b).events).toEqual([
      accepted(b, 9_900, 'alice'),
      reserveMet(9_900),
    ]);
  });
});

describe('rule 2: soft close', () => {
  const WINDOW = 60_000;
  const EXTENSION = 120_000;
  const snipeable = created({ antiSnipingWindowMs: WINDOW, antiSnipingExtensionMs: EXTENSION });
  const extended = (previousEndsAt: number, newEndsAt: number, byBidId: string): AuctionEvent => ({
    type: 'AuctionExtended',
    auctionId: 'a-1',
    previousEndsAt,
    newEndsAt,
    byBidId,
  });

  it('a bid accepted inside the window moves the end to its time plus the extension', () => {
    const b = bid('alice', 20_000, END - 30_000);
    const { events, state } = given([snipeable]).when(b);
    expect(events).toEqual([accepted(b, 9_900, 'alice'), extended(END, END + 90_000, b.bidId)]);
    expect(auctionOf(state).endsAt).toBe(END + 90_000);
  });

  it('a bid exactly at the window’s opening extends', () => {
    const b = bid('alice', 20_000, END - WINDOW);
    expect(given([snipeable]).when(b).events).toEqual([
      accepted(b, 9_900, 'alice'),
      extended(END, END - WINDOW + EXTENSION, b.bidId),
    ]);
  });

  it('a bid one millisecond before the window leaves the end alone', () => {
    const b = bid('alice', 20_000, END - WINDOW - 1);
    expect(given([snipeable]).when(b).events).toEqual([accepted(b, 9_900, 'alice')]);
  });

  it('comes after the Outbid and ReserveMet of the same bid', () => {
    const b = bid('bob', 20_000, END - 1_000);
    const g = given([created({ ...snipeable, reservePriceCents: 15_000 })], bid('alice', 12_000));
    expect(g.when(b).events).toEqual([
      accepted(b, 15_000, 'bob'),
      outbid('alice', 'bob', 15_000, 12_000),
      reserveMet(15_000),
      extended(END, END - 1_000 + EXTENSION, b.bidId),
    ]);
  });

  it('a bid beaten at once by proxy is still accepted, so it extends too', () => {
    const b = bid('bob', 12_000, END - 1_000);
    expect(given([snipeable], bid('alice', 20_000)).when(b).events.at(-1)).toEqual(
      extended(END, END - 1_000 + EXTENSION, b.bidId),
    );
  });

  it('a rejected bid inside the window does not extend', () => {
    const b = bid('alice', 5_000, END - 10_000);
    expect(given([snipeable]).when(b).events).toEqual([rejected(b, 'below_starting_price', 9_900)]);
  });

  it('never moves the end earlier: an extension shorter than the time left gives no event', () => {
    const short = created({ antiSnipingWindowMs: WINDOW, antiSnipingExtensionMs: 10_000 });
    const b = bid('alice', 20_000, END - 30_000);
    expect(given([short]).when(b).events).toEqual([accepted(b, 9_900, 'alice')]);
  });

  it('is off with a zero window, even for a bid in the last millisecond', () => {
    const off = created({ antiSnipingWindowMs: 0, antiSnipingExtensionMs: EXTENSION });
    const b = bid('alice', 20_000, END - 1);
    expect(given([off]).when(b).events).toEqual([accepted(b, 9_900, 'alice')]);
  });

  it('keeps the auction open past its first end, and extends again from the new end', () => {
    const first = bid('alice', 20_000, END - 30_000); // end → END + 90 s, window from END + 30 s
    const atOldEnd = bid('bob', 25_000, END); // still open, but before the new window
    const inNewWindow = bid('carol', 30_000, END + 40_000);
    const g = given([snipeable], first);
    expect(g.when(atOldEnd).events).toEqual([
      accepted(atOldEnd, 20_250, 'bob'),
      outbid('alice', 'bob', 20_250, 20_000),
    ]);
    const { events, state } = given([snipeable], first, atOldEnd).when(inNewWindow);
    expect(events).toEqual([
      accepted(inNewWindow, 25_500, 'carol'),
      outbid('bob', 'carol', 25_500, 25_000),
      extended(END + 90_000, END + 40_000 + EXTENSION, inNewWindow.bidId),
    ]);
    expect(auctionOf(state).endsAt).toBe(END + 40_000 + EXTENSION);
  });

  it('refuses a bid at the extended end', () => {
    const late = bid('bob', 25_000, END + 90_000);
    expect(given([snipeable], bid('alice', 20_000, END - 30_000)).when(late).events).toEqual([
      rejected(late, 'auction_ended', 9_900),
    ]);
  });

  it('a close that arrives before the extended end does nothing; one at the new end closes', () => {
    const g = given([snipeable], bid('alice', 20_000, END - 30_000));
    expect(g.when(close(END)).events).toEqual([]);
    expect(g.when(close(END + 89_999)).events).toEqual([]);
    expect(g.when(close(END + 90_000)).events).toEqual([
      {
        type: 'AuctionClosed',
        auctionId: 'a-1',
        outcome: 'sold',
        winnerId: 'alice',
        priceCents: 9_900,
        closedAt: END + 90_000,
      },
    ]);
  });
});
