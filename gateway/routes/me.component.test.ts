/**
 * The signed-in user's lists (in-memory ports): GET /me/notifications. The expected sentences
 * and orders are written out here from the README's API section, not computed by the gateway.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StoredBid } from '../testing/in-memory-ports.js';
import type { EventData } from '../../processors/read-side.js';
import type { StoredEvent } from '../testing/in-memory-personal.js';
import {
  PROBLEM_JSON,
  call,
  openAuction,
  startTestGateway,
  type TestGateway,
} from '../testing/test-gateway.js';

const WATCH = 'a1a1a1a1-0000-4000-8000-000000000001';
const CHAIR = 'a2a2a2a2-0000-4000-8000-000000000002';
const OMEGA = 'a3a3a3a3-0000-4000-8000-000000000003';

let gw: TestGateway;
let alice: string;

beforeAll(async () => {
  gw = await startTestGateway({ currency: 'EUR' });
  alice = await gw.token('alice');
});
afterAll(() => gw.close());

/** An accepted bid of `bidderId`'s on `auctionId`, with their maximum. */
function bid(
  bidId: string,
  auctionId: string,
  bidderId: string,
  maxAmountCents = 20000,
): StoredBid {
  return {
    bidId,
    auctionId,
    bidderId,
    accepted: true,
    reason: null,
    visiblePriceCents: 10000,
    visiblePrice: '100.00',
    leading: false,
    placedAt: '2030-01-01T11:00:00.000Z',
    kind: 'bid',
    maxAmountCents,
  };
}

const event = (
  eventId: string,
  auctionId: string,
  minute: number,
  typed: EventData<StoredEvent['type']>,
): StoredEvent => ({
  eventId,
  auctionId,
  ...typed,
  occurredAt: `2030-01-01T11:${String(minute).padStart(2, '0')}:00.000Z`,
});

const ENDS = Date.UTC(2030, 0, 1, 12, 0, 0);
const EXTENDED_TO = Date.UTC(2030, 0, 1, 12, 5, 0);

beforeEach(() => {
  gw.world.auctions.clear();
  gw.world.bids.clear();
  gw.stored.events.length = 0;
  gw.world.put(openAuction(WATCH, { title: 'Cartier wristwatch', sellerId: 'seller-1' }));
  gw.world.put(openAuction(CHAIR, { title: 'Red chair', sellerId: 'alice' }));
  gw.world.put(openAuction(OMEGA, { title: 'Omega watch', sellerId: 'seller-1' }));
  for (const b of [bid('b1', WATCH, 'alice'), bid('b2', WATCH, 'bob'), bid('b3', OMEGA, 'carol')])
    gw.world.bids.set(b.bidId, b);
  const events = [
    event('e1', WATCH, 1, {
      type: 'Outbid',
      data: {
        bidderId: 'alice',
        leaderId: 'bob',
        visiblePriceCents: 15250,
        shownAmountCents: 15000,
      },
    }),
    event('e2', WATCH, 2, {
      type: 'AuctionExtended',
      data: {
        previousEndsAt: ENDS,
        newEndsAt: EXTENDED_TO,
        byBidId: 'b2',
      },
    }),
    event('e3', WATCH, 3, {
      type: 'AuctionClosed',
      data: {
        outcome: 'sold',
        winnerId: 'bob',
        priceCents: 15250,
        closedAt: EXTENDED_TO,
      },
    }),
    event('e4', CHAIR, 4, {
      type: 'AuctionClosed',
      data: {
        outcome: 'no_bids',
        winnerId: null,
        priceCents: null,
        closedAt: ENDS,
      },
    }),
    event('e5', OMEGA, 5, {
      type: 'Outbid',
      data: {
        bidderId: 'carol',
        leaderId: 'dave',
        visiblePriceCents: 5000,
        shownAmountCents: 4900,
      },
    }),
    event('e6', OMEGA, 6, {
      type: 'AuctionCancelled',
      data: { cancelledBy: 'seller-1', cancelledAt: ENDS },
    }),
  ];
  for (const e of events) gw.stored.add(e);
});

const at = (minute: number) => `2030-01-01T11:0${minute}:00.000Z`;

