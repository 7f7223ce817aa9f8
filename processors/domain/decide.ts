/**
 * The auction rules: decide(command, state, now) → events. Pure and deterministic; the clock
 * is an input (bids and buy-now use the gateway's `placedAt`, closes their `requestedAt`).
 */
import type {
  AuctionCommand,
  BuyNow,
  CancelAuction,
  CloseAuction,
  CreateAuction,
  PlaceBid,
} from './commands.js';
import type { AuctionEvent, BidRejected, CommandRejected, RejectionReason } from './events.js';
import { EBAY_INCREMENTS, incrementAt, incrementTableProblem, isCents } from './money.js';
import type { AuctionState } from './state.js';

/**
 * `now` is the processor's clock. Today's rules need only the times the commands carry (a bid's
 * `placedAt`, a close's `requestedAt`), so every replay of the log decides the same way.
 */
export function decide(
  command: AuctionCommand,
  state: AuctionState | undefined,
  _now: number,
): AuctionEvent[] {
  switch (command.type) {
    case 'CreateAuction':
      return decideCreate(command, state);
    case 'PlaceBid':
      return decideBid(command, state);
    case 'BuyNow':
      return decideBuyNow(command, state);
    case 'CancelAuction':
      return decideCancel(command, state);
    case 'CloseAuction':
      return decideClose(command, state);
    default: {
      const unreachable: never = command;
      throw new Error(`unknown command ${(unreachable as { type: string }).type}`);
    }
  }
}

const commandRejected = (
  auctionId: string,
  reason: RejectionReason,
  detail?: string,
): CommandRejected[] => [
  { type: 'CommandRejected', auctionId, reason, ...(detail === undefined ? {} : { detail }) },
];

function createProblem(c: CreateAuction): string | undefined {
  if (!isCents(c.startingPriceCents) || c.startingPriceCents < 1)
    return 'startingPrice must be at least 0.01';
  if (
    c.reservePriceCents !== undefined &&
    (!isCents(c.reservePriceCents) || c.reservePriceCents < c.startingPriceCents)
  ) {
    return 'reservePrice must be at least startingPrice';
  }
  if (
    c.buyNowPriceCents !== undefined &&
    (!isCents(c.buyNowPriceCents) || c.buyNowPriceCents < c.startingPriceCents)
  ) {
    return 'buyNowPrice must be at least startingPrice';
  }
  if (
    !Number.isSafeInteger(c.startsAt) ||
    !Number.isSafeInteger(c.endsAt) ||
    c.endsAt <= c.startsAt
  ) {
    return 'endsAt must be after startsAt';
  }
  if (!isCents(c.antiSnipingWindowMs) || !isCents(c.antiSnipingExtensionMs)) {
    return 'anti-sniping window and extension must be whole, non-negative milliseconds';
  }
  return c.incrementTable ? incrementTableProblem(c.incrementTable) : undefined;
}

function decideCreate(command: CreateAuction, state: AuctionState | undefined): AuctionEvent[] {
  if (state) return commandRejected(command.auctionId, 'auction_already_exists');
  const problem = createProblem(command);
  if (problem) return commandRejected(command.auctionId, 'invalid_command', problem);
  const { type: _type, ...fields } = command;
  return [{ ...fields, type: 'AuctionCreated' }];
}

/** Why a bid or buy-now at `placedAt` by `userId` cannot be taken at all, if it cannot. */
function biddingProblem(
  state: AuctionState | undefined,
  userId: string,
  placedAt: number,
): RejectionReason | undefined {
  if (!state) return 'auction_not_found';
  if (state.status !== 'open') return 'auction_closed';
  if (userId === state.sellerId) return 'seller_cannot_bid';
  if (placedAt < state.startsAt) return 'not_started';
  if (placedAt >= state.endsAt) return 'auction_ended';
  return undefined;
}

const bidRejected = (
  c: PlaceBid | BuyNow,
  bidderId: string,
  reason: RejectionReason,
  state?: AuctionState,
): BidRejected[] => [
  {
    type: 'BidRejected',
    auctionId: c.auctionId,
    bidId: c.bidId,
    bidderId,
    reason,
    visiblePriceCents: state?.visiblePriceCents ?? 0,
    placedAt: c.placedAt,
  },
];

