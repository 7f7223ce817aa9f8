-- Issue 15: the auction list's orders, the /me lists, notifications from stored events, and the
-- gateway's watch list.

-- GET /auctions: newest first, or the earliest end first (status with ends_at has its own index).
CREATE INDEX auctions_by_created ON auctions (created_at DESC, auction_id);
CREATE INDEX auctions_by_end ON auctions (ends_at, auction_id);
