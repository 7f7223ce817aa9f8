/** The benchmark report: a markdown page with tables and Mermaid charts, and the printed table. */
import type { BenchResults } from './run.js';

const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');

export function summaryRows(r: BenchResults): [string, string][] {
  return [
    ['machine cores', String(r.machine_cores)],
    ['Kafka produce ceiling (perf tool), records/s', int(r.kafka_produce_ceiling_per_s)],
    ['Kafka produce, bare batched kafkajs, records/s', int(r.kafkajs_produce_per_s)],
    ['processor, one hot auction, decisions/s', int(r.processor_hot_decisions_per_s)],
    ['processor, all partitions, decisions/s', int(r.processor_all_decisions_per_s)],
    ['baseline: pgbench SELECT … FOR UPDATE, best tps', int(r.pgbench_for_update_best_tps)],
    ['baseline: Redis Lua compare-and-set, best ops/s', int(r.redis_lua_best_ops)],
    ['pure decide() on one core, decisions/s', int(r.decide_per_s_one_core)],
    ['HTTP accepted bids/s at saturation', int(r.http_accepted_bids_per_s)],
    [
      'HTTP accept → WebSocket p50 / p99 ms at 1,000/s offered',
      `${int(r.e2e_p50_ms_at_1000)} / ${int(r.e2e_p99_ms_at_1000)}`,
    ],
    ['CDC events/s through Debezium', int(r.cdc_events_per_s)],
    ['CDC commit → event lag p99 ms (1,000/s)', int(r.cdc_lag_p99_ms)],
    ['processor bytes per open auction', int(r.processor_bytes_per_open_auction)],
    ['whole eBay file at max speed, seconds', r.ebay_replay_max_speed_s.toFixed(2)],
  ];
}

export function printTable(r: BenchResults) {
  const rows = summaryRows(r);
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v.padStart(12)}`).join('\n');
}

const bar = (title: string, labels: string[], values: number[], axis: string) =>
  [
    '```mermaid',
    'xychart-beta',
    `  title "${title}"`,
    `  x-axis [${labels.map((l) => `"${l}"`).join(', ')}]`,
    `  y-axis "${axis}"`,
    `  bar [${values.map((v) => Math.round(v)).join(', ')}]`,
    '```',
  ].join('\n');

export function markdownReport(r: BenchResults): string {
  const goals: [string, boolean, string][] = [
    [
      'hot-auction processor ≥ 10× best pgbench',
      r.processor_hot_decisions_per_s >= 10 * r.pgbench_for_update_best_tps,
      `${(r.processor_hot_decisions_per_s / r.pgbench_for_update_best_tps).toFixed(1)}×`,
    ],
    [
      '≥ 5,000 accepted bids/s through HTTP',
      r.http_accepted_bids_per_s >= 5000,
      `${int(r.http_accepted_bids_per_s)}/s`,
    ],
    [
      'p99 HTTP → WebSocket ≤ 50 ms at 1,000/s',
      r.e2e_p99_ms_at_1000 <= 50,
      `${int(r.e2e_p99_ms_at_1000)} ms`,
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
    ...goals.map(([g, ok, v]) => `| ${g} | ${ok ? 'yes' : '**no**'} | ${v} |`),
    '',
    'Where a goal is missed, docs/performance.md shows where the time goes (CPU profiles of the processor and the gateway under this load) and what would close the gap.',
    '',
    '## Deciding bids on one hot auction: the pipeline against the baselines',
    '',
    bar(
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
    '## Latency from HTTP accept to the WebSocket, against the offered rate',
    '',
    '| offered bids/s | achieved | p50 ms | p99 ms | p99.9 ms | max ms |',
    '|---|---|---|---|---|---|',
    ...r.feed_latency.map(
      (f) =>
        `| ${f.offeredPerSecond} | ${int(f.achievedPerSecond)} | ${f.p50} | ${f.p99} | ${f.p999} | ${f.max} |`,
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
    bar(
      'p99 ms, HTTP accept to WebSocket',
      r.feed_latency.map((f) => `${f.offeredPerSecond}/s`),
      r.feed_latency.map((f) => f.p99),
      'ms',
    ),
    '',
  ].join('\n');
}
