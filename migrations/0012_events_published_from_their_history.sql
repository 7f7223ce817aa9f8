-- An event is written once. auction_events, the history every event was already kept in, becomes
-- the outbox Debezium reads: the publication now holds it instead of the outbox table, which
-- each commit filled and emptied again (two row writes per event, a third of the processor's
-- commit, and WAL the walsender decoded only to drop it).
--
-- The processor names each row's aggregate type (the connector routes by it to
-- `<aggregatetype>.events`). An event of an auction that does not exist (a bid on an unknown
-- id, a create refused before it existed) has no place in any auction's history: its sequence
-- is null, so every such event is kept and published, where the old (auction_id, sequence) key
-- kept only the first. The event id becomes the primary key.
--
-- Apply with the processors stopped (as `npm start` does): events committed between this
-- migration and the connector's new configuration would not be routed. On a large history the
-- new unique index takes a while.
ALTER TABLE auction_events ADD COLUMN aggregatetype text;
ALTER TABLE auction_events DROP CONSTRAINT auction_events_pkey;
ALTER TABLE auction_events ALTER COLUMN sequence DROP NOT NULL;
ALTER TABLE auction_events DROP CONSTRAINT auction_events_event_id_key,
  ADD CONSTRAINT auction_events_pkey PRIMARY KEY (event_id);
CREATE UNIQUE INDEX auction_events_by_sequence ON auction_events (auction_id, sequence);

ALTER PUBLICATION auction_outbox SET TABLE auction_events;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'debezium') THEN
    GRANT SELECT ON auction_events TO debezium;
  END IF;
END $$;

-- The one-partition commit (0008) wrote the outbox table; a processor of an older release that
-- still called it would now fail loudly instead of writing events nobody publishes.
DROP FUNCTION processor_commit(text, int, bigint, bigint, jsonb, jsonb, jsonb, jsonb, text, text[]);
DROP TABLE outbox;

-- The group commit (0011) as before, with each event written once, into its history.
DROP FUNCTION processor_commit_group(text, jsonb, jsonb, jsonb, jsonb, jsonb, text, text[]);
CREATE FUNCTION processor_commit_group(
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

  IF jsonb_array_length(p_events) > 0 THEN
    -- Published by Debezium from the WAL (the publication holds this table, inserts only), and
    -- read by the live feed to resume a client from the last sequence it saw.
    INSERT INTO auction_events (event_id, aggregatetype, auction_id, sequence, type, payload)
    SELECT * FROM jsonb_to_recordset(p_events) AS x(event_id uuid, aggregatetype text,
      auction_id text, sequence bigint, type text, payload jsonb);
  END IF;

  FOREACH chunk IN ARRAY p_notify_chunks LOOP
    PERFORM pg_notify(p_notify_channel, chunk);
  END LOOP;
END
$$;
