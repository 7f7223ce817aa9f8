/**
 * The report's sections for the open-loop HTTP sweep, the live feed with 1,000 subscribers, the
 * cost model, the eBay replays and the Gavel-style baselines: tables (the charts are in
 * before-after.ts). Pure.
 */
import type { CostReport } from './cost-model.js';
import { COST_HEADER, costNotes, costRows } from './cost-table.js';
import type { EbayReplayResult } from './ebay-replay.js';
import type { GavelResult } from './gavel.js';
import type { FeedOutcome, SweepRow } from './results.js';

export const int = (n: number) =>
  Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a';
export const ms = (n: number) => (Number.isFinite(n) ? String(n) : 'n/a');

const table = (header: readonly string[], rows: readonly (readonly string[])[]) => [
  `| ${header.join(' | ')} |`,
  `|${header.map(() => '---').join('|')}|`,
  ...rows.map((r) => `| ${r.join(' | ')} |`),
];

const refusedText = (byStatus: Readonly<Record<string, number>>) =>
  Object.entries(byStatus)
    .map(([status, n]) => `${n} × ${status}`)
    .join(', ') || '0';

export function sweepSection(sweep: readonly SweepRow[], keepsUpSeconds: number): string[] {
  if (sweep.length === 0) return ['## HTTP, open loop', '', 'No step ran.', ''];
  return [
    '## HTTP, open loop: throughput and latency against the offered load',
    '',
    `Bids leave on a constant schedule whatever the replies do, ${sweep[0]!.seconds} s per step, on 100 auctions with 400 bidders; latency is request → answer (HDR). A step is **sustained** when every bid offered was answered 202 and decided, and the processor had decided the last one within ${keepsUpSeconds} s of the load's end. A step with more than 5 s of answers owed stops early as overloaded, and ends the sweep. "generator" is the load generator's own CPU and how far its sends fell behind their schedule.`,
    '',
    ...table(
      [
        'offered/s',
        'sent/s',
        'accepted/s',
        'refused',
        'failed',
        'p50 ms',
        'p99 ms',
        'p99.9 ms',
        'max ms',
        'decided (s after load)',
        'generator CPU-ms / 1,000',
        'generator % core',
        'generator behind p99 ms',
        'sustained',
      ],
      sweep.map((s) => [
        String(s.offered_per_s),
        int(s.sent_per_s),
        int(s.accepted_per_s),
        refusedText(s.refused_by_status),
        String(s.failed),
        ms(s.p50_ms),
        ms(s.p99_ms),
        ms(s.p999_ms),
        ms(s.max_ms),
        ms(s.decided_within_s),
        ms(s.generator_cpu_ms_per_1000_bids),
        ms(s.generator_cpu_percent_of_core),
        ms(s.generator_behind_p99_ms),
        s.sustained ? 'yes' : s.overloaded ? '**overloaded**' : '**no**',
      ]),
    ),
    '',
  ];
}

export function costSection(cost: CostReport): string[] {
  const { model } = cost;
  return [
    `## The cost model of one bid: CPU per process at ${cost.offeredPerSecond} bids/s offered`,
    '',
    `Each process's CPU time (utime + stime from /proc; Postgres: the postmaster and all its backends; the supervisor: its own time only, its children are the services) over ${int(model.wallSeconds)} s: the open-loop run, the wait until every bid was decided, and 2 s for the sinks.` +
      (cost.overloaded
        ? ` **The system did not keep up at this rate**: the schedule stopped early, so this is the cost per bid at saturation.`
        : '') +
      (cost.missing.length > 0 ? ` Not running, left out: ${cost.missing.join(', ')}.` : ''),
    '',
    ...table(COST_HEADER, costRows(model)),
    '',
    ...costNotes(model, cost).map((line) => `${line}\n`),
  ];
}

