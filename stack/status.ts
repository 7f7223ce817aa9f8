/**
 * `stack:status [--json]`: one line per component (state, address, pid, resident memory), then
 * one per service that `npm start`'s supervisor runs (state, address, pid, memory, restarts).
 */
import { readServiceRecords } from '../platform/supervisor/records.js';
import type { ServiceState } from '../platform/supervisor/supervisor.js';
import { stackEndpoints } from './cluster-size.js';
import { stackComponents } from './components/index.js';
import { stackPaths } from './paths.js';
import { isAlive, residentMemory, runningPid } from './processes.js';
import { localServices } from './services.js';

export interface ComponentStatus {
  readonly component: string;
  readonly state: 'ready' | 'not answering' | 'stopped';
  readonly address: string;
  /** Without credentials: this is printed. */
  readonly url: string;
  readonly pid: number | null;
  readonly residentBytes: number;
}

export interface ServiceStatus {
  readonly service: string;
  readonly state: ServiceState;
  readonly address: string | null;
  readonly pid: number | null;
  readonly residentBytes: number;
  readonly restarts: number;
  readonly lastExit: string | null;
}

export async function stackStatus(
  env: NodeJS.ProcessEnv = process.env,
): Promise<ComponentStatus[]> {
  const paths = stackPaths(env.STACK_DIR);
  const endpoints = stackEndpoints(paths, env);
  return Promise.all(
    stackComponents(endpoints).map(async (component) => {
      const pid = runningPid(paths.pid(component.name), paths.root) ?? null;
      const answers = pid !== null && (await component.isReady(endpoints).catch(() => false));
      return {
        component: component.name,
        state: pid === null ? 'stopped' : answers ? 'ready' : 'not answering',
        address: component.address(endpoints),
        url: redactUrl(component.url(endpoints)),
        pid,
        residentBytes: pid === null ? 0 : residentMemory(pid),
      } satisfies ComponentStatus;
    }),
  );
}

/**
 * A URL as `stack:status` may print it: a password becomes `***`, and so does the value of any
 * query parameter that names a secret (password, secret, token, key). Text that is no URL
 * (Kafka's host:port) is kept as it is.
 */
export function redactUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  if (!url.host) return text; // "127.0.0.1:9092" parses as a URL of scheme "127.0.0.1:"
  if (url.password) url.password = '***';
  for (const name of [...url.searchParams.keys()])
    if (/pass|secret|token|key/i.test(name)) url.searchParams.set(name, '***');
  // URL escapes the asterisks in the password; they are meant to be read.
  return url.href.replace(':%2A%2A%2A@', ':***@').replaceAll('=%2A%2A%2A', '=***');
}

/**
 * Every service `npm start` runs (stack/services.ts), `stopped` when it runs none, followed by
 * any other service a running supervisor records.
 */
export function knownServicesStatus(env: NodeJS.ProcessEnv = process.env): ServiceStatus[] {
  const recorded = servicesStatus(env);
  const known = localServices(env).map(
    (service) =>
      recorded.find((r) => r.service === service.name) ?? {
        service: service.name,
        state: 'stopped' as const,
        address: service.address ?? null,
        pid: null,
        residentBytes: 0,
        restarts: 0,
        lastExit: null,
      },
  );
  return [...known, ...recorded.filter((r) => !known.includes(r))];
}

/** The services of a running `npm start`; none when it is not running. */
export function servicesStatus(env: NodeJS.ProcessEnv = process.env): ServiceStatus[] {
  return readServiceRecords(stackPaths(env.STACK_DIR).services)
    .filter((record) => isAlive(record.supervisorPid)) // left by a supervisor that is gone
    .map((record) => {
      const pid = record.pid !== null && isAlive(record.pid) ? record.pid : null;
      return {
        service: record.service,
        state: record.state === 'running' && pid === null ? 'restarting' : record.state,
        address: record.address,
        pid,
        residentBytes: pid === null ? 0 : residentMemory(pid),
        restarts: record.restarts,
        lastExit: record.lastExit,
      };
    });
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

export function formatStatus(
  rows: readonly ComponentStatus[],
  services: readonly ServiceStatus[] = [],
): string {
  const width = Math.max(10, ...services.map((s) => s.service.length + 1));
  const line = (cells: readonly string[], memory: string, extra = '') =>
    [
      cells[0]!.padEnd(width),
      cells[1]!.padEnd(14),
      cells[2]!.padEnd(16),
      cells[3]!.padEnd(8),
      memory.padStart(9),
      ...(extra ? [extra] : []),
    ].join(' ');
  const total = rows.reduce((sum, r) => sum + r.residentBytes, 0);
  const components = [
    line(['COMPONENT', 'STATE', 'ADDRESS', 'PID'], 'RESIDENT'),
    ...rows.map((r) =>
      line([r.component, r.state, r.address, String(r.pid ?? '-')], mib(r.residentBytes)),
    ),
    line(['total', '', '', ''], mib(total)),
  ];
  const serviceLines =
    services.length === 0
      ? ['services: not running (`npm start` runs them)']
      : [
          line(['SERVICE', 'STATE', 'ADDRESS', 'PID'], 'RESIDENT', 'RESTARTS'),
          ...services.map((s) =>
            line(
              [s.service, s.state, s.address ?? '-', String(s.pid ?? '-')],
              mib(s.residentBytes),
              `${s.restarts}${s.lastExit ? ` (last: ${s.lastExit})` : ''}`,
            ),
          ),
          ...(services.every((s) => s.state === 'stopped')
            ? ['services: not running (`npm start` runs them)']
            : []),
        ];
  return [...components.map((l) => l.trimEnd()), '', ...serviceLines.map((l) => l.trimEnd())].join(
    '\n',
  );
}
