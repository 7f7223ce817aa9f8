-- The group commit (0012) as before, reading each row as its table's own row type
-- (jsonb_populate_recordset over the table) instead of a column list with types restated for
-- each table: a column is named in the migration that adds it and in processors/tables.ts, the
-- rows the processor writes. The JSON keys are the column names. A column the rows leave out
-- takes its value from the defaults record given first: now() for the times (what the column
-- defaults said), the commit's topic for an auction's commands_topic.
--
-- Same name, parameters and effect: a processor of the previous release calls it unchanged.
CREATE OR REPLACE FUNCTION processor_commit_group(
  p_topic text,
  p_offsets jsonb,
  p_auctions jsonb,
  p_bid_decisions jsonb,
  p_command_decisions jsonb,
  p_events jsonb,
  p_notify_channel text,
  p_notify_chunks text[]
) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  moved int;
  created int;
  chunk text;
  auction_defaults auctions;
  bid_defaults bid_decisions;
  command_defaults command_decisions;
  event_defaults auction_events;
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
    auction_defaults.commands_topic := p_topic;
    auction_defaults.created_at := now();
    auction_defaults.updated_at := now();
    -- What a later decision may change; the rest is fixed when the auction is created.
    INSERT INTO auctions AS a
    SELECT * FROM jsonb_populate_recordset(auction_defaults, p_auctions)
    ON CONFLICT (auction_id) DO UPDATE SET status = excluded.status,
      visible_price_cents = excluded.visible_price_cents, leader_id = excluded.leader_id,
      bid_count = excluded.bid_count, reserve_met = excluded.reserve_met, ends_at = excluded.ends_at,
      outcome = excluded.outcome, winner_id = excluded.winner_id,
      final_price_cents = excluded.final_price_cents, last_sequence = excluded.last_sequence,
      state = excluded.state, updated_at = excluded.updated_at;
  END IF;

  IF jsonb_array_length(p_bid_decisions) > 0 THEN
    bid_defaults.decided_at := now();
    INSERT INTO bid_decisions SELECT * FROM jsonb_populate_recordset(bid_defaults, p_bid_decisions);
  END IF;

  IF jsonb_array_length(p_command_decisions) > 0 THEN
    command_defaults.decided_at := now();
    INSERT INTO command_decisions
    SELECT * FROM jsonb_populate_recordset(command_defaults, p_command_decisions)
    ON CONFLICT (command_id) DO NOTHING;
  END IF;

  IF jsonb_array_length(p_events) > 0 THEN
    -- Published by Debezium from the WAL (the publication holds this table, inserts only), and
    -- read by the live feed to resume a client from the last sequence it saw.
    event_defaults.occurred_at := now();
    INSERT INTO auction_events SELECT * FROM jsonb_populate_recordset(event_defaults, p_events);
  END IF;

  FOREACH chunk IN ARRAY p_notify_chunks LOOP
    PERFORM pg_notify(p_notify_channel, chunk);
  END LOOP;
END
$$;
