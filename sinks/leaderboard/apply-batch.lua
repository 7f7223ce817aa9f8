-- Applies one batch of events to the leaderboards: each event at most once (its dedup key,
-- SET NX EX), in the batch's order, so a redelivered event changes nothing and the leader is the
-- last one set. Returns how many events were new. sinks/leaderboard/batch-call.ts builds the
-- arguments; apply-script.ts names this file and the per-event widths below.
--
-- n events, b hot-minute buckets (the batch's, each once). Every position means one thing,
-- whatever the event's type:
--   KEYS[1]                    the winners by money spent (sorted set)
--   KEYS[2]                    the winners by auctions won (sorted set)
--   KEYS[3 + 3i .. 5 + 3i]     event i (from 0): its dedup key, its auction's standings (sorted
--                              set), its auction's leader (string)
--   KEYS[3 + 3n .. 2 + 3n + b] the buckets: bids per auction in one minute (sorted sets)
--   ARGV[1]                    how long a dedup key lives, in seconds
--   ARGV[2]                    n
--   ARGV[3 + 7i .. 9 + 7i]     event i: the auction; the bidder whose standing changes ('' for
--                              none); the amount that bidder shows; '1' if that bidder leads,
--                              else '0'; the bid's bucket (its place among the buckets from 1; 0
--                              if the event is not an accepted bid); the winner ('' unless the
--                              auction sold); the price the winner paid (0 unless it sold)
--   ARGV[3 + 7n .. 2 + 7n + b] when each bucket expires (EXPIREAT, epoch seconds)
local KEYS_PER_EVENT = 3
local ARGS_PER_EVENT = 7

local n = tonumber(ARGV[2])
local bucketKeys = 2 + KEYS_PER_EVENT * n
local bucketArgs = 2 + ARGS_PER_EVENT * n
local counted = {}
local fresh = 0
for i = 0, n - 1 do
  local k = 2 + KEYS_PER_EVENT * i
  local a = 2 + ARGS_PER_EVENT * i
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
