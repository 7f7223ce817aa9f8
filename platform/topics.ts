/**
 * Creates the application's Kafka topics up front (the broker refuses auto-creation); their names
 * are in contracts/names.ts.
 */
import type { Admin } from 'kafkajs';
import type { TopicNames } from '../contracts/names.js';

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
  if (wanted.length > 0) {
    await admin.createTopics({
      topics: wanted.map((t) => ({ ...t, replicationFactor: 1 })),
      waitForLeaders: true,
    });
  }
}
