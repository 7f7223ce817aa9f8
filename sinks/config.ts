/** The sinks' configuration, read and validated once at start. */
import { z } from 'zod';
import { DEFAULT_CONSUMER_STALL_MS } from '../platform/consumer-liveness.js';
import { readEndpoints, serviceUrls } from '../platform/endpoints.js';
import { DEFAULT_AGGREGATE_TYPE } from '../contracts/names.js';

export function readSinkConfig(
  sink: 'stats' | 'leaderboard',
  env: NodeJS.ProcessEnv = process.env,
) {
  const urls = serviceUrls(readEndpoints(env));
  return z
    .object({
      kafkaBrokers: z.array(z.string().min(1)).min(1),
      databaseUrl: z.string().url(),
      redisUrl: z.string().url(),
      aggregateType: z.string().regex(/^[a-z0-9_.-]+$/),
      groupId: z.string().min(1),
      leaderboardPrefix: z.string().regex(/^[A-Za-z0-9_.-]+$/),
      dedupSeconds: z.number().int().min(60),
      hotWindowMinutes: z.number().int().min(1).max(1440),
      /** GET /metrics for Prometheus; 0 picks a free port (logged at start). */
      metricsPort: z.number().int().min(0).max(65535),
      metricsHost: z.string().min(1),
      /** Messages waiting and none handled for this long: the consumer has stalled (restart). */
      consumerStallMs: z.number().int().min(1000),
    })
    .strict()
    .parse({
      kafkaBrokers: env.KAFKA_BROKERS?.split(',') ?? urls.kafkaBrokers,
      // The stats tables may live in a database of their own (tests give each run one).
      databaseUrl: env.STATS_DATABASE_URL ?? env.DATABASE_URL ?? urls.databaseUrl,
      redisUrl: env.REDIS_URL ?? urls.redisUrl,
      aggregateType: env.EVENTS_AGGREGATE_TYPE ?? DEFAULT_AGGREGATE_TYPE,
      groupId:
        env[sink === 'stats' ? 'STATS_SINK_GROUP_ID' : 'LEADERBOARD_SINK_GROUP_ID'] ??
        `${sink}-sink`,
      leaderboardPrefix: env.LEADERBOARD_PREFIX ?? 'lb',
      dedupSeconds: Number(env.LEADERBOARD_DEDUP_SECONDS ?? 7 * 24 * 3600),
      hotWindowMinutes: Number(env.HOT_WINDOW_MINUTES ?? 60),
      metricsPort: Number(
        sink === 'stats'
          ? (env.STATS_SINK_METRICS_PORT ?? 9465)
          : (env.LEADERBOARD_SINK_METRICS_PORT ?? 9466),
      ),
      metricsHost: env.METRICS_HOST ?? '127.0.0.1',
      consumerStallMs: Number(env.CONSUMER_STALL_MS ?? DEFAULT_CONSUMER_STALL_MS),
    });
}

export type SinkConfig = ReturnType<typeof readSinkConfig>;
