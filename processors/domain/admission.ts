/**
 * Whether an auction takes a bid, a buy-now or a cancel at all, judged from the facts about it that
 * never move back: its status only closes, its bid count only grows, and its seller, start and
 * buy-now price never change. A stale copy of these facts (the gateway's) can therefore only refuse
 * what the rules refuse too, so the gateway asks these same functions for an early refusal.
 *
 * The end is not among them: anti-sniping moves it later, so whether a bid came after it is judged
 * only by the deciders, on the auction's current state (`isPastEnd`).
 */
import type { RejectionReason } from './events.js';
import type { AuctionState } from './state.js';

/** What the admission rules read of an auction; AuctionState has all of it. */
export type AdmissionFacts = Pick<
  AuctionState,
  'status' | 'sellerId' | 'startsAt' | 'bidCount' | 'buyNowPriceCents'
>;

/** Why `bidderId` may not bid at `placedAt`, its amount aside; undefined when they may. */
export function bidRefusal(
  facts: Pick<AdmissionFacts, 'status' | 'sellerId' | 'startsAt'>,
  bidderId: string,
  placedAt: number,
): RejectionReason | undefined {
  if (facts.status !== 'open') return 'auction_closed';
  if (bidderId === facts.sellerId) return 'seller_cannot_bid';
  if (placedAt < facts.startsAt) return 'not_started';
  return undefined;
}

/**
 * Why `buyerId` may not buy now at `placedAt`. Closed, not started, after the first accepted bid,
 * or never offered: the rule names one reason for all of these, since to the buyer they mean the
 * same thing (so does a time past the end, which `decideBuyNow` adds).
 */
export function buyNowRefusal(
  facts: AdmissionFacts,
  buyerId: string,
  placedAt: number,
): RejectionReason | undefined {
  if (buyerId === facts.sellerId) return 'seller_cannot_bid';
  if (
    facts.status !== 'open' ||
    placedAt < facts.startsAt ||
    facts.bidCount > 0 ||
    facts.buyNowPriceCents === undefined
  )
    return 'buy_now_unavailable';
  return undefined;
}

/** Why `requestedBy` may not cancel: the seller may withdraw, but not once a bid stands. */
export function cancelRefusal(
  facts: Pick<AdmissionFacts, 'status' | 'sellerId' | 'bidCount'>,
  requestedBy: string,
): RejectionReason | undefined {
  if (facts.status !== 'open') return 'auction_closed';
  if (requestedBy !== facts.sellerId) return 'not_seller';
  if (facts.bidCount > 0) return 'has_bids';
  return undefined;
}

/** At or after the auction's current (moving) end; stamped by the gateway, so a replay agrees. */
export const isPastEnd = (state: Pick<AuctionState, 'endsAt'>, placedAt: number) =>
  placedAt >= state.endsAt;
