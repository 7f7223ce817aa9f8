/**
 * The Lua script that applies one batch of events to the leaderboards (apply-batch.lua, whose
 * header documents its KEYS and ARGV), and the widths of its per-event records, which
 * batch-call.ts builds and the script reads: the two must agree (leaderboard-sink.unit.test.ts
 * checks the file's).
 */
import type { LuaScript } from '../../platform/redis-scripts.js';

export const APPLY_SCRIPT: LuaScript = {
  name: 'leaderboardApplyBatch',
  file: new URL('./apply-batch.lua', import.meta.url),
};

/** Per event: its dedup key, its auction's standings, its auction's leader. */
export const KEYS_PER_EVENT = 3;
/** Per event: auction, bidder, shown amount, leads, bucket, winner, price paid. */
export const ARGS_PER_EVENT = 7;
