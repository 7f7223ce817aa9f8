/**
 * What an HTTP load run bids with, made once before the clock starts: open auctions, ~400
 * bidder tokens (so the per-user bid rate limit never decides what is measured), the request
 * paths and Authorization values prebuilt, one keep-alive client, and the generator's code
 * warmed up (perf/load/warm-up.ts).
 */
import { issueToken } from '../../gateway/access/auth.js';
import { jwtSettings } from '../../gateway/config/config.js';
import { RetryingClient, sellerOf } from './http-client.js';
import { warmUpGenerator } from './warm-up.js';

export const BIDDERS = 400;

export interface Bidding {
  readonly client: RetryingClient;
  /** Tells this run's idempotency keys and items from any other's. */
  readonly run: string;
  readonly auctionIds: readonly string[];
  /** `/auctions/<id>/bids`, one per auction. */
  readonly bidPaths: readonly string[];
  /** `Bearer <token>`, one per bidder. */
  readonly authorizations: readonly string[];
  /** The next bid's number: it runs on across the steps of a sweep, so each key is new. */
  sequence: number;
}

export async function prepareBidding(
  options: {
    readonly gateway: string;
    readonly auctions: number;
    readonly connections: number;
    readonly prefix: string;
  },
  say: (line: string) => void = console.log,
): Promise<Bidding> {
  const client = new RetryingClient(options.gateway, undefined, {
    connections: options.connections,
  });
  const run = Date.now().toString(36);
  const authorizations = await Promise.all(
    Array.from(
      { length: BIDDERS },
      async (_, i) => `Bearer ${await issueToken(jwtSettings(), `${options.prefix}-bidder-${i}`)}`,
    ),
  );
  say(`creating ${options.auctions} auctions …`);
  const auctionIds = await mapInBatches(options.auctions, 8, async (i) =>
    client.createAuction(
      await issueToken(jwtSettings(), sellerOf(`${options.prefix}-seller-${run}`, i)),
      {
        itemId: `${options.prefix}-${run}-${i}`,
        title: options.prefix,
        startingPrice: '1.00',
        durationSeconds: 3600,
      },
    ),
  );
  await warmUpGenerator();
  return {
    client,
    run,
    auctionIds,
    bidPaths: auctionIds.map((id) => `/auctions/${id}/bids`),
    authorizations,
    sequence: 0,
  };
}

/** fn(0) … fn(count - 1), `width` at a time, results in order. */
async function mapInBatches<R>(count: number, width: number, fn: (i: number) => Promise<R>) {
  const results: R[] = [];
  for (let from = 0; from < count; from += width) {
    const batch = Array.from({ length: Math.min(width, count - from) }, (_, k) => fn(from + k));
    results.push(...(await Promise.all(batch)));
  }
  return results;
}
