/**
 * A user's own bid as GET /me/bids shows it to them: the auction as it is now, their maximum
 * (theirs only: the rows are their own bids) and where they stand. Pure.
 */
import type { BidKind, MyBid } from '../../processors/read-side.js';
import { formatCents } from '../commands/money.js';
import type { AuctionViewStatus } from './read-model.js';

/** Where the bidder stands on the bid's auction now (or `refused`: the bid was not accepted). */
export type Standing = 'leading' | 'outbid' | 'won' | 'lost' | 'refused';

export interface MyBidView {
  readonly bidId: string;
  readonly auctionId: string;
  /** Null when the bid named no auction that exists. */
  readonly title: string | null;
  readonly status: AuctionViewStatus | null;
  readonly currency: string;
  /** The auction's price now. */
  readonly visiblePriceCents: number | null;
  readonly visiblePrice: string | null;
  readonly kind: BidKind;
  /** The bidder's own maximum; null for buy-now. */
  readonly maxAmountCents: number | null;
  readonly maxAmount: string | null;
  readonly accepted: boolean;
  readonly reason: string | null;
  readonly placedAt: string;
  readonly standing: Standing;
}

function standing(b: MyBid, userId: string): Standing {
  const { auction } = b;
  if (!b.accepted || auction === null) return 'refused';
  if (auction.status === 'open') return auction.leaderId === userId ? 'leading' : 'outbid';
  return auction.status === 'closed' && auction.winnerId === userId ? 'won' : 'lost';
}

const money = (cents: number | null) => (cents === null ? null : formatCents(cents));

export function toMyBid(b: MyBid, userId: string, now: number, currency: string): MyBidView {
  const { auction } = b;
  const price = auction?.visiblePriceCents ?? null;
  const status =
    auction?.status === 'open' && now < auction.startsAt.getTime()
      ? 'scheduled'
      : (auction?.status ?? null);
  return {
    bidId: b.bidId,
    auctionId: b.auctionId,
    title: auction?.title ?? null,
    status,
    currency,
    visiblePriceCents: price,
    visiblePrice: money(price),
    kind: b.kind,
    maxAmountCents: b.maxAmountCents,
    maxAmount: money(b.maxAmountCents),
    accepted: b.accepted,
    reason: b.reason,
    placedAt: b.placedAt.toISOString(),
    standing: standing(b, userId),
  };
}
