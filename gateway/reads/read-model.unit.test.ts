/**
 * GET /auctions/:id's view from a stored row: the derived status, the minimum next bid, buy-now
 * while available, the currency, and never the reserve amount. Expected values are worked out by
 * hand from the README's rules (eBay's table: 1.00 from 25.00 to 99.99, 0.50 from 5.00).
 */
import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../platform/queryable.js';
import { createReadModel } from './read-model.js';

const START = Date.UTC(2026, 0, 1);
const EBAY_STEPS = [
  { fromCents: 0, incrementCents: 5 },
  { fromCents: 100, incrementCents: 25 },
  { fromCents: 500, incrementCents: 50 },
  { fromCents: 2_500, incrementCents: 100 },
];

const row = (over: Record<string, unknown> = {}) => ({
  auction_id: 'a-1',
  item_id: 'watch-1',
  title: 'Cartier wristwatch',
  seller_id: 'seller-1',
  external_ref: null,
  status: 'open',
  visible_price_cents: '2500',
  leader_id: 'dana',
  bid_count: 2,
  has_reserve: true,
  reserve_met: false,
  starts_at: new Date(START),
  ends_at: new Date(START + 3_600_000),
  outcome: null,
  winner_id: null,
  final_price_cents: null,
  last_sequence: '4',
  starting_price_cents: '1000',
  buy_now_price_cents: '9000',
  anti_sniping_window_ms: '30000',
  anti_sniping_extension_ms: '60000',
  increments: EBAY_STEPS,
  ...over,
});

const viewOf = async (r: Record<string, unknown>, now = START + 60_000) => {
  const db = { query: () => Promise.resolve({ rows: [r] }) } as unknown as Queryable;
  return (await createReadModel(db, { now: () => now, currency: 'EUR' }).auction('a-1'))!;
};

describe('the auction view', () => {
  it('shows the terms, the minimum next bid (price + increment) and the currency; no reserve amount', async () => {
    const view = await viewOf(row());
    expect(view).toMatchObject({
      status: 'open',
      currency: 'EUR',
      startingPriceCents: 1_000,
      startingPrice: '10.00',
      visiblePriceCents: 2_500,
      minimumNextBidCents: 2_600,
      minimumNextBid: '26.00',
      buyNowPriceCents: null, // bids were placed
      hasReserve: true,
      reserveMet: false,
      antiSnipingWindowSeconds: 30,
      antiSnipingExtensionSeconds: 60,
    });
    expect(view.incrementTable[3]).toEqual({
      fromCents: 2_500,
      from: '25.00',
      incrementCents: 100,
      increment: '1.00',
    });
    expect(JSON.stringify(view)).not.toMatch(/reservePrice/);
  });

  it('before its start: scheduled, the starting price is the minimum, buy-now offered', async () => {
    const view = await viewOf(
      row({ leader_id: null, bid_count: 0, visible_price_cents: '1000' }),
      START - 1,
    );
    expect(view).toMatchObject({
      status: 'scheduled',
      minimumNextBidCents: 1_000,
      buyNowPriceCents: 9_000,
      buyNowPrice: '90.00',
    });
  });

  it('from the start it is open; once closed there is no minimum and no buy-now', async () => {
    const first = row({ leader_id: null, bid_count: 0, visible_price_cents: '1000' });
    expect((await viewOf(first, START)).status).toBe('open');
    const closed = await viewOf(row({ status: 'closed', bid_count: 0 }));
    expect(closed).toMatchObject({
      status: 'closed',
      minimumNextBidCents: null,
      minimumNextBid: null,
      buyNowPriceCents: null,
    });
  });
});
