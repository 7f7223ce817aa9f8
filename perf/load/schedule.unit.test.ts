import { describe, expect, it } from 'vitest';
import { rateAt, sendTimes } from './schedule.js';

describe('send schedules', () => {
  it('keeps a flat rate when there is no burst', () => {
    const times = sendTimes({ ratePerSecond: 100, seconds: 10, snipeSeconds: 0, maxBoost: 10 });
    expect(times.length).toBeGreaterThanOrEqual(999);
    expect(times.length).toBeLessThanOrEqual(1001);
  });

  it('rises roughly as 1 / time left in the sniping window, up to the cap', () => {
    const o = { ratePerSecond: 100, seconds: 20, snipeSeconds: 5, maxBoost: 10 };
    expect(rateAt(10, o)).toBe(100);
    expect(rateAt(15, o)).toBeCloseTo(100, 0);
    expect(rateAt(17.5, o)).toBeCloseTo(200, 0);
    expect(rateAt(19.9, o)).toBe(1000);
    const times = sendTimes(o);
    const lastSecond = times.filter((t) => t >= 19_000).length;
    const aQuietSecond = times.filter((t) => t >= 5_000 && t < 6_000).length;
    expect(lastSecond).toBeGreaterThan(5 * aQuietSecond);
  });

  it('is in order and inside the run', () => {
    const times = sendTimes({ ratePerSecond: 50, seconds: 5, snipeSeconds: 2, maxBoost: 8 });
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
    expect(times.at(-1)).toBeLessThan(5000);
  });
});
