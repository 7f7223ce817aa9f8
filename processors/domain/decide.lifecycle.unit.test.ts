/** Rules 6–9: buy-now, cancelling, closing and creating an auction. */
import { describe, expect, it } from 'vitest';
import type { CreateAuction } from './commands.js';
import { decide } from './decide.js';
import type { AuctionEvent, CloseOutcome, RejectionReason } from './events.js';
import {
  auctionOf,
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
  HOUR,
  rejected,
  T0,
} from './given.js';
import { EBAY_INCREMENTS } from './money.js';
import { NOT_CREATED } from './state.js';

const closedEvent = (
  outcome: CloseOutcome,
  winnerId: string | null,
  priceCents: number | null,
  closedAt = END,
): AuctionEvent => ({
  type: 'AuctionClosed',
  auctionId: 'a-1',
  outcome,
  winnerId,
  priceCents,
  closedAt,
});

const commandRejected = (reason: RejectionReason): AuctionEvent => ({
  type: 'CommandRejected',
  auctionId: 'a-1',
  reason,
});

describe('rule 6: buy-now', () => {
  const offered = created({ buyNowPriceCents: 50_000 });

  it('before the first bid closes the auction at the buy-now price, the buyer winning', () => {
    const b = buyNow('alice');
    const { events, state } = given([offered]).when(b);
    expect(events).toEqual([closedEvent('bought_now', 'alice', 50_000, b.placedAt)]);
    expect(state).toMatchObject({
      status: 'closed',
      outcome: 'bought_now',
      winnerId: 'alice',
      finalPriceCents: 50_000,
    });
  });

  it('is available at exactly startsAt, and after a refused bid (no bid was accepted)', () => {
    expect(given([offered]).when(buyNow('alice', T0)).events[0]?.type).toBe('AuctionClosed');
    expect(given([offered], bid('bob', 100)).when(buyNow('alice')).events[0]?.type).toBe(
      'AuctionClosed',
    );
  });

  it('after the first accepted bid is unavailable', () => {
    const b = buyNow('alice', T0 + 2 * HOUR);
    expect(given([offered], bid('bob', 10_000)).when(b).events).toEqual([
      rejected(b, 'buy_now_unavailable', 9_900),
    ]);
  });

  it('without a buy-now price is unavailable', () => {
    const b = buyNow('alice');
    expect(given([created()]).when(b).events).toEqual([rejected(b, 'buy_now_unavailable', 9_900)]);
  });

  it('outside the bidding window, or once closed or cancelled, is unavailable', () => {
    for (const [history, at] of [
      [[], T0 - 1],
      [[], END],
      [[close(END)], END - 1],
      [[cancel('seller')], T0 + 2 * HOUR],
    ] as const) {
      const b = buyNow('alice', at);
      expect(given([offered], ...history).when(b).events).toEqual([
        rejected(b, 'buy_now_unavailable', 9_900),
      ]);
    }
  });

  it('is refused to the seller (seller_cannot_bid), and on an unknown auction', () => {
    const bySeller = buyNow('seller');
    expect(given([offered]).when(bySeller).events).toEqual([
      rejected(bySeller, 'seller_cannot_bid', 9_900),
    ]);
    const b = buyNow('alice');
    expect(given([]).when(b).events).toEqual([rejected(b, 'auction_not_found', 0)]);
  });
});

describe('rule 7: cancel', () => {
  it('by the seller before any accepted bid cancels the auction', () => {
    const { events, state } = given([created()], bid('bob', 100)).when(cancel('seller'));
    expect(events).toEqual([
      { type: 'AuctionCancelled', auctionId: 'a-1', cancelledBy: 'seller', cancelledAt: T0 + HOUR },
    ]);
    expect(state.status).toBe('cancelled');
  });

  it('by anyone else: not_seller', () => {
    expect(given([created()]).when(cancel('mallory')).events).toEqual([
      commandRejected('not_seller'),
    ]);
  });

  it('after an accepted bid: has_bids', () => {
    expect(given([created()], bid('alice', 10_000)).when(cancel('seller')).events).toEqual([
      commandRejected('has_bids'),
    ]);
  });

  it('once closed or cancelled: auction_closed; unknown: auction_not_found', () => {
    expect(given([created()], close(END)).when(cancel('seller')).events).toEqual([
      commandRejected('auction_closed'),
    ]);
    expect(given([created()], cancel('seller')).when(cancel('seller')).events).toEqual([
      commandRejected('auction_closed'),
    ]);
    expect(given([]).when(cancel('seller')).events).toEqual([commandRejected('auction_not_found')]);
  });
});

