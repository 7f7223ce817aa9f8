/**
 * The stats sink through a fake Postgres client that records each statement: which named
 * statements an event becomes, with which values, all inside one transaction after the dedup
 * insert, and nothing for an id seen before.
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

/**
 * A pool of one client. The dedup insert answers the ids listed in `fresh` (all by default);
 * `auction_bidders` answers rowCount 1 unless the pair is in `knownBidders`.
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
      if (arg.name === 'stats-processed-events') {
        const ids = (arg.values[1] as string[]).filter((id) => !fresh || fresh.includes(id));
        return Promise.resolve({ rows: [...new Set(ids)].map((event_id) => ({ event_id })) });
      }
      if (arg.name === 'stats-auction-bidder') {
        const known = knownBidders.includes(`${String(arg.values[0])}/${String(arg.values[1])}`);
        return Promise.resolve({ rows: [], rowCount: known ? 0 : 1 });
      }
      if (arg.name === 'stats-auction-closed')
        return Promise.resolve({ rows: [{ item_id: 'item-1' }], rowCount: 1 });
      return Promise.resolve({ rows: [], rowCount: 1 });
    },
    release: () => {
      released += 1;
    },
  };
  const pool = { connect: () => Promise.resolve(client) } as unknown as pg.Pool;
  return { pool, statements, released: () => released };
}

describe('applyStats', () => {
  it('does nothing for no events', async () => {
    const { pool, statements } = fakePool();
    expect(await applyStats(pool, [])).toBe(0);
    expect(statements).toEqual([]);
  });

  it('records the ids first, then each event’s statements, in one transaction', async () => {
    const { pool, statements, released } = fakePool();
    expect(await applyStats(pool, [auctionCreated('e1'), accepted('e2')])).toBe(2);

    expect(statements).toEqual([
      { name: 'BEGIN', values: [] },
      { name: 'stats-processed-events', values: ['stats', ['e1', 'e2']] },
      {
        name: 'stats-auction-created',
        values: ['auction-1', 'item-1', 1000, '2030-01-01T12:00:30.000Z'],
      },
      { name: 'stats-item-created', values: ['item-1'] },
      { name: 'stats-auction-bidder', values: ['auction-1', 'alice'] },
      { name: 'stats-user-bid-accepted', values: ['alice', 1, '2030-01-01T12:00:30.000Z'] },
      { name: 'stats-auction-bid', values: ['auction-1', 1, '2030-01-01T12:00:30.000Z'] },
      { name: 'stats-bid-volume', values: ['2030-01-01T12:00:30.000Z'] },
      { name: 'COMMIT', values: [] },
    ]);
    expect(released()).toBe(1);
  });

  it('counts a bidder once per auction: a known bidder adds no distinct bidder', async () => {
    const { pool, statements } = fakePool({ knownBidders: ['auction-1/alice'] });
    await applyStats(pool, [accepted('e3')]);
    expect(statements.find((s) => s.name === 'stats-user-bid-accepted')?.values[1]).toBe(0);
    expect(statements.find((s) => s.name === 'stats-auction-bid')?.values[1]).toBe(0);
  });

  it('skips an event whose id was seen before, and applies an id twice in one batch once', async () => {
    const { pool, statements } = fakePool({ fresh: ['new'] });
    expect(await applyStats(pool, [accepted('old'), accepted('new'), accepted('new')])).toBe(1);
    expect(statements.filter((s) => s.name === 'stats-user-bid-accepted')).toHaveLength(1);
  });

  it('a rejected bid counts for its bidder and the minute', async () => {
    const { pool, statements } = fakePool();
    await applyStats(pool, [bidRejected('e4', 'bob')]);
    expect(statements.slice(2, -1)).toEqual([
      { name: 'stats-user-bid-rejected', values: ['bob', '2030-01-01T12:00:30.000Z'] },
      { name: 'stats-bid-volume', values: ['2030-01-01T12:00:30.000Z'] },
    ]);
  });

  it('a sold auction closes its stats and credits the winner and the item', async () => {
    const { pool, statements } = fakePool();
    await applyStats(pool, [auctionClosed('e5', 'alice', 2500)]);
    expect(statements.slice(2, -1)).toEqual([
      { name: 'stats-auction-closed', values: ['auction-1', 2500, 'sold'] },
      { name: 'stats-user-won', values: ['alice', 2500, '2030-01-01T12:00:30.000Z'] },
      { name: 'stats-item-sold', values: ['item-1', 2500] },
    ]);
  });

  it('an unsold auction only closes its stats', async () => {
    const { pool, statements } = fakePool();
    await applyStats(pool, [auctionClosed('e6', null, null)]);
    expect(statements.slice(2, -1).map((s) => s.name)).toEqual(['stats-auction-closed']);
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
      { name: 'stats-auction-extended', values: ['auction-1', '2030-01-01T12:00:30.000Z'] },
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
