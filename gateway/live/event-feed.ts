/**
 * Feeds the hub from the events topic: each gateway instance reads every partition in a
 * consumer group of its own, starting at the end, so every instance sees every new event.
 * On the way it counts the bid decisions and how long each event took to arrive.
 */
import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import { Counter, Histogram, type Registry } from 'prom-client';
import { ConsumerLiveness, type ConsumerDeath } from '../../platform/consumer-liveness.js';
import type { Logger } from '../../platform/logger.js';
import type { PartitionLag } from '../../platform/metrics.js';
import {
  ALL_PARTITIONS_AT_ONCE,
  FETCH_MAX_WAIT_MS,
  RIDE_OUT_BROKER_RESTART,
} from '../../platform/pipeline-kafka.js';
import { within } from '../../platform/within.js';
import type { Event } from '../../contracts/events.js';
import type { DecodeEvent } from './feed-event.js';
import type { LiveHub } from './live-hub.js';

export function feedMetrics(registry: Registry) {
  const registers = [registry];
  return {
    bidsAccepted: new Counter({
      name: 'auction_bids_accepted_total',
      help: 'BidAccepted events this gateway received since it started',
      registers,
    }),
    bidsRejected: new Counter({
      name: 'auction_bids_rejected_total',
      help: 'BidRejected events this gateway received since it started, by reason',
      labelNames: ['reason'] as const,
      registers,
    }),
    cdcLag: new Histogram({
      name: 'gateway_cdc_lag_seconds',
      help: "From the processor's decision (the event's occurredAt, stamped just before its commit) to the event's arrival here: commit, Debezium, Kafka",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
  };
}

export type FeedMetrics = ReturnType<typeof feedMetrics>;

/** Counts one event that arrived at `arrivedAt` (epoch ms). */
export function observeFeedEvent(metrics: FeedMetrics, event: Event, arrivedAt: number) {
  if (event.type === 'BidAccepted') metrics.bidsAccepted.inc();
  else if (event.type === 'BidRejected') metrics.bidsRejected.inc({ reason: event.data.reason });
  metrics.cdcLag.observe(Math.max(0, arrivedAt - event.metadata.occurredAt) / 1000);
}

export interface EventFeedDependencies {
  readonly kafka: Kafka;
  /** Reads the topic's high watermarks for the liveness watch. */
  readonly admin: Pick<Admin, 'fetchTopicOffsets'>;
  readonly topic: string;
  /** Reads a message of the topic as a schema-checked event (feed-event.ts). */
  readonly decode: DecodeEvent;
  readonly hub: LiveHub;
  /** Told of every event first (the bid path's auction directory). */
  readonly observe?: (event: Event) => void;
  readonly logger: Logger;
  readonly metrics: FeedMetrics;
  readonly now: () => number;
  /** Events waiting and none received for this long: the feed's consumer is dead. */
  readonly stallMs?: number;
}

export interface EventFeed {
  disconnect(): Promise<void>;
}

/**
 * Starts the feed; resolves once its consumer has joined (or after 30 s). A watch replaces the
 * consumer with a fresh one when kafkajs stops it for good (seen during a broker restart) or it
 * stops receiving while events wait; subscriptions fill any gap from the history by sequence.
 */
export async function startEventFeed(deps: EventFeedDependencies): Promise<EventFeed> {
  let stopping = false;
  let current: { consumer: Consumer; liveness: ConsumerLiveness };
  const begin = async () => {
    const consumer = deps.kafka.consumer({
      groupId: `gateway-feed-${randomUUID()}`,
      maxWaitTimeInMs: FETCH_MAX_WAIT_MS,
      retry: RIDE_OUT_BROKER_RESTART,
    });
    const liveness = new ConsumerLiveness({
      consumer,
      topic: deps.topic,
      readLag: feedLag(consumer, deps),
      stallMs: deps.stallMs,
      onDead: (death) => void replace(consumer, death),
      onLagError: (error) => deps.logger.debug({ err: error }, 'live feed: lag unreadable'),
    });
    await runFeedConsumer(consumer, deps);
    liveness.start();
    current = { consumer, liveness };
  };
  const replace = async (dead: Consumer, death: ConsumerDeath) => {
    if (stopping) return;
    deps.logger.error(
      death.reason === 'crashed' ? { err: death.error } : { lag: death.lag, idleMs: death.idleMs },
      death.reason === 'crashed'
        ? 'kafkajs stopped the live feed consumer for good; starting a fresh one'
        : `the live feed consumer received nothing for ${Math.round(death.idleMs / 1000)} s while ${death.lag} events waited; starting a fresh one`,
    );
    void within(dead.disconnect(), 5000, 'leaving the group').catch(() => undefined);
    await begin().catch((error: unknown) =>
      deps.logger.error({ err: error }, 'the live feed could not restart; restart the gateway'),
    );
  };
  await begin();
  return {
    disconnect: async () => {
      stopping = true;
      current.liveness.stop();
      await current.consumer.disconnect();
    },
  };
}

/**
 * Events waiting per partition: the high watermark minus the position after the last batch the
 * feed handled there. Its group is its own and starts at the end, so the group's committed
 * offsets say little: it keeps its positions itself. A partition it has not received from yet
 * counts as caught up.
 */
function feedLag(consumer: Consumer, { admin, topic }: EventFeedDependencies) {
  const positions = new Map<number, bigint>();
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) =>
    positions.set(payload.partition, BigInt(payload.lastOffset) + 1n),
  );
  return async (): Promise<PartitionLag[]> =>
    (await admin.fetchTopicOffsets(topic)).map((end) => {
      const position = positions.get(end.partition);
      const lag = position === undefined ? 0n : BigInt(end.high) - position;
      return { partition: end.partition, lag: lag > 0n ? Number(lag) : 0 };
    });
}

async function runFeedConsumer(
  consumer: Consumer,
  { topic, decode, hub, observe, logger, metrics, now }: EventFeedDependencies,
) {
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  // Ready only once the partitions are ours: nothing published after start-up is missed.
  const joined = new Promise<void>((resolve) =>
    consumer.on(consumer.events.GROUP_JOIN, () => resolve()),
  );
  await consumer.run({
    // Its group starts at the end and keeps its positions itself (feedLag): a commit every few
    // seconds is plenty, where one per partition per batch was a request each.
    autoCommit: true,
    autoCommitInterval: 5000,
    partitionsConsumedConcurrently: ALL_PARTITIONS_AT_ONCE,
    // A batch at a time: kafkajs's per-message bookkeeping (offsets, heartbeats) once per batch.
    eachBatch: async (payload) => {
      for (const message of payload.batch.messages) {
        if (!payload.isRunning() || payload.isStale()) return;
        const decoded = decode(message);
        if (!decoded.ok) {
          logger.warn(
            { offset: message.offset, reason: decoded.reason },
            'live feed skipped an event it could not read',
          );
          continue;
        }
        const { event } = decoded;
        observeFeedEvent(metrics, event, now());
        observe?.(event);
        if (logger.isLevelEnabled('debug'))
          logger.debug(
            {
              correlationId: event.metadata.correlationId,
              eventType: event.type,
              auctionId: event.metadata.auctionId,
              sequence: event.metadata.sequence,
            },
            'event received for the live feed',
          );
        await hub.publish(event);
      }
      await payload.heartbeat();
    },
  });
  await Promise.race([joined, new Promise((resolve) => setTimeout(resolve, 30_000).unref())]);
  return consumer;
}
