/**
 * CPU time of processes from /proc: the parser of /proc/<pid>/stat (pure) and the readers. The
 * CPU of a process tree is each live member's own time plus the time of the children it has
 * reaped (cutime, cstime), so a Postgres backend that exits during a run still counts, once.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

export interface ProcStat {
  readonly pid: number;
  readonly comm: string;
  readonly ppid: number;
  /** Clock ticks in user and kernel mode. */
  readonly utime: number;
  readonly stime: number;
  /** Clock ticks of the children this process has waited for. */
  readonly cutime: number;
  readonly cstime: number;
  /** Clock ticks after boot at which it started: tells a recycled pid from the same process. */
  readonly starttime: number;
}

/**
 * Parses one /proc/<pid>/stat line. The command name (field 2) is in parentheses and may itself
 * hold spaces and parentheses, so the fields are counted from the last ')'.
 */
export function parseProcStat(line: string): ProcStat {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc stat line: ${line.slice(0, 80)}`);
  // After ')': field 3 (state) is rest[0], so field k is rest[k - 3].
  const rest = line
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  const field = (k: number) => {
    const value = Number(rest[k - 3]);
    if (!Number.isFinite(value)) throw new Error(`/proc stat field ${k} missing: ${line}`);
    return value;
  };
  return {
    pid: Number(line.slice(0, open).trim()),
    comm: line.slice(open + 1, close),
    ppid: field(4),
    utime: field(14),
    stime: field(15),
    cutime: field(16),
    cstime: field(17),
    starttime: field(22),
  };
}

/** A process's stat, or undefined if it is gone. */
export function readProcStat(pid: number): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Every process's stat (those that vanish while being read are skipped). */
export function readAllProcStats(): ProcStat[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => readProcStat(Number(name)) ?? []);
}

/** `root` and every live descendant of it, found through the ppid links in `all`. */
export function processTree(root: number, all: readonly ProcStat[]): ProcStat[] {
  const children = new Map<number, ProcStat[]>();
  for (const p of all) {
    const siblings = children.get(p.ppid);
    if (siblings) siblings.push(p);
    else children.set(p.ppid, [p]);
  }
  const tree: ProcStat[] = [];
  const self = all.find((p) => p.pid === root);
  if (!self) return tree;
  const queue = [self];
  for (let next = queue.shift(); next; next = queue.shift()) {
    tree.push(next);
    queue.push(...(children.get(next.pid) ?? []));
  }
  return tree;
}

/** Ticks a tree has used: own time of each live member plus what each reaped. */
export const treeTicks = (tree: readonly ProcStat[]) =>
  tree.reduce((sum, p) => sum + p.utime + p.stime + p.cutime + p.cstime, 0);

/** Ticks of the process alone (not its children: for a parent whose children are counted apart). */
export const ownTicks = (p: ProcStat) => p.utime + p.stime;

/** The kernel's clock ticks per second (`getconf CLK_TCK`, 100 on Linux nearly always). */
export function clockTicksPerSecond(): number {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}
