/** Starting, finding and stopping the stack's daemons, tracked by pid files. */
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  realpathSync,
} from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface DaemonSpec {
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Run as this user (Postgres refuses to run as root). */
  readonly uid?: number;
  readonly gid?: number;
}

/** Starts a detached daemon whose output goes to `logFile`, and records its pid. */
export async function startDaemon(spec: DaemonSpec, logFile: string, pidFile: string) {
  await mkdir(path.dirname(logFile), { recursive: true });
  await mkdir(path.dirname(pidFile), { recursive: true });
  const log = openSync(logFile, 'a');
  try {
    const child = spawn(spec.file, spec.args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      detached: true,
      stdio: ['ignore', log, log],
      ...(spec.uid === undefined ? {} : { uid: spec.uid, gid: spec.gid }),
    });
    const pid = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('spawn', () => resolve(child.pid!));
    });
    child.unref();
    await writeFile(pidFile, `${pid}\n`);
    return pid;
  } finally {
    closeSync(log);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isZombie(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? false;
  } catch {
    return false;
  }
}

/**
 * The pid recorded for a component, if that process is still alive and still ours (its
 * working directory lies inside the stack folder), so a recycled pid is never mistaken for it.
 */
export function runningPid(pidFile: string, stackRoot: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  try {
    const cwd = readlinkSync(`/proc/${pid}/cwd`);
    // /proc shows the real path: compare with the stack folder's real path, since .stack may
    // be a symlink (a git worktree sharing another checkout's stack).
    return isInside(cwd, realpathSync(stackRoot)) ? pid : undefined;
  } catch {
    return pid; // /proc unreadable: trust the pid file.
  }
}

const isInside = (file: string, folder: string) =>
  file === folder || file.startsWith(`${folder}${path.sep}`);

/**
 * Sends `signal`, waits for the process to go, and sends `forceSignal` if it outstays
 * `graceMs` (then SIGKILL if even that is ignored for as long again).
 */
export async function stopProcess(
  pid: number,
  signal: NodeJS.Signals,
  { graceMs = 30_000, forceSignal = 'SIGKILL' } = {},
) {
  try {
    process.kill(pid, signal);
  } catch {
    return 'gone' as const;
  }
  if (await exitsWithin(pid, graceMs)) return 'stopped' as const;
  process.kill(pid, forceSignal);
  if (forceSignal !== 'SIGKILL' && !(await exitsWithin(pid, graceMs))) process.kill(pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(50);
  return 'killed' as const;
}

async function exitsWithin(pid: number, ms: number) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(100);
  }
  return false;
}

export async function removePidFile(pidFile: string) {
  await rm(pidFile, { force: true });
}

/**
 * Resident memory of a process and all its descendants, in bytes. Uses the proportional set
 * size, so pages the processes share (Postgres's shared buffers) are counted once, not per child.
 */
export function residentMemory(rootPid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const pending = [rootPid];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    try {
      const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      total += match ? Number(match[1]) * 1024 : 0;
    } catch {
      continue;
    }
    pending.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** The last lines of a log file, to show why a component failed. */
export function tail(file: string, lines = 15): string {
  if (!existsSync(file)) return '(no log yet)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}
