/** What happened to an auction. The published form (without hidden amounts) is built elsewhere. */
import type { CreateAuction } from './commands.js';

/** Why a command was refused; stable codes the gateway passes on to clients. */
export type RejectionReason =
  | 'auction_not_found'
  | 'auction_already_exists'
  /** Decided by the processor (it knows every open auction), not by these rules. */
  | 'item_has_open_auction'
  /** Decided by the processor: the store refused this command's decision (see `detail`). */
  | 'unprocessable'
  | 'not_started'
  | 'auction_ended'
  | 'auction_closed'
  | 'seller_cannot_bid'
  | 'below_starting_price'
  | 'below_minimum_increment'
  | 'not_above_own_maximum'
  | 'buy_now_unavailable'
  | 'not_seller'
  | 'has_bids'
  /** Malformed terms: a create's bad field (see `detail`), or a bid's non-integer maximum. */
  | 'invalid_command';

export type AuctionCreated = Omit<CreateAuction, 'type'> & { readonly type: 'AuctionCreated' };

export interface BidAccepted {
  readonly type: 'BidAccepted';
  readonly auctionId: string;
  readonly bidId: string;
  readonly bidderId: string;
  /** Hidden: kept in state, never published. */
  readonly maxAmountCents: number;
  readonly visiblePriceCents: number;
  readonly leaderId: string;
  readonly leading: boolean;
  readonly placedAt: number;
}

export interface BidRejected {
  readonly type: 'BidRejected';
  readonly auctionId: string;
  readonly bidId: string;
  readonly bidderId: string;
  readonly reason: RejectionReason;
  readonly visiblePriceCents: number;
  readonly placedAt: number;
  /** For people: which field was wrong. Kept in the decision log, not in the published event. */
  readonly detail?: string | undefined;
}

/** `bidderId` no longer leads, or was beaten at once by the leader's proxy. */
export interface Outbid {
  readonly type: 'Outbid';
  readonly auctionId: string;
  readonly bidderId: string;
  readonly leaderId: string;
  readonly visiblePriceCents: number;
  /** `bidderId`'s maximum: public once outbid (eBay's bid history shows it), so published. */
  readonly maxAmountCents: number;
}

export interface ReserveMet {
  readonly type: 'ReserveMet';
  readonly auctionId: string;
  readonly visiblePriceCents: number;
}

export interface AuctionExtended {
  readonly type: 'AuctionExtended';
  readonly auctionId: string;
  readonly previousEndsAt: number;
  readonly newEndsAt: number;
  readonly byBidId: string;
}

export type CloseOutcome = 'sold' | 'no_bids' | 'reserve_not_met' | 'bought_now';

export interface AuctionClosed {
  readonly type: 'AuctionClosed';
  readonly auctionId: string;
  readonly outcome: CloseOutcome;
  readonly winnerId: string | null;
  readonly priceCents: number | null;
  readonly closedAt: number;
}

export interface AuctionCancelled {
  readonly type: 'AuctionCancelled';
  readonly auctionId: string;
  readonly cancelledBy: string;
  readonly cancelledAt: number;
}

/**
 * A create or cancel that was refused (bids and buy-now get BidRejected; a close that cannot
 * close gives no event at all).
 */
export interface CommandRejected {
  readonly type: 'CommandRejected';
  readonly auctionId: string;
  readonly reason: RejectionReason;
  readonly detail?: string | undefined;
}

export type AuctionEvent =
  | AuctionCreated
  | BidAccepted
  | BidRejected
  | Outbid
  | ReserveMet
  | AuctionExtended
  | AuctionClosed
  | AuctionCancelled
  | CommandRejected;
