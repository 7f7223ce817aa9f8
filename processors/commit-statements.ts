/**
 * The statements of the processor's commit (store.ts), one transaction per batch. They run
 * for every batch, so each is prepared once per connection (platform/prepared-statement.ts)
 * and Postgres only executes it.
 */
import { preparedStatement } from '../platform/prepared-statement.js';

export const SET_STATEMENT_TIMEOUT = preparedStatement(
  'processor-statement-timeout',
  "SELECT set_config('statement_timeout', $1, true)",
);
export const UPSERT_AUCTIONS = preparedStatement(
  'processor-upsert-auctions',
  `INSERT INTO auctions AS a (auction_id, partition, item_id, seller_id, title, external_ref, status,
     visible_price_cents, leader_id, bid_count, has_reserve, reserve_met, starts_at, ends_at, outcome,
     winner_id, final_price_cents, last_sequence, state, commands_topic)
   SELECT auction_id, partition, item_id, seller_id, title, external_ref, status, visible_price_cents,
     leader_id, bid_count, has_reserve, reserve_met, starts_at, ends_at, outcome, winner_id,
     final_price_cents, last_sequence, state, $2
   FROM jsonb_to_recordset($1::jsonb) AS x(auction_id text, partition int, item_id text, seller_id text,
     title text, external_ref text, status text, visible_price_cents bigint, leader_id text, bid_count int,
     has_reserve boolean, reserve_met boolean, starts_at timestamptz, ends_at timestamptz, outcome text,
     winner_id text, final_price_cents bigint, last_sequence bigint, state jsonb)
   ON CONFLICT (auction_id) DO UPDATE SET status = excluded.status,
     visible_price_cents = excluded.visible_price_cents, leader_id = excluded.leader_id,
     bid_count = excluded.bid_count, reserve_met = excluded.reserve_met, ends_at = excluded.ends_at,
     outcome = excluded.outcome, winner_id = excluded.winner_id,
     final_price_cents = excluded.final_price_cents, last_sequence = excluded.last_sequence,
     state = excluded.state, updated_at = now()`,
);
export const INSERT_BID_DECISIONS = preparedStatement(
  'processor-insert-bid-decisions',
  `INSERT INTO bid_decisions (bid_id, auction_id, bidder_id, kind, max_amount_cents, accepted, reason,
     visible_price_cents, is_leading, placed_at)
   SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(bid_id text, auction_id text, bidder_id text, kind text,
     max_amount_cents bigint, accepted boolean, reason text, visible_price_cents bigint, is_leading boolean,
     placed_at timestamptz)`,
);
export const INSERT_COMMAND_DECISIONS = preparedStatement(
  'processor-insert-command-decisions',
  `INSERT INTO command_decisions (command_id, auction_id, command_type, accepted, reason, detail)
   SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(command_id text, auction_id text, command_type text,
     accepted boolean, reason text, detail text)
   ON CONFLICT (command_id) DO NOTHING`,
);
// The outbox rows go into the outbox (the WAL keeps the inserts for Debezium) and into the
// history the live feed resumes clients from, in one statement.
export const INSERT_OUTBOX_AND_HISTORY = preparedStatement(
  'processor-insert-outbox-and-history',
  `WITH rows AS (
     SELECT * FROM jsonb_to_recordset($1::jsonb)
       AS x(id uuid, aggregatetype text, aggregateid text, type text, payload jsonb)
   ), published AS (
     INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload)
     SELECT id, aggregatetype, aggregateid, type, payload FROM rows
   )
   INSERT INTO auction_events (auction_id, sequence, event_id, type, payload)
   SELECT aggregateid, (payload->>'sequence')::bigint, id, type, payload FROM rows
   -- Rejections of bids on auctions that do not exist have no sequence of their own.
   ON CONFLICT DO NOTHING`,
);
// Then out of the outbox again: the table stays empty, and the publication ignores deletes. (A
// separate statement: the parts of one statement cannot see each other's rows.)
export const DELETE_OUTBOX = preparedStatement(
  'processor-delete-outbox',
  'DELETE FROM outbox WHERE id = ANY($1::uuid[])',
);
export const NOTIFY = preparedStatement('processor-notify', 'SELECT pg_notify($1, $2)');
export const FIRST_OFFSET = preparedStatement(
  'processor-first-offset',
  `INSERT INTO processor_offsets (topic, partition, next_offset) VALUES ($1, $2, $3)
   ON CONFLICT (topic, partition) DO NOTHING`,
);
export const NEXT_OFFSET = preparedStatement(
  'processor-next-offset',
  `UPDATE processor_offsets SET next_offset = $3, updated_at = now()
   WHERE topic = $1 AND partition = $2 AND next_offset = $4`,
);
