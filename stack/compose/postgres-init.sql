-- The roles and databases `npm run stack:up` creates (stack/components/postgres.ts), for the
-- compose file's Postgres. Development passwords only.
CREATE ROLE auction WITH LOGIN PASSWORD 'auction';
CREATE ROLE registry WITH LOGIN PASSWORD 'registry';
CREATE ROLE debezium WITH LOGIN REPLICATION PASSWORD 'debezium';
CREATE DATABASE auction OWNER auction;
CREATE DATABASE registry OWNER registry;
GRANT CONNECT ON DATABASE auction TO debezium;
\connect auction
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
