-- The processor's group commit: the parts of several partitions decided from one Kafka fetch
-- are written in ONE transaction (one WAL flush, one round trip), each partition's offset fenced
-- as before. processor_commit (0008) did the same for one partition; it stays for processors of
-- the previous release during an upgrade and is no longer called.
--
-- p_offsets: [{partition, expected_offset, next_offset}], one per partition of the group
-- (expected_offset null: none stored yet). If any partition was advanced by another owner the
-- whole group raises SQLSTATE 'AU409'; the caller then commits each part alone, which names it.
CREATE FUNCTION processor_commit_group(
  p_topic text,
  p_offsets jsonb,
  p_auctions jsonb,
  p_bid_decisions jsonb,
  p_command_decisions jsonb,
  p_outbox jsonb,
  p_notify_channel text,
  p_notify_chunks text[]
) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  moved int;
  created int;
  chunk text;
BEGIN
  UPDATE processor_offsets AS o SET next_offset = x.next_offset, updated_at = now()
  FROM jsonb_to_recordset(p_offsets) AS x(partition int, expected_offset bigint, next_offset bigint)
  WHERE x.expected_offset IS NOT NULL AND o.topic = p_topic AND o.partition = x.partition
    AND o.next_offset = x.expected_offset;
  GET DIAGNOSTICS moved = ROW_COUNT;
  INSERT INTO processor_offsets (topic, partition, next_offset)
  SELECT p_topic, x.partition, x.next_offset
  FROM jsonb_to_recordset(p_offsets) AS x(partition int, expected_offset bigint, next_offset bigint)
  WHERE x.expected_offset IS NULL
  ON CONFLICT (topic, partition) DO NOTHING;
  GET DIAGNOSTICS created = ROW_COUNT;
  IF moved + created <> jsonb_array_length(p_offsets) THEN
    RAISE EXCEPTION 'a partition of % in this group was advanced by another owner', p_topic
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
