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
    const rows = await reads.auctionFacts(auctionIds);
    return new Map<string, AuctionFacts>(
      rows.map((r) => [
        r.auction_id,
        {
          status: r.status,
          sellerId: r.seller_id,
          startsAt: r.starts_at.getTime(),
          endsAt: r.ends_at.getTime(),
          bidCount: r.bid_count,
          buyNowPriceCents:
            r.buy_now_price_cents === null ? undefined : Number(r.buy_now_price_cents),
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
    const rows = await reads.decidedRequests(bidIds);
    const found = new Map(
      rows.map((r) => [
        r.bid_id,
        {
          kind: r.kind,
          auctionId: r.auction_id,
          maxAmountCents: r.max_amount_cents === null ? null : Number(r.max_amount_cents),
        },
      ]),
    );
    return bidIds.map((id) => found.get(id));
  }, BATCH_OPTIONS);
  return (bidId) => loader.load(bidId);
}
