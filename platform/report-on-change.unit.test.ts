import { describe, expect, it } from 'vitest';
import { reportOnChange } from './report-on-change.js';

const idle = { consumerLag: 0, read: 0, applied: 0, deadLettered: 0, p50: 0, p99: 0 };

describe('reportOnChange', () => {
  it('logs the first report, then only reports that differ from the last one logged', () => {
    const logged: (typeof idle)[] = [];
    const report = reportOnChange((r: typeof idle) => logged.push(r));
    expect(report(idle)).toBe(true);
    expect(report({ ...idle })).toBe(false);
    expect(report({ ...idle })).toBe(false);
    const busy = { ...idle, consumerLag: 40, read: 100, applied: 100, p50: 3, p99: 9 };
    expect(report(busy)).toBe(true);
    expect(report({ ...busy })).toBe(false);
    const caughtUp = { ...busy, consumerLag: 0, read: 140, applied: 140 };
    expect(report(caughtUp)).toBe(true);
    expect(report({ ...caughtUp })).toBe(false);
    expect(logged).toEqual([idle, busy, caughtUp]);
  });

  it('takes its own notion of "the same"', () => {
    const logged: number[] = [];
    // Lag that moves by less than 10 is not news.
    const report = reportOnChange(
      (lag: number) => logged.push(lag),
      (a, b) => Math.abs(a - b) < 10,
    );
    for (const lag of [0, 3, 8, 12, 15, 30]) report(lag);
    expect(logged).toEqual([0, 12, 30]);
  });
});
