/**
 * The final state a logged auction must reach when every recorded bid arrives in order and on
 * time, as the independent reference model (reference-model/) gives it: no infrastructure
 * and nothing from processors/domain. This is what a clean run of the system gives.
 */
import type { LoggedAuction } from '../perf/load/bid-log.js';
import { modelFinal } from '../reference-model/recorded.js';

export interface ExpectedFinal {
  readonly status: 'closed';
  readonly outcome: string;
  readonly winnerId: string | null;
  readonly finalPriceCents: number | null;
  readonly bidCount: number;
}

export function expectedFinal(auction: LoggedAuction, sellerId: string): ExpectedFinal {
  const final = modelFinal(auction, sellerId);
  if (final.status !== 'closed' || final.outcome === null)
    throw new Error(`auction ${auction.sourceId} did not close in the reference model`);
  return {
    status: 'closed',
    outcome: final.outcome,
    winnerId: final.winnerId,
    finalPriceCents: final.finalPriceCents,
    bidCount: final.bidCount,
  };
}
