/**
 * `npm start`: prepares the system (stack, migrations, schemas, connector), then runs the
 * services as child processes with their logs prefixed, until Ctrl-C. A service that asks to be
 * restarted (exit code 75: its Kafka consumer stalled) is started again; any other exit stops
 * them all. The stack keeps running afterwards (`npm run stack:down` stops it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { readEndpoints } from '../platform/endpoints.js';
import { EXIT_CODE_RESTART } from '../platform/exit-for-restart.js';
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
  const running = new Map<string, ChildProcess>();
  let stopping = false;
  const stop = () => {
    stopping = true;
    for (const child of running.values()) child.kill('SIGTERM');
  };
  /** Runs one service until it exits for good; restarts it when it asks for that. */
  const supervise = async (name: string, entry: string) => {
    for (;;) {
      const child = run(name, entry);
      running.set(name, child);
      const [code] = (await once(child, 'exit')) as [number | null];
      if (stopping) return;
      if (code === EXIT_CODE_RESTART) {
        console.error(`${name} asked to be restarted (exit code ${code}); starting it again.`);
        continue;
      }
      console.error(`${name} exited (code ${code}); stopping the other services.`);
      process.exitCode = 1;
      stop();
      return;
    }
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const supervised = Promise.all(SERVICES.map((s) => supervise(s.name, s.entry)));
  console.log(
    `\nAuction platform running on http://localhost:${endpoints.ports.gateway}  (Ctrl-C stops the services; the stack keeps running)\n`,
  );
  await supervised;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
