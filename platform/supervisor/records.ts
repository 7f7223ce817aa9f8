/**
 * What the supervisor leaves on disk for `stack:status` and `stack:logs`: one small JSON state
 * file per service (state, pid, address, restarts) in a run folder, and each service's output
 * appended to its log file, the supervisor's own notes among the lines as pino-shaped records.
 */
import {
  createWriteStream,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
  type WriteStream,
} from 'node:fs';
import path from 'node:path';
import type { ServiceState, SupervisorEvent, SupervisorObserver } from './supervisor.js';

export interface ServiceRecord {
  readonly service: string;
  readonly state: ServiceState;
  readonly pid: number | null;
  readonly address: string | null;
  readonly restarts: number;
  /** How its last process ended, if one did. */
  readonly lastExit: string | null;
  readonly updatedAt: string;
  /** The supervisor's own pid: a record left by a supervisor that is gone is stale. */
  readonly supervisorPid: number;
}

export const serviceRecordFile = (runDir: string, service: string) =>
  path.join(runDir, `${service}.json`);

/** The records in `runDir`, in name order; unreadable ones are skipped. */
export function readServiceRecords(runDir: string): ServiceRecord[] {
  let files: string[];
  try {
    files = readdirSync(runDir).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  return files.sort().flatMap((file) => {
    try {
      return [JSON.parse(readFileSync(path.join(runDir, file), 'utf8')) as ServiceRecord];
    } catch {
      return [];
    }
  });
}

/** An observer that keeps the state files and log files of every service up to date. */
export function recordToDisk(dirs: { runDir: string; logFile: (service: string) => string }): {
  observer: SupervisorObserver;
  close: () => Promise<void>;
} {
  mkdirSync(dirs.runDir, { recursive: true });
  // Records of an earlier supervisor describe processes that are gone.
  for (const file of readdirSync(dirs.runDir))
    rmSync(path.join(dirs.runDir, file), { force: true });
  const logs = new Map<string, WriteStream>();
  const logOf = (service: string) => {
    let stream = logs.get(service);
    if (!stream) {
      mkdirSync(path.dirname(dirs.logFile(service)), { recursive: true });
      stream = createWriteStream(dirs.logFile(service), { flags: 'a' });
      stream.on('error', () => undefined); // a full disk must not stop the services
      logs.set(service, stream);
    }
    return stream;
  };
  const note = (service: string, level: number, msg: string) =>
    logOf(service).write(
      `${JSON.stringify({ level, time: Date.now(), service: 'supervisor', msg })}\n`,
    );
  /** Restarts and the last exit of each service, carried from one record to the next. */
  const past = new Map<string, Pick<ServiceRecord, 'restarts' | 'lastExit'>>();
  const write = (record: Omit<ServiceRecord, 'updatedAt' | 'supervisorPid'>) => {
    past.set(record.service, { restarts: record.restarts, lastExit: record.lastExit });
    writeFileSync(
      serviceRecordFile(dirs.runDir, record.service),
      JSON.stringify({
        ...record,
        updatedAt: new Date().toISOString(),
        supervisorPid: process.pid,
      }),
    );
  };
  const sofar = (service: string) => past.get(service) ?? { restarts: 0, lastExit: null };

  const observer = (event: SupervisorEvent) => {
    const { name, address = null } = event.service;
    switch (event.type) {
      case 'started':
        note(name, 30, `started ${name} (pid ${event.child.pid})`);
        write({
          service: name,
          state: 'running',
          pid: event.child.pid ?? null,
          address,
          ...sofar(name),
        });
        return;
      case 'line':
        logOf(name).write(`${event.line}\n`);
        return;
      case 'exited':
        note(name, event.decision.action === 'stay-stopped' ? 30 : 50, exitMessage(event));
        write({
          service: name,
          state: stateAfter(event.decision.action),
          pid: null,
          address,
          restarts: event.restarts,
          lastExit: event.how,
        });
        return;
      case 'restart-cancelled':
        note(name, 30, `${name} stopped while waiting to restart`);
        write({
          service: name,
          state: 'stopped',
          pid: null,
          address,
          ...sofar(name),
        });
        return;
      default: {
        const never: never = event;
        throw new Error(`unknown event ${JSON.stringify(never)}`);
      }
    }
  };
  const close = async () => {
    await Promise.all(
      [...logs.values()].map((s) => new Promise<void>((resolve) => s.end(() => resolve()))),
    );
  };
  return { observer, close };
}

function stateAfter(action: 'stay-stopped' | 'restart' | 'give-up'): ServiceState {
  if (action === 'restart') return 'restarting';
  if (action === 'give-up') return 'gave up';
  return 'stopped';
}

/** What the supervisor says when a service exits: the terminal shows the same words. */
export function exitMessage(event: Extract<SupervisorEvent, { type: 'exited' }>): string {
  const { name } = event.service;
  const { decision } = event;
  switch (decision.action) {
    case 'stay-stopped':
      return `${name} stopped (${event.how})`;
    case 'restart':
      return `${name} exited unasked (${event.how}); restart ${event.restarts} in ${decision.delayMs} ms`;
    case 'give-up':
      if (decision.reason === 'misconfigured')
        return (
          `${name} refused its configuration (${event.how}): NOT restarting it, since a restart ` +
          `cannot fix that; see its last log line, fix the setting, then restart npm start`
        );
      return (
        `${name} exited unasked (${event.how}), its ${decision.exitsInWindow}th exit within the crash-loop window: ` +
        `GIVING UP on ${name}; the other services keep running (fix it, then restart npm start)`
      );
    default: {
      const never: never = decision;
      throw new Error(`unknown decision ${JSON.stringify(never)}`);
    }
  }
}
