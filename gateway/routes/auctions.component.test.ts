/**
 * The HTTP API in this process (createApp on in-memory ports): creating, reading, listing and
 * cancelling auctions, and what every route shares (auth, health, readiness, unknown routes,
 * bodies too large or not JSON). Expected answers are written out from the README's API section
 * and the refusal table, not computed by the code under test.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { published } from '../testing/in-memory-ports.js';
import {
  BUY_NOW_50,
  CLOSED_UNSOLD,
  MINUTE,
  MISSING_AUCTION,
  PROBLEM_JSON,
  NOW,
  aUuid,
  call,
  including,
  openAuction,
  startTestGateway,
  type TestGateway,
} from '../testing/test-gateway.js';

const A1 = 'a1a1a1a1-0000-4000-8000-000000000001';
const A2 = 'a2a2a2a2-0000-4000-8000-000000000002';
const A3 = 'a3a3a3a3-0000-4000-8000-000000000003';

/** The README's example auction. */
const WATCH = {
  itemId: 'watch-1',
  title: 'Cartier wristwatch',
  startingPrice: '99.00',
  durationSeconds: 600,
  reservePrice: '150.00',
  antiSnipingWindowSeconds: 30,
  antiSnipingExtensionSeconds: 60,
};

let gw: TestGateway;
let seller: string;
let alice: string;

beforeAll(async () => {
  gw = await startTestGateway();
  seller = await gw.token('seller-1');
  alice = await gw.token('alice');
});
afterAll(() => gw.close());
beforeEach(() => {
  gw.world.auctions.clear();
  gw.world.commands.clear();
  gw.publisher.commands.length = 0;
  gw.publisher.onPublish = undefined;
});

