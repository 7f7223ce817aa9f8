/** Reading the leaderboards back (for the gateway's read API). */
import type { Redis } from 'ioredis';
import { epochMinute, type LeaderboardKeys } from './leaderboard-keys.js';
import { rankStandings, type Standing } from './standings.js';

export interface Ranked {
  readonly id: string;
  readonly score: number;
}

const pairs = (flat: string[]): Ranked[] => {
  const out: Ranked[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2)
    out.push({ id: flat[i]!, score: Number(flat[i + 1]) });
  return out;
};

export function leaderboardReads(redis: Redis, keys: LeaderboardKeys) {
  return {
    /**
     * The first `limit` standings (standings.ts). Those tied with the last one fetched are read
     * too, so that the leader and the bidder-id order decide a tie, not Redis's member order.
     */
    auction: async (auctionId: string, limit: number): Promise<Standing[]> => {
      const board = keys.auction(auctionId);
      const [top, leaderId] = await Promise.all([
        redis.zrevrange(board, 0, limit - 1, 'WITHSCORES'),
        redis.get(keys.leader(auctionId)),
      ]);
      const ranked = pairs(top);
      const last = ranked.at(-1);
      const tied =
        last && ranked.length === limit
          ? pairs(await redis.zrangebyscore(board, last.score, last.score, 'WITHSCORES'))
          : [];
      const all = new Map([...ranked, ...tied].map((r) => [r.id, r.score]));
      return rankStandings(
        [...all].map(([bidderId, shownCents]) => ({ bidderId, shownCents })),
        leaderId,
      ).slice(0, limit);
    },
    topWinners: async (by: 'spent' | 'won', limit: number) =>
      pairs(
        await redis.zrevrange(
          by === 'spent' ? keys.winnersBySpent : keys.winnersByCount,
          0,
          limit - 1,
          'WITHSCORES',
        ),
      ),
    /** Auctions with the most bids in the `minutes` up to `now` (the current minute included). */
    hotAuctions: async (minutes: number, limit: number, now: number) => {
      const current = epochMinute(now);
      const buckets = Array.from({ length: minutes }, (_, i) => keys.hotMinute(current - i));
      const flat = (await redis.call(
        'ZUNION',
        buckets.length,
        ...buckets,
        'WITHSCORES',
      )) as string[];
      return pairs(flat)
        .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
        .slice(0, limit);
    },
  };
}

export type LeaderboardReads = ReturnType<typeof leaderboardReads>;
