/** The running stack, seen as a user of each component would see it. */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Redis } from 'ioredis';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { loadSchemas, registerSchemas, SchemaError } from '../schemas/registry.js';
import { PROJECT_ROOT } from '../stack/paths.js';
import { stackStatus } from '../stack/status.js';
import { consumeMessages, waitForTopic } from './consume.js';
import { endpoints, kafkaClient, uniqueName, urls } from './support.js';

describe('the local stack', () => {
  it('reports every component ready, with its address, pid and memory', async () => {
    const rows = await stackStatus();
    expect(rows.map((r) => r.component).sort()).toEqual([
      'connect',
      'kafka',
      'postgres',
      'redis',
      'registry',
    ]);
    for (const row of rows) {
      expect(row.state, row.component).toBe('ready');
      expect(row.pid).toBeGreaterThan(0);
      expect(row.residentBytes).toBeGreaterThan(0);
    }
    expect(rows.find((r) => r.component === 'kafka')?.address).toBe(
      `${endpoints.host}:${endpoints.ports.kafka}`,
    );
  });

  it('lists the broker through Debian kcat', () => {
    const metadata = execFileSync('kcat', ['-L', '-b', urls.kafkaBrokers[0]!, '-m', '10'], {
      encoding: 'utf8',
    });
    expect(metadata).toContain(`broker 1 at ${urls.kafkaBrokers[0]}`);
  });

  it('produces and consumes with kafkajs', async () => {
    const kafka = kafkaClient('it-produce');
    const topic = uniqueName('it-topic');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();

    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    const sent = ['a', 'b', 'c'].map((key) => ({ key, value: `value-${key}` }));
    await producer.send({ topic, acks: -1, messages: sent });
    await producer.disconnect();

    const received = await consumeMessages(kafka, topic, sent.length);
    expect(
      received.map((r) => `${String(r.message.key)}=${String(r.message.value)}`).sort(),
    ).toEqual(sent.map((m) => `${m.key}=${m.value}`));
  });

  it('encodes and decodes an Avro message through the schema registry', async () => {
    const registry = new SchemaRegistry({ host: urls.registryUrl });
    const schemas = await loadSchemas(path.join(PROJECT_ROOT, 'schemas'));
    const placeBid = schemas.find((s) => s.subject === 'auction.commands.PlaceBid');
    // A namespace of its own gives this test a subject no other run has touched.
    const schema = JSON.stringify({
      ...JSON.parse(placeBid!.schema),
      namespace: uniqueName('it').replace('-', '_'),
    });
    const ids = await registerSchemas(registry, [{ file: 'PlaceBid.avsc', subject: 'it', schema }]);
    const command = {
      commandId: randomUUID(),
      auctionId: 'auction-1',
      issuedBy: 'alice',
      issuedAt: Date.parse('2026-01-01T00:00:00Z'),
      correlationId: 'req-1',
      bidId: 'bid-1',
      idempotencyKey: 'key-1',
      maxAmountCents: 12_345,
    };
    const encoded = await registry.encode(ids.get('it')!, command);
    expect(encoded[0]).toBe(0); // Confluent wire format: magic byte, then the schema id.
    expect(encoded.readInt32BE(1)).toBe(ids.get('it'));
    expect(await registry.decode(encoded)).toEqual(command);
  });

  it('refuses a schema change that is not BACKWARD compatible', async () => {
    const registry = new SchemaRegistry({ host: urls.registryUrl });
    const subject = uniqueName('it-compat');
    const v1 = { type: 'record', name: 'Thing', fields: [{ name: 'a', type: 'string' }] };
    const v2 = { ...v1, fields: [...v1.fields, { name: 'b', type: 'long' }] }; // no default: incompatible
    await registerSchemas(registry, [{ file: 'v1.avsc', subject, schema: JSON.stringify(v1) }]);
    await expect(
      registerSchemas(registry, [{ file: 'v2.avsc', subject, schema: JSON.stringify(v2) }]),
    ).rejects.toThrow(SchemaError);
  });

  it('publishes an event row through Debezium, keyed by auction id, with event id and type headers', async () => {
    const aggregateType = uniqueName('it_outbox');
    const eventId = randomUUID();
    const db = new pg.Client({ connectionString: urls.databaseUrl });
    await db.connect();
    // Deleted in the same transaction: the WAL keeps the insert, and the history stays clean.
    await db.query('BEGIN');
    await db.query(
      `INSERT INTO auction_events (event_id, aggregatetype, auction_id, sequence, type, payload)
       VALUES ($1, $2, $3, NULL, $4, $5)`,
      [eventId, aggregateType, 'auction-42', 'BidAccepted', { priceCents: 1000 }],
    );
    await db.query('DELETE FROM auction_events WHERE event_id = $1', [eventId]);
    await db.query('COMMIT');
    await db.end();

    const kafka = kafkaClient('it-outbox');
    const topic = `${aggregateType}.events`;
    await waitForTopic(kafka, topic);
    const [event] = await consumeMessages(kafka, topic, 1);
    expect(String(event!.message.key)).toBe('auction-42');
    expect(String(event!.message.headers?.eventId)).toBe(eventId);
    expect(String(event!.message.headers?.eventType)).toBe('BidAccepted');
    expect(JSON.parse(String(event!.message.value))).toEqual({ priceCents: 1000 });
  });

  it('answers PING on its own Redis', async () => {
    const redis = new Redis(urls.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    expect(await redis.ping()).toBe('PONG');
    const [, port] = (await redis.config('GET', 'port')) as [string, string];
    expect(port).toBe(String(endpoints.ports.redis));
    redis.disconnect();
  });
});
