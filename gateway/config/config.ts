/** The gateway's configuration, read and validated once at start. */
import { z } from 'zod';
import { DEFAULT_CONSUMER_STALL_MS } from '../../platform/consumer-liveness.js';
import { DEFAULT_DECIDING_STALL_MS } from '../../platform/deciding-stall.js';
import { readEndpoints, serviceUrls } from '../../platform/endpoints.js';
import { topicNames } from '../../contracts/names.js';
import { ConfigError, integerSetting } from './config-errors.js';
import { DEVELOPMENT_JWT_SECRET, readDevelopmentMode } from './development-mode.js';
import { readLimits } from './limits-config.js';
import {
  maxLifetimeSeconds,
  readTokenConfig,
  usesDevelopmentSecret,
  type TokenConfig,
} from './token-config.js';
import { DEFAULT_SERVER_TIMEOUTS, type ServerTimeouts } from '../http/http-server.js';

export { DEVELOPMENT_JWT_SECRET };

export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env) {
  const endpoints = readEndpoints(env);
  const urls = serviceUrls(endpoints);
  const developmentMode = readDevelopmentMode(env);
  const commandsTopic = env.COMMANDS_TOPIC ?? topicNames().commands;
  const tokens = readTokenConfig(env, developmentMode);
  return z
    .object({
      port: z.number().int().min(1).max(65535),
      host: z.string().min(1),
      developmentMode: z.boolean(),
      trustProxy: z.union([z.literal(false), z.number().int(), z.array(z.string())]),
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
      limits: z.custom<ReturnType<typeof readLimits>>(),
      /** Where this deployment's rate counters and idempotency fingerprints live in Redis. */
      redisPrefix: z.string().min(1).max(200),
      /** A shared secret or an identity provider's keys: token-config.ts. */
      tokens: z.custom<TokenConfig>(),
      usingDevelopmentSecret: z.boolean(),
      usingDevelopmentDatabasePassword: z.boolean(),
      bodyLimitBytes: z.number().int().min(256),
      redisUrl: z.string().url(),
      statsDatabaseUrl: z.string().url(),
      leaderboardPrefix: z.string().min(1),
      hotWindowMinutes: z.number().int().min(1).max(1440),
      /** The one currency of every amount (ISO 4217 code), shown on each auction. */
      currency: z.string().regex(/^[A-Z]{3}$/, 'CURRENCY must be an ISO 4217 code such as USD'),
      /** /ready fails once a commands partition has had commands waiting, undecided, this long. */
      decidingStallMs: z.number().int().min(100),
      /** How long a client may take to send a request: gateway/http/http-server.ts. */
      serverTimeouts: z.custom<ServerTimeouts>(),
    })
    .strict()
    .parse({
      port: endpoints.ports.gateway,
      // Safe by default: reachable from this machine only unless told otherwise.
      host: env.GATEWAY_HOST ?? '127.0.0.1',
      developmentMode,
      trustProxy: trustProxy(env.GATEWAY_TRUST_PROXY),
      kafkaBrokers: env.KAFKA_BROKERS?.split(',') ?? urls.kafkaBrokers,
      databaseUrl: env.DATABASE_URL ?? urls.databaseUrl,
      registryUrl: env.SCHEMA_REGISTRY_URL ?? urls.registryUrl,
      commandsTopic,
      eventsTopic: topicNames(undefined, env.EVENTS_AGGREGATE_TYPE).events,
      wsMaxBufferedBytes: Number(env.WS_MAX_BUFFERED_BYTES ?? 1024 * 1024),
      consumerStallMs: Number(env.CONSUMER_STALL_MS ?? DEFAULT_CONSUMER_STALL_MS),
      wsMaxPayloadBytes: Number(env.WS_MAX_PAYLOAD_BYTES ?? 16 * 1024),
      allowedOrigins: allowedOrigins(env.GATEWAY_ALLOWED_ORIGINS, endpoints.ports.gateway),
      limits: readLimits(env),
      // One deployment is one commands topic: its gateways share counters, others do not.
      redisPrefix: env.GATEWAY_REDIS_PREFIX ?? `gateway:${commandsTopic}`,
      tokens,
      usingDevelopmentSecret: usesDevelopmentSecret(tokens),
      usingDevelopmentDatabasePassword:
        env.DATABASE_URL === undefined && env.STACK_APP_DB_PASSWORD === undefined,
      bodyLimitBytes: Number(env.GATEWAY_BODY_LIMIT_BYTES ?? 16 * 1024),
      redisUrl: env.REDIS_URL ?? urls.redisUrl,
      statsDatabaseUrl: env.STATS_DATABASE_URL ?? env.DATABASE_URL ?? urls.databaseUrl,
      leaderboardPrefix: env.LEADERBOARD_PREFIX ?? 'lb',
      hotWindowMinutes: Number(env.HOT_WINDOW_MINUTES ?? 60),
      currency: env.CURRENCY ?? 'USD',
      decidingStallMs: Number(env.DECIDING_STALL_MS ?? DEFAULT_DECIDING_STALL_MS),
      serverTimeouts: serverTimeouts(env),
    });
}

