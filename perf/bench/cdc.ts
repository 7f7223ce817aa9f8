/**
 * g. CDC through Debezium: commit → event lag at a steady rate, and events per second for a
 * burst, measured on a routed topic of its own (outbox rows with a fresh aggregate type).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import * as hdr from 'hdr-histogram-js';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { readEndpoints, serviceUrls } from '../../platform/endpoints.js';

export async function cdcBench(options = { rate: 1000, seconds: 10, burst: 50_000 }) {
  const urls = serviceUrls(readEndpoints());
  const kafka = new Kafka({
    clientId: 'bench-cdc',
    brokers: urls.kafkaBrokers,
    logLevel: logLevel.WARN,
  });
  const type = `benchcdc_${randomUUID().slice(0, 8)}`;
  const topic = `${type}.events`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 12 }], waitForLeaders: true });
  await admin.disconnect();

  const committedAt = new Map<string, number>();
  const lag = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 600_000,
    numberOfSignificantValueDigits: 3,
  });
  let arrived = 0;
  let lastArrival = 0;
  const consumer = kafka.consumer({ groupId: `${type}-reader`, maxWaitTimeInMs: 10 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const now = performance.now();
      for (const m of batch.messages) {
        const at = committedAt.get(String(m.headers?.eventId));
        if (at !== undefined) lag.recordValue(Math.max(1, Math.round(now - at)));
        arrived += 1;
      }
      lastArrival = now;
      await Promise.resolve();
    },
  });
  await sleep(1000);

  const db = new pg.Pool({ connectionString: urls.databaseUrl, max: 4 });
  const insert = async (count: number) => {
    const ids = Array.from({ length: count }, () => randomUUID());
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO auction_events (event_id, aggregatetype, auction_id, sequence, type, payload)
         SELECT id, $2, 'bench', NULL, 'BenchEvent', '{}'::jsonb FROM unnest($1::uuid[]) AS id`,
        [ids, type],
      );
      // The WAL keeps the inserts for Debezium; the history keeps no bench rows.
      await client.query('DELETE FROM auction_events WHERE event_id = ANY($1::uuid[])', [ids]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const now = performance.now();
    for (const id of ids) committedAt.set(id, now);
  };

  // Steady rate: ten events per transaction, open loop.
  const perTx = 10;
  const transactions = (options.rate / perTx) * options.seconds;
  const began = performance.now();
  for (let t = 0; t < transactions; t += 1) {
    const due = began + (t * 1000 * perTx) / options.rate;
    if (due > performance.now()) await sleep(due - performance.now());
    await insert(perTx);
  }
  const steady = transactions * perTx;
  while (arrived < steady) await sleep(50);
  const steadyLag = {
    p50: lag.getValueAtPercentile(50),
    p99: lag.getValueAtPercentile(99),
    max: lag.maxValue,
  };

  // Burst: as fast as Postgres takes it, 1,000 per transaction; time to the last arrival.
  const burstBegan = performance.now();
  for (let sent = 0; sent < options.burst; sent += 1000) await insert(1000);
  while (arrived < steady + options.burst) await sleep(50);
  const eventsPerSecond = options.burst / ((lastArrival - burstBegan) / 1000);

  await consumer.disconnect();
  await db.end();
  return { rate: options.rate, steadyLag, eventsPerSecond };
}
