/** The gateway process: its one composition root. */
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Kafka } from 'kafkajs';
import { Redis } from 'ioredis';
import pg from 'pg';

import { unavailableOnFailure } from '../platform/queryable.js';
import { kafkaLogging } from '../platform/kafka-log.js';
import { createLogger } from '../platform/logger.js';
import { createMetricsRegistry } from '../platform/metrics.js';
import { pipelineKafka } from '../platform/pipeline-kafka.js';
import { createPool } from '../platform/postgres-pool.js';
import { within } from '../platform/within.js';
import { commandSchemaIds } from '../contracts/commands.js';
import { CachedDefaultPartitioner } from '../producers/cached-partitioner.js';
import { KafkaCommandPublisher } from '../producers/command-publisher.js';
import { RenewableProducer } from '../producers/renewable-producer.js';
import { leaderboardKeys, leaderboardReads } from '../sinks/leaderboard/public.js';
import { createApp } from './app.js';
import { auctionDirectory } from './reads/auction-directory.js';
import { bidPlacement } from './commands/bid-placement.js';
import { decidedBids, loadAuctionFacts } from './reads/bid-reads.js';
import { bidStageMetrics } from './commands/bid-stages.js';
import { feedMetrics, startEventFeed } from './live/event-feed.js';
import { feedDecoder } from './live/feed-event.js';
import { eventHistory } from './live/history.js';
import { LiveHub } from './live/live-hub.js';
import { attachSocketServer } from './live/socket-server.js';
import { requestAddress } from './http/client-address.js';
import { readGatewayConfig } from './config/config.js';
import { tokenVerification } from './access/token-verification.js';
import { ConfigError, EXIT_CODE_CONFIG } from './config/config-errors.js';
import { PostgresDecisionWaiter } from './commands/decision-waiter.js';
import { idempotencyKeys, redisFingerprintStore } from './commands/idempotency.js';
import { createHttpServer } from './http/http-server.js';
import { createPersonalReadModel } from './reads/personal-read-model.js';
import { gatewayRateLimits } from './access/gateway-limits.js';
import { createReadModel } from './reads/read-model.js';
import { dependencyChecks } from './http/readiness.js';
import { watchlistStore } from './reads/watchlist.js';

/** Longest wait for requests in flight at shutdown; a longer ?wait= is cut (its client retries with its Idempotency-Key). */
const SHUTDOWN_GRACE_MS = 10_000;

