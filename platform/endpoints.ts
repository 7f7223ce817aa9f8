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

/** How many Kafka nodes the stack runs: one for development, three to survive the loss of one. */
export const KAFKA_BROKER_COUNTS = [1, 3] as const;
export type KafkaBrokerCount = (typeof KAFKA_BROKER_COUNTS)[number];

/** One KRaft node (broker and controller). */
export interface KafkaNode {
  readonly id: number;
  readonly port: number;
  readonly controllerPort: number;
}

/** Node n listens 10·(n−1) above STACK_KAFKA_PORT, its controller as far above STACK_KAFKA_CONTROLLER_PORT. */
const NODE_PORT_STEP = 10;

export interface Endpoints {
  readonly host: string;
  readonly ports: Readonly<Record<PortName, number>>;
  /** STACK_KAFKA_BROKERS. */
  readonly kafkaBrokers: KafkaBrokerCount;
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
  const brokers = Number(text('STACK_KAFKA_BROKERS', '1'));
  if (!KAFKA_BROKER_COUNTS.includes(brokers as KafkaBrokerCount))
    throw new Error(
      `STACK_KAFKA_BROKERS=${env.STACK_KAFKA_BROKERS} is not a supported cluster size: use 1 (development) or 3 (replicated).`,
    );
  return {
    host: text('STACK_HOST', '127.0.0.1'),
    ports,
    kafkaBrokers: brokers as KafkaBrokerCount,
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
    kafkaBrokers: kafkaNodes(e).map((node) => `${e.host}:${node.port}`),
    connectUrl: `http://${e.host}:${e.ports.connect}`,
    registryUrl: `http://${e.host}:${e.ports.registry}/apis/ccompat/v7`,
    databaseUrl: pg(e.postgres.app, e.postgres.app.database),
    adminDatabaseUrl: pg(e.postgres.superuser, 'postgres'),
    redisUrl: `redis://${e.host}:${e.ports.redis}`,
    gatewayUrl: `http://localhost:${e.ports.gateway}`,
  };
}

/** The Kafka nodes of the stack, numbered from 1. */
export function kafkaNodes(e: Pick<Endpoints, 'ports' | 'kafkaBrokers'>): KafkaNode[] {
  return Array.from({ length: e.kafkaBrokers }, (_, i) => ({
    id: i + 1,
    port: e.ports.kafka + NODE_PORT_STEP * i,
    controllerPort: e.ports.kafkaController + NODE_PORT_STEP * i,
  }));
}

/**
 * Replication of every topic on the cluster: three copies, two of which must have a write before
 * it is acknowledged (producers use acks=all), so one broker may be lost without losing a write.
 */
export function kafkaReplication(e: Pick<Endpoints, 'kafkaBrokers'>) {
  return e.kafkaBrokers === 1
    ? { replicationFactor: 1, minInsyncReplicas: 1 }
    : { replicationFactor: 3, minInsyncReplicas: 2 };
}