describe('POST /auctions', () => {
  it('publishes CreateAuction and answers 202 pending with the new id', async () => {
    const answer = await call(gw, 'POST', '/auctions', { token: seller, body: WATCH });

    expect(answer.status).toBe(202);
    const body = answer.body as { auctionId: string; commandId: string };
    expect(body).toEqual({
      auctionId: aUuid(),
      commandId: aUuid(),
      status: 'pending',
    });
    expect(answer.headers.get('location')).toBe(`/auctions/${body.auctionId}`);
    expect(published(gw.publisher)).toEqual([
      {
        type: 'CreateAuction',
        auctionId: body.auctionId,
        fields: including({
          commandId: body.commandId,
          auctionId: body.auctionId,
          issuedBy: 'seller-1',
          issuedAt: NOW,
          itemId: 'watch-1',
          title: 'Cartier wristwatch',
          startingPriceCents: 9900,
          reservePriceCents: 15000,
          buyNowPriceCents: null,
          startsAt: NOW,
          endsAt: NOW + 600_000,
          antiSnipingWindowMs: 30_000,
          antiSnipingExtensionMs: 60_000,
          incrementTable: null,
          externalRef: null,
        }),
      },
    ]);
  });

  it('answers 201 with the auction once it is decided within ?wait', async () => {
    gw.publisher.onPublish = (command) => {
      gw.world.commands.set(String(command.fields.commandId), {
        accepted: true,
        reason: null,
        detail: null,
      });
      gw.world.put(openAuction(command.auctionId, { itemId: 'watch-1', title: 'Cartier' }));
    };
    const answer = await call(gw, 'POST', '/auctions?wait=5000', { token: seller, body: WATCH });

    expect(answer.status).toBe(201);
    const [command] = published(gw.publisher);
    expect(answer.body).toMatchObject({
      auctionId: command!.auctionId,
      itemId: 'watch-1',
      sellerId: 'seller-1',
      status: 'open',
    });
  });

  it('answers a rejection decided within ?wait with its problem, decided and with the ids', async () => {
    gw.publisher.onPublish = (command) =>
      gw.world.commands.set(String(command.fields.commandId), {
        accepted: false,
        reason: 'auction_already_exists',
        detail: null,
      });
    const answer = await call(gw, 'POST', '/auctions?wait=5000', { token: seller, body: WATCH });

    const [command] = published(gw.publisher);
    expect(answer.status).toBe(409);
    expect(answer.contentType).toBe(PROBLEM_JSON);
    expect(answer.body).toEqual({
      type: '/problems/auction_already_exists',
      title: 'Conflict',
      status: 409,
      code: 'auction_already_exists',
      detail: 'An auction with this id already exists.',
      commandId: command!.fields.commandId,
      auctionId: command!.auctionId,
      decided: true,
      instance: '/auctions?wait=5000',
    });
  });

  it('refuses a bad amount with 400 naming the field, and publishes nothing', async () => {
    const answer = await call(gw, 'POST', '/auctions', {
      token: seller,
      body: { ...WATCH, startingPrice: 'abc' },
    });
    expect(answer.status).toBe(400);
    expect(answer.contentType).toBe(PROBLEM_JSON);
    expect(answer.body).toEqual({
      type: '/problems/invalid_body',
      title: 'Bad Request',
      status: 400,
      code: 'invalid_body',
      detail: 'startingPrice: must be a decimal amount such as "12.50"',
      field: 'startingPrice',
      instance: '/auctions',
    });
    expect(gw.publisher.commands).toEqual([]);
  });

  it('refuses a body field naming the user: only the token says who acts', async () => {
    const answer = await call(gw, 'POST', '/auctions', {
      token: seller,
      body: { ...WATCH, sellerId: 'mallory' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      code: 'invalid_body',
      field: 'sellerId',
      detail: "unknown field 'sellerId'",
    });
  });

  it('refuses an end before the start with 400 naming endsAt', async () => {
    const answer = await call(gw, 'POST', '/auctions', {
      token: seller,
      body: {
        itemId: 'x',
        title: 'x',
        startingPrice: '1.00',
        startsAt: new Date(NOW + 10 * MINUTE).toISOString(),
        endsAt: new Date(NOW + 5 * MINUTE).toISOString(),
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'invalid_body', field: 'endsAt' });
  });

  it('refuses terms the rules cannot work with (a reserve below the start) with 422 invalid_command', async () => {
    const answer = await call(gw, 'POST', '/auctions', {
      token: seller,
      body: { ...WATCH, reservePrice: '50.00' },
    });
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({
      type: '/problems/invalid_command',
      title: 'Unprocessable Content',
      status: 422,
      code: 'invalid_command',
    });
    expect(gw.publisher.commands).toEqual([]);
  });

  it('refuses a second open auction of the same item with 409 item_has_open_auction', async () => {
    gw.world.put(openAuction(A1, { itemId: 'watch-1' }));
    const answer = await call(gw, 'POST', '/auctions', { token: seller, body: WATCH });
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({
      code: 'item_has_open_auction',
      detail: `you already have an open auction of item watch-1 (${A1})`,
    });
  });

  it.each([
    ['no Authorization header', undefined],
    ['a token signed with another secret', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'],
  ])('answers 401 with WWW-Authenticate for %s', async (_label, token) => {
    const answer = await call(gw, 'POST', '/auctions', {
      ...(token === undefined ? {} : { token }),
      body: WATCH,
    });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    expect(answer.body).toMatchObject({
      type: '/problems/unauthorized',
      title: 'Unauthorized',
      status: 401,
      code: 'unauthorized',
    });
    expect(gw.publisher.commands).toEqual([]);
  });
});

describe('reading auctions', () => {
  it('GET /auctions/:id answers the complete view', async () => {
    const ownTable = [
      { fromCents: 0, from: '0.00', incrementCents: 25, increment: '0.25' },
      { fromCents: 2000, from: '20.00', incrementCents: 100, increment: '1.00' },
    ];
    gw.world.put(
      openAuction(A1, {
        itemId: 'watch-1',
        leaderId: 'alice',
        bidCount: 2,
        minimumNextBidCents: 1025,
        minimumNextBid: '10.25',
        antiSnipingWindowSeconds: 30,
        antiSnipingExtensionSeconds: 60,
        incrementTable: ownTable,
      }),
    );
    const answer = await call(gw, 'GET', `/auctions/${A1}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      auctionId: A1,
      itemId: 'watch-1',
      title: 'A test item',
      sellerId: 'seller-1',
      externalRef: null,
      status: 'open',
      currency: 'USD',
      startingPriceCents: 1000,
      startingPrice: '10.00',
      visiblePriceCents: 1000,
      visiblePrice: '10.00',
      // The price plus the auction's own increment at it.
      minimumNextBidCents: 1025,
      minimumNextBid: '10.25',
      buyNowPriceCents: null,
      buyNowPrice: null,
      leaderId: 'alice',
      bidCount: 2,
      hasReserve: false,
      reserveMet: null,
      startsAt: '2030-01-01T11:00:00.000Z',
      endsAt: '2030-01-01T13:00:00.000Z',
      antiSnipingWindowSeconds: 30,
      antiSnipingExtensionSeconds: 60,
      incrementTable: [
        { fromCents: 0, from: '0.00', incrementCents: 25, increment: '0.25' },
        { fromCents: 2000, from: '20.00', incrementCents: 100, increment: '1.00' },
      ],
      outcome: null,
      winnerId: null,
      finalPriceCents: null,
      sequence: 1,
    });
  });

  it('GET /auctions/:id shows a not-yet-started auction as scheduled, buy-now still offered', async () => {
    gw.world.put(
      openAuction(A1, {
        status: 'scheduled',
        startsAt: new Date(NOW + 30 * MINUTE).toISOString(),
        ...BUY_NOW_50,
      }),
    );
    const answer = await call(gw, 'GET', `/auctions/${A1}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      status: 'scheduled',
      currency: 'USD',
      // No bid yet: the starting price.
      minimumNextBidCents: 1000,
      minimumNextBid: '10.00',
      buyNowPriceCents: 5000,
      buyNowPrice: '50.00',
      startsAt: '2030-01-01T12:30:00.000Z',
    });
  });

  it.each([MISSING_AUCTION, 'not-a-uuid'])(
    'GET /auctions/%s answers 404 auction_not_found',
    async (id) => {
      const answer = await call(gw, 'GET', `/auctions/${id}`);
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({
        type: '/problems/auction_not_found',
        title: 'Not Found',
        status: 404,
        code: 'auction_not_found',
        detail: 'There is no such auction.',
        auctionId: id,
        instance: `/auctions/${id}`,
      });
    },
  );

  it.each([
    ['closed', A2],
    ['scheduled', A3],
    ['open', A1],
  ])('GET /auctions?status=%s filters and pages', async (status, id) => {
    gw.world.put(openAuction(A1));
    gw.world.put(openAuction(A2, CLOSED_UNSOLD));
    gw.world.put(
      openAuction(A3, { status: 'scheduled', startsAt: new Date(NOW + MINUTE).toISOString() }),
    );
    const answer = await call(gw, 'GET', `/auctions?status=${status}&limit=5`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ total: 1, limit: 5, offset: 0 });
    expect(
      (answer.body as { items: { auctionId: string }[] }).items.map((a) => a.auctionId),
    ).toEqual([id]);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['status=sold', 'status'],
    ['colour=red', 'colour'],
  ])('GET /auctions?%s answers 400 invalid_query naming %s', async (query, field) => {
    const answer = await call(gw, 'GET', `/auctions?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'invalid_query', field });
  });

  it('GET /auctions/:id/bids answers the price steps as a page, each naming who led after it', async () => {
    gw.world.put(openAuction(A1));
    const step = (
      bidId: string,
      bidderId: string,
      cents: number,
      leading: boolean,
      leaderId: string,
    ) => ({
      bidId,
      bidderId,
      visiblePriceCents: cents,
      visiblePrice: (cents / 100).toFixed(2),
      leading,
      leaderId,
      placedAt: '2030-01-01T11:30:00.000Z',
    });
    // Dana's 20.00 proxy, then Erin's 15.00, which the proxy beat at once, then Ivan's 30.00.
    const steps = [
      step('b1', 'dana', 1000, true, 'dana'),
      step('b2', 'erin', 1550, false, 'dana'),
      step('b3', 'ivan', 2100, true, 'ivan'),
    ];
    gw.world.steps.set(A1, steps);

    const all = await call(gw, 'GET', `/auctions/${A1}/bids`);
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ items: steps, total: 3, limit: 20, offset: 0, next: null });

    const first = await call(gw, 'GET', `/auctions/${A1}/bids?limit=2`);
    expect(first.body).toEqual({
      items: steps.slice(0, 2),
      total: 3,
      limit: 2,
      offset: 0,
      next: `/auctions/${A1}/bids?limit=2&offset=2`,
    });
    const second = await call(gw, 'GET', (first.body as { next: string }).next);
    expect(second.body).toEqual({
      items: steps.slice(2),
      total: 3,
      limit: 2,
      offset: 2,
      next: null,
    });
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['offset=-1', 'offset'],
    ['page=2', 'page'],
  ])('GET /auctions/:id/bids?%s answers 400 invalid_query naming %s', async (query, field) => {
    gw.world.put(openAuction(A1));
    const answer = await call(gw, 'GET', `/auctions/${A1}/bids?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toBe(PROBLEM_JSON);
    expect(answer.body).toMatchObject({ code: 'invalid_query', field });
  });

  it('GET /auctions/:id/bids of an auction that does not exist answers 404', async () => {
    const answer = await call(gw, 'GET', `/auctions/${MISSING_AUCTION}/bids?limit=5`);
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ code: 'auction_not_found' });
  });
});

