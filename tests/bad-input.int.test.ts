/** Bad input gets a clear 4xx problem+json naming the problem, and writes nothing to Kafka. */
import { SignJWT } from 'jose';
import { jwtSettings } from '../gateway/config/config.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, tokenFor, type Reply } from './http.js';
import { upgradeStatus } from './live-client.js';
import { startPipeline, type Pipeline } from './services.js';
import { messagesOn } from './topic-offsets.js';
import { uniqueName } from './support.js';

let pipeline: Pipeline;
let call: ReturnType<typeof client>;
let openAuction: string;
let closedAuction: string;
const seller = uniqueName('seller');

const commandsOnTopic = () => messagesOn(pipeline.topics.commands);

beforeAll(async () => {
  pipeline = await startPipeline({ closeGraceMs: 0 });
  call = client(pipeline.gatewayUrl);
  const create = async (durationMs: number) => {
    const reply = await call('POST', '/auctions?wait=15000', {
      user: seller,
      json: {
        itemId: uniqueName('item'),
        title: 'Xbox',
        startingPrice: '10.00',
        endsAt: new Date(Date.now() + durationMs).toISOString(),
      },
    });
    return String(reply.body.auctionId);
  };
  openAuction = await create(600_000);
  closedAuction = await create(1500);
  for (let i = 0; i < 100; i += 1) {
    if ((await call('GET', `/auctions/${closedAuction}`)).body.status === 'closed') break;
    await new Promise((r) => setTimeout(r, 100));
  }
}, 90_000);

afterAll(async () => {
  await pipeline?.stop();
});

const bid = (auctionId: string, options: Parameters<ReturnType<typeof client>>[2]) =>
  call('POST', `/auctions/${auctionId}/bids`, {
    headers: { 'idempotency-key': uniqueName('k') },
    ...options,
  });

function expectProblem(reply: Reply, status: number, code: string, field?: string) {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.contentType).toContain('application/problem+json');
  expect(reply.body).toMatchObject({ status, code, type: `/problems/${code}` });
  expect(typeof reply.body.detail).toBe('string');
  // A problem names the offending field exactly when the request had one (none: no field).
  expect(reply.body.field).toBe(field);
}

describe('bad bids are refused before anything is written', () => {
  const amounts: [string, unknown][] = [
    ['zero', 0],
    ['negative', -5],
    ['non-numeric', 'ten dollars'],
    ['over-precise', '10.001'],
    ['missing', undefined],
  ];

  it.each(amounts)('a %s amount: 400 naming maxAmount', async (_label, maxAmount) => {
    const before = await commandsOnTopic();
    expectProblem(
      await bid(openAuction, { user: 'alice', json: { maxAmount } }),
      400,
      'invalid_body',
      'maxAmount',
    );
    expect(await commandsOnTopic()).toBe(before);
  });

  it('refuses an unknown auction (404), a closed one (409) and the seller (403)', async () => {
    const before = await commandsOnTopic();
    expectProblem(
      await bid('00000000-0000-4000-8000-000000000000', { user: 'alice', json: { maxAmount: 20 } }),
      404,
      'auction_not_found',
    );
    expectProblem(
      await bid('not-a-uuid', { user: 'alice', json: { maxAmount: 20 } }),
      404,
      'auction_not_found',
    );
    expectProblem(
      await bid(closedAuction, { user: 'alice', json: { maxAmount: 20 } }),
      409,
      'auction_closed',
    );
    expectProblem(
      await bid(openAuction, { user: seller, json: { maxAmount: 20 } }),
      403,
      'seller_cannot_bid',
    );
    expect(await commandsOnTopic()).toBe(before);
  });

  it('refuses a missing, expired or forged token (401)', async () => {
    const before = await commandsOnTopic();
    expectProblem(await bid(openAuction, { json: { maxAmount: 20 } }), 401, 'unauthorized');
    expectProblem(
      await bid(openAuction, { token: await tokenFor('alice', -10), json: { maxAmount: 20 } }),
      401,
      'unauthorized',
    );
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuer('auction-stream')
      .setAudience('auction-api')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('an-attacker-secret-that-is-long-enough!!'));
    expectProblem(
      await bid(openAuction, { token: forged, json: { maxAmount: 20 } }),
      401,
      'unauthorized',
    );
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"alice"}').toString('base64url')}.`;
    expectProblem(
      await bid(openAuction, { token: unsigned, json: { maxAmount: 20 } }),
      401,
      'unauthorized',
    );
    expect(await commandsOnTopic()).toBe(before);
  });

  it('refuses an oversized body (413), malformed JSON (400), unknown fields and a missing Idempotency-Key', async () => {
    const before = await commandsOnTopic();
    expectProblem(
      await bid(openAuction, {
        user: 'alice',
        raw: JSON.stringify({ maxAmount: 20, pad: 'x'.repeat(40_000) }),
      }),
      413,
      'body_too_large',
    );
    expectProblem(
      await bid(openAuction, { user: 'alice', raw: '{"maxAmount": 20' }),
      400,
      'malformed_json',
    );
    expectProblem(
      await bid(openAuction, { user: 'alice', json: { maxAmount: 20, bidderId: 'bob' } }),
      400,
      'invalid_body',
      'bidderId',
    );
    expectProblem(
      await call('POST', `/auctions/${openAuction}/bids`, {
        user: 'alice',
        json: { maxAmount: 20 },
      }),
      400,
      'missing_idempotency_key',
      'Idempotency-Key',
    );
    expect(await commandsOnTopic()).toBe(before);
  });
});

