-- "One open auction per item" was global across sellers, so whoever listed an item id first held
-- it for everyone. The rule is per seller: the same item id may be open once for each seller.
DROP INDEX IF EXISTS auctions_one_open_per_item;
CREATE UNIQUE INDEX auctions_one_open_per_seller_item ON auctions (seller_id, item_id)
  WHERE status = 'open';
