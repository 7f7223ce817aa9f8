/**
 * One batch of events as the arguments of the apply script, in the layout apply-batch.lua
 * documents: per event a fixed-width record of keys and of arguments, each field with one
 * meaning whatever the event's type; the hot-minute buckets, shared by many bids, once each.
 */
import type { Event } from '../../contracts/events.js';
import type { ScriptCall } from '../../platform/redis-scripts.js';
import { epochMinute, type LeaderboardKeys } from './leaderboard-keys.js';
import { standingChange } from './standings.js';

export interface LeaderboardOptions {
  readonly keys: LeaderboardKeys;
  /** How long a dedup key lives: redelivery within this window is absorbed. */
  readonly dedupSeconds: number;
  /** The longest hot-auctions window a reader may ask for, in minutes. */
  readonly hotWindowMinutes: number;
}

export function batchCall(events: readonly Event[], o: LeaderboardOptions): ScriptCall {
  const keys = [o.keys.winnersBySpent, o.keys.winnersByCount];
  const args: (string | number)[] = [o.dedupSeconds, events.length];
  // Each minute's place among the buckets, from 1, in the order first seen.
  const buckets = new Map<number, number>();
  for (const e of events) {
    const auctionId = e.metadata.auctionId;
    keys.push(o.keys.seen(e.metadata.eventId), o.keys.auction(auctionId), o.keys.leader(auctionId));
    const change = standingChange(e);
    let bucket = 0;
    if (e.type === 'BidAccepted') {
      const minute = epochMinute(e.data.placedAt);
      bucket = buckets.get(minute) ?? buckets.size + 1;
      buckets.set(minute, bucket);
    }
    const sold =
      e.type === 'AuctionClosed' && e.data.winnerId !== null && e.data.priceCents !== null
        ? { winnerId: e.data.winnerId, priceCents: e.data.priceCents }
        : undefined;
    args.push(
      auctionId,
      change?.bidderId ?? '',
      change?.shownCents ?? 0,
      change?.leads ? '1' : '0',
      bucket,
      sold?.winnerId ?? '',
      sold?.priceCents ?? 0,
    );
  }
  for (const minute of buckets.keys()) {
    keys.push(o.keys.hotMinute(minute));
    // Kept until it has left the longest window a reader may ask for.
    args.push((minute + o.hotWindowMinutes + 1) * 60);
  }
  return { keys, args };
}
