/**
 * evolve(state, event) → state: applies a fact that decide() established; it never judges.
 * Rejections and notifications (BidRejected, CommandRejected, Outbid) change nothing, and neither
 * does any event but AuctionCreated before the auction exists.
 */
import type { AuctionCreated, AuctionEvent } from './events.js';
import { EBAY_INCREMENTS } from './money.js';
import type { AuctionDeciderState, AuctionState } from './state.js';

/**
 * Drops keys whose value is undefined, so the state equals its own JSON round trip (the
 * processor snapshots it to Postgres as JSON and reloads it).
 */
const definedOnly = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

export function evolve(state: AuctionDeciderState, event: AuctionEvent): AuctionDeciderState {
  if (event.type === 'AuctionCreated') return opened(event);
  if (state.status === 'not_created') return state;
  return evolveAuction(state, event);
}

function opened(event: AuctionCreated): AuctionState {
  const { type: _type, incrementTable, ...terms } = event;
  return {
    ...definedOnly(terms),
    status: 'open',
    increments: incrementTable ?? EBAY_INCREMENTS,
    leader: null,
    runnerUpMaxCents: 0,
    visiblePriceCents: event.startingPriceCents,
    bidCount: 0,
    reserveMet: false,
  };
}

function evolveAuction(
  state: AuctionState,
  event: Exclude<AuctionEvent, AuctionCreated>,
): AuctionState {
  switch (event.type) {
    case 'BidAccepted': {
      const previous = state.leader;
      let leader = previous;
      let runnerUp = state.runnerUpMaxCents;
      if (!event.leading) {
        // Beaten by the leader's proxy: the bid still counts as a maximum to beat.
        runnerUp = Math.max(runnerUp, event.maxAmountCents);
      } else if (previous && previous.bidderId === event.bidderId) {
        leader = { ...previous, maxCents: event.maxAmountCents };
      } else {
        // A new leader: the old leader's maximum (the highest so far) becomes the runner-up's.
        if (previous) runnerUp = Math.max(runnerUp, previous.maxCents);
        leader = {
          bidderId: event.bidderId,
          maxCents: event.maxAmountCents,
          placedAt: event.placedAt,
        };
      }
      return {
        ...state,
        leader,
        runnerUpMaxCents: runnerUp,
        visiblePriceCents: event.visiblePriceCents,
        bidCount: state.bidCount + 1,
      };
    }
    case 'ReserveMet':
      return { ...state, reserveMet: true, visiblePriceCents: event.visiblePriceCents };
    case 'AuctionExtended':
      return { ...state, endsAt: event.newEndsAt };
    case 'AuctionClosed':
      return {
        ...state,
        status: 'closed',
        outcome: event.outcome,
        winnerId: event.winnerId,
        finalPriceCents: event.priceCents,
        closedAt: event.closedAt,
        ...(event.outcome === 'bought_now' && event.priceCents !== null
          ? { visiblePriceCents: event.priceCents }
          : {}),
      };
    case 'AuctionCancelled':
      return { ...state, status: 'cancelled', closedAt: event.cancelledAt };
    case 'BidRejected':
    case 'Outbid':
    case 'CommandRejected':
      return state;
    default: {
      const unreachable: never = event;
      throw new Error(`unknown event ${(unreachable as { type: string }).type}`);
    }
  }
}
