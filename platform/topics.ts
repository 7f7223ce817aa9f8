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
      // No replication factor: the broker's default.replication.factor and min.insync.replicas
      // apply (one copy on the development broker, three with two in sync on three brokers).
      topics: wanted,
      waitForLeaders: true,
    });
  }
}