describe('GET /me/notifications', () => {
  it("answers alice's, newest first: the auction she sold, lost, saw extended and was outbid on", async () => {
    const answer = await call(gw, 'GET', '/me/notifications', { token: alice });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      items: [
        {
          id: 'e4',
          kind: 'unsold',
          auctionId: CHAIR,
          title: 'Red chair',
          at: at(4),
          currency: 'EUR',
          message: 'Your Red chair did not sell: there was no bid',
          outcome: 'no_bids',
          winnerId: null,
          priceCents: null,
          price: null,
        },
        {
          id: 'e3',
          kind: 'lost',
          auctionId: WATCH,
          title: 'Cartier wristwatch',
          at: at(3),
          currency: 'EUR',
          message: 'You did not win Cartier wristwatch: it sold for 152.50 EUR',
          outcome: 'sold',
          winnerId: 'bob',
          priceCents: 15250,
          price: '152.50',
        },
        {
          id: 'e2',
          kind: 'extended',
          auctionId: WATCH,
          title: 'Cartier wristwatch',
          at: at(2),
          currency: 'EUR',
          message: 'Cartier wristwatch was extended: it now ends at 2030-01-01 12:05:00 UTC',
          previousEndsAt: '2030-01-01T12:00:00.000Z',
          newEndsAt: '2030-01-01T12:05:00.000Z',
        },
        {
          id: 'e1',
          kind: 'outbid',
          auctionId: WATCH,
          title: 'Cartier wristwatch',
          at: at(1),
          currency: 'EUR',
          message: 'You were outbid on Cartier wristwatch: now 152.50 EUR',
          leaderId: 'bob',
          visiblePriceCents: 15250,
          visiblePrice: '152.50',
        },
      ],
      total: 4,
      limit: 20,
      offset: 0,
      next: null,
    });
  });

  it.each([
    [
      'bob',
      [
        ['e3', 'won', 'You won Cartier wristwatch for 152.50 EUR'],
        ['e2', 'extended'],
      ],
    ],
    ['seller-1', [['e3', 'sold', 'Your Cartier wristwatch sold to bob for 152.50 EUR']]],
    [
      'carol',
      [
        ['e6', 'cancelled', 'Omega watch was cancelled by its seller'],
        ['e5', 'outbid', 'You were outbid on Omega watch: now 50.00 EUR'],
      ],
    ],
    ['dave', []],
  ])('answers %s only what is addressed to them', async (user, expected) => {
    const answer = await call(gw, 'GET', '/me/notifications', { token: await gw.token(user) });
    expect(answer.status).toBe(200);
    const items = (answer.body as { items: { id: string; kind: string; message: string }[] }).items;
    expect(items.map((n) => [n.id, n.kind])).toEqual(expected.map(([id, kind]) => [id, kind]));
    for (const [i, [, , message]] of expected.entries())
      if (message) expect(items[i]?.message).toBe(message);
  });

  it('pages with next', async () => {
    const first = await call(gw, 'GET', '/me/notifications?limit=3', { token: alice });
    expect(first.body).toMatchObject({
      total: 4,
      limit: 3,
      offset: 0,
      next: '/me/notifications?limit=3&offset=3',
    });
    const second = await call(gw, 'GET', (first.body as { next: string }).next, { token: alice });
    expect(second.body).toMatchObject({ total: 4, offset: 3, next: null });
    expect((second.body as { items: { id: string }[] }).items.map((n) => n.id)).toEqual(['e1']);
  });

  it('answers 401 without a token', async () => {
    const answer = await call(gw, 'GET', '/me/notifications');
    expect(answer.status).toBe(401);
    expect(answer.contentType).toBe(PROBLEM_JSON);
    expect(answer.body).toMatchObject({ code: 'unauthorized' });
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['offset=x', 'offset'],
    ['kind=won', 'kind'],
  ])('?%s answers 400 invalid_query naming %s', async (query, field) => {
    const answer = await call(gw, 'GET', `/me/notifications?${query}`, { token: alice });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'invalid_query', field });
  });
});

