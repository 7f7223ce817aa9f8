/**
 * The Lua script that applies one batch of events to the leaderboards: each event at most once
 * (its dedup key, SET NX EX), in the batch's order, so a redelivered event changes nothing and
 * the leader is the last one set. It returns how many events were new. batch-call.ts builds
 * the arguments.
 *
 * A TypeScript constant rather than a .lua file: the image carries dist/ and only the run-time
 * files the Dockerfile names, so a file read at start would be missing from dist/ in the image.
 *
 * Argument layout, n events:
 *   KEYS[1], KEYS[2]      the winners by money spent, the winners by auctions won
 *   then 3 per event      its dedup key, its auction's standings, its auction's leader
 *   then 1 per bucket     the batch's hot-minute buckets, each once
 *   ARGV[1]               how long a dedup key lives, in seconds
 *   ARGV[2]               n
 *   then 7 per event      the auction; the bidder whose standing changes ('' for none); the
 *                         amount that bidder shows; '1' if that bidder leads, else '0'; the
 *                         bid's hot bucket (its place among the buckets from 1; 0 if not a bid);
 *                         the winner ('' unless the auction sold); the price paid (0 if not)
 *   then 1 per bucket     when the bucket expires (EXPIREAT, epoch seconds)
 */
export const KEYS_PER_EVENT = 3;
export const ARGS_PER_EVENT = 7;

export const APPLY_SCRIPT = `
local n = tonumber(ARGV[2])
local bucketKeys = 2 + ${KEYS_PER_EVENT} * n
local bucketArgs = 2 + ${ARGS_PER_EVENT} * n
local counted = {}
local fresh = 0
for i = 0, n - 1 do
  local k = 2 + ${KEYS_PER_EVENT} * i
  local a = 2 + ${ARGS_PER_EVENT} * i
  if redis.call('SET', KEYS[k + 1], '1', 'NX', 'EX', ARGV[1]) then
    fresh = fresh + 1
    local bidder = ARGV[a + 2]
    if bidder ~= '' then
      redis.call('ZADD', KEYS[k + 2], 'GT', ARGV[a + 3], bidder)
      if ARGV[a + 4] == '1' then redis.call('SET', KEYS[k + 3], bidder) end
    end
    local bucket = tonumber(ARGV[a + 5])
    if bucket > 0 then
      redis.call('ZINCRBY', KEYS[bucketKeys + bucket], 1, ARGV[a + 1])
      counted[bucket] = true
    end
    local winner = ARGV[a + 6]
    if winner ~= '' then
      redis.call('ZINCRBY', KEYS[1], ARGV[a + 7], winner)
      redis.call('ZINCRBY', KEYS[2], 1, winner)
    end
  end
end
-- A bucket's expiry is the same for all its bids: set once, where a new bid counted.
for bucket in pairs(counted) do
  redis.call('EXPIREAT', KEYS[bucketKeys + bucket], ARGV[bucketArgs + bucket])
end
return fresh
`;
