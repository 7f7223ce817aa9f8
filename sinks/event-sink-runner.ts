/**
 * Runs one sink over the events topic: decode each batch (what cannot be used goes to the
 * dead-letter topic with the reason), apply it to the sink's store together with the dedup
 * keys, and only then commit the offsets. A crash anywhere redelivers, and the dedup keys
 * absorb the redelivery.
 */
import type { Admin, Consumer, EachBatchPayload, KafkaMessage, Producer } from 'kafkajs';
import * as hdr from 'hdr-histogram-js';
import type { Event, EventDecoding } from '../contracts/events.js';
import type { Logger } from '../platform/logger.js';
import { partitionLag } from '../platform/metrics.js';
import { within } from '../platform/within.js';
import type { SinkMetrics } from './sink-metrics.js';

export interface Sink {
  readonly name: string;
  /** Applies the events atomically with their dedup keys; returns how many were new. */
  apply(events: readonly Event[]): Promise<number>;
}

export interface SinkRunnerDependencies {
  readonly consumer: Consumer;
  readonly producer: Producer;
  readonly eventsTopic: string;
  readonly deadLetterTopic: string;
  readonly decode: (message: KafkaMessage) => EventDecoding;
  readonly sink: Sink;
  readonly logger: Logger;
  /** Partitions handled at once. Postgres sinks use 1, so their transactions cannot deadlock. */
  readonly concurrency: number;
  /** An apply that has not finished after this long is abandoned and the batch retried. */
  readonly applyTimeoutMs?: number;
  readonly metrics: SinkMetrics;
}

export class EventSinkRunner {
  /** Events read and events newly applied since start. */
  readonly counts = { read: 0, applied: 0, deadLettered: 0 };
  /** Event → sink lag: from the processor's decision (occurredAt) to this sink's commit, in ms. */
  readonly lag = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000,
    numberOfSignificantValueDigits: 3,
  });

  constructor(private readonly deps: SinkRunnerDependencies) {}

  async start() {
    await this.deps.consumer.subscribe({ topic: this.deps.eventsTopic, fromBeginning: true });
    await this.deps.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.deps.concurrency,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  private async handleBatch(payload: EachBatchPayload) {
    const { batch } = payload;
    if (batch.messages.length === 0) return;
    const events: Event[] = [];
    const poison: { message: KafkaMessage; reason: string }[] = [];
    for (const message of batch.messages) {
      const decoded = this.deps.decode(message);
      if (decoded.ok) events.push(decoded.event);
      else poison.push({ message, reason: decoded.reason });
    }
    if (poison.length > 0) {
      await this.deps.producer.send({
        topic: this.deps.deadLetterTopic,
        acks: -1,
        messages: poison.map(({ message, reason }) => ({
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            'dlq.reason': reason,
            'dlq.sink': this.deps.sink.name,
            'dlq.offset': message.offset,
          },
        })),
      });
      for (const p of poison) {
        this.deps.logger.warn(
          { offset: p.message.offset, partition: batch.partition, reason: p.reason },
          'event sent to the dead-letter topic',
        );
      }
    }
    let applied: number;
    try {
      // A store that dropped its connection mid-write can leave the write pending for ever
      // (seen with ioredis pipelines across a Redis restart): give up, let Kafka redeliver the
      // batch, and let the dedup keys absorb the abandoned write if it lands after all.
      applied = await within(
        this.deps.sink.apply(events),
        this.deps.applyTimeoutMs ?? 15_000,
        `${this.deps.sink.name} store`,
      );
    } catch (error) {
      this.deps.logger.warn(
        { err: error, partition: batch.partition, events: events.length },
        `${this.deps.sink.name} store refused the batch; Kafka redelivers it and the dedup keys absorb any repeat`,
      );
      throw error;
    }
    const now = Date.now();
    for (const event of events) {
      this.lag.recordValue(Math.max(1, now - event.metadata.occurredAt));
      this.deps.metrics.eventLatency.observe(Math.max(0, now - event.metadata.occurredAt) / 1000);
    }
    const last = batch.messages.at(-1)!.offset;
    await this.deps.consumer.commitOffsets([
      { topic: batch.topic, partition: batch.partition, offset: String(BigInt(last) + 1n) },
    ]);
    payload.resolveOffset(last);
    await payload.heartbeat();
    this.counts.read += batch.messages.length;
    this.counts.applied += applied;
    this.counts.deadLettered += poison.length;
    const { events: counter } = this.deps.metrics;
    counter.inc({ result: 'applied' }, applied);
    counter.inc({ result: 'deduplicated' }, events.length - applied);
    counter.inc({ result: 'dead_lettered' }, poison.length);
    this.logApplied(batch.partition, events);
  }

  /** At debug level, one line per event with its correlation id; checked once per batch. */
  private logApplied(partition: number, events: readonly Event[]) {
    const { logger } = this.deps;
    if (!logger.isLevelEnabled('debug')) return;
    for (const e of events) {
      logger.debug(
        {
          correlationId: e.metadata.correlationId,
          eventId: e.metadata.eventId,
          eventType: e.type,
          auctionId: e.metadata.auctionId,
          partition,
        },
        'event applied',
      );
    }
  }

  async stop() {
    await this.deps.consumer.disconnect();
  }
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
