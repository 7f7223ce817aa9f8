/**
 * The bid limits, per client address and then per user, each a rate per second plus a burst
 * per ten seconds, checked in one Redis script: one round trip per bid instead of two (four
 * past the rate). The counters and their arithmetic are rate-limiter-flexible's (RateLimiterRedis
 * under BurstyRateLimiter, gateway/access/limiters.ts), keys included, so a gateway of either version
 * counts into the same ones; the refusal and the fail-open warning are rateLimit's.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../../platform/logger.js';
import {
  limitRefusal,
  limitUnavailable,
  type BurstSettings,
  type LimitDescription,
  type UserAndAddressLimit,
} from './limiters.js';

/** Whose limit refused, and when the sooner of its two windows ends; 0 if both allow. */
type ScriptAnswer = 0 | [which: 1 | 2, msBeforeNext: number];

/**
 * RateLimiterRedis's increment (its `incrTtlLuaScript`) as a function; a rate refusal falls
 * back to the burst window, as BurstyRateLimiter does. The user is not counted once the address
 * is refused, as when the two limits were checked one after the other.
 */
const SCRIPT = `
local function consume(key, points, seconds)
  redis.call('set', key, 0, 'EX', seconds, 'NX')
  local consumed = redis.call('incrby', key, 1)
  local ttl = redis.call('pttl', key)
  if ttl == -1 then
    redis.call('expire', key, seconds)
    ttl = 1000 * seconds
  end
  return consumed <= points, ttl
end
for i = 0, 1 do
  local allowed, ttl = consume(KEYS[2 * i + 1], tonumber(ARGV[2 * i + 1]), 1)
  if not allowed then
    local burstAllowed, burstTtl = consume(KEYS[2 * i + 2], tonumber(ARGV[2 * i + 2]), 10)
    if not burstAllowed then return {i + 1, math.min(ttl, burstTtl)} end
  end
end
return 0
`;

const COMMAND = 'gatewayBidLimits';

/** The client once the script is defined on it (ioredis adds the command at run time). */
interface WithBidLimits {
  [COMMAND](...keysThenArgs: (string | number)[]): Promise<ScriptAnswer>;
}

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
  redis.defineCommand(COMMAND, { numberOfKeys: 4, lua: SCRIPT });
  const client = redis as unknown as WithBidLimits;
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
        answer = await client[COMMAND](
          `${address.keyPrefix}:${clientAddress}`,
          `${address.keyPrefix}-burst:${clientAddress}`,
          `${user.keyPrefix}:${userId}`,
          `${user.keyPrefix}-burst:${userId}`,
          ...args,
        );
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
