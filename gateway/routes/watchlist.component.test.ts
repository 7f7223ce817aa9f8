/**
 * The watch list (in-memory ports, at most 2 auctions here): PUT, DELETE and GET
 * /me/watchlist, and the notifications a watched auction brings. Expected answers are written
 * out from the README's API section.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  MISSING_AUCTION,
  PROBLEM_JSON,
  call,
  openAuction,
  startTestGateway,
  type TestGateway,
} from '../testing/test-gateway.js';

const A1 = 'a1a1a1a1-0000-4000-8000-000000000001';
const A2 = 'a2a2a2a2-0000-4000-8000-000000000002';
const A3 = 'a3a3a3a3-0000-4000-8000-000000000003';

let gw: TestGateway;
let token: string;
let n = 0;

beforeAll(async () => {
  gw = await startTestGateway({ watchlistMax: 2 });
});
afterAll(() => gw.close());
beforeEach(async () => {
  // A fresh user each test: the watch lists are not cleared between tests.
  token = await gw.token(`watcher-${++n}`);
  gw.world.auctions.clear();
  gw.stored.events.length = 0;
  for (const id of [A1, A2, A3]) gw.world.put(openAuction(id, { title: `Lot ${id.slice(0, 2)}` }));
});

const watch = (id: string) => call(gw, 'PUT', `/me/watchlist/${id}`, { token });
const ids = (body: unknown) =>
  (body as { items: { auctionId: string }[] }).items.map((a) => a.auctionId);

describe('the watch list', () => {
  it('PUT answers 204, GET lists the watched auctions last added first', async () => {
    expect((await watch(A1)).status).toBe(204);
    expect((await watch(A2)).status).toBe(204);
    const answer = await call(gw, 'GET', '/me/watchlist', { token });
    expect(answer.status).toBe(200);
    expect(ids(answer.body)).toEqual([A2, A1]);
    expect(answer.body).toMatchObject({
      total: 2,
      limit: 20,
      offset: 0,
      next: null,
      items: [{ auctionId: A2, title: 'Lot a2', status: 'open' }, { auctionId: A1 }],
    });
  });

  it('PUT twice keeps one entry; DELETE removes it, and DELETE again is still 204', async () => {
    await watch(A1);
    expect((await watch(A1)).status).toBe(204);
    const listed = await call(gw, 'GET', '/me/watchlist', { token });
    expect(listed.body).toMatchObject({ total: 1 });
    expect((await call(gw, 'DELETE', `/me/watchlist/${A1}`, { token })).status).toBe(204);
    expect((await call(gw, 'DELETE', `/me/watchlist/${A1}`, { token })).status).toBe(204);
    const after = await call(gw, 'GET', '/me/watchlist', { token });
    expect(after.body).toMatchObject({ items: [], total: 0, next: null });
  });

  it('pages with next', async () => {
    await watch(A1);
    await watch(A2);
    const answer = await call(gw, 'GET', '/me/watchlist?limit=1', { token });
    expect(ids(answer.body)).toEqual([A2]);
    expect(answer.body).toMatchObject({ total: 2, next: '/me/watchlist?limit=1&offset=1' });
  });

  it('answers 409 watchlist_full beyond the most it holds', async () => {
    await watch(A1);
    await watch(A2);
    const answer = await watch(A3);
    expect(answer.status).toBe(409);
    expect(answer.contentType).toBe(PROBLEM_JSON);
    expect(answer.body).toEqual({
      type: '/problems/watchlist_full',
      title: 'Conflict',
      status: 409,
      code: 'watchlist_full',
      detail: 'You watch 2 auctions already, the most a watch list holds: remove one first.',
      max: 2,
      instance: `/me/watchlist/${A3}`,
    });
    // One already there is no addition.
    expect((await watch(A2)).status).toBe(204);
  });

  it.each([MISSING_AUCTION, 'not-a-uuid'])('PUT %s answers 404 auction_not_found', async (id) => {
    const answer = await watch(id);
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ code: 'auction_not_found', auctionId: id });
  });

  it('DELETE of an id that cannot be an auction answers 404 auction_not_found', async () => {
    const answer = await call(gw, 'DELETE', '/me/watchlist/not-a-uuid', { token });
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ code: 'auction_not_found' });
  });

  it.each([
    ['PUT', `/me/watchlist/${A1}`],
    ['DELETE', `/me/watchlist/${A1}`],
    ['GET', '/me/watchlist'],
  ])('%s %s answers 401 without a token', async (method, path) => {
    const answer = await call(gw, method, path);
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ code: 'unauthorized' });
  });

  it('GET ?limit=0 answers 400 invalid_query naming limit', async () => {
    const answer = await call(gw, 'GET', '/me/watchlist?limit=0', { token });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'invalid_query', field: 'limit' });
  });

  it('a watched auction brings its close, extension and cancellation to the watcher', async () => {
    await watch(A1);
    const at = (minute: number) => `2030-01-01T11:0${minute}:00.000Z`;
    gw.stored.add({
      eventId: 'x1',
      auctionId: A1,
      type: 'AuctionExtended',
      data: { previousEndsAt: 0, newEndsAt: 60_000, byBidId: 'b' },
      occurredAt: at(1),
    });
    gw.stored.add({
      eventId: 'x2',
      auctionId: A1,
      type: 'AuctionClosed',
      data: { outcome: 'sold', winnerId: 'bob', priceCents: 1250, closedAt: 0 },
      occurredAt: at(2),
    });
    gw.stored.add({
      eventId: 'x3',
      auctionId: A2,
      type: 'AuctionCancelled',
      data: { cancelledBy: 'seller-1', cancelledAt: 0 },
      occurredAt: at(3),
    });
    const answer = await call(gw, 'GET', '/me/notifications', { token });
    const items = (answer.body as { items: { id: string; kind: string; message: string }[] }).items;
    expect(items.map((i) => [i.id, i.kind, i.message])).toEqual([
      ['x2', 'closed', 'Lot a1 sold for 12.50 USD'],
      ['x1', 'extended', 'Lot a1 was extended: it now ends at 1970-01-01 00:01:00 UTC'],
    ]);
  });
});
