/**
 * The liveness watcher against a real broker: a consumer that stops fetching while messages
 * wait on its partitions is reported dead, with the count of messages waiting. A paused
 * consumer is what a stalled kafkajs consumer looks like from outside: member of the group,
 * no error, no batch.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Consumer, Producer } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { consumerLag } from '../sinks/event-sink-runner.js';
import { kafkaClient, uniqueName } from '../tests/support.js';
import { ConsumerLiveness, type ConsumerDeath } from './consumer-liveness.js';

const kafka = kafkaClient('liveness-test');
const admin = kafka.admin();
const topic = uniqueName('liveness');
const groupId = uniqueName('liveness-group');
let consumer: Consumer;
let producer: Producer;

beforeAll(async () => {
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
  consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 50, sessionTimeout: 10_000 });
  producer = kafka.producer();
  await Promise.all([consumer.connect(), producer.connect()]);
});

afterAll(async () => {
  await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

const send = (count: number) =>
  producer.send({
    topic,
    messages: Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value: String(i) })),
  });

async function until(condition: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

it('reports a consumer that stops fetching while messages wait, and not while it keeps up', async () => {
  const deaths: ConsumerDeath[] = [];
  let reportDeath: (death: ConsumerDeath) => void = () => undefined;
  const died = new Promise<ConsumerDeath>((resolve) => (reportDeath = resolve));
  const liveness = new ConsumerLiveness({
    consumer,
    topic,
    readLag: async () => (await consumerLag(admin, groupId, topic)).partitions,
    onDead: (death) => {
      deaths.push(death);
      reportDeath(death);
    },
    stallMs: 1500,
    checkEveryMs: 100,
  });
  liveness.start();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      const next = String(BigInt(batch.lastOffset()) + 1n);
      await consumer.commitOffsets([{ topic, partition: batch.partition, offset: next }]);
    },
  });

  // A consumer that keeps up drains its lag, however long it runs.
  await send(20);
  const drained = async () => (await consumerLag(admin, groupId, topic)).total === 0;
  await until(drained, 'the consumer to handle the first messages');
  await send(20);
  await until(drained, 'the consumer to handle the next messages');
  expect(deaths).toEqual([]);

  // Stops fetching, as a stalled consumer does: no error, still in the group.
  consumer.pause([{ topic }]);
  await send(7);
  const death = await died;
  liveness.stop();
  expect(death).toMatchObject({ reason: 'stalled', lag: 7 });
  expect((death as { idleMs?: unknown }).idleMs).toBeGreaterThanOrEqual(1500);
  expect(deaths).toHaveLength(1);
});
