/**
 * The keys of perf/bench/results/latest.json that the open-loop HTTP sweep, the live feed with
 * 1,000 subscribers, the cost model and the eBay replay at one second a day produce. Pure: from
 * the tools' results to flat, named numbers (NaN where a measure was not reached: null in JSON).
 */
import type { benchFeed } from './feed-latency.js';
import type { HttpBenchResult } from './http-bench.js';
import type { StepResult } from '../load/http-step.js';
import { sustained } from './sweep.js';
import type { CostReport } from './cost-model.js';
import { costPer1000ByProcess } from './cost-table.js';
import type { EbayReplayResult } from './ebay-replay.js';

export const round = (n: number, places = 1) =>
  Number.isFinite(n) ? Math.round(n * 10 ** places) / 10 ** places : Number.NaN;

export function sweepRow(s: StepResult) {
  return {
    offered_per_s: s.offeredPerSecond,
    seconds: s.seconds,
    sent_per_s: round(s.achievedSendPerSecond),
    accepted_per_s: round(s.acceptedPerSecond),
    accepted: s.accepted,
    refused_by_status: s.refusedByStatus,
    failed: s.failed,
    p50_ms: s.latency.p50,
    p99_ms: s.latency.p99,
    p999_ms: s.latency.p999,
    max_ms: s.latency.max,
    decided_within_s: round(s.decidedWithinSeconds, 2),
    all_decided: s.allDecided,
    generator_cpu_ms_per_1000_bids: round(s.generator.cpuMsPer1000Bids),
    generator_cpu_percent_of_core: round(s.generator.cpuPercentOfCore),
    generator_behind_p99_ms: s.generator.behind.p99,
    generator_late_sends: s.generator.lateSends,
    retries: s.retries.retries,
    sustained: sustained(s),
    overloaded: s.overloaded,
  };
}

export type SweepRow = ReturnType<typeof sweepRow>;

export function sweepKeys(http: HttpBenchResult) {
  const at = (rate: number) => http.steps.find((s) => s.offeredPerSecond === rate);
  return {
    http_accepted_bids_per_s: round(http.bestSustainedPerSecond),
    http_max_accepted_bids_per_s: round(
      http.steps.length === 0
        ? Number.NaN
        : Math.max(...http.steps.map((s) => s.acceptedPerSecond)),
    ),
    http_p99_ms_at_2000: at(2000)?.latency.p99 ?? Number.NaN,
    http_sweep: http.steps.map(sweepRow),
    http_sweep_partial: http.partial,
  };
}

const withTotal = (byProcess: Record<string, number>, total: number): Record<string, number> => ({
  ...byProcess,
  total: round(total),
});

export function costKeys(report: CostReport) {
  const { model } = report;
  const pick = (value: (t: CostReport['model']['terms'][number]) => number) =>
    Object.fromEntries(model.terms.map((t) => [t.process, round(value(t))])) as Record<
      string,
      number
    >;
  return {
    cpu_ms_per_1000_bids: costPer1000ByProcess(model),
    cpu_ms_per_1000_bids_net_of_idle: withTotal(
      pick((t) => t.netCpuMsPer1000Bids),
      model.netTotalCpuMsPer1000Bids,
    ),
    idle_cpu_ms_per_s: withTotal(
      pick((t) => t.idleCpuMsPerSecond),
      model.idleTotalCpuMsPerSecond,
    ),
    cost_model: {
      offered_per_s: report.offeredPerSecond,
      seconds: report.seconds,
      idle_seconds: report.idleSeconds,
      accepted_per_s: round(report.acceptedPerSecond),
      p99_ms: report.p99Ms,
      overloaded: report.overloaded,
      all_decided: report.allDecided,
      bids: model.bids,
      wall_s: round(model.wallSeconds, 2),
      cores: model.cores,
      capacity_cpu_ms: Math.round(model.capacityCpuMs),
      used_cpu_ms: Math.round(model.totalCpuMs),
      utilisation: round(model.utilisation, 3),
      ceiling_bids_per_s: Math.round(model.ceilingBidsPerSecond),
      net_ceiling_bids_per_s: Math.round(model.netCeilingBidsPerSecond),
      largest: model.largest,
      missing: report.missing,
    },
    /** Everything the cost model measured, for the report's table. */
    cost_report: report,
  };
}

export function ebayKeys(r: EbayReplayResult) {
  return {
    ebay_replay_day_seconds_1_refused: r.refused,
    ebay_replay_day_seconds_1_matched: r.matchedReference,
    ebay_replay_day_seconds_1: r,
  };
}

/** The live feed's result, or why it could not run (a socket cap, say). */
export type FeedOutcome = Awaited<ReturnType<typeof benchFeed>> | { readonly error: string };

const p = (r: FeedOutcome, key: 'p50' | 'p99') => ('error' in r ? Number.NaN : r[key]);

/**
 * The live feed at 1,000/s with 1,000 subscribers: all on the one hot auction the bids go to
 * (the goal's key), and spread over 100 auctions; `error` where one could not run.
 */
export function feedKeys(hot: FeedOutcome, spread: FeedOutcome) {
  return {
    e2e_p50_ms_at_1000: p(hot, 'p50'),
    e2e_p99_ms_at_1000: p(hot, 'p99'),
    e2e_1000_subscribers: hot,
    e2e_spread_p99_ms_at_1000: p(spread, 'p99'),
    e2e_1000_subscribers_100_auctions: spread,
  };
}
