/**
 * A whole benchmark result for the report's unit tests, built with the same key builders as
 * `npm run bench` (perf/bench/results.ts) from made-up measurements.
 */
import { stepFixture } from '../load/step-fixture.js';
import { costModel } from './cost-arithmetic.js';
import type { CostReport } from './cost-model.js';
import type { EbayReplayResult } from './ebay-replay.js';
import type { ReportInput } from './bench-results.js';
import { costKeys, ebayKeys, feedKeys, gavelKeys, sweepKeys, type FeedOutcome } from './results.js';

const latency = (p99: number) => ({ count: 1, p50: p99 / 4, p99, p999: p99 * 2, max: p99 * 3 });

export const sweepFixture = [
  stepFixture({ offeredPerSecond: 1000, acceptedPerSecond: 999, latency: latency(8) }),
  stepFixture({
    offeredPerSecond: 2000,
    scheduled: 60_000,
    sent: 60_000,
    accepted: 60_000,
    acceptedPerSecond: 1994,
    latency: latency(42),
  }),
  stepFixture({
    offeredPerSecond: 3000,
    scheduled: 90_000,
    sent: 21_000,
    accepted: 20_500,
    refused: 500,
    refusedByStatus: { '503': 500 },
    acceptedPerSecond: 2450,
    overloaded: true,
    latency: latency(4100),
  }),
];

export const costFixture: CostReport = {
  offeredPerSecond: 1000,
  seconds: 20,
  idleSeconds: 5,
  acceptedPerSecond: 998,
  p99Ms: 9,
  overloaded: false,
  allDecided: true,
  processes: [],
  missing: [],
  model: costModel({
    busyCpuMs: { gateway: 9000, processor: 3000, kafka: 2000, 'load-generator': 1000 },
    idleCpuMsPerSecond: { gateway: 10, processor: 20, kafka: 50, 'load-generator': 1 },
    bids: 20_000,
    wallMs: 22_000,
    cores: 2,
  }),
};

export const ebayFixture: EbayReplayResult = {
  daySeconds: 1,
  auctions: 628,
  bidsSent: 10_681,
  refused: 12,
  refusals: { '409 auction_closed': 12 },
  acceptedThenRefused: { auction_ended: 92, not_above_own_maximum: 60 },
  modelRefusals: { not_above_own_maximum: 60, below_minimum_increment: 5 },
  decidedLate: 92,
  clean: false,
  because: ['12 bids refused at the door', '92 bids accepted (202) and then decided late'],
  closed: 628,
  matchedReference: 620,
  matchedRecorded: 612,
  firstMismatches: [],
  seconds: 41.3,
  retries: 0,
  partial: false,
};

/** At three seconds a day: everything in time. */
export const ebayDay3Fixture: EbayReplayResult = {
  ...ebayFixture,
  daySeconds: 3,
  refused: 0,
  refusals: {},
  acceptedThenRefused: { not_above_own_maximum: 60, below_minimum_increment: 5 },
  decidedLate: 0,
  clean: true,
  because: [],
  matchedReference: 628,
};

export function reportFixture(
  feed: FeedOutcome = { error: 'WS_MAX_CONNECTIONS_PER_ADDRESS=100' },
): ReportInput {
  return {
    measured_at: '2026-12-02T05:00:00.000Z',
    machine_cores: 2,
    kafka_produce_ceiling_per_s: 150_000,
    kafkajs_produce_per_s: 60_000,
    processor_hot_decisions_per_s: 4000,
    processor_all_decisions_per_s: 6000,
    ...gavelKeys(
      {
        hot: [
          { clients: 1, tps: 1258 },
          { clients: 8, tps: 1446 },
        ],
        spread: [
          { clients: 1, tps: 1471 },
          { clients: 8, tps: 4166 },
        ],
        seconds: 5,
      },
      { hotDecisionsPerSecond: 4000, httpSustainedPerSecond: 1994 },
    ),
    redis_lua_best_ops: 50_000,
    redis_lua: [{ clients: 8, opsPerSecond: 50_000 }],
    decide_per_s_one_core: 500_000,
    ...sweepKeys({
      steps: sweepFixture,
      bestSustainedPerSecond: 1994,
      auctions: 100,
      connections: 128,
      partial: false,
    }),
    ...feedKeys(feed),
    cdc_events_per_s: 3000,
    cdc_lag_p50_ms: 20,
    cdc_lag_p99_ms: 80,
    processor_bytes_per_open_auction: 900,
    ebay_replay_max_speed_s: 4.2,
    ebay_commands: 11_309,
    ...ebayKeys(ebayFixture, ebayDay3Fixture),
    ...costKeys(costFixture),
  };
}
