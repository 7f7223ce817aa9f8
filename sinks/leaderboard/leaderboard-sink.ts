/**
 * The leaderboard sink: per auction, bidders ranked by their highest visible bid; the top
 * winners by money spent and by auctions won; and the hot auctions (most bids in the last N
 * minutes, in per-minute buckets of event time). Each event is applied by one Lua script
 * together with its dedup key (SET NX with a bounded expiry), so redelivery changes nothing.
 */
import type { Redis } from 'ioredis';
import type { Event } from '../../contracts/events.js';
import { epochMinute, type LeaderboardKeys } from './leaderboard-keys.js';

const APPLY = `
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) == false then return 0 end
local op = ARGV[2]
if op == 'bid' then
  redis.call('ZADD', KEYS[2], 'GT', ARGV[3], ARGV[4])
  redis.call('ZINCRBY', KEYS[3], 1, ARGV[5])
  redis.call('EXPIREAT', KEYS[3], ARGV[6])
elseif op == 'won' then
  redis.call('ZINCRBY', KEYS[2], ARGV[3], ARGV[4])
  redis.call('ZINCRBY', KEYS[3], 1, ARGV[4])
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
  const seen = o.keys.seen(e.metadata.eventId);
  switch (e.type) {
    case 'BidAccepted': {
      const minute = epochMinute(e.data.placedAt);
      const expireAt = (minute + o.hotWindowMinutes + 1) * 60;
      return [
        [seen, o.keys.auction(e.metadata.auctionId), o.keys.hotMinute(minute)],
        [
          o.dedupSeconds,
          'bid',
          e.data.visiblePriceCents,
          e.data.bidderId,
          e.metadata.auctionId,
          expireAt,
        ],
      ];
    }
    case 'AuctionClosed':
      if (e.data.winnerId !== null && e.data.priceCents !== null) {
        return [
          [seen, o.keys.winnersBySpent, o.keys.winnersByCount],
          [o.dedupSeconds, 'won', e.data.priceCents, e.data.winnerId],
        ];
      }
      return [[seen], [o.dedupSeconds, 'none']];
    case 'AuctionCreated':
    case 'AuctionExtended':
    case 'AuctionCancelled':
    case 'BidRejected':
    case 'CommandRejected':
    case 'Outbid':
    case 'ReserveMet':
      // Nothing to rank, but the id is remembered like every other.
      return [[seen], [o.dedupSeconds, 'none']];
    default: {
      const unreachable: never = e;
      throw new Error(`unhandled event ${(unreachable as { type: string }).type}`);
    }
  }
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
