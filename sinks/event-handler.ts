/**
 * A sink as a handler of the partition runner: decodes events (what cannot be used is
 * dead-lettered by the runner), applies the parts of every partition that arrive together (one
 * fetch) to the sink's store in one write with their dedup keys, and counts and times what it
 * applied. The runner commits the offsets after the effect.
 */
import type { KafkaMessage } from 'kafkajs';
import * as hdr from 'hdr-histogram-js';
import { GroupCommit } from '../platform/group-commit.js';
import type { Logger } from '../platform/logger.js';
import type { DeadLetter } from '../platform/partition-runner/dead-letter.js';
import type { Decoding, Part, PartitionHandler } from '../platform/partition-runner/handler.js';
import { within } from '../platform/within.js';
import type { Event, EventDecoding } from '../contracts/events.js';
import type { SinkMetrics } from './sink-metrics.js';

/** One sink: its store, how it applies events (one call at a time), and how it is emptied. */
export interface Sink {
  readonly name: string;
  /** Applies the events atomically with their dedup keys; returns how many were new. */
  apply(events: readonly Event[]): Promise<number>;
  /** Empties the sink's store and its dedup keys (for a rebuild). */
  clear(): Promise<void>;
}

/** Most events applied in one store write. */
const MAX_EVENTS_PER_WRITE = 5000;

export interface EventHandlerDependencies {
  readonly decode: (message: KafkaMessage) => EventDecoding;
  readonly sink: Sink;
  readonly logger: Logger;
  /** An apply that has not finished after this long is abandoned and the batch retried. */
  readonly applyTimeoutMs?: number;
  readonly metrics: SinkMetrics;
}

export class EventHandler implements PartitionHandler<Event> {
  /** Events read and events newly applied since start. */
  readonly counts = { read: 0, applied: 0, deadLettered: 0 };
  /** Event → sink lag: from the processor's decision (occurredAt) to this sink's commit, in ms. */
  readonly lag = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000,
    numberOfSignificantValueDigits: 3,
  });

  constructor(private readonly deps: EventHandlerDependencies) {}

  decode(message: KafkaMessage): Decoding<Event> {
    const decoded = this.deps.decode(message);
    return decoded.ok ? { ok: true, value: decoded.event } : decoded;
  }

  /** The parts every partition hands in while the store writes are applied together, once. */
  private readonly group = new GroupCommit<Part<Event>, undefined>(
    (parts) => this.applyGroup(parts),
    // A store write of a bounded size: it stays well inside the apply timeout.
    { weigh: (part) => part.messages.length, max: MAX_EVENTS_PER_WRITE },
  );

  handle(part: Part<Event>): Promise<void> {
    return this.group.submit(part);
  }

  private async applyGroup(parts: readonly Part<Event>[]) {
    const { sink, logger, metrics } = this.deps;
    const events = parts.flatMap((part) => part.items.map((i) => i.value));
    let applied: number;
    try {
      // A store that dropped its connection mid-write can leave the write pending for ever
      // (seen with ioredis pipelines across a Redis restart): give up, let Kafka redeliver the
      // batch, and let the dedup keys absorb the abandoned write if it lands after all.
      applied = await within(
        sink.apply(events),
        this.deps.applyTimeoutMs ?? 15_000,
        `${sink.name} store`,
      );
    } catch (error) {
      logger.warn(
        { err: error, partitions: parts.map((p) => p.partition), events: events.length },
        `${sink.name} store refused the batch; Kafka redelivers it and the dedup keys absorb any repeat`,
      );
      throw error;
    }
    const now = Date.now();
    for (const event of events) {
      this.lag.recordValue(Math.max(1, now - event.metadata.occurredAt));
      metrics.eventLatency.observe(Math.max(0, now - event.metadata.occurredAt) / 1000);
    }
    for (const part of parts) {
      this.counts.read += part.messages.length;
      this.logApplied(part.partition, part.items);
    }
    this.counts.applied += applied;
    metrics.events.inc({ result: 'applied' }, applied);
    metrics.events.inc({ result: 'deduplicated' }, events.length - applied);
    return parts.map(() => undefined);
  }

  deadLettered({ partition, message, reason }: DeadLetter) {
    this.counts.deadLettered += 1;
    this.deps.metrics.events.inc({ result: 'dead_lettered' });
    this.deps.logger.warn(
      { offset: message.offset, partition, reason },
      'event sent to the dead-letter topic',
    );
  }

  /** At debug level, one line per event with its correlation id; checked once per batch. */
  private logApplied(partition: number, items: Part<Event>['items']) {
    const { logger } = this.deps;
    if (!logger.isLevelEnabled('debug')) return;
    for (const { value: e } of items) {
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
}
