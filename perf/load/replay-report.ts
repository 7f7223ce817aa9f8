/** What a replay reports (perf/load/replay.ts): per source auction, ours against the recorded price. */
import { LATE_REASONS, totalOf, type RefusalsByReason } from './late-bids.js';
import type { RetryCounters } from './retry.js';

export interface AuctionOutcome {
  readonly sourceId: string;
  readonly auctionId: string;
  readonly status: string;
  readonly winnerId: string | null;
  readonly finalPrice: string | null;
  readonly recordedPrice: string | null;
  readonly matches: boolean;
}

export interface ReplayReport {
  readonly file: string;
  readonly daySeconds: number;
  readonly auctions: number;
  readonly bidsSent: number;
  readonly bidsRefusedByGateway: number;
  /** Refusals by HTTP status and problem code. */
  readonly refusals: Record<string, number>;
  /** Bids answered 202 and then decided as refusals, by reason; null: not read. */
  readonly acceptedThenRefused: RefusalsByReason | null;
  /** Of those, the ones decided late (`auction_ended`, `auction_closed`); null: not read. */
  readonly decidedLate: number | null;
  /** Finished, all closed, nothing refused at the door, nothing decided late. */
  readonly clean: boolean;
  /** Why it is not clean. */
  readonly because: readonly string[];
  readonly closed: number;
  readonly matched: number;
  readonly seconds: number;
  /** Requests sent again after no answer or a 503, with what the tries got. */
  readonly retries: RetryCounters;
  /** The run gave up before every auction closed: the counts are what it got that far. */
  readonly partial: boolean;
  /** Why it gave up, for a partial report. */
  readonly failure?: string;
  readonly outcomes: AuctionOutcome[];
}

/** A replay that gave up; `report` is the partial report (written if --report was given). */
export class ReplayFailed extends Error {
  override readonly name = 'ReplayFailed';
  constructor(
    readonly report: ReplayReport,
    cause: unknown,
  ) {
    super((cause as Error).message, { cause });
  }
}

export function summaryTable(report: ReplayReport): string {
  const rows: [string, string][] = [
    ['auctions', String(report.auctions)],
    ['closed', String(report.closed)],
    [
      'closing price = recorded',
      `${report.matched} (${((100 * report.matched) / Math.max(1, report.auctions)).toFixed(1)} %)`,
    ],
    ['bids sent', String(report.bidsSent)],
    ['bids refused by the gateway', String(report.bidsRefusedByGateway)],
    ...Object.entries(report.refusals).map(([code, n]): [string, string] => [
      `  ${code}`,
      String(n),
    ]),
    ...decidedRows(report.acceptedThenRefused),
    [
      'requests retried',
      `${report.retries.retries} (${report.retries.unanswered} unanswered, ${report.retries.unavailable} × 503)`,
    ],
    ['elapsed', `${report.seconds.toFixed(1)} s`],
  ];
  rows.unshift(['clean', report.clean ? 'yes' : `NO: ${report.because.join('; ')}`]);
  if (report.partial) rows.unshift(['PARTIAL: gave up', report.failure ?? '']);
  const width = Math.max(...rows.map(([k]) => k.length));
  const mismatches = report.outcomes.filter((o) => !o.matches);
  return [
    ...rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`),
    ...(mismatches.length
      ? ['', `mismatches (${mismatches.length}): source auction, ours → recorded`]
      : []),
    ...mismatches
      .slice(0, 20)
      .map((o) => `  ${o.sourceId}  ${o.finalPrice ?? o.status} → ${o.recordedPrice ?? '-'}`),
    ...(mismatches.length > 20 ? [`  … ${mismatches.length - 20} more in the report`] : []),
  ].join('\n');
}

/** The bids taken with a 202 and refused afterwards, by reason, the late ones marked. */
function decidedRows(byReason: RefusalsByReason | null): [string, string][] {
  const title = 'bids accepted (202), then decided as refused';
  if (byReason === null) return [[title, 'not read (no database)']];
  return [
    [title, String(totalOf(byReason))],
    ...Object.entries(byReason).map(([reason, n]): [string, string] => [
      `  ${reason}${LATE_REASONS.includes(reason) ? ' (late)' : ''}`,
      String(n),
    ]),
  ];
}