describe('rule 8: close', () => {
  it('with no bids: no_bids', () => {
    expect(given([created()]).when(close(END)).events).toEqual([
      closedEvent('no_bids', null, null),
    ]);
  });

  it('with a leader: sold to the leader at the visible price, not their maximum', () => {
    const { events, state } = given([created()], bid('alice', 17_500), bid('bob', 12_000)).when(
      close(END),
    );
    expect(events).toEqual([closedEvent('sold', 'alice', 12_250)]);
    expect(state).toMatchObject({ status: 'closed', winnerId: 'alice', finalPriceCents: 12_250 });
  });

  it('with the reserve not met: reserve_not_met, no winner and no price', () => {
    const g = given([created({ reservePriceCents: 15_000 })], bid('alice', 14_000));
    expect(g.when(close(END)).events).toEqual([closedEvent('reserve_not_met', null, null)]);
  });

  it('with the reserve met: sold at the visible price', () => {
    const g = given([created({ reservePriceCents: 15_000 })], bid('alice', 16_000));
    expect(g.when(close(END)).events).toEqual([closedEvent('sold', 'alice', 15_000)]);
  });

  it('later than the end closes, stamped with its own time', () => {
    expect(given([created()]).when(close(END + HOUR)).events).toEqual([
      closedEvent('no_bids', null, null, END + HOUR),
    ]);
  });

  it('before the end, twice, after a cancel, or on an unknown auction: no events', () => {
    expect(given([created()]).when(close(END - 1)).events).toEqual([]);
    expect(given([created()], close(END)).when(close(END + 1)).events).toEqual([]);
    expect(given([created()], cancel('seller')).when(close(END)).events).toEqual([]);
    expect(given([]).when(close(END)).events).toEqual([]);
  });
});

describe('rule 9: create', () => {
  it('announces the auction with all its terms', () => {
    const table = [{ fromCents: 0, incrementCents: 10 }];
    const command = create({
      reservePriceCents: 15_000,
      buyNowPriceCents: 30_000,
      antiSnipingWindowMs: 60_000,
      antiSnipingExtensionMs: 120_000,
      incrementTable: table,
      externalRef: 'ebay-1638893549',
    });
    const { type: _type, ...terms } = command;
    const { events, state } = given([]).when(command);
    expect(events).toEqual([{ ...terms, type: 'AuctionCreated' }]);
    expect(state).toMatchObject({
      status: 'open',
      increments: table,
      leader: null,
      visiblePriceCents: 9_900,
      bidCount: 0,
      reserveMet: false,
    });
  });

  it('without a table of its own, the auction uses eBay’s', () => {
    expect(auctionOf(given([]).when(create()).state).increments).toEqual(EBAY_INCREMENTS);
  });

  it('accepts a reserve and buy-now equal to the starting price, and zero windows', () => {
    const command = create({ reservePriceCents: 9_900, buyNowPriceCents: 9_900 });
    expect(given([]).when(command).events[0]?.type).toBe('AuctionCreated');
  });

  it('happens once: auction_already_exists', () => {
    expect(given([created()]).when(create()).events).toEqual([
      commandRejected('auction_already_exists'),
    ]);
  });

  it('is refused while the seller has another open auction of the item (item_has_open_auction), naming the item', () => {
    const withOpenItem = { ...contextFor(create()), itemHasOpenAuction: true };
    expect(decide(create({ itemId: 'watch-7' }), NOT_CREATED, withOpenItem)).toEqual([
      {
        type: 'CommandRejected',
        auctionId: 'a-1',
        reason: 'item_has_open_auction',
        detail: 'item watch-7 already has an open auction of this seller',
      },
    ]);
    // An existing auction id is refused as such first; the open item before unusable terms.
    expect(decide(create(), auctionOf(fold([created()])), withOpenItem)).toEqual([
      commandRejected('auction_already_exists'),
    ]);
    expect(decide(create({ startingPriceCents: 0 }), NOT_CREATED, withOpenItem)).toEqual([
      expect.objectContaining({ reason: 'item_has_open_auction' }),
    ]);
  });

  it.each<[Partial<Omit<CreateAuction, 'type'>>, string]>([
    [{ startingPriceCents: 0 }, 'startingPriceCents'],
    [{ startingPriceCents: -100 }, 'startingPriceCents'],
    [{ startingPriceCents: 99.5 }, 'startingPriceCents'],
    [{ reservePriceCents: 9_899 }, 'reservePriceCents'],
    [{ reservePriceCents: 15_000.5 }, 'reservePriceCents'],
    [{ buyNowPriceCents: 9_899 }, 'buyNowPriceCents'],
    [{ startsAt: T0 + 0.5 }, 'startsAt'],
    [{ endsAt: T0 }, 'endsAt'],
    [{ endsAt: T0 - 1 }, 'endsAt'],
    [{ antiSnipingWindowMs: -1 }, 'antiSnipingWindowMs'],
    [{ antiSnipingExtensionMs: -1 }, 'antiSnipingExtensionMs'],
    [{ incrementTable: [] }, 'incrementTable'],
    [{ incrementTable: [{ fromCents: 100, incrementCents: 5 }] }, 'incrementTable[0].fromCents'],
    [{ incrementTable: [{ fromCents: 0, incrementCents: 0 }] }, 'incrementTable[0].incrementCents'],
  ])('refuses %j as invalid_command, naming %s', (terms, field) => {
    const [event, ...rest] = given([]).when(create(terms)).events;
    expect(rest).toEqual([]);
    expect(event).toEqual({
      type: 'CommandRejected',
      auctionId: 'a-1',
      reason: 'invalid_command',
      detail: expect.stringContaining(field) as unknown,
    });
  });
});
