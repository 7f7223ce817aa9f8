-- The decision log as a record an audit can re-derive an auction from (npm run audit) once its
-- commands have left the commands topic: each command's place in the log (the topic offset of
-- its partition: auctions.partition, auctions.commands_topic), and for the commands other than
-- bids who asked, when, and with which terms. A bid already keeps its bidder, maximum, kind and
-- the gateway's timestamp (bidder_id, max_amount_cents, kind, placed_at).
--
-- Closes are recorded too (command_type 'CloseAuction'): a close that found the auction still
-- open before its end, or already settled, is kept with accepted = false and no reason.
-- Rows written before this migration have nulls here; the audit says so.
ALTER TABLE bid_decisions ADD COLUMN command_offset bigint;
ALTER TABLE command_decisions
  ADD COLUMN command_offset bigint,
  ADD COLUMN issued_by text,
  ADD COLUMN issued_at timestamptz,
  -- CreateAuction only: the terms as the command carried them (prices in cents, times in epoch ms).
  ADD COLUMN terms jsonb;
-- The audit reads one auction's commands in log order.
CREATE INDEX command_decisions_by_auction ON command_decisions (auction_id, command_offset);
