/**
 * Whether each replayed auction closed as the independent reference model says it should
 * (tests/reference-model/: the same recorded bids, in order, all in time): the same winner and
 * the same price. This is the replay's correctness, where the replay report itself only compares
 * with eBay's recorded price (which differs from the rules in a few pinned auctions). Pure.
 */
import type { LoggedAuction } from '../load/bid-log.js';
import type { AuctionOutcome } from '../load/replay-report.js';
import { toAmount, toCents } from '../../tests/reference-model/money.js';
import { modelFinal } from '../../tests/reference-model/recorded.js';

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
