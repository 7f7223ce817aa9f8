/**
 * The stats sink through a fake Postgres client that records each statement: one named
 * statement per table per batch, with its rows as arrays, all inside one transaction after the
 * dedup insert; none for a table the batch does not touch, and nothing for an id seen before.
 * That the numbers are right is the oracle's to say (stats-oracle.int.test.ts).
 */
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  auctionCancelled,
  auctionClosed,
  auctionCreated,
  auctionExtended,
  bidAccepted as accepted,
  bidRejected,
  commandRejected,
  outbid,
  reserveMet,
} from '../testing/events.js';
import { applyStats } from './stats-sink.js';

interface Statement {
  readonly name: string;
  readonly values: readonly unknown[];
}

const AT = '2030-01-01T12:00:30.000Z';
const MINUTE = '2030-01-01T12:00:00.000Z';

/**
 * A pool of one client. The dedup insert answers the ids listed in `fresh` (all by default);
 * the pair insert answers the pairs not in `knownBidders`; every auction has a row, of item-1.
 */
function fakePool({
  fresh,
  knownBidders = [],
}: { fresh?: string[]; knownBidders?: string[] } = {}) {
  const statements: Statement[] = [];
  let released = 0;
  const client = {
    query(arg: string | { name: string; values: unknown[] }) {
      if (typeof arg === 'string') {
        statements.push({ name: arg, values: [] });
        return Promise.resolve({ rows: [], rowCount: 0 });
      }
      statements.push({ name: arg.name, values: arg.values });
      const column = (i: number) => arg.values[i] as string[];
      if (arg.name === 'stats-processed-events') {
        const ids = column(1).filter((id) => !fresh || fresh.includes(id));
        return Promise.resolve({ rows: [...new Set(ids)].map((event_id) => ({ event_id })) });
      }
      if (arg.name === 'stats-auction-bidders') {
        const rows = column(0)
          .map((auction_id, i) => ({ auction_id, bidder_id: column(1)[i] }))
          .filter((p) => !knownBidders.includes(`${p.auction_id}/${p.bidder_id}`));
        return Promise.resolve({ rows, rowCount: rows.length });
      }
      if (arg.name === 'stats-auctions-updated') {
        const rows = column(0).map((auction_id) => ({ auction_id, item_id: 'item-1' }));
        return Promise.resolve({ rows, rowCount: rows.length });
      }
      return Promise.resolve({ rows: [], rowCount: 1 });
    },
    release: () => {
      released += 1;
    },
  };
  const pool = { connect: () => Promise.resolve(client) } as unknown as pg.Pool;
  const named = (name: string) => statements.find((s) => s.name === name)?.values;
  return { pool, statements, named, released: () => released };
}

