/** The bid path's auction facts: from events when it saw them, from (batched) Postgres otherwise. */
import { describe, expect, it } from 'vitest';
import { auctionDirectory, type AuctionFacts } from './auction-directory.js';
import type { EventDataByType, EventType } from '../../contracts/events.js';
import { anEvent } from '../testing/events.js';

const HOUR = 3_600_000;
/** The public terms of an AuctionCreated event. */
const TERMS = { sellerId: 'sam', startsAt: 0, endsAt: HOUR, buyNowPriceCents: null };
const row = (status: AuctionFacts['status'], bidCount = 0): AuctionFacts => ({
  status,
  sellerId: 'sam',
  startsAt: 0,
  endsAt: HOUR,
  bidCount,
  buyNowPriceCents: undefined,
});

function store(rows: Record<string, AuctionFacts>) {
  const loads: string[][] = [];
  return {
    loads,
    rows,
    load: (ids: readonly string[]) => {
      loads.push([...ids]);
      return Promise.resolve(
        new Map(ids.flatMap((id) => (rows[id] ? [[id, rows[id]] as const] : []))),
      );
    },
  };
}

const event = <K extends EventType>(
  type: K,
  auctionId: string,
  data: Partial<EventDataByType[K]> = {},
) => anEvent(type, auctionId, 1, data);

describe('auctionDirectory', () => {
  it('answers from the events it saw, without reading Postgres', async () => {
    const db = store({});
    const directory = auctionDirectory(db.load, () => 1000);
    directory.observe(event('AuctionCreated', 'a1', TERMS));
    expect(await directory.facts('a1')).toEqual(row('open'));
    directory.observe(event('AuctionClosed', 'a1', { outcome: 'sold' }));
    expect(await directory.facts('a1')).toMatchObject({ status: 'closed', sellerId: 'sam' });
    expect(db.loads).toEqual([]);
  });

  it('reads auctions it has not seen in one query, remembers them, and does not remember absence', async () => {
    const db = store({ a1: row('open') });
    const directory = auctionDirectory(db.load, () => 1000);
    const [a1, missing] = await Promise.all([directory.facts('a1'), directory.facts('nope')]);
    expect(a1).toMatchObject({ status: 'open' });
    expect(missing).toBeUndefined();
    expect(db.loads).toEqual([['a1', 'nope']]);
    await directory.facts('a1');
    await directory.facts('nope');
    expect(db.loads).toEqual([['a1', 'nope'], ['nope']]);
  });

  it('reads an open auction again once its end has passed: its close may be on the way', async () => {
    let clock = 1000;
    const db = store({ a1: row('open') });
    const directory = auctionDirectory(db.load, () => clock);
    directory.observe(event('AuctionCreated', 'a1', TERMS));
    clock = HOUR;
    db.rows.a1 = row('closed');
    expect(await directory.facts('a1')).toMatchObject({ status: 'closed' });
    expect(db.loads).toEqual([['a1']]);
  });

  it('follows an extension: still open, no read, until the new end', async () => {
    let clock = 1000;
    const db = store({});
    const directory = auctionDirectory(db.load, () => clock);
    directory.observe(event('AuctionCreated', 'a1', TERMS));
    directory.observe(event('AuctionExtended', 'a1', { newEndsAt: 2 * HOUR }));
    clock = HOUR + 1;
    expect(await directory.facts('a1')).toMatchObject({ status: 'open', endsAt: 2 * HOUR });
    expect(db.loads).toEqual([]);
  });

  it('keeps an event that arrived while Postgres was being read over what was read', async () => {
    let release!: () => void;
    const directory = auctionDirectory(
      async () => {
        await new Promise<void>((resolve) => (release = resolve));
        return new Map([['a1', row('open')]]);
      },
      () => 1000,
    );
    const reading = directory.facts('a1');
    await new Promise((resolve) => setImmediate(resolve)); // the batch has gone to Postgres
    directory.observe(event('AuctionCreated', 'a1', TERMS));
    directory.observe(event('AuctionCancelled', 'a1'));
    release();
    expect(await reading).toMatchObject({ status: 'cancelled' });
    expect(await directory.facts('a1')).toMatchObject({ status: 'cancelled' });
  });

  it('ignores a close of an auction it never saw (Postgres already has it final)', async () => {
    const db = store({ a1: row('closed') });
    const directory = auctionDirectory(db.load, () => 1000);
    directory.observe(event('AuctionClosed', 'a1'));
    expect(directory.size).toBe(0);
    expect(await directory.facts('a1')).toMatchObject({ status: 'closed' });
  });

  it('counts accepted bids and keeps the buy-now price: what the admission rules read', async () => {
    const db = store({});
    const directory = auctionDirectory(db.load, () => 1000);
    directory.observe(event('AuctionCreated', 'a1', { ...TERMS, buyNowPriceCents: 5000 }));
    expect(await directory.facts('a1')).toMatchObject({ bidCount: 0, buyNowPriceCents: 5000 });
    directory.observe(event('BidRejected', 'a1', { reason: 'below_starting_price' }));
    directory.observe(event('BidAccepted', 'a1', { leading: true }));
    expect(await directory.facts('a1')).toMatchObject({ bidCount: 1, startsAt: 0 });
    expect(db.loads).toEqual([]);
  });

  it('forgets the oldest auctions past its bound', async () => {
    const db = store({ a1: row('open') });
    const directory = auctionDirectory(db.load, () => 1000, 2);
    for (const id of ['a1', 'a2', 'a3']) directory.observe(event('AuctionCreated', id, TERMS));
    expect(directory.size).toBe(2);
    await directory.facts('a3');
    await directory.facts('a1');
    expect(db.loads).toEqual([['a1']]);
  });
});
