/**
 * The processor at full speed, durability on: a fresh commands topic of its own (its own events
 * aggregate type and consumer group too), filled by the caller before any processor reads it,
 * then one processor started on it and timed until the partition offsets it stores with its
 * decisions (in Postgres) reach the end. The processor benchmark and the eBay file at maximum
 * speed both run on it; what they write into the topic is theirs.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel, Partitioners, type Message } from 'kafkajs';
import pg from 'pg';
import { commandCodec, commandSchemaIds, type CommandCodec } from '../../contracts/commands.js';
import { topicNames } from '../../contracts/names.js';
import { readEndpoints, serviceUrls } from '../../platform/endpoints.js';
import { ensureTopics } from '../../platform/topics.js';
import { PROJECT_ROOT } from '../../stack/paths.js';

const SEND_BATCH = 1000;

export interface DrainTiming {
  /** From the first stored offset seen to the last command decided. */
  readonly seconds: number;
  /** Commands already decided when the first stored offset was seen. */
  readonly decidedAtStart: number;
}

export interface ProcessorDrain {
  /** The run's name: the topic's prefix, the events aggregate type and the processor's group. */
  readonly name: string;
  /** The commands topic. */
  readonly topic: string;
  /** Encodes commands with the registered schemas. */
  readonly codec: CommandCodec;
  /** Writes commands in the order given, 1,000 a request, one request in flight, acks from all. */
  readonly send: (messages: readonly Message[]) => Promise<void>;
  /**
   * Starts one processor on the topic (a CPU profile in `profileDir` if given) and waits until it
   * has decided `commands`; the processor is stopped either way.
   */
  readonly drain: (
    commands: number,
    options?: { profileDir?: string | undefined },
  ) => Promise<DrainTiming>;
}

/** A fresh commands topic named `<prefix>_<random>`, with `partitions` partitions. */
export async function processorDrain(prefix: string, partitions: number): Promise<ProcessorDrain> {
  const urls = serviceUrls(readEndpoints());
  const name = `${prefix}_${randomUUID().slice(0, 8)}`;
  const topics = topicNames(`${name}.commands`, name);
  const kafka = new Kafka({
    clientId: name,
    brokers: urls.kafkaBrokers,
    logLevel: logLevel.WARN,
  });
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, topics, partitions);
  await admin.disconnect();

  const registry = new SchemaRegistry({ host: urls.registryUrl });
  const codec = commandCodec(registry, await commandSchemaIds(registry));
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();

  const send = async (messages: readonly Message[]) => {
    for (let i = 0; i < messages.length; i += SEND_BATCH)
      await producer.send({
        topic: topics.commands,
        acks: -1,
        messages: messages.slice(i, i + SEND_BATCH),
      });
  };

  const drain = async (commands: number, options: { profileDir?: string | undefined } = {}) => {
    await producer.disconnect();
    const db = new pg.Client({ connectionString: urls.databaseUrl });
    await db.connect();
    const decided = async () =>
      Number(
        (
          await db.query<{ n: string }>(
            'SELECT coalesce(sum(next_offset), 0) AS n FROM processor_offsets WHERE topic = $1',
            [topics.commands],
          )
        ).rows[0]?.n ?? 0,
      );
    const profile = options.profileDir
      ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`]
      : [];
    const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'processors/main.ts'], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        COMMANDS_TOPIC: topics.commands,
        EVENTS_AGGREGATE_TYPE: name,
        PROCESSOR_GROUP_ID: name,
        LOG_LEVEL: 'warn',
      },
      stdio: 'inherit',
    });
    try {
      let decidedAtStart = 0;
      let began = 0;
      for (;;) {
        const done = await decided();
        if (done > 0 && began === 0) [began, decidedAtStart] = [performance.now(), done];
        if (done >= commands) break;
        await sleep(20);
      }
      return { seconds: (performance.now() - began) / 1000, decidedAtStart };
    } finally {
      child.kill('SIGTERM');
      await db.end();
    }
  };

  return { name, topic: topics.commands, codec, send, drain };
}
