/**
 * Feeds the hub from the events topic: each gateway instance reads every partition in a
 * consumer group of its own, starting at the end, so every instance sees every new event.
 */
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { Logger } from '../../platform/logger.js';
import { feedEventOf } from './feed-event.js';
import type { LiveHub } from './live-hub.js';

export async function startEventFeed(kafka: Kafka, topic: string, hub: LiveHub, logger: Logger) {
  const consumer = kafka.consumer({ groupId: `gateway-feed-${randomUUID()}`, maxWaitTimeInMs: 20 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  // Ready only once the partitions are ours: nothing published after start-up is missed.
  const joined = new Promise<void>((resolve) =>
    consumer.on(consumer.events.GROUP_JOIN, () => resolve()),
  );
  await consumer.run({
    autoCommit: true,
    partitionsConsumedConcurrently: 4,
    eachMessage: async ({ message }) => {
      const event = feedEventOf(message);
      if (event) await hub.publish(event);
      else logger.warn({ offset: message.offset }, 'live feed skipped an event it could not read');
    },
  });
  await Promise.race([joined, new Promise((resolve) => setTimeout(resolve, 30_000).unref())]);
  return consumer;
}
