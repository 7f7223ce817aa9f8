/**
 * `npx tsx perf/bench/ebay-replay.ts [--day-seconds N] [--limit A]`
 *
 * The eBay file replayed through the HTTP API at a fast pace (one auction day in N seconds, 1
 * by default: ten times the README's), with the replay's own client and schedule
 * (perf/load/replay.ts, the CLI's defaults): the bids the gateway refused, by status and code;
 * the bids it took (202) that the processor then refused, by reason, beside the refusals the
 * reference model owes for the same bids in time, and how many were decided late; and the
 * auctions that closed with the winner and price of the independent reference model.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseEbayCsv } from '../load/bid-log.js';
import { replay } from '../load/replay.js';
import { ReplayFailed, type ReplayReport } from '../load/replay-report.js';
import { readEndpoints, serviceUrls } from '../../platform/endpoints.js';
import { PROJECT_ROOT } from '../../stack/paths.js';
import { compareWithReference, modelRefusals, type ReferenceMismatch } from './reference-match.js';

export const EBAY_FILE = path.join(PROJECT_ROOT, '..', 'shared', 'data', 'ebay-auctions.csv');

export interface EbayReplayResult {
  readonly daySeconds: number;
  readonly auctions: number;
  readonly bidsSent: number;
  readonly refused: number;
  readonly refusals: Readonly<Record<string, number>>;
  /** Bids answered 202 and then decided as refusals, by reason; null: not read. */
  readonly acceptedThenRefused: Readonly<Record<string, number>> | null;
  /** What the reference model refuses of the same bids, all in time: the rules' share. */
  readonly modelRefusals: Readonly<Record<string, number>>;
  /** Bids answered 202 and decided `auction_ended` or `auction_closed`; null: not read. */
  readonly decidedLate: number | null;
  /** Nothing refused at the door, nothing decided late, every auction closed. */
  readonly clean: boolean;
  readonly because: readonly string[];
  readonly closed: number;
  /** Closed with the reference model's winner and price. */
  readonly matchedReference: number;
  /** Closed at eBay's recorded price (the replay's own comparison). */
  readonly matchedRecorded: number;
  readonly firstMismatches: readonly ReferenceMismatch[];
  readonly seconds: number;
  readonly retries: number;
  readonly partial: boolean;
  readonly failure?: string;
}

export async function ebayReplay(
  o: { readonly gateway: string; readonly daySeconds?: number; readonly limit?: number },
  say: (line: string) => void = console.log,
): Promise<EbayReplayResult> {
  const daySeconds = o.daySeconds ?? 1;
  let report: ReplayReport;
  try {
    report = await replay(
      {
        file: EBAY_FILE,
        daySeconds,
        staggerSeconds: daySeconds,
        marginSeconds: 2,
        gateway: o.gateway,
        databaseUrl: serviceUrls(readEndpoints()).databaseUrl,
        ...(o.limit === undefined ? {} : { limit: o.limit }),
      },
      say,
    );
  } catch (error) {
    if (!(error instanceof ReplayFailed)) throw error;
    report = error.report;
  }
  const all = parseEbayCsv(await readFile(EBAY_FILE, 'utf8'));
  const logged = o.limit === undefined ? all : all.slice(0, o.limit);
  const reference = compareWithReference(report.outcomes, logged);
  return {
    daySeconds,
    auctions: report.auctions,
    bidsSent: report.bidsSent,
    refused: report.bidsRefusedByGateway,
    refusals: report.refusals,
    acceptedThenRefused: report.acceptedThenRefused,
    modelRefusals: modelRefusals(logged),
    decidedLate: report.decidedLate,
    clean: report.clean,
    because: report.because,
    closed: report.closed,
    matchedReference: reference.matched,
    matchedRecorded: report.matched,
    firstMismatches: reference.mismatches.slice(0, 10),
    seconds: report.seconds,
    retries: report.retries.retries,
    partial: report.partial,
    ...(report.failure === undefined ? {} : { failure: report.failure }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      'day-seconds': { type: 'string', default: '1' },
      limit: { type: 'string' },
    },
  });
  const { firstMismatches, ...result } = await ebayReplay({
    gateway: process.env.GATEWAY_URL ?? serviceUrls(readEndpoints()).gatewayUrl,
    daySeconds: Number(values['day-seconds']),
    ...(values.limit === undefined ? {} : { limit: Number(values.limit) }),
  });
  console.table([
    {
      ...result,
      refusals: JSON.stringify(result.refusals),
      acceptedThenRefused: JSON.stringify(result.acceptedThenRefused),
      modelRefusals: JSON.stringify(result.modelRefusals),
      because: result.because.join('; '),
    },
  ]);
  if (firstMismatches.length > 0) console.log('first mismatches:', firstMismatches);
  process.exit(result.partial ? 1 : 0);
}
