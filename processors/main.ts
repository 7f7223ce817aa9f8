/** The processor process: its one composition root. Run several; Kafka splits the partitions. */
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Partitioners } from 'kafkajs';
import { ConsumerLiveness } from '../platform/consumer-liveness.js';
import { exitForRestart } from '../platform/exit-for-restart.js';
import { createLogger } from '../platform/logger.js';
import { consumerLagGauge, createMetricsRegistry, serveMetrics } from '../platform/metrics.js';
import { pipelineConsumerConfig, pipelineKafka } from '../platform/pipeline-kafka.js';
import { createPool } from '../platform/postgres-pool.js';
import { stopOnSignals } from '../platform/graceful-shutdown.js';
import { topicNames } from '../contracts/names.js';
import { commandSchemaIds } from '../contracts/commands.js';
import { KafkaCommandPublisher } from '../producers/command-publisher.js';
import { RenewableProducer } from '../producers/renewable-producer.js';
import { loadSchemas } from '../schemas/registry.js';
import { SCHEMAS_DIR } from '../schemas/location.js';
import { CloseScheduler } from './close-scheduler.js';
import { CommandProcessor } from './command-processor.js';
import { readProcessorConfig } from './config.js';
import { payloadBuilder } from './event-payloads.js';
import { ownedPartitionLag } from './partition-lag.js';
import { decidingHealth } from './deciding-health.js';
import { processorMetrics } from './processor-metrics.js';

/** Longest each step of a shutdown may take. */
const SHUTDOWN_MS = 15_000;

async function main() {
  const config = readProcessorConfig();
  const logger = createLogger('processor').child({ instance: config.instanceId });
  const topics = topicNames(config.commandsTopic, config.aggregateType);

  const db = createPool(
    // One group commit at a time, its loads, the close timer's and the lag's reads.
    { connectionString: config.databaseUrl, max: 8 },
    logger,
  );
  const kafka = pipelineKafka(config.instanceId, config.kafkaBrokers, logger);
  const consumer = kafka.consumer(pipelineConsumerConfig(config.groupId));
  const producer = new RenewableProducer(
    () =>
      kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        // Murmur2 on the key, as Kafka's Java clients (and so Debezium) partition.
        createPartitioner: Partitioners.DefaultPartitioner,
      }),
    logger,
  );
  const admin = kafka.admin();
  await Promise.all([consumer.connect(), producer.connect(), admin.connect()]);
  const registry = new SchemaRegistry({ host: config.registryUrl });
  const publisher = new KafkaCommandPublisher(
    producer,
    registry,
    await commandSchemaIds(registry),
    {
      topic: topics.commands,
    },
  );

  const metrics = createMetricsRegistry('processor');
  const ownedLag = ownedPartitionLag(admin, db, topics.commands, () => processor.positions());
  const liveness = new ConsumerLiveness({
    consumer,
    topic: topics.commands,
    readLag: ownedLag,
    stallMs: config.consumerStallMs,
    onDead: (death) => void exitForRestart(death, consumer, logger),
    onLagError: (error) =>
      logger.debug(
        { err: error },
        'liveness check could not read the lag (Kafka or Postgres down?)',
      ),
  });
  const processor: CommandProcessor = new CommandProcessor({
    consumer,
    producer,
    publisher,
    registry,
    db,
    topics,
    aggregateType: config.aggregateType,
    buildPayload: payloadBuilder(await loadSchemas(SCHEMAS_DIR)),
    scheduler: new CloseScheduler({ graceMs: config.closeGraceMs, retryMs: 5000 }),
    logger,
    now: () => Date.now(),
    maxBatch: config.maxBatch,
    partitionsConsumedConcurrently: config.partitionsConsumedConcurrently,
    metrics: processorMetrics(metrics, (): ReadonlyMap<number, number> =>
      processor.undecidedAges(),
    ),
    limits: config.auctionLimits,
    commitTimeoutMs: config.commitTimeoutMs,
    onRetry: () => liveness.touch(),
  });
  consumerLagGauge(metrics, topics.commands, ownedLag, (error) =>
    logger.warn({ err: error }, 'could not read the consumer lag for /metrics'),
  );
  const metricsServer = await serveMetrics(metrics, config.metricsPort, config.metricsHost, () =>
    decidingHealth(processor, config.decidingStallMs),
  );
  if (metricsServer.portTaken)
    logger.warn(
      { port: config.metricsPort, metricsUrl: metricsServer.url },
      `metrics port ${config.metricsPort} is taken; serving metrics on ${metricsServer.url} instead`,
    );
  await processor.start();
  liveness.start();
  logger.info(
    { topic: topics.commands, group: config.groupId, metricsUrl: metricsServer.url },
    `processor started; metrics on ${metricsServer.url}`,
  );

  let last = 0;
  const progress = setInterval(() => {
    const decided = processor.decided - last;
    last = processor.decided;
    if (decided > 0)
      logger.info(
        { decidedPerSecond: decided / 10, total: processor.decided },
        'decisions in the last 10 s',
      );
  }, 10_000);

  stopOnSignals({
    logger,
    halt: () => {
      clearInterval(progress);
      liveness.stop();
    },
    // Waits for the batch in hand (committed with its offset), then leaves the group. With
    // Kafka down that could take minutes of retries: the group drops the member anyway.
    steps: [
      ['leaving the group', () => processor.stop()],
      ['sending the queued close commands', () => publisher.drain()],
    ],
    close: [
      () => producer.disconnect(),
      () => admin.disconnect(),
      () => db.end(),
      () => metricsServer.close(),
    ],
    stopped: () => [{ decided: processor.decided }, 'processor stopped'],
    stepMs: SHUTDOWN_MS,
  });
}

main().catch((error: unknown) => {
  console.error('processor failed to start:', error);
  process.exit(1);
});
