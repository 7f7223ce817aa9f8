/**
 * The two Postgres reads a bid may need, batched (gateway/batching.ts):
 * - an auction the in-memory directory has not seen yet (the directory batches the calls,
 *   gateway/auction-directory.ts);
 * - whether this bid id was decided before (what its Idempotency-Key named), which makes a
 *   repeat answer with the original decision and a reused key refused even after Redis forgot it.
 */
import DataLoader from 'dataloader';
import type { Queryable } from '../platform/dependency-errors.js';
import { BATCH_OPTIONS } from './batching.js';
import type { AuctionFacts, AuctionStatus, LoadAuctionFacts } from './auction-directory.js';
import type { RequestFingerprint } from './idempotency.js';

export function loadAuctionFacts(db: Queryable): LoadAuctionFacts {
  return async (auctionIds) => {
    const { rows } = await db.query<{
      auction_id: string;
      status: AuctionStatus;
      seller_id: string;
      starts_at: Date;
      ends_at: Date;
      bid_count: number;
      buy_now_price_cents: string | null;
    }>(
      // The buy-now price is a public term kept only in the state document.
      `SELECT auction_id, status, seller_id, starts_at, ends_at, bid_count,
         state->>'buyNowPriceCents' AS buy_now_price_cents
       FROM auctions WHERE auction_id = ANY($1)`,
      [auctionIds],
    );
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
  const loader = new DataLoader<string, RequestFingerprint | undefined>(async (bidIds) => {
    const { rows } = await db.query<{
      bid_id: string;
      auction_id: string;
      kind: 'bid' | 'buy_now';
      max_amount_cents: string | null;
    }>(
      'SELECT bid_id, auction_id, kind, max_amount_cents FROM bid_decisions WHERE bid_id = ANY($1)',
      [bidIds],
    );
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
