/**
 * `npx tsx perf/bench/gavel.ts [--seconds S] [--clients 1,8,32]`
 *
 * The design the other auction systems use ("Gavel-style"), as pgbench measures it against the
 * project's Postgres: one transaction per bid of `SELECT … FOR UPDATE` on the auction row,
 * `INSERT` the bid, `UPDATE` the auction, `INSERT` an outbox row. Run once on ONE hot auction
 * and once spread over 100 auctions, at several client counts; the best of each is the
 * baseline the pipeline is held against. It works in a scratch database of its own, created
 * and dropped here, so the app's tables are never touched.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { readEndpoints, serviceUrls } from '../../platform/endpoints.js';
import { findToolchain } from '../../stack/prerequisites.js';

export const GAVEL_CLIENTS: readonly number[] = [1, 8, 32];

const SCHEMA = `
  CREATE TABLE gavel_auction (id int PRIMARY KEY, price bigint NOT NULL, leader int);
  CREATE TABLE gavel_bid (id bigserial PRIMARY KEY, auction_id int NOT NULL, bidder int NOT NULL,
    amount bigint NOT NULL, at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE gavel_outbox (id bigserial PRIMARY KEY, aggregate_id int NOT NULL,
    payload jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now());
  INSERT INTO gavel_auction SELECT g, 0, NULL FROM generate_series(1, 100) AS g;`;

/** The pgbench script of one bid on one of `auctions` auctions (1: always the same, hot one). */
export function gavelScript(auctions: number): string {
  return [
    '\\set bidder random(1, 1000)',
    auctions === 1 ? '\\set auction 1' : `\\set auction random(1, ${auctions})`,
    'BEGIN;',
    'SELECT price, leader FROM gavel_auction WHERE id = :auction FOR UPDATE;',
    'INSERT INTO gavel_bid (auction_id, bidder, amount) VALUES (:auction, :bidder, 100);',
    'UPDATE gavel_auction SET price = price + 1, leader = :bidder WHERE id = :auction;',
    `INSERT INTO gavel_outbox (aggregate_id, payload) VALUES (:auction, '{"type": "BidAccepted"}');`,
    'COMMIT;',
    '',
  ].join('\n');
}

/** pgbench's "tps = 1234.5 (without initial connection time)" → 1234.5; NaN if absent. */
export const parseTps = (output: string) => Number(/tps = ([\d.]+)/.exec(output)?.[1] ?? NaN);

export interface GavelRun {
  readonly clients: number;
  readonly tps: number;
}

export interface GavelResult {
  readonly hot: readonly GavelRun[];
  readonly spread: readonly GavelRun[];
  readonly seconds: number;
}

/** The best tps over the client counts; NaN when none ran. */
export const bestTps = (runs: readonly GavelRun[]) =>
  runs.reduce((best, r) => (r.tps > best || Number.isNaN(best) ? r.tps : best), Number.NaN);

export async function gavelBaselines(
  o: { readonly clients?: readonly number[]; readonly seconds?: number } = {},
  say: (line: string) => void = console.log,
): Promise<GavelResult> {
  const clients = o.clients ?? GAVEL_CLIENTS;
  const seconds = o.seconds ?? 5;
  const e = readEndpoints();
  const urls = serviceUrls(e);
  const database = `bench_gavel_${Date.now()}`;
  await asAdmin(urls.adminDatabaseUrl, `CREATE DATABASE ${database} OWNER ${e.postgres.app.user}`);
  try {
    const db = new pg.Client({
      connectionString: urls.databaseUrl.replace(/\/[^/]+$/, `/${database}`),
    });
    await db.connect();
    await db.query(SCHEMA);
    await db.end();
    const folder = mkdtempSync(path.join(tmpdir(), 'gavel-'));
    const run = (auctions: number) => {
      const script = path.join(folder, `gavel-${auctions}.sql`);
      writeFileSync(script, gavelScript(auctions));
      return clients.map((c): GavelRun => {
        const output = execFileSync(
          path.join(findToolchain().postgresBin, 'pgbench'),
          [
            ...['-h', e.host, '-p', String(e.ports.postgres), '-U', e.postgres.app.user],
            ...['-n', '-f', script, '-c', String(c), '-j', String(Math.min(c, 2))],
            ...['-T', String(seconds), database],
          ],
          {
            encoding: 'utf8',
            env: { ...process.env, PGPASSWORD: e.postgres.app.password },
            stdio: ['ignore', 'pipe', 'ignore'],
          },
        );
        const tps = parseTps(output);
        say(
          `${auctions === 1 ? 'hot auction' : `${auctions} auctions`}, ${c} clients: ${Math.round(tps)} tps`,
        );
        return { clients: c, tps };
      });
    };
    return { hot: run(1), spread: run(100), seconds };
  } finally {
    await asAdmin(urls.adminDatabaseUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

async function asAdmin(url: string, statement: string) {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '5' },
      clients: { type: 'string', default: GAVEL_CLIENTS.join(',') },
    },
  });
  const result = await gavelBaselines({
    seconds: Number(values.seconds),
    clients: values.clients.split(',').map(Number),
  });
  console.log(
    `best: hot ${Math.round(bestTps(result.hot))} tps, 100 auctions ${Math.round(bestTps(result.spread))} tps`,
  );
}
