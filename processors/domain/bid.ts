/** PlaceBid: eBay-style proxy bidding, the hidden reserve, and soft close. */
import type { PlaceBid } from './commands.js';
import type { AuctionEvent, RejectionReason } from './events.js';
import { firstProblem, idProblem, timeProblem } from './limits.js';
import { incrementAt, isCents, type IncrementTable } from './money.js';
import { bidRefusal, isPastEnd } from './admission.js';
import { bidRejected } from './rejections.js';
import { softCloseExtension } from './soft-close.js';
import type { AuctionDeciderState, AuctionState } from './state.js';

/** What the minimum next bid depends on; all of it public. */
export interface BiddingFacts {
  readonly hasLeader: boolean;
  readonly visiblePriceCents: number;
  readonly startingPriceCents: number;
  readonly increments: IncrementTable;
}

/**
 * The least maximum a bidder other than the leader may bid: the starting price before any bid,
 * else the visible price plus the increment at that price (the leader may only go above their
 * own maximum, which is theirs to know).
 */
export function minimumNextBidCents(a: BiddingFacts): number {
  if (!a.hasLeader) return a.startingPriceCents;
  return a.visiblePriceCents + incrementAt(a.visiblePriceCents, a.increments);
}

const minimumOf = (state: AuctionState) =>
  minimumNextBidCents({ ...state, hasLeader: state.leader !== null });

/** Who leads after a bid, at what maximum and price, and whether the bidder is that leader. */
interface ProxyOutcome {
  readonly leaderId: string;
  readonly leaderMaxCents: number;
  readonly priceCents: number;
  readonly leading: boolean;
}

/**
 * The proxy rules before the reserve: the price is the lower of the leader's maximum and the
 * runner-up's maximum plus one increment (taken at the runner-up's maximum). On equal maximums
 * the earlier bid leads, which is why a challenger must be strictly above the leader.
 */
function proxyOutcome(
  state: AuctionState,
  bidderId: string,
  max: number,
): ProxyOutcome | RejectionReason {
  const table = state.increments;
  const leader = state.leader;
  if (!leader) {
    if (max < minimumOf(state)) return 'below_starting_price';
    return {
      leaderId: bidderId,
      leaderMaxCents: max,
      priceCents: state.startingPriceCents,
      leading: true,
    };
  }
  if (leader.bidderId === bidderId) {
    // Raising one's own maximum must not push the price up against oneself.
    if (max <= leader.maxCents) return 'not_above_own_maximum';
    return {
      leaderId: bidderId,
      leaderMaxCents: max,
      priceCents: state.visiblePriceCents,
      leading: true,
    };
  }
  if (max < minimumOf(state)) return 'below_minimum_increment';
  if (max > leader.maxCents) {
    const priceCents = Math.min(max, leader.maxCents + incrementAt(leader.maxCents, table));
    return { leaderId: bidderId, leaderMaxCents: max, priceCents, leading: true };
  }
  // The leader's proxy answers at once: the challenger becomes (or stays) the runner-up.
  const priceCents = Math.min(leader.maxCents, max + incrementAt(max, table));
  return { leaderId: leader.bidderId, leaderMaxCents: leader.maxCents, priceCents, leading: false };
}

export function decideBid(command: PlaceBid, state: AuctionDeciderState): AuctionEvent[] {
  const { bidderId, maxAmountCents: max } = command;
  const malformed = firstProblem(
    idProblem('bidId', command.bidId),
    idProblem('bidderId', bidderId),
    timeProblem('placedAt', command.placedAt),
  );
  if (malformed) return bidRejected(command, bidderId, 'invalid_command', state, malformed);
  if (state.status === 'not_created')
    return bidRejected(command, bidderId, 'auction_not_found', state);
  const refused =
    bidRefusal(state, bidderId, command.placedAt) ??
    (isPastEnd(state, command.placedAt) ? 'auction_ended' : undefined);
  if (refused) return bidRejected(command, bidderId, refused, state);
  if (!isCents(max) || max < 1) return bidRejected(command, bidderId, 'invalid_command', state);

  const outcome = proxyOutcome(state, bidderId, max);
  if (typeof outcome === 'string') return bidRejected(command, bidderId, outcome, state);
  const { leaderId, leaderMaxCents, leading } = outcome;

  // A met reserve lifts the price to it (never past the leader's maximum, which is ≥ reserve);
  // and the price never falls, whatever the arithmetic above gave.
  const reserve = state.reservePriceCents;
  const reserveReached = reserve !== undefined && leaderMaxCents >= reserve;
  let price = Math.max(outcome.priceCents, state.visiblePriceCents);
  if (reserveReached) price = Math.max(price, Math.min(reserve, leaderMaxCents));

  const auctionId = command.auctionId;
  const events: AuctionEvent[] = [
    {
      type: 'BidAccepted',
      auctionId,
      bidId: command.bidId,
      bidderId,
      maxAmountCents: max,
      visiblePriceCents: price,
      leaderId,
      leading,
      placedAt: command.placedAt,
    },
  ];
  const previous = state.leader;
  if (previous && previous.bidderId !== leaderId)
    events.push({
      type: 'Outbid',
      auctionId,
      bidderId: previous.bidderId,
      leaderId,
      visiblePriceCents: price,
      maxAmountCents: previous.maxCents,
    });
  if (!leading)
    events.push({
      type: 'Outbid',
      auctionId,
      bidderId,
      leaderId,
      visiblePriceCents: price,
      maxAmountCents: max,
    });
  if (reserveReached && !state.reserveMet)
    events.push({ type: 'ReserveMet', auctionId, visiblePriceCents: price });
  const extended = softCloseExtension(state, command.placedAt, command.bidId);
  if (extended) events.push(extended);
  return events;
}
