/**
 * `npm run replay -- --file <path> [--day-seconds N] [--stagger-seconds S] [--report <path.json>] [--limit N]`
 *
 * Replays a bid log through the HTTP API, open-loop on the recorded schedule scaled so that one
 * auction day lasts N seconds. Each source auction becomes one auction (starting price = the
 * recorded opening bid, eBay's increments, hard close after its length); each bidder bids as
 * itself; auction starts are spread over S seconds (default: one day). One auction's bids keep their order (the next goes once the previous is acknowledged);
 * auctions run in parallel. When all have closed, it reads every final state back from the API
 * and reports, per source auction, the winner and price against the recorded price, and (from
 * the processor's decisions in Postgres) the bids it took with a 202 and then refused, by reason:
 * those decided `auction_ended` came too late, and make the run not clean (perf/load/late-bids.ts).
 *
 * It uses its own idempotency to ride out a gateway restart or an outage: a request with no
 * answer or a 503 is sent again with the same Idempotency-Key (a create: after looking its
 * externalRef up), with backoff, for up to --retry-budget-seconds per request (perf/load/retry.ts).
 * The report counts the retries. If a request still fails, it writes what it has as a partial
 * report (`partial: true`, with the reason) and exits 1.
 */
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatCents } from '../../gateway/commands/money.js';
import { readEndpoints, serviceUrls } from '../../platform/endpoints.js';
import { parseEbayCsv, parseNdjson, type LoggedAuction } from './bid-log.js';
import { BidderClient } from './bidder-client.js';
import { isDecidedRejection } from './http-client.js';
import { refusedAfterAccepting } from '../harness/decisions.js';
import { cleanliness, decidedLate, type RefusalsByReason } from './late-bids.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
import {
  ReplayFailed,
  summaryTable,
  type AuctionOutcome,
  type ReplayReport,
} from './replay-report.js';

interface Options {
  readonly file: string;
  readonly daySeconds: number;
  readonly report?: string;
  readonly limit?: number;
  readonly gateway: string;
  /** Extra seconds before the hard close, so a bid recorded at the very end is not cut off by transport. */
  readonly marginSeconds: number;
  /** Auction starts are spread over this many seconds. */
  readonly staggerSeconds: number;
  /** How requests with no answer or a 503 are retried (default DEFAULT_RETRY_POLICY). */
  readonly retry?: RetryPolicy;
  /** Where the processor's decisions are read from; without it they are not counted. */
  readonly databaseUrl?: string;
}

export async function replay(
  options: Options,
  say: (line: string) => void = console.log,
): Promise<ReplayReport> {
  const text = await readFile(options.file, 'utf8');
  const all = options.file.endsWith('.csv') ? parseEbayCsv(text) : parseNdjson(text);
  const log = options.limit ? all.slice(0, options.limit) : all;
  const http = new BidderClient(options.gateway, options.retry ?? DEFAULT_RETRY_POLICY);
  const runId = randomUUID().slice(0, 8);
  const began = Date.now();
  const totalBids = log.reduce((n, a) => n + a.bids.length, 0);
  say(
    `replaying ${log.length} auctions and ${totalBids} bids from ${options.file}, one day = ${options.daySeconds} s (run ${runId})`,
  );

  // Auctions open far enough ahead for all the creates to be decided, spread over the stagger
  // window: real auctions do not all end in the same second.
  const firstStart = Date.now() + 3000 + log.length * 10;
  const startOf = (index: number) =>
    firstStart + Math.round((index / log.length) * options.staggerSeconds * 1000);
  const counters = { created: 0, sent: 0, refused: 0, closed: 0 };
  const refusals: Record<string, number> = {};
  const progress = setInterval(
    () =>
      say(
        `… created ${counters.created}/${log.length}, bids sent ${counters.sent}/${totalBids}, closed ${counters.closed}/${log.length}` +
          (http.retries.retries > 0 ? `, retries ${http.retries.retries}` : ''),
      ),
    2000,
  );
  const outcomes: AuctionOutcome[] = [];
  let acceptedThenRefused: RefusalsByReason | null = null;
  const reportOf = (failure?: unknown): ReplayReport => {
    const counts = {
      auctions: log.length,
      bidsRefusedByGateway: counters.refused,
      closed: outcomes.filter((o) => o.status === 'closed').length,
      partial: failure !== undefined,
      acceptedThenRefused,
    };
    return {
      ...counts,
      file: options.file,
      daySeconds: options.daySeconds,
      bidsSent: counters.sent,
      refusals,
      decidedLate: acceptedThenRefused === null ? null : decidedLate(acceptedThenRefused),
      ...cleanliness(counts),
      matched: outcomes.filter((o) => o.matches).length,
      seconds: (Date.now() - began) / 1000,
      retries: { ...http.retries },
      ...(failure === undefined ? {} : { failure: (failure as Error).message }),
      outcomes,
    };
  };
  let ids: string[] = [];
  try {
    ids = await mapLimited(log, 16, async (auction) => {
      const id = await createAuction(http, auction, runId, startOf(log.indexOf(auction)), options);
      counters.created += 1;
      return id;
    });
    await Promise.all(
      log.map(async (auction, index) => {
        for (const [n, bid] of auction.bids.entries()) {
          const due = startOf(index) + bid.atDays * options.daySeconds * 1000;
          if (due > Date.now()) await sleep(due - Date.now());
          const result = await http.request(
            'POST',
            `/auctions/${ids[index]}/bids`,
            bid.bidderId,
            { maxAmount: bid.amount },
            {
              'idempotency-key': `${runId}-${auction.sourceId}-${n}`,
            },
          );
          counters.sent += 1;
          if (result.status !== 202 && result.status !== 200 && !isDecidedRejection(result)) {
            counters.refused += 1;
            const code = `${result.status} ${typeof result.body?.code === 'string' ? result.body.code : ''}`;
            refusals[code] = (refusals[code] ?? 0) + 1;
          }
        }
      }),
    );
    const finals = await mapLimited(log, 16, async (auction, index) => {
      const final = await untilClosed(http, ids[index]!);
      counters.closed += 1;
      const price =
        typeof final.finalPriceCents === 'number' ? formatCents(final.finalPriceCents) : null;
      const outcome: AuctionOutcome = {
        sourceId: auction.sourceId,
        auctionId: ids[index]!,
        status: String(final.status),
        winnerId: (final.winnerId as string | null) ?? null,
        finalPrice: price,
        recordedPrice: auction.recordedPrice,
        matches: price !== null && price === auction.recordedPrice,
      };
      outcomes.push(outcome);
      return outcome;
    });
    // In the log's order, whatever order they closed in.
    outcomes.splice(0, outcomes.length, ...finals);
    acceptedThenRefused = await readRefusals(options, ids, say);
    const report = reportOf();
    if (options.report) await writeFile(options.report, JSON.stringify(report, null, 2));
    return report;
  } catch (error) {
    acceptedThenRefused = await readRefusals(options, ids, say);
    const partial = reportOf(error);
    if (options.report) await writeFile(options.report, JSON.stringify(partial, null, 2));
    throw new ReplayFailed(partial, error);
  } finally {
    clearInterval(progress);
  }
}

