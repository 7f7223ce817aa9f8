/**
 * Decides one batch of a partition's commands, in log order, without I/O: the domain's decider
 * (`decide`/`evolve`), plus the processor's bookkeeping (repeats, per-auction sequence numbers,
 * which (seller, item) pairs have an open auction, rows to write, outbox events). The caller
 * loads the inputs and commits the output in one transaction.
 */
import type { DecodedCommand } from './command-decoder.js';
import {
  auctionDecider,
  DEFAULT_AUCTION_LIMITS,
  refusal,
  type AuctionCommand,
  type AuctionDeciderState,
  type AuctionEvent,
  type AuctionLimits,
  type DecisionContext,
} from './domain/index.js';
import type { PayloadBuilder } from './event-payloads.js';
import type { StoredAuction } from './store.js';
import type {
  AuctionRow,
  AuctionTerms,
  BidDecisionRow,
  CommandDecisionRow,
  EventRow,
} from './tables.js';

export interface BatchInput {
  readonly partition: number;
  readonly aggregateType: string;
  readonly now: number;
  readonly commands: readonly DecodedCommand[];
  /**
   * Each command's offset in its partition (same index as `commands`), kept in the decision log
   * so that an audit can replay an auction in log order once the topic no longer holds it.
   */
  readonly offsets?: readonly string[];
  /** Every auction the commands name that exists (held in memory or loaded from Postgres). */
  readonly auctions: Pick<ReadonlyMap<string, StoredAuction>, 'get'>;
  /** Bids decided before: a repeat is not decided again. */
  readonly decidedBids: ReadonlySet<string>;
  /** (seller, item) pairs that already have an open auction, as `sellerItemKey` gives them. */
  readonly itemsWithOpenAuctions: ReadonlySet<string>;
  readonly newEventId: () => string;
  readonly buildPayload: PayloadBuilder;
  readonly limits?: AuctionLimits;
  /**
   * Refuse every command instead of deciding it, with this detail (reason `unprocessable`): for a
   * command whose own decision the store refused.
   */
  readonly refuseAll?: string;
}

/** The key of "one open auction per item and seller": another seller may list the same item id. */
export const sellerItemKey = (sellerId: string, itemId: string) =>
  JSON.stringify([sellerId, itemId]);

/** What became of one command, for metrics and the per-command log. */
export interface CommandOutcome {
  readonly commandType: DecodedCommand['command']['type'];
  readonly commandId: string;
  readonly correlationId: string;
  readonly auctionId: string;
  readonly issuedAt: number;
  /** `repeat`: decided before, skipped; `ignored`: decided, no event (e.g. a close not due yet). */
  readonly outcome: 'accepted' | 'rejected' | 'repeat' | 'ignored';
  readonly reason?: string;
  /** Which field or value a rejection was about. */
  readonly detail?: string;
}

export interface BatchOutput {
  /** The auctions this batch changed, with their new state. */
  readonly auctions: Map<string, StoredAuction>;
  readonly auctionRows: AuctionRow[];
  readonly bidDecisions: BidDecisionRow[];
  readonly commandDecisions: CommandDecisionRow[];
  readonly events: EventRow[];
  readonly eventsByType: Record<string, number>;
  /** One per command, in log order. */
  readonly outcomes: CommandOutcome[];
}

const { decide, evolve, initialState } = auctionDecider;

/** The two contexts a batch decides in, built once (not per command: it was a per-command cost). */
function contextsOf(input: BatchInput) {
  const limits = input.limits ?? DEFAULT_AUCTION_LIMITS;
  return {
    itemFree: { now: input.now, limits, itemHasOpenAuction: false },
    itemOpen: { now: input.now, limits, itemHasOpenAuction: true },
  } satisfies Record<string, DecisionContext>;
}

