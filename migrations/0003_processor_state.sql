-- What the processors own. Each row is written only by the processor that owns the auction's
-- partition, in the same transaction as the outbox rows and the partition offset.

-- One row per auction: columns the gateway reads, and the full domain state (with the hidden
-- maxima and reserve) that a new partition owner loads. The API never serves `state`.
CREATE TABLE auctions (
  auction_id          text        PRIMARY KEY,
  partition           integer     NOT NULL,
  item_id             text        NOT NULL,
  seller_id           text        NOT NULL,
  title               text        NOT NULL,
  external_ref        text,
  status              text        NOT NULL CHECK (status IN ('open', 'closed', 'cancelled')),
  visible_price_cents bigint      NOT NULL,
  leader_id           text,
  bid_count           integer     NOT NULL,
  has_reserve         boolean     NOT NULL,
  reserve_met         boolean     NOT NULL,
  starts_at           timestamptz NOT NULL,
  ends_at             timestamptz NOT NULL,
  outcome             text,
  winner_id           text,
  final_price_cents   bigint,
  last_sequence       bigint      NOT NULL,
  state               jsonb       NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
-- The last line of defence for "one open auction per item" across partitions.
CREATE UNIQUE INDEX auctions_one_open_per_item ON auctions (item_id) WHERE status = 'open';
CREATE INDEX auctions_open_by_partition ON auctions (partition) WHERE status = 'open';
CREATE INDEX auctions_by_status ON auctions (status, ends_at);
CREATE INDEX auctions_by_seller ON auctions (seller_id, created_at DESC);
CREATE INDEX auctions_by_external_ref ON auctions (external_ref) WHERE external_ref IS NOT NULL;

-- Every decided bid or buy-now. bid_id is derived from (bidder, Idempotency-Key), so a repeated
-- command finds its original decision here.
CREATE TABLE bid_decisions (
  bid_id              text        PRIMARY KEY,
  auction_id          text        NOT NULL,
  bidder_id           text        NOT NULL,
  kind                text        NOT NULL CHECK (kind IN ('bid', 'buy_now')),
  max_amount_cents    bigint,
  accepted            boolean     NOT NULL,
  reason              text,
  visible_price_cents bigint      NOT NULL,
  is_leading          boolean     NOT NULL,
  placed_at           timestamptz NOT NULL,
  decided_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bid_decisions_by_auction ON bid_decisions (auction_id, placed_at);

-- Decisions on non-bid commands (create, cancel), so the gateway can report them too.
CREATE TABLE command_decisions (
  command_id   text        PRIMARY KEY,
  auction_id   text        NOT NULL,
  command_type text        NOT NULL,
  accepted     boolean     NOT NULL,
  reason       text,
  detail       text,
  decided_at   timestamptz NOT NULL DEFAULT now()
);

-- The next offset to read, per commands-topic partition: committed with the decisions, so a
-- restart resumes exactly after the last committed command.
CREATE TABLE processor_offsets (
  topic       text        NOT NULL,
  partition   integer     NOT NULL,
  next_offset bigint      NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (topic, partition)
);
