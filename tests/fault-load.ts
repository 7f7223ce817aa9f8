/**
 * Bids that must get through a fault: each recorded auction's bids are sent in order on a
 * schedule, and a request answered 503 (or not answered at all) is sent again with the same
 * Idempotency-Key, as a well-behaved client would. Counts what the client saw on the way.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoggedAuction } from '../perf/load/bid-log.js';
import { isDecidedRejection } from '../perf/load/http-client.js';
import type { client, Reply } from './http.js';

export interface LoadCounters {
  sent: number;
  accepted: number;
  /** 503 answers, each of which carried Retry-After. */
  unavailable: number;
  /** Requests that failed without an answer (connection refused or reset). */
  unanswered: number;
  /** Requests outstanding right now. */
  inFlight: number;
  /** Any other answer: status and problem code → count. */
  refused: Record<string, number>;
  /** 503s without a Retry-After header: must stay 0. */
  unavailableWithoutRetryAfter: number;
}

export const newCounters = (): LoadCounters => ({
  sent: 0,
  accepted: 0,
  unavailable: 0,
  unanswered: 0,
  inFlight: 0,
  refused: {},
  unavailableWithoutRetryAfter: 0,
});

/** No answer within this long is a hang, which the gateway must never do. */
const HANG_MS = 20_000;

/**
 * Sends one request until it gets an answer other than 503; a request that hangs fails the
 * run. Returns the final answer.
 */
export async function untilAnswered(
  call: ReturnType<typeof client>,
  counters: LoadCounters,
  ...request: Parameters<ReturnType<typeof client>>
): Promise<Reply> {
  const [method, path, options = {}] = request;
  for (;;) {
    counters.sent += 1;
    counters.inFlight += 1;
    let reply: Reply | undefined;
    try {
      reply = await call(method, path, { ...options, signal: AbortSignal.timeout(HANG_MS) });
    } catch (error) {
      if ((error as Error).name === 'TimeoutError')
        throw new Error(`${method} ${path} got no answer within ${HANG_MS} ms: the gateway hung`);
      counters.unanswered += 1;
    } finally {
      counters.inFlight -= 1;
    }
    if (reply && reply.status !== 503) return reply;
    if (reply) {
      counters.unavailable += 1;
      const retryAfter = Number(reply.headers.get('retry-after'));
      if (!(retryAfter > 0)) counters.unavailableWithoutRetryAfter += 1;
    }
    await sleep(250); // Shorter than Retry-After: the test wants to see the recovery promptly.
  }
}

/**
 * Sends every auction's bids in their recorded order, spread over `spreadMs` from `startAt` in
 * proportion to when they were placed; auctions in parallel.
 */
export async function sendRecordedBids(
  call: ReturnType<typeof client>,
  counters: LoadCounters,
  auctions: readonly { readonly logged: LoggedAuction; readonly auctionId: string }[],
  options: { readonly startAt: number; readonly spreadMs: number; readonly keyPrefix: string },
) {
  await Promise.all(
    auctions.map(async ({ logged, auctionId }) => {
      for (const [n, bid] of logged.bids.entries()) {
        const due =
          options.startAt + (bid.atDays / Math.max(logged.lengthDays, 1)) * options.spreadMs;
        if (due > Date.now()) await sleep(due - Date.now());
        const reply = await untilAnswered(call, counters, 'POST', `/auctions/${auctionId}/bids`, {
          user: bid.bidderId,
          json: { maxAmount: bid.amount },
          headers: { 'idempotency-key': `${options.keyPrefix}-${logged.sourceId}-${n}` },
        });
        if (reply.status === 202 || reply.status === 200 || isDecidedRejection(reply))
          counters.accepted += 1;
        else {
          const code = `${reply.status} ${typeof reply.body.code === 'string' ? reply.body.code : ''}`;
          counters.refused[code] = (counters.refused[code] ?? 0) + 1;
        }
      }
    }),
  );
}