export function decideBatch(input: BatchInput): BatchOutput {
  // What this batch changed, over what it was given (never copied: a partition may hold many).
  const changed = new Map<string, StoredAuction>();
  const decidedBids = new Set(input.decidedBids);
  const openItems = new Set(input.itemsWithOpenAuctions);
  const contexts = contextsOf(input);
  const out: BatchOutput = {
    auctions: changed,
    auctionRows: [],
    bidDecisions: [],
    commandDecisions: [],
    events: [],
    eventsByType: {},
    outcomes: [],
  };

  for (const [index, decoded] of input.commands.entries()) {
    const { command } = decoded;
    const offset = input.offsets?.[index] ?? null;
    if (
      (command.type === 'PlaceBid' || command.type === 'BuyNow') &&
      decidedBids.has(command.bidId)
    ) {
      out.outcomes.push(outcomeOf(decoded, 'repeat'));
      continue;
    }
    const before = changed.get(command.auctionId) ?? input.auctions.get(command.auctionId);
    const stateBefore = before?.state ?? initialState;
    const context =
      command.type === 'CreateAuction' &&
      openItems.has(sellerItemKey(command.sellerId, command.itemId))
        ? contexts.itemOpen
        : contexts.itemFree;
    const events = decideOne(input, command, stateBefore, context);
    out.outcomes.push(outcomeOf(decoded, events));

    let state = stateBefore;
    let sequence = before?.lastSequence ?? 0;
    for (const event of events) {
      state = evolve(state, event);
      sequence += 1;
      const eventId = input.newEventId();
      out.eventsByType[event.type] = (out.eventsByType[event.type] ?? 0) + 1;
      out.events.push({
        event_id: eventId,
        aggregatetype: input.aggregateType,
        auction_id: command.auctionId,
        // An auction that does not exist has no history to take a place in.
        sequence: state.status === 'not_created' ? null : sequence,
        type: event.type,
        payload: input.buildPayload(event, {
          eventId,
          sequence,
          occurredAt: input.now,
          commandId: decoded.commandId,
          correlationId: decoded.correlationId,
          issuedBy: decoded.issuedBy,
          commandType: command.type,
        }),
      });
    }
    if (state.status !== 'not_created' && events.length > 0) {
      const stored = { state, lastSequence: sequence };
      changed.set(command.auctionId, stored);
      // Keeps "one open auction per item and seller" current within the batch: a relisting after
      // a cancel or close in the same batch is as welcome as in the next one.
      if (stateBefore.status !== 'open' && state.status === 'open')
        openItems.add(sellerItemKey(state.sellerId, state.itemId));
      else if (stateBefore.status === 'open' && state.status !== 'open')
        openItems.delete(sellerItemKey(state.sellerId, state.itemId));
    }

    switch (command.type) {
      case 'PlaceBid':
      case 'BuyNow':
        decidedBids.add(command.bidId);
        out.bidDecisions.push(bidDecision(command, events, state, decoded.issuedBy, offset));
        break;
      case 'CreateAuction':
      case 'CancelAuction':
      case 'CloseAuction':
        out.commandDecisions.push(commandDecision(decoded, events, offset));
        break;
      default: {
        const unreachable: never = command;
        throw new Error(`unhandled command ${(unreachable as { type: string }).type}`);
      }
    }
  }

  for (const [auctionId, stored] of changed)
    out.auctionRows.push(auctionRow(auctionId, input.partition, stored));
  return out;
}

function decideOne(
  input: BatchInput,
  command: AuctionCommand,
  state: AuctionDeciderState,
  context: DecisionContext,
): AuctionEvent[] {
  if (input.refuseAll !== undefined)
    return refusal(command, state, 'unprocessable', input.refuseAll);
  return decide(command, state, context);
}

/** One literal per outcome (no spread of a common part: it was a per-command cost). */
function outcomeOf(
  decoded: DecodedCommand,
  result: 'repeat' | readonly AuctionEvent[],
): CommandOutcome {
  const { commandId, correlationId, issuedAt } = decoded;
  const { type: commandType, auctionId } = decoded.command;
  if (result === 'repeat')
    return { commandType, commandId, correlationId, auctionId, issuedAt, outcome: 'repeat' };
  const rejection = result.find((e) => e.type === 'BidRejected' || e.type === 'CommandRejected');
  if (rejection?.type === 'BidRejected' || rejection?.type === 'CommandRejected') {
    const { reason, detail } = rejection;
    return detail === undefined
      ? { commandType, commandId, correlationId, auctionId, issuedAt, outcome: 'rejected', reason }
      : {
          commandType,
          commandId,
          correlationId,
          auctionId,
          issuedAt,
          outcome: 'rejected',
          reason,
          detail,
        };
  }
  const outcome = result.length > 0 ? 'accepted' : 'ignored';
  return { commandType, commandId, correlationId, auctionId, issuedAt, outcome };
}

