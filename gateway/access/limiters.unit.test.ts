/** Rate limits: a spent allowance is a 429 naming the limit, with Retry-After; a broken store lets requests through. */
import { Redis } from 'ioredis';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../platform/logger.js';
import { ApiError } from '../http/problems.js';
import {
  rateLimit,
  redisBurstLimiter,
  userAndAddressLimit,
  type PointConsumer,
  type RateLimit,
} from './limiters.js';

const logger = createLogger('test', 'silent');
const description = { what: 'bids from this user', limit: 'BID_RATE_LIMIT_PER_SECOND=50' };
const refusing = (msBeforeNext: number): PointConsumer => ({
  // Just as rate-limiter-flexible does: a spent allowance rejects with a RateLimiterRes.
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
  consume: () => Promise.reject(new RateLimiterRes(0, msBeforeNext, 51, false)),
});
const allowing: PointConsumer = { consume: () => Promise.resolve() };

describe('rateLimit', () => {
  it('lets a request through while the allowance lasts', async () => {
    await expect(rateLimit(allowing, description, logger).check('alice')).resolves.toBeUndefined();
  });

  it('refuses a spent allowance with 429 rate_limited naming the limit, and whole seconds to wait', async () => {
    const refusal = await rateLimit(refusing(1200), description, logger)
      .check('alice')
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({
      status: 429,
      code: 'rate_limited',
      extra: { retryAfterSeconds: 2, limit: 'BID_RATE_LIMIT_PER_SECOND=50' },
    });
    expect((refusal as Error).message).toContain('bids from this user');
  });

  it('never says to retry after zero seconds', async () => {
    const refusal = await rateLimit(refusing(0), description, logger)
      .check('alice')
      .catch((error: unknown) => error);
    expect(refusal).toMatchObject({ extra: { retryAfterSeconds: 1 } });
  });

  it('fails open, warning once per interval, when Redis is not there', async () => {
    // A real client that never connected: the limiter refuses to wait for it.
    const redis = new Redis('redis://127.0.0.1:1', { lazyConnect: true });
    const counting = createLogger('test', 'warn');
    const warnings = vi.spyOn(counting, 'warn').mockImplementation(() => undefined);
    let clock = 0;
    const limit = rateLimit(
      redisBurstLimiter(redis, 'test', { perSecond: 1, burst: 1 }),
      description,
      counting,
      () => clock,
    );
    for (let i = 0; i < 5; i += 1) await expect(limit.check('alice')).resolves.toBeUndefined();
    expect(warnings).toHaveBeenCalledTimes(1);
    clock = 10_000;
    await limit.check('alice');
    expect(warnings).toHaveBeenCalledTimes(2);
    redis.disconnect();
  });
});

describe('userAndAddressLimit', () => {
  const recording = (seen: string[], refuse = false): RateLimit => ({
    check: (key) => {
      seen.push(key);
      return refuse ? Promise.reject(new ApiError(429, 'rate_limited', 'no')) : Promise.resolve();
    },
  });

  it('counts the address, then the user: many users from one address share its allowance', async () => {
    const users: string[] = [];
    const addresses: string[] = [];
    await userAndAddressLimit(recording(users), recording(addresses)).check('alice', '10.0.0.1');
    expect([users, addresses]).toEqual([['alice'], ['10.0.0.1']]);
  });

  it('refuses when the address is spent, whoever the user is, without spending the user’s', async () => {
    const users: string[] = [];
    const limit = userAndAddressLimit(recording(users), recording([], true));
    await expect(limit.check('fresh-user', '10.0.0.1')).rejects.toMatchObject({ status: 429 });
    expect(users).toEqual([]);
  });
});
