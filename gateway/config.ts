/** The gateway's configuration, read and validated once at start. */
import { z } from 'zod';
import { DEFAULT_CONSUMER_STALL_MS } from '../platform/consumer-liveness.js';
import { DEFAULT_DECIDING_STALL_MS } from '../platform/deciding-stall.js';
import { readEndpoints, serviceUrls } from '../platform/endpoints.js';
import { topicNames } from '../platform/topics.js';

/** Only for local development; the gateway says so loudly when it uses it. */
export const DEVELOPMENT_JWT_SECRET = 'dev-only-secret-change-me-0123456789abcdef';

export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env) {
  const endpoints = readEndpoints(env);
  const urls = serviceUrls(endpoints);
  return z
    .object({
      port: z.number().int().min(1).max(65535),
      host: z.string().min(1),
      kafkaBrokers: z.array(z.string().min(1)).min(1),
      databaseUrl: z.string().url(),
      registryUrl: z.string().url(),
      commandsTopic: z.string().min(1),
      eventsTopic: z.string().min(1),
      wsMaxBufferedBytes: z.number().int().min(1024),
      /** The live feed receiving nothing for this long while events wait: a fresh consumer. */
      consumerStallMs: z.number().int().min(1000),
      wsMaxPayloadBytes: z.number().int().min(256),
      // Compared with the browser's Origin header, which is scheme://host[:port] exactly.
      allowedOrigins: z
        .array(
          z
            .string()
            .url()
            .transform((url) => new URL(url).origin),
        )
        .min(1),
      bidRateLimit: z
        .object({
          perSecond: z.number().int().min(1),
          burst: z.number().int().min(1),
        })
        .strict(),
      jwt: z
        .object({
          secret: z.string().min(32),
          issuer: z.string().min(1),
          audience: z.string().min(1),
        })
        .strict(),
      usingDevelopmentSecret: z.boolean(),
      usingDevelopmentDatabasePassword: z.boolean(),
      bodyLimitBytes: z.number().int().min(256),
      redisUrl: z.string().url(),
      statsDatabaseUrl: z.string().url(),
      leaderboardPrefix: z.string().min(1),
      hotWindowMinutes: z.number().int().min(1).max(1440),
      /** /ready fails once a commands partition has had commands waiting, undecided, this long. */
      decidingStallMs: z.number().int().min(100),
    })
    .strict()
    .parse({
      port: endpoints.ports.gateway,
      host: env.GATEWAY_HOST ?? '0.0.0.0',
      kafkaBrokers: env.KAFKA_BROKERS?.split(',') ?? urls.kafkaBrokers,
      databaseUrl: env.DATABASE_URL ?? urls.databaseUrl,
      registryUrl: env.SCHEMA_REGISTRY_URL ?? urls.registryUrl,
      commandsTopic: env.COMMANDS_TOPIC ?? topicNames().commands,
      eventsTopic: topicNames(undefined, env.EVENTS_AGGREGATE_TYPE).events,
      wsMaxBufferedBytes: Number(env.WS_MAX_BUFFERED_BYTES ?? 1024 * 1024),
      consumerStallMs: Number(env.CONSUMER_STALL_MS ?? DEFAULT_CONSUMER_STALL_MS),
      wsMaxPayloadBytes: Number(env.WS_MAX_PAYLOAD_BYTES ?? 16 * 1024),
      allowedOrigins: allowedOrigins(env.GATEWAY_ALLOWED_ORIGINS, endpoints.ports.gateway),
      bidRateLimit: {
        perSecond: Number(env.BID_RATE_LIMIT_PER_SECOND ?? 50),
        burst: Number(env.BID_RATE_LIMIT_BURST ?? 100),
      },
      jwt: jwtSettings(env),
      usingDevelopmentSecret: env.JWT_SECRET === undefined,
      usingDevelopmentDatabasePassword:
        env.DATABASE_URL === undefined && env.STACK_APP_DB_PASSWORD === undefined,
      bodyLimitBytes: Number(env.GATEWAY_BODY_LIMIT_BYTES ?? 16 * 1024),
      redisUrl: env.REDIS_URL ?? urls.redisUrl,
      statsDatabaseUrl: env.STATS_DATABASE_URL ?? env.DATABASE_URL ?? urls.databaseUrl,
      leaderboardPrefix: env.LEADERBOARD_PREFIX ?? 'lb',
      hotWindowMinutes: Number(env.HOT_WINDOW_MINUTES ?? 60),
      decidingStallMs: Number(env.DECIDING_STALL_MS ?? DEFAULT_DECIDING_STALL_MS),
    });
}

/** Browser origins allowed to open the WebSocket: the listed ones, or the gateway's own page. */
function allowedOrigins(listed: string | undefined, port: number): string[] {
  if (listed === undefined) return [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  return listed
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
}

export function jwtSettings(env: NodeJS.ProcessEnv = process.env) {
  return {
    secret: env.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET,
    issuer: env.JWT_ISSUER ?? 'auction-stream',
    audience: env.JWT_AUDIENCE ?? 'auction-api',
  };
}

export type GatewayConfig = ReturnType<typeof readGatewayConfig>;
