/** Published events for the sinks' tests: one envelope, one moment, the common kinds. */
import type { PublishedEvent } from '../published-event.js';

/** 12:00:30 on 1 January 2030 (UTC): epoch minute 31,558,320. */
export const T = Date.UTC(2030, 0, 1, 12, 0, 30);

export const envelope = (eventId: string) => ({
  eventId,
  auctionId: 'auction-1',
  sequence: 1,
  occurredAt: 0,
  correlationId: 'c',
});

export const bidAccepted = (eventId: string, bidderId = 'alice'): PublishedEvent => ({
  ...envelope(eventId),
  type: 'BidAccepted',
  bidId: `bid-${eventId}`,
  bidderId,
  visiblePriceCents: 1500,
  leaderId: bidderId,
  leading: true,
  placedAt: T,
});

export const auctionClosed = (
  eventId: string,
  winnerId: string | null,
  priceCents: number | null,
): PublishedEvent => ({
  ...envelope(eventId),
  type: 'AuctionClosed',
  outcome: winnerId === null ? 'no_bids' : 'sold',
  winnerId,
  priceCents,
  closedAt: T,
});
