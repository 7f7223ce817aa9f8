/**
 * Everything the services need before they start, each step idempotent: the stack, the
 * database migrations, the Avro schemas in the registry, and the outbox connector.
 */
import { Kafka } from 'kafkajs';
import pg from 'pg';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { applyConnector, loadConnector } from '../connect/connector.js';
import { loadMigrations, migrate, migrationLabel } from '../migrations/migrator.js';
import { readEndpoints, serviceUrls } from '../platform/endpoints.js';
import { topicNames } from '../contracts/names.js';
import { kafkaLogging, type KafkaLogTarget } from '../platform/kafka-log.js';
import { ensureTopics } from '../platform/topics.js';
import { loadSchemas, registerSchemas } from '../schemas/registry.js';
import { OUTBOX_CONNECTOR_FILE } from '../connect/location.js';
import { MIGRATIONS_DIR } from '../migrations/location.js';
import { SCHEMAS_DIR } from '../schemas/location.js';
import { stackUp } from '../stack/up.js';

const timed = async <T>(say: (line: string) => void, what: string, step: () => Promise<T>) => {
  const began = performance.now();
  const result = await step();
  say(`✔ ${what.padEnd(9)} done in ${((performance.now() - began) / 1000).toFixed(1)} s`);
  return result;
};

/** kafkajs's warnings and errors as the preparation's own indented lines. */
const kafkaSays = (say: (line: string) => void): KafkaLogTarget => ({
  level: 'warn',
  error: (_fields, message) => say(`  kafka error: ${message}`),
  warn: (_fields, message) => say(`  kafka warning: ${message}`),
  debug: () => undefined,
  trace: () => undefined,
});

export async function prepareSystem(say: (line: string) => void = console.log) {
  const stack = await stackUp(say);
  await setUpSystem(say);
  return stack;
}

/**
 * The steps after the stack is up, against the components at the addresses the environment
 * gives: the stack's by default, or those the services are given too (KAFKA_BROKERS,
 * DATABASE_URL, SCHEMA_REGISTRY_URL, CONNECT_URL: docker compose's setup service).
 */
export async function setUpSystem(
  say: (line: string) => void = console.log,
  env: NodeJS.ProcessEnv = process.env,
) {
  const endpoints = readEndpoints(env);
  const defaults = serviceUrls(endpoints);
  const urls = {
    kafkaBrokers: env.KAFKA_BROKERS?.split(',') ?? defaults.kafkaBrokers,
    databaseUrl: env.DATABASE_URL ?? defaults.databaseUrl,
    registryUrl: env.SCHEMA_REGISTRY_URL ?? defaults.registryUrl,
    connectUrl: env.CONNECT_URL ?? defaults.connectUrl,
  };

  await timed(say, 'migrations', async () => {
    const client = new pg.Client({ connectionString: urls.databaseUrl });
    await client.connect();
    try {
      const applied = await migrate(client, await loadMigrations(MIGRATIONS_DIR));
      if (applied.length > 0) say(`  applied ${applied.map(migrationLabel).join(', ')}`);
    } finally {
      await client.end();
    }
  });

  await timed(say, 'topics', async () => {
    const partitions = Number(env.COMMANDS_PARTITIONS ?? 12);
    const admin = new Kafka({
      clientId: 'prepare',
      brokers: urls.kafkaBrokers,
      ...kafkaLogging(kafkaSays(say)),
    }).admin();
    await admin.connect();
    try {
      await ensureTopics(admin, topicNames(env.COMMANDS_TOPIC), partitions);
    } finally {
      await admin.disconnect();
    }
  });

  await timed(say, 'schemas', async () => {
    const registry = new SchemaRegistry({ host: urls.registryUrl });
    const ids = await registerSchemas(registry, await loadSchemas(SCHEMAS_DIR));
    say(`  ${[...ids].map(([subject, id]) => `${subject}#${id}`).join(', ')}`);
  });

  await timed(say, 'connector', async () => {
    const { host, ports, postgres } = endpoints;
    const connector = await loadConnector(OUTBOX_CONNECTOR_FILE, {
      // Connect may reach Postgres at another address than we do (in docker compose: postgres:5432).
      POSTGRES_HOST: env.CONNECTOR_DATABASE_HOST ?? host,
      POSTGRES_PORT: env.CONNECTOR_DATABASE_PORT ?? String(ports.postgres),
      POSTGRES_DATABASE: postgres.app.database,
      POSTGRES_REPLICATION_USER: postgres.replication.user,
      POSTGRES_REPLICATION_PASSWORD: postgres.replication.password,
    });
    await applyConnector(urls.connectUrl, connector);
  });
}
