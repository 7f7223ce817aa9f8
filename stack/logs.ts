/**
 * `stack:logs [name] [--follow] [--lines N] [--raw]`: the log of a component or of a service
 * that `npm start` runs, or all of them. A service's JSON records print as one compact line each
 * (`--raw`: as written).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { compactLogLine } from '../platform/log-line.js';
import { stackEndpoints } from './cluster-size.js';
import { stackComponents } from './components/index.js';
import { StackError } from './errors.js';
import { stackPaths } from './paths.js';
import { localServices } from './services.js';

export async function stackLogs(
  name: string | undefined,
  options: { follow: boolean; lines: number; raw?: boolean },
) {
  const paths = stackPaths();
  const components = stackComponents(stackEndpoints(paths)).map((c) => c.name);
  const services = localServices().map((s) => s.name);
  // And any other log there (a service run by another supervisor, or one since removed).
  const others = logNames(paths.logs).filter((n) => ![...components, ...services].includes(n));
  const known = [...components, ...services, ...others];
  if (name !== undefined && !known.includes(name)) {
    throw new StackError(`Unknown component or service "${name}". Known: ${known.join(', ')}.`);
  }
  const files = (name ? [name] : known).map((n) => paths.log(n)).filter((f) => existsSync(f));
  if (files.length === 0)
    throw new StackError(
      name !== undefined && services.includes(name)
        ? `No log for ${name} yet: \`npm start\` runs it and writes ${paths.log(name)}.`
        : 'No logs yet: the stack has not been started (`npm run stack:up`).',
    );
  const args = [...(options.follow ? ['-F'] : []), '-n', String(options.lines), ...files];
  const tail = spawn('tail', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const format = options.raw ? (line: string) => line : compactLogLine;
  createInterface({ input: tail.stdout }).on('line', (line) => console.log(format(line)));
  await new Promise<void>((resolve) => tail.on('close', () => resolve()));
}

function logNames(folder: string): string[] {
  try {
    return readdirSync(folder)
      .filter((f) => f.endsWith('.log'))
      .map((f) => f.slice(0, -'.log'.length))
      .sort();
  } catch {
    return [];
  }
}
