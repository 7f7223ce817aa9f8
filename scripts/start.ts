/**
 * `npm start`: prepares the system (stack, migrations, schemas, connector), then runs the
 * services as child processes with their logs prefixed, until Ctrl-C. The stack keeps running
 * afterwards (`npm run stack:down` stops it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { readEndpoints } from '../platform/endpoints.js';
import { PROJECT_ROOT } from '../stack/paths.js';
import { assertPortFree } from '../stack/ports.js';
import { prepareSystem } from './prepare-system.js';

/** The services `npm start` runs. */
const SERVICES = [
  { name: 'processor', entry: 'processors/main.ts' },
  { name: 'stats-sink', entry: 'sinks/stats/main.ts' },
  { name: 'leaderboard-sink', entry: 'sinks/leaderboard/main.ts' },
  { name: 'gateway', entry: 'gateway/main.ts' },
  { name: 'connect-watchdog', entry: 'connect/main.ts' },
] as const;

function run(name: string, entry: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { LOG_PRETTY: '1', ...process.env },
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => console.log(`[${name}] ${line}`));
  }
  return child;
}

async function main() {
  await prepareSystem();
  const endpoints = readEndpoints();
  await assertPortFree('0.0.0.0', endpoints.ports.gateway, 'gateway');
  const children = SERVICES.map((s) => ({ ...s, child: run(s.name, s.entry) }));
  console.log(
    `\nAuction platform running on http://localhost:${endpoints.ports.gateway}  (Ctrl-C stops the services; the stack keeps running)\n`,
  );

  let stopping = false;
  const stop = () => {
    stopping = true;
    for (const { child } of children) child.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await Promise.all(
    children.map(
      ({ name, child }) =>
        new Promise<void>((resolve) =>
          child.on('exit', (code) => {
            if (!stopping) {
              console.error(`${name} exited (code ${code}); stopping the other services.`);
              process.exitCode = 1;
              stop();
            }
            resolve();
          }),
        ),
    ),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
