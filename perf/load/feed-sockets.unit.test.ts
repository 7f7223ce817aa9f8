import { describe, expect, it } from 'vitest';
import { acceptedBidId, watchersOf } from './feed-sockets.js';

describe('subscribers dealt round-robin over the auctions', () => {
  it('gives each auction its share, the first ones one more when it does not divide', () => {
    expect(watchersOf(1000, 100, 0)).toBe(10);
    expect(watchersOf(1000, 100, 99)).toBe(10);
    // 10 over 4 auctions: subscribers 0,4,8 → auction 0; 1,5,9 → 1; 2,6 → 2; 3,7 → 3.
    expect([0, 1, 2, 3].map((i) => watchersOf(10, 4, i))).toEqual([3, 3, 2, 2]);
    expect(watchersOf(50, 1, 0)).toBe(50);
  });

  it('gives an auction outside the list none', () => {
    expect(watchersOf(10, 4, 4)).toBe(0);
    expect(watchersOf(10, 4, -1)).toBe(0);
  });
});

describe('reading a BidAccepted frame without parsing it', () => {
  // As the gateway's live hub writes an event frame (gateway/live/live-hub.ts).
  const frame = (eventType: string, event: Record<string, unknown>) =>
    Buffer.from(JSON.stringify({ type: 'event', auctionId: 'a-1', sequence: 7, eventType, event }));
  const accepted = {
    eventId: 'e-1',
    auctionId: 'a-1',
    sequence: 7,
    occurredAt: 1,
    commandId: 'c-1',
    correlationId: '',
    bidId: '3f0c6c1e-5d43-4c7e-9a55-0d6f2a1b9e11',
    bidderId: 'feed-bidder-3',
    visiblePriceCents: 1200,
    leaderId: 'feed-bidder-3',
    leading: true,
    placedAt: 1,
  };

  it('gives the bidId of a BidAccepted event', () => {
    expect(acceptedBidId(frame('BidAccepted', accepted))).toBe(
      '3f0c6c1e-5d43-4c7e-9a55-0d6f2a1b9e11',
    );
  });

  it('gives nothing for any other frame', () => {
    expect(acceptedBidId(frame('BidRejected', accepted))).toBeUndefined();
    expect(
      acceptedBidId(Buffer.from('{"type":"subscribed","auctionId":"a-1","sequence":0}')),
    ).toBeUndefined();
    expect(acceptedBidId(Buffer.from('{"type":"welcome","userId":"watcher-1"}'))).toBeUndefined();
  });

  it('is not fooled by a key that ends in bidId', () => {
    const { bidId: _, ...rest } = accepted;
    const tricky = frame('BidAccepted', { leadingBidId: 'nope', ...rest, bidId: 'b-2' });
    expect(acceptedBidId(tricky)).toBe('b-2');
  });
});
