/**
 * The report's sections for the open-loop HTTP sweep, the live feed with 1,000 subscribers, the
 * cost model and the eBay replay at one second a day: tables and Mermaid charts. Pure.
 */
import { barChart, lineChart } from './charts.js';
import type { CostReport } from './cost-model.js';
import { COST_HEADER, costNotes, costRows } from './cost-table.js';
import type { EbayReplayResult } from './ebay-replay.js';
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
  const offered = sweep.map((s) => `${s.offered_per_s}/s`);
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
    lineChart(
      'Bids per second against the offered load',
      offered,
      [
        { name: 'offered', values: sweep.map((s) => s.offered_per_s) },
        { name: 'accepted', values: sweep.map((s) => s.accepted_per_s) },
      ],
      { x: 'offered bids/s', y: 'bids/s' },
    ),
    '',
    lineChart(
      'Request → answer latency against the offered load',
      offered,
      [
        { name: 'p50', values: sweep.map((s) => s.p50_ms) },
        { name: 'p99', values: sweep.map((s) => s.p99_ms) },
        { name: 'p99.9', values: sweep.map((s) => s.p999_ms) },
      ],
      { x: 'offered bids/s', y: 'ms' },
      1,
    ),
    '',
  ];
}

export function costSection(cost: CostReport): string[] {
  const { model } = cost;
  const sorted = [...model.terms].sort(
    (a, b) => (b.cpuMsPer1000Bids || 0) - (a.cpuMsPer1000Bids || 0),
  );
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
    barChart(
      'CPU-ms per 1,000 bids, by process (gross)',
      sorted.map((t) => t.process),
      sorted.map((t) => t.cpuMsPer1000Bids),
      'CPU-ms per 1,000 bids',
    ),
    '',
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

export function ebaySection(r: EbayReplayResult): string[] {
  return [
    `## The eBay file through HTTP at --day-seconds ${r.daySeconds}`,
    '',
    'The replay (perf/load/replay.ts) on the recorded schedule, one auction day in one second: bids the gateway refused, and auctions that closed with the winner and price the independent reference model (tests/reference-model/) gives for the same bids in time.',
    '',
    ...table(
      [
        'auctions',
        'bids sent',
        'refused',
        'closed',
        'as the reference model',
        'at eBay’s recorded price',
        'seconds',
      ],
      [
        [
          String(r.auctions),
          String(r.bidsSent),
          String(r.refused),
          String(r.closed),
          String(r.matchedReference),
          String(r.matchedRecorded),
          r.seconds.toFixed(1),
        ],
      ],
    ),
    '',
    ...(Object.keys(r.refusals).length > 0 ? [`Refusals: ${refusedText(r.refusals)}.`, ''] : []),
    ...(r.partial ? [`**Partial**: ${r.failure ?? 'the replay gave up'}.`, ''] : []),
  ];
}