/** The decided refusals, or null (said why) when there is no database to read them from. */
async function readRefusals(
  options: Options,
  auctionIds: readonly string[],
  say: (line: string) => void,
): Promise<RefusalsByReason | null> {
  if (options.databaseUrl === undefined || auctionIds.length === 0) return null;
  try {
    return await refusedAfterAccepting(options.databaseUrl, auctionIds);
  } catch (error) {
    say(`could not read the processor's decisions: ${(error as Error).message}`);
    return null;
  }
}

async function createAuction(
  http: BidderClient,
  auction: LoggedAuction,
  runId: string,
  startsAt: number,
  options: Options,
) {
  const endsAt =
    startsAt + (auction.lengthDays * options.daySeconds + options.marginSeconds) * 1000;
  const externalRef = `replay:${runId}:${auction.sourceId}`;
  // A create has no Idempotency-Key; its externalRef is one. Before a retry, look it up: the
  // try that got no answer may have created the auction already.
  const alreadyCreated = async () => {
    const found = await http.request(
      'GET',
      `/auctions?externalRef=${encodeURIComponent(externalRef)}`,
    );
    const [existing] = (found.body?.items as Record<string, unknown>[] | undefined) ?? [];
    return existing ? { status: 201, body: existing } : undefined;
  };
  const response = await http.request(
    'POST',
    '/auctions?wait=15000',
    `seller-${auction.sourceId}`,
    {
      itemId: `${auction.sourceId}-${runId}`,
      title: auction.item,
      startingPrice: auction.startingPrice,
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(endsAt).toISOString(),
      externalRef,
    },
    {},
    alreadyCreated,
  );
  if (response.status !== 201) {
    throw new Error(
      `creating auction ${auction.sourceId} failed: HTTP ${response.status} ${JSON.stringify(response.body)}`,
    );
  }
  return String(response.body?.auctionId);
}

async function untilClosed(http: BidderClient, auctionId: string) {
  for (;;) {
    const { body } = await http.request('GET', `/auctions/${auctionId}`);
    if (body && body.status !== 'open') return body;
    await sleep(500);
  }
}

async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
) {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await fn(items[index]!, index);
      }
    }),
  );
  return results;
}

async function main() {
  const { values } = parseArgs({
    options: {
      file: { type: 'string' },
      'day-seconds': { type: 'string', default: '10' },
      report: { type: 'string' },
      limit: { type: 'string' },
      'margin-seconds': { type: 'string', default: '2' },
      'stagger-seconds': { type: 'string' },
      'retry-budget-seconds': {
        type: 'string',
        default: String(DEFAULT_RETRY_POLICY.budgetMs / 1000),
      },
    },
  });
  if (!values.file) {
    console.error(
      'usage: npm run replay -- --file <path.csv|path.ndjson> [--day-seconds N] [--report <path.json>] [--limit N] [--retry-budget-seconds S]',
    );
    process.exit(2);
  }
  const options: Options = {
    file: values.file,
    daySeconds: Number(values['day-seconds']),
    report: values.report,
    limit: values.limit ? Number(values.limit) : undefined,
    gateway: process.env.GATEWAY_URL ?? serviceUrls(readEndpoints()).gatewayUrl,
    marginSeconds: Number(values['margin-seconds']),
    staggerSeconds: Number(values['stagger-seconds'] ?? values['day-seconds']),
    databaseUrl: process.env.DATABASE_URL ?? serviceUrls(readEndpoints()).databaseUrl,
    retry: {
      ...DEFAULT_RETRY_POLICY,
      budgetMs: Number(values['retry-budget-seconds']) * 1000,
    },
  };
  try {
    const report = await replay(options);
    console.log(`\n${summaryTable(report)}`);
    if (values.report) console.log(`\nreport written to ${values.report}`);
  } catch (error) {
    if (!(error instanceof ReplayFailed)) throw error;
    console.log(`\n${summaryTable(error.report)}`);
    if (values.report) console.log(`\npartial report written to ${values.report}`);
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(`replay failed: ${(error as Error).message}`);
    process.exitCode = 1;
  });
}
