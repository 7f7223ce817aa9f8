/**
 * Reading a sweep of open-loop HTTP steps: the rates asked for, which steps count as sustained,
 * the best sustained accepted rate, and one flat row per step for a table. Pure.
 */
import type { StepResult } from '../load/http-step.js';

/** "1000,2000, 5000" → [1000, 2000, 5000]; anything but positive numbers is refused. */
export function parseRates(text: string): number[] {
  const rates = text.split(',').map((part) => Number(part.trim()));
  if (rates.length === 0 || rates.some((r) => !Number.isFinite(r) || r <= 0))
    throw new Error(`--rate wants positive numbers separated by commas, not "${text}"`);
  return rates;
}

/** The processor is back to zero lag within this many seconds of the load's end: it keeps up. */
export const KEEPS_UP_SECONDS = 5;

/**
 * A step whose load the system sustained: every bid offered went out, was answered 202 and was
 * decided, and the processor had caught up within KEEPS_UP_SECONDS of the load's end.
 */
export function sustained(step: StepResult): boolean {
  return (
    !step.partial &&
    !step.overloaded &&
    step.sent === step.scheduled &&
    step.accepted === step.scheduled &&
    step.allDecided &&
    step.decidedWithinSeconds <= KEEPS_UP_SECONDS
  );
}

/** The highest accepted rate among the sustained steps; NaN when none was. */
export function bestSustained(steps: readonly StepResult[]): number {
  const rates = steps.filter(sustained).map((s) => s.acceptedPerSecond);
  return rates.length === 0 ? Number.NaN : Math.max(...rates);
}

const round = (n: number, places = 0) =>
  Number.isFinite(n) ? Math.round(n * 10 ** places) / 10 ** places : Number.NaN;

/** One flat row per step, for console.table. */
export function stepRow(s: StepResult) {
  return {
    offered: s.offeredPerSecond,
    'sent/s': round(s.achievedSendPerSecond),
    'accepted/s': round(s.acceptedPerSecond),
    accepted: s.accepted,
    refused:
      Object.entries(s.refusedByStatus)
        .map(([status, n]) => `${n}×${status}`)
        .join(' ') || '0',
    failed: s.failed,
    'p50 ms': s.latency.p50,
    'p99 ms': s.latency.p99,
    'p99.9 ms': s.latency.p999,
    'max ms': s.latency.max,
    'decided +s': round(s.decidedWithinSeconds, 1),
    'gen ms/1k': round(s.generator.cpuMsPer1000Bids),
    'gen %core': round(s.generator.cpuPercentOfCore),
    'gen behind p99 ms': s.generator.behind.p99,
    'gen late': s.generator.lateSends,
    retries: s.retries.retries,
    sustained: sustained(s),
    ...(s.overloaded ? { overloaded: true } : {}),
    ...(s.partial ? { partial: true } : {}),
  };
}
