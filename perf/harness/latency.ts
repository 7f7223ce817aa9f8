/**
 * Latencies for the load tools: an HDR histogram in microseconds (so sub-millisecond answers
 * keep their resolution), read back in milliseconds as p50, p99, p99.9 and max.
 */
import * as hdr from 'hdr-histogram-js';

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

/** Microseconds to milliseconds, to the hundredth. */
export const microsToMs = (micros: number) => Math.round(micros / 10) / 100;

export class Latencies {
  private readonly histogram = hdr.build({
    lowestDiscernibleValue: 1,
    // An hour: nothing a load tool waits for is longer.
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
  });

  /** One latency in milliseconds (fractions kept to the microsecond). */
  record(ms: number) {
    this.histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
  }

  /** `count` latencies of `ms` each. */
  recordMany(ms: number, count: number) {
    if (count > 0) this.histogram.recordValueWithCount(Math.max(1, Math.round(ms * 1000)), count);
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  summary(): LatencySummary {
    const h = this.histogram;
    const empty = h.totalCount === 0;
    const at = (percentile: number) =>
      empty ? Number.NaN : microsToMs(h.getValueAtPercentile(percentile));
    return {
      count: h.totalCount,
      p50: at(50),
      p99: at(99),
      p999: at(99.9),
      max: empty ? Number.NaN : microsToMs(h.maxValue),
    };
  }
}
