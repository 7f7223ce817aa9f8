-- Every published event, kept by auction and sequence, written in the same transaction as its
-- outbox row. The live feed reads it to resume a client from the last sequence it saw.
CREATE TABLE auction_events (
  auction_id  text        NOT NULL,
  sequence    bigint      NOT NULL,
  event_id    uuid        NOT NULL UNIQUE,
  type        text        NOT NULL,
  payload     jsonb       NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (auction_id, sequence)
);
