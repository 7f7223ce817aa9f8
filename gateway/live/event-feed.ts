/**
 * Feeds the hub from the events topic: each gateway instance reads every partition in a
 * consumer group of its own, starting at the end, so every instance sees every new event.
 * On the way it counts the bid decisions and how long each event took to arrive.
 */
import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { Logger } from '../../platform/logger.js';
import { RIDE_OUT_BROKER_RESTART } from '../../platform/pipeline-kafka.js';
import { feedEventOf, type FeedEvent } from './feed-event.js';
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
export function observeFeedEvent(
  metrics: FeedMetrics,
  { eventType, event }: FeedEvent,
  arrivedAt: number,
) {
  if (eventType === 'BidAccepted') metrics.bidsAccepted.inc();
  else if (eventType === 'BidRejected') metrics.bidsRejected.inc({ reason: String(event.reason) });
  const occurredAt = Number(event.occurredAt);
  if (Number.isFinite(occurredAt))
    metrics.cdcLag.observe(Math.max(0, arrivedAt - occurredAt) / 1000);
}

export interface EventFeedDependencies {
  readonly kafka: Kafka;
  readonly topic: string;
  readonly hub: LiveHub;
  readonly logger: Logger;
  readonly metrics: FeedMetrics;
  readonly now: () => number;
}

export interface EventFeed {
  disconnect(): Promise<void>;
}

/**
 * Starts the feed; resolves once its consumer has joined (or after 30 s). kafkajs can stop a
 * consumer for good (CRASH with restart: false, seen during a broker restart): the feed then
 * starts a fresh one, and subscriptions fill any gap from the history by sequence.
 */
export async function startEventFeed(deps: EventFeedDependencies): Promise<EventFeed> {
  let consumer = await runFeedConsumer(deps);
  let stopping = false;
  const restartWhenDead = (dead: Consumer) =>
    dead.on(dead.events.CRASH, ({ payload }) => {
      if (payload.restart || stopping) return;
      deps.logger.error(
        { err: payload.error },
        'kafkajs stopped the live feed consumer for good; starting a fresh one',
      );
      void runFeedConsumer(deps).then(
        (fresh) => {
          consumer = fresh;
          restartWhenDead(fresh);
        },
        (error: unknown) => {
          deps.logger.error({ err: error }, 'the live feed could not restart; restart the gateway');
        },
      );
    });
  restartWhenDead(consumer);
  return {
    disconnect: async () => {
      stopping = true;
      await consumer.disconnect();
    },
  };
}

async function runFeedConsumer({ kafka, topic, hub, logger, metrics, now }: EventFeedDependencies) {
  const consumer = kafka.consumer({
    groupId: `gateway-feed-${randomUUID()}`,
    maxWaitTimeInMs: 20,
    retry: RIDE_OUT_BROKER_RESTART,
  });
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
      if (!event) {
        logger.warn({ offset: message.offset }, 'live feed skipped an event it could not read');
        return;
      }
      observeFeedEvent(metrics, event, now());
      if (logger.isLevelEnabled('debug'))
        logger.debug(
          {
            correlationId: event.event.correlationId,
            eventType: event.eventType,
            auctionId: event.auctionId,
            sequence: event.sequence,
          },
          'event received for the live feed',
        );
      await hub.publish(event);
    },
  });
  await Promise.race([joined, new Promise((resolve) => setTimeout(resolve, 30_000).unref())]);
  return consumer;
}
