/**
 * The bid limits' one script: its answer read as rateLimit reads rate-limiter-flexible's (a 429
 * naming the limit that refused, whole seconds to wait), the keys rate-limiter-flexible uses, and
 * requests let through while Redis cannot answer. (The script's arithmetic was checked against
 * rate-limiter-flexible on a real Redis: the same refusals and counters.)
 */
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../platform/logger.js';
import { redisBidLimits } from './bid-limits.js';

const logger = createLogger('test', 'silent');
const side = (name: string, perSecond: number, burst: number) => ({
  keyPrefix: `p:rate:bids-${name}`,
  settings: { perSecond, burst },
  description: { what: `bids from this ${name}`, limit: `${name.toUpperCase()}_LIMIT` },
});

/**
 * A client whose script answers `answer` (or fails), recording the script it is given and what
 * each call sends (the key count first: ioredis's command with no fixed count).
 */
function fakeRedis(answer: () => Promise<unknown>, status = 'ready') {
  const defined: { name: string; lua: string }[] = [];
  const sent: unknown[][] = [];
  const redis = {
    status,
    defineCommand(name: string, { lua }: { lua: string }) {
      defined.push({ name, lua });
      (redis as Record<string, unknown>)[name] = (...args: unknown[]) => {
        sent.push(args);
        return answer();
      };
    },
  };
  return { redis: redis as unknown as Redis, defined, sent };
}

const check = (redis: Redis) =>
  redisBidLimits(redis, side('address', 50, 100), side('user', 5, 10), logger)
    .check('alice', '10.0.0.1')
    .catch((error: unknown) => error);

describe('redisBidLimits', () => {
  it('counts both limits in one call of bid-limits.lua, under rate-limiter-flexible’s keys', async () => {
    const { redis, defined, sent } = fakeRedis(() => Promise.resolve(0));
    expect(await check(redis)).toBeUndefined();
    const lua = readFileSync(new URL('./bid-limits.lua', import.meta.url), 'utf8');
    expect(defined).toEqual([{ name: 'gatewayBidLimits', lua }]);
    expect(sent).toEqual([
      [
        4,
        'p:rate:bids-address:10.0.0.1',
        'p:rate:bids-address-burst:10.0.0.1',
        'p:rate:bids-user:alice',
        'p:rate:bids-user-burst:alice',
        50,
        100,
        5,
        10,
      ],
    ]);
  });

  it.each([
    [1, 'ADDRESS_LIMIT', 'bids from this address'],
    [2, 'USER_LIMIT', 'bids from this user'],
  ])('answers limit %i’s refusal with a 429 naming it', async (which, limit, what) => {
    const { redis } = fakeRedis(() => Promise.resolve([which, 1200]));
    const refusal = await check(redis);
    expect(refusal).toMatchObject({
      status: 429,
      code: 'rate_limited',
      extra: { retryAfterSeconds: 2, limit },
    });
    expect((refusal as Error).message).toContain(what);
  });

  it('lets requests through while Redis fails or is not ready', async () => {
    expect(await check(fakeRedis(() => Promise.reject(new Error('down'))).redis)).toBeUndefined();
    const notReady = fakeRedis(() => Promise.resolve([1, 1000]), 'reconnecting');
    expect(await check(notReady.redis)).toBeUndefined();
    expect(notReady.sent).toEqual([]);
  });
});
