/**
 * A user's own bid as GET /me/bids shows it to them: the auction as it is now, their maximum
 * (theirs only: the rows are their own bids) and where they stand. Pure.
 */
import type { MyBidRow } from '../../processors/read-side.js';
import { formatCents } from '../commands/money.js';
import type { AuctionStatus } from './read-model.js';

/** Where the bidder stands on the bid's auction now (or `refused`: the bid was not accepted). */
export type Standing = 'leading' | 'outbid' | 'won' | 'lost' | 'refused';

export interface MyBidView {
  readonly bidId: string;
  readonly auctionId: string;
  /** Null when the bid named no auction that exists. */
  readonly title: string | null;
  readonly status: AuctionStatus | null;
  readonly currency: string;
  /** The auction's price now. */
  readonly visiblePriceCents: number | null;
  readonly visiblePrice: string | null;
  readonly kind: 'bid' | 'buy_now';
  /** The bidder's own maximum; null for buy-now. */
  readonly maxAmountCents: number | null;
  readonly maxAmount: string | null;
  readonly accepted: boolean;
  readonly reason: string | null;
  readonly placedAt: string;
  readonly standing: Standing;
}

function standing(r: MyBidRow, userId: string): Standing {
  if (!r.accepted || r.status === null) return 'refused';
  if (r.status === 'open') return r.leader_id === userId ? 'leading' : 'outbid';
  return r.status === 'closed' && r.winner_id === userId ? 'won' : 'lost';
}

const cents = (value: string | null) => (value === null ? null : Number(value));
const money = (value: number | null) => (value === null ? null : formatCents(value));

export function toMyBid(r: MyBidRow, userId: string, now: number, currency: string): MyBidView {
  const price = cents(r.visible_price_cents);
  const max = cents(r.max_amount_cents);
  const status =
    r.status === 'open' && r.starts_at !== null && now < r.starts_at.getTime()
      ? 'scheduled'
      : r.status;
  return {
    bidId: r.bid_id,
    auctionId: r.auction_id,
    title: r.title,
    status,
    currency,
    visiblePriceCents: price,
    visiblePrice: money(price),
    kind: r.kind,
    maxAmountCents: max,
    maxAmount: money(max),
    accepted: r.accepted,
    reason: r.reason,
    placedAt: r.placed_at.toISOString(),
    standing: standing(r, userId),
  };
}
