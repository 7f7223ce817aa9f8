/**
 * Rate limits counted in Redis, so that every gateway instance shares them: per user and per
 * client address, on bids (and buy-now), on creating auctions, and on development sign-ins.
 * A refusal is a 429 naming the limit, with Retry-After. If Redis cannot answer, requests go
 * through (availability over strictness) and a warning is logged at most every 10 s.
 */
import type { Redis } from 'ioredis';
import { BurstyRateLimiter, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Logger } from '../../platform/logger.js';
import { tooManyRequests } from '../http/problems.js';

export interface BurstSettings {
  /** Requests each second. */
  readonly perSecond: number;
  /** Extra requests in any ten seconds once the per-second rate is spent. */
  readonly burst: number;
}

/** The one call a limit needs from rate-limiter-flexible (a narrow port, easy to fake). */
export interface PointConsumer {
  consume(key: string): Promise<unknown>;
}

export interface RateLimit {
  /** Resolves if `key` may go on now; throws a 429 `rate_limited` ApiError otherwise. */
  check(key: string): Promise<void>;
}

/** What a refusal says: what was limited, per what, and the setting that sets the limit. */
export interface LimitDescription {
  /** e.g. "bids from this user". */
  readonly what: string;
  /** e.g. "BID_RATE_LIMIT_PER_SECOND=50 a second plus BID_RATE_LIMIT_BURST=100 per 10 s". */
  readonly limit: string;
}

const BURST_WINDOW_SECONDS = 10;
const FAIL_OPEN_WARNING_EVERY_MS = 10_000;

function redisOptions(redis: Redis) {
  return {
    storeClient: redis,
    // Fail at once while Redis is down instead of queueing behind ioredis's reconnects.
    rejectIfRedisNotReady: true,
  };
}

/** A steady rate per second plus a burst allowance per ten seconds. */
export function redisBurstLimiter(
  redis: Redis,
  keyPrefix: string,
  settings: BurstSettings,
): PointConsumer {
  return new BurstyRateLimiter(
    new RateLimiterRedis({
      ...redisOptions(redis),
      keyPrefix,
      points: settings.perSecond,
      duration: 1,
    }),
    new RateLimiterRedis({
      ...redisOptions(redis),
      keyPrefix: `${keyPrefix}-burst`,
      points: settings.burst,
      duration: BURST_WINDOW_SECONDS,
    }),
  );
}

/** At most `points` in each fixed window of `seconds`. */
export function redisWindowLimiter(
  redis: Redis,
  keyPrefix: string,
  points: number,
  seconds: number,
): PointConsumer {
  return new RateLimiterRedis({ ...redisOptions(redis), keyPrefix, points, duration: seconds });
}

/** The 429 for a request `description`'s limit refused, its window ending in `msBeforeNext`. */
export const limitRefusal = (description: LimitDescription, msBeforeNext: number) =>
  tooManyRequests(
    `Too many ${description.what} (${description.limit}): slow down and retry after the time in Retry-After.`,
    Math.max(1, Math.ceil(msBeforeNext / 1000)),
    description.limit,
  );

/**
 * What a limit does when Redis cannot answer: lets the request through and warns, once per
 * interval (a Redis outage must not flood the log once per request).
 */
export function limitUnavailable(
  description: LimitDescription,
  logger: Logger,
  now: () => number = Date.now,
) {
  let lastWarningAt = -Infinity;
  return (error: unknown) => {
    if (now() - lastWarningAt < FAIL_OPEN_WARNING_EVERY_MS) return;
    lastWarningAt = now();
    logger.warn(
      { err: error, limit: description.limit },
      `rate limit on ${description.what} unavailable (Redis?): letting requests through unlimited`,
    );
  };
}

export function rateLimit(
  limiter: PointConsumer,
  description: LimitDescription,
  logger: Logger,
  now: () => number = Date.now,
): RateLimit {
  const unavailable = limitUnavailable(description, logger, now);
  return {
    async check(key) {
      try {
        await limiter.consume(key);
      } catch (error) {
        if (error instanceof RateLimiterRes) throw limitRefusal(description, error.msBeforeNext);
        unavailable(error);
      }
    },
  };
}

/** A limit per user and one per client address, both of which must allow the request. */
export interface UserAndAddressLimit {
  check(userId: string, address: string): Promise<void>;
}

export function userAndAddressLimit(
  perUser: RateLimit,
  perAddress: RateLimit,
): UserAndAddressLimit {
  return {
    async check(userId, address) {
      await perAddress.check(address);
      await perUser.check(userId);
    },
  };
}
