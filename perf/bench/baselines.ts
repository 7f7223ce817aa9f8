/**
 * d. The row-locking design: BEGIN; SELECT … FOR UPDATE on the auction row; insert the bid;
 *    update the price; insert an outbox row; COMMIT — with pgbench, on one hot auction.
 * e. The in-memory design: a Redis Lua compare-and-set bid, with redis-benchmark.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { readEndpoints, serviceUrls } from '../../platform/endpoints.js';
import { findToolchain } from '../../stack/prerequisites.js';

const SCRIPT = `\\set bidder random(1, 1000)
BEGIN;
SELECT price FROM bench_auction WHERE id = 1 FOR UPDATE;
INSERT INTO bench_bid (auction_id, bidder, amount) VALUES (1, :bidder, 100);
UPDATE bench_auction SET price = price + 1, leader = :bidder WHERE id = 1;
INSERT INTO bench_outbox (payload) VALUES ('{"type": "BidAccepted"}');
COMMIT;
`;

export async function pgbenchForUpdate(clients: readonly number[] = [1, 4, 16, 32], seconds = 8) {
  const e = readEndpoints();
  const urls = serviceUrls(e);
  const database = `bench_rowlock_${Date.now()}`;
  const admin = new pg.Client({ connectionString: urls.adminDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database} OWNER ${e.postgres.app.user}`);
  await admin.end();
  const db = new pg.Client({
    connectionString: urls.databaseUrl.replace(/\/[^/]+$/, `/${database}`),
  });
  await db.connect();
  await db.query(`
    CREATE TABLE bench_auction (id int PRIMARY KEY, price bigint NOT NULL, leader int);
    CREATE TABLE bench_bid (id bigserial PRIMARY KEY, auction_id int NOT NULL, bidder int NOT NULL, amount bigint NOT NULL, at timestamptz NOT NULL DEFAULT now());
    CREATE TABLE bench_outbox (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), payload jsonb NOT NULL);
    INSERT INTO bench_auction VALUES (1, 0, NULL);`);
  await db.end();
  const script = path.join(mkdtempSync(path.join(tmpdir(), 'pgbench-')), 'bid.sql');
  writeFileSync(script, SCRIPT);
  const results: { clients: number; tps: number }[] = [];
  try {
    for (const c of clients) {
      const output = execFileSync(
        path.join(findToolchain().postgresBin, 'pgbench'),
        [
          '-h',
          e.host,
          '-p',
          String(e.ports.postgres),
          '-U',
          e.postgres.app.user,
          '-n',
          '-f',
          script,
          '-c',
          String(c),
          '-j',
          String(Math.min(c, 2)),
          '-T',
          String(seconds),
          database,
        ],
        {
          encoding: 'utf8',
          env: { ...process.env, PGPASSWORD: e.postgres.app.password },
          stdio: ['ignore', 'pipe', 'ignore'],
        },
      );
      results.push({ clients: c, tps: Number(/tps = ([\d.]+)/.exec(output)?.[1] ?? NaN) });
    }
  } finally {
    const cleanup = new pg.Client({ connectionString: urls.adminDatabaseUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await cleanup.end();
  }
  return results;
}

const LUA = `local p = tonumber(redis.call('HGET', KEYS[1], 'price') or '0') if tonumber(ARGV[1]) > p then redis.call('HSET', KEYS[1], 'price', ARGV[1]) redis.call('INCR', KEYS[1] .. ':bids') return 1 end return 0`;

export function redisLuaBid(clients: readonly number[] = [1, 16, 50], requests = 200_000) {
  const e = readEndpoints();
  const key = `bench:auction:${Date.now()}`;
  return clients.map((c) => {
    const output = execFileSync(
      'redis-benchmark',
      [
        '-h',
        e.host,
        '-p',
        String(e.ports.redis),
        '-n',
        String(requests),
        '-c',
        String(c),
        '-r',
        '1000000',
        '-q',
        'EVAL',
        LUA,
        '1',
        key,
        '__rand_int__',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    return {
      clients: c,
      opsPerSecond: Number(
        /([\d.]+) requests per second/.exec(output.split('\r').at(-1) ?? output)?.[1] ?? NaN,
      ),
    };
  });
}
