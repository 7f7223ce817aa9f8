-- The bid limits, per client address and then per user, each a rate per second plus a burst per
-- ten seconds, in one round trip. Each window is counted as rate-limiter-flexible's
-- RateLimiterRedis counts (its incrTtlLuaScript, keys included); a rate refusal falls back to the
-- burst window, as its BurstyRateLimiter does. The user is not counted once the address is
-- refused. gateway/access/bid-limits.ts builds the arguments.
--
--   KEYS[1]  the address's one-second window      ARGV[1]  bids the address may make per second
--   KEYS[2]  the address's ten-second window      ARGV[2]  bids the address may make per ten seconds
--   KEYS[3]  the user's one-second window         ARGV[3]  bids the user may make per second
--   KEYS[4]  the user's ten-second window         ARGV[4]  bids the user may make per ten seconds
--
-- Returns 0 if both limits allow the bid; else {1 (the address) or 2 (the user), milliseconds
-- until the sooner of that limit's two windows ends}.
local function consume(key, points, seconds)
  redis.call('set', key, 0, 'EX', seconds, 'NX')
  local consumed = redis.call('incrby', key, 1)
  local ttl = redis.call('pttl', key)
  if ttl == -1 then
    redis.call('expire', key, seconds)
    ttl = 1000 * seconds
  end
  return consumed <= points, ttl
end
for i = 0, 1 do
  local allowed, ttl = consume(KEYS[2 * i + 1], tonumber(ARGV[2 * i + 1]), 1)
  if not allowed then
    local burstAllowed, burstTtl = consume(KEYS[2 * i + 2], tonumber(ARGV[2 * i + 2]), 10)
    if not burstAllowed then return {i + 1, math.min(ttl, burstTtl)} end
  end
end
return 0
