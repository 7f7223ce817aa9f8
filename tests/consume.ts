/** Reads messages from a topic until `count` arrived or the timeout passed (then it fails). */
import type { Kafka, KafkaMessage } from 'kafkajs';
import { uniqueName } from './support.js';

export interface Received {
  readonly partition: number;
  readonly message: KafkaMessage;
}

export async function consumeMessages(
  kafka: Kafka,
  topic: string,
  count: number,
  timeoutMs = 30_000,
): Promise<Received[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('it-group'), maxWaitTimeInMs: 100 });
  const received: Received[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `only ${received.length} of ${count} messages arrived on ${topic} within ${timeoutMs} ms`,
            ),
          ),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: ({ partition, message }) => {
          received.push({ partition, message });
          if (received.length >= count) {
            clearTimeout(timer);
            resolve();
          }
          return Promise.resolve();
        },
      });
    });
    return received;
  } finally {
    await consumer.disconnect();
  }
}

/** Waits until `topic` exists (Connect creates routed topics on their first record). */
export async function waitForTopic(kafka: Kafka, topic: string, timeoutMs = 30_000) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await admin.listTopics()).includes(topic)) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`topic ${topic} did not appear within ${timeoutMs} ms`);
  } finally {
    await admin.disconnect();
  }
}
