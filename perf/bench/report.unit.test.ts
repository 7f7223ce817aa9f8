import { describe, expect, it } from 'vitest';
import { goals, markdownReport, summaryRows } from './report.js';
import { costSection, sweepSection } from './report-sections.js';
import { costFixture, reportFixture, sweepFixture } from './report-fixture.js';
import { costKeys, sweepKeys } from './results.js';
import { sweepRow } from './results.js';

const sweep = sweepKeys({
  steps: sweepFixture,
  bestSustainedPerSecond: 1994,
  auctions: 100,
  connections: 128,
  partial: false,
});

describe('the JSON keys of the sweep and the cost model', () => {
  it('takes the p99 at 2,000/s offered and the highest rate of any step', () => {
    expect(sweep.http_accepted_bids_per_s).toBe(1994);
    expect(sweep.http_p99_ms_at_2000).toBe(42);
    expect(sweep.http_max_accepted_bids_per_s).toBe(2450);
    expect(sweep.http_sweep.map((s) => [s.offered_per_s, s.sustained, s.overloaded])).toEqual([
      [1000, true, false],
      [2000, true, false],
      [3000, false, true],
    ]);
  });

  it('has no p99 at 2,000/s when the sweep stopped before it', () => {
    const short = sweepKeys({
      steps: sweepFixture.slice(0, 1),
      bestSustainedPerSecond: 999,
      auctions: 100,
      connections: 128,
      partial: false,
    });
    expect(short.http_p99_ms_at_2000).toBeNaN();
    const written = JSON.parse(JSON.stringify(short)) as Record<string, unknown>;
    expect(written.http_p99_ms_at_2000).toBeNull();
  });

  it('gives CPU-ms per 1,000 bids per process, largest first, and the total', () => {
    const keys = costKeys(costFixture);
    // 9,000 ms over 20,000 bids = 450 per 1,000; and so on. Total 15,000 ms = 750.
    expect(keys.cpu_ms_per_1000_bids).toEqual({
      gateway: 450,
      processor: 150,
      kafka: 100,
      'load-generator': 50,
      total: 750,
    });
    expect(Object.keys(keys.cpu_ms_per_1000_bids)).toEqual([
      'gateway',
      'processor',
      'kafka',
      'load-generator',
      'total',
    ]);
    // Net of idle: gateway (9,000 − 10 × 22) / 20 = 439.
    expect(keys.cpu_ms_per_1000_bids_net_of_idle.gateway).toBe(439);
    // 2 cores × 1,000 ms ÷ 0.75 ms a bid.
    expect(keys.cost_model.ceiling_bids_per_s).toBe(2667);
  });
});

describe('the report', () => {
  it('charts throughput and latency against the offered load, one point per step', () => {
    const text = sweepSection(sweep.http_sweep, 5).join('\n');
    expect(text).toContain('x-axis "offered bids/s" ["1000/s", "2000/s", "3000/s"]');
    expect(text).toContain('line [1000, 2000, 3000]'); // offered
    expect(text).toContain('line [999, 1994, 2450]'); // accepted
    expect(text).toContain('line [8, 42, 4100]'); // p99
    expect(text).toContain('**overloaded**');
    expect(text).toContain('500 × 503');
  });

  it('draws the cost model as a bar per process, largest first', () => {
    const text = costSection(costFixture).join('\n');
    expect(text).toContain('x-axis ["gateway", "processor", "kafka", "load-generator"]');
    expect(text).toContain('bar [450, 150, 100, 50]');
    expect(text).toContain('| total | 750.0 |');
  });

  it('says when the 1,000-subscriber feed could not run, and marks that goal missed', () => {
    const r = reportFixture();
    const page = markdownReport(r);
    expect(page).toContain('| could not run: WS_MAX_CONNECTIONS_PER_ADDRESS=100 |');
    const feedGoal = goals(r).find(([g]) => g.includes('1,000 subscribers'))!;
    expect(feedGoal[1]).toBe(false);
    expect(feedGoal[2]).toBe('n/a ms');
  });

  it('checks the goals against the measures', () => {
    const met = Object.fromEntries(goals(reportFixture()).map(([g, ok]) => [g.slice(0, 20), ok]));
    expect(met).toMatchObject({
      '≥ 5,000 bids/s throu': false, // 1,994 sustained
      'p99 request → answer': true, // 42 ms ≤ 50
      'eBay file at --day-s': false, // 12 refused
      'hot-auction processo': false, // 4,000 < 10 × 1,600
    });
  });

  it('adds the new measures to the printed table', () => {
    const rows = new Map(summaryRows(reportFixture()));
    expect(rows.get('HTTP open loop: best sustained accepted bids/s')).toBe('1,994');
    expect(rows.get('HTTP request → answer p99 ms at 2,000/s offered')).toBe('42');
    expect(rows.get('eBay file via HTTP at --day-seconds 1: bids refused')).toBe('12');
    expect(rows.get('eBay file via HTTP at --day-seconds 1: closed as the reference model')).toBe(
      '620 of 628',
    );
    expect(rows.get('cost model: largest term')).toBe('gateway');
    expect(sweepRow(sweepFixture[0]!).p99_ms).toBe(8);
  });
});
