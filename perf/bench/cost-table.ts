/** The cost model as a table (text and markdown) and as the JSON object of the report. Pure. */
import type { CostModel } from './cost-arithmetic.js';

/** The name the cost model gives the load generator (the bench's own process). */
export const GENERATOR = 'load-generator';

export const fixed = (n: number, places = 1) => (Number.isFinite(n) ? n.toFixed(places) : 'n/a');

/** Gross CPU-ms per 1,000 bids by process, largest first, and their total. */
export function costPer1000ByProcess(model: CostModel): Record<string, number> {
  const byProcess = [...model.terms]
    .sort((a, b) => (b.cpuMsPer1000Bids || 0) - (a.cpuMsPer1000Bids || 0))
    .map((t) => [t.process, round1(t.cpuMsPer1000Bids)] as const);
  return { ...Object.fromEntries(byProcess), total: round1(model.totalCpuMsPer1000Bids) };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export const COST_HEADER = [
  'process',
  'CPU-ms / 1,000 bids (gross)',
  'idle CPU-ms / s',
  'CPU-ms / 1,000 bids (net of idle)',
  'share of gross',
] as const;

/** One row per process, largest gross first, then the total. */
export function costRows(model: CostModel): string[][] {
  const rows = [...model.terms]
    .sort((a, b) => (b.cpuMsPer1000Bids || 0) - (a.cpuMsPer1000Bids || 0))
    .map((t) => [
      t.process,
      fixed(t.cpuMsPer1000Bids),
      fixed(t.idleCpuMsPerSecond),
      fixed(t.netCpuMsPer1000Bids),
      `${fixed((100 * t.cpuMs) / model.totalCpuMs, 0)} %`,
    ]);
  return [
    ...rows,
    [
      'total',
      fixed(model.totalCpuMsPer1000Bids),
      fixed(model.idleTotalCpuMsPerSecond),
      fixed(model.netTotalCpuMsPer1000Bids),
      '100 %',
    ],
  ];
}

/** What the totals mean, in sentences: the same for the terminal and the markdown page. */
export function costNotes(
  model: CostModel,
  run: { readonly offeredPerSecond: number; readonly acceptedPerSecond: number },
): string[] {
  const ceiling = Math.round(model.ceilingBidsPerSecond);
  const net = Math.round(model.netCeilingBidsPerSecond);
  return [
    `${model.bids} bids accepted at ${run.offeredPerSecond}/s offered (${Math.round(run.acceptedPerSecond)}/s accepted); window ${fixed(model.wallSeconds)} s × ${model.cores} cores = ${Math.round(model.capacityCpuMs)} CPU-ms available, ${Math.round(model.totalCpuMs)} used (${fixed(100 * model.utilisation, 0)} %).`,
    `Gross: all the CPU each process used in the loaded window, per 1,000 bids. Net of idle: less what the same process uses per second with no load (measured just before) times the window.`,
    `Ceiling from the gross cost: ${model.cores} cores × 1,000 ms ÷ ${fixed(model.totalCpuMsPer1000Bids / 1000, 3)} CPU-ms per bid = ${Number.isFinite(ceiling) ? ceiling : 'n/a'} bids/s; from the net cost, after the idle burn of ${Math.round(model.idleTotalCpuMsPerSecond)} CPU-ms/s: ${Number.isFinite(net) ? net : 'n/a'} bids/s. Largest term: ${model.largest}.`,
  ];
}

export function costTable(report: {
  readonly model: CostModel;
  readonly offeredPerSecond: number;
  readonly acceptedPerSecond: number;
}): string {
  const rows = [[...COST_HEADER], ...costRows(report.model)];
  const widths = COST_HEADER.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: readonly string[]) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [...rows.map(line), '', ...costNotes(report.model, report)].join('\n');
}
