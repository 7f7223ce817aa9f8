-- 0003 says bid ids come from (bidder, Idempotency-Key); the gateway derives them from
-- (user, auction, Idempotency-Key) (gateway/identifiers.ts), so a key reused on another auction
-- names another bid. Applied migrations are checksummed and never edited, so the correction is
-- recorded here, where psql's \d+ shows it too.
COMMENT ON COLUMN bid_decisions.bid_id IS
  'UUIDv5 of (user, auction, Idempotency-Key): a retry finds its first decision; a key reused on another auction names another bid (gateway/identifiers.ts).';
