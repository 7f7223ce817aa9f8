/**
 * The leaderboard sink: per auction, the standings as eBay shows them (standings.ts: the leader
 * at the current price, each outbid bidder at the maximum the outbid revealed); the top
 * winners by money spent and by auctions won; and the hot auctions (most bids in the last N
 * minutes, in per-minute buckets of event time). A batch is applied by one Lua script call
 * (apply-batch.lua), each event together with its dedup key (SET NX with a bounded expiry), so
 * redelivery changes nothing.
 */
import type { Redis } from 'ioredis';
import type { Event } from '../../contracts/events.js';
import { defineScript, type ScriptRunner } from '../../platform/redis-scripts.js';
import type { Sink } from '../event-handler.js';
import { APPLY_SCRIPT } from './apply-script.js';
import { batchCall, type LeaderboardOptions } from './batch-call.js';
import type { LeaderboardKeys } from './leaderboard-keys.js';

/** The most events one script call applies: Redis serves no one else while a script runs. */
export const EVENTS_PER_CALL = 500;

/**
 * Applies the events, each atomically with its dedup key, in one script call per
 * EVENTS_PER_CALL events (one round trip for a batch up to that size); returns how many were
 * new. A call that fails fails the batch: Kafka redelivers it and the dedup keys absorb the
 * events earlier calls applied.
 */
export async function applyLeaderboards(
  applyScript: ScriptRunner,
  events: readonly Event[],
  options: LeaderboardOptions,
) {
  let fresh = 0;
  for (let from = 0; from < events.length; from += EVENTS_PER_CALL) {
    const chunk = events.slice(from, from + EVENTS_PER_CALL);
    // One call after the other, so other clients are served between them.
    fresh += Number(await applyScript(batchCall(chunk, options)));
  }
  return fresh;
}

/** Deletes every key under the prefix (for a rebuild). */
export async function clearLeaderboards(redis: Redis, keys: LeaderboardKeys) {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${keys.prefix}:*`, 'COUNT', 1000);
    if (found.length > 0) await redis.unlink(...found);
    cursor = next;
  } while (cursor !== '0');
}

/** The leaderboard sink on a Redis client (the script defined on it once, here). */
export function leaderboardSink(redis: Redis, options: LeaderboardOptions): Sink {
  const applyScript = defineScript(redis, APPLY_SCRIPT);
  return {
    name: 'leaderboard',
    apply: (events) => applyLeaderboards(applyScript, events, options),
    clear: () => clearLeaderboards(redis, options.keys),
  };
}
