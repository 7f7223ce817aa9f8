/**
 * Whether each replayed auction closed as the independent reference model says it should
 * (reference-model/: the same recorded bids, in order, all in time): the same winner and
 * the same price. This is the replay's correctness, where the replay report itself only compares
 * with eBay's recorded price (which differs from the rules in a few pinned auctions). Pure.
 */
import type { LoggedAuction } from '../load/bid-log.js';
import type { AuctionOutcome } from '../load/replay-report.js';
import { ReferenceAuction } from '../../reference-model/auction.js';
import { toAmount, toCents } from '../../reference-model/money.js';
import { modelFinal } from '../../reference-model/recorded.js';

/** The seller the replay creates each source auction as (perf/load/replay.ts). */
export const replaySellerOf = (sourceId: string) => `seller-${sourceId}`;

export interface ReferenceMismatch {
  readonly sourceId: string;
  readonly ours: { readonly winnerId: string | null; readonly price: string | null };
  readonly model: { readonly winnerId: string | null; readonly price: string | null };
}

export interface ReferenceComparison {
  readonly compared: number;
  readonly matched: number;
  readonly mismatches: readonly ReferenceMismatch[];
}

export function compareWithReference(
  outcomes: readonly Pick<AuctionOutcome, 'sourceId' | 'winnerId' | 'finalPrice' | 'status'>[],
  logged: readonly LoggedAuction[],
): ReferenceComparison {
  const bySource = new Map(logged.map((a) => [a.sourceId, a]));
  const mismatches: ReferenceMismatch[] = [];
  let matched = 0;
  for (const outcome of outcomes) {
    const auction = bySource.get(outcome.sourceId);
    if (!auction) throw new Error(`replayed auction ${outcome.sourceId} is not in the log`);
    const model = modelFinal(auction, replaySellerOf(auction.sourceId));
    const modelPrice = model.finalPriceCents === null ? null : toAmount(model.finalPriceCents);
    const ourPrice = outcome.finalPrice === null ? null : toAmount(toCents(outcome.finalPrice));
    if (
      outcome.status === 'closed' &&
      outcome.winnerId === model.winnerId &&
      ourPrice === modelPrice
    )
      matched += 1;
    else
      mismatches.push({
        sourceId: outcome.sourceId,
        ours: { winnerId: outcome.winnerId, price: ourPrice },
        model: { winnerId: model.winnerId, price: modelPrice },
      });
  }
  return { compared: outcomes.length, matched, mismatches };
}

/**
 * The bids the reference model refuses when every recorded bid arrives in order and in time, by
 * reason: the refusals a clean replay owes (the rules'), beside which the replay's own are read.
 */
export function modelRefusals(logged: readonly LoggedAuction[]): Record<string, number> {
  const byReason: Record<string, number> = {};
  for (const auction of logged) {
    const model = new ReferenceAuction({
      sellerId: replaySellerOf(auction.sourceId),
      startingPriceCents: toCents(auction.startingPrice),
      startsAt: 0,
      endsAt: auction.bids.length + 1,
      antiSnipingWindowMs: 0,
      antiSnipingExtensionMs: 0,
    });
    auction.bids.forEach((bid, n) => {
      const verdict = model.apply({
        kind: 'bid',
        bidderId: bid.bidderId,
        maxCents: toCents(bid.amount),
        at: n,
      });
      if (verdict.verdict === 'rejected')
        byReason[verdict.reason] = (byReason[verdict.reason] ?? 0) + 1;
    });
  }
  return byReason;
}
