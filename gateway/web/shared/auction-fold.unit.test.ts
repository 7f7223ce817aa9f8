/** The one fold of live events into an auction, as the gateway's directory and the page apply it. */
import { describe, expect, it } from 'vitest';
import { anEvent } from '../../testing/events.js';
import { evolveAuction } from './auction-fold.js';

/** An open auction as the API shows it, with fields the fold does not know. */
const open = {
  auctionId: 'a1',
  title: 'Leica',
  status: 'open',
  bidCount: 2,
  visiblePriceCents: 1200,
  leaderId: 'bob',
  endsAt: 60_000,
  outcome: null,
  winnerId: null,
  finalPriceCents: null,
};

describe('evolveAuction', () => {
  it('moves the price, leader and bid count on an accepted bid, leaving the rest', () => {
    const next = evolveAuction(
      open,
      anEvent('BidAccepted', 'a1', 3, { visiblePriceCents: 1300, leaderId: 'carol' }),
    );
    expect(next).toEqual({ ...open, bidCount: 3, visiblePriceCents: 1300, leaderId: 'carol' });
    expect(open.bidCount).toBe(2);
  });

  it('closes with the winner and price at once: no moment of "not sold" for a sold auction', () => {
    const closed = anEvent('AuctionClosed', 'a1', 4, {
      outcome: 'sold',
      winnerId: 'carol',
      priceCents: 1300,
    });
    expect(evolveAuction(open, closed)).toEqual({
      ...open,
      status: 'closed',
      outcome: 'sold',
      winnerId: 'carol',
      finalPriceCents: 1300,
    });
  });

  it('ends a bought auction when it was bought, at the buy-now price; a close after the end keeps the end', () => {
    const bought = anEvent('AuctionClosed', 'a1', 4, {
      outcome: 'bought_now',
      winnerId: 'dana',
      priceCents: 3000,
      closedAt: 20_000,
    });
    expect(evolveAuction(open, bought)).toEqual({
      ...open,
      status: 'closed',
      outcome: 'bought_now',
      winnerId: 'dana',
      finalPriceCents: 3000,
      visiblePriceCents: 3000,
      endsAt: 20_000,
    });
    // The page holds the end as ISO text: it reads it as well.
    const page = { ...open, endsAt: new Date(60_000).toISOString() };
    expect(evolveAuction(page, bought).endsAt).toBe(20_000);
    const late = anEvent('AuctionClosed', 'a1', 4, {
      outcome: 'sold',
      winnerId: 'carol',
      priceCents: 1300,
      closedAt: 61_000,
    });
    expect(evolveAuction(open, late).endsAt).toBe(60_000);
    const withdrawn = anEvent('AuctionCancelled', 'a1', 4, { cancelledAt: 30_000 });
    expect(evolveAuction(open, withdrawn)).toMatchObject({ status: 'cancelled', endsAt: 30_000 });
  });

  it('closes without a winner when nobody won', () => {
    const closed = anEvent('AuctionClosed', 'a1', 4, {
      outcome: 'reserve_not_met',
      winnerId: null,
      priceCents: null,
    });
    expect(evolveAuction(open, closed)).toMatchObject({
      status: 'closed',
      outcome: 'reserve_not_met',
      winnerId: null,
      finalPriceCents: null,
    });
  });

  it('moves the end on an extension, says a met reserve, and cancels', () => {
    expect(
      evolveAuction(open, anEvent('AuctionExtended', 'a1', 4, { newEndsAt: 120_000 })).endsAt,
    ).toBe(120_000);
    expect(evolveAuction(open, anEvent('ReserveMet', 'a1', 4))).toEqual({
      ...open,
      reserveMet: true,
    });
    expect(evolveAuction(open, anEvent('AuctionCancelled', 'a1', 4)).status).toBe('cancelled');
  });

  it.each(['AuctionCreated', 'BidRejected', 'Outbid', 'CommandRejected'] as const)(
    'leaves the auction as it was on %s',
    (type) => {
      expect(evolveAuction(open, anEvent(type, 'a1', 4))).toBe(open);
    },
  );
});
