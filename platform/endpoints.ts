/**
 * Where every piece of the stack listens. One source of truth for the local stack manager,
 * the services, the tests and the docker-compose check. Each value can be overridden by the
 * environment variable named beside it.
 */
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);

/** Each port with the environment variable that overrides it (shown in port-conflict errors). */
export const PORT_VARIABLES = {
  kafka: ['STACK_KAFKA_PORT', 9092],
  kafkaController: ['STACK_KAFKA_CONTROLLER_PORT', 9093],
  connect: ['STACK_CONNECT_PORT', 8083],
  registry: ['STACK_REGISTRY_PORT', 8081],
  registryManagement: ['STACK_REGISTRY_MANAGEMENT_PORT', 9081],
  postgres: ['STACK_POSTGRES_PORT', 5433],
  redis: ['STACK_REDIS_PORT', 6380],
  gateway: ['GATEWAY_PORT', 8080],
} as const satisfies Record<string, readonly [string, number]>;

export type PortName = keyof typeof PORT_VARIABLES;

export interface Credentials {
  readonly user: string;
  readonly password: string;
}

export interface Endpoints {
  readonly host: string;
  readonly ports: Readonly<Record<PortName, number>>;
  readonly postgres: {
    readonly superuser: Credentials;
    readonly app: Credentials & { readonly database: string };
    readonly registry: Credentials & { readonly database: string };
    readonly replication: Credentials;
  };
}

/** Reads the endpoints from the environment; a bad value fails with the variable's name. */
export function readEndpoints(env: NodeJS.ProcessEnv = process.env): Endpoints {
  const ports = {} as Record<PortName, number>;
  for (const [name, [variable, fallback]] of Object.entries(PORT_VARIABLES) as [
    PortName,
    readonly [string, number],
  ][]) {
    const parsed = port.safeParse(env[variable] ?? fallback);
    if (!parsed.success) {
      throw new Error(`${variable}=${env[variable]} is not a port number (1-65535).`);
    }
    ports[name] = parsed.data;
  }
  const text = (variable: string, fallback: string): string => env[variable] ?? fallback;
  return {
    host: text('STACK_HOST', '127.0.0.1'),
    ports,
    postgres: {
      // Development defaults; a deployment sets its own through the environment.
      superuser: { user: 'postgres', password: text('STACK_POSTGRES_PASSWORD', 'postgres') },
      app: {
        user: 'auction',
        password: text('STACK_APP_DB_PASSWORD', 'auction'),
        database: 'auction',
      },
      registry: {
        user: 'registry',
        password: text('STACK_REGISTRY_DB_PASSWORD', 'registry'),
        database: 'registry',
      },
      replication: { user: 'debezium', password: text('STACK_DEBEZIUM_PASSWORD', 'debezium') },
    },
  };
}

/** Connection strings and URLs the services use, derived from the endpoints. */
export function serviceUrls(e: Endpoints) {
  const pg = (c: Credentials, database: string) =>
    `postgres://${c.user}:${encodeURIComponent(c.password)}@${e.host}:${e.ports.postgres}/${database}`;
  return {
    kafkaBrokers: [`${e.host}:${e.ports.kafka}`],
    connectUrl: `http://${e.host}:${e.ports.connect}`,
    registryUrl: `http://${e.host}:${e.ports.registry}/apis/ccompat/v7`,
    databaseUrl: pg(e.postgres.app, e.postgres.app.database),
    adminDatabaseUrl: pg(e.postgres.superuser, 'postgres'),
    redisUrl: `redis://${e.host}:${e.ports.redis}`,
    gatewayUrl: `http://localhost:${e.ports.gateway}`,
  };
}
