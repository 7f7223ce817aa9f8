/**
 * Re-derives an auction from its commands with the independent reference model
 * (reference-model/, which shares no code with processors/domain): each command's verdict and
 * what anyone sees after it. Pure. The processor's own bookkeeping is repeated here as the
 * README states it, not as processors/ codes it: a bid id decided once is not decided again (a
 * repeat), and a message that cannot be read is set aside (dead-lettered).
 */
import type { ModelCommand, ModelVerdict, ModelView } from '../reference-model/auction.js';
import { ReferenceMarket } from '../reference-model/market.js';
import type { AuditCommand } from './record.js';

/** What became of one command in the derivation. */
export type DerivedVerdict =
  | ModelVerdict
  /** The same bid id came earlier (at that step): the processor keeps the first decision. */
  | { readonly verdict: 'repeat'; readonly ofStep: number }
  | { readonly verdict: 'set aside'; readonly reason: string };

export interface DerivedStep {
  /** 1-based, in log order. */
  readonly step: number;
  readonly command: AuditCommand;
  readonly verdict: DerivedVerdict;
  /** The auction after the command; undefined while no auction was listed. */
  readonly after: ModelView | undefined;
  /** How far the command moved the end (anti-sniping), in ms; 0 when it did not. */
  readonly extendedByMs: number;
}

export interface Derivation {
  readonly steps: readonly DerivedStep[];
  /** The auction at the end of the record; undefined when it was never listed. */
  readonly final: ModelView | undefined;
}

/** The model's command for one of the record's (the create and unreadable ones are not). */
function modelCommand(c: Exclude<AuditCommand, { kind: 'create' | 'unreadable' }>): ModelCommand {
  switch (c.kind) {
    case 'bid':
      return { kind: 'bid', bidderId: c.bidderId, maxCents: c.maxCents, at: c.at };
    case 'buyNow':
      return { kind: 'buyNow', buyerId: c.buyerId, at: c.at };
    case 'cancel':
      return { kind: 'cancel', by: c.by, at: c.at };
    case 'close':
      return { kind: 'close', at: c.at };
    default: {
      const unreachable: never = c;
      throw new Error(`audit: unknown command ${JSON.stringify(unreachable)}`);
    }
  }
}

export function derive(auctionId: string, commands: readonly AuditCommand[]): Derivation {
  const market = new ReferenceMarket();
  const firstStepOfBid = new Map<string, number>();
  const steps: DerivedStep[] = [];
  for (const [index, command] of commands.entries()) {
    const step = index + 1;
    const endBefore = market.view(auctionId)?.endsAt;
    const verdict = verdictOf(market, auctionId, command, step, firstStepOfBid);
    const after = market.view(auctionId);
    const extendedByMs =
      endBefore !== undefined && after !== undefined ? after.endsAt - endBefore : 0;
    steps.push({ step, command, verdict, after, extendedByMs });
  }
  return { steps, final: market.view(auctionId) };
}

function verdictOf(
  market: ReferenceMarket,
  auctionId: string,
  command: AuditCommand,
  step: number,
  firstStepOfBid: Map<string, number>,
): DerivedVerdict {
  switch (command.kind) {
    case 'unreadable':
      return { verdict: 'set aside', reason: command.reason };
    case 'create':
      return market.list(auctionId, command.terms.itemId, command.terms);
    case 'bid':
    case 'buyNow': {
      const first = firstStepOfBid.get(command.bidId);
      if (first !== undefined) return { verdict: 'repeat', ofStep: first };
      firstStepOfBid.set(command.bidId, step);
      return market.apply(auctionId, modelCommand(command));
    }
    case 'cancel':
    case 'close':
      return market.apply(auctionId, modelCommand(command));
    default: {
      const unreachable: never = command;
      throw new Error(`audit: unknown command ${JSON.stringify(unreachable)}`);
    }
  }
}
