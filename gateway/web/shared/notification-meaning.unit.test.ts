/** What an event means to each person, and the sentence they read (the API's wording here). */
import { describe, expect, it } from 'vitest';
import { anEvent } from '../../testing/events.js';
import { notificationFor, notificationSentence, type Reader } from './notification-meaning.js';

const reader = (userId: string, how: Partial<Reader> = {}): Reader => ({
  userId,
  sells: false,
  bidOn: false,
  ...how,
});
const seller = reader('sam', { sells: true });
const bea = reader('bea', { bidOn: true });
const bob = reader('bob', { bidOn: true });
const wes = reader('wes');

const sold = anEvent('AuctionClosed', 'a1', 9, {
  outcome: 'sold',
  winnerId: 'bea',
  priceCents: 5000,
});
const unsold = anEvent('AuctionClosed', 'a1', 9, {
  outcome: 'reserve_not_met',
  winnerId: null,
  priceCents: null,
});

describe('notificationFor', () => {
  it('tells each one how a sale closed: sold, won, lost, closed', () => {
    const amounts = { outcome: 'sold', winnerId: 'bea', priceCents: 5000 };
    expect(notificationFor(sold, seller)).toEqual({ kind: 'sold', ...amounts });
    expect(notificationFor(sold, bea)).toEqual({ kind: 'won', ...amounts });
    expect(notificationFor(sold, bob)).toEqual({ kind: 'lost', ...amounts });
    expect(notificationFor(sold, wes)).toEqual({ kind: 'closed', ...amounts });
  });

  it('tells the seller unsold and a bidder lost when nobody won', () => {
    expect(notificationFor(unsold, seller)?.kind).toBe('unsold');
    expect(notificationFor(unsold, bob)?.kind).toBe('lost');
  });

  it('tells the seller of every accepted bid, with the price and who leads', () => {
    const accepted = anEvent('BidAccepted', 'a1', 2, {
      bidderId: 'bob',
      leaderId: 'bea',
      leading: false,
      visiblePriceCents: 700,
    });
    expect(notificationFor(accepted, seller)).toEqual({
      kind: 'new_bid',
      leaderId: 'bea',
      visiblePriceCents: 700,
    });
  });

  it('speaks of a bid only to the bidder it names and the seller', () => {
    const accepted = anEvent('BidAccepted', 'a1', 2, { bidderId: 'bob', visiblePriceCents: 700 });
    expect(notificationFor(accepted, bob)).toEqual({ kind: 'leading', visiblePriceCents: 700 });
    expect(notificationFor(accepted, bea)).toBeUndefined();
    const beaten = anEvent('BidAccepted', 'a1', 2, { bidderId: 'bob', leading: false });
    expect(notificationFor(beaten, bob)).toBeUndefined();
    const outbid = anEvent('Outbid', 'a1', 3, {
      bidderId: 'bob',
      leaderId: 'bea',
      visiblePriceCents: 800,
    });
    expect(notificationFor(outbid, bob)).toEqual({
      kind: 'outbid',
      leaderId: 'bea',
      visiblePriceCents: 800,
    });
    expect(notificationFor(outbid, bea)).toBeUndefined();
    const refused = anEvent('BidRejected', 'a1', 4, {
      bidId: 'b4',
      bidderId: 'bob',
      reason: 'auction_closed',
      visiblePriceCents: 800,
    });
    expect(notificationFor(refused, bob)).toEqual({
      kind: 'rejected',
      bidId: 'b4',
      code: 'auction_closed',
      visiblePriceCents: 800,
    });
  });

  it('tells anyone concerned of an extension and a cancellation; nothing of a creation', () => {
    const extended = anEvent('AuctionExtended', 'a1', 5, { previousEndsAt: 1000, newEndsAt: 2000 });
    expect(notificationFor(extended, wes)).toEqual({
      kind: 'extended',
      previousEndsAt: 1000,
      newEndsAt: 2000,
    });
    expect(notificationFor(anEvent('AuctionCancelled', 'a1', 2), bob)).toEqual({
      kind: 'cancelled',
    });
    expect(notificationFor(anEvent('AuctionCreated', 'a1', 1), seller)).toBeUndefined();
  });
});

describe('notificationSentence', () => {
  const wording = { money: (c: number) => `${c / 100} EUR`, time: (ms: number) => `t${ms}` };
  const say = (event: Parameters<typeof notificationFor>[0], who: Reader) =>
    notificationSentence(notificationFor(event, who)!, 'Lamp', wording);

  it('says each kind in the reader’s money and time', () => {
    expect(say(sold, seller)).toBe('Your Lamp sold to bea for 50 EUR');
    expect(say(sold, bea)).toBe('You won Lamp for 50 EUR');
    expect(say(sold, bob)).toBe('You did not win Lamp: it sold for 50 EUR');
    expect(say(sold, wes)).toBe('Lamp sold for 50 EUR');
    expect(say(unsold, seller)).toBe('Your Lamp did not sell: the reserve was not met');
    expect(say(unsold, wes)).toBe('Lamp closed without a sale: the reserve was not met');
    const noBids = anEvent('AuctionClosed', 'a1', 9, { outcome: 'no_bids' });
    expect(say(noBids, bob)).toBe('Lamp closed without a bid');
    expect(say(noBids, seller)).toBe('Your Lamp did not sell: there was no bid');
    const outbid = anEvent('Outbid', 'a1', 3, { bidderId: 'bob', visiblePriceCents: 1525 });
    expect(say(outbid, bob)).toBe('You were outbid on Lamp: now 15.25 EUR');
    const extended = anEvent('AuctionExtended', 'a1', 5, { newEndsAt: 2000 });
    expect(say(extended, wes)).toBe('Lamp was extended: it now ends at t2000');
    expect(say(anEvent('AuctionCancelled', 'a1', 2), wes)).toBe('Lamp was cancelled by its seller');
    const accepted = anEvent('BidAccepted', 'a1', 2, { bidderId: 'bob', visiblePriceCents: 700 });
    expect(say(accepted, bob)).toBe('You lead on Lamp at 7 EUR');
    expect(say(accepted, seller)).toBe('New bid on Lamp: 7 EUR');
  });

  it('writes the buyer’s name as the wording does (the page masks it)', () => {
    const masked = { ...wording, name: (userId: string) => `${userId[0]}***` };
    expect(notificationSentence(notificationFor(sold, seller)!, 'Lamp', masked)).toBe(
      'Your Lamp sold to b*** for 50 EUR',
    );
  });
});
