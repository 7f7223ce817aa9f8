/** `stack:status [--json]`: one line per component: state, address, pid, resident memory. */
import { readEndpoints } from '../platform/endpoints.js';
import { COMPONENTS } from './components/index.js';
import { stackPaths } from './paths.js';
import { residentMemory, runningPid } from './processes.js';

export interface ComponentStatus {
  readonly component: string;
  readonly state: 'ready' | 'not answering' | 'stopped';
  readonly address: string;
  readonly url: string;
  readonly pid: number | null;
  readonly residentBytes: number;
}

export async function stackStatus(): Promise<ComponentStatus[]> {
  const paths = stackPaths();
  const endpoints = readEndpoints();
  return Promise.all(
    COMPONENTS.map(async (component) => {
      const pid = runningPid(paths.pid(component.name), paths.root) ?? null;
      const answers = pid !== null && (await component.isReady(endpoints).catch(() => false));
      return {
        component: component.name,
        state: pid === null ? 'stopped' : answers ? 'ready' : 'not answering',
        address: component.address(endpoints),
        url: component.url(endpoints),
        pid,
        residentBytes: pid === null ? 0 : residentMemory(pid),
      } satisfies ComponentStatus;
    }),
  );
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

export function formatStatus(rows: readonly ComponentStatus[]): string {
  const lines = rows.map((r) =>
    [
      r.component.padEnd(10),
      r.state.padEnd(14),
      r.address.padEnd(16),
      String(r.pid ?? '-').padEnd(8),
      mib(r.residentBytes).padStart(9),
    ].join(' '),
  );
  const total = rows.reduce((sum, r) => sum + r.residentBytes, 0);
  return [
    [
      'COMPONENT'.padEnd(10),
      'STATE'.padEnd(14),
      'ADDRESS'.padEnd(16),
      'PID'.padEnd(8),
      'RESIDENT'.padStart(9),
    ].join(' '),
    ...lines,
    `${'total'.padEnd(10)} ${''.padEnd(14)} ${''.padEnd(16)} ${''.padEnd(8)} ${mib(total).padStart(9)}`,
  ].join('\n');
}