describe('GET /me/bids', () => {
  beforeEach(() => {
    gw.world.bids.clear();
    gw.world.put(
      openAuction(WATCH, {
        title: 'Cartier wristwatch',
        leaderId: 'alice',
        bidCount: 2,
        visiblePriceCents: 15000,
        visiblePrice: '150.00',
      }),
    );
    gw.world.put(
      openAuction(OMEGA, {
        title: 'Omega watch',
        status: 'closed',
        leaderId: 'alice',
        winnerId: 'alice',
        outcome: 'sold',
        visiblePriceCents: 5000,
        visiblePrice: '50.00',
      }),
    );
    const placed = (minute: number) => `2030-01-01T11:${String(minute).padStart(2, '0')}:00.000Z`;
    const bids: StoredBid[] = [
      { ...bid('b1', WATCH, 'alice', 20000), placedAt: placed(0) },
      { ...bid('b2', WATCH, 'bob', 14000), placedAt: placed(5) },
      { ...bid('b4', OMEGA, 'alice', 6000), placedAt: placed(20) },
      { ...bid('b6', OMEGA, 'bob', 4500), placedAt: placed(21) },
      {
        ...bid('b5', WATCH, 'alice', 15100),
        accepted: false,
        reason: 'not_above_own_maximum',
        placedAt: placed(30),
      },
    ];
    for (const b of bids) gw.world.bids.set(b.bidId, b);
  });

  it("answers alice's bids newest first, with her maximum, the price now and where she stands", async () => {
    const answer = await call(gw, 'GET', '/me/bids', { token: alice });
    expect(answer.status).toBe(200);
    const watch = { auctionId: WATCH, title: 'Cartier wristwatch', status: 'open' };
    const priceNow = { visiblePriceCents: 15000, visiblePrice: '150.00' };
    expect(answer.body).toEqual({
      items: [
        {
          bidId: 'b5',
          ...watch,
          currency: 'EUR',
          ...priceNow,
          kind: 'bid',
          maxAmountCents: 15100,
          maxAmount: '151.00',
          accepted: false,
          reason: 'not_above_own_maximum',
          placedAt: '2030-01-01T11:30:00.000Z',
          standing: 'refused',
        },
        {
          bidId: 'b4',
          auctionId: OMEGA,
          title: 'Omega watch',
          status: 'closed',
          currency: 'EUR',
          visiblePriceCents: 5000,
          visiblePrice: '50.00',
          kind: 'bid',
          maxAmountCents: 6000,
          maxAmount: '60.00',
          accepted: true,
          reason: null,
          placedAt: '2030-01-01T11:20:00.000Z',
          standing: 'won',
        },
        {
          bidId: 'b1',
          ...watch,
          currency: 'EUR',
          ...priceNow,
          kind: 'bid',
          maxAmountCents: 20000,
          maxAmount: '200.00',
          accepted: true,
          reason: null,
          placedAt: '2030-01-01T11:00:00.000Z',
          standing: 'leading',
        },
      ],
      total: 3,
      limit: 20,
      offset: 0,
      next: null,
    });
  });

  it("answers bob's standings, and never alice's maximum", async () => {
    const answer = await call(gw, 'GET', '/me/bids', { token: await gw.token('bob') });
    const items = (answer.body as { items: { bidId: string; standing: string }[] }).items;
    expect(items.map((b) => [b.bidId, b.standing])).toEqual([
      ['b6', 'lost'],
      ['b2', 'outbid'],
    ]);
    expect(JSON.stringify(answer.body)).not.toMatch(/20000|200\.00|6000|60\.00/);
  });

  it('pages with next', async () => {
    const answer = await call(gw, 'GET', '/me/bids?limit=2&offset=0', { token: alice });
    expect(answer.body).toMatchObject({ total: 3, next: '/me/bids?limit=2&offset=2' });
  });

  it.each(['/me/bids', '/me/auctions'])('%s answers 401 without a token', async (path) => {
    const answer = await call(gw, 'GET', path);
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ code: 'unauthorized' });
  });

  it.each([
    ['/me/bids?limit=101', 'limit'],
    ['/me/bids?offset=-1', 'offset'],
    ['/me/auctions?limit=0', 'limit'],
    ['/me/auctions?sellerId=bob', 'sellerId'],
  ])('%s answers 400 invalid_query naming %s', async (path, field) => {
    const answer = await call(gw, 'GET', path, { token: alice });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'invalid_query', field });
  });
});

describe('GET /me/auctions', () => {
  it('answers the auctions the user sells, newest first, paged', async () => {
    const seller = await gw.token('seller-1');
    const answer = await call(gw, 'GET', '/me/auctions?limit=1', { token: seller });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      total: 2,
      limit: 1,
      offset: 0,
      next: '/me/auctions?limit=1&offset=1',
    });
    const first = (answer.body as { items: { auctionId: string }[] }).items;
    expect(first.map((a) => a.auctionId)).toEqual([OMEGA]);
    const mine = await call(gw, 'GET', '/me/auctions', { token: alice });
    expect(mine.body).toMatchObject({ total: 1, items: [{ auctionId: CHAIR, sellerId: 'alice' }] });
  });
});