function decideBid(command: PlaceBid, state: AuctionState | undefined): AuctionEvent[] {
  const problem = biddingProblem(state, command.bidderId, command.placedAt);
  if (problem || !state)
    return bidRejected(command, command.bidderId, problem ?? 'auction_not_found', state);
  const max = command.maxAmountCents;
  if (!isCents(max) || max < 1)
    return bidRejected(command, command.bidderId, 'invalid_command', state);

  const increments = state.increments.length > 0 ? state.increments : EBAY_INCREMENTS;
  const leader = state.leader;
  const events: AuctionEvent[] = [];
  let price: number;
  let leaderId: string;
  let leaderMax: number;
  let leading: boolean;

  if (!leader) {
    if (max < state.startingPriceCents)
      return bidRejected(command, command.bidderId, 'below_starting_price', state);
    [price, leaderId, leaderMax, leading] = [state.startingPriceCents, command.bidderId, max, true];
  } else if (leader.bidderId === command.bidderId) {
    // The leader raises their own maximum: the price stays (unless the reserve is now met).
    if (max <= leader.maxCents)
      return bidRejected(command, command.bidderId, 'not_above_own_maximum', state);
    [price, leaderId, leaderMax, leading] = [state.visiblePriceCents, command.bidderId, max, true];
  } else {
    const minimum = state.visiblePriceCents + incrementAt(state.visiblePriceCents, increments);
    if (max < minimum)
      return bidRejected(command, command.bidderId, 'below_minimum_increment', state);
    if (max > leader.maxCents) {
      price = Math.min(max, leader.maxCents + incrementAt(leader.maxCents, increments));
      [leaderId, leaderMax, leading] = [command.bidderId, max, true];
    } else {
      // Equal or lower maximum: the earlier bidder keeps the lead, and the price rises to meet it.
      price = Math.min(leader.maxCents, max + incrementAt(max, increments));
      [leaderId, leaderMax, leading] = [leader.bidderId, leader.maxCents, false];
    }
  }

  const reserve = state.reservePriceCents;
  const meetsReserve = reserve !== undefined && !state.reserveMet && leaderMax >= reserve;
  if (reserve !== undefined && leaderMax >= reserve) price = Math.max(price, reserve);
  price = Math.max(price, state.visiblePriceCents);

  events.push({
    type: 'BidAccepted',
    auctionId: command.auctionId,
    bidId: command.bidId,
    bidderId: command.bidderId,
    maxAmountCents: max,
    visiblePriceCents: price,
    leaderId,
    leading,
    placedAt: command.placedAt,
  });
  if (leader && leader.bidderId !== leaderId) {
    events.push({
      type: 'Outbid',
      auctionId: command.auctionId,
      bidderId: leader.bidderId,
      leaderId,
      visiblePriceCents: price,
    });
  }
  if (!leading) {
    events.push({
      type: 'Outbid',
      auctionId: command.auctionId,
      bidderId: command.bidderId,
      leaderId,
      visiblePriceCents: price,
    });
  }
  if (meetsReserve)
    events.push({ type: 'ReserveMet', auctionId: command.auctionId, visiblePriceCents: price });

  const inWindow =
    state.antiSnipingWindowMs > 0 && command.placedAt >= state.endsAt - state.antiSnipingWindowMs;
  const newEndsAt = Math.max(state.endsAt, command.placedAt + state.antiSnipingExtensionMs);
  if (inWindow && newEndsAt > state.endsAt) {
    events.push({
      type: 'AuctionExtended',
      auctionId: command.auctionId,
      previousEndsAt: state.endsAt,
      newEndsAt,
      byBidId: command.bidId,
    });
  }
  return events;
}

function decideBuyNow(command: BuyNow, state: AuctionState | undefined): AuctionEvent[] {
  const problem = biddingProblem(state, command.buyerId, command.placedAt);
  if (problem || !state)
    return bidRejected(command, command.buyerId, problem ?? 'auction_not_found', state);
  if (state.buyNowPriceCents === undefined || state.bidCount > 0) {
    return bidRejected(command, command.buyerId, 'buy_now_unavailable', state);
  }
  return [
    {
      type: 'AuctionClosed',
      auctionId: command.auctionId,
      outcome: 'bought_now',
      winnerId: command.buyerId,
      priceCents: state.buyNowPriceCents,
      closedAt: command.placedAt,
    },
  ];
}

function decideCancel(command: CancelAuction, state: AuctionState | undefined): AuctionEvent[] {
  if (!state) return commandRejected(command.auctionId, 'auction_not_found');
  if (state.status !== 'open') return commandRejected(command.auctionId, 'auction_closed');
  if (command.requestedBy !== state.sellerId)
    return commandRejected(command.auctionId, 'not_seller');
  if (state.bidCount > 0) return commandRejected(command.auctionId, 'has_bids');
  return [
    {
      type: 'AuctionCancelled',
      auctionId: command.auctionId,
      cancelledBy: command.requestedBy,
      cancelledAt: command.requestedAt,
    },
  ];
}

/** A close that comes too early (the end moved) or twice is ignored: no events. */
function decideClose(command: CloseAuction, state: AuctionState | undefined): AuctionEvent[] {
  if (!state || state.status !== 'open') return [];
  const at = command.requestedAt;
  if (at < state.endsAt) return [];
  const base = { type: 'AuctionClosed' as const, auctionId: command.auctionId, closedAt: at };
  if (!state.leader) return [{ ...base, outcome: 'no_bids', winnerId: null, priceCents: null }];
  if (state.reservePriceCents !== undefined && !state.reserveMet) {
    return [{ ...base, outcome: 'reserve_not_met', winnerId: null, priceCents: null }];
  }
  return [
    {
      ...base,
      outcome: 'sold',
      winnerId: state.leader.bidderId,
      priceCents: state.visiblePriceCents,
    },
  ];
}
