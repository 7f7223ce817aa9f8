/**
 * GET /auctions's search, order and paging (in-memory ports). The expected orders and pages are
 * written out from the auctions each test puts, as the README's API section describes them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  MINUTE,
  NOW,
  call,
  openAuction,
  startTestGateway,
  type TestGateway,
} from '../testing/test-gateway.js';

const WATCH = 'a1a1a1a1-0000-4000-8000-000000000001';
const OMEGA = 'a2a2a2a2-0000-4000-8000-000000000002';
const CHAIR = 'a3a3a3a3-0000-4000-8000-000000000003';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

beforeEach(() => {
  gw.world.auctions.clear();
  // Put oldest first: WATCH ends last, CHAIR soonest.
  gw.world.put(
    openAuction(WATCH, {
      title: 'Cartier wristwatch',
      endsAt: new Date(NOW + 30 * MINUTE).toISOString(),
    }),
  );
  gw.world.put(
    openAuction(OMEGA, {
      title: 'Omega WATCH 50%',
      endsAt: new Date(NOW + 20 * MINUTE).toISOString(),
    }),
  );
  gw.world.put(
    openAuction(CHAIR, { title: 'Red chair', endsAt: new Date(NOW + 10 * MINUTE).toISOString() }),
  );
});

const ids = (body: unknown) =>
  (body as { items: { auctionId: string }[] }).items.map((a) => a.auctionId);

describe('GET /auctions', () => {
  it('lists the newest first by default, with total, limit, offset and next', async () => {
    const answer = await call(gw, 'GET', '/auctions');
    expect(answer.status).toBe(200);
    expect(ids(answer.body)).toEqual([CHAIR, OMEGA, WATCH]);
    expect(answer.body).toMatchObject({ total: 3, limit: 20, offset: 0, next: null });
  });

  it.each([
    ['watch', [OMEGA, WATCH]],
    ['WaTcH', [OMEGA, WATCH]],
    ['cartier  watch', [WATCH]],
    ['wrist', [WATCH]],
    ['50%', [OMEGA]],
    ['%', [OMEGA]],
    ['_', []],
    ['sofa', []],
  ])('?q=%s finds the titles holding every word, in any case', async (q, expected) => {
    const answer = await call(gw, 'GET', `/auctions?q=${encodeURIComponent(q)}`);
    expect(answer.status).toBe(200);
    expect(ids(answer.body)).toEqual(expected);
    expect(answer.body).toMatchObject({ total: expected.length });
  });

  it('?sort=ending_soonest puts the earliest end first', async () => {
    const answer = await call(gw, 'GET', '/auctions?status=open&sort=ending_soonest');
    expect(answer.status).toBe(200);
    expect(ids(answer.body)).toEqual([CHAIR, OMEGA, WATCH]);
    const newest = await call(gw, 'GET', '/auctions?sort=newest&q=watch');
    expect(ids(newest.body)).toEqual([OMEGA, WATCH]);
  });

  it('pages with next until the last page, keeping the query', async () => {
    const first = await call(gw, 'GET', '/auctions?sort=ending_soonest&limit=2');
    expect(ids(first.body)).toEqual([CHAIR, OMEGA]);
    expect(first.body).toMatchObject({
      total: 3,
      limit: 2,
      offset: 0,
      next: '/auctions?sort=ending_soonest&limit=2&offset=2',
    });
    const second = await call(gw, 'GET', (first.body as { next: string }).next);
    expect(ids(second.body)).toEqual([WATCH]);
    expect(second.body).toMatchObject({ total: 3, limit: 2, offset: 2, next: null });
  });

  it.each([
    [`q=${'x'.repeat(101)}`, 'q'],
    ['q=a%00b', 'q'],
    ['sort=cheapest', 'sort'],
    ['offset=-1', 'offset'],
  ])('?%s answers 400 invalid_query naming %s', async (query, field) => {
    const answer = await call(gw, 'GET', `/auctions?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'invalid_query', field });
  });

  it.each(['', '%20%20'])('takes an empty q (%s) as no filter', async (q) => {
    const answer = await call(gw, 'GET', `/auctions?q=${q}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ total: 3 });
  });

  it('takes a query of 100 characters', async () => {
    const answer = await call(gw, 'GET', `/auctions?q=${'x'.repeat(100)}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ total: 0, next: null });
  });
});
