/** The bid rate limit: a spent allowance is a 429 with Retry-After; a broken store lets bids through. */
import { Redis } from 'ioredis';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../platform/logger.js';
import { ApiError } from './problems.js';
import { bidRateLimit, redisBidLimiter, type PointConsumer } from './rate-limit.js';

const logger = createLogger('test', 'silent');
const refusing = (msBeforeNext: number): PointConsumer => ({
  // Just as rate-limiter-flexible does: a spent allowance rejects with a RateLimiterRes.
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
  consume: () => Promise.reject(new RateLimiterRes(0, msBeforeNext, 51, false)),
});

describe('bidRateLimit', () => {
  it('lets a bid through while the allowance lasts', async () => {
    const limit = bidRateLimit({ consume: () => Promise.resolve() }, logger);
    await expect(limit.check('alice')).resolves.toBeUndefined();
  });

  it('refuses a spent allowance with 429 rate_limited and whole seconds to wait', async () => {
    const refusal = await bidRateLimit(refusing(1200), logger)
      .check('alice')
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({
      status: 429,
      code: 'rate_limited',
      extra: { retryAfterSeconds: 2 },
    });
  });

  it('never says to retry after zero seconds', async () => {
    const refusal = await bidRateLimit(refusing(0), logger)
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
    const limit = bidRateLimit(
      redisBidLimiter(redis, { perSecond: 1, burst: 1 }),
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
