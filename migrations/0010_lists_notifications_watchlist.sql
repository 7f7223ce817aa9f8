-- Issue 15: the auction list's orders, the /me lists, notifications from stored events, and the
-- gateway's watch list.

-- GET /auctions: newest first, or the earliest end first (status with ends_at has its own index).
CREATE INDEX auctions_by_created ON auctions (created_at DESC, auction_id);
CREATE INDEX auctions_by_end ON auctions (ends_at, auction_id);

-- GET /me/bids, and the auctions a user bid on (notifications).
CREATE INDEX bid_decisions_by_bidder ON bid_decisions (bidder_id, placed_at DESC);

-- Notifications: the Outbid events addressed to a bidder, newest first.
CREATE INDEX auction_events_outbid_by_bidder
  ON auction_events ((payload->>'bidderId'), occurred_at DESC) WHERE type = 'Outbid';
-- Notifications: how each auction a user follows closed, moved or was cancelled.
CREATE INDEX auction_events_endings ON auction_events (auction_id, occurred_at DESC)
  WHERE type IN ('AuctionClosed', 'AuctionExtended', 'AuctionCancelled');
-- The bid decision's answer: the end a bid moved, if it moved one.
CREATE INDEX auction_events_extension_by_bid ON auction_events (auction_id, (payload->>'byBidId'))
  WHERE type = 'AuctionExtended';

-- The gateway's own table (docs/boundaries.md; gateway/watchlist.ts reads and writes it): the
-- auctions each user watches, at most 200 a user (the gateway counts).
CREATE TABLE watchlist (
  user_id    text        NOT NULL,
  auction_id text        NOT NULL,
  added_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, auction_id)
);
CREATE INDEX watchlist_by_user ON watchlist (user_id, added_at DESC);
