/** What both sink processes share: Kafka clients, the runner, lag reports and shutdown. */
import path from 'node:path';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import type { Logger } from '../platform/logger.js';
import { topicNames } from '../platform/topics.js';
import { loadSchemas } from '../schemas/registry.js';
import { PROJECT_ROOT } from '../stack/paths.js';
import type { SinkConfig } from './config.js';
import { consumerLag, EventSinkRunner, type Sink } from './event-sink-runner.js';
import { eventDecoder } from './published-event.js';

export async function runSink(
  config: SinkConfig,
  sink: Sink,
  logger: Logger,
  close: () => Promise<unknown>,
  concurrency: number,
) {
  const topics = topicNames(undefined, config.aggregateType);
  const kafka = new Kafka({
    clientId: `${sink.name}-sink`,
    brokers: config.kafkaBrokers,
    logLevel: logLevel.WARN,
  });
  const consumer = kafka.consumer({
    groupId: config.groupId,
    maxWaitTimeInMs: 50,
    sessionTimeout: 10_000,
    heartbeatInterval: 1000,
  });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const admin = kafka.admin();
  await Promise.all([consumer.connect(), producer.connect(), admin.connect()]);
  const runner = new EventSinkRunner({
    consumer,
    producer,
    eventsTopic: topics.events,
    deadLetterTopic: topics.eventsDeadLetter,
    decode: eventDecoder(await loadSchemas(path.join(PROJECT_ROOT, 'schemas'))),
    sink,
    logger,
    concurrency,
  });
  await runner.start();
  logger.info({ topic: topics.events, group: config.groupId }, `${sink.name} sink started`);

  const report = setInterval(() => {
    consumerLag(admin, config.groupId, topics.events).then(
      (lag) =>
        logger.info(
          {
            consumerLag: lag.total,
            ...runner.counts,
            eventToSinkMsP50: runner.lag.getValueAtPercentile(50),
            eventToSinkMsP99: runner.lag.getValueAtPercentile(99),
          },
          `${sink.name} sink: consumer lag and event-to-sink latency`,
        ),
      (error: unknown) => logger.warn({ err: error }, 'could not read the consumer lag'),
    );
  }, 10_000);

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down: finishing the current batch and leaving the group');
    clearInterval(report);
    await runner.stop();
    await Promise.allSettled([producer.disconnect(), admin.disconnect(), close()]);
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
