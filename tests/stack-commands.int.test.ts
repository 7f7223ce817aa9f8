/** The stack's own commands, run as a user runs them. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { endpoints } from './support.js';
import { serviceRecordFile, type ServiceRecord } from '../platform/supervisor/records.js';
import { stackPaths } from '../stack/paths.js';
import type { ComponentStatus, ServiceStatus } from '../stack/status.js';
import { stackUp } from '../stack/up.js';

const tsx = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
  execFileSync(process.execPath, ['--import', 'tsx', 'stack/cli.ts', ...args], {
    encoding: 'utf8',
    env,
  });

describe('stack commands', () => {
  it('stack:up is safe to run again: it finds every component running and starts nothing', async () => {
    const lines: string[] = [];
    const results = await stackUp((line) => lines.push(line));
    expect(results.every((r) => !r.started)).toBe(true);
    expect(lines.filter((l) => l.includes('already running'))).toHaveLength(results.length);
  });

  it('stack:status --json gives each component its state, pid, memory and URL, and no password', () => {
    const text = tsx(['status', '--json']);
    const { components } = JSON.parse(text) as { components: ComponentStatus[] };
    const byName = Object.fromEntries(components.map((r) => [r.component, r]));
    expect(byName.postgres?.url).toMatch(/^postgres:\/\/auction:\*\*\*@127\.0\.0\.1:\d+\/auction$/);
    expect(byName.registry?.url).toMatch(/\/apis\/ccompat\/v7$/);
    expect(
      components.every((r) => r.state === 'ready' && r.pid !== null && r.residentBytes > 0),
    ).toBe(true);
    for (const { password } of Object.values(endpoints.postgres))
      expect(text).not.toContain(`:${password}@`);
  });

  it('stack:status prints one line per component and a total, then the services', () => {
    const lines = tsx(['status']).trim().split('\n');
    expect(lines[0]).toMatch(/COMPONENT\s+STATE\s+ADDRESS\s+PID\s+RESIDENT/);
    const totalAt = lines.findIndex((l) => l.startsWith('total'));
    expect(lines.slice(1, totalAt).map((l) => l.split(/\s+/)[0])).toEqual([
      'postgres',
      'redis',
      'kafka',
      'connect',
      'registry',
    ]);
    expect(lines[totalAt]).toMatch(/^total\s+\d+ MiB$/);
    expect(lines.slice(totalAt + 1).join('\n')).toMatch(/SERVICE|services: not running/);
    expect(lines.at(-1)).toMatch(
      /^kafka cluster: 1 of 1 broker in the cluster \(1; controller 1\), \d+ partitions, 0 under-replicated, 0 without a leader$/,
    );
  });

  it('stack:status shows the services a supervisor records, and drops records a dead supervisor left', () => {
    // A stack folder of its own, so this never meets a real npm start's records.
    const root = `/tmp/stack-status-${process.pid}`;
    const paths = stackPaths(root);
    mkdirSync(paths.services, { recursive: true });
    const record = (service: string, supervisorPid: number, pid: number | null): ServiceRecord => ({
      service,
      state: pid === null ? 'gave up' : 'running',
      pid,
      address: '127.0.0.1:18080',
      restarts: 2,
      lastExit: 'killed by SIGKILL',
      updatedAt: new Date().toISOString(),
      supervisorPid,
    });
    const write = (r: ServiceRecord) =>
      writeFileSync(serviceRecordFile(paths.services, r.service), JSON.stringify(r));
    write(record('gateway', process.pid, process.pid)); // this test process stands in for both
    write(record('processor', process.pid, null));
    write(record('left-behind', 2 ** 22 + 1, null)); // beyond pid_max: no such supervisor
    try {
      const env = { ...process.env, STACK_DIR: root };
      const { services } = JSON.parse(tsx(['status', '--json'], env)) as {
        services: ServiceStatus[];
      };
      // Every service npm start runs, in its order; those without a record are stopped.
      expect(services.map((s) => [s.service, s.state, s.pid])).toEqual([
        ['processor', 'gave up', null],
        ['stats-sink', 'stopped', null],
        ['leaderboard-sink', 'stopped', null],
        ['gateway', 'running', process.pid],
        ['connect-watchdog', 'stopped', null],
      ]);
      const gateway = services.find((s) => s.service === 'gateway');
      expect(gateway).toMatchObject({ address: '127.0.0.1:18080', restarts: 2 });
      expect(gateway!.residentBytes).toBeGreaterThan(0);
      const text = tsx(['status'], env);
      expect(text).toMatch(/SERVICE\s+STATE\s+ADDRESS\s+PID\s+RESIDENT\s+RESTARTS/);
      expect(text).toMatch(
        /gateway\s+running\s+127\.0\.0\.1:18080\s+\d+\s+\d+ MiB 2 \(last: killed by SIGKILL\)/,
      );
      expect(text).toMatch(/processor\s+gave up/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('stack:logs shows a component log and refuses an unknown name', () => {
    expect(tsx(['logs', 'kafka', '--lines', '200'])).toMatch(/\] INFO .*\(kafka\./);
    expect(() =>
      execFileSync(process.execPath, ['--import', 'tsx', 'stack/cli.ts', 'logs', 'nope'], {
        stdio: 'pipe',
      }),
    ).toThrow(/Unknown component or service "nope"/);
  });

  it('stack:logs prints a service log one compact line per record (--raw: as written)', () => {
    const root = `/tmp/stack-logs-${process.pid}`;
    const paths = stackPaths(root);
    mkdirSync(paths.logs, { recursive: true });
    const record = { level: 30, time: Date.UTC(2026, 0, 1), pid: 1, msg: 'request', status: 202 };
    writeFileSync(paths.log('gateway'), `${JSON.stringify(record)}\n`);
    try {
      const env = { ...process.env, STACK_DIR: root };
      expect(tsx(['logs', 'gateway'], env).trim()).toBe('00:00:00.000 INFO  request status=202');
      expect(tsx(['logs', 'gateway', '--raw'], env).trim()).toBe(JSON.stringify(record));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
