-- The stats sink's tables. Each event's effect is written in the same transaction as its
-- event id in sink_processed_events (the dedup key), so a redelivered event changes nothing.

CREATE TABLE sink_processed_events (
  sink       text        NOT NULL,
  event_id   uuid        NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sink, event_id)
);

CREATE TABLE user_stats (
  user_id           text        PRIMARY KEY,
  bids_placed       integer     NOT NULL DEFAULT 0,
  bids_accepted     integer     NOT NULL DEFAULT 0,
  bids_rejected     integer     NOT NULL DEFAULT 0,
  auctions_bid_on   integer     NOT NULL DEFAULT 0,
  auctions_won      integer     NOT NULL DEFAULT 0,
  total_spent_cents bigint      NOT NULL DEFAULT 0,
  last_activity_at  timestamptz
);

-- Who has bid on which auction: makes "distinct bidders" and "auctions bid on" exact.
CREATE TABLE auction_bidders (
  auction_id text NOT NULL,
  bidder_id  text NOT NULL,
  PRIMARY KEY (auction_id, bidder_id)
);

CREATE TABLE auction_stats (
  auction_id            text        PRIMARY KEY,
  item_id               text        NOT NULL,
  bids                  integer     NOT NULL DEFAULT 0,
  distinct_bidders      integer     NOT NULL DEFAULT 0,
  opening_price_cents   bigint      NOT NULL,
  closing_price_cents   bigint,
  outcome               text,
  extensions            integer     NOT NULL DEFAULT 0,
  ends_at               timestamptz NOT NULL,
  last_bid_at           timestamptz,
  -- How close to the end the last accepted bid came, once closed.
  last_bid_ms_before_end bigint
);

CREATE TABLE item_stats (
  item_id               text   PRIMARY KEY,
  auctions              integer NOT NULL DEFAULT 0,
  sold                  integer NOT NULL DEFAULT 0,
  closing_price_sum_cents bigint NOT NULL DEFAULT 0,
  highest_closing_cents bigint
);

CREATE TABLE bid_volume_per_minute (
  minute timestamptz PRIMARY KEY,
  bids   integer     NOT NULL DEFAULT 0
);
