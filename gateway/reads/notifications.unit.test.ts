import { describe, expect, it } from 'vitest';
import type { NotificationEventRow } from '../../processors/read-side.js';
import { toNotification } from './notifications.js';

const closed = (payload: Record<string, unknown>, over: Partial<NotificationEventRow> = {}) =>
  ({
    event_id: 'e1',
    auction_id: 'a1',
    type: 'AuctionClosed',
    payload,
    occurred_at: new Date('2030-01-01T12:00:00Z'),
    title: 'Lamp',
    seller_id: 'sam',
    bid_on: false,
    ...over,
  }) satisfies NotificationEventRow;

const said = (row: NotificationEventRow, user: string) => {
  const n = toNotification(row, user, 'EUR');
  return [n.kind, n.message];
};

describe('toNotification of AuctionClosed', () => {
  const reserveNotMet = { outcome: 'reserve_not_met', winnerId: null, priceCents: null };
  const boughtNow = { outcome: 'bought_now', winnerId: 'bea', priceCents: 5000 };

  it('tells the seller sold or not sold', () => {
    expect(said(closed(boughtNow), 'sam')).toEqual(['sold', 'You sold Lamp for 50.00 EUR']);
    expect(said(closed(reserveNotMet), 'sam')).toEqual([
      'unsold',
      'Lamp closed without a sale: the reserve was not met',
    ]);
  });

  it('tells the winner won and another bidder lost', () => {
    expect(said(closed(boughtNow, { bid_on: true }), 'bea')).toEqual([
      'won',
      'You won Lamp for 50.00 EUR',
    ]);
    expect(said(closed(reserveNotMet, { bid_on: true }), 'bea')).toEqual([
      'lost',
      'Lamp closed without a sale: the reserve was not met',
    ]);
  });

  it('tells a watcher who did not bid that it closed', () => {
    expect(said(closed(boughtNow), 'wes')).toEqual(['closed', 'Lamp sold for 50.00 EUR']);
    expect(said(closed({ outcome: 'no_bids', winnerId: null, priceCents: null }), 'wes')).toEqual([
      'closed',
      'Lamp closed without a bid',
    ]);
  });
});
