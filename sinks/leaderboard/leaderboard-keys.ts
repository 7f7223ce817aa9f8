/** The Redis keys of the leaderboards, under one configurable prefix. */
export interface LeaderboardKeys {
  readonly prefix: string;
  seen(eventId: string): string;
  auction(auctionId: string): string;
  /** The bidder who leads the auction (ranks first among equal shown amounts). */
  leader(auctionId: string): string;
  readonly winnersBySpent: string;
  readonly winnersByCount: string;
  /** Bids per auction in one minute (epoch minute), for the hot-auctions sliding window. */
  hotMinute(minute: number): string;
}

export function leaderboardKeys(prefix = 'lb'): LeaderboardKeys {
  return {
    prefix,
    seen: (eventId) => `${prefix}:seen:${eventId}`,
    auction: (auctionId) => `${prefix}:auction:${auctionId}`,
    leader: (auctionId) => `${prefix}:leader:${auctionId}`,
    winnersBySpent: `${prefix}:winners:spent`,
    winnersByCount: `${prefix}:winners:won`,
    hotMinute: (minute) => `${prefix}:hot:${minute}`,
  };
}

export const epochMinute = (ms: number) => Math.floor(ms / 60_000);
