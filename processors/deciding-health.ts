/** The processor's GET /health: 503 once a partition it owns has held commands undecided too long. */
import type { HealthReport } from '../platform/metrics.js';

export interface DecidingView {
  undecidedAges(): ReadonlyMap<number, number>;
  stalledPartitions(thresholdMs: number): number[];
}

export function decidingHealth(processor: DecidingView, thresholdMs: number): HealthReport {
  const stalled = processor.stalledPartitions(thresholdMs);
  return {
    ok: stalled.length === 0,
    status: stalled.length === 0 ? 'deciding' : 'deciding has stopped',
    stalledPartitions: stalled,
    thresholdMs,
    oldestUndecidedAgeSeconds: Object.fromEntries(processor.undecidedAges()),
  };
}