/** The live feed at 1,000/s with 1,000 subscribers: one row per way of spreading them. */
export function feed1000Section(runs: readonly FeedOutcome[]): string[] {
  const rows = runs.map((r) =>
    'error' in r
      ? [`could not run: ${r.error}`, ...Array<string>(11).fill('')]
      : [
          String(r.subscribers),
          String(r.auctions),
          String(r.offeredPerSecond),
          int(r.achievedPerSecond),
          String(r.bidsAnnounced),
          `${r.deliveries} of ${r.expectedDeliveries}`,
          String(r.subscribersLost),
          ms(r.p50),
          ms(r.p99),
          ms(r.p999),
          ms(r.max),
          ms(r.generatorBehindP99Ms),
        ],
  );
  return [
    '## HTTP accept → WebSocket delivery at 1,000 bids/s with 1,000 subscribers',
    '',
    "Latency from the 202 reaching the client to the BidAccepted event reaching each subscriber's socket. Bids that overtake each other in flight are rightly rejected by the processor and announced to nobody: each bid it accepted is owed to every subscriber of its auction (the deliveries column). On one hot auction every subscriber gets every bid: 1,000 deliveries per bid, a million a second at the full rate, all read by the load generator on the same 2 cores. Spread over 100 auctions (10 watchers each), 10 per bid. Subscribers the gateway closed during the run (a slow consumer) are counted as lost.",
    '',
    ...table(
      [
        'subscribers',
        'auctions',
        'offered/s',
        'accepted/s',
        'bids the processor accepted',
        'deliveries',
        'lost',
        'p50 ms',
        'p99 ms',
        'p99.9 ms',
        'max ms',
        'generator behind p99 ms',
      ],
      rows,
    ),
    '',
  ];
}

const reasons = (byReason: Readonly<Record<string, number>> | null) =>
  byReason === null
    ? 'not read'
    : Object.entries(byReason)
        .map(([reason, n]) => `${n} × ${reason}`)
        .join(', ') || '0';

export function ebaySection(r: EbayReplayResult): string[] {
  return [
    `## The eBay file through HTTP at --day-seconds ${r.daySeconds}`,
    '',
    `The replay (perf/load/replay.ts) on the recorded schedule, one auction day in ${r.daySeconds} s: bids the gateway refused at the door; bids it answered 202 that the processor then refused, by reason, beside what the independent reference model (reference-model/) refuses of the same bids in time (the rules' share; \`auction_ended\` and \`auction_closed\` mean the bid reached the processor after the end); and auctions that closed with the model's winner and price.`,
    '',
    ...table(
      [
        'auctions',
        'bids sent',
        'refused at the door',
        'accepted, then refused',
        'of them late',
        'the model refuses',
        'closed',
        'as the reference model',
        'at eBay’s recorded price',
        'seconds',
        'clean',
      ],
      [
        [
          String(r.auctions),
          String(r.bidsSent),
          refusedText(r.refusals),
          reasons(r.acceptedThenRefused),
          r.decidedLate === null ? 'n/a' : String(r.decidedLate),
          reasons(r.modelRefusals),
          String(r.closed),
          String(r.matchedReference),
          String(r.matchedRecorded),
          r.seconds.toFixed(1),
          r.clean ? 'yes' : `**no**: ${r.because.join('; ')}`,
        ],
      ],
    ),
    '',
    ...(r.partial ? [`**Partial**: ${r.failure ?? 'the replay gave up'}.`, ''] : []),
  ];
}

export function gavelSection(g: GavelResult): string[] {
  const row = (what: string, runs: GavelResult['hot']) => [
    what,
    ...runs.map((p) => `${int(p.tps)} (${p.clients})`),
  ];
  return [
    '## The Gavel-style transaction (pgbench), the baseline',
    '',
    `The design other auction systems use, one transaction per bid: \`SELECT … FOR UPDATE\` on the auction row, \`INSERT\` the bid, \`UPDATE\` the auction, \`INSERT\` an outbox row (perf/bench/gavel.ts), in a scratch database on the project's Postgres, ${g.seconds} s per client count. tps (clients):`,
    '',
    ...table(
      ['auctions', ...g.hot.map((_, i) => `run ${i + 1}`)],
      [row('one hot auction', g.hot), row('100 auctions', g.spread)],
    ),
    '',
  ];
}
