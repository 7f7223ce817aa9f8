/**
 * docker-compose.yml cannot run here (no Docker engine), so this keeps it in step with the local
 * stack (its components) and with `npm start` (its services, built from the Dockerfile).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readGatewayConfig } from '../gateway/config/config.js';
import { readEndpoints } from '../platform/endpoints.js';
import { readProcessorConfig } from '../processors/config.js';
import { readSinkConfig } from '../sinks/config.js';
import { stackComponents } from '../stack/components/index.js';
import { PROJECT_ROOT } from '../stack/paths.js';
import { compiledEntry, developmentDefaults, localServices } from '../stack/services.js';

interface ComposeService {
  image: string;
  build?: string;
  ports?: string[];
  command?: string[] | string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

// `merge`: the services of the image share their settings through YAML merge keys (<<).
const compose = parse(readFileSync(path.join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as {
  services: Record<string, ComposeService>;
  /** The environment every service of the image shares. */
  'x-service-environment': Record<string, string>;
};
/** The stack's components: the services on official images, not built from the Dockerfile. */
const components = Object.fromEntries(
  Object.entries(compose.services).filter(([, service]) => service.build === undefined),
);
const defaults = readEndpoints({});

/** The host port each component publishes in the compose file, and the one the local stack uses. */
const expectedPorts: Record<string, number> = {
  postgres: defaults.ports.postgres,
  redis: defaults.ports.redis,
  kafka: defaults.ports.kafka,
  connect: defaults.ports.connect,
  registry: defaults.ports.registry,
};

describe('docker-compose.yml', () => {
  it('has exactly the local stack components (one Kafka broker) as services on official images', () => {
    const local = stackComponents(readEndpoints({})).map((c) => c.name);
    expect(Object.keys(components).sort()).toEqual(local.sort());
  });

  it.each(Object.entries(expectedPorts))(
    'publishes %s on host port %i, as the local stack does',
    (name, port) => {
      const hostPorts = (compose.services[name]?.ports ?? []).map((p) => Number(p.split(':')[0]));
      expect(hostPorts).toContain(port);
    },
  );

  it('gives every component a healthcheck and a pinned official image', () => {
    for (const [name, service] of Object.entries(components)) {
      expect(service.healthcheck?.test.length, name).toBeGreaterThan(0);
      expect(service.image, name).toMatch(/:\d/);
    }
  });

  it('runs Postgres with logical decoding, as Debezium needs', () => {
    expect(compose.services.postgres?.command).toContain('wal_level=logical');
  });

  it('uses the same Kafka minor version as stack/pom.xml', () => {
    const pom = readFileSync(path.join(PROJECT_ROOT, 'stack', 'pom.xml'), 'utf8');
    const pomVersion = /<kafka.version>(\d+\.\d+)/.exec(pom)?.[1];
    expect(compose.services.kafka?.image).toContain(`apache/kafka:${pomVersion}`);
  });
});

/** The services built from the Dockerfile: one image, the command chooses the service. */
const built = Object.fromEntries(
  Object.entries(compose.services).filter(([, service]) => service.build !== undefined),
);
/** The one-shot service that does what `npm start` does before its services. */
const SETUP = { name: 'setup', entry: 'scripts/setup.ts' };

/** What a service's environment is in the container: `${NAME-default}` read with none set. */
function containerEnvironment(service: ComposeService): Record<string, string> {
  return Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([key, value]) => [
      key,
      String(value).replace(/\$\{\w+:?-([^}]*)\}/g, '$1'),
    ]),
  );
}

/** Runs `read` on `env`, recording every variable it looks at. */
function readsOf<T>(read: (env: NodeJS.ProcessEnv) => T, env: Record<string, string>) {
  const names = new Set<string>();
  const watched = new Proxy(env, {
    get: (target, name) => {
      if (typeof name === 'string') names.add(name);
      return target[name as string];
    },
  });
  return { config: read(watched), names };
}

