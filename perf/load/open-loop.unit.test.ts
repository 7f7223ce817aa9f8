import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dueAtMs, dueBy, runOpenLoop, scheduledBids, tickFor } from './open-loop.js';

describe('how many bids are due', () => {
  it('is one at the start, then one more every 1/rate seconds', () => {
    // At 1,000/s bid n is due at n ms: by 0 ms one (bid 0), by 0.999 ms still one, by 1 ms two.
    expect(dueBy(0, 1000, 10_000)).toBe(1);
    expect(dueBy(0.999, 1000, 10_000)).toBe(1);
    expect(dueBy(1, 1000, 10_000)).toBe(2);
    expect(dueBy(2500, 1000, 10_000)).toBe(2501);
    // At 3/s the bids are due at 0, 333.3…, 666.6…, 1,000 ms.
    expect([0, 333, 334, 666, 667, 999, 1000].map((t) => dueBy(t, 3, 100))).toEqual([
      1, 1, 2, 2, 3, 3, 4,
    ]);
  });

  it('keeps a bid due exactly now, where floating point would lose it', () => {
    // 0.3 s at 10/s: 3 intervals have passed, so bids 0–3 are due (0.3 * 10 is 2.9999… in floats).
    expect(dueBy(300, 10, 100)).toBe(4);
    expect(dueBy(dueAtMs(7, 3), 3, 100)).toBe(8);
  });

  it('never passes the schedule’s total, and is none before the start', () => {
    expect(dueBy(60_000, 1000, 5000)).toBe(5000);
    expect(dueBy(-1, 1000, 5000)).toBe(0);
    expect(dueBy(10, 1000, 0)).toBe(0);
  });

  it('counts the bids of a schedule and when each is due', () => {
    expect(scheduledBids(2000, 30)).toBe(60_000);
    expect(scheduledBids(333, 0.5)).toBe(167);
    expect(dueAtMs(5, 2000)).toBe(2.5);
  });

  it('ticks no faster than the rate needs, between 2 and 5 ms', () => {
    expect(tickFor(100)).toBe(5);
    expect(tickFor(400)).toBe(2.5);
    expect(tickFor(5000)).toBe(2);
  });
});

describe('the open-loop driver', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends every bid once, in order, never before it is due, whatever the replies do', async () => {
    const sentAt: [number, number][] = [];
    const began = performance.now();
    const done = runOpenLoop({
      ratePerSecond: 500,
      seconds: 1,
      tickMs: 2,
      send: (n, dueAt) => {
        sentAt.push([n, performance.now() - began]);
        expect(dueAt - began).toBeCloseTo(n * 2, 9);
      },
    });
    await vi.advanceTimersByTimeAsync(1100);
    const result = await done;
    expect(result.scheduled).toBe(500);
    expect(result.sent).toBe(500);
    expect(result.stoppedEarly).toBe(false);
    expect(sentAt.map(([n]) => n)).toEqual(Array.from({ length: 500 }, (_, n) => n));
    for (const [n, at] of sentAt) {
      expect(at).toBeGreaterThanOrEqual(n * 2); // due at n × 2 ms
      expect(at - n * 2).toBeLessThanOrEqual(2); // at most one tick late
    }
    expect(result.lateSends).toBe(0);
  });

  it('catches up after a stall instead of drifting, and counts the late sends', async () => {
    // The clock jumps 50 ms between two ticks after bid 100 (an event loop held up): the next
    // tick must send every bid that came due meanwhile, and the schedule must not shift.
    let jump = 0;
    const now = () => performance.now() + jump;
    const began = now();
    const sentAt: number[] = [];
    const done = runOpenLoop({
      ratePerSecond: 1000,
      seconds: 0.5,
      tickMs: 2,
      now,
      send: (n) => {
        sentAt.push(now() - began);
        if (n === 100) jump = 50;
      },
    });
    await vi.advanceTimersByTimeAsync(600);
    const result = await done;
    expect(result.sent).toBe(500);
    // Every bid after the stall went out at its due time or later, none early…
    sentAt.forEach((at, n) => expect(at).toBeGreaterThanOrEqual(n));
    // …and the schedule still ended when it was due, not 50 ms later.
    expect(sentAt[499]!).toBeLessThanOrEqual(499 + 2);
    // The bids due in the 50 ms that vanished left late: those more than 10 ms late count.
    expect(result.behind.max).toBeGreaterThanOrEqual(45);
    expect(result.lateSends).toBeGreaterThanOrEqual(35);
    expect(result.lateSends).toBeLessThanOrEqual(41);
  });

  it('stops early when asked', async () => {
    let sent = 0;
    const done = runOpenLoop({
      ratePerSecond: 1000,
      seconds: 10,
      tickMs: 2,
      send: () => (sent += 1),
      shouldStop: () => sent >= 20,
    });
    await vi.advanceTimersByTimeAsync(100);
    const result = await done;
    expect(result.stoppedEarly).toBe(true);
    expect(result.sent).toBeLessThan(30);
    expect(result.scheduled).toBe(10_000);
  });
});
