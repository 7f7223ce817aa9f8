/** A StepResult for the unit tests of what reads one: a sustained 1,000/s step unless told. */
import type { StepResult } from './http-step.js';

const latency = { count: 30_000, p50: 2.1, p99: 9.5, p999: 20.3, max: 41.7 };

export function stepFixture(overrides: Partial<StepResult> = {}): StepResult {
  return {
    offeredPerSecond: 1000,
    seconds: 30,
    scheduled: 30_000,
    sent: 30_000,
    achievedSendPerSecond: 999.8,
    answered: 30_000,
    accepted: 30_000,
    acceptedPerSecond: 998.7,
    refusedByStatus: {},
    refused: 0,
    failed: 0,
    latency,
    overloaded: false,
    allDecided: true,
    decidedWithinSeconds: 0.4,
    generator: {
      cpuMs: 2400,
      cpuMsPer1000Bids: 80,
      cpuPercentOfCore: 7.9,
      behind: { count: 30_000, p50: 0.5, p99: 1.9, p999: 3.2, max: 7.7 },
      lateSends: 0,
    },
    retries: { retries: 0, unanswered: 0, unavailable: 0 },
    partial: false,
    ...overrides,
  };
}
