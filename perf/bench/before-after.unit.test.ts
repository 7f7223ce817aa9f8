import { describe, expect, it } from 'vitest';
import { costBars, costPerBid, offeredRates, sweepCharts } from './before-after.js';
import { sweepRow, type SweepRow } from './results.js';
import { stepFixture } from '../load/step-fixture.js';

const latency = (p99: number) => ({ count: 1, p50: p99 / 4, p99, p999: p99 * 2, max: p99 * 3 });
const row = (offered: number, accepted: number, p99: number): SweepRow =>
  sweepRow(
    stepFixture({ offeredPerSecond: offered, acceptedPerSecond: accepted, latency: latency(p99) }),
  );
const now = [row(250, 250, 8), row(500, 499, 12), row(1000, 998, 40)];
const before = [row(250, 249, 20), row(500, 420, 900)];

describe('charts of this run beside an earlier one', () => {
  it('lays both sweeps over the union of their offered rates', () => {
    expect(offeredRates(now, before)).toEqual([250, 500, 1000]);
  });

  it('draws accepted against offered, and latency percentiles, for this run alone', () => {
    const [accepted, , latencyChart] = sweepCharts(now);
    expect(accepted).toContain(
      'title "Accepted bids/s against the offered load (offered, accepted)"',
    );
    expect(accepted).toContain('x-axis "offered bids/s" ["250/s", "500/s", "1000/s"]');
    expect(accepted).toContain('line [250, 499, 998]');
    expect(latencyChart).toContain('(p50, p99, p99.9)');
    expect(latencyChart).toContain('line [8, 12, 40]');
  });

  it('adds the earlier run’s series, a rate it did not offer drawn as 0', () => {
    const [accepted, , latencyChart] = sweepCharts(now, { http_sweep: before });
    expect(accepted).toContain('(offered, accepted now, accepted before)');
    expect(accepted).toContain('line [249, 420, 0]');
    expect(latencyChart).toContain(
      '(p50 now, p99 now, p99.9 now, p50 before, p99 before, p99.9 before)',
    );
    expect(latencyChart).toContain('line [20, 900, 0]');
  });

  it('draws the cost per process as bars, largest first, the total left out', () => {
    const chart = costBars({ cpu_ms_per_bid_at_1000: { gateway: 0.1, postgres: 0.3, total: 0.4 } });
    expect(chart).toContain('x-axis ["postgres", "gateway"]');
    expect(chart).toContain('bar [0.3, 0.1]');
  });

  it('puts each process’s earlier bar before its bar now, reading an older file’s per-1,000 figures', () => {
    const older = { cpu_ms_per_1000_bids: { postgres: 650, gateway: 450, total: 2420 } };
    expect(costPerBid(older)).toEqual({ postgres: 0.65, gateway: 0.45, total: 2.42 });
    const chart = costBars(
      { cpu_ms_per_bid_at_1000: { postgres: 0.3, gateway: 0.1, total: 0.4 } },
      older,
    );
    expect(chart).toContain(
      'x-axis ["postgres before", "postgres now", "gateway before", "gateway now"]',
    );
    expect(chart).toContain('bar [0.65, 0.3, 0.45, 0.1]');
  });
});
