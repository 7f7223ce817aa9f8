/** Rules 1, 3, 5 and 10: when bids count, who may bid, and eBay's proxy bidding. */
import { describe, expect, it } from 'vitest';
import {
  auctionOf,
  accepted,
  bid,
  cancel,
  close,
  created,
  DAY,
  END,
  given,
  HOUR,
  outbid,
  rejected,
  run,
  T0,
} from './given.js';

describe('rule 1: a bid counts from the start until the end, by its placedAt', () => {
  it('accepts a bid placed exactly at startsAt', () => {
    const b = bid('alice', 10_000, T0);
    expect(given([created()]).when(b).events).toEqual([accepted(b, 9_900, 'alice')]);
  });

  it('refuses a bid placed before startsAt: not_started', () => {
    const b = bid('alice', 10_000, T0 - 1);
    expect(given([created()]).when(b).events).toEqual([rejected(b, 'not_started', 9_900)]);
  });

  it('accepts a bid one millisecond before endsAt', () => {
    const b = bid('alice', 10_000, END - 1);
    expect(given([created()]).when(b).events).toEqual([accepted(b, 9_900, 'alice')]);
  });

  it('refuses a bid placed exactly at endsAt, or later: auction_ended', () => {
    for (const at of [END, END + DAY]) {
      const b = bid('alice', 10_000, at);
      expect(given([created()]).when(b).events).toEqual([rejected(b, 'auction_ended', 9_900)]);
    }
  });

  it('judges by placedAt, not by the processor clock (a late-decided bid still counts)', () => {
    // `given` decides with a clock far past the end; the bid was stamped in time.
    const b = bid('alice', 10_000, T0 + HOUR);
    expect(given([created()]).when(b).events[0]?.type).toBe('BidAccepted');
  });

  it('refuses a bid on a closed auction: auction_closed', () => {
    const b = bid('alice', 10_000, END - 1);
    expect(given([created()], close(END)).when(b).events).toEqual([
      rejected(b, 'auction_closed', 9_900),
    ]);
  });

  it('refuses a bid on a cancelled auction: auction_closed', () => {
    const b = bid('alice', 10_000);
    expect(given([created()], cancel('seller')).when(b).events).toEqual([
      rejected(b, 'auction_closed', 9_900),
    ]);
  });

  it('refuses a bid on an unknown auction: auction_not_found', () => {
    const b = bid('alice', 10_000);
    expect(given([]).when(b).events).toEqual([rejected(b, 'auction_not_found', 0)]);
  });

  it('refuses a maximum that is not whole, positive cents: invalid_command', () => {
    for (const max of [0, -100, 10_000.5, Number.NaN]) {
      const b = bid('alice', max);
      expect(given([created()]).when(b).events).toEqual([rejected(b, 'invalid_command', 9_900)]);
    }
  });
});

describe('rule 5: the seller cannot bid', () => {
  it('refuses the seller: seller_cannot_bid', () => {
    const b = bid('seller', 20_000);
    expect(given([created()]).when(b).events).toEqual([rejected(b, 'seller_cannot_bid', 9_900)]);
  });

  it('refuses the seller even against a leader, and changes nothing', () => {
    const g = given([created()], bid('alice', 17_500));
    const { events, state } = g.when(bid('seller', 50_000));
    expect(events).toEqual([rejected(bid('seller', 50_000), 'seller_cannot_bid', 9_900)]);
    expect(state).toEqual(g.before);
  });
});

describe('rule 3: the first bid', () => {
  it('at or above the starting price leads at the starting price', () => {
    const b = bid('alice', 17_500);
    const { events, state } = given([created()]).when(b);
    expect(events).toEqual([accepted(b, 9_900, 'alice')]);
    expect(state).toMatchObject({
      leader: { bidderId: 'alice', maxCents: 17_500, placedAt: b.placedAt },
      runnerUpMaxCents: 0,
      visiblePriceCents: 9_900,
      bidCount: 1,
    });
  });

  it('exactly at the starting price is accepted', () => {
    const b = bid('alice', 9_900);
    expect(given([created()]).when(b).events).toEqual([accepted(b, 9_900, 'alice')]);
  });

  it('below the starting price is refused: below_starting_price', () => {
    const b = bid('alice', 9_899);
    expect(given([created()]).when(b).events).toEqual([rejected(b, 'below_starting_price', 9_900)]);
  });
});

