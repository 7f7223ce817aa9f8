/** The stack's own commands, run as a user runs them. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { ComponentStatus } from '../stack/status.js';
import { stackUp } from '../stack/up.js';

const tsx = (args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', 'stack/cli.ts', ...args], {
    encoding: 'utf8',
  });

describe('stack commands', () => {
  it('stack:up is safe to run again: it finds every component running and starts nothing', async () => {
    const lines: string[] = [];
    const results = await stackUp((line) => lines.push(line));
    expect(results.every((r) => !r.started)).toBe(true);
    expect(lines.filter((l) => l.includes('already running'))).toHaveLength(results.length);
  });

  it('stack:status --json gives each component its state, pid, memory and URL', () => {
    const rows = JSON.parse(tsx(['status', '--json'])) as ComponentStatus[];
    const byName = Object.fromEntries(rows.map((r) => [r.component, r]));
    expect(byName.postgres?.url).toMatch(/^postgres:\/\/auction:.*@127\.0\.0\.1:\d+\/auction$/);
    expect(byName.registry?.url).toMatch(/\/apis\/ccompat\/v7$/);
    expect(rows.every((r) => r.state === 'ready' && r.pid !== null && r.residentBytes > 0)).toBe(
      true,
    );
  });

  it('stack:status prints one line per component and a total', () => {
    const lines = tsx(['status']).trim().split('\n');
    expect(lines[0]).toMatch(/COMPONENT\s+STATE\s+ADDRESS\s+PID\s+RESIDENT/);
    expect(lines.slice(1, -1).map((l) => l.split(/\s+/)[0])).toEqual([
      'postgres',
      'redis',
      'kafka',
      'connect',
      'registry',
    ]);
    expect(lines.at(-1)).toMatch(/^total\s+\d+ MiB$/);
  });

  it('stack:logs shows a component log and refuses an unknown component', () => {
    expect(tsx(['logs', 'kafka', '--lines', '200'])).toMatch(/\] INFO .*\(kafka\./);
    expect(() =>
      execFileSync(process.execPath, ['--import', 'tsx', 'stack/cli.ts', 'logs', 'nope'], {
        stdio: 'pipe',
      }),
    ).toThrow(/Unknown component "nope"/);
  });
});
