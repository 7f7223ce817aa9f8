/**
 * The Prometheus files in this folder, checked by promtool (fetched on first use from Debian's
 * prometheus package, see stack/promtool.ts), and the metric names the alert rules use checked
 * against the names the code registers with prom-client.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createMetricsRegistry } from '../../platform/metrics.js';
import { ensurePromtool } from '../../stack/promtool.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');

describe('promtool', () => {
  let promtool = '';
  beforeAll(() => {
    promtool = ensurePromtool();
  }, 300_000);

  const promtoolPasses = (...args: string[]) => {
    const result = spawnSync(promtool, args, { cwd: HERE, encoding: 'utf8' });
    const output = `promtool ${args.join(' ')} (exit ${result.status}):\n${result.stdout}${result.stderr}`;
    expect(result.status, output).toBe(0);
  };

  // promtool evaluates hours of series: seconds alone, more beside the other unit tests on 2 cores.
  const PROMTOOL_MS = 60_000;

  it(
    'accepts the scrape configuration and the rule file it names',
    () => promtoolPasses('check', 'config', 'prometheus.yml'),
    PROMTOOL_MS,
  );

  it('accepts the alert rules', () => promtoolPasses('check', 'rules', 'alerts.yml'), PROMTOOL_MS);

  it(
    'passes the rules unit tests: each alert fires on its series and stays quiet on others',
    () => promtoolPasses('test', 'rules', 'alerts.test.yml'),
    PROMTOOL_MS,
  );
});

/** Series Prometheus records by itself for every scrape target, not exported by any code. */
const PROMETHEUS_OWN = new Set(['up']);

const PROMQL_WORDS = new Set(
  ['and', 'or', 'unless', 'bool', 'offset', 'by', 'without', 'on', 'ignoring'].concat([
    'group_left',
    'group_right',
    'inf',
    'nan',
  ]),
);

/** The metric names a PromQL expression selects: identifiers outside labels, ranges and calls. */
function metricNamesIn(expr: string): Set<string> {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\boffset\s+\w+/g, ' ');
  const names = new Set<string>();
  for (const match of bare.matchAll(/[A-Za-z_:][\w:]*/g)) {
    const word = match[0];
    const next = bare.slice(match.index + word.length).trimStart();
    if (next.startsWith('(') || PROMQL_WORDS.has(word.toLowerCase())) continue;
    names.add(word);
  }
  return names;
}

/** Every .ts file of the project but tests, dependencies and the stack's downloads. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      return ['node_modules', '.stack', '.git', 'dist'].includes(entry.name)
        ? []
        : sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.includes('.test.') ? [full] : [];
  });
}

const SERIES_SUFFIXES: Record<string, readonly string[]> = {
  counter: [''],
  gauge: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

/** The series names the code registers: read from the source, independently of alerts.yml. */
async function exportedSeries(): Promise<Set<string>> {
  const names = new Set<string>();
  const add = (name: string, type: string) => {
    for (const suffix of SERIES_SUFFIXES[type] ?? ['']) names.add(`${name}${suffix}`);
  };
  for (const file of sourceFiles(ROOT)) {
    const source = readFileSync(file, 'utf8');
    if (!source.includes("from 'prom-client'")) continue;
    for (const m of source.matchAll(/new (Counter|Gauge|Histogram|Summary)\(\{\s*name: '([^']+)'/g))
      add(m[2]!, m[1]!.toLowerCase());
  }
  // prom-client's default process metrics, which every registry of ours collects.
  const registry = createMetricsRegistry('check');
  for (const metric of await registry.getMetricsAsJSON()) add(metric.name, String(metric.type));
  return names;
}

describe('alerts.yml', () => {
  const rules = (
    parse(readFileSync(path.join(HERE, 'alerts.yml'), 'utf8')) as {
      groups: { rules: { alert: string; expr: string }[] }[];
    }
  ).groups.flatMap((g) => g.rules);

  it('finds the metric names in an expression', () => {
    expect([
      ...metricNamesIn(
        'sum by (service, le) (rate(a_bucket{x="y{z}"}[5m])) > 0 unless on () b offset 15m or up',
      ),
    ]).toEqual(['a_bucket', 'b', 'up']);
  });

  it('uses only metrics that the code exports (and Prometheus own `up`)', async () => {
    const exported = await exportedSeries();
    expect(exported).toContain('processor_decisions_total');
    expect(exported).toContain('http_request_duration_seconds_count');
    expect(exported).toContain('process_start_time_seconds');
    const unknown = rules.flatMap((rule) =>
      [...metricNamesIn(rule.expr)]
        .filter((name) => !exported.has(name) && !PROMETHEUS_OWN.has(name))
        .map((name) => `${rule.alert}: ${name}`),
    );
    expect(unknown, 'metrics used by alerts.yml that no code registers').toEqual([]);
    expect(rules.map((r) => metricNamesIn(r.expr).size).every((n) => n > 0)).toBe(true);
  });

  it('tells the operator what happened, what it means and what to do, for every alert', () => {
    for (const rule of rules as { alert: string; annotations?: Record<string, string> }[])
      for (const key of ['summary', 'description', 'runbook'])
        expect(rule.annotations?.[key], `${rule.alert}: ${key}`).toBeTruthy();
  });
});
