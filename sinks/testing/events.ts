/** Published events for the sinks' tests: one envelope, one moment, every kind with its data. */
import type { EventMetadata, EventOf } from '../../contracts/events.js';

/** 12:00:30 on 1 January 2030 (UTC): epoch minute 31,558,320. */
export const T = Date.UTC(2030, 0, 1, 12, 0, 30);

export const metadata = (eventId: string): EventMetadata => ({
  eventId,
  auctionId: 'auction-1',
  sequence: 1,
  occurredAt: 0,
  commandId: `cmd-${eventId}`,
  correlationId: 'c',
});

export const auctionCreated = (eventId: string): EventOf<'AuctionCreated'> => ({
  type: 'AuctionCreated',
  metadata: metadata(eventId),
  data: {
    sellerId: 'seller-1',
    itemId: 'item-1',
    title: 'A lamp',
    startingPriceCents: 1000,
    hasReserve: false,
    buyNowPriceCents: null,
    startsAt: T - 3_600_000,
    endsAt: T,
    antiSnipingWindowMs: 60_000,
    antiSnipingExtensionMs: 60_000,
    externalRef: null,
  },
});

export const bidAccepted = (eventId: string, bidderId = 'alice'): EventOf<'BidAccepted'> => ({
  type: 'BidAccepted',
  metadata: metadata(eventId),
  data: {
    bidId: `bid-${eventId}`,
    bidderId,
    visiblePriceCents: 1500,
    leaderId: bidderId,
    leading: true,
    placedAt: T,
  },
});

export const bidRejected = (eventId: string, bidderId = 'bob'): EventOf<'BidRejected'> => ({
  type: 'BidRejected',
  metadata: metadata(eventId),
  data: {
    bidId: `bid-${eventId}`,
    bidderId,
    reason: 'below_starting_price',
    visiblePriceCents: 1000,
    placedAt: T,
  },
});

export const auctionExtended = (eventId: string): EventOf<'AuctionExtended'> => ({
  type: 'AuctionExtended',
  metadata: metadata(eventId),
  data: { previousEndsAt: T - 60_000, newEndsAt: T, byBidId: `bid-${eventId}` },
});

export const auctionClosed = (
  eventId: string,
  winnerId: string | null,
  priceCents: number | null,
): EventOf<'AuctionClosed'> => ({
  type: 'AuctionClosed',
  metadata: metadata(eventId),
  data: { outcome: winnerId === null ? 'no_bids' : 'sold', winnerId, priceCents, closedAt: T },
});

export const auctionCancelled = (eventId: string): EventOf<'AuctionCancelled'> => ({
  type: 'AuctionCancelled',
  metadata: metadata(eventId),
  data: { cancelledBy: 'seller-1', cancelledAt: T },
});

export const outbid = (eventId: string): EventOf<'Outbid'> => ({
  type: 'Outbid',
  metadata: metadata(eventId),
  // Bob's maximum, 14.50, revealed: Alice's proxy beat it by one increment, to 15.00.
  data: { bidderId: 'bob', leaderId: 'alice', visiblePriceCents: 1500, shownAmountCents: 1450 },
});

export const reserveMet = (eventId: string): EventOf<'ReserveMet'> => ({
  type: 'ReserveMet',
  metadata: metadata(eventId),
  data: { visiblePriceCents: 1500 },
});

export const commandRejected = (eventId: string): EventOf<'CommandRejected'> => ({
  type: 'CommandRejected',
  metadata: metadata(eventId),
  data: {
    commandType: 'CancelAuction',
    issuedBy: 'seller-1',
    reason: 'auction_has_bids',
    detail: 'the auction has bids',
  },
});
