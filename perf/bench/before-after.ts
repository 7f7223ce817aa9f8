/**
 * The report's charts with an earlier run beside this one (`npm run bench -- --before <json>`):
 * accepted against offered, latency percentiles against offered, and the cost model as bars per
 * process. The earlier file may come from an older bench, so every key it lacks is read as
 * missing, and the cost falls back to its per-1,000-bids figures. Pure.
 */
import { barChart, lineChart, type Series } from './charts.js';
import type { SweepRow } from './results.js';

/** The parts of a results file the charts read; any of them may be missing in an older one. */
export interface ChartedRun {
  readonly http_sweep?: readonly SweepRow[];
  readonly cpu_ms_per_bid_at_1000?: Readonly<Record<string, number>>;
  readonly cpu_ms_per_1000_bids?: Readonly<Record<string, number>>;
}

/** Offered rates of both sweeps, in order, each once. */
export function offeredRates(...sweeps: readonly (readonly SweepRow[])[]): number[] {
  return [...new Set(sweeps.flat().map((s) => s.offered_per_s))].sort((a, b) => a - b);
}

/** One value per rate; NaN where that sweep has no step at the rate. */
function at(sweep: readonly SweepRow[], rates: readonly number[], pick: (s: SweepRow) => number) {
  return rates.map((rate) => {
    const row = sweep.find((s) => s.offered_per_s === rate);
    return row === undefined ? Number.NaN : pick(row);
  });
}

export function sweepCharts(now: readonly SweepRow[], before?: ChartedRun): string[] {
  const then = before?.http_sweep ?? [];
  const rates = offeredRates(now, then);
  const labels = rates.map((r) => `${r}/s`);
  const named = (name: string) => (before === undefined ? name : `${name} now`);
  const accepted: Series[] = [
    { name: 'offered', values: rates },
    { name: named('accepted'), values: at(now, rates, (s) => s.accepted_per_s) },
    ...(before === undefined
      ? []
      : [{ name: 'accepted before', values: at(then, rates, (s) => s.accepted_per_s) }]),
  ];
  const percentiles = [
    ['p50', (s: SweepRow) => s.p50_ms],
    ['p99', (s: SweepRow) => s.p99_ms],
    ['p99.9', (s: SweepRow) => s.p999_ms],
  ] as const;
  const latency: Series[] = [
    ...percentiles.map(([name, pick]) => ({ name: named(name), values: at(now, rates, pick) })),
    ...(before === undefined
      ? []
      : percentiles.map(([name, pick]) => ({
          name: `${name} before`,
          values: at(then, rates, pick),
        }))),
  ];
  return [
    lineChart('Accepted bids/s against the offered load', labels, accepted, {
      x: 'offered bids/s',
      y: 'bids/s',
    }),
    '',
    lineChart(
      'Request → answer latency against the offered load',
      labels,
      latency,
      { x: 'offered bids/s', y: 'ms' },
      1,
    ),
    '',
  ];
}

/** CPU-ms per bid by process (and `total`), from either key of a results file. */
export function costPerBid(run: ChartedRun): Record<string, number> {
  if (run.cpu_ms_per_bid_at_1000) return { ...run.cpu_ms_per_bid_at_1000 };
  const per1000 = run.cpu_ms_per_1000_bids ?? {};
  return Object.fromEntries(Object.entries(per1000).map(([name, ms]) => [name, ms / 1000]));
}

/**
 * The cost model as one bar per process, largest now first (the total left out: it would
 * dwarf the rest); with an earlier run, its bar stands just before each of this run's.
 */
export function costBars(now: ChartedRun, before?: ChartedRun): string {
  const current = costPerBid(now);
  const earlier = before === undefined ? undefined : costPerBid(before);
  const processes = [
    ...Object.keys(current)
      .filter((p) => p !== 'total')
      .sort((a, b) => (current[b] ?? 0) - (current[a] ?? 0)),
    ...Object.keys(earlier ?? {}).filter((p) => p !== 'total' && !(p in current)),
  ];
  const bars = processes.flatMap((p) =>
    earlier === undefined
      ? [[p, current[p] ?? Number.NaN] as const]
      : [
          [`${p} before`, earlier[p] ?? Number.NaN] as const,
          [`${p} now`, current[p] ?? Number.NaN] as const,
        ],
  );
  return barChart(
    earlier === undefined
      ? 'CPU-ms per accepted bid, by process (gross)'
      : 'CPU-ms per accepted bid, by process (gross), before and now',
    bars.map(([label]) => label),
    bars.map(([, value]) => value),
    'CPU-ms per bid',
    3,
  );
}
