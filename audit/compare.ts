/**
 * Sets the derivation beside what the system stored: each command's stored decision against the
 * model's verdict and view after it, then the stored auction against the derived one. Pure. The
 * first step where they part is the answer to a dispute; when every decision agrees but the
 * stored outcome does not, the step that settled the auction (its close, buy-now or cancel) is
 * where they part.
 */
import type { ModelView } from '../reference-model/auction.js';
import type { Derivation, DerivedStep } from './derive.js';
import type { AuditRecord, StoredAuction, StoredDecision, StoredRecord } from './record.js';

/** What a decision says, in the terms both sides can give. */
export interface DecisionView {
  readonly accepted: boolean;
  readonly reason: string | null;
  readonly visiblePriceCents?: number;
  readonly leading?: boolean;
}

export interface StepCheck {
  readonly step: number;
  /** The stored decision; `not compared` for repeats, unreadable messages and unrecorded closes. */
  readonly stored: StoredDecision | 'missing' | 'not compared';
  readonly derived: DecisionView | undefined;
  /** What differs, e.g. "visible price 1250 stored, 1300 derived"; undefined when they agree. */
  readonly difference?: string;
}

/** The fields of an auction's outcome and final view that both sides hold. */
export interface OutcomeView {
  readonly status: string;
  readonly outcome: string | null;
  readonly winnerId: string | null;
  readonly finalPriceCents: number | null;
  readonly visiblePriceCents: number;
  readonly leaderId: string | null;
  readonly bidCount: number;
  readonly endsAt: number;
}

export interface Divergence {
  /** The step (1-based) where they part; null when the record has no step to name. */
  readonly step: number | null;
  readonly what: string;
}

export interface Comparison {
  readonly checks: readonly StepCheck[];
  readonly stored: OutcomeView;
  readonly derived: OutcomeView | undefined;
  /** undefined: the stored outcome matches the derived one, and so does every decision. */
  readonly divergence: Divergence | undefined;
}

const storedOutcome = (a: StoredAuction): OutcomeView => ({
  status: a.status,
  outcome: a.outcome,
  winnerId: a.winnerId,
  finalPriceCents: a.finalPriceCents,
  visiblePriceCents: a.visiblePriceCents,
  leaderId: a.leaderId,
  bidCount: a.bidCount,
  endsAt: a.endsAt,
});

const derivedOutcome = (v: ModelView): OutcomeView => ({
  status: v.status,
  outcome: v.outcome,
  winnerId: v.winnerId,
  finalPriceCents: v.finalPriceCents,
  visiblePriceCents: v.priceCents,
  leaderId: v.leaderId,
  bidCount: v.bidCount,
  // The API's endsAt of an auction bought now or cancelled is when that ended it.
  endsAt: v.endedEarlyAt === null ? v.endsAt : Math.min(v.endsAt, v.endedEarlyAt),
});

/** "field a stored, b derived" for each field that differs. */
function differences<T extends object>(stored: T, derived: T): string[] {
  return (Object.keys(derived) as (keyof T & string)[])
    .filter((k) => stored[k] !== undefined && stored[k] !== derived[k])
    .map((k) => `${k} ${String(stored[k])} stored, ${String(derived[k])} derived`);
}

/** The model's verdict on a step as a decision the decision log could hold. */
function derivedDecision({ command, verdict, after }: DerivedStep): DecisionView | undefined {
  if (verdict.verdict === 'repeat' || verdict.verdict === 'set aside') return undefined;
  const accepted = verdict.verdict === 'accepted';
  const reason = verdict.verdict === 'rejected' ? verdict.reason : null;
  switch (command.kind) {
    case 'bid':
      return {
        accepted,
        reason,
        visiblePriceCents: after?.priceCents ?? 0,
        leading: accepted && after?.leaderId === command.bidderId,
      };
    case 'buyNow':
      return { accepted, reason, visiblePriceCents: after?.priceCents ?? 0, leading: accepted };
    case 'create':
    case 'cancel':
    case 'close':
    case 'unreadable':
      return { accepted, reason };
    default: {
      const unreachable: never = command;
      throw new Error(`audit: unknown command ${JSON.stringify(unreachable)}`);
    }
  }
}

function storedDecision(
  step: DerivedStep,
  stored: StoredRecord,
): StoredDecision | 'missing' | 'not compared' {
  const { command, verdict } = step;
  if (verdict.verdict === 'repeat' || verdict.verdict === 'set aside') return 'not compared';
  switch (command.kind) {
    case 'bid':
    case 'buyNow':
      return stored.bids.get(command.bidId) ?? 'missing';
    case 'close':
      return (
        stored.commands.get(command.commandId) ??
        (stored.closesRecorded ? 'missing' : 'not compared')
      );
    case 'create':
    case 'cancel':
      return stored.commands.get(command.commandId) ?? 'missing';
    case 'unreadable':
      return 'not compared';
    default: {
      const unreachable: never = command;
      throw new Error(`audit: unknown command ${JSON.stringify(unreachable)}`);
    }
  }
}

function checkStep(step: DerivedStep, record: StoredRecord): StepCheck {
  const stored = storedDecision(step, record);
  const derived = derivedDecision(step);
  if (stored === 'not compared' || derived === undefined)
    return { step: step.step, stored: 'not compared', derived };
  if (stored === 'missing')
    return { step: step.step, stored, derived, difference: 'no stored decision' };
  const differ = differences<DecisionView>(stored, derived);
  return differ.length === 0
    ? { step: step.step, stored, derived }
    : { step: step.step, stored, derived, difference: differ.join('; ') };
}

/** The last step that settled the auction (closed, bought or cancelled it). */
function settlingStep(derivation: Derivation): number | null {
  const settled = derivation.steps.findLast(
    (s) =>
      s.verdict.verdict === 'accepted' &&
      (s.command.kind === 'close' || s.command.kind === 'buyNow' || s.command.kind === 'cancel'),
  );
  return settled?.step ?? derivation.steps.at(-1)?.step ?? null;
}

export function compare(record: AuditRecord, derivation: Derivation): Comparison {
  const checks = derivation.steps.map((s) => checkStep(s, record.stored));
  const stored = storedOutcome(record.stored.auction);
  const derived = derivation.final && derivedOutcome(derivation.final);
  const firstStep = checks.find((c) => c.difference !== undefined);
  if (firstStep)
    return {
      checks,
      stored,
      derived,
      divergence: { step: firstStep.step, what: firstStep.difference! },
    };
  if (!derived)
    return {
      checks,
      stored,
      derived,
      divergence: { step: null, what: 'the record never lists the auction, but it is stored' },
    };
  const outcome = differences(stored, derived);
  return outcome.length === 0
    ? { checks, stored, derived, divergence: undefined }
    : {
        checks,
        stored,
        derived,
        divergence: {
          step: settlingStep(derivation),
          what: `every decision agrees, but the stored auction differs: ${outcome.join('; ')}`,
        },
      };
}
