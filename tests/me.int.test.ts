/**
 * Issue 15 on the real pipeline: GET /auctions's search, order and paging; the bid decision's
 * `extended`; 415 for bodies that are not JSON; and the signed-in user's lists (notifications
 * from the stored events, bids, auctions sold, the watch list). The database is shared by every
 * test file, so every user, item and title word here is unique. Expected prices come from the
 * reference model's increments (reference-model/), expected times from the answers the
 * test itself got (the end it was given, the time its bid was stamped).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, type Reply } from './http.js';
import { ebayIncrement } from '../reference-model/increments.js';
import { toAmount, toCents } from '../reference-model/money.js';
import { startPipeline, type Pipeline } from './services.js';
import { uniqueName } from './support.js';

let pipeline: Pipeline;
let call: ReturnType<typeof client>;

beforeAll(async () => {
  pipeline = await startPipeline();
  call = client(pipeline.gatewayUrl);
}, 90_000);

afterAll(async () => {
  await pipeline?.stop();
});

interface Created {
  readonly auctionId: string;
  readonly title: string;
  readonly endsAt: string;
  readonly currency: string;
}

/** Opens an auction as `seller` and waits for it to be decided. */
async function createAuction(seller: string, terms: Record<string, unknown>): Promise<Created> {
  const reply = await call('POST', '/auctions?wait=15000', {
    user: seller,
    json: { itemId: uniqueName('item'), startingPrice: '99.00', durationSeconds: 600, ...terms },
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body as unknown as Created;
}

const placeBid = (user: string, auctionId: string, maxAmount: string) =>
  call('POST', `/auctions/${auctionId}/bids?wait=15000`, {
    user,
    json: { maxAmount },
    headers: { 'idempotency-key': uniqueName('key') },
  });

async function untilClosed(auctionId: string) {
  let view = await call('GET', `/auctions/${auctionId}`);
  for (let i = 0; i < 200 && view.body.status !== 'closed'; i += 1) {
    await new Promise((r) => setTimeout(r, 100));
    view = await call('GET', `/auctions/${auctionId}`);
  }
  expect(view.body.status, JSON.stringify(view.body)).toBe('closed');
  return view.body;
}

const idsOf = (reply: Reply) =>
  (reply.body.items as { auctionId: string }[]).map((a) => a.auctionId);

interface Note {
  readonly kind: string;
  readonly auctionId: string;
  readonly message: string;
  readonly [field: string]: unknown;
}
const notesOf = async (user: string) => {
  const reply = await call('GET', '/me/notifications', { user });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body.items as Note[];
};

describe('GET /auctions: search, order, paging', () => {
  it('finds the titles holding every word of q, orders by the end, and pages with next', async () => {
    const tag = uniqueName('zq').replace('-', '');
    const seller = uniqueName('seller');
    const made = [
      await createAuction(seller, { title: `${tag} Alpha lamp`, durationSeconds: 900 }),
      await createAuction(seller, { title: `${tag} beta LAMP 50%`, durationSeconds: 300 }),
      await createAuction(seller, { title: `${tag} gamma chair`, durationSeconds: 600 }),
    ];
    // The oracle: the ends the gateway gave, sorted here.
    const bySoonest = [...made]
      .sort((a, b) => Date.parse(a.endsAt) - Date.parse(b.endsAt))
      .map((a) => a.auctionId);

    const lamps = await call(
      'GET',
      `/auctions?q=${encodeURIComponent(`lamp ${tag.toUpperCase()}`)}`,
    );
    expect(lamps.status).toBe(200);
    expect(new Set(idsOf(lamps))).toEqual(new Set([made[0]!.auctionId, made[1]!.auctionId]));
    expect(lamps.body).toMatchObject({ total: 2, next: null });

    const percent = await call('GET', `/auctions?q=${encodeURIComponent(`${tag} 50%`)}`);
    expect(idsOf(percent)).toEqual([made[1]!.auctionId]);
    const underscore = await call('GET', `/auctions?q=${encodeURIComponent(`${tag} _`)}`);
    expect(underscore.body).toMatchObject({ items: [], total: 0 });

    const first = await call('GET', `/auctions?q=${tag}&sort=ending_soonest&limit=2`);
    expect(idsOf(first)).toEqual(bySoonest.slice(0, 2));
    expect(first.body).toMatchObject({ total: 3, limit: 2, offset: 0 });
    expect(typeof first.body.next).toBe('string');
    const second = await call('GET', String(first.body.next));
    expect(idsOf(second)).toEqual(bySoonest.slice(2));
    expect(second.body).toMatchObject({ total: 3, offset: 2, next: null });

    // Newest first: the order they were made in, reversed.
    const newest = await call('GET', `/auctions?q=${tag}`);
    expect(idsOf(newest)).toEqual(made.map((a) => a.auctionId).reverse());
  });

  it('answers 400 naming q when it is longer than 100 characters', async () => {
    const reply = await call('GET', `/auctions?q=${'x'.repeat(101)}`);
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ code: 'invalid_query', field: 'q' });
  });
});

