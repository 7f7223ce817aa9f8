import { describe, expect, it } from 'vitest';
import { Latencies, microsToMs } from './latency.js';

describe('latencies', () => {
  it('keeps sub-millisecond resolution and reads percentiles back in ms', () => {
    const l = new Latencies();
    for (let i = 1; i <= 1000; i += 1) l.record(i / 100); // 0.01 ms … 10 ms, evenly
    const s = l.summary();
    expect(s.count).toBe(1000);
    expect(s.p50).toBeCloseTo(5, 1);
    expect(s.p99).toBeCloseTo(9.9, 1);
    expect(s.max).toBeCloseTo(10, 1);
  });

  it('counts many equal latencies at once', () => {
    const l = new Latencies();
    l.recordMany(0, 3);
    l.record(100);
    expect(l.count).toBe(4);
    expect(l.summary().p50).toBe(0); // 1 µs, shown to the hundredth of a ms
    expect(l.summary().max).toBeCloseTo(100, 0);
  });

  it('has no percentiles without a latency', () => {
    expect(new Latencies().summary().p99).toBeNaN();
    expect(microsToMs(12_345)).toBe(12.35);
  });
});
