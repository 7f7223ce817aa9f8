import { describe, expect, it } from 'vitest';
import type { AuctionClosedData } from '../../contracts/events.js';
import type { NotificationEvent } from '../../processors/read-side.js';
import { toNotification } from './notifications.js';

const closed = (
  data: Omit<AuctionClosedData, 'closedAt'>,
  over: Partial<Pick<NotificationEvent, 'bidOn'>> = {},
): NotificationEvent => ({
  eventId: 'e1',
  auctionId: 'a1',
  type: 'AuctionClosed',
  data: { ...data, closedAt: Date.parse('2030-01-01T12:00:00Z') },
  occurredAt: new Date('2030-01-01T12:00:00Z'),
  title: 'Lamp',
  sellerId: 'sam',
  bidOn: false,
  ...over,
});

const said = (event: NotificationEvent, user: string) => {
  const n = toNotification(event, user, 'EUR');
  return [n.kind, n.message];
};

describe('toNotification of AuctionClosed', () => {
  const reserveNotMet = { outcome: 'reserve_not_met', winnerId: null, priceCents: null } as const;
  const boughtNow = { outcome: 'bought_now', winnerId: 'bea', priceCents: 5000 } as const;

  it('tells the seller sold or not sold', () => {
    // The API names the buyer as they are: only the page masks names.
    expect(said(closed(boughtNow), 'sam')).toEqual(['sold', 'Your Lamp sold to bea for 50.00 EUR']);
    expect(said(closed(reserveNotMet), 'sam')).toEqual([
      'unsold',
      'Your Lamp did not sell: the reserve was not met',
    ]);
  });

  it('tells the winner won and another bidder lost', () => {
    expect(said(closed(boughtNow, { bidOn: true }), 'bea')).toEqual([
      'won',
      'You won Lamp for 50.00 EUR',
    ]);
    expect(said(closed(reserveNotMet, { bidOn: true }), 'bea')).toEqual([
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

describe('toNotification of BidAccepted', () => {
  it('tells the seller of a bid on their auction, with the price written out', () => {
    const bid: NotificationEvent = {
      eventId: 'e2',
      auctionId: 'a1',
      type: 'BidAccepted',
      data: {
        bidId: 'b1',
        bidderId: 'bea',
        leaderId: 'bea',
        leading: true,
        visiblePriceCents: 1250,
        placedAt: Date.parse('2030-01-01T11:00:00Z'),
      },
      occurredAt: new Date('2030-01-01T11:00:00Z'),
      title: 'Lamp',
      sellerId: 'sam',
      bidOn: false,
    };
    expect(toNotification(bid, 'sam', 'EUR')).toMatchObject({
      kind: 'new_bid',
      leaderId: 'bea',
      visiblePriceCents: 1250,
      visiblePrice: '12.50',
      message: 'New bid on Lamp: 12.50 EUR',
    });
  });
});
