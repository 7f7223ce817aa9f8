/**
 * i. The whole eBay file at maximum speed: every create and bid written straight into a fresh
 * commands topic in recorded order, then one processor started on it; the time until every
 * command is decided (the stored offsets reach the end).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel, Partitioners, type Message } from 'kafkajs';
import pg from 'pg';
import { parseEbayCsv } from '../loadtest/bid-log.js';
import { readEndpoints, serviceUrls } from '../platform/endpoints.js';
import { topicNames } from '../contracts/names.js';
import { ensureTopics } from '../platform/topics.js';
import { commandCodec, commandSchemaIds } from '../contracts/commands.js';
import { PROJECT_ROOT } from '../stack/paths.js';

const cents = (amount: string) => Number(amount.replace('.', ''));

export async function ebayMaxSpeed(
  file = path.join(PROJECT_ROOT, '..', 'shared', 'data', 'ebay-auctions.csv'),
) {
  const urls = serviceUrls(readEndpoints());
  const auctions = parseEbayCsv(readFileSync(file, 'utf8'));
  const name = `ebay_${randomUUID().slice(0, 8)}`;
  const topics = topicNames(`${name}.commands`, name);
  const kafka = new Kafka({
    clientId: 'bench-ebay',
    brokers: urls.kafkaBrokers,
    logLevel: logLevel.WARN,
  });
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, topics, 12);
  await admin.disconnect();

  const registry = new SchemaRegistry({ host: urls.registryUrl });
  const codec = commandCodec(registry, await commandSchemaIds(registry));
  const now = Date.now();
  const messages: Message[] = [];
  for (const a of auctions) {
    const auctionId = randomUUID();
    const common = { auctionId, issuedAt: now, correlationId: '' };
    messages.push(
      await codec.encode({
        type: 'CreateAuction',
        metadata: { ...common, commandId: randomUUID(), issuedBy: `seller-${a.sourceId}` },
        data: {
          itemId: `${name}-${a.sourceId}`,
          title: a.item,
          startingPriceCents: cents(a.startingPrice),
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
    );
    for (const [n, b] of a.bids.entries()) {
      const bidId = randomUUID();
      messages.push(
        await codec.encode({
          type: 'PlaceBid',
          metadata: { ...common, commandId: bidId, issuedBy: b.bidderId },
          data: { bidId, idempotencyKey: `${a.sourceId}-${n}`, maxAmountCents: cents(b.amount) },
        }),
      );
    }
  }
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  for (let i = 0; i < messages.length; i += 1000)
    await producer.send({
      topic: topics.commands,
      acks: -1,
      messages: messages.slice(i, i + 1000),
    });
  await producer.disconnect();

  const db = new pg.Client({ connectionString: urls.databaseUrl });
  await db.connect();
  const child = spawn(process.execPath, ['--import', 'tsx', 'processors/main.ts'], {
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
    let began = 0;
    for (;;) {
      const { rows } = await db.query<{ n: string }>(
        'SELECT coalesce(sum(next_offset), 0) AS n FROM processor_offsets WHERE topic = $1',
        [topics.commands],
      );
      const done = Number(rows[0]?.n ?? 0);
      if (done > 0 && began === 0) began = performance.now();
      if (done >= messages.length) break;
      await sleep(20);
    }
    return { commands: messages.length, seconds: (performance.now() - began) / 1000 };
  } finally {
    child.kill('SIGTERM');
    await db.end();
  }
}
