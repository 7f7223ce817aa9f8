/**
 * The stats sink's public module: how other processes (the gateway's read API) read the tables
 * this sink owns and alone writes (user_stats, auction_stats, auction_bidders, item_stats,
 * bid_volume_per_minute; migration 0004). Nothing outside sinks/stats/ imports its other files
 * (docs/boundaries.md).
 */
import type { Queryable } from '../../platform/queryable.js';

export interface UserStatsRow {
  bids_placed: number;
  bids_accepted: number;
  bids_rejected: number;
  auctions_bid_on: number;
  auctions_won: number;
  total_spent_cents: string;
  last_activity_at: Date | null;
}

/** The user's numbers, if the user has any activity. */
export async function userStats(db: Queryable, userId: string): Promise<UserStatsRow | undefined> {
  const { rows } = await db.query<UserStatsRow>(
    `SELECT bids_placed, bids_accepted, bids_rejected, auctions_bid_on, auctions_won,
       total_spent_cents, last_activity_at
     FROM user_stats WHERE user_id = $1`,
    [userId],
  );
  return rows[0];
}