/** Each service's config reader; a service that has none reads only `CONNECT_URL`. */
const CONFIG_READERS: Record<string, (env: NodeJS.ProcessEnv) => Record<string, unknown>> = {
  processor: readProcessorConfig,
  'stats-sink': (env) => readSinkConfig('stats', env),
  'leaderboard-sink': (env) => readSinkConfig('leaderboard', env),
  gateway: readGatewayConfig,
};
const CONNECTIONS = ['kafkaBrokers', 'databaseUrl', 'statsDatabaseUrl', 'registryUrl', 'redisUrl'];
const hostOf = (address: string) =>
  address.includes('://') ? new URL(address).hostname : address.split(':')[0];

describe('docker-compose.yml: the services npm start runs', () => {
  const local = localServices({});

  it('has each of them, and the setup service, built from the Dockerfile', () => {
    expect(Object.keys(built).sort()).toEqual([...local.map((s) => s.name), SETUP.name].sort());
  });

  it.each([...local, SETUP])('runs $name from its entry point in the build', ({ name, entry }) => {
    expect(built[name]?.command).toEqual(['node', `dist/${compiledEntry(entry)}`]);
  });

  it.each(local.filter((s) => s.address !== undefined))(
    'publishes $name on the port npm start gives it ($address)',
    ({ name, address }) => {
      const port = address!.split(':').at(-1);
      expect(built[name]?.ports).toEqual([`${port}:${port}`]);
      expect(built[name]?.healthcheck?.test.join(' ')).toContain(`127.0.0.1:${port}/`);
    },
  );

  it.each(Object.keys(CONFIG_READERS))(
    '%s: its configuration in the container is valid, reaches the components by their compose names, and listens on all interfaces',
    (name) => {
      const env = containerEnvironment(built[name]!);
      const { config } = readsOf(CONFIG_READERS[name]!, env);
      const connections = CONNECTIONS.filter((key) => key in config);
      expect(connections).toContain('kafkaBrokers');
      for (const key of connections) {
        const value = config[key] as string | string[];
        for (const address of [value].flat())
          expect(Object.keys(components), `${name} ${key}=${address}`).toContain(hostOf(address));
      }
      expect(config.metricsHost ?? config.host).toBe('0.0.0.0');
    },
  );

  it('sets no variable that no service reads (a misspelt name would be ignored)', () => {
    const readByAny = new Set<string>([
      'CONNECT_URL',
      'CONNECTOR_DATABASE_HOST',
      'CONNECTOR_DATABASE_PORT',
    ]);
    for (const [name, read] of Object.entries(CONFIG_READERS)) {
      const env = containerEnvironment(built[name]!);
      const { names } = readsOf(read, env);
      names.forEach((n) => readByAny.add(n));
      // The shared block aside, every variable it sets is one this service reads.
      const own = Object.keys(env).filter((key) => !(key in compose['x-service-environment']));
      expect(
        own.filter((key) => !names.has(key)),
        name,
      ).toEqual([]);
    }
    const all = Object.values(built).flatMap((s) => Object.keys(s.environment ?? {}));
    expect(all.filter((key) => !readByAny.has(key))).toEqual([]);
  });

  it('points the watchdog and the setup at Connect by its compose name', () => {
    for (const name of ['connect-watchdog', SETUP.name])
      expect(hostOf(containerEnvironment(built[name]!).CONNECT_URL ?? '')).toBe('connect');
  });

  it('gives the gateway the development defaults npm start gives it', () => {
    const env = containerEnvironment(built.gateway!);
    expect(Object.keys(developmentDefaults).filter((key) => env[key] === undefined)).toEqual([]);
  });

  it('starts the services once the setup has succeeded, and the setup once its components are healthy', () => {
    for (const { name } of local)
      expect(built[name]?.depends_on?.setup?.condition, name).toBe(
        'service_completed_successfully',
      );
    const setupNeeds = built[SETUP.name]?.depends_on ?? {};
    for (const component of ['postgres', 'kafka', 'connect', 'registry'])
      expect(setupNeeds[component]?.condition, component).toBe('service_healthy');
  });
});
