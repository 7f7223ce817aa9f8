/**
 * What one `npm run bench` writes to perf/bench/results/latest.json: each step's measure under
 * its key (results.ts builds the keys of the larger ones), and the shape the report reads. A leaf
 * of run.ts and report.ts, so neither imports the other for the type.
 */
import os from 'node:os';
import type { redisLuaBid } from './baselines.js';
import type { cdcBench } from './cdc.js';
import type { CostReport } from './cost-model.js';
import type { EbayReplayResult } from './ebay-replay.js';
import type { ebayMaxSpeed } from './ebay-max-speed.js';
import type { GavelResult } from './gavel.js';
import type { HttpBenchResult } from './http-bench.js';
import type { kafkaCeiling } from './kafka-ceiling.js';
import type { benchProcessor } from './processor-bench.js';
import { costKeys, ebayKeys, feedKeys, gavelKeys, sweepKeys, type FeedOutcome } from './results.js';

type Result<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

/** Each step's own result, as run.ts measured it. */
export interface Measures {
  readonly benchSeconds: number;
  readonly decide: number;
  readonly memory: number;
  readonly kafka: Result<typeof kafkaCeiling>;
  readonly hot: Result<typeof benchProcessor>;
  readonly all: Result<typeof benchProcessor>;
  readonly gavel: GavelResult;
  readonly redis: Result<typeof redisLuaBid>;
  readonly http: HttpBenchResult;
  readonly cost: CostReport;
  readonly feed: FeedOutcome;
  readonly cdc: Result<typeof cdcBench>;
  readonly ebay: Result<typeof ebayMaxSpeed>;
  readonly ebayDay1: EbayReplayResult;
  readonly ebayDay3: EbayReplayResult;
}

export function benchResults(m: Measures) {
  const sweep = sweepKeys(m.http);
  return {
    measured_at: new Date().toISOString(),
    machine_cores: os.cpus().length,
    bench_seconds: m.benchSeconds,
    kafka_produce_ceiling_per_s: m.kafka.javaPerSecond,
    kafkajs_produce_per_s: m.kafka.kafkajsPerSecond,
    processor_hot_decisions_per_s: m.hot.decisionsPerSecond,
    processor_all_decisions_per_s: m.all.decisionsPerSecond,
    ...gavelKeys(m.gavel, {
      hotDecisionsPerSecond: m.hot.decisionsPerSecond,
      httpSustainedPerSecond: sweep.http_sustained_bids_per_s,
    }),
    redis_lua_best_ops: Math.max(...m.redis.map((p) => p.opsPerSecond)),
    redis_lua: m.redis,
    decide_per_s_one_core: m.decide,
    ...sweep,
    ...feedKeys(m.feed),
    cdc_events_per_s: m.cdc.eventsPerSecond,
    cdc_lag_p50_ms: m.cdc.steadyLag.p50,
    cdc_lag_p99_ms: m.cdc.steadyLag.p99,
    processor_bytes_per_open_auction: m.memory,
    ebay_replay_max_speed_s: m.ebay.seconds,
    ebay_commands: m.ebay.commands,
    ...ebayKeys(m.ebayDay1, m.ebayDay3),
    ...costKeys(m.cost),
  };
}

export type BenchResults = ReturnType<typeof benchResults>;

/** The measures the report reads (a fixture or an older run may lack the run's length). */
export type ReportInput = Omit<BenchResults, 'bench_seconds'> & {
  readonly bench_seconds?: number;
};
