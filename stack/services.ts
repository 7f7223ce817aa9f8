/**
 * The services `npm start` runs on top of the stack, in start order: one list for the start
 * script, `stack:status`, `stack:logs`, the build check and the docker-compose check.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readEndpoints } from '../platform/endpoints.js';
import { PROJECT_ROOT } from './paths.js';

export interface LocalService {
  readonly name: string;
  /** Its composition root, from the project root (TypeScript; the build puts `.js` in dist/). */
  readonly entry: string;
  /** Where it listens, if it does: the gateway's HTTP port, the others' GET /metrics. */
  readonly address?: string;
}

export function localServices(env: NodeJS.ProcessEnv = process.env): LocalService[] {
  const gatewayHost = env.GATEWAY_HOST ?? '127.0.0.1';
  const metricsHost = env.METRICS_HOST ?? '127.0.0.1';
  const gatewayPort = readEndpoints(env).ports.gateway;
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

/**
 * What `npm start` sets for local work unless told otherwise; a production start sets none, so
 * the gateway needs its JWT_SECRET and keeps its default limits.
 */
export const developmentDefaults: Readonly<Record<string, string>> = {
  // The development JWT secret and /dev/token: npm start is for local work.
  DEVELOPMENT_MODE: '1',
  // The replay and the load tools send from this machine's one address.
  BID_RATE_LIMIT_PER_ADDRESS_PER_SECOND: '100000',
  BID_RATE_LIMIT_PER_ADDRESS_BURST: '100000',
  AUCTION_RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '100000',
  // `npm run bench` watches one hot auction from 1,000 sockets on this address.
  WS_MAX_CONNECTIONS_PER_ADDRESS: '5000',
};

/** Where `npm run build` (tsconfig.build.json) puts the compiled code. */
export const BUILD_DIR = path.join(PROJECT_ROOT, 'dist');

/** The compiled file of a TypeScript entry point, relative to the build folder. */
export const compiledEntry = (entry: string) => entry.replace(/\.ts$/, '.js');

/**
 * How a service is run. Development (`npm start`): from the TypeScript through tsx, so an edit
 * needs only a restart. Production (NODE_ENV=production): plain node on the build, which must
 * exist (`npm run build`); tsx and the other development tools need not be installed.
 */
export function serviceCommand(
  entry: string,
  production: boolean,
  buildDir = BUILD_DIR,
): { command: string; args: string[] } {
  if (!production) return { command: process.execPath, args: ['--import', 'tsx', entry] };
  const file = path.join(buildDir, compiledEntry(entry));
  if (!existsSync(file))
    throw new Error(
      `${file} is missing: NODE_ENV=production runs the build; run \`npm run build\`.`,
    );
  return { command: process.execPath, args: [file] };
}
