/**
 * The group commit on the real Postgres: the same batches committed through the function of
 * migration 0012 (its column lists) and of migration 0013 (each table's own row type) leave the
 * same rows, each in a fresh database of its own. 0012's function is the oracle: 0013 changed how
 * the rows are read, not what is written.
 */
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../migrations/migrator.js';
import { PROJECT_ROOT } from '../stack/paths.js';
import { endpoints, uniqueName, urls } from '../tests/support.js';
import { commitBatch, type BatchWrite } from './store.js';
import type { AuctionRow, BidDecisionRow, EventRow } from './tables.js';

const created: string[] = [];

async function databaseMigratedTo(lastVersion: number) {
  const name = uniqueName('it_store').replace('-', '_');
  const admin = new pg.Client({ connectionString: urls.adminDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} OWNER ${endpoints.postgres.app.user}`);
  await admin.end();
  created.push(name);
  const client = new pg.Client({
    connectionString: urls.databaseUrl.replace(/\/[^/]+$/, `/${name}`),
  });
  await client.connect();
  const migrations = await loadMigrations(path.join(PROJECT_ROOT, 'migrations'));
  await migrate(
    client,
    migrations.filter((m) => m.version <= lastVersion),
  );
  return client;
}

afterAll(async () => {
  const admin = new pg.Client({ connectionString: urls.adminDatabaseUrl });
  await admin.connect();
  for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

const auction = (over: Partial<AuctionRow>): AuctionRow => ({
  auction_id: 'a-1',
  partition: 3,
  item_id: 'watch-1',
  seller_id: 'sam',
  title: 'Cartier wristwatch',
  external_ref: null,
  status: 'open',
  visible_price_cents: 9900,
  leader_id: null,
  bid_count: 0,
  has_reserve: true,
  reserve_met: false,
  starts_at: '2030-01-01T10:00:00.000Z',
  ends_at: '2030-01-01T12:00:00.000Z',
  outcome: null,
  winner_id: null,
  final_price_cents: null,
  last_sequence: 1,
  state: { status: 'open', reservePriceCents: 15000 },
  ...over,
});

const bid: BidDecisionRow = {
  bid_id: 'b-1',
  auction_id: 'a-1',
  bidder_id: 'alice',
  kind: 'bid',
  max_amount_cents: 20_000,
  accepted: true,
  reason: null,
  visible_price_cents: 9900,
  is_leading: true,
  placed_at: '2030-01-01T11:00:00.000Z',
  command_offset: '4',
};

const event = (
  eventId: string,
  sequence: number | null,
  over: Partial<EventRow> = {},
): EventRow => ({
  event_id: eventId,
  aggregatetype: 'auction',
  auction_id: 'a-1',
  sequence,
  type: 'ReserveMet',
  payload: {
    eventId,
    auctionId: 'a-1',
    sequence: sequence ?? 0,
    occurredAt: 1,
    commandId: 'c',
    correlationId: 'r',
    visiblePriceCents: 9900,
  },
  ...over,
});

/** A create, then a bid and a close on it, in two commits of one partition. */
const batches: BatchWrite[] = [
  {
    topic: 'commands',
    partitions: [{ partition: 3, expectedOffset: null, nextOffset: '5' }],
    auctions: [auction({ external_ref: 'ref-1' })],
    bidDecisions: [],
    commandDecisions: [
      {
        command_id: 'c-1',
        auction_id: 'a-1',
        command_type: 'CreateAuction',
        accepted: true,
        reason: null,
        detail: null,
        command_offset: '2',
        issued_by: 'seller-1',
        issued_at: '2030-01-01T09:59:00.000Z',
        terms: null,
      },
    ],
    events: [event('00000000-0000-4000-8000-000000000001', 1)],
  },
  {
    topic: 'commands',
    partitions: [{ partition: 3, expectedOffset: '5', nextOffset: '9' }],
    auctions: [
      auction({
        external_ref: 'ref-1',
        status: 'closed',
        leader_id: 'alice',
        bid_count: 1,
        reserve_met: true,
        ends_at: '2030-01-01T12:05:00.000Z',
        outcome: 'sold',
        winner_id: 'alice',
        final_price_cents: 15_000,
        last_sequence: 3,
        state: { status: 'closed' },
      }),
    ],
    bidDecisions: [
      bid,
      {
        ...bid,
        bid_id: 'b-2',
        kind: 'buy_now',
        max_amount_cents: null,
        accepted: false,
        reason: 'auction_closed',
        is_leading: false,
      },
    ],
    commandDecisions: [
      {
        command_id: 'c-2',
        auction_id: 'a-2',
        command_type: 'CancelAuction',
        accepted: false,
        reason: 'auction_not_found',
        detail: 'no such auction',
        command_offset: '2',
        issued_by: 'seller-1',
        issued_at: '2030-01-01T09:59:00.000Z',
        terms: null,
      },
    ],
    events: [
      event('00000000-0000-4000-8000-000000000002', 2),
      event('00000000-0000-4000-8000-000000000003', null, { auction_id: 'nowhere' }),
    ],
  },
];

/** Every table the commit writes, each row whole. */
async function tablesOf(client: pg.Client) {
  const read = async (sql: string) => (await client.query<Record<string, unknown>>(sql)).rows;
  return {
    auctions: await read('SELECT * FROM auctions ORDER BY auction_id'),
    bids: await read('SELECT * FROM bid_decisions ORDER BY bid_id'),
    commands: await read('SELECT * FROM command_decisions ORDER BY command_id'),
    events: await read('SELECT * FROM auction_events ORDER BY event_id'),
    offsets: await read('SELECT * FROM processor_offsets ORDER BY topic, partition'),
  };
}

const FILLED = ['created_at', 'updated_at', 'decided_at', 'occurred_at'];

const withoutFilledTimes = (tables: Awaited<ReturnType<typeof tablesOf>>) =>
  Object.fromEntries(
    Object.entries(tables).map(([table, rows]) => [
      table,
      rows.map((row) =>
        Object.fromEntries(Object.entries(row).filter(([column]) => !FILLED.includes(column))),
      ),
    ]),
  );

describe('processor_commit_group', () => {
  it("writes, through each table's row type (0013), what the column lists of 0012 wrote", async () => {
    const before = await databaseMigratedTo(12);
    const after = await databaseMigratedTo(13);
    try {
      for (const batch of batches) {
        await commitBatch(before as unknown as pg.PoolClient, batch);
        await commitBatch(after as unknown as pg.PoolClient, batch);
      }
      const expected = await tablesOf(before);
      const written = await tablesOf(after);
      expect(written.auctions).toHaveLength(1);
      expect(written.auctions[0]).toMatchObject({ commands_topic: 'commands', status: 'closed' });
      expect(withoutFilledTimes(written)).toEqual(withoutFilledTimes(expected));
      // The times Postgres fills: set on insert, and updated_at moved by the second commit.
      const [row] = written.auctions;
      expect(row?.updated_at).toBeInstanceOf(Date);
      expect(row?.updated_at).not.toEqual(row?.created_at);
      const filled = [
        ...written.bids.map((r) => r.decided_at),
        ...written.commands.map((r) => r.decided_at),
        ...written.events.map((r) => r.occurred_at),
      ];
      expect(filled).toHaveLength(7);
      for (const time of filled) expect(time).toBeInstanceOf(Date);
    } finally {
      await before.end();
      await after.end();
    }
  });
});
