/** The state and log files the supervisor leaves for `stack:status` and `stack:logs`. */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readServiceRecords, recordToDisk, serviceRecordFile } from './records.js';
import type { ServiceSpec } from './supervisor.js';

const spec: ServiceSpec = {
  name: 'gateway',
  command: 'node',
  args: [],
  cwd: '/',
  env: {},
  address: '127.0.0.1:8080',
};
const child = (pid: number) => ({ pid }) as ChildProcess;

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function setUp() {
  root = mkdtempSync(path.join(tmpdir(), 'records-'));
  const runDir = path.join(root, 'run', 'services');
  const logFile = (service: string) => path.join(root, 'logs', `${service}.log`);
  return { runDir, logFile };
}

describe('the records on disk', () => {
  it('follow a service through start, crash, restart; its lines and the supervisor’s go to its log', async () => {
    const dirs = setUp();
    const { observer, close } = recordToDisk(dirs);
    observer({ type: 'started', service: spec, child: child(11) });
    expect(readServiceRecords(dirs.runDir)).toMatchObject([
      { service: 'gateway', state: 'running', pid: 11, address: '127.0.0.1:8080', restarts: 0 },
    ]);
    observer({
      type: 'line',
      service: spec,
      child: child(11),
      stream: 'stdout',
      line: '{"level":30}',
    });
    observer({
      type: 'exited',
      service: spec,
      child: child(11),
      code: null,
      signal: 'SIGKILL',
      how: 'killed by SIGKILL',
      decision: { action: 'restart', delayMs: 500, history: { exitTimes: [1], failuresInARow: 1 } },
      restarts: 1,
    });
    expect(readServiceRecords(dirs.runDir)[0]).toMatchObject({
      state: 'restarting',
      pid: null,
      restarts: 1,
      lastExit: 'killed by SIGKILL',
      supervisorPid: process.pid,
    });
    observer({ type: 'started', service: spec, child: child(12) });
    expect(readServiceRecords(dirs.runDir)[0]).toMatchObject({
      state: 'running',
      pid: 12,
      restarts: 1,
      lastExit: 'killed by SIGKILL',
    });
    await close();
    const log = readFileSync(dirs.logFile('gateway'), 'utf8').trim().split('\n');
    expect(log[1]).toBe('{"level":30}');
    expect(log.map((l) => (JSON.parse(l) as { msg?: string }).msg)).toEqual([
      'started gateway (pid 11)',
      undefined,
      'gateway exited unasked (killed by SIGKILL); restart 1 in 500 ms',
      'started gateway (pid 12)',
    ]);
  });

  it('start afresh: the records an earlier supervisor left are removed', async () => {
    const dirs = setUp();
    const first = recordToDisk(dirs);
    first.observer({ type: 'started', service: spec, child: child(1) });
    await first.close();
    writeFileSync(serviceRecordFile(dirs.runDir, 'broken'), 'not json');
    const second = recordToDisk(dirs);
    expect(readServiceRecords(dirs.runDir)).toEqual([]);
    await second.close();
  });
});
