/**
 * The per-auction standings, as eBay shows them: each bidder once, ranked by the amount that
 * bidder has shown. The leader shows the current price; a bidder who has been outbid shows their
 * maximum, which the outbid made public (the Outbid event's `shownAmountCents`). Pure: which
 * score one event sets, and how the stored scores are ranked; Redis is the sink's business.
 *
 * Every shown amount only grows (the price never falls, a leader is outbid only above their
 * maximum, and an outbid bidder who bids again bids above the maximum they showed), so applying
 * a change keeps the greater score (ZADD GT) and a replay in order gives the same board.
 */
import type { Event } from '../../contracts/events.js';
import { unreachable } from '../../platform/unreachable.js';

/** What one event changes: `bidderId` now shows `shownCents`; `leads` when they lead after it. */
export interface StandingChange {
  readonly bidderId: string;
  readonly shownCents: number;
  readonly leads: boolean;
}

export function standingChange(e: Event): StandingChange | undefined {
  switch (e.type) {
    case 'BidAccepted':
      // The leader (the bidder, or the proxy that beat them at once) shows the new price.
      return { bidderId: e.data.leaderId, shownCents: e.data.visiblePriceCents, leads: true };
    case 'Outbid':
      // Events published before the field existed do not say the maximum: no change.
      return e.data.shownAmountCents === null
        ? undefined
        : { bidderId: e.data.bidderId, shownCents: e.data.shownAmountCents, leads: false };
    case 'AuctionClosed':
      // The winner at the final price (a buy-now buyer may have placed no bid).
      return e.data.winnerId !== null && e.data.priceCents !== null
        ? { bidderId: e.data.winnerId, shownCents: e.data.priceCents, leads: true }
        : undefined;
    case 'AuctionCreated':
    case 'AuctionExtended':
    case 'AuctionCancelled':
    case 'BidRejected':
    case 'CommandRejected':
    case 'ReserveMet':
      return undefined;
    default:
      return unreachable(e, 'event');
  }
}

export interface Standing {
  readonly bidderId: string;
  readonly shownCents: number;
  readonly leading: boolean;
}

/**
 * The order of the board: the higher shown amount first; on equal amounts the leader first
 * (equal maximums: the earlier bid leads at that amount), then by bidder id.
 */
export function rankStandings(
  scores: readonly { readonly bidderId: string; readonly shownCents: number }[],
  leaderId: string | null,
): Standing[] {
  return scores
    .map((s) => ({ ...s, leading: s.bidderId === leaderId }))
    .sort(
      (a, b) =>
        b.shownCents - a.shownCents ||
        Number(b.leading) - Number(a.leading) ||
        (a.bidderId < b.bidderId ? -1 : a.bidderId > b.bidderId ? 1 : 0),
    );
}
