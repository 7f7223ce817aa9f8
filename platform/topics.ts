/** The application's Kafka topics, created up front (the broker refuses auto-creation). */
import type { Admin } from 'kafkajs';

export interface TopicNames {
  /** Commands, Avro, key = auction id. */
  readonly commands: string;
  /** Commands that could not be decoded, with the reason in headers. */
  readonly commandsDeadLetter: string;
  /** Events published by Debezium from the outbox: `<aggregate type>.events`. */
  readonly events: string;
  /** Events a sink could not use, with the reason in headers. */
  readonly eventsDeadLetter: string;
}

/** The outbox `aggregatetype` of auction events; the connector routes it to `<type>.events`. */
export const DEFAULT_AGGREGATE_TYPE = 'auction';

export function topicNames(
  commands = 'auction.commands',
  aggregateType = DEFAULT_AGGREGATE_TYPE,
): TopicNames {
  return {
    commands,
    commandsDeadLetter: `${commands}.dlq`,
    events: `${aggregateType}.events`,
    eventsDeadLetter: `${aggregateType}.events.dlq`,
  };
}

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