describe('POST /auctions/:id/cancel', () => {
  it('publishes CancelAuction for the seller and answers 202 pending', async () => {
    gw.world.put(openAuction(A1));
    const answer = await call(gw, 'POST', `/auctions/${A1}/cancel`, { token: seller });
    expect(answer.status).toBe(202);
    const [command] = published(gw.publisher);
    expect(answer.body).toEqual({ commandId: command!.fields.commandId, status: 'pending' });
    expect(command).toMatchObject({
      type: 'CancelAuction',
      auctionId: A1,
      fields: { auctionId: A1, issuedBy: 'seller-1', issuedAt: NOW },
    });
  });

  it('answers 200 with the decision once it is decided within ?wait', async () => {
    gw.world.put(openAuction(A1));
    gw.publisher.onPublish = (command) =>
      gw.world.commands.set(String(command.fields.commandId), {
        accepted: true,
        reason: null,
        detail: null,
      });
    const answer = await call(gw, 'POST', `/auctions/${A1}/cancel?wait=1000`, { token: seller });
    expect(answer.status).toBe(200);
    const [command] = published(gw.publisher);
    expect(answer.body).toEqual({
      commandId: command!.fields.commandId,
      status: 'decided',
      accepted: true,
      reason: null,
      detail: null,
    });
  });

  it.each([
    ['someone else', {}, 'alice', 403, 'not_seller', 'Only the seller can cancel an auction.'],
    [
      'an auction with bids',
      { bidCount: 1 },
      'seller-1',
      409,
      'has_bids',
      'An auction with bids cannot be cancelled.',
    ],
    [
      'a closed auction',
      CLOSED_UNSOLD,
      'seller-1',
      409,
      'auction_closed',
      'The auction is closed or cancelled.',
    ],
  ])(
    'refuses %s early with the table status',
    async (_l, overrides, user, status, code, detail) => {
      gw.world.put(openAuction(A1, overrides));
      const token = user === 'alice' ? alice : seller;
      const answer = await call(gw, 'POST', `/auctions/${A1}/cancel`, { token });
      expect(answer.status).toBe(status);
      expect(answer.body).toEqual({
        type: `/problems/${code}`,
        title: status === 403 ? 'Forbidden' : 'Conflict',
        status,
        code,
        detail,
        auctionId: A1,
        instance: `/auctions/${A1}/cancel`,
      });
      expect(gw.publisher.commands).toEqual([]);
    },
  );
});

