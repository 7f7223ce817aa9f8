/**
 * `npm run audit -- --auction <id>` or `-- --closed-since <time>`: re-derives auction outcomes
 * from their record with the independent reference model and sets them beside what is stored
 * (audit/audit.ts). The composition root: reads the settings once, builds read-only clients,
 * prints, and exits 0 when everything matches, 1 when an outcome differs, 2 when it cannot audit.
 *
 * Read-only and safe against a live system: every Postgres session is read-only
 * (default_transaction_read_only), reads are plain SELECTs in pages, and the topic is read by a
 * throwaway consumer group that commits nothing, bounded by each partition's high watermark.
 */
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { readEndpoints, serviceUrls } from '../platform/endpoints.js';
import { parseAuditArguments, USAGE, UsageError, type AuditArguments } from './arguments.js';
import { auditAuctions, isAudited, type AuditDependencies } from './audit.js';
import { settledSince, summaryLines, sweep } from './sweep.js';
import { auditTable } from './table.js';

const EXIT = { matches: 0, differs: 1, cannotAudit: 2 } as const;
const say = (line: string) => process.stdout.write(`${line}\n`);
const note = (line: string) => process.stderr.write(`${line}\n`);

function settings(env: NodeJS.ProcessEnv = process.env) {
  const urls = serviceUrls(readEndpoints(env));
  const brokers = env.KAFKA_BROKERS?.split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  return {
    databaseUrl: env.DATABASE_URL ?? urls.databaseUrl,
    brokers: brokers && brokers.length > 0 ? brokers : urls.kafkaBrokers,
    registryUrl: env.SCHEMA_REGISTRY_URL ?? urls.registryUrl,
  };
}

async function main(): Promise<number> {
  let args: AuditArguments;
  try {
    args = parseAuditArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    note(`${error.message}\n${USAGE}`);
    return EXIT.cannotAudit;
  }
  const config = settings();
  const db = new pg.Pool({
    connectionString: config.databaseUrl,
    max: 2,
    // Every transaction of every session is read-only: the audit cannot write, whatever it runs.
    options: '-c default_transaction_read_only=on',
    application_name: 'audit',
  });
  db.on('error', (error) => note(`Postgres connection failed: ${error.message}`));
  const kafka = new Kafka({
    clientId: 'audit',
    brokers: config.brokers,
    // The audit says itself what went wrong; kafkajs's own lines would only repeat it.
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    retry: { initialRetryTime: 200, retries: 3 },
  });
  const admin = kafka.admin();
  const usesTopic = args.source !== 'decision-log';
  try {
    if (usesTopic) await admin.connect();
    const deps: AuditDependencies = {
      db,
      kafka: usesTopic ? { kafka, admin } : undefined,
      registry: usesTopic ? new SchemaRegistry({ host: config.registryUrl }) : undefined,
      source: args.source,
      scanTimeoutMs: 120_000,
    };
    return args.mode === 'auction'
      ? await auditOne(deps, args.auctionId)
      : await auditSince(deps, args.since);
  } finally {
    if (usesTopic) await admin.disconnect();
    await db.end();
  }
}

async function auditOne(deps: AuditDependencies, auctionId: string): Promise<number> {
  const [result] = await auditAuctions(deps, [auctionId]);
  if (!result || !isAudited(result)) {
    note(`cannot audit ${result?.notAuditable ?? auctionId}`);
    return EXIT.cannotAudit;
  }
  for (const line of auditTable(result)) say(line);
  return result.matches ? EXIT.matches : EXIT.differs;
}

async function auditSince(deps: AuditDependencies, since: Date): Promise<number> {
  note(`auditing every auction settled with its end at or after ${since.toISOString()} …`);
  const summary = await sweep(deps, settledSince(deps, since), (done, seconds) =>
    note(
      `  ${done} audited in ${seconds.toFixed(1)} s (${(done / Math.max(seconds, 0.001)).toFixed(1)} auctions/s)`,
    ),
  );
  for (const line of summaryLines(summary)) say(line);
  if (summary.differing.length > 0) {
    say('');
    say('for the derivation of one: npm run audit -- --auction <auction id>');
    return EXIT.differs;
  }
  return summary.notAuditable.length > 0 ? EXIT.cannotAudit : EXIT.matches;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    note(`audit: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = EXIT.cannotAudit;
  },
);