function bidDecision(
  command: Extract<DecodedCommand['command'], { type: 'PlaceBid' | 'BuyNow' }>,
  events: readonly AuctionEvent[],
  state: AuctionDeciderState,
  bidderId: string,
  offset: string | null,
): BidDecisionRow {
  // One pass over the events, keeping the first of each (as three finds would).
  let accepted: Extract<AuctionEvent, { type: 'BidAccepted' }> | undefined;
  let rejected: Extract<AuctionEvent, { type: 'BidRejected' }> | undefined;
  let boughtNow: Extract<AuctionEvent, { type: 'AuctionClosed' }> | undefined;
  for (const e of events) {
    if (e.type === 'BidAccepted' && e.bidId === command.bidId) accepted ??= e;
    else if (e.type === 'BidRejected' && e.bidId === command.bidId) rejected ??= e;
    else if (e.type === 'AuctionClosed' && e.outcome === 'bought_now') boughtNow ??= e;
  }
  const price = state.status === 'not_created' ? 0 : state.visiblePriceCents;
  return {
    bid_id: command.bidId,
    auction_id: command.auctionId,
    bidder_id: bidderId,
    kind: command.type === 'PlaceBid' ? 'bid' : 'buy_now',
    max_amount_cents: command.type === 'PlaceBid' ? command.maxAmountCents : null,
    accepted: !!(accepted ?? boughtNow),
    reason: rejected ? rejected.reason : accepted || boughtNow ? null : 'not_decided',
    visible_price_cents: boughtNow ? (boughtNow.priceCents ?? price) : price,
    is_leading: accepted ? accepted.leading : !!boughtNow,
    placed_at: new Date(command.placedAt).toISOString(),
    command_offset: offset,
  };
}

/** A create, cancel or close; a close that gave no events (not due, or settled) is not accepted. */
function commandDecision(
  decoded: DecodedCommand,
  events: readonly AuctionEvent[],
  offset: string | null,
): CommandDecisionRow {
  const { command } = decoded;
  const rejected = events.find((e) => e.type === 'CommandRejected');
  return {
    command_id: decoded.commandId,
    auction_id: command.auctionId,
    command_type: command.type,
    accepted: command.type === 'CloseAuction' ? events.length > 0 : !rejected,
    reason: rejected?.type === 'CommandRejected' ? rejected.reason : null,
    detail: rejected?.type === 'CommandRejected' ? (rejected.detail ?? null) : null,
    command_offset: offset,
    issued_by: decoded.issuedBy,
    issued_at: new Date(decoded.issuedAt).toISOString(),
    terms: command.type === 'CreateAuction' ? termsOf(command) : null,
  };
}

function termsOf(c: Extract<DecodedCommand['command'], { type: 'CreateAuction' }>): AuctionTerms {
  return {
    sellerId: c.sellerId,
    itemId: c.itemId,
    startingPriceCents: c.startingPriceCents,
    reservePriceCents: c.reservePriceCents ?? null,
    buyNowPriceCents: c.buyNowPriceCents ?? null,
    startsAt: c.startsAt,
    endsAt: c.endsAt,
    antiSnipingWindowMs: c.antiSnipingWindowMs,
    antiSnipingExtensionMs: c.antiSnipingExtensionMs,
    incrementTable: c.incrementTable ?? null,
  };
}

function auctionRow(
  auctionId: string,
  partition: number,
  { state, lastSequence }: StoredAuction,
): AuctionRow {
  return {
    auction_id: auctionId,
    partition,
    item_id: state.itemId,
    seller_id: state.sellerId,
    title: state.title,
    external_ref: state.externalRef ?? null,
    status: state.status,
    visible_price_cents: state.visiblePriceCents,
    leader_id: state.leader?.bidderId ?? null,
    bid_count: state.bidCount,
    has_reserve: state.reservePriceCents !== undefined,
    reserve_met: state.reserveMet,
    starts_at: new Date(state.startsAt).toISOString(),
    // When bidding ends, or ended: a buy-now or a cancel ends it before its scheduled end.
    ends_at: new Date(Math.min(state.endsAt, state.closedAt ?? state.endsAt)).toISOString(),
    outcome: state.outcome ?? null,
    winner_id: state.winnerId ?? null,
    final_price_cents: state.finalPriceCents ?? null,
    last_sequence: lastSequence,
    state,
  };
}
