import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ownTicks, parseProcStat, processTree, treeTicks, type ProcStat } from './proc-stat.js';

// Fields 1–22 of proc(5): pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt
// majflt cmajflt utime stime cutime cstime priority nice threads itrealvalue starttime …
const line = (pid: number, comm: string, ppid: number, u: number, s: number, cu = 0, cs = 0) =>
  `${pid} (${comm}) S ${ppid} ${pid} ${pid} 0 -1 4194560 812 0 3 0 ${u} ${s} ${cu} ${cs} 20 0 1 0 98765 123456 789 18446744073709551615`;

describe('parsing /proc/<pid>/stat', () => {
  it('reads pid, ppid, the four CPU counters and the start time by position', () => {
    expect(parseProcStat(line(5435, 'postgres', 5121, 150, 75, 10, 5))).toEqual({
      pid: 5435,
      comm: 'postgres',
      ppid: 5121,
      utime: 150,
      stime: 75,
      cutime: 10,
      cstime: 5,
      starttime: 98765,
    });
  });

  it('counts the fields from the last parenthesis: a command name may hold spaces and parentheses', () => {
    const stat = parseProcStat(line(77, 'postgres: auction (x) idle', 5435, 42, 8));
    expect(stat.comm).toBe('postgres: auction (x) idle');
    expect([stat.ppid, stat.utime, stat.stime]).toEqual([5435, 42, 8]);
  });

  it('reads this very process from /proc', () => {
    const stat = parseProcStat(readFileSync('/proc/self/stat', 'utf8'));
    expect(stat.pid).toBe(process.pid);
    expect(stat.ppid).toBe(process.ppid);
    expect(stat.utime + stat.stime).toBeGreaterThan(0);
  });

  it('refuses what is not a stat line', () => {
    expect(() => parseProcStat('hello')).toThrow(/not a \/proc stat line/);
    expect(() => parseProcStat('12 (x) S 1 2')).toThrow(/field 14 missing/);
  });
});

describe('process trees', () => {
  const all: ProcStat[] = [
    parseProcStat(line(1, 'init', 0, 1000, 1000)),
    parseProcStat(line(100, 'postgres', 1, 50, 20, 7, 3)), // postmaster, reaped 10
    parseProcStat(line(101, 'checkpointer', 100, 5, 5)),
    parseProcStat(line(102, 'backend', 100, 30, 10)),
    parseProcStat(line(103, 'parallel worker', 102, 4, 1)),
    parseProcStat(line(200, 'redis-server', 1, 9, 9)),
  ];

  it('holds the root and every descendant, and nothing else', () => {
    expect(
      processTree(100, all)
        .map((p) => p.pid)
        .sort(),
    ).toEqual([100, 101, 102, 103]);
    expect(processTree(999, all)).toEqual([]);
  });

  it("sums each member's own time and what the members reaped", () => {
    // 50+20+7+3 (postmaster) + 10 (checkpointer) + 40 (backend) + 5 (worker)
    expect(treeTicks(processTree(100, all))).toBe(135);
    expect(ownTicks(all[1]!)).toBe(70);
  });
});
