/** The leaderboard sink process: its one composition root. */
import { Redis } from 'ioredis';
import { createLogger } from '../../platform/logger.js';
import { createMetricsRegistry } from '../../platform/metrics.js';
import { readSinkConfig } from '../config.js';
import { runSink } from '../run-sink.js';
import { leaderboardKeys } from './leaderboard-keys.js';
import { leaderboardSink } from './leaderboard-sink.js';

const config = readSinkConfig('leaderboard');
const logger = createLogger('leaderboard-sink');
const redis = new Redis(config.redisUrl, {
  maxRetriesPerRequest: 3,
  // A reply that never comes (connection lost mid-pipeline) fails the batch, which is retried.
  commandTimeout: 5000,
});
redis.on('error', (error) =>
  logger.warn({ err: error }, 'Redis connection problem; ioredis reconnects'),
);
runSink({
  config,
  sink: leaderboardSink(redis, {
    keys: leaderboardKeys(config.leaderboardPrefix),
    dedupSeconds: config.dedupSeconds,
    hotWindowMinutes: config.hotWindowMinutes,
  }),
  logger,
  metrics: createMetricsRegistry('leaderboard-sink'),
  close: () => redis.quit(),
}).catch((error: unknown) => {
  logger.error({ err: error }, 'the leaderboard sink failed to start');
  process.exit(1);
});
