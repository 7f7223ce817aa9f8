/**
 * The leaderboard sink: per auction, the standings as eBay shows them (standings.ts: the leader
 * at the current price, each outbid bidder at the maximum the outbid revealed); the top
 * winners by money spent and by auctions won; and the hot auctions (most bids in the last N
 * minutes, in per-minute buckets of event time). Each event is applied by one Lua script
 * together with its dedup key (SET NX with a bounded expiry), so redelivery changes nothing.
 */
import type { Redis } from 'ioredis';
import type { Event } from '../../contracts/events.js';
import type { Sink } from '../event-handler.js';
import { epochMinute, type LeaderboardKeys } from './leaderboard-keys.js';
import { standingChange } from './standings.js';

// KEYS: seen, board, leader, then the op's keys. ARGV: dedup seconds, op, standing (bidder,
// shown amount, leads: '' when the event changes no standing), then the op's arguments.
const APPLY = `
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) == false then return 0 end
if ARGV[3] ~= '' then
  redis.call('ZADD', KEYS[2], 'GT', ARGV[4], ARGV[3])
  if ARGV[5] == '1' then redis.call('SET', KEYS[3], ARGV[3]) end
end
local op = ARGV[2]
if op == 'bid' then
  redis.call('ZINCRBY', KEYS[4], 1, ARGV[6])
  redis.call('EXPIREAT', KEYS[4], ARGV[7])
elseif op == 'won' then
  redis.call('ZINCRBY', KEYS[4], ARGV[6], ARGV[7])
  redis.call('ZINCRBY', KEYS[5], 1, ARGV[7])
end
return 1
`;

export interface LeaderboardOptions {
  readonly keys: LeaderboardKeys;
  /** How long a dedup key lives: redelivery within this window is absorbed. */
  readonly dedupSeconds: number;
  /** The longest hot-auctions window a reader may ask for, in minutes. */
  readonly hotWindowMinutes: number;
}

type Call = [keys: string[], args: (string | number)[]];

function scriptCall(e: Event, o: LeaderboardOptions): Call {
  const auctionId = e.metadata.auctionId;
  const change = standingChange(e);
  const keys = [
    o.keys.seen(e.metadata.eventId),
    o.keys.auction(auctionId),
    o.keys.leader(auctionId),
  ];
  const standing = change
    ? [change.bidderId, change.shownCents, change.leads ? '1' : '0']
    : ['', 0, '0'];
  if (e.type === 'BidAccepted') {
    const minute = epochMinute(e.data.placedAt);
    const expireAt = (minute + o.hotWindowMinutes + 1) * 60;
    return [
      [...keys, o.keys.hotMinute(minute)],
      [o.dedupSeconds, 'bid', ...standing, auctionId, expireAt],
    ];
  }
  if (e.type === 'AuctionClosed' && e.data.winnerId !== null && e.data.priceCents !== null)
    return [
      [...keys, o.keys.winnersBySpent, o.keys.winnersByCount],
      [o.dedupSeconds, 'won', ...standing, e.data.priceCents, e.data.winnerId],
    ];
  // Nothing else to count, but the id is remembered like every other.
  return [keys, [o.dedupSeconds, 'none', ...standing]];
}

/** Applies each event atomically with its dedup key; returns how many were new. */
export async function applyLeaderboards(
  redis: Redis,
  events: readonly Event[],
  options: LeaderboardOptions,
) {
  if (events.length === 0) return 0;
  const pipeline = redis.pipeline();
  for (const event of events) {
    const [keys, args] = scriptCall(event, options);
    pipeline.eval(APPLY, keys.length, ...keys, ...args);
  }
  const results = (await pipeline.exec()) ?? [];
  let fresh = 0;
  for (const [error, result] of results) {
    if (error) throw error;
    fresh += Number(result);
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

/** The leaderboard sink on a Redis client. */
export const leaderboardSink = (redis: Redis, options: LeaderboardOptions): Sink => ({
  name: 'leaderboard',
  apply: (events) => applyLeaderboards(redis, events, options),
  clear: () => clearLeaderboards(redis, options.keys),
});