async function main() {
  const logger = createLogger('gateway');
  const config = readGatewayConfig();
  // Before any client: an identity provider that cannot be read stops the start, saying what to set.
  const verification = await tokenVerification(config.tokens, config.developmentMode);
  if (verification.devTokenSettings) {
    logger.warn(
      `DEVELOPMENT_MODE=1: POST /dev/token signs a token for anyone${config.usingDevelopmentSecret ? ', and tokens use the published DEVELOPMENT secret' : ''}. Never run like this in production.`,
    );
  } else if (config.developmentMode) {
    logger.warn(
      "DEVELOPMENT_MODE=1 with an identity provider: POST /dev/token is not served (only the provider's tokens are accepted).",
    );
  }
  if (config.usingDevelopmentDatabasePassword) {
    logger.warn(
      'DATABASE_URL is not set: using the local stack database with its DEVELOPMENT password. Never run like this in production.',
    );
  }

  // Fail fast while Postgres is down or restarting: the request gets a 503, not a hang.
  const db = createPool(
    { connectionString: config.databaseUrl, max: 20, connectionTimeoutMillis: 3000 },
    logger,
  );
  const waiter = await PostgresDecisionWaiter.listen(
    // A connect that hangs (a server half-way through shutting down) must give up and retry.
    () => new pg.Client({ connectionString: config.databaseUrl, connectionTimeoutMillis: 3000 }),
    logger,
  );

  const kafka = new Kafka({
    clientId: 'gateway',
    brokers: config.kafkaBrokers,
    ...kafkaLogging(logger),
  });
  const admin = kafka.admin();
  await admin.connect();
  const producer = new RenewableProducer(
    () =>
      kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        // Murmur2 on the key, as Kafka's Java clients (and so Debezium) partition, remembered per key.
        createPartitioner: CachedDefaultPartitioner,
      }),
    logger,
  );
  await producer.connect();
  const registry = new SchemaRegistry({ host: config.registryUrl });
  const publisher = new KafkaCommandPublisher(
    producer,
    registry,
    await commandSchemaIds(registry),
    // One produce request per 5 ms window at most (Kafka's linger.ms): at 1,000 bids/s about
    // six commands a request instead of two, for 5 ms on the 202.
    { topic: config.commandsTopic, lingerMs: 5 },
  );

  const statsDb =
    config.statsDatabaseUrl === config.databaseUrl
      ? db
      : createPool(
          { connectionString: config.statsDatabaseUrl, max: 5, connectionTimeoutMillis: 3000 },
          logger,
        );
  // Auto-pipelining: the commands of every request in flight leave in one write.
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, enableAutoPipelining: true });
  redis.on('error', (error) =>
    logger.warn({ err: error }, 'Redis connection problem; ioredis reconnects'),
  );

  const metrics = createMetricsRegistry('gateway');
  const reader = unavailableOnFailure(db);
  const readModel = createReadModel(reader, { currency: config.currency });
  const directory = auctionDirectory(loadAuctionFacts(reader), () => Date.now());
  const bidStages = bidStageMetrics(metrics);
  const limits = gatewayRateLimits(redis, config.redisPrefix, config.limits, logger);
  const keys = idempotencyKeys(
    redisFingerprintStore(redis, config.redisPrefix),
    config.limits.idempotencyKeyTtlSeconds,
    logger,
  );
  const placement = bidPlacement({
    directory,
    decidedBids: decidedBids(reader),
    publisher,
    keys,
    now: () => Date.now(),
    stages: bidStages,
  });
  const { app, handle } = createApp({
    metrics,
    logger,
    checks: dependencyChecks({
      kafka: admin,
      db,
      redis,
      registryUrl: config.registryUrl,
      deciding: { commandsTopic: config.commandsTopic, stallMs: config.decidingStallMs },
    }),
    readModel,
    personal: createPersonalReadModel(reader, config.currency, () => Date.now()),
    watchlist: watchlistStore(reader),
    statsDb: unavailableOnFailure(statsDb),
    leaderboards: leaderboardReads(redis, leaderboardKeys(config.leaderboardPrefix)),
    hotWindowMinutes: config.hotWindowMinutes,
    publisher,
    waiter,
    tokens: verification.verifier,
    signIn: verification.signIn,
    now: () => Date.now(),
    bodyLimitBytes: config.bodyLimitBytes,
    devTokens: verification.devTokenSettings && {
      settings: verification.devTokenSettings,
      limit: limits.devTokens,
    },
    trustProxy: config.trustProxy,
    bidRateLimit: limits.bids,
    auctionRateLimit: limits.auctions,
    currency: config.currency,
    auctionBounds: config.limits.auction,
    placement,
    bidStages,
  });
  // The live feed: events from Kafka to WebSocket subscribers and the users they concern.
  const history = eventHistory(unavailableOnFailure(db));
  const hub = new LiveHub(history, config.wsMaxBufferedBytes);
  const feed = await startEventFeed({
    // Its own client: its retries ride out a broker restart, the bid path's answer 503 fast.
    kafka: pipelineKafka('gateway-feed', config.kafkaBrokers, logger),
    admin,
    topic: config.eventsTopic,
    decode: await feedDecoder(),
    hub,
    observe: (event) => directory.observe(event),
    logger,
    metrics: feedMetrics(metrics),
    now: () => Date.now(),
    stallMs: config.consumerStallMs,
  });

  const server = createHttpServer(handle, config.serverTimeouts).listen(config.port, config.host);
  await once(server, 'listening');
  const sockets = attachSocketServer(server, {
    hub,
    tokens: verification.verifier,
    placement,
    directory,
    logger,
    heartbeatMs: 15_000,
    metrics,
    bidRateLimit: limits.bids,
    limits: config.limits.webSocket,
    addressOf: requestAddress(app),
    maxPayloadBytes: config.wsMaxPayloadBytes,
    allowedOrigins: config.allowedOrigins,
  });
  logger.info(
    { host: config.host, port: config.port },
    `gateway listening on http://${config.host}:${config.port}`,
  );

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    sockets.close();
    // Stop accepting; requests in flight (a ?wait= one for up to its wait) may finish.
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeIdleConnections();
    await Promise.race([closed, sleep(SHUTDOWN_GRACE_MS)]);
    server.closeAllConnections();
    // Kafka may be down: the feed's group and the queued commands get a bounded wait.
    await within(feed.disconnect(), SHUTDOWN_GRACE_MS, 'leaving the live feed group').catch(
      (error: unknown) => logger.warn({ err: error }, 'live feed did not stop cleanly'),
    );
    await within(publisher.drain(), SHUTDOWN_GRACE_MS, 'sending the queued commands').catch(
      (error: unknown) =>
        logger.error(
          { err: error },
          'commands still queued were not acknowledged by Kafka; their requests got no 202, so their clients retry',
        ),
    );
    await Promise.allSettled([
      producer.disconnect(),
      admin.disconnect(),
      waiter.close(),
      db.end(),
      statsDb === db ? undefined : statsDb.end(),
      redis.quit(),
    ]);
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  if (error instanceof ConfigError) {
    // Said once, plainly; restarting cannot help until the environment changes.
    console.error(`gateway refused to start: ${error.message}`);
    process.exit(EXIT_CODE_CONFIG);
  } else if (code === 'EADDRINUSE') {
    console.error(
      'gateway: its port is already taken (is another `npm start` running?). Choose another with GATEWAY_PORT=<port>.',
    );
  } else {
    console.error('gateway failed to start:', error);
  }
  process.exit(1);
});
