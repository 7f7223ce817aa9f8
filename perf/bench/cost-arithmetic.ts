/**
 * The cost model's arithmetic (pure): CPU time per process between two samples, per 1,000 bids,
 * gross and net of what the same process burns idle, and the ceiling that this machine's cores
 * allow at that cost.
 */

/** One process (or process tree) at one moment: its CPU ticks, and who it is. */
export interface ProcessReading {
  readonly ticks: number;
  /** pid and start time: a restarted process is a different one, and its delta meaningless. */
  readonly identity: string;
}

export type CpuSample = Readonly<Record<string, ProcessReading | undefined>>;

/**
 * CPU milliseconds each process used from `before` to `after`; NaN for one that was missing or
 * restarted in between (its time cannot be told).
 */
export function cpuMsBetween(
  before: CpuSample,
  after: CpuSample,
  ticksPerSecond: number,
): Record<string, number> {
  const result: Record<string, number> = {};
  for (const name of Object.keys(before)) {
    const a = before[name];
    const b = after[name];
    result[name] =
      a && b && a.identity === b.identity ? ((b.ticks - a.ticks) * 1000) / ticksPerSecond : NaN;
  }
  return result;
}

export interface CostTerm {
  readonly process: string;
  /** CPU it used over the loaded window. */
  readonly cpuMs: number;
  /** Gross: all it used in the window, per 1,000 bids. */
  readonly cpuMsPer1000Bids: number;
  /** What it uses per second with no load (measured apart). */
  readonly idleCpuMsPerSecond: number;
  /** Net of idle: the window's use less its idle rate × the window, per 1,000 bids. */
  readonly netCpuMsPer1000Bids: number;
}

export interface CostModel {
  readonly bids: number;
  readonly wallSeconds: number;
  readonly cores: number;
  readonly terms: readonly CostTerm[];
  readonly totalCpuMs: number;
  readonly totalCpuMsPer1000Bids: number;
  readonly netTotalCpuMsPer1000Bids: number;
  readonly idleTotalCpuMsPerSecond: number;
  /** The window's wall time × the cores: all the CPU there was. */
  readonly capacityCpuMs: number;
  /** totalCpuMs / capacityCpuMs. */
  readonly utilisation: number;
  /** cores × 1,000 ms/s ÷ the gross CPU-ms of one bid. */
  readonly ceilingBidsPerSecond: number;
  /** (cores × 1,000 ms/s − the idle burn) ÷ the net CPU-ms of one bid. */
  readonly netCeilingBidsPerSecond: number;
  /** The process with the largest gross term: where to work first. */
  readonly largest: string;
}

const per1000 = (ms: number, bids: number) => (bids > 0 ? (ms * 1000) / bids : NaN);
/** Sum of the finite terms: a process whose time is unknown adds nothing (it is shown as n/a). */
const sum = (values: readonly number[]) =>
  values.reduce((s, v) => (Number.isFinite(v) ? s + v : s), 0);

export function costModel(input: {
  readonly busyCpuMs: Readonly<Record<string, number>>;
  readonly idleCpuMsPerSecond: Readonly<Record<string, number>>;
  readonly bids: number;
  readonly wallMs: number;
  readonly cores: number;
}): CostModel {
  const wallSeconds = input.wallMs / 1000;
  const terms = Object.entries(input.busyCpuMs).map(([process, cpuMs]): CostTerm => {
    const idle = input.idleCpuMsPerSecond[process] ?? NaN;
    return {
      process,
      cpuMs,
      cpuMsPer1000Bids: per1000(cpuMs, input.bids),
      idleCpuMsPerSecond: idle,
      netCpuMsPer1000Bids: per1000(cpuMs - idle * wallSeconds, input.bids),
    };
  });
  const totalCpuMs = sum(terms.map((t) => t.cpuMs));
  const totalCpuMsPer1000Bids = per1000(totalCpuMs, input.bids);
  const netTotalCpuMsPer1000Bids = sum(terms.map((t) => t.netCpuMsPer1000Bids));
  const idleTotalCpuMsPerSecond = sum(terms.map((t) => t.idleCpuMsPerSecond));
  const capacityCpuMs = input.wallMs * input.cores;
  const largest = terms.reduce<CostTerm | undefined>(
    (best, t) =>
      Number.isFinite(t.cpuMs) && (best === undefined || t.cpuMs > best.cpuMs) ? t : best,
    undefined,
  );
  return {
    bids: input.bids,
    wallSeconds,
    cores: input.cores,
    terms,
    totalCpuMs,
    totalCpuMsPer1000Bids,
    netTotalCpuMsPer1000Bids,
    idleTotalCpuMsPerSecond,
    capacityCpuMs,
    utilisation: capacityCpuMs > 0 ? totalCpuMs / capacityCpuMs : NaN,
    ceilingBidsPerSecond: (input.cores * 1000 * 1000) / totalCpuMsPer1000Bids,
    netCeilingBidsPerSecond:
      ((input.cores * 1000 - idleTotalCpuMsPerSecond) * 1000) / netTotalCpuMsPer1000Bids,
    largest: largest?.process ?? 'n/a',
  };
}
