/**
 * The watch list: the one gateway module that reads and writes the gateway's `watchlist` table
 * (migration 0010; docs/boundaries.md). At most `max` auctions a user.
 */
import type { Queryable } from '../../platform/queryable.js';

export const WATCHLIST_MAX = 200;

export type WatchOutcome = 'added' | 'already_watched' | 'full';

export interface Watchlist {
  readonly max: number;
  watch(userId: string, auctionId: string): Promise<WatchOutcome>;
  unwatch(userId: string, auctionId: string): Promise<void>;
  /** A page of the auctions `userId` watches, the last added first, and how many in all. */
  page(
    userId: string,
    limit: number,
    offset: number,
  ): Promise<{ auctionIds: string[]; total: number }>;
  /** Every auction `userId` watches (at most `max`). */
  all(userId: string): Promise<string[]>;
}

export function watchlistStore(db: Queryable, max = WATCHLIST_MAX): Watchlist {
  return {
    max,
    async watch(userId, auctionId) {
      // One statement: the count and the insert see one snapshot. Two concurrent adds by the same
      // user can both pass at max − 1 (one over the limit at worst); a user's adds are sequential.
      const { rows } = await db.query<{ already: boolean; added: boolean }>(
        `WITH existing AS (
           SELECT 1 FROM watchlist WHERE user_id = $1 AND auction_id = $2
         ), inserted AS (
           INSERT INTO watchlist (user_id, auction_id)
           SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM existing)
             AND (SELECT count(*) FROM watchlist WHERE user_id = $1) < $3
           ON CONFLICT DO NOTHING RETURNING 1
         )
         SELECT EXISTS (SELECT 1 FROM existing) AS already, EXISTS (SELECT 1 FROM inserted) AS added`,
        [userId, auctionId, max],
      );
      const r = rows[0];
      if (r?.added) return 'added';
      return r?.already ? 'already_watched' : 'full';
    },

    async unwatch(userId, auctionId) {
      await db.query('DELETE FROM watchlist WHERE user_id = $1 AND auction_id = $2', [
        userId,
        auctionId,
      ]);
    },

    async page(userId, limit, offset) {
      const total = await db.query<{ n: string }>(
        'SELECT count(*) AS n FROM watchlist WHERE user_id = $1',
        [userId],
      );
      const { rows } = await db.query<{ auction_id: string }>(
        `SELECT auction_id FROM watchlist WHERE user_id = $1
         ORDER BY added_at DESC, auction_id LIMIT $2 OFFSET $3`,
        [userId, limit, offset],
      );
      return { auctionIds: rows.map((r) => r.auction_id), total: Number(total.rows[0]?.n ?? 0) };
    },

    async all(userId) {
      const { rows } = await db.query<{ auction_id: string }>(
        'SELECT auction_id FROM watchlist WHERE user_id = $1',
        [userId],
      );
      return rows.map((r) => r.auction_id);
    },
  };
}
