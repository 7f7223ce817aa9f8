/**
 * The processor's rows as other processes read them (processors/read-side.ts): camelCase, numbers
 * as numbers, times as Dates. Each row Postgres returns is turned into its view here, once, where
 * it is read; never the hidden maxima or the reserve amount.
 */
import type { CloseOutcome, EventData, EventRecord, EventType } from '../contracts/events.js';

export type { EventData };
import type { IncrementTable } from './domain/index.js';
import type { AuctionRead, AuctionStatus, BidDecisionRead, BidKind } from './tables.js';

const numberOrNull = (value: string | null) => (value === null ? null : Number(value));

/** The public terms, which live only in the state document (selected key by key). */
export interface TermsRead {
  readonly starting_price_cents: string;
  readonly buy_now_price_cents: string | null;
  readonly anti_sniping_window_ms: string;
  readonly anti_sniping_extension_ms: string;
  readonly increments: IncrementTable;
}

/** An auction's public columns and terms. */
export interface PublicAuction {
  readonly auctionId: string;
  readonly itemId: string;
  readonly title: string;
  readonly sellerId: string;
  readonly externalRef: string | null;
  readonly status: AuctionStatus;
  readonly visiblePriceCents: number;
  readonly startingPriceCents: number;
  readonly buyNowPriceCents: number | null;
  readonly antiSnipingWindowMs: number;
  readonly antiSnipingExtensionMs: number;
  readonly increments: IncrementTable;
  readonly leaderId: string | null;
  readonly bidCount: number;
  readonly hasReserve: boolean;
  readonly reserveMet: boolean;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly outcome: CloseOutcome | null;
  readonly winnerId: string | null;
  readonly finalPriceCents: number | null;
  /** The sequence of its last event. */
  readonly lastSequence: number;
}

export type PublicAuctionRead = Omit<AuctionRead, 'partition' | 'state'> & TermsRead;

export const publicAuction = (r: PublicAuctionRead): PublicAuction => ({
  auctionId: r.auction_id,
  itemId: r.item_id,
  title: r.title,
  sellerId: r.seller_id,
  externalRef: r.external_ref,
  status: r.status,
  visiblePriceCents: Number(r.visible_price_cents),
  startingPriceCents: Number(r.starting_price_cents),
  buyNowPriceCents: numberOrNull(r.buy_now_price_cents),
  antiSnipingWindowMs: Number(r.anti_sniping_window_ms),
  antiSnipingExtensionMs: Number(r.anti_sniping_extension_ms),
  increments: r.increments,
  leaderId: r.leader_id,
  bidCount: r.bid_count,
  hasReserve: r.has_reserve,
  reserveMet: r.reserve_met,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  outcome: r.outcome,
  winnerId: r.winner_id,
  finalPriceCents: numberOrNull(r.final_price_cents),
  lastSequence: Number(r.last_sequence),
});

/** What a bid needs to know of an auction before it is published (gateway/reads/auction-directory.ts). */
export type AuctionFacts = Pick<
  PublicAuction,
  'auctionId' | 'status' | 'sellerId' | 'startsAt' | 'endsAt' | 'bidCount' | 'buyNowPriceCents'
>;

export type AuctionFactsRead = Pick<
  AuctionRead,
  'auction_id' | 'status' | 'seller_id' | 'starts_at' | 'ends_at' | 'bid_count'
> &
  Pick<TermsRead, 'buy_now_price_cents'>;

export const auctionFacts = (r: AuctionFactsRead): AuctionFacts => ({
  auctionId: r.auction_id,
  status: r.status,
  sellerId: r.seller_id,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  bidCount: r.bid_count,
  buyNowPriceCents: numberOrNull(r.buy_now_price_cents),
});

/** A decided bid or buy-now, without the bidder's maximum. */
export interface BidDecision {
  readonly bidId: string;
  readonly auctionId: string;
  readonly bidderId: string;
  readonly accepted: boolean;
  readonly reason: string | null;
  /** The auction's visible price once it was decided. */
  readonly visiblePriceCents: number;
  /** Whether its bidder led once it was decided. */
  readonly isLeading: boolean;
  readonly placedAt: Date;
}

export type BidDecisionViewRead = Omit<BidDecisionRead, 'kind' | 'max_amount_cents'>;

export const bidDecision = (r: BidDecisionViewRead): BidDecision => ({
  bidId: r.bid_id,
  auctionId: r.auction_id,
  bidderId: r.bidder_id,
  accepted: r.accepted,
  reason: r.reason,
  visiblePriceCents: Number(r.visible_price_cents),
  isLeading: r.is_leading,
  placedAt: r.placed_at,
});

/** An accepted bid as the price history shows it: its decision and who led once it was decided. */
export interface PriceStep extends BidDecision {
  /**
   * Who led once it was decided: a bid that leads makes its bidder the leader; one that does not
   * (a proxy outbid it at once) leaves the leader as it was.
   */
  readonly leaderId: string;
}

export type PriceStepRead = BidDecisionViewRead & { readonly leader_id: string };

export const priceStep = (r: PriceStepRead): PriceStep => ({
  ...bidDecision(r),
  leaderId: r.leader_id,
});

/** The request behind a decided bid id: its kind, auction and maximum (for the bidder's own repeat). */
export interface DecidedRequest {
  readonly bidId: string;
  readonly auctionId: string;
  readonly kind: BidKind;
  readonly maxAmountCents: number | null;
}

export type DecidedRequestRead = Pick<
  BidDecisionRead,
  'bid_id' | 'auction_id' | 'kind' | 'max_amount_cents'
>;

export const decidedRequest = (r: DecidedRequestRead): DecidedRequest => ({
  bidId: r.bid_id,
  auctionId: r.auction_id,
  kind: r.kind,
  maxAmountCents: numberOrNull(r.max_amount_cents),
});

/** A committed event of an auction's history. */
export interface HistoryEvent {
  readonly type: EventType;
  readonly sequence: number;
  /** The published JSON record. */
  readonly payload: EventRecord;
}
