/**
 * The processes of the running system, found from the project's own records, as `npm run
 * stack:status` finds them: the stack's pid files (stack/processes.ts) and the supervisor's
 * service records (platform/supervisor/records.ts); plus the load generator (this process).
 */
import { readServiceRecords } from '../../platform/supervisor/records.js';
import { stackEndpoints } from '../../stack/cluster-size.js';
import { stackComponents } from '../../stack/components/index.js';
import { stackPaths } from '../../stack/paths.js';
import { isAlive, runningPid } from '../../stack/processes.js';
import { servicesStatus } from '../../stack/status.js';
import type { CpuSample } from './cost-arithmetic.js';
import { GENERATOR } from './cost-table.js';
import { processTree, readAllProcStats, treeTicks, ownTicks, type ProcStat } from './proc-stat.js';

export interface WatchedProcess {
  readonly name: string;
  readonly pid: number;
  /**
   * `tree`: the process and all its descendants (Postgres: the postmaster and every backend);
   * `own`: the process alone (the supervisor, whose children are the services, counted apart).
   */
  readonly scope: 'tree' | 'own';
}

/** The `npm start` process: it relays every service's log lines. */
export const SUPERVISOR = 'supervisor';

export function systemProcesses(): { processes: WatchedProcess[]; missing: string[] } {
  const paths = stackPaths();
  const processes: WatchedProcess[] = [];
  const missing: string[] = [];
  for (const component of stackComponents(stackEndpoints(paths))) {
    const pid = runningPid(paths.pid(component.name), paths.root);
    if (pid === undefined) missing.push(component.name);
    else processes.push({ name: component.name, pid, scope: 'tree' });
  }
  const services = servicesStatus();
  if (services.length === 0) missing.push('services (npm start is not running)');
  for (const service of services) {
    if (service.pid === null) missing.push(service.service);
    else processes.push({ name: service.service, pid: service.pid, scope: 'tree' });
  }
  const supervisor = readServiceRecords(paths.services).find((r) => isAlive(r.supervisorPid));
  if (supervisor) processes.push({ name: SUPERVISOR, pid: supervisor.supervisorPid, scope: 'own' });
  processes.push({ name: GENERATOR, pid: process.pid, scope: 'tree' });
  return { processes, missing };
}

/** The CPU ticks of each watched process at this moment. */
export function sampleCpu(
  processes: readonly WatchedProcess[],
  all: readonly ProcStat[] = readAllProcStats(),
): CpuSample {
  const sample: Record<string, { ticks: number; identity: string } | undefined> = {};
  for (const p of processes) {
    const self = all.find((s) => s.pid === p.pid);
    sample[p.name] = self && {
      ticks: p.scope === 'own' ? ownTicks(self) : treeTicks(processTree(p.pid, all)),
      identity: `${self.pid}:${self.starttime}`,
    };
  }
  return sample;
}
