/** What can be asked of an auction. Times are epoch milliseconds; money is integer cents. */
import type { IncrementTable } from './money.js';

export interface CreateAuction {
  readonly type: 'CreateAuction';
  readonly auctionId: string;
  readonly sellerId: string;
  readonly itemId: string;
  readonly title: string;
  readonly startingPriceCents: number;
  readonly reservePriceCents?: number | undefined;
  readonly buyNowPriceCents?: number | undefined;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly antiSnipingWindowMs: number;
  readonly antiSnipingExtensionMs: number;
  readonly incrementTable?: IncrementTable | undefined;
  readonly externalRef?: string | undefined;
}

export interface PlaceBid {
  readonly type: 'PlaceBid';
  readonly auctionId: string;
  readonly bidId: string;
  readonly bidderId: string;
  readonly maxAmountCents: number;
  /** Stamped by the gateway: the bid's time for every rule. */
  readonly placedAt: number;
}

export interface BuyNow {
  readonly type: 'BuyNow';
  readonly auctionId: string;
  readonly bidId: string;
  readonly buyerId: string;
  readonly placedAt: number;
}

export interface CancelAuction {
  readonly type: 'CancelAuction';
  readonly auctionId: string;
  readonly requestedBy: string;
  readonly requestedAt: number;
}

export interface CloseAuction {
  readonly type: 'CloseAuction';
  readonly auctionId: string;
  readonly requestedAt: number;
}

export type AuctionCommand = CreateAuction | PlaceBid | BuyNow | CancelAuction | CloseAuction;
