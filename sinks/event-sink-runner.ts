/**
 * Runs one sink over the events topic: the partition runner (platform/partition-runner/) with the
 * sink's event handler. What cannot be decoded goes to the dead-letter topic with the reason; each
 * batch is applied to the sink's store together with the dedup keys, and only then are the
 * offsets committed to Kafka. A crash anywhere redelivers, and the dedup keys absorb the
 * redelivery.
 */
import type { Admin, Consumer, KafkaMessage, Producer } from 'kafkajs';
import type { Logger } from '../platform/logger.js';
import { partitionLag } from '../platform/metrics.js';
import { ALL_PARTITIONS_AT_ONCE } from '../platform/pipeline-kafka.js';
import { DeadLetterWriter } from '../platform/partition-runner/dead-letter.js';
import { committedToKafka } from '../platform/partition-runner/offsets.js';
import { PartitionRunner } from '../platform/partition-runner/runner.js';
import { EventHandler, type Sink } from './event-handler.js';
import { eventDecoder, type Event, type EventDecoding } from '../contracts/events.js';
import { topicNames } from '../contracts/names.js';
import { loadSchemas } from '../schemas/registry.js';
import { SCHEMAS_DIR } from '../schemas/location.js';
import type { SinkMetrics } from './sink-metrics.js';

export type { Sink } from './event-handler.js';

export interface SinkRunnerDependencies {
  readonly consumer: Consumer;
  readonly producer: Producer;
  readonly eventsTopic: string;
  readonly deadLetterTopic: string;
  readonly decode: (message: KafkaMessage) => EventDecoding;
  readonly sink: Sink;
  readonly logger: Logger;
  /** An apply that has not finished after this long is abandoned and the batch retried. */
  readonly applyTimeoutMs?: number;
  readonly metrics: SinkMetrics;
  /** Told each time a failed batch is tried again: a consumer busy retrying has not stalled. */
  readonly onRetry?: () => void;
}

export class EventSinkRunner {
  private readonly handler: EventHandler;
  private readonly runner: PartitionRunner<Event>;

  constructor(deps: SinkRunnerDependencies) {
    this.handler = new EventHandler(deps);
    this.runner = new PartitionRunner({
      consumer: deps.consumer,
      topic: deps.eventsTopic,
      handler: this.handler,
      offsets: committedToKafka(),
      deadLetters: new DeadLetterWriter({
        producer: deps.producer,
        topic: deps.deadLetterTopic,
        source: () => ({ 'dlq.sink': deps.sink.name }),
      }),
      logger: deps.logger,
      now: Date.now,
      // The whole batch in one apply.
      maxBatch: Number.POSITIVE_INFINITY,
      partitionsConsumedConcurrently: ALL_PARTITIONS_AT_ONCE,
      hooks: { retrying: deps.onRetry },
    });
  }

  /** Events read and events newly applied since start. */
  get counts() {
    return this.handler.counts;
  }

  /** Event → sink lag: from the processor's decision (occurredAt) to this sink's commit, in ms. */
  get lag() {
    return this.handler.lag;
  }

  start() {
    return this.runner.start();
  }

  stop() {
    return this.runner.stop();
  }
}

/**
 * A runner of `sink` over the events topic of `aggregateType`, decoding with the schemas in
 * schemas/: what the sink process and the rebuild share.
 */
export async function eventSinkRunner(
  deps: Omit<SinkRunnerDependencies, 'eventsTopic' | 'deadLetterTopic' | 'decode'> & {
    readonly aggregateType: string;
  },
) {
  const topics = topicNames(undefined, deps.aggregateType);
  return new EventSinkRunner({
    ...deps,
    eventsTopic: topics.events,
    deadLetterTopic: topics.eventsDeadLetter,
    decode: eventDecoder(await loadSchemas(SCHEMAS_DIR)),
  });
}

/** How far a consumer group is behind the end of a topic, per partition and in total. */
export async function consumerLag(admin: Admin, groupId: string, topic: string) {
  const [ends, committed] = await Promise.all([
    admin.fetchTopicOffsets(topic),
    admin.fetchOffsets({ groupId, topics: [topic] }),
  ]);
  // Kafka answers -1 for a partition the group has not committed yet.
  const committedBy = new Map(
    (committed[0]?.partitions ?? []).map((p) => [p.partition, p.offset === '-1' ? null : p.offset]),
  );
  const partitions = ends.map((end) => ({
    partition: end.partition,
    lag: partitionLag(end, committedBy.get(end.partition) ?? null),
  }));
  return { total: partitions.reduce((n, p) => n + p.lag, 0), partitions };
}