describe('the bid decision and extensions', () => {
  it('says extended when the bid moved the end, null when it did not', async () => {
    const seller = uniqueName('seller');
    const bidder = uniqueName('bidder');
    const extensionSeconds = 600;
    // The whole auction is inside the window, and the extension is longer than the time left.
    const late = await createAuction(seller, {
      title: uniqueName('Late lot'),
      durationSeconds: 60,
      antiSnipingWindowSeconds: 120,
      antiSnipingExtensionSeconds: extensionSeconds,
    });
    const bid = await placeBid(bidder, late.auctionId, '120.00');
    expect(bid.status, JSON.stringify(bid.body)).toBe(200);
    const newEndsAt = new Date(
      Date.parse(String(bid.body.placedAt)) + extensionSeconds * 1000,
    ).toISOString();
    expect(bid.body.extended).toEqual({ previousEndsAt: late.endsAt, newEndsAt });
    expect((await call('GET', `/auctions/${late.auctionId}`)).body.endsAt).toBe(newEndsAt);

    const calm = await createAuction(seller, { title: uniqueName('Calm lot') });
    const plain = await placeBid(bidder, calm.auctionId, '120.00');
    expect(plain.body).toMatchObject({ accepted: true, extended: null });

    const notes = await notesOf(bidder);
    expect(notes.map((n) => [n.kind, n.auctionId])).toEqual([['extended', late.auctionId]]);
    expect(notes[0]).toMatchObject({ previousEndsAt: late.endsAt, newEndsAt });
    expect(notes[0]!.message).toContain(`${late.title} was extended`);
  });
});

describe('415 unsupported_media_type', () => {
  it('refuses a bid sent as text/plain, naming the header', async () => {
    const seller = uniqueName('seller');
    const { auctionId } = await createAuction(seller, { title: uniqueName('Lot') });
    const reply = await call('POST', `/auctions/${auctionId}/bids`, {
      user: uniqueName('bidder'),
      raw: '{"maxAmount":"120.00"}',
      headers: { 'content-type': 'text/plain', 'idempotency-key': uniqueName('key') },
    });
    expect(reply.status).toBe(415);
    expect(reply.contentType).toContain('application/problem+json');
    expect(reply.body).toMatchObject({ code: 'unsupported_media_type', field: 'Content-Type' });
    // A cancel takes no body and needs no content type.
    const cancelled = await call('POST', `/auctions/${auctionId}/cancel?wait=15000`, {
      user: seller,
    });
    expect(cancelled.body).toMatchObject({ status: 'decided', accepted: true });
  });
});

