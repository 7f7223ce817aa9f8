/**
 * The keys of perf/bench/results/latest.json that the open-loop HTTP sweep, the live feed with
 * 1,000 subscribers, the cost model, the eBay replays and the Gavel-style baselines produce
 * (issue 20 names them). Pure: from the tools' results to flat, named numbers (NaN where a
 * measure was not reached: null in JSON, with a note saying why).
 */
import type { benchFeed } from './feed-latency.js';
import type { HttpBenchResult } from './http-bench.js';
import type { StepResult } from '../load/http-step.js';
import { sustained } from './sweep.js';
import type { CostReport } from './cost-model.js';
import { costPer1000ByProcess, GENERATOR } from './cost-table.js';
import type { EbayReplayResult } from './ebay-replay.js';
import { bestTps, type GavelResult } from './gavel.js';

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

/** Why there is no p99 at 2,000/s offered, or null when there is one. */
function noteAt2000(http: HttpBenchResult): string | null {
  if (http.steps.some((s) => s.offeredPerSecond === 2000)) return null;
  const last = http.steps.at(-1);
  if (last === undefined) return 'no step of the sweep ran';
  if (last.offeredPerSecond > 2000) return 'the sweep did not offer 2,000/s';
  const why = last.partial ? 'a bid gave up' : last.overloaded ? 'overloaded' : 'its last rate';
  return `not reached: the sweep stopped at ${last.offeredPerSecond}/s (${why})`;
}

export function sweepKeys(http: HttpBenchResult) {
  const at = (rate: number) => http.steps.find((s) => s.offeredPerSecond === rate);
  return {
    http_sustained_bids_per_s: round(http.bestSustainedPerSecond),
    http_max_accepted_bids_per_s: round(
      http.steps.length === 0
        ? Number.NaN
        : Math.max(...http.steps.map((s) => s.acceptedPerSecond)),
    ),
    http_p99_ms_at_2000: at(2000)?.latency.p99 ?? Number.NaN,
    http_p99_ms_at_2000_note: noteAt2000(http),
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
  const perBid = costPer1000ByProcess(model);
  return {
    /** The unit: CPU-ms per accepted bid, gross, by process and in total. */
    cpu_ms_per_bid_at_1000: Object.fromEntries(
      Object.entries(perBid).map(([name, ms]) => [name, round(ms / 1000, 3)]),
    ) as Record<string, number>,
    idle_burn_cpu_ms_per_s: round(model.idleTotalCpuMsPerSecond),
    /** The load generator's own cost per request (goal ≤ 0.05 CPU-ms). */
    generator_cpu_ms_per_request: round(
      (model.terms.find((t) => t.process === GENERATOR)?.cpuMsPer1000Bids ?? Number.NaN) / 1000,
      3,
    ),
    cpu_ms_per_1000_bids: perBid,
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

/** The eBay file through HTTP at --day-seconds 1 and 3: matched, refused at the door, late. */
export function ebayKeys(day1: EbayReplayResult, day3: EbayReplayResult) {
  const late = (r: EbayReplayResult) => r.decidedLate ?? Number.NaN;
  return {
    ebay_day_seconds_1_matched: day1.matchedReference,
    ebay_day_seconds_1_refused: day1.refused,
    ebay_day_seconds_1_decided_late: late(day1),
    ebay_day_seconds_3_matched: day3.matchedReference,
    ebay_day_seconds_3_refused: day3.refused,
    ebay_day_seconds_3_decided_late: late(day3),
    ebay_day_seconds_1: day1,
    ebay_day_seconds_3: day3,
  };
}

/**
 * The Gavel-style transaction (perf/bench/gavel.ts), best over its client counts, and the
 * issue's two ratios: the pipeline's hot auction against the hot transaction (goal ≥ 10), and
 * HTTP sustained over 100 auctions against the 100-auction transaction (goal ≥ 0.75).
 */
export function gavelKeys(
  gavel: GavelResult,
  pipeline: { readonly hotDecisionsPerSecond: number; readonly httpSustainedPerSecond: number },
) {
  const hot = bestTps(gavel.hot);
  const spread = bestTps(gavel.spread);
  return {
    gavel_hot_tps: round(hot),
    gavel_100_auctions_tps: round(spread),
    processor_hot_vs_gavel_hot: round(pipeline.hotDecisionsPerSecond / hot, 2),
    http_sustained_vs_gavel_100_auctions: round(pipeline.httpSustainedPerSecond / spread, 2),
    gavel,
  };
}

/** The live feed's result, or why it could not run (a socket cap, say). */
export type FeedOutcome = Awaited<ReturnType<typeof benchFeed>> | { readonly error: string };

const p = (r: FeedOutcome, key: 'p50' | 'p99') => ('error' in r ? Number.NaN : r[key]);

/**
 * The live feed at 1,000/s with 1,000 subscribers over 100 auctions (the goal's reading);
 * `error` where it could not run.
 */
export function feedKeys(spread: FeedOutcome) {
  return {
    e2e_p50_ms_at_1000: p(spread, 'p50'),
    e2e_p99_ms_at_1000: p(spread, 'p99'),
    e2e_1000_subscribers_100_auctions: spread,
  };
}
