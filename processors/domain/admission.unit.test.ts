/**
 * The admission rules the gateway asks for an early refusal: given an auction's history, when a
 * bid, buy-now or cancel is judged from its admission facts, then the reason; and whenever they
 * refuse, the decider refuses the same command for the same reason.
 */
import { describe, expect, it } from 'vitest';
import { bidRefusal, buyNowRefusal, cancelRefusal, isPastEnd } from './admission.js';
import type { AuctionCommand } from './commands.js';
import type { AuctionEvent, RejectionReason } from './events.js';
import { auctionOf, bid, buyNow, cancel, close, created, END, given, HOUR, T0 } from './given.js';
import type { AuctionState } from './state.js';

const stateAfter = (history: readonly AuctionEvent[], ...earlier: AuctionCommand[]) =>
  auctionOf(given(history, ...earlier).before);

/** The reason the decider gives for `command` on `state`, if it refuses it. */
const decidedReason = (
  history: readonly AuctionEvent[],
  earlier: AuctionCommand[],
  command: AuctionCommand,
): RejectionReason | undefined => {
  const [first] = given(history, ...earlier).when(command).events;
  return first?.type === 'BidRejected' || first?.type === 'CommandRejected'
    ? first.reason
    : undefined;
};

const open = created({ buyNowPriceCents: 50_000 });
const withBid = [bid('bob', 10_000)];
const closed = [close(END)];
const cancelled = [cancel('seller')];

describe('bidRefusal', () => {
  const cases: [string, AuctionCommand[], string, number, RejectionReason | undefined][] = [
    ['an open auction, a bidder in the window', [], 'alice', T0 + HOUR, undefined],
    ['a closed auction', closed, 'alice', T0 + HOUR, 'auction_closed'],
    ['a cancelled auction, even for its seller', cancelled, 'seller', T0 + HOUR, 'auction_closed'],
    ['the seller', [], 'seller', T0 + HOUR, 'seller_cannot_bid'],
    ['before the start', [], 'alice', T0 - 1, 'not_started'],
    ['the seller before the start', [], 'seller', T0 - 1, 'seller_cannot_bid'],
  ];

  it.each(cases)('given %s: the admission rule', (_label, earlier, bidderId, at, reason) => {
    expect(bidRefusal(stateAfter([open], ...earlier), bidderId, at)).toBe(reason);
  });

  it.each(cases.filter((c) => c[4] !== undefined))(
    'given %s, the decider refuses the bid for the same reason',
    (_label, earlier, bidderId, at, reason) => {
      expect(decidedReason([open], earlier, bid(bidderId, 20_000, at))).toBe(reason);
    },
  );

  it('leaves the end to the decider: a bid at the end passes here and is refused there', () => {
    const state = stateAfter([open]);
    expect(bidRefusal(state, 'alice', END)).toBeUndefined();
    expect(isPastEnd(state, END)).toBe(true);
    expect(isPastEnd(state, END - 1)).toBe(false);
    expect(decidedReason([open], [], bid('alice', 20_000, END))).toBe('auction_ended');
  });
});

describe('buyNowRefusal', () => {
  const cases: [
    string,
    AuctionEvent,
    AuctionCommand[],
    string,
    number,
    RejectionReason | undefined,
  ][] = [
    ['an offered price, no bids', open, [], 'alice', T0 + HOUR, undefined],
    ['the seller', open, [], 'seller', T0 + HOUR, 'seller_cannot_bid'],
    ['an accepted bid', open, withBid, 'alice', T0 + 2 * HOUR, 'buy_now_unavailable'],
    ['no buy-now price', created(), [], 'alice', T0 + HOUR, 'buy_now_unavailable'],
    ['a closed auction', open, closed, 'alice', T0 + HOUR, 'buy_now_unavailable'],
    ['a cancelled auction', open, cancelled, 'alice', T0 + 2 * HOUR, 'buy_now_unavailable'],
    ['before the start', open, [], 'alice', T0 - 1, 'buy_now_unavailable'],
  ];

  it.each(cases)(
    'given %s: the admission rule',
    (_label, creation, earlier, buyerId, at, reason) => {
      expect(buyNowRefusal(stateAfter([creation], ...earlier), buyerId, at)).toBe(reason);
    },
  );

  it.each(cases.filter((c) => c[5] !== undefined))(
    'given %s, the decider refuses the buy-now for the same reason',
    (_label, creation, earlier, buyerId, at, reason) => {
      expect(decidedReason([creation], earlier, buyNow(buyerId, at))).toBe(reason);
    },
  );
});

describe('cancelRefusal', () => {
  const cases: [string, AuctionCommand[], string, RejectionReason | undefined][] = [
    ['the seller, no bids', [], 'seller', undefined],
    ['someone else', [], 'mallory', 'not_seller'],
    ['the seller, a bid standing', withBid, 'seller', 'has_bids'],
    ['a closed auction', closed, 'seller', 'auction_closed'],
    ['a cancelled auction, someone else', cancelled, 'mallory', 'auction_closed'],
  ];

  it.each(cases)('given %s: the admission rule', (_label, earlier, requestedBy, reason) => {
    expect(cancelRefusal(stateAfter([open], ...earlier), requestedBy)).toBe(reason);
  });

  it.each(cases.filter((c) => c[3] !== undefined))(
    'given %s, the decider refuses the cancel for the same reason',
    (_label, earlier, requestedBy, reason) => {
      expect(decidedReason([open], earlier, cancel(requestedBy, T0 + 2 * HOUR))).toBe(reason);
    },
  );

  it('reads only admission facts: a stale copy with fewer bids than now can only let more through', () => {
    const now: Pick<AuctionState, 'status' | 'sellerId' | 'bidCount'> = stateAfter(
      [open],
      ...withBid,
    );
    const stale = { ...now, bidCount: 0 };
    expect(cancelRefusal(stale, 'seller')).toBeUndefined();
    expect(cancelRefusal(now, 'seller')).toBe('has_bids');
  });
});
