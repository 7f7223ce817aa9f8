-- Logical replication sees only the outbox: Debezium's connector uses this publication
-- (publication.autocreate.mode = disabled), so no other table's changes leave the database.
-- Inserts only: a writer may delete its outbox rows in the same transaction (the WAL keeps the
-- insert), and those deletes never reach Debezium.
CREATE PUBLICATION auction_outbox FOR TABLE outbox WITH (publish = 'insert');

-- Debezium's replication role reads the outbox's shape. The role belongs to the deployment
-- (created by the local stack or the compose file), so grant only where it exists.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'debezium') THEN
    GRANT USAGE ON SCHEMA public TO debezium;
    GRANT SELECT ON outbox TO debezium;
  END IF;
END $$;
