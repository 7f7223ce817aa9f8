/**
 * The benchmark report: a markdown page (the measures, with an earlier run's beside them
 * when given, the goals, tables and Mermaid charts), and the printed table.
 */
import { KEEPS_UP_SECONDS } from './sweep.js';
import { barChart } from './charts.js';
import { costBars, costPerBid, sweepCharts } from './before-after.js';
import {
  costSection,
  ebaySection,
  feed1000Section,
  gavelSection,
  int,
  ms,
  sweepSection,
} from './report-sections.js';
import type { ReportInput } from './bench-results.js';

const fixed3 = (n: number | undefined) =>
  n !== undefined && Number.isFinite(n) ? n.toFixed(3) : 'n/a';
const ratio = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : 'n/a');
const late = (n: number) => (Number.isFinite(n) ? String(n) : 'n/a (decisions not read)');

/** The keys, each with a label and its printed value. */
export function headline(r: Partial<ReportInput>): [string, string][] {
  const cost = costPerBid(r);
  const num = (n: number | undefined) => (n === undefined ? 'n/a' : int(n));
  const day = (d: 1 | 3) => {
    const m = r[`ebay_day_seconds_${d}_matched`];
    const of = r[`ebay_day_seconds_${d}`]?.auctions;
    return [
      [
        `eBay --day-seconds ${d}: as the reference model`,
        m === undefined ? 'n/a' : `${m} of ${of ?? '?'}`,
      ],
      [`eBay --day-seconds ${d}: refused at the door`, num(r[`ebay_day_seconds_${d}_refused`])],
      [
        `eBay --day-seconds ${d}: accepted, then decided late`,
        num(r[`ebay_day_seconds_${d}_decided_late`]),
      ],
    ] as [string, string][];
  };
  return [
    ['cost model at 1,000/s: CPU-ms per accepted bid, all processes', fixed3(cost.total)],
    ['  of it Postgres', fixed3(cost.postgres)],
    ['  of it the gateway', fixed3(cost.gateway)],
    ['  of it the load generator', fixed3(cost['load-generator'])],
    ['idle burn, CPU-ms/s, all processes', num(r.idle_burn_cpu_ms_per_s)],
    ['HTTP: best sustained bids/s', num(r.http_sustained_bids_per_s)],
    [
      'HTTP: p99 ms at 2,000/s offered',
      r.http_p99_ms_at_2000_note ?? ms(r.http_p99_ms_at_2000 ?? Number.NaN),
    ],
    ...day(1),
    ...day(3),
    ['processor, one hot auction, decisions/s', num(r.processor_hot_decisions_per_s)],
    ['Gavel-style transaction, one hot auction, best tps', num(r.gavel_hot_tps)],
    ['Gavel-style transaction, 100 auctions, best tps', num(r.gavel_100_auctions_tps)],
    ['hot auction ÷ Gavel hot (goal ≥ 10×)', ratio(r.processor_hot_vs_gavel_hot ?? Number.NaN)],
    [
      'HTTP sustained ÷ Gavel 100 auctions (goal ≥ 0.75×)',
      ratio(r.http_sustained_vs_gavel_100_auctions ?? Number.NaN),
    ],
    [
      'HTTP accept → WebSocket p99 ms at 1,000/s, 1,000 subscribers over 100 auctions',
      ms(r.e2e_p99_ms_at_1000 ?? Number.NaN),
    ],
  ];
}

