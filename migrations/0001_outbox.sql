-- The transactional outbox. A processor inserts its events here in the same transaction as its
-- decisions; Debezium reads the inserts from the WAL and publishes them (Outbox Event Router):
--   aggregatetype -> the topic (<aggregatetype>.events), aggregateid -> the message key,
--   id -> the eventId header, type -> the eventType header, payload -> the message value (JSON).
CREATE TABLE outbox (
  id            uuid        PRIMARY KEY,
  aggregatetype text        NOT NULL,
  aggregateid   text        NOT NULL,
  type          text        NOT NULL,
  payload       jsonb       NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