describe('applyStats', () => {
  it('does nothing for no events', async () => {
    const { pool, statements } = fakePool();
    expect(await applyStats(pool, [])).toBe(0);
    expect(statements).toEqual([]);
  });

  it('records the ids first, then one statement per table, in one transaction', async () => {
    const { pool, statements, released } = fakePool();
    expect(await applyStats(pool, [auctionCreated('e1'), accepted('e2')])).toBe(2);

    expect(statements).toEqual([
      { name: 'BEGIN', values: [] },
      { name: 'stats-processed-events', values: ['stats', ['e1', 'e2']] },
      {
        name: 'stats-auctions-created',
        values: [['auction-1'], ['item-1'], [1000], [AT]],
      },
      { name: 'stats-auction-bidders', values: [['auction-1'], ['alice']] },
      {
        name: 'stats-auctions-updated',
        values: [
          ['auction-1'],
          [1],
          [1],
          [AT],
          [0],
          [null],
          [false],
          [null],
          [null],
          [null],
          [null],
        ],
      },
      { name: 'stats-items', values: [['item-1'], [1], [0], [0], [null]] },
      {
        name: 'stats-users',
        values: [['alice'], [1], [1], [0], [1], [0], [0], [AT]],
      },
      { name: 'stats-bid-volume', values: [[MINUTE], [1]] },
      { name: 'COMMIT', values: [] },
    ]);
    expect(released()).toBe(1);
  });

  it('a batch of bids is one statement per table whatever its size', async () => {
    const { pool, statements, named } = fakePool();
    const bids = Array.from({ length: 50 }, (_, i) => accepted(`b${i}`, `user-${i % 5}`));
    await applyStats(pool, bids);
    expect(statements.map((s) => s.name)).toEqual([
      'BEGIN',
      'stats-processed-events',
      'stats-auction-bidders',
      'stats-auctions-updated',
      'stats-users',
      'stats-bid-volume',
      'COMMIT',
    ]);
    expect(named('stats-auction-bidders')?.[1]).toEqual([
      'user-0',
      'user-1',
      'user-2',
      'user-3',
      'user-4',
    ]);
    expect(named('stats-auctions-updated')?.slice(0, 3)).toEqual([['auction-1'], [50], [5]]);
    expect(named('stats-bid-volume')).toEqual([[MINUTE], [50]]);
  });

  it('counts a bidder once per auction: a known bidder adds no distinct bidder', async () => {
    const { pool, named } = fakePool({ knownBidders: ['auction-1/alice'] });
    await applyStats(pool, [accepted('e3')]);
    expect(named('stats-users')?.[4]).toEqual([0]);
    expect(named('stats-auctions-updated')?.[2]).toEqual([0]);
  });

  it('skips an event whose id was seen before, and applies an id twice in one batch once', async () => {
    const { pool, named } = fakePool({ fresh: ['new'] });
    expect(await applyStats(pool, [accepted('old'), accepted('new'), accepted('new')])).toBe(1);
    expect(named('stats-users')?.slice(0, 3)).toEqual([['alice'], [1], [1]]);
  });

  it('writes nothing but the ids when every event was seen before', async () => {
    const { pool, statements } = fakePool({ fresh: [] });
    expect(await applyStats(pool, [accepted('old'), auctionClosed('older', 'bob', 10)])).toBe(0);
    expect(statements.map((s) => s.name)).toEqual(['BEGIN', 'stats-processed-events', 'COMMIT']);
  });

  it('a rejected bid counts for its bidder and the minute', async () => {
    const { pool, statements } = fakePool();
    await applyStats(pool, [bidRejected('e4', 'bob')]);
    expect(statements.slice(2, -1)).toEqual([
      { name: 'stats-users', values: [['bob'], [1], [0], [1], [0], [0], [0], [AT]] },
      { name: 'stats-bid-volume', values: [[MINUTE], [1]] },
    ]);
  });

  it('a sold auction closes its stats and credits the winner and the item', async () => {
    const { pool, statements } = fakePool();
    await applyStats(pool, [auctionClosed('e5', 'alice', 2500)]);
    expect(statements.slice(2, -1)).toEqual([
      {
        name: 'stats-auctions-updated',
        values: [
          ['auction-1'],
          [0],
          [0],
          [null],
          [0],
          [null],
          [true],
          [2500],
          ['sold'],
          [null],
          [null],
        ],
      },
      { name: 'stats-items', values: [['item-1'], [0], [1], [2500], [2500]] },
      { name: 'stats-users', values: [['alice'], [0], [0], [0], [0], [1], [2500], [AT]] },
    ]);
  });

  it('an unsold auction only closes its stats', async () => {
    const { pool, statements } = fakePool();
    await applyStats(pool, [auctionClosed('e6', null, null)]);
    expect(statements.slice(2, -1).map((s) => s.name)).toEqual(['stats-auctions-updated']);
  });

  it('an extension moves the end; Outbid, ReserveMet, cancellations and command rejections change nothing', async () => {
    const { pool, statements } = fakePool();
    await applyStats(pool, [
      auctionExtended('e7'),
      outbid('e8'),
      reserveMet('e9'),
      auctionCancelled('e10'),
      commandRejected('e11'),
    ]);
    expect(statements.slice(2, -1)).toEqual([
      {
        name: 'stats-auctions-updated',
        values: [
          ['auction-1'],
          [0],
          [0],
          [null],
          [1],
          [AT],
          [false],
          [null],
          [null],
          [null],
          [null],
        ],
      },
    ]);
  });

  it('rolls back and releases the client when a statement fails', async () => {
    const { pool, statements, released } = fakePool();
    const failing = {
      connect: async () => {
        const client = (await pool.connect()) as unknown as {
          query: (arg: unknown) => Promise<unknown>;
        };
        const query = client.query.bind(client);
        client.query = (arg) =>
          (arg as { name?: string }).name === 'stats-bid-volume'
            ? Promise.reject(new Error('disk full'))
            : query(arg);
        return client;
      },
    } as unknown as pg.Pool;
    await expect(applyStats(failing, [accepted('e12')])).rejects.toThrow('disk full');
    expect(statements.at(-1)).toEqual({ name: 'ROLLBACK', values: [] });
    expect(released()).toBe(1);
  });
});
