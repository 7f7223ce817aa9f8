import { describe, expect, it } from 'vitest';
import { stepFixture } from '../load/step-fixture.js';
import { bestSustained, parseRates, stepRow, sustained } from './sweep.js';

describe('the rates of a sweep', () => {
  it('reads one rate or a comma list', () => {
    expect(parseRates('500')).toEqual([500]);
    expect(parseRates('1000,2000, 3000,5000')).toEqual([1000, 2000, 3000, 5000]);
  });

  it('refuses anything but positive numbers', () => {
    for (const bad of ['', 'fast', '1000,,2000', '0', '-5', '100,x'])
      expect(() => parseRates(bad)).toThrow(/positive numbers/);
  });
});

describe('a sustained step', () => {
  it('had every bid offered sent, accepted and decided, the processor caught up within 5 s', () => {
    expect(sustained(stepFixture())).toBe(true);
    expect(sustained(stepFixture({ decidedWithinSeconds: 5 }))).toBe(true);
  });

  it('is not one where anything was refused, lost, late to decide or cut short', () => {
    const cases = [
      stepFixture({ accepted: 29_990, refused: 10, refusedByStatus: { '429': 10 } }),
      stepFixture({ accepted: 29_999, failed: 1, partial: true }),
      stepFixture({ decidedWithinSeconds: 5.1 }),
      stepFixture({ allDecided: false, decidedWithinSeconds: Number.NaN }),
      stepFixture({ overloaded: true, sent: 12_000, accepted: 12_000 }),
      stepFixture({ sent: 29_000, accepted: 29_000 }),
    ];
    expect(cases.map(sustained)).toEqual([false, false, false, false, false, false]);
  });

  it('gives the best accepted rate among the sustained steps only', () => {
    const steps = [
      stepFixture({ offeredPerSecond: 1000, acceptedPerSecond: 999 }),
      stepFixture({
        offeredPerSecond: 2000,
        acceptedPerSecond: 1996,
        scheduled: 60_000,
        sent: 60_000,
        accepted: 60_000,
      }),
      // Higher, but the processor took 9 s to catch up: not sustained.
      stepFixture({ offeredPerSecond: 3000, acceptedPerSecond: 2990, decidedWithinSeconds: 9 }),
    ];
    expect(bestSustained(steps)).toBe(1996);
    expect(bestSustained([steps[2]!])).toBeNaN();
    expect(bestSustained([])).toBeNaN();
  });

  it('is one row of the table, refusals by status', () => {
    const row = stepRow(
      stepFixture({ refusedByStatus: { '429': 3, '409': 2 }, refused: 5, accepted: 29_995 }),
    );
    expect(row).toMatchObject({
      offered: 1000,
      'accepted/s': 999,
      refused: '2×409 3×429', // by status, in numeric order
      'p99 ms': 9.5,
      'p99.9 ms': 20.3,
      sustained: false,
    });
  });
});
