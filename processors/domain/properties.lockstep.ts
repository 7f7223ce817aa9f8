/**
 * Test-only: runs one script through decide/evolve and through the reference model side by
 * side, and records what each said about every command, in the same shape, to compare.
 */
import {
  ReferenceAuction,
  type ModelCommand,
  type ModelStanding,
  type ModelTerms,
  type ModelVerdict,
  type ModelView,
} from '../../reference-model/auction.js';
import type { AuctionCommand } from './commands.js';
import { decide } from './decide.js';
import type { AuctionEvent } from './events.js';
import { evolve } from './evolve.js';
import { auctionOf, contextFor, fold, HOUR, T0 } from './given.js';
import { ENDS_AT, type AmountChoice, type ScriptStep } from './properties.arbitraries.js';
import { NOT_CREATED, type AuctionState } from './state.js';

export interface Observed {
  readonly verdict: ModelVerdict;
  readonly view: ModelView;
  /** For an accepted bid: the price and leading flag its BidAccepted event carried. */
  readonly bidEvent?: { readonly priceCents: number; readonly leading: boolean } | undefined;
}

export interface LockstepStep {
  readonly command: ModelCommand;
  readonly implementation: Observed;
  readonly model: Observed;
  /** decide's events for this command. */
  readonly events: readonly AuctionEvent[];
  /** The model's standings after it. */
  readonly standings: readonly ModelStanding[];
}

/** decide's events, read as a verdict in the model's terms. */
export function verdictOf(events: readonly AuctionEvent[]): ModelVerdict {
  const first = events[0];
  if (!first) return { verdict: 'ignored' };
  if (first.type === 'BidRejected' || first.type === 'CommandRejected')
    return { verdict: 'rejected', reason: first.reason };
  return { verdict: 'accepted' };
}

/** The implementation's state, read as the model's view. */
function viewOf(state: AuctionState): ModelView {
  return {
    status: state.status,
    priceCents: state.visiblePriceCents,
    leaderId: state.leader?.bidderId ?? null,
    leaderMaxCents: state.leader?.maxCents ?? null,
    runnerUpMaxCents: state.runnerUpMaxCents,
    endsAt: state.endsAt,
    // A buy-now or a cancel ended it then (a close at its end is no early end).
    endedEarlyAt:
      state.status === 'cancelled' || state.outcome === 'bought_now'
        ? (state.closedAt ?? null)
        : null,
    bidCount: state.bidCount,
    reserveMet: state.reserveMet,
    outcome: state.outcome ?? null,
    winnerId: state.winnerId ?? null,
    finalPriceCents: state.finalPriceCents ?? null,
  };
}

function resolveAmount(amount: AmountChoice, model: ReferenceAuction): number {
  const view = model.view();
  switch (amount.kind) {
    case 'absolute':
      return amount.cents;
    case 'aroundMinimum':
      return Math.max(1, view.priceCents + model.increment(view.priceCents) + amount.delta);
    case 'aroundLeader':
      return Math.max(1, (view.leaderMaxCents ?? view.priceCents) + amount.delta);
    default: {
      const unreachable: never = amount;
      throw new Error(`unknown amount ${JSON.stringify(unreachable)}`);
    }
  }
}

/** The model's command as the domain's; `n` makes bid ids unique within a script. */
export const toDomain = (command: ModelCommand, n: number, auctionId = 'a-1'): AuctionCommand => {
  switch (command.kind) {
    case 'bid':
      return {
        type: 'PlaceBid',
        auctionId,
        bidId: `b-${n}`,
        bidderId: command.bidderId,
        maxAmountCents: command.maxCents,
        placedAt: command.at,
      };
    case 'buyNow':
      return {
        type: 'BuyNow',
        auctionId,
        bidId: `n-${n}`,
        buyerId: command.buyerId,
        placedAt: command.at,
      };
    case 'cancel':
      return { type: 'CancelAuction', auctionId, requestedBy: command.by, requestedAt: command.at };
    case 'close':
      return { type: 'CloseAuction', auctionId, requestedAt: command.at };
    default: {
      const unreachable: never = command;
      throw new Error(`unknown command ${JSON.stringify(unreachable)}`);
    }
  }
};

/** Both sides, step by step; the script ends with the close the processor always sends. */
export function lockstep(terms: ModelTerms, script: readonly ScriptStep[]): LockstepStep[] {
  const model = new ReferenceAuction(terms);
  const { sellerId, incrementTable, ...rest } = terms;
  let state = auctionOf(
    evolve(NOT_CREATED, {
      type: 'AuctionCreated',
      auctionId: 'a-1',
      sellerId,
      itemId: 'item-1',
      title: 'Cartier wristwatch',
      ...rest,
      ...(incrementTable ? { incrementTable } : {}),
    }),
  );
  let at = T0 - HOUR; // the first steps may come before the start
  const commands: ModelCommand[] = script.map((s) => {
    at += s.gap;
    return s.kind === 'close' ? { kind: 'close', at } : placeholder(s, at);
  });
  commands.push({ kind: 'close', at: ENDS_AT + 1_000 * HOUR });

  return commands.map((planned, n) => {
    // Relative amounts are resolved against the auction as it stands now.
    const source = script[n];
    const command =
      planned.kind === 'bid' && source?.kind === 'bid'
        ? { ...planned, maxCents: resolveAmount(source.amount, model) }
        : planned;
    const domainCommand = toDomain(command, n);
    const events = decide(domainCommand, state, contextFor(domainCommand));
    state = auctionOf(fold(events, state));
    const accepted = events.find((e) => e.type === 'BidAccepted');
    const modelVerdict = model.apply(command);
    const modelView = model.view();
    return {
      command,
      events,
      standings: model.standings(),
      implementation: {
        verdict: verdictOf(events),
        view: viewOf(state),
        bidEvent: accepted && { priceCents: accepted.visiblePriceCents, leading: accepted.leading },
      },
      model: {
        verdict: modelVerdict,
        view: modelView,
        bidEvent:
          command.kind === 'bid' && modelVerdict.verdict === 'accepted'
            ? { priceCents: modelView.priceCents, leading: modelView.leaderId === command.bidderId }
            : undefined,
      },
    };
  });
}

function placeholder(s: Exclude<ScriptStep, { kind: 'close' }>, at: number): ModelCommand {
  switch (s.kind) {
    case 'bid':
      return { kind: 'bid', bidderId: s.who, maxCents: 0, at };
    case 'buy':
      return { kind: 'buyNow', buyerId: s.who, at };
    case 'cancel':
      return { kind: 'cancel', by: s.who, at };
    default: {
      const unreachable: never = s;
      throw new Error(`unknown step ${JSON.stringify(unreachable)}`);
    }
  }
}
