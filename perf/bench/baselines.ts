/**
 * e. The in-memory design: a Redis Lua compare-and-set bid, with redis-benchmark. (d, the
 *    row-locking design, is perf/bench/gavel.ts.)
 */
import { execFileSync } from 'node:child_process';
import { readEndpoints } from '../../platform/endpoints.js';

const LUA = `local p = tonumber(redis.call('HGET', KEYS[1], 'price') or '0') if tonumber(ARGV[1]) > p then redis.call('HSET', KEYS[1], 'price', ARGV[1]) redis.call('INCR', KEYS[1] .. ':bids') return 1 end return 0`;

export function redisLuaBid(clients: readonly number[] = [1, 16, 50], requests = 200_000) {
  const e = readEndpoints();
  const key = `bench:auction:${Date.now()}`;
  return clients.map((c) => {
    const output = execFileSync(
      'redis-benchmark',
      [
        '-h',
        e.host,
        '-p',
        String(e.ports.redis),
        '-n',
        String(requests),
        '-c',
        String(c),
        '-r',
        '1000000',
        '-q',
        'EVAL',
        LUA,
        '1',
        key,
        '__rand_int__',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    return {
      clients: c,
      opsPerSecond: Number(
        /([\d.]+) requests per second/.exec(output.split('\r').at(-1) ?? output)?.[1] ?? NaN,
      ),
    };
  });
}