export function printTable(r: ReportInput) {
  const rows = [...headline(r), ...otherRows(r)];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v.padStart(12)}`).join('\n');
}

/** Measures beside the issue's, for context. */
export function otherRows(r: ReportInput): [string, string][] {
  return [
    ['machine cores', String(r.machine_cores)],
    ['Kafka produce ceiling (perf tool), records/s', int(r.kafka_produce_ceiling_per_s)],
    ['Kafka produce, bare batched kafkajs, records/s', int(r.kafkajs_produce_per_s)],
    [
      'processor, 1,000 auctions, all partitions, decisions/s',
      int(r.processor_all_decisions_per_s),
    ],
    ['Redis Lua compare-and-set (not durable), best ops/s', int(r.redis_lua_best_ops)],
    ['pure decide() on one core, decisions/s', int(r.decide_per_s_one_core)],
    ['HTTP: highest accepted bids/s in any step', int(r.http_max_accepted_bids_per_s)],
    ['CDC events/s through Debezium', int(r.cdc_events_per_s)],
    ['CDC commit → event lag p99 ms (1,000/s)', int(r.cdc_lag_p99_ms)],
    ['processor bytes per open auction', int(r.processor_bytes_per_open_auction)],
    ['whole eBay file at max speed, seconds', r.ebay_replay_max_speed_s.toFixed(2)],
    ['cost model: largest term', r.cost_model.largest],
  ];
}

/** Issue 20's goals: what, met or not, and the measure. */
export function goals(r: ReportInput): [string, boolean, string][] {
  const cost = r.cpu_ms_per_bid_at_1000;
  const ebay = (d: 1 | 3): [string, boolean, string] => {
    const replay = r[`ebay_day_seconds_${d}`];
    const matched = r[`ebay_day_seconds_${d}_matched`];
    const refused = r[`ebay_day_seconds_${d}_refused`];
    const lateBids = r[`ebay_day_seconds_${d}_decided_late`];
    return [
      `eBay file at --day-seconds ${d}: all as the reference model, none refused, none late`,
      matched === replay.auctions && refused === 0 && lateBids === 0,
      `${matched} of ${replay.auctions}, ${refused} refused, ${late(lateBids)} late`,
    ];
  };
  return [
    [
      'cost model at 1,000/s ≤ 0.6 CPU-ms per accepted bid (floor to resolve: 0.8)',
      (cost.total ?? Number.NaN) <= 0.6,
      fixed3(cost.total),
    ],
    [
      'Postgres ≤ 0.15 CPU-ms per bid',
      (cost.postgres ?? Number.NaN) <= 0.15,
      fixed3(cost.postgres),
    ],
    ['gateway ≤ 0.15 CPU-ms per bid', (cost.gateway ?? Number.NaN) <= 0.15, fixed3(cost.gateway)],
    [
      'idle burn ≤ 100 CPU-ms/s',
      r.idle_burn_cpu_ms_per_s <= 100,
      `${int(r.idle_burn_cpu_ms_per_s)} CPU-ms/s`,
    ],
    [
      '≥ 3,000 bids/s sustained through HTTP (30 s, all accepted and decided)',
      r.http_sustained_bids_per_s >= 3000,
      `${int(r.http_sustained_bids_per_s)}/s`,
    ],
    [
      'p99 request → answer ≤ 50 ms at 2,000/s offered',
      r.http_p99_ms_at_2000 <= 50,
      r.http_p99_ms_at_2000_note ?? `${ms(r.http_p99_ms_at_2000)} ms`,
    ],
    ebay(1),
    ebay(3),
    [
      'one hot auction ≥ 10× the hot Gavel-style transaction',
      r.processor_hot_vs_gavel_hot >= 10,
      ratio(r.processor_hot_vs_gavel_hot),
    ],
    [
      'HTTP over 100 auctions ≥ 0.75× the 100-auction Gavel-style transaction',
      r.http_sustained_vs_gavel_100_auctions >= 0.75,
      ratio(r.http_sustained_vs_gavel_100_auctions),
    ],
    [
      'p99 HTTP accept → WebSocket ≤ 50 ms at 1,000/s, 1,000 subscribers over 100 auctions',
      r.e2e_p99_ms_at_1000 <= 50,
      `${ms(r.e2e_p99_ms_at_1000)} ms`,
    ],
    [
      'load generator ≤ 0.05 CPU-ms per request',
      r.generator_cpu_ms_per_request <= 0.05,
      fixed3(r.generator_cpu_ms_per_request),
    ],
  ];
}

export function markdownReport(r: ReportInput, before?: Partial<ReportInput>): string {
  const then = before === undefined ? undefined : new Map(headline(before));
  const took =
    r.bench_seconds === undefined
      ? ''
      : ` The run took ${(r.bench_seconds / 60).toFixed(1)} minutes.`;
  return [
    `# Benchmark report`,
    '',
    `Measured ${r.measured_at} on ${r.machine_cores} cores, everything (stack, services, load) on the same machine, side by side in one run.${took}` +
      (before === undefined
        ? ''
        : ` Beside it, the run of ${before.measured_at ?? 'an earlier date'}.`),
    '',
    ...(then === undefined
      ? ['| measure | value |', '|---|---|', ...headline(r).map(([k, v]) => `| ${k} | ${v} |`)]
      : [
          '| measure | before | now |',
          '|---|---|---|',
          ...headline(r).map(([k, v]) => `| ${k} | ${then.get(k) ?? 'n/a'} | ${v} |`),
        ]),
    '',
    '## Goals (issue 20)',
    '',
    '| goal | met | measured |',
    '|---|---|---|',
    ...goals(r).map(([g, ok, v]) => `| ${g} | ${ok ? 'yes' : '**no**'} | ${v} |`),
    '',
    'Where a goal is missed, docs/performance.md shows where the time goes and what would close the gap.',
    '',
    '## Other measures',
    '',
    '| measure | value |',
    '|---|---|',
    ...otherRows(r).map(([k, v]) => `| ${k} | ${v} |`),
    '',
    ...sweepSection(r.http_sweep, KEEPS_UP_SECONDS),
    ...sweepCharts(r.http_sweep, before),
    ...costSection(r.cost_report),
    costBars(r, before),
    '',
    ...feed1000Section([r.e2e_1000_subscribers_100_auctions]),
    ...ebaySection(r.ebay_day_seconds_1),
    ...ebaySection(r.ebay_day_seconds_3),
    ...gavelSection(r.gavel),
    barChart(
      'Bids decided per second, one hot auction',
      ['processor (durable)', 'Gavel-style pgbench', 'Redis Lua (not durable)', 'decide() alone'],
      [
        r.processor_hot_decisions_per_s,
        r.gavel_hot_tps,
        r.redis_lua_best_ops,
        r.decide_per_s_one_core,
      ],
      'per second',
    ),
    '',
    '| redis-benchmark clients | ops/s |',
    '|---|---|',
    ...r.redis_lua.map((p) => `| ${p.clients} | ${int(p.opsPerSecond)} |`),
    '',
  ].join('\n');
}