describe("a closed auction in everyone's lists", () => {
  it('tells the winner, the outbid loser, the seller and a watcher; lists bids with standings', async () => {
    const seller = uniqueName('seller');
    const [alice, bob, carol, dave] = ['alice', 'bob', 'carol', 'dave'].map(uniqueName) as [
      string,
      string,
      string,
      string,
    ];
    const auction = await createAuction(seller, {
      title: uniqueName('Cartier wristwatch'),
      endsAt: new Date(Date.now() + 8000).toISOString(),
      durationSeconds: undefined,
    });
    const { auctionId, title, currency } = auction;
    expect((await call('PUT', `/me/watchlist/${auctionId}`, { user: carol })).status).toBe(204);

    const aliceMax = '175.00';
    const bobMax = '120.00';
    expect((await placeBid(alice, auctionId, aliceMax)).body).toMatchObject({ accepted: true });
    expect((await placeBid(bob, auctionId, bobMax)).body).toMatchObject({
      accepted: true,
      leading: false,
    });
    const refused = await placeBid(dave, auctionId, '99.00');
    expect(refused.status).toBe(422);

    // The reference model: the runner-up's maximum plus the increment at it, under the leader's.
    const priceCents = Math.min(
      toCents(aliceMax),
      toCents(bobMax) + ebayIncrement(toCents(bobMax)),
    );
    const price = `${toAmount(priceCents)} ${currency}`;

    // Before the close: bob is outbid and knows it; alice leads.
    const bobBefore = await call('GET', '/me/bids', { user: bob });
    expect(bobBefore.body.items).toMatchObject([{ auctionId, standing: 'outbid' }]);

    const closed = await untilClosed(auctionId);
    expect(closed).toMatchObject({ winnerId: alice, finalPriceCents: priceCents });

    expect((await notesOf(alice)).map((n) => [n.kind, n.message])).toEqual([
      ['won', `You won ${title} for ${price}`],
    ]);
    expect((await notesOf(bob)).map((n) => [n.kind, n.message])).toEqual([
      ['lost', `You did not win ${title}: it sold for ${price}`],
      ['outbid', `You were outbid on ${title}: now ${price}`],
    ]);
    // The seller hears of each accepted bid (alice's opened at the starting price) and the sale.
    expect((await notesOf(seller)).map((n) => [n.kind, n.message])).toEqual([
      ['sold', `Your ${title} sold to ${alice} for ${price}`],
      ['new_bid', `New bid on ${title}: ${price}`],
      ['new_bid', `New bid on ${title}: 99.00 ${currency}`],
    ]);
    expect((await notesOf(carol)).map((n) => [n.kind, n.message])).toEqual([
      ['closed', `${title} sold for ${price}`],
    ]);
    expect(await notesOf(dave)).toEqual([]);

    const aliceBids = await call('GET', '/me/bids', { user: alice });
    expect(aliceBids.body).toMatchObject({
      total: 1,
      next: null,
      items: [
        {
          auctionId,
          title,
          status: 'closed',
          maxAmountCents: toCents(aliceMax),
          accepted: true,
          standing: 'won',
        },
      ],
    });
    const bobBids = await call('GET', '/me/bids', { user: bob });
    expect(bobBids.body.items).toMatchObject([
      { auctionId, maxAmountCents: toCents(bobMax), standing: 'lost' },
    ]);
    // Bob never sees alice's maximum.
    expect(JSON.stringify(bobBids.body)).not.toContain(String(toCents(aliceMax)));
    const daveBids = await call('GET', '/me/bids', { user: dave });
    expect(daveBids.body.items).toMatchObject([
      { auctionId, accepted: false, reason: 'below_minimum_increment', standing: 'refused' },
    ]);
  });

  it('tells a watcher of a cancellation', async () => {
    const seller = uniqueName('seller');
    const watcher = uniqueName('watcher');
    const { auctionId, title } = await createAuction(seller, { title: uniqueName('Vase') });
    await call('PUT', `/me/watchlist/${auctionId}`, { user: watcher });
    const cancelled = await call('POST', `/auctions/${auctionId}/cancel?wait=15000`, {
      user: seller,
    });
    expect(cancelled.body).toMatchObject({ status: 'decided', accepted: true });
    expect((await notesOf(watcher)).map((n) => [n.kind, n.auctionId, n.message])).toEqual([
      ['cancelled', auctionId, `${title} was cancelled by its seller`],
    ]);
  });
});

describe('GET /me/auctions and the watch list', () => {
  it('lists the auctions I sell newest first, and the auctions I watch last added first', async () => {
    const seller = uniqueName('seller');
    const watcher = uniqueName('watcher');
    const first = await createAuction(seller, { title: uniqueName('First') });
    const second = await createAuction(seller, { title: uniqueName('Second') });

    const mine = await call('GET', '/me/auctions?limit=1', { user: seller });
    expect(mine.status).toBe(200);
    expect(idsOf(mine)).toEqual([second.auctionId]);
    expect(mine.body).toMatchObject({ total: 2, limit: 1, offset: 0 });
    expect(idsOf(await call('GET', String(mine.body.next), { user: seller }))).toEqual([
      first.auctionId,
    ]);

    for (const a of [first, second, first])
      expect((await call('PUT', `/me/watchlist/${a.auctionId}`, { user: watcher })).status).toBe(
        204,
      );
    const watched = await call('GET', '/me/watchlist', { user: watcher });
    expect(idsOf(watched)).toEqual([second.auctionId, first.auctionId]);
    expect(watched.body).toMatchObject({ total: 2, next: null });

    expect(
      (await call('DELETE', `/me/watchlist/${second.auctionId}`, { user: watcher })).status,
    ).toBe(204);
    expect(idsOf(await call('GET', '/me/watchlist', { user: watcher }))).toEqual([first.auctionId]);

    const missing = await call('PUT', '/me/watchlist/ffffffff-0000-4000-8000-00000000000f', {
      user: watcher,
    });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'auction_not_found' });
    expect((await call('GET', '/me/watchlist')).status).toBe(401);
  });
});
