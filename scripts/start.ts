/**
 * `npm start`: prepares the system (stack, migrations, schemas, connector), then runs the
 * services under the supervisor (platform/supervisor/) until Ctrl-C or SIGTERM. A service that
 * exits unasked (a crash, a signal, exit code 75) is started again with backoff; one that
 * crash-loops is given up on, loudly, while the others keep running. Each service's state is in
 * `npm run stack:status`, its log in `npm run stack:logs -- <service>`. The stack keeps running
 * afterwards (`npm run stack:down` stops it).
 *
 * Development (the default): the services run from TypeScript through tsx, with development
 * defaults (DEVELOPMENT_MODE=1, loopback rate limits raised for the load tools). NODE_ENV=production
 * (`npm run start:production`, after `npm run build`): they run from dist/ with plain node, and
 * nothing is defaulted (the gateway then needs its JWT_SECRET).
 */
import { readEndpoints } from '../platform/endpoints.js';
import { recordToDisk } from '../platform/supervisor/records.js';
import { Supervisor, type ServiceSpec } from '../platform/supervisor/supervisor.js';
import { printToTerminal } from '../platform/supervisor/terminal.js';
import { PROJECT_ROOT, stackPaths } from '../stack/paths.js';
import { assertPortFree } from '../stack/ports.js';
import { developmentDefaults, localServices, serviceCommand } from '../stack/services.js';
import { prepareSystem } from './prepare-system.js';

const env = process.env;
const gatewayHost = env.GATEWAY_HOST ?? '127.0.0.1';
const metricsHost = env.METRICS_HOST ?? '127.0.0.1';
/** NODE_ENV=production: the services run from the build, with no development defaults. */
const production = env.NODE_ENV === 'production';

async function main() {
  // First of all: a production start without a build fails here, saying so.
  const list = localServices({ ...env, GATEWAY_HOST: gatewayHost, METRICS_HOST: metricsHost }).map(
    (service) => ({ ...service, ...serviceCommand(service.entry, production) }),
  );
  await prepareSystem();
  const endpoints = readEndpoints();
  await assertPortFree(gatewayHost, endpoints.ports.gateway, 'gateway');
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
    ...(production ? {} : developmentDefaults),
    ...env,
    GATEWAY_HOST: gatewayHost,
    METRICS_HOST: metricsHost,
  };
  for (const service of list) {
    const spec: ServiceSpec = {
      name: service.name,
      command: service.command,
      args: service.args,
      cwd: PROJECT_ROOT,
      env: childEnv,
      ...(service.address ? { address: service.address } : {}),
    };
    supervisor.start(spec);
  }
  console.log(
    `\nAuction platform running on http://${gatewayHost}:${endpoints.ports.gateway}` +
      `${production ? ' (production: from dist/)' : ''}  ` +
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
