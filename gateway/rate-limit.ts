/**
 * The per-user bid rate limit, counted in Redis so that every gateway instance shares it: a
 * steady rate per second plus a burst allowance per ten seconds. If Redis cannot answer, bids
 * go through (availability over strictness) and a warning is logged.
 */
import type { Redis } from 'ioredis';
import { BurstyRateLimiter, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Logger } from '../platform/logger.js';
import { tooManyRequests } from './problems.js';

export interface BidRateSettings {
  /** Bids a user may place each second. */
  readonly perSecond: number;
  /** Extra bids a user may place in any ten seconds once the per-second rate is spent. */
  readonly burst: number;
}

/** The one call the limit needs from rate-limiter-flexible (a narrow port, easy to fake). */
export interface PointConsumer {
  consume(key: string): Promise<unknown>;
}

export interface BidRateLimit {
  /** Resolves if `userId` may bid now; throws a 429 `rate_limited` ApiError otherwise. */
  check(userId: string): Promise<void>;
}

const BURST_WINDOW_SECONDS = 10;
const FAIL_OPEN_WARNING_EVERY_MS = 10_000;

export function redisBidLimiter(redis: Redis, settings: BidRateSettings): PointConsumer {
  const common = {
    storeClient: redis,
    // Fail at once while Redis is down instead of queueing behind ioredis's reconnects.
    rejectIfRedisNotReady: true,
  };
  return new BurstyRateLimiter(
    new RateLimiterRedis({
      ...common,
      keyPrefix: 'rate:bids',
      points: settings.perSecond,
      duration: 1,
    }),
    new RateLimiterRedis({
      ...common,
      keyPrefix: 'rate:bids-burst',
      points: settings.burst,
      duration: BURST_WINDOW_SECONDS,
    }),
  );
}

export function bidRateLimit(
  limiter: PointConsumer,
  logger: Logger,
  now: () => number = Date.now,
): BidRateLimit {
  let lastWarningAt = -Infinity;
  return {
    async check(userId) {
      try {
        await limiter.consume(userId);
      } catch (error) {
        if (error instanceof RateLimiterRes) {
          throw tooManyRequests(
            'Too many bids: slow down and retry after the time in Retry-After.',
            Math.max(1, Math.ceil(error.msBeforeNext / 1000)),
          );
        }
        // One warning per interval: a Redis outage must not flood the log once per bid.
        if (now() - lastWarningAt >= FAIL_OPEN_WARNING_EVERY_MS) {
          lastWarningAt = now();
          logger.warn(
            { err: error },
            'bid rate limit unavailable (Redis?): letting bids through unlimited',
          );
        }
      }
    },
  };
}
