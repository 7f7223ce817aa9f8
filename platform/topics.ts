/**
 * Creates the application's Kafka topics up front (the broker refuses auto-creation); their names
 * are in contracts/names.ts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin } from 'kafkajs';
import type { TopicNames } from '../contracts/names.js';

/** How long new topics may take to have a leader for every partition on every broker. */
const LEADERS_TIMEOUT_MS = 30_000;

/** Creates the topics that do not exist yet and waits for their leaders. Idempotent. */
export async function ensureTopics(admin: Admin, topics: TopicNames, partitions: number) {
  const existing = new Set(await admin.listTopics());
  const wanted = [
    { topic: topics.commands, numPartitions: partitions },
    // Same partition count as the commands: an auction's events land on the same partition number.
    { topic: topics.events, numPartitions: partitions },
    { topic: topics.commandsDeadLetter, numPartitions: 1 },
    { topic: topics.eventsDeadLetter, numPartitions: 1 },
  ].filter((t) => !existing.has(t.topic));
  if (wanted.length === 0) return;
  // No replication factor: the broker's default.replication.factor and min.insync.replicas
  // apply (one copy on the development broker, three with two in sync on three brokers).
  await admin.createTopics({ topics: wanted, waitForLeaders: false });
  await untilLed(
    admin,
    wanted.map((t) => t.topic),
  );
}

/**
 * Waits until every partition of the topics has a leader. kafkajs's own waitForLeaders fails
 * on the first broker whose metadata does not have a new topic yet, which is usual on three.
 */
async function untilLed(admin: Admin, names: readonly string[]) {
  const deadline = Date.now() + LEADERS_TIMEOUT_MS;
  for (;;) {
    const led = await admin
      .fetchTopicMetadata({ topics: [...names] })
      .then(({ topics }) => topics.every((t) => t.partitions.every((p) => p.leader >= 0)))
      .catch(() => false);
    if (led) return;
    if (Date.now() > deadline)
      throw new Error(
        `Kafka created the topics ${names.join(', ')} but not every partition had a leader after ${LEADERS_TIMEOUT_MS / 1000} s: check \`npm run stack:status\` (brokers, under-replicated partitions) and the brokers' logs.`,
      );
    await sleep(200);
  }
}
