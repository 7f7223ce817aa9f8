/** The benchmark report: a markdown page with tables and Mermaid charts, and the printed table. */
import { KEEPS_UP_SECONDS } from './sweep.js';
import { barChart } from './charts.js';
import {
  costSection,
  ebaySection,
  feed1000Section,
  int,
  ms,
  sweepSection,
} from './report-sections.js';
import type { BenchResults } from './run.js';

/** The measures of the report, each with what it is, as a label and a printed value. */
export type ReportInput = Pick<
  BenchResults,
  | 'measured_at'
  | 'machine_cores'
  | 'kafka_produce_ceiling_per_s'
  | 'kafkajs_produce_per_s'
  | 'processor_hot_decisions_per_s'
  | 'processor_all_decisions_per_s'
  | 'pgbench_for_update_best_tps'
  | 'pgbench_for_update'
  | 'redis_lua_best_ops'
  | 'redis_lua'
  | 'decide_per_s_one_core'
  | 'http_accepted_bids_per_s'
  | 'http_max_accepted_bids_per_s'
  | 'http_p99_ms_at_2000'
  | 'http_sweep'
  | 'e2e_p50_ms_at_1000'
  | 'e2e_p99_ms_at_1000'
  | 'e2e_1000_subscribers'
  | 'e2e_spread_p99_ms_at_1000'
  | 'e2e_1000_subscribers_100_auctions'
  | 'e2e_20_subscribers_p99_ms_at_1000'
  | 'feed_latency'
  | 'sniping'
  | 'cdc_events_per_s'
  | 'cdc_lag_p99_ms'
  | 'processor_bytes_per_open_auction'
  | 'ebay_replay_max_speed_s'
  | 'ebay_replay_day_seconds_1_refused'
  | 'ebay_replay_day_seconds_1_matched'
  | 'ebay_replay_day_seconds_1'
  | 'cost_model'
  | 'cost_report'
>;

export function summaryRows(r: ReportInput): [string, string][] {
  const cost = r.cost_model;
  return [
    ['machine cores', String(r.machine_cores)],
    ['Kafka produce ceiling (perf tool), records/s', int(r.kafka_produce_ceiling_per_s)],
    ['Kafka produce, bare batched kafkajs, records/s', int(r.kafkajs_produce_per_s)],
    ['processor, one hot auction, decisions/s', int(r.processor_hot_decisions_per_s)],
    ['processor, all partitions, decisions/s', int(r.processor_all_decisions_per_s)],
    ['baseline: pgbench SELECT … FOR UPDATE, best tps', int(r.pgbench_for_update_best_tps)],
    ['baseline: Redis Lua compare-and-set, best ops/s', int(r.redis_lua_best_ops)],
    ['pure decide() on one core, decisions/s', int(r.decide_per_s_one_core)],
    ['HTTP open loop: best sustained accepted bids/s', int(r.http_accepted_bids_per_s)],
    ['HTTP open loop: highest accepted bids/s in any step', int(r.http_max_accepted_bids_per_s)],
    ['HTTP request → answer p99 ms at 2,000/s offered', ms(r.http_p99_ms_at_2000)],
    [
      'HTTP accept → WebSocket p50 / p99 ms at 1,000/s, 1,000 subscribers of one auction',
      `${ms(r.e2e_p50_ms_at_1000)} / ${ms(r.e2e_p99_ms_at_1000)}`,
    ],
    [
      'HTTP accept → WebSocket p99 ms at 1,000/s, 1,000 subscribers over 100 auctions',
      ms(r.e2e_spread_p99_ms_at_1000),
    ],
    [
      'HTTP accept → WebSocket p99 ms at 1,000/s, 20 subscribers of one auction',
      ms(r.e2e_20_subscribers_p99_ms_at_1000),
    ],
    ['CDC events/s through Debezium', int(r.cdc_events_per_s)],
    ['CDC commit → event lag p99 ms (1,000/s)', int(r.cdc_lag_p99_ms)],
    ['processor bytes per open auction', int(r.processor_bytes_per_open_auction)],
    ['whole eBay file at max speed, seconds', r.ebay_replay_max_speed_s.toFixed(2)],
    [
      'eBay file via HTTP at --day-seconds 1: bids refused',
      String(r.ebay_replay_day_seconds_1_refused),
    ],
    [
      'eBay file via HTTP at --day-seconds 1: closed as the reference model',
      `${r.ebay_replay_day_seconds_1_matched} of ${r.ebay_replay_day_seconds_1.auctions}`,
    ],
    [
      `cost model at ${cost.offered_per_s}/s: CPU-ms per 1,000 bids, all processes`,
      int(r.cost_report.model.totalCpuMsPer1000Bids),
    ],
    [
      `cost model: ceiling on ${cost.cores} cores, bids/s (gross / net of idle)`,
      `${int(cost.ceiling_bids_per_s)} / ${int(cost.net_ceiling_bids_per_s)}`,
    ],
    ['cost model: largest term', cost.largest],
  ];
}

