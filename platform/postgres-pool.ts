/**
 * A pg pool whose connections may die (a Postgres restart) without taking the process down.
 * pg-pool listens for errors on idle clients only: a client checked out for a transaction has
 * no listener, so a backend terminated while it is out would make the client emit an error
 * nobody handles, which crashes the process. Every client here keeps a listener of its own
 * for its whole life instead; its next query fails, the caller's retry takes over, and the pool
 * drops the client when it comes back.
 */
import pg from 'pg';
import type { Logger } from './logger.js';

export function createPool(options: pg.PoolConfig, logger: Logger): pg.Pool {
  const pool = new pg.Pool(options);
  pool.on('error', (error) =>
    logger.warn({ err: error }, 'idle Postgres connection failed; the pool replaces it'),
  );
  pool.on('connect', (client) =>
    client.on('error', (error) =>
      // The query that meets it fails and says so; this only keeps the process alive.
      logger.debug({ err: error }, 'Postgres connection failed'),
    ),
  );
  return pool;
}