/** The HTTP server's time-outs in milliseconds; the headers must be due before the whole request. */
function serverTimeouts(env: NodeJS.ProcessEnv): ServerTimeouts {
  const ms = (variable: string, fallback: number, max: number) =>
    integerSetting(env, variable, fallback, { min: 1000, max });
  const timeouts = {
    headersMs: ms('GATEWAY_HEADERS_TIMEOUT_MS', DEFAULT_SERVER_TIMEOUTS.headersMs, 120_000),
    requestMs: ms('GATEWAY_REQUEST_TIMEOUT_MS', DEFAULT_SERVER_TIMEOUTS.requestMs, 600_000),
    keepAliveMs: ms('GATEWAY_KEEP_ALIVE_TIMEOUT_MS', DEFAULT_SERVER_TIMEOUTS.keepAliveMs, 120_000),
  };
  if (timeouts.headersMs > timeouts.requestMs)
    throw new ConfigError(
      'GATEWAY_HEADERS_TIMEOUT_MS',
      `GATEWAY_HEADERS_TIMEOUT_MS=${timeouts.headersMs} is not valid: the headers are part of the request, so it may not exceed GATEWAY_REQUEST_TIMEOUT_MS=${timeouts.requestMs}.`,
    );
  return timeouts;
}

/** Browser origins allowed to open the WebSocket: the listed ones, or the gateway's own page. */
function allowedOrigins(listed: string | undefined, port: number): string[] {
  if (listed === undefined) return [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  return listed
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
}

const PROXY_ADDRESS = /^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/;

/**
 * Express's `trust proxy`: off unless GATEWAY_TRUST_PROXY says which proxies to believe
 * (a hop count, or addresses / subnets / `loopback`). Off, the client address is the TCP
 * peer's, which a client cannot forge with X-Forwarded-For.
 */
function trustProxy(raw: string | undefined): false | number | string[] {
  if (raw === undefined || raw === '' || raw === '0' || raw === 'false') return false;
  if (/^\d+$/.test(raw))
    return integerSetting({ GATEWAY_TRUST_PROXY: raw }, 'GATEWAY_TRUST_PROXY', 0, {
      min: 1,
      max: 10,
    });
  const list = raw.split(',').map((part) => part.trim());
  if (list.every((part) => PROXY_ADDRESS.test(part))) return list;
  throw new ConfigError(
    'GATEWAY_TRUST_PROXY',
    `GATEWAY_TRUST_PROXY=${JSON.stringify(raw)} is not valid: give the number of proxies in front of the gateway (1-10), or their addresses/subnets (comma-separated, or loopback), or leave it unset.`,
  );
}

/** Token settings for signing tools and tests: the development secret unless JWT_SECRET is set. */
export function jwtSettings(env: NodeJS.ProcessEnv = process.env) {
  return {
    secret: env.JWT_SECRET || DEVELOPMENT_JWT_SECRET,
    issuer: env.JWT_ISSUER ?? 'auction-stream',
    audience: env.JWT_AUDIENCE ?? 'auction-api',
    maxLifetimeSeconds: maxLifetimeSeconds(env),
  };
}

export type GatewayConfig = ReturnType<typeof readGatewayConfig>;
