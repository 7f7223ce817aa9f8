/**
 * `npm start`: prepares the system (stack, migrations, schemas, connector), then runs the
 * services under the supervisor (platform/supervisor/) until Ctrl-C or SIGTERM. A service that
 * exits unasked (a crash, a signal, exit code 75) is started again with backoff; one that
 * crash-loops is given up on, loudly, while the others keep running. Each service's state is in
 * `npm run stack:status`, its log in `npm run stack:logs -- <service>`. The stack keeps running
 * afterwards (`npm run stack:down` stops it).
 */
import { readEndpoints } from '../platform/endpoints.js';
import { recordToDisk } from '../platform/supervisor/records.js';
import { Supervisor, type ServiceSpec } from '../platform/supervisor/supervisor.js';
import { printToTerminal } from '../platform/supervisor/terminal.js';
import { PROJECT_ROOT, stackPaths } from '../stack/paths.js';
import { assertPortFree } from '../stack/ports.js';
import { prepareSystem } from './prepare-system.js';

const env = process.env;
const gatewayHost = env.GATEWAY_HOST ?? '127.0.0.1';
const metricsHost = env.METRICS_HOST ?? '127.0.0.1';

/** The services `npm start` runs, with where each listens (the processors and sinks: /metrics). */
function services(gatewayPort: number): { name: string; entry: string; address?: string }[] {
  return [
    {
      name: 'processor',
      entry: 'processors/main.ts',
      address: `${metricsHost}:${env.PROCESSOR_METRICS_PORT ?? 9464}`,
    },
    {
      name: 'stats-sink',
      entry: 'sinks/stats/main.ts',
      address: `${metricsHost}:${env.STATS_SINK_METRICS_PORT ?? 9465}`,
    },
    {
      name: 'leaderboard-sink',
      entry: 'sinks/leaderboard/main.ts',
      address: `${metricsHost}:${env.LEADERBOARD_SINK_METRICS_PORT ?? 9466}`,
    },
    { name: 'gateway', entry: 'gateway/main.ts', address: `${gatewayHost}:${gatewayPort}` },
    { name: 'connect-watchdog', entry: 'connect/main.ts' },
  ];
}

async function main() {
  await prepareSystem();
  const endpoints = readEndpoints();
  await assertPortFree(gatewayHost, endpoints.ports.gateway, 'gateway');
  const list = services(endpoints.ports.gateway);
  const paths = stackPaths();
  const records = recordToDisk({ runDir: paths.services, logFile: paths.log });
  const supervisor = new Supervisor({
    observers: [records.observer, printToTerminal(Math.max(...list.map((s) => s.name.length)))],
  });
  // If the supervisor itself dies, its services must not outlive it holding the ports.
  process.on('exit', () => supervisor.killAllNow());

  let stopRequests = 0;
  const stopped = new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      stopRequests += 1;
      const force = stopRequests > 1;
      console.log(
        force
          ? `\n${signal} again: killing the services now.`
          : `\n${signal}: stopping the services (again to kill them at once) …`,
      );
      void supervisor.stopAll({ force }).then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

  const childEnv: NodeJS.ProcessEnv = {
    ...env,
    // The development JWT secret and /dev/token: npm start is for local work.
    DEVELOPMENT_MODE: env.DEVELOPMENT_MODE ?? '1',
    // The replay and the load tools send from this machine's one address.
    BID_RATE_LIMIT_PER_ADDRESS_PER_SECOND: env.BID_RATE_LIMIT_PER_ADDRESS_PER_SECOND ?? '100000',
    BID_RATE_LIMIT_PER_ADDRESS_BURST: env.BID_RATE_LIMIT_PER_ADDRESS_BURST ?? '100000',
    AUCTION_RATE_LIMIT_PER_ADDRESS_PER_MINUTE:
      env.AUCTION_RATE_LIMIT_PER_ADDRESS_PER_MINUTE ?? '100000',
    // `npm run bench` watches one hot auction from 1,000 sockets on this address.
    WS_MAX_CONNECTIONS_PER_ADDRESS: env.WS_MAX_CONNECTIONS_PER_ADDRESS ?? '5000',
    GATEWAY_HOST: gatewayHost,
    METRICS_HOST: metricsHost,
  };
  for (const service of list) {
    const spec: ServiceSpec = {
      name: service.name,
      command: process.execPath,
      args: ['--import', 'tsx', service.entry],
      cwd: PROJECT_ROOT,
      env: childEnv,
      ...(service.address ? { address: service.address } : {}),
    };
    supervisor.start(spec);
  }
  console.log(
    `\nAuction platform running on http://${gatewayHost}:${endpoints.ports.gateway}  ` +
      `(Ctrl-C stops the services; the stack keeps running; \`npm run stack:status\` shows them)\n`,
  );
  await stopped;
  await records.close();
  const gaveUp = supervisor.list().filter((s) => s.state === 'gave up');
  if (gaveUp.length > 0) {
    console.error(`gave up on: ${gaveUp.map((s) => s.spec.name).join(', ')}`);
    process.exitCode = 1;
  }
  console.log('services stopped; the stack keeps running (`npm run stack:down` stops it).');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
