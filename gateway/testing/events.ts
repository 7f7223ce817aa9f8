/** Contract events for the gateway's tests: every type with plausible data, any field overridable. */
import type { EventDataByType, EventOf, EventType } from '../../contracts/events.js';

/** 12:00 on 1 January 2030 (UTC). */
export const T = Date.UTC(2030, 0, 1, 12);

const DATA: { readonly [K in EventType]: EventDataByType[K] } = {
  AuctionCreated: {
    title: 'A brass lamp',
    itemId: 'lamp-1',
    sellerId: 'seller-1',
    startsAt: T - 3_600_000,
    endsAt: T + 3_600_000,
    startingPriceCents: 1000,
    buyNowPriceCents: null,
    hasReserve: false,
    antiSnipingWindowMs: 0,
    antiSnipingExtensionMs: 0,
    externalRef: null,
  },
  BidAccepted: {
    bidId: 'bid-1',
    bidderId: 'alice',
    visiblePriceCents: 1000,
    leaderId: 'alice',
    leading: true,
    placedAt: T,
  },
  BidRejected: {
    bidId: 'bid-1',
    bidderId: 'alice',
    reason: 'below_minimum_increment',
    visiblePriceCents: 1000,
    placedAt: T,
  },
  Outbid: { bidderId: 'alice', leaderId: 'bob', visiblePriceCents: 1100, shownAmountCents: 1000 },
  ReserveMet: { visiblePriceCents: 1000 },
  AuctionExtended: { previousEndsAt: T, newEndsAt: T + 60_000, byBidId: 'bid-1' },
  AuctionClosed: { outcome: 'no_bids', winnerId: null, priceCents: null, closedAt: T },
  AuctionCancelled: { cancelledBy: 'seller-1', cancelledAt: T },
  CommandRejected: {
    commandType: 'CancelAuction',
    issuedBy: 'bob',
    reason: 'not_seller',
    detail: '',
  },
};

/** Event number `sequence` of `auctionId`, of `type`, with `data` over the defaults. */
export function anEvent<K extends EventType>(
  type: K,
  auctionId: string,
  sequence: number,
  data: Partial<EventDataByType[K]> = {},
): EventOf<K> {
  return {
    type,
    metadata: {
      eventId: `${auctionId}/${sequence}`,
      auctionId,
      sequence,
      occurredAt: T,
      commandId: `command-${sequence}`,
      correlationId: `correlation-${sequence}`,
    },
    data: { ...DATA[type], ...data },
  } as unknown as EventOf<K>;
}
