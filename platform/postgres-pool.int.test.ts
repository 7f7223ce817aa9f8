/**
 * A connection that Postgres terminates while the client is checked out (a restart in the
 * middle of a transaction) must fail that transaction, not crash the process: with a plain
 * pg.Pool the client emits an error nobody listens to, which vitest reports as an uncaught
 * exception.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { urls } from '../tests/support.js';
import { createLogger } from './logger.js';
import { createPool } from './postgres-pool.js';

const pool = createPool(
  { connectionString: urls.databaseUrl, max: 2 },
  createLogger('test', 'silent'),
);
afterAll(() => pool.end());

async function terminate(pid: number) {
  const admin = new pg.Client({ connectionString: urls.adminDatabaseUrl });
  await admin.connect();
  try {
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  } finally {
    await admin.end();
  }
}

it('survives a backend terminated while its client is checked out, and goes on with a new one', async () => {
  const client = await pool.connect();
  await client.query('BEGIN');
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  await terminate(rows[0]!.pid);
  // The termination arrives while no query runs: the client must turn unusable, quietly.
  let failure: unknown;
  for (let i = 0; i < 100 && failure === undefined; i += 1) {
    await sleep(50);
    failure = await client.query('SELECT 1').then(
      () => undefined,
      (error: unknown) => error,
    );
  }
  expect(failure).toBeInstanceOf(Error);
  client.release();
  const after = await pool.query<{ one: number }>('SELECT 1 AS one');
  expect(after.rows[0]?.one).toBe(1);
});
