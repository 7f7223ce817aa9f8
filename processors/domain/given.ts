/**
 * Test helpers (used only by the *.unit.test.ts files): given past events (and commands already
 * decided), when a command, then the events it gives and the state they lead to.
 */
import type {
  AuctionCommand,
  BuyNow,
  CancelAuction,
  CloseAuction,
  CreateAuction,
  PlaceBid,
} from './commands.js';
import { decide, type DecisionContext } from './decide.js';
import type {
  AuctionCreated,
  AuctionEvent,
  BidAccepted,
  BidRejected,
  Outbid,
  RejectionReason,
} from './events.js';
import { evolve } from './evolve.js';
import { DEFAULT_AUCTION_LIMITS } from './limits.js';
import { NOT_CREATED, type AuctionDeciderState, type AuctionState } from './state.js';

export const T0 = Date.UTC(2026, 0, 1);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** The default auction: $99 start, three days, no reserve, no soft close (see `created`). */
export const END = T0 + 3 * DAY;
/**
 * The processor's clock. Only a create may depend on it (its start must be near now): creates are
 * decided at CREATE_NOW, when the default auction starts; every other command at NOW, far from
 * every time, so a rule that read the clock would show.
 */
export const NOW = T0 + 1_000 * DAY;
export const CREATE_NOW = T0;
export const clockFor = (command: AuctionCommand) =>
  command.type === 'CreateAuction' ? CREATE_NOW : NOW;
/** The context of `command` in these tests: its clock, the default limits, no other auctions. */
export const contextFor = (command: AuctionCommand): DecisionContext => ({
  now: clockFor(command),
  limits: DEFAULT_AUCTION_LIMITS,
  itemHasOpenAuction: false,
});

export const create = (terms: Partial<Omit<CreateAuction, 'type'>> = {}): CreateAuction => ({
  type: 'CreateAuction',
  auctionId: 'a-1',
  sellerId: 'seller',
  itemId: 'item-1',
  title: 'Cartier wristwatch',
  startingPriceCents: 9_900,
  startsAt: T0,
  endsAt: END,
  antiSnipingWindowMs: 0,
  antiSnipingExtensionMs: 0,
  ...terms,
});

export const created = (terms: Partial<Omit<CreateAuction, 'type'>> = {}): AuctionCreated => {
  const { type: _type, ...fields } = create(terms);
  return { ...fields, type: 'AuctionCreated' };
};

/** A bid; its id is derived from its terms, so expected events can name it. */
export const bid = (bidderId: string, maxAmountCents: number, placedAt = T0 + HOUR): PlaceBid => ({
  type: 'PlaceBid',
  auctionId: 'a-1',
  bidId: `${bidderId}-${maxAmountCents}-${placedAt}`,
  bidderId,
  maxAmountCents,
  placedAt,
});

export const buyNow = (buyerId: string, placedAt = T0 + HOUR): BuyNow => ({
  type: 'BuyNow',
  auctionId: 'a-1',
  bidId: `buy-${buyerId}-${placedAt}`,
  buyerId,
  placedAt,
});

export const cancel = (requestedBy: string, requestedAt = T0 + HOUR): CancelAuction => ({
  type: 'CancelAuction',
  auctionId: 'a-1',
  requestedBy,
  requestedAt,
});

export const close = (requestedAt = END): CloseAuction => ({
  type: 'CloseAuction',
  auctionId: 'a-1',
  requestedAt,
});

/** The events we expect, spelled out in full so that any extra or missing field fails. */
export const accepted = (
  b: PlaceBid,
  visiblePriceCents: number,
  leaderId: string,
  leading = leaderId === b.bidderId,
): BidAccepted => ({
  type: 'BidAccepted',
  auctionId: b.auctionId,
  bidId: b.bidId,
  bidderId: b.bidderId,
  maxAmountCents: b.maxAmountCents,
  visiblePriceCents,
  leaderId,
  leading,
  placedAt: b.placedAt,
});

export const rejected = (
  b: PlaceBid | BuyNow,
  reason: RejectionReason,
  visiblePriceCents: number,
): BidRejected => ({
  type: 'BidRejected',
  auctionId: b.auctionId,
  bidId: b.bidId,
  bidderId: b.type === 'PlaceBid' ? b.bidderId : b.buyerId,
  reason,
  visiblePriceCents,
  placedAt: b.placedAt,
});

export const outbid = (
  bidderId: string,
  leaderId: string,
  visiblePriceCents: number,
  maxAmountCents: number,
): Outbid => ({
  type: 'Outbid',
  auctionId: 'a-1',
  bidderId,
  leaderId,
  visiblePriceCents,
  maxAmountCents,
});

export const fold = (
  events: readonly AuctionEvent[],
  initial: AuctionDeciderState = NOT_CREATED,
): AuctionDeciderState => events.reduce(evolve, initial);

/** The auction a state holds; throws when none was created (a test's setup went wrong). */
export function auctionOf(state: AuctionDeciderState): AuctionState {
  if (state.status === 'not_created') throw new Error('no auction was created');
  return state;
}

/** Decides `commands` one after another from the state `history` leads to; returns all events. */
export function run(history: readonly AuctionEvent[], ...commands: AuctionCommand[]) {
  let state = fold(history);
  const events: AuctionEvent[] = [];
  for (const command of commands) {
    const decided = decide(command, state, contextFor(command));
    events.push(...decided);
    state = fold(decided, state);
  }
  return { events, state };
}

/** given(history, ...earlier commands).when(command) → that command's events and the state after. */
export function given(history: readonly AuctionEvent[], ...earlier: AuctionCommand[]) {
  const before = run(history, ...earlier).state;
  return {
    before,
    when(command: AuctionCommand) {
      const events = decide(command, before, contextFor(command));
      return { events, state: fold(events, before) };
    },
  };
}
