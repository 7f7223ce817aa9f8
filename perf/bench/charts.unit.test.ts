import { describe, expect, it } from 'vitest';
import { barChart, lineChart } from './charts.js';

describe('Mermaid charts', () => {
  it('draws one bar per label, values rounded', () => {
    expect(barChart('CPU per bid', ['gateway', 'kafka'], [812.4, 95.6], 'CPU-ms')).toBe(
      [
        '```mermaid',
        'xychart-beta',
        '  title "CPU per bid"',
        '  x-axis ["gateway", "kafka"]',
        '  y-axis "CPU-ms"',
        '  bar [812, 96]',
        '```',
      ].join('\n'),
    );
  });

  it('draws one line per series over the same categories, the series named in the title', () => {
    const chart = lineChart(
      'Latency',
      ['1000/s', '2000/s'],
      [
        { name: 'p50', values: [1.26, 2.04] },
        { name: 'p99', values: [8.5, 31.25] },
      ],
      { x: 'offered bids/s', y: 'ms' },
      1,
    );
    expect(chart.split('\n')).toEqual([
      '```mermaid',
      'xychart-beta',
      '  title "Latency (p50, p99)"',
      '  x-axis "offered bids/s" ["1000/s", "2000/s"]',
      '  y-axis "ms"',
      '  line [1.3, 2]',
      '  line [8.5, 31.3]',
      '```',
    ]);
  });

  it('draws a missing value as 0 (Mermaid has no gap) and keeps quotes out of labels', () => {
    const chart = barChart('say "hi"', ['a "b"'], [Number.NaN], 'n');
    expect(chart).toContain(`title "say 'hi'"`);
    expect(chart).toContain(`x-axis ["a 'b'"]`);
    expect(chart).toContain('bar [0]');
  });

  it('refuses series that do not fit the categories', () => {
    expect(() => barChart('t', ['a', 'b'], [1], 'n')).toThrow(/2 labels, 1 values/);
    expect(() => lineChart('t', ['a'], [{ name: 'p99', values: [1, 2] }], { y: 'ms' })).toThrow(
      /p99 has 2 values/,
    );
  });
});