describe('what every route shares', () => {
  it('GET /health answers ok', async () => {
    const answer = await call(gw, 'GET', '/health');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'ok' });
  });

  it('GET /ready answers 200 with each check while they pass', async () => {
    const answer = await call(gw, 'GET', '/ready');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ ok: true, checks: { postgres: { ok: true } } });
  });

  it('GET /ready answers 503 naming the check that fails', async () => {
    const failing = await startTestGateway({
      checks: {
        postgres: () => Promise.resolve(),
        kafka: () => Promise.reject(new Error('no broker in the cluster metadata')),
      },
    });
    try {
      const answer = await call(failing, 'GET', '/ready');
      expect(answer.status).toBe(503);
      expect(answer.body).toEqual({
        ok: false,
        checks: {
          postgres: { ok: true },
          kafka: { ok: false, error: 'no broker in the cluster metadata' },
        },
      });
    } finally {
      await failing.close();
    }
  });

  it('answers an unknown route with 404 no_such_route', async () => {
    const answer = await call(gw, 'DELETE', '/auctions');
    expect(answer.status).toBe(404);
    expect(answer.contentType).toBe(PROBLEM_JSON);
    expect(answer.body).toEqual({
      type: '/problems/no_such_route',
      title: 'Not Found',
      status: 404,
      code: 'no_such_route',
      detail: 'no route for DELETE /auctions',
      instance: '/auctions',
    });
  });

  it('answers a body over the limit with 413 body_too_large', async () => {
    const answer = await call(gw, 'POST', '/auctions', {
      token: seller,
      body: { ...WATCH, title: 'x'.repeat(20_000) },
    });
    expect(answer.status).toBe(413);
    expect(answer.body).toEqual({
      type: '/problems/body_too_large',
      title: 'Payload Too Large',
      status: 413,
      code: 'body_too_large',
      detail: 'The request body is larger than 16384 bytes.',
      instance: '/auctions',
    });
  });

  it('answers a body that is not JSON with 400 malformed_json', async () => {
    const answer = await call(gw, 'POST', '/auctions', { token: seller, body: '{"itemId":' });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      type: '/problems/malformed_json',
      title: 'Bad Request',
      status: 400,
      code: 'malformed_json',
      detail: 'The request body is not valid JSON.',
      instance: '/auctions',
    });
  });

  it('gives every answer a correlation id, the client’s own when it is sane', async () => {
    const answer = await call(gw, 'GET', '/health', {
      headers: { 'x-correlation-id': 'trace-42' },
    });
    expect(answer.headers.get('x-correlation-id')).toBe('trace-42');
  });
});
