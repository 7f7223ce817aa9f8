import { describe, expect, it } from 'vitest';
import { stepFixture } from '../load/step-fixture.js';
import { costFixture, ebayDay3Fixture, ebayFixture, sweepFixture } from './report-fixture.js';
import { costKeys, ebayKeys, feedKeys, gavelKeys, sweepKeys } from './results.js';

const sweepOf = (steps = sweepFixture) =>
  sweepKeys({
    steps,
    bestSustainedPerSecond: 1994,
    auctions: 100,
    connections: 128,
    partial: false,
  });

/** As JSON.stringify writes it: NaN becomes null. */
const written = (o: object) => JSON.parse(JSON.stringify(o)) as Record<string, unknown>;

describe('the JSON keys issue 20 names', () => {
  it('takes the best sustained rate, the p99 at 2,000/s offered and the highest rate of any step', () => {
    const sweep = sweepOf();
    expect(sweep.http_sustained_bids_per_s).toBe(1994);
    expect(sweep.http_p99_ms_at_2000).toBe(42);
    expect(sweep.http_p99_ms_at_2000_note).toBeNull();
    expect(sweep.http_max_accepted_bids_per_s).toBe(2450);
    expect(sweep.http_sweep.map((s) => [s.offered_per_s, s.sustained, s.overloaded])).toEqual([
      [1000, true, false],
      [2000, true, false],
      [3000, false, true],
    ]);
  });

  it('writes a null p99 at 2,000/s, and says why, when the sweep stopped before it', () => {
    const overloaded = stepFixture({ offeredPerSecond: 500, overloaded: true });
    const short = written(sweepOf([stepFixture({ offeredPerSecond: 250 }), overloaded]));
    expect(short.http_p99_ms_at_2000).toBeNull();
    expect(short.http_p99_ms_at_2000_note).toBe(
      'not reached: the sweep stopped at 500/s (overloaded)',
    );
    expect(written(sweepOf([])).http_p99_ms_at_2000_note).toBe('no step of the sweep ran');
  });

  it('gives CPU-ms per accepted bid by process and in total, the idle burn and the generator’s cost', () => {
    const keys = costKeys(costFixture);
    // 9,000 ms over 20,000 bids = 0.45 ms a bid; and so on. Total 15,000 ms = 0.75.
    expect(keys.cpu_ms_per_bid_at_1000).toEqual({
      gateway: 0.45,
      processor: 0.15,
      kafka: 0.1,
      'load-generator': 0.05,
      total: 0.75,
    });
    expect(keys.cpu_ms_per_1000_bids.total).toBe(750);
    expect(keys.idle_burn_cpu_ms_per_s).toBe(81);
    expect(keys.generator_cpu_ms_per_request).toBe(0.05);
    // Net of idle: gateway (9,000 − 10 × 22) / 20 = 439.
    expect(keys.cpu_ms_per_1000_bids_net_of_idle.gateway).toBe(439);
    // 2 cores × 1,000 ms ÷ 0.75 ms a bid.
    expect(keys.cost_model.ceiling_bids_per_s).toBe(2667);
  });

  it('names the eBay replays’ matched, refused and late counts by pace; late null when not read', () => {
    const keys = ebayKeys({ ...ebayFixture, decidedLate: null }, ebayDay3Fixture);
    expect(written(keys)).toMatchObject({
      ebay_day_seconds_1_matched: 620,
      ebay_day_seconds_1_refused: 12,
      ebay_day_seconds_1_decided_late: null,
      ebay_day_seconds_3_matched: 628,
      ebay_day_seconds_3_refused: 0,
      ebay_day_seconds_3_decided_late: 0,
    });
  });

  it('takes the best Gavel-style tps of each shape and the two ratios the issue asks', () => {
    const keys = gavelKeys(
      {
        hot: [
          { clients: 1, tps: 1258 },
          { clients: 32, tps: 1446 },
        ],
        spread: [
          { clients: 8, tps: 3967 },
          { clients: 32, tps: 4166 },
        ],
        seconds: 5,
      },
      { hotDecisionsPerSecond: 10_821, httpSustainedPerSecond: 915 },
    );
    expect(keys).toMatchObject({
      gavel_hot_tps: 1446,
      gavel_100_auctions_tps: 4166,
      processor_hot_vs_gavel_hot: 7.48,
      http_sustained_vs_gavel_100_auctions: 0.22,
    });
  });

  it('reads the feed at 1,000/s with 1,000 subscribers over 100 auctions', () => {
    expect(written(feedKeys({ error: 'cap' }))).toMatchObject({
      e2e_p99_ms_at_1000: null,
      e2e_1000_subscribers_100_auctions: { error: 'cap' },
    });
  });
});