describe('bad auctions and queries', () => {
  it('refuses a create with a bad price or end, naming the field', async () => {
    const create = (json: Record<string, unknown>) =>
      call('POST', '/auctions', { user: seller, json });
    const base = {
      itemId: uniqueName('item'),
      title: 'Palm',
      startingPrice: '5.00',
      durationSeconds: 60,
    };
    expectProblem(
      await create({ ...base, startingPrice: '-1' }),
      400,
      'invalid_body',
      'startingPrice',
    );
    // Well-formed, but terms the rules refuse: the domain's reason, as the processor would give it,
    // with the field as the request spells it.
    const lowReserve = await create({ ...base, reservePrice: '1.00' });
    expectProblem(lowReserve, 422, 'invalid_command', 'reservePrice');
    expect(String(lowReserve.body.detail)).toContain('reservePrice');
    expectProblem(
      await create({ ...base, durationSeconds: undefined }),
      400,
      'invalid_body',
      'endsAt',
    );
    expectProblem(
      await create({ ...base, sellerId: 'someone-else' }),
      400,
      'invalid_body',
      'sellerId',
    );
  });

  it('refuses bad list parameters and answers 404 for an unknown route', async () => {
    expectProblem(await call('GET', '/auctions?status=maybe'), 400, 'invalid_query', 'status');
    expectProblem(await call('GET', '/auctions?limit=1000'), 400, 'invalid_query', 'limit');
    expectProblem(await call('GET', '/nowhere'), 404, 'no_such_route');
  });

  it('lists auctions with filters and paging', async () => {
    const page = await call('GET', `/auctions?sellerId=${seller}&status=open&limit=1`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ limit: 1, offset: 0 });
    expect((page.body.items as { auctionId: string }[]).map((a) => a.auctionId)).toEqual([
      openAuction,
    ]);
  });
});

describe('values a store cannot hold are refused where they enter', () => {
  const base = () => ({ itemId: uniqueName('item'), title: 'Clock', startingPrice: '5.00' });
  const create = (json: Record<string, unknown>) =>
    call('POST', '/auctions', { user: seller, json: { ...base(), ...json } });
  const days = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

  it.each([
    ['a start in year 9999', { startsAt: '9999-12-31T23:59:59Z', durationSeconds: 60 }, 'startsAt'],
    ['a start in year 0', { startsAt: '0000-01-01T00:00:00Z', durationSeconds: 60 }, 'startsAt'],
    ['a start an hour ago', { startsAt: days(-1 / 24), durationSeconds: 7200 }, 'startsAt'],
    ['a start over a year ahead', { startsAt: days(400), durationSeconds: 60 }, 'startsAt'],
    ['an end in year 9999', { endsAt: '9999-12-31T23:59:59Z' }, 'endsAt'],
    ['an end 31 days after the start', { endsAt: days(31) }, 'endsAt'],
    ['a 31-day duration', { durationSeconds: 31 * 86_400 }, 'durationSeconds'],
    ['a NUL in the title', { title: 'Clo\u0000ck', durationSeconds: 60 }, 'title'],
    ['a control character in the item id', { itemId: 'item\u0007', durationSeconds: 60 }, 'itemId'],
    [
      'a C1 control in the external ref',
      { externalRef: 'ref\u0085', durationSeconds: 60 },
      'externalRef',
    ],
  ])('%s: 400 naming the field, nothing written', async (_label, json, field) => {
    const before = await commandsOnTopic();
    expectProblem(await create(json), 400, 'invalid_body', field);
    expect(await commandsOnTopic()).toBe(before);
  });

  it('accepts the largest bounds: a start a year ahead, running 30 days', async () => {
    const start = Date.now() + 364 * 86_400_000;
    const reply = await create({
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 30 * 86_400_000).toISOString(),
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(202);
  });
});

describe('token subjects are user ids', () => {
  const settings = jwtSettings();
  const tokenWithSubject = (subject: string) =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(subject)
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(settings.secret));

  const upgradeStatusOf = (token: string) =>
    upgradeStatus(`${pipeline.gatewayUrl.replace('http', 'ws')}/ws?token=${token}`);

  it.each([
    ['a NUL', 'ali\u0000ce'],
    ['a newline', 'alice\n'],
    ['nothing but a space', ' '],
    ['65 characters', 'x'.repeat(65)],
  ])('a subject with %s: 401 over HTTP and WebSocket, nothing written', async (_label, subject) => {
    const before = await commandsOnTopic();
    const token = await tokenWithSubject(subject);
    const reply = await bid(openAuction, { token, json: { maxAmount: 20 } });
    expectProblem(reply, 401, 'unauthorized');
    expect(String(reply.body.detail)).toContain('subject');
    const created = await call('POST', '/auctions', {
      token,
      json: {
        itemId: uniqueName('item'),
        title: 'Fan',
        startingPrice: '1.00',
        durationSeconds: 60,
      },
    });
    expectProblem(created, 401, 'unauthorized');
    expect(await upgradeStatusOf(token)).toBe(401);
    expect(await commandsOnTopic()).toBe(before);
  });

  it('a subject with Unicode letters and a space is a user', async () => {
    const reply = await bid(openAuction, {
      token: await tokenWithSubject('Zoë Smith'),
      json: { maxAmount: 20 },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(202);
  });

  it('/dev/token signs only user ids, normalised to NFC', async () => {
    expectProblem(
      await call('POST', '/dev/token', { json: { userId: 'mal\u0000lory' } }),
      400,
      'invalid_body',
      'userId',
    );
    const signed = await call('POST', '/dev/token', { json: { userId: 'Zoe\u0308 Smith' } });
    expect(signed.status).toBe(200);
    expect(signed.body.userId).toBe('Zoë Smith');
  });
});
