/**
 * The two Postgres reads a bid may need, batched (gateway/reads/batching.ts), through the processor's
 * read side (processors/read-side.ts):
 * - an auction the in-memory directory has not seen yet (the directory batches the calls,
 *   gateway/reads/auction-directory.ts);
 * - whether this bid id was decided before (what its Idempotency-Key named), which makes a
 *   repeat answer with the original decision and a reused key refused even after Redis forgot it.
 */
import DataLoader from 'dataloader';
import type { Queryable } from '../../platform/queryable.js';
import { processorReads } from '../../processors/read-side.js';
import { BATCH_OPTIONS } from './batching.js';
import type { AuctionFacts, LoadAuctionFacts } from './auction-directory.js';
import type { RequestFingerprint } from '../commands/idempotency.js';

export function loadAuctionFacts(db: Queryable): LoadAuctionFacts {
  const reads = processorReads(db);
  return async (auctionIds) => {
    const found = await reads.auctionFacts(auctionIds);
    return new Map<string, AuctionFacts>(
      found.map((a) => [
        a.auctionId,
        {
          status: a.status,
          sellerId: a.sellerId,
          startsAt: a.startsAt.getTime(),
          endsAt: a.endsAt.getTime(),
          bidCount: a.bidCount,
          buyNowPriceCents: a.buyNowPriceCents ?? undefined,
        },
      ]),
    );
  };
}

/** The decided request behind a bid id, if it was decided: its kind, auction and maximum. */
export type DecidedBids = (bidId: string) => Promise<RequestFingerprint | undefined>;

export function decidedBids(db: Queryable): DecidedBids {
  const reads = processorReads(db);
  const loader = new DataLoader<string, RequestFingerprint | undefined>(async (bidIds) => {
    const decided = await reads.decidedRequests(bidIds);
    const found = new Map(
      decided.map((d) => [
        d.bidId,
        { kind: d.kind, auctionId: d.auctionId, maxAmountCents: d.maxAmountCents },
      ]),
    );
    return bidIds.map((id) => found.get(id));
  }, BATCH_OPTIONS);
  return (bidId) => loader.load(bidId);
}