export function printTable(r: ReportInput) {
  const rows = summaryRows(r);
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v.padStart(12)}`).join('\n');
}

export function goals(r: ReportInput): [string, boolean, string][] {
  const day1 = r.ebay_replay_day_seconds_1;
  return [
    [
      '≥ 5,000 bids/s through HTTP, open loop, sustained 30 s, all accepted and decided',
      r.http_accepted_bids_per_s >= 5000,
      `${int(r.http_accepted_bids_per_s)}/s`,
    ],
    [
      'p99 request → answer ≤ 50 ms at 2,000/s offered',
      r.http_p99_ms_at_2000 <= 50,
      `${ms(r.http_p99_ms_at_2000)} ms`,
    ],
    [
      'eBay file at --day-seconds 1: no bid refused, every auction as the reference model',
      r.ebay_replay_day_seconds_1_refused === 0 &&
        r.ebay_replay_day_seconds_1_matched === day1.auctions,
      `${r.ebay_replay_day_seconds_1_refused} refused, ${r.ebay_replay_day_seconds_1_matched} of ${day1.auctions} matched`,
    ],
    [
      'hot-auction processor ≥ 10× best pgbench',
      r.processor_hot_decisions_per_s >= 10 * r.pgbench_for_update_best_tps,
      `${(r.processor_hot_decisions_per_s / r.pgbench_for_update_best_tps).toFixed(1)}×`,
    ],
    [
      'p99 HTTP → WebSocket ≤ 50 ms at 1,000/s with 1,000 subscribers',
      r.e2e_p99_ms_at_1000 <= 50,
      `${ms(r.e2e_p99_ms_at_1000)} ms`,
    ],
    [
      'whole eBay file decided ≤ 5 s',
      r.ebay_replay_max_speed_s <= 5,
      `${r.ebay_replay_max_speed_s.toFixed(2)} s`,
    ],
    [
      'CDC lag p99 ≤ 100 ms at 1,000 events/s',
      r.cdc_lag_p99_ms <= 100,
      `${int(r.cdc_lag_p99_ms)} ms`,
    ],
  ];
}

export function markdownReport(r: ReportInput): string {
  const cost = r.cost_report.model;
  return [
    `# Benchmark report`,
    '',
    `Measured ${r.measured_at} on ${r.machine_cores} cores, everything (stack, services, load) on the same machine, side by side in one run.`,
    '',
    '| measure | value |',
    '|---|---|',
    ...summaryRows(r).map(([k, v]) => `| ${k} | ${v} |`),
    '',
    '## Goals',
    '',
    '| goal | met | measured |',
    '|---|---|---|',
    ...goals(r).map(([g, ok, v]) => `| ${g} | ${ok ? 'yes' : '**no**'} | ${v} |`),
    '',
    `The cost model puts this machine's ceiling at ${int(cost.ceilingBidsPerSecond)} bids/s (${int(cost.netCeilingBidsPerSecond)} net of the idle burn); the run sustained ${int(r.http_accepted_bids_per_s)} bids/s through HTTP (at most ${int(r.http_max_accepted_bids_per_s)}/s in any step). The largest term is ${cost.largest}.`,
    '',
    'Where a goal is missed, docs/performance.md shows where the time goes (CPU profiles of the processor and the gateway under this load) and what would close the gap.',
    '',
    ...sweepSection(r.http_sweep, KEEPS_UP_SECONDS),
    ...costSection(r.cost_report),
    ...feed1000Section([r.e2e_1000_subscribers, r.e2e_1000_subscribers_100_auctions]),
    ...ebaySection(r.ebay_replay_day_seconds_1),
    '## Deciding bids on one hot auction: the pipeline against the baselines',
    '',
    barChart(
      'Bids decided per second, one hot auction',
      ['processor (durable)', 'pgbench FOR UPDATE', 'Redis Lua (not durable)', 'decide() alone'],
      [
        r.processor_hot_decisions_per_s,
        r.pgbench_for_update_best_tps,
        r.redis_lua_best_ops,
        r.decide_per_s_one_core,
      ],
      'per second',
    ),
    '',
    '| pgbench clients | tps |',
    '|---|---|',
    ...r.pgbench_for_update.map((p) => `| ${p.clients} | ${int(p.tps)} |`),
    '',
    '| redis-benchmark clients | ops/s |',
    '|---|---|',
    ...r.redis_lua.map((p) => `| ${p.clients} | ${int(p.opsPerSecond)} |`),
    '',
    '## Latency from HTTP accept to the WebSocket on one hot auction (20 subscribers), against the offered rate',
    '',
    '| offered bids/s | achieved | p50 ms | p99 ms | p99.9 ms | max ms |',
    '|---|---|---|---|---|---|',
    ...r.feed_latency.map(
      (f) =>
        `| ${f.offeredPerSecond} | ${int(f.achievedPerSecond)} | ${ms(f.p50)} | ${ms(f.p99)} | ${ms(f.p999)} | ${ms(f.max)} |`,
    ),
    '',
    barChart(
      'p99 ms, HTTP accept to WebSocket, one hot auction',
      r.feed_latency.map((f) => `${f.offeredPerSecond}/s`),
      r.feed_latency.map((f) => f.p99),
      'ms',
    ),
    '',
    '## Sniping-shaped load on three hot auctions (open loop, ×10 over the last 5 s)',
    '',
    '| via | offered | offered/s | achieved/s | p50 ms | p99 ms | p99.9 ms | max ms | refused | failed |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...r.sniping.map(
      (s) =>
        `| ${s.target} | ${s.offered} | ${int(s.offeredPerSecond)} | ${int(s.achievedPerSecond)} | ${s.p50} | ${s.p99} | ${s.p999} | ${s.max} | ${s.refused} | ${s.failed} |`,
    ),
    '',
  ].join('\n');
}
