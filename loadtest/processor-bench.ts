/**
 * `npm run bench:processor -- [--bids N] [--auctions A] [--partitions P]`
 *
 * Processor decisions per second fed from Kafka, durability on: fills a fresh commands topic
 * with auction creates and N bids, then starts one processor on it and times how fast the
 * stored partition offsets (committed with the decisions, in Postgres) reach the end.
 * With --auctions 1 --partitions 1 it measures one hot auction on one partition.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import pg from 'pg';
import { readEndpoints, serviceUrls } from '../platform/endpoints.js';
import { topicNames } from '../contracts/names.js';
import { ensureTopics } from '../platform/topics.js';
import { commandCodec, commandSchemaIds } from '../contracts/commands.js';
import { PROJECT_ROOT } from '../stack/paths.js';

export interface ProcessorBenchResult {
  readonly bids: number;
  readonly auctions: number;
  readonly partitions: number;
  readonly seconds: number;
  readonly decisionsPerSecond: number;
}

export async function benchProcessor(
  options: { bids: number; auctions: number; partitions: number },
  say = console.log,
) {
  const urls = serviceUrls(readEndpoints());
  const name = `bench_${randomUUID().slice(0, 8)}`;
  const topics = topicNames(`${name}.commands`, name);
  const kafka = new Kafka({
    clientId: 'bench',
    brokers: urls.kafkaBrokers,
    logLevel: logLevel.WARN,
  });
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, topics, options.partitions);
  await admin.disconnect();

  const registry = new SchemaRegistry({ host: urls.registryUrl });
  const codec = commandCodec(registry, await commandSchemaIds(registry));
  const producer = kafka.producer({
    idempotent: true,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const now = Date.now();
  const auctionIds = Array.from({ length: options.auctions }, () => randomUUID());
  const creates = await Promise.all(
    auctionIds.map((auctionId, i) =>
      codec.encode({
        type: 'CreateAuction',
        metadata: {
          commandId: randomUUID(),
          auctionId,
          issuedBy: 'bench-seller',
          issuedAt: now,
          correlationId: '',
        },
        data: {
          itemId: `${name}-${i}`,
          title: 'bench',
          startingPriceCents: 100,
          reservePriceCents: null,
          buyNowPriceCents: null,
          startsAt: now - 1000,
          endsAt: now + 3_600_000,
          antiSnipingWindowMs: 0,
          antiSnipingExtensionMs: 0,
          incrementTable: null,
          externalRef: null,
        },
      }),
    ),
  );
  await producer.send({ topic: topics.commands, acks: -1, messages: creates });
  say(`filling ${topics.commands} with ${options.bids} bids on ${options.auctions} auction(s) …`);
  for (let start = 0; start < options.bids; start += 1000) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(1000, options.bids - start) }, (_, k) => {
        const i = start + k;
        const bidId = randomUUID();
        return codec.encode({
          type: 'PlaceBid',
          metadata: {
            commandId: bidId,
            auctionId: auctionIds[i % options.auctions]!,
            issuedBy: `bidder-${i % 7}`,
            issuedAt: now,
            correlationId: '',
          },
          data: { bidId, idempotencyKey: bidId, maxAmountCents: 200 + i * 10 },
        });
      }),
    );
    await producer.send({ topic: topics.commands, acks: -1, messages: batch });
  }
  await producer.disconnect();

  const total = options.bids + options.auctions;
  const db = new pg.Client({ connectionString: urls.databaseUrl });
  await db.connect();
  const applied = async () =>
    Number(
      (
        await db.query<{ n: string }>(
          'SELECT coalesce(sum(next_offset), 0) AS n FROM processor_offsets WHERE topic = $1',
          [topics.commands],
        )
      ).rows[0]?.n ?? 0,
    );

  say('starting a processor on the filled topic …');
  // PROFILE_DIR=<dir> writes a CPU profile of the processor there.
  const profile = process.env.PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROFILE_DIR}`]
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
    let first = 0;
    let began = 0;
    for (;;) {
      const done = await applied();
      if (done > 0 && began === 0) [began, first] = [performance.now(), done];
      if (done >= total) break;
      await sleep(20);
    }
    const seconds = (performance.now() - began) / 1000;
    const result: ProcessorBenchResult = {
      ...options,
      seconds,
      decisionsPerSecond: (total - first) / seconds,
    };
    return result;
  } finally {
    child.kill('SIGTERM');
    await db.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      bids: { type: 'string', default: '50000' },
      auctions: { type: 'string', default: '1' },
      partitions: { type: 'string', default: '1' },
    },
  });
  const result = await benchProcessor({
    bids: Number(values.bids),
    auctions: Number(values.auctions),
    partitions: Number(values.partitions),
  });
  console.table([
    {
      ...result,
      seconds: result.seconds.toFixed(2),
      decisionsPerSecond: Math.round(result.decisionsPerSecond),
    },
  ]);
  process.exit(0);
}
