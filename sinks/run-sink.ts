/** What both sink processes share: Kafka clients, the runner, metrics, lag reports and shutdown. */
import { Partitioners } from 'kafkajs';
import { ConsumerLiveness } from '../platform/consumer-liveness.js';
import { exitForRestart } from '../platform/exit-for-restart.js';
import type { Logger } from '../platform/logger.js';
import { consumerLagGauge, serveMetrics, type Registry } from '../platform/metrics.js';
import { pipelineConsumerConfig, pipelineKafka } from '../platform/pipeline-kafka.js';
import { topicNames } from '../contracts/names.js';
import { reportOnChange } from '../platform/report-on-change.js';
import { stopOnSignals } from '../platform/graceful-shutdown.js';
import type { SinkConfig } from './config.js';
import { consumerLag, eventSinkRunner, type Sink } from './event-sink-runner.js';
import { sinkMetrics } from './sink-metrics.js';

export interface SinkProcess {
  readonly config: SinkConfig;
  readonly sink: Sink;
  readonly logger: Logger;
  /** The process's registry, served at /metrics on the configured port. */
  readonly metrics: Registry;
  /** Closes the sink's own store client. */
  readonly close: () => Promise<unknown>;
}

/** Longest the shutdown may wait to leave the group. */
const SHUTDOWN_MS = 15_000;

export async function runSink({ config, sink, logger, metrics, close }: SinkProcess) {
  const topics = topicNames(undefined, config.aggregateType);
  const kafka = pipelineKafka(`${sink.name}-sink`, config.kafkaBrokers, logger);
  const consumer = kafka.consumer(pipelineConsumerConfig(config.groupId));
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const admin = kafka.admin();
  await Promise.all([consumer.connect(), producer.connect(), admin.connect()]);
  const liveness = new ConsumerLiveness({
    consumer,
    topic: topics.events,
    // Only this member's partitions count: the watcher filters the group's lag by assignment.
    readLag: async () => (await consumerLag(admin, config.groupId, topics.events)).partitions,
    stallMs: config.consumerStallMs,
    onDead: (death) => void exitForRestart(death, consumer, logger),
    onLagError: (error) =>
      logger.debug({ err: error }, 'liveness check could not read the lag (Kafka down?)'),
  });
  // The group's lag (all its members'), as the offsets it committed to Kafka say.
  consumerLagGauge(
    metrics,
    topics.events,
    async () => (await consumerLag(admin, config.groupId, topics.events)).partitions,
    (error) => logger.warn({ err: error }, 'could not read the consumer lag for /metrics'),
  );
  const metricsServer = await serveMetrics(metrics, config.metricsPort, config.metricsHost);
  if (metricsServer.portTaken)
    logger.warn(
      { port: config.metricsPort, metricsUrl: metricsServer.url },
      `metrics port ${config.metricsPort} is taken; serving metrics on ${metricsServer.url} instead`,
    );
  const runner = await eventSinkRunner({
    consumer,
    producer,
    aggregateType: config.aggregateType,
    sink,
    logger,
    metrics: sinkMetrics(metrics),
    onRetry: () => liveness.touch(),
  });
  await runner.start();
  liveness.start();
  logger.info(
    { topic: topics.events, group: config.groupId, metricsUrl: metricsServer.url },
    `${sink.name} sink started; metrics on ${metricsServer.url}`,
  );

  // Every 10 s, but only when something changed: an idle sink stays quiet.
  const logReport = reportOnChange((report: Record<string, number>) =>
    logger.info(report, `${sink.name} sink: consumer lag and event-to-sink latency`),
  );
  const report = setInterval(() => {
    consumerLag(admin, config.groupId, topics.events).then(
      (lag) =>
        logReport({
          consumerLag: lag.total,
          ...runner.counts,
          eventToSinkMsP50: runner.lag.getValueAtPercentile(50),
          eventToSinkMsP99: runner.lag.getValueAtPercentile(99),
        }),
      (error: unknown) => logger.warn({ err: error }, 'could not read the consumer lag'),
    );
  }, 10_000);

  stopOnSignals({
    logger,
    halt: () => {
      clearInterval(report);
      liveness.stop();
    },
    // Waits for the batch in hand (applied, offsets committed), then leaves the group. With
    // Kafka down that could take minutes of retries: the group drops the member anyway.
    steps: [['leaving the group', () => runner.stop()]],
    close: [
      () => producer.disconnect(),
      () => admin.disconnect(),
      close,
      () => metricsServer.close(),
    ],
    stopped: () => [{ ...runner.counts }, `${sink.name} sink stopped`],
    stepMs: SHUTDOWN_MS,
  });
}
