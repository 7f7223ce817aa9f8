-- Which commands topic owns an auction, so a processor schedules the closes of its own topic's
-- auctions only, never another deployment's (or another test's) sharing the database.
ALTER TABLE auctions ADD COLUMN commands_topic text;
