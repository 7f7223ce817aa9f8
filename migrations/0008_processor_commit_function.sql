-- The processor's commit of one batch as one function: one round trip to Postgres instead of
-- nine statements (the offset fence, the auctions, the decisions, the outbox and its history,
-- the notification), each with its own round trip and execution overhead. Everything it does
-- is what processors/store.ts did statement by statement, in the same order, in the caller's
-- transaction; PL/pgSQL prepares its statements once per connection.
--
-- A fenced partition (another owner advanced the stored offset) raises SQLSTATE 'AU409' with
-- the partition in the message; the caller turns it into PartitionFencedError.
CREATE FUNCTION processor_commit(
  p_topic text,
  p_partition int,
  p_expected_offset bigint,
  p_next_offset bigint,
  p_auctions jsonb,
  p_bid_decisions jsonb,
  p_command_decisions jsonb,
  p_outbox jsonb,
  p_notify_channel text,
  p_notify_chunks text[]
) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  fenced int;
  chunk text;
BEGIN
  IF p_expected_offset IS NULL THEN
    INSERT INTO processor_offsets (topic, partition, next_offset)
    VALUES (p_topic, p_partition, p_next_offset)
    ON CONFLICT (topic, partition) DO NOTHING;
  ELSE
    UPDATE processor_offsets SET next_offset = p_next_offset, updated_at = now()
    WHERE topic = p_topic AND partition = p_partition AND next_offset = p_expected_offset;
  END IF;
  GET DIAGNOSTICS fenced = ROW_COUNT;
  IF fenced <> 1 THEN
    RAISE EXCEPTION 'partition % of % was advanced by another owner', p_partition, p_topic
      USING ERRCODE = 'AU409';
  END IF;

  IF jsonb_array_length(p_auctions) > 0 THEN
    INSERT INTO auctions AS a (auction_id, partition, item_id, seller_id, title, external_ref, status,
      visible_price_cents, leader_id, bid_count, has_reserve, reserve_met, starts_at, ends_at, outcome,
      winner_id, final_price_cents, last_sequence, state, commands_topic)
    SELECT auction_id, partition, item_id, seller_id, title, external_ref, status, visible_price_cents,
      leader_id, bid_count, has_reserve, reserve_met, starts_at, ends_at, outcome, winner_id,
      final_price_cents, last_sequence, state, p_topic
    FROM jsonb_to_recordset(p_auctions) AS x(auction_id text, partition int, item_id text, seller_id text,
      title text, external_ref text, status text, visible_price_cents bigint, leader_id text, bid_count int,
      has_reserve boolean, reserve_met boolean, starts_at timestamptz, ends_at timestamptz, outcome text,
      winner_id text, final_price_cents bigint, last_sequence bigint, state jsonb)
    ON CONFLICT (auction_id) DO UPDATE SET status = excluded.status,
      visible_price_cents = excluded.visible_price_cents, leader_id = excluded.leader_id,
      bid_count = excluded.bid_count, reserve_met = excluded.reserve_met, ends_at = excluded.ends_at,
      outcome = excluded.outcome, winner_id = excluded.winner_id,
      final_price_cents = excluded.final_price_cents, last_sequence = excluded.last_sequence,
      state = excluded.state, updated_at = now();
  END IF;

  IF jsonb_array_length(p_bid_decisions) > 0 THEN
    INSERT INTO bid_decisions (bid_id, auction_id, bidder_id, kind, max_amount_cents, accepted, reason,
      visible_price_cents, is_leading, placed_at)
    SELECT * FROM jsonb_to_recordset(p_bid_decisions) AS x(bid_id text, auction_id text, bidder_id text,
      kind text, max_amount_cents bigint, accepted boolean, reason text, visible_price_cents bigint,
      is_leading boolean, placed_at timestamptz);
  END IF;

  IF jsonb_array_length(p_command_decisions) > 0 THEN
    INSERT INTO command_decisions (command_id, auction_id, command_type, accepted, reason, detail)
    SELECT * FROM jsonb_to_recordset(p_command_decisions) AS x(command_id text, auction_id text,
      command_type text, accepted boolean, reason text, detail text)
    ON CONFLICT (command_id) DO NOTHING;
  END IF;

  IF jsonb_array_length(p_outbox) > 0 THEN
    -- The WAL keeps the inserts for Debezium; the table stays empty (the publication ignores deletes).
    INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload)
    SELECT * FROM jsonb_to_recordset(p_outbox) AS x(id uuid, aggregatetype text, aggregateid text,
      type text, payload jsonb);
    -- The live feed resumes clients from this history of every auction's events.
    INSERT INTO auction_events (auction_id, sequence, event_id, type, payload)
    SELECT aggregateid, (payload->>'sequence')::bigint, id, type, payload
    FROM jsonb_to_recordset(p_outbox) AS x(id uuid, aggregateid text, type text, payload jsonb)
    -- Rejections of bids on auctions that do not exist have no sequence of their own.
    ON CONFLICT DO NOTHING;
    DELETE FROM outbox WHERE id IN (SELECT x.id FROM jsonb_to_recordset(p_outbox) AS x(id uuid));
  END IF;

  FOREACH chunk IN ARRAY p_notify_chunks LOOP
    PERFORM pg_notify(p_notify_channel, chunk);
  END LOOP;
END
$$;