describe('rule 3: proxy bidding, on a real eBay auction (1638893549: $99 start, closed at $177.50)', () => {
  // The dataset's bids in time order; `bidtime` is in days since the auction opened.
  const at = (days: number) => T0 + Math.round(days * DAY);
  const a175 = bid('A', 17_500, at(2.230949));
  const b100 = bid('B', 10_000, at(2.600116));
  const c120 = bid('C', 12_000, at(2.60081));
  const c150 = bid('C', 15_000, at(2.601076));
  const d1775 = bid('D', 17_750, at(2.909826));

  it('replays to the price eBay recorded, event by event', () => {
    const { events } = run([created()], a175, b100, c120, c150, d1775, close(END));
    expect(events).toEqual([
      accepted(a175, 9_900, 'A'),
      // $100 is exactly $99 + the $1 increment; A's proxy answers with $100 + $2.50.
      accepted(b100, 10_250, 'A'),
      outbid('B', 'A', 10_250, 10_000),
      accepted(c120, 12_250, 'A'),
      outbid('C', 'A', 12_250, 12_000),
      accepted(c150, 15_250, 'A'),
      outbid('C', 'A', 15_250, 15_000),
      // D beats A's $175 maximum; the price is the lower of D's maximum and $175 + $2.50.
      accepted(d1775, 17_750, 'D'),
      outbid('A', 'D', 17_750, 17_500),
      {
        type: 'AuctionClosed',
        auctionId: 'a-1',
        outcome: 'sold',
        winnerId: 'D',
        priceCents: 17_750,
        closedAt: END,
      },
    ]);
  });

  it('refuses a bid under the price plus one increment: below_minimum_increment', () => {
    const b = bid('B', 9_999);
    expect(given([created()], a175).when(b).events).toEqual([
      rejected(b, 'below_minimum_increment', 9_900),
    ]);
    const late = bid('E', 15_499);
    expect(given([created()], a175, b100, c120, c150).when(late).events).toEqual([
      rejected(late, 'below_minimum_increment', 15_250),
    ]);
  });

  it('keeps the runner-up at the second-highest maximum', () => {
    expect(run([created()], a175, b100, c120).state).toMatchObject({
      leader: { bidderId: 'A', maxCents: 17_500 },
      runnerUpMaxCents: 12_000,
      visiblePriceCents: 12_250,
    });
  });

  it('a new leader by less than an increment pays their own maximum', () => {
    const b = bid('B', 17_600);
    expect(given([created()], a175, c150).when(b).events).toEqual([
      accepted(b, 17_600, 'B'),
      outbid('A', 'B', 17_600, 17_500),
    ]);
  });
});

describe('rule 3: equal maximums, the earlier bid leads', () => {
  it('a challenger equal to the leader is outbid at once, at that maximum', () => {
    const b = bid('bob', 17_500, T0 + 2 * HOUR);
    const { events, state } = given([created()], bid('alice', 17_500)).when(b);
    expect(events).toEqual([accepted(b, 17_500, 'alice'), outbid('bob', 'alice', 17_500, 17_500)]);
    expect(state).toMatchObject({ leader: { bidderId: 'alice' }, runnerUpMaxCents: 17_500 });
  });

  it('a third bidder at the same maximum is refused: the price already is that maximum', () => {
    const c = bid('carol', 17_500, T0 + 3 * HOUR);
    const g = given([created()], bid('alice', 17_500), bid('bob', 17_500, T0 + 2 * HOUR));
    expect(g.when(c).events).toEqual([rejected(c, 'below_minimum_increment', 17_500)]);
  });
});

describe('rule 3: the leader raising their own maximum', () => {
  const history = [bid('alice', 17_500), bid('bob', 10_000)];

  it('is accepted without raising the price or outbidding anyone', () => {
    const raise = bid('alice', 30_000, T0 + 2 * HOUR);
    const { events, state } = given([created()], ...history).when(raise);
    expect(events).toEqual([accepted(raise, 10_250, 'alice')]);
    expect(state).toMatchObject({
      leader: { bidderId: 'alice', maxCents: 30_000 },
      runnerUpMaxCents: 10_000,
      bidCount: 3,
    });
  });

  it('must be above their current maximum: not_above_own_maximum', () => {
    for (const max of [17_500, 12_000]) {
      const raise = bid('alice', max, T0 + 2 * HOUR);
      expect(given([created()], ...history).when(raise).events).toEqual([
        rejected(raise, 'not_above_own_maximum', 10_250),
      ]);
    }
  });

  it('keeps the price even when the price was capped by the old maximum (equal bids)', () => {
    const raise = bid('alice', 30_000, T0 + 3 * HOUR);
    const g = given([created()], bid('alice', 17_500), bid('bob', 17_500, T0 + 2 * HOUR));
    expect(g.when(raise).events).toEqual([accepted(raise, 17_500, 'alice')]);
  });
});

describe('rule 10: increments come from the price band, in the auction’s own table if it has one', () => {
  it('takes the increment at the runner-up’s maximum (eBay bands at $1.00)', () => {
    const cheap = created({ startingPriceCents: 50 });
    // At $0.99 the increment is $0.05; at $1.00 it is $0.25.
    expect(auctionOf(run([cheap], bid('alice', 300), bid('bob', 99)).state).visiblePriceCents).toBe(
      104,
    );
    expect(
      auctionOf(run([cheap], bid('alice', 300), bid('bob', 100)).state).visiblePriceCents,
    ).toBe(125);
  });

  it('takes the minimum next bid from the increment at the visible price', () => {
    // Visible $24.99 → increment $0.50 (not the $1 of the next band): $25.49 is the minimum.
    const g = given([created({ startingPriceCents: 2_499 })], bid('alice', 5_000));
    const low = bid('bob', 2_548);
    expect(g.when(low).events).toEqual([rejected(low, 'below_minimum_increment', 2_499)]);
    expect(g.when(bid('bob', 2_549)).events[0]?.type).toBe('BidAccepted');
  });

  it('uses a custom table for both the minimum bid and the proxy price', () => {
    const table = [
      { fromCents: 0, incrementCents: 1_000 },
      { fromCents: 20_000, incrementCents: 7 },
    ];
    const g = given([created({ incrementTable: table })], bid('alice', 50_000));
    const low = bid('bob', 10_899);
    expect(g.when(low).events).toEqual([rejected(low, 'below_minimum_increment', 9_900)]);
    const b = bid('bob', 20_000);
    expect(g.when(b).events).toEqual([
      accepted(b, 20_007, 'alice'),
      outbid('bob', 'alice', 20_007, 20_000),
    ]);
  });
});
