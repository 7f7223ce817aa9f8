/**
 * The bid limits, per client address and then per user, each a rate per second plus a burst
 * per ten seconds, checked in one Redis script: one round trip per bid instead of two (four
 * past the rate). The counters and their arithmetic are rate-limiter-flexible's (RateLimiterRedis
 * under BurstyRateLimiter, gateway/access/limiters.ts), keys included, so a gateway of either version
 * counts into the same ones; the refusal and the fail-open warning are rateLimit's.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../../platform/logger.js';
import { defineScript, type LuaScript } from '../../platform/redis-scripts.js';
import {
  limitRefusal,
  limitUnavailable,
  type BurstSettings,
  type LimitDescription,
  type UserAndAddressLimit,
} from './limiters.js';

/** Whose limit refused, and when the sooner of its two windows ends; 0 if both allow. */
type ScriptAnswer = 0 | [which: 1 | 2, msBeforeNext: number];

/** The counting, in one script (its header documents KEYS and ARGV). */
const BID_LIMITS_SCRIPT: LuaScript = {
  name: 'gatewayBidLimits',
  file: new URL('./bid-limits.lua', import.meta.url),
};

export interface LimitSide {
  /** rate-limiter-flexible's key prefix: the burst window's is `<prefix>-burst`. */
  readonly keyPrefix: string;
  readonly settings: BurstSettings;
  readonly description: LimitDescription;
}

export function redisBidLimits(
  redis: Redis,
  address: LimitSide,
  user: LimitSide,
  logger: Logger,
  now: () => number = Date.now,
): UserAndAddressLimit {
  const bidLimits = defineScript(redis, BID_LIMITS_SCRIPT);
  const args = [
    address.settings.perSecond,
    address.settings.burst,
    user.settings.perSecond,
    user.settings.burst,
  ];
  const both: LimitDescription = {
    what: `${address.description.what} and ${user.description.what}`,
    limit: `${address.description.limit}; ${user.description.limit}`,
  };
  const unavailable = limitUnavailable(both, logger, now);
  return {
    async check(userId, clientAddress) {
      let answer: ScriptAnswer;
      try {
        // Fail at once while Redis is down instead of queueing behind ioredis's reconnects.
        if (redis.status !== 'ready') throw new Error('Redis connection is not ready');
        answer = (await bidLimits({
          keys: [
            `${address.keyPrefix}:${clientAddress}`,
            `${address.keyPrefix}-burst:${clientAddress}`,
            `${user.keyPrefix}:${userId}`,
            `${user.keyPrefix}-burst:${userId}`,
          ],
          args,
        })) as ScriptAnswer;
      } catch (error) {
        unavailable(error);
        return;
      }
      if (answer === 0) return;
      const [which, msBeforeNext] = answer;
      throw limitRefusal((which === 1 ? address : user).description, msBeforeNext);
    },
  };
}
