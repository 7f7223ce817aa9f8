/**
 * The gateway's security controls against a real gateway (two instances for the rate limit,
 * a third with low limits, and gateways started without development mode): only valid tokens
 * get in, over HTTP and WebSocket; nobody can act as someone else; bids are rate-limited per
 * user and per address across instances, auction creation too; a reused Idempotency-Key with
 * another request is refused; the WebSocket caps hold; foreign browser origins cannot open the
 * WebSocket; without development mode there is no development secret and no /dev/token; a slow
 * client is cut by the server's time-outs; every answer carries the security headers; /ready
 * reports Redis; a padded amount is refused.
 */
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect } from 'node:net';
import { Redis } from 'ioredis';
import { generateKeyPair, SignJWT } from 'jose';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { within } from '../platform/within.js';
import { issueToken } from '../gateway/access/auth.js';
import { jwtSettings } from '../gateway/config/config.js';
import { DEVELOPMENT_JWT_SECRET } from '../gateway/config/development-mode.js';
import { client, tokenFor, type Reply } from './http.js';
import { LiveClient, upgradeStatus } from './live-client.js';
import { startPipeline, type Pipeline } from './services.js';
import { messagesOn } from './topic-offsets.js';
import { spawnGateway, uniqueName, urls } from './support.js';

let pipeline: Pipeline;
let secondGateway: string;
/** A gateway of the same pipeline with low limits and counters of its own. */
let strictGateway: string;
let auctionId: string;
const seller = uniqueName('seller');

const STRICT_LIMITS = {
  GATEWAY_REDIS_PREFIX: uniqueName('strict'),
  BID_RATE_LIMIT_PER_ADDRESS_PER_SECOND: '2',
  BID_RATE_LIMIT_PER_ADDRESS_BURST: '3',
  AUCTION_RATE_LIMIT_PER_MINUTE: '3',
  AUCTION_RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '5',
  DEV_TOKEN_RATE_LIMIT_PER_MINUTE: '3',
  WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '3',
  WS_MAX_CONNECTIONS_PER_USER: '2',
  WS_MAX_FRAMES_PER_SECOND: '5',
  WS_FRAME_BURST: '10',
};

/** Starts one more gateway of the pipeline with `extra` in its environment. */
async function gatewayWith(extra: Record<string, string>) {
  const saved = { ...process.env };
  Object.assign(process.env, extra);
  try {
    return await pipeline.startGateway();
  } finally {
    for (const name of Object.keys(extra)) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  }
}

beforeAll(async () => {
  // Low limits so a burst is quick to send; the gateways inherit them from this environment.
  process.env.BID_RATE_LIMIT_PER_SECOND = '2';
  process.env.BID_RATE_LIMIT_BURST = '3';
  pipeline = await startPipeline();
  secondGateway = await pipeline.startGateway();
  strictGateway = await gatewayWith(STRICT_LIMITS);
  const created = await client(pipeline.gatewayUrl)('POST', '/auctions?wait=15000', {
    user: seller,
    json: {
      itemId: uniqueName('item'),
      title: 'Rolex',
      startingPrice: '10.00',
      durationSeconds: 900,
    },
  });
  expect(created.status).toBe(201);
  auctionId = String(created.body.auctionId);
}, 180_000);

afterAll(async () => {
  await pipeline?.stop();
});

const wsUrl = (gatewayUrl: string, token?: string) =>
  `${gatewayUrl.replace('http', 'ws')}/ws${token === undefined ? '' : `?token=${token}`}`;

function expectProblem(reply: Reply, status: number, code: string, field?: string) {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.contentType).toContain('application/problem+json');
  expect(reply.body).toMatchObject({ status, code });
  // A problem names the offending field exactly when the request had one (none: no field).
  expect(reply.body.field).toBe(field);
}

describe('tokens', () => {
  const settings = jwtSettings();
  const ourKey = new TextEncoder().encode(settings.secret);
  const claims = (change: { issuer?: string; audience?: string; alg?: string } = {}) =>
    new SignJWT({})
      .setProtectedHeader({ alg: change.alg ?? 'HS256' })
      .setSubject('mallory')
      .setIssuer(change.issuer ?? settings.issuer)
      .setAudience(change.audience ?? settings.audience)
      .setExpirationTime('1h');
  const unsigned = () => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const body = { sub: 'mallory', iss: settings.issuer, aud: settings.audience, exp: 2e9 };
    return `${part({ alg: 'none', typ: 'JWT' })}.${part(body)}.`;
  };
  const badTokens: [string, () => Promise<string | undefined>][] = [
    ['no token', () => Promise.resolve(undefined)],
    ['alg: none', () => Promise.resolve(unsigned())],
    [
      'another secret',
      () => claims().sign(new TextEncoder().encode('an-attacker-secret-that-is-long-enough!!')),
    ],
    ['a wrong issuer', () => claims({ issuer: 'evil' }).sign(ourKey)],
    ['a wrong audience', () => claims({ audience: 'other-api' }).sign(ourKey)],
    ['an expired token', () => tokenFor('mallory', -30)],
    ['HS512', () => claims({ alg: 'HS512' }).sign(ourKey)],
    [
      'RS256',
      async () => claims({ alg: 'RS256' }).sign((await generateKeyPair('RS256')).privateKey),
    ],
  ];

  it.each(badTokens)(
    '%s: HTTP 401, WebSocket refused (or read-only without a token), nothing written',
    async (_label, make) => {
      const token = await make();
      const before = await messagesOn(pipeline.topics.commands);
      const reply = await client(pipeline.gatewayUrl)('POST', `/auctions/${auctionId}/bids`, {
        ...(token === undefined ? {} : { token }),
        json: { maxAmount: '20.00' },
        headers: { 'idempotency-key': uniqueName('k') },
      });
      expectProblem(reply, 401, 'unauthorized');
      expect(reply.headers.get('www-authenticate')).toBe('Bearer');
      // Without a token the socket opens read-only, for anonymous visitors (live-feed.int.test.ts
      // shows it may not bid); any token that is present must be valid.
      expect(await upgradeStatus(wsUrl(pipeline.gatewayUrl, token))).toBe(
        token === undefined ? 101 : 401,
      );
      expect(await messagesOn(pipeline.topics.commands)).toBe(before);
    },
  );

  it('a valid token opens the WebSocket', async () => {
    expect(await upgradeStatus(wsUrl(pipeline.gatewayUrl, await tokenFor('alice')))).toBe(101);
  });
});

describe('nobody acts as someone else', () => {
  it('refuses any body field that names a user', async () => {
    const call = client(pipeline.gatewayUrl);
    const headers = { 'idempotency-key': uniqueName('k') };
    for (const field of ['bidderId', 'userId', 'issuedBy']) {
      expectProblem(
        await call('POST', `/auctions/${auctionId}/bids`, {
          user: 'alice',
          headers,
          json: { maxAmount: '20.00', [field]: 'victim' },
        }),
        400,
        'invalid_body',
        field,
      );
    }
    expectProblem(
      await call('POST', `/auctions/${auctionId}/buy-now`, {
        user: 'alice',
        headers,
        json: { userId: 'victim' },
      }),
      400,
      'invalid_body',
      'userId',
    );
    expectProblem(
      await call('POST', `/auctions/${auctionId}/cancel`, {
        user: 'alice',
        json: { sellerId: seller },
      }),
      400,
      'invalid_body',
      'sellerId',
    );
  });

  it('refuses a WebSocket bid naming a user, and counts a bid as the socket’s own user', async () => {
    const bidder = uniqueName('ws-bidder');
    const live = await LiveClient.connect(pipeline.gatewayUrl, bidder);
    const bid = { type: 'bid', auctionId, maxAmount: '30.00', idempotencyKey: uniqueName('k') };
    let from = live.messages.length;
    live.send({ ...bid, userId: 'victim' });
    expect(await live.next(() => true, 10_000, from)).toMatchObject({
      type: 'error',
      code: 'invalid_message',
    });
    from = live.messages.length;
    live.send(bid);
    expect(await live.next(() => true, 10_000, from)).toMatchObject({ type: 'bid_received' });
    const call = client(pipeline.gatewayUrl);
    const deadline = Date.now() + 20_000;
    let view = await call('GET', `/auctions/${auctionId}`);
    while (view.body.leaderId !== bidder && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      view = await call('GET', `/auctions/${auctionId}`);
    }
    expect(view.body.leaderId).toBe(bidder);
    await live.close();
  });
});

describe('the per-user bid rate limit', () => {
  /** Bids as `user` alternately through both gateways until one is refused with 429. */
  async function burstUntilLimited(user: string, path: string, json: unknown) {
    const gateways = [client(pipeline.gatewayUrl), client(secondGateway)];
    const started = Date.now();
    for (let i = 0; i < 50; i += 1) {
      const reply = await gateways[i % 2]!('POST', path, {
        user,
        json,
        headers: { 'idempotency-key': uniqueName('k') },
      });
      if (reply.status === 429)
        return { reply, accepted: i, seconds: (Date.now() - started) / 1000 };
    }
    throw new Error(`50 requests of ${user} in a row were never rate-limited`);
  }

  it('answers 429 with Retry-After past the allowance, shared by both gateways; others go on', async () => {
    const { reply, accepted, seconds } = await burstUntilLimited(
      uniqueName('eager'),
      `/auctions/${auctionId}/bids`,
      { maxAmount: '40.00' },
    );
    expectProblem(reply, 429, 'rate_limited');
    expect(Number(reply.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // One allowance for both gateways: 2 a second (in fixed one-second windows) plus a burst
    // of 3. Counted per instance, the first 10 requests at least would have gone through.
    expect(accepted).toBeLessThanOrEqual(2 * (Math.ceil(seconds) + 1) + 3);
    const other = await client(secondGateway)('POST', `/auctions/${auctionId}/bids`, {
      user: uniqueName('calm'),
      json: { maxAmount: '41.00' },
      headers: { 'idempotency-key': uniqueName('k') },
    });
    expect(other.status).toBe(202);
  });

  it('limits buy-now the same way', async () => {
    const { reply } = await burstUntilLimited(
      uniqueName('buyer'),
      '/auctions/00000000-0000-4000-8000-000000000000/buy-now',
      {},
    );
    expectProblem(reply, 429, 'rate_limited');
  });

  it('answers a WebSocket bid past the allowance with a rate_limited error', async () => {
    const live = await LiveClient.connect(pipeline.gatewayUrl, uniqueName('ws-eager'));
    let limited: Record<string, unknown> | undefined;
    for (let i = 0; i < 50 && !limited; i += 1) {
      const from = live.messages.length;
      live.send({ type: 'bid', auctionId, maxAmount: '50.00', idempotencyKey: `k${i}` });
      const reply = await live.next((m) => m.type !== 'event', 10_000, from);
      if (reply.code === 'rate_limited') limited = reply;
    }
    expect(limited).toMatchObject({ type: 'error', code: 'rate_limited' });
    expect(Number(limited?.retryAfterSeconds)).toBeGreaterThanOrEqual(1);
    live.send({ type: 'ping' });
    await live.next((m) => m.type === 'pong');
    await live.close();
  });
});

describe('WebSocket origins', () => {
  it('refuses an upgrade from a foreign origin with 403, and allows the gateway’s own or none', async () => {
    const url = wsUrl(pipeline.gatewayUrl, await tokenFor('alice'));
    const port = new URL(pipeline.gatewayUrl).port;
    expect(await upgradeStatus(url, 'https://evil.example')).toBe(403);
    expect(await upgradeStatus(url, 'null')).toBe(403);
    expect(await upgradeStatus(url, `http://127.0.0.1:${port}`)).toBe(101);
    expect(await upgradeStatus(url, `http://localhost:${port}`)).toBe(101);
    expect(await upgradeStatus(url)).toBe(101);
  });
});

describe('Idempotency-Key reused for another request', () => {
  const bidWith = (key: string, maxAmount: string, user: string, onAuction = auctionId) =>
    client(pipeline.gatewayUrl)('POST', `/auctions/${onAuction}/bids?wait=15000`, {
      user,
      json: { maxAmount },
      headers: { 'idempotency-key': key },
    });

  it('answers 422 naming the key for another amount or auction; the same request gets the original decision', async () => {
    const user = uniqueName('stripe');
    const key = uniqueName('key');
    const first = await bidWith(key, '210.00', user);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ status: 'decided', accepted: true });
    const before = await messagesOn(pipeline.topics.commands);
    for (const amount of ['500.00', '999.00']) {
      const reused = await bidWith(key, amount, user);
      expectProblem(reused, 422, 'idempotency_key_reused', 'Idempotency-Key');
      expect(String(reused.body.detail)).toContain(key);
    }
    const again = await bidWith(key, '210.00', user);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ bidId: first.body.bidId, accepted: true });
    expect(await messagesOn(pipeline.topics.commands)).toBe(before);
  });

  it('refuses the key on another open auction, and buy-now under a bid’s key', async () => {
    const user = uniqueName('stripe');
    const key = uniqueName('key');
    const other = await client(pipeline.gatewayUrl)('POST', '/auctions?wait=15000', {
      user: seller,
      json: {
        itemId: uniqueName('item'),
        title: 'Omega',
        startingPrice: '10.00',
        durationSeconds: 900,
      },
    });
    expect(other.status).toBe(201);
    expect((await bidWith(key, '60.00', user)).status).toBe(200);
    expectProblem(
      await bidWith(key, '60.00', user, String(other.body.auctionId)),
      422,
      'idempotency_key_reused',
      'Idempotency-Key',
    );
    expectProblem(
      await client(pipeline.gatewayUrl)('POST', `/auctions/${auctionId}/buy-now`, {
        user,
        json: {},
        headers: { 'idempotency-key': key },
      }),
      422,
      'idempotency_key_reused',
      'Idempotency-Key',
    );
  });

  it('still refuses another amount once Redis has forgotten the key (the decided bid in Postgres)', async () => {
    const user = uniqueName('stripe');
    const key = uniqueName('key');
    const first = await bidWith(key, '70.00', user);
    expect(first.status).toBe(200);
    const redis = new Redis(urls.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    const id = createHash('sha256').update(`${user}\u0000${key}`).digest('base64url');
    const removed = await redis.del(`gateway:${pipeline.topics.commands}:idempotency:${id}`);
    redis.disconnect();
    expect(removed).toBe(1);
    expectProblem(
      await bidWith(key, '80.00', user),
      422,
      'idempotency_key_reused',
      'Idempotency-Key',
    );
    expect((await bidWith(key, '70.00', user)).body).toMatchObject({ bidId: first.body.bidId });
  });

  it('refuses it over the WebSocket too, naming idempotencyKey', async () => {
    const live = await LiveClient.connect(pipeline.gatewayUrl, uniqueName('ws-stripe'));
    const key = uniqueName('key');
    const send = (maxAmount: string, requestId: string) => {
      const from = live.messages.length;
      live.send({ type: 'bid', auctionId, maxAmount, idempotencyKey: key, requestId });
      return live.next((m) => m.requestId === requestId, 10_000, from);
    };
    const first = await send('90.00', 'r1');
    expect(first).toMatchObject({ type: 'bid_received' });
    expect(await send('95.00', 'r2')).toMatchObject({
      type: 'error',
      code: 'idempotency_key_reused',
      field: 'idempotencyKey',
    });
    expect(await send('90.00', 'r3')).toMatchObject({ type: 'bid_received', bidId: first.bidId });
    await live.close();
  });
});

describe('limits per client address and on creating auctions', () => {
  it('refuses bids from one address past its allowance, however many users send them', async () => {
    const call = client(strictGateway);
    let refused: Reply | undefined;
    for (let i = 0; i < 40 && !refused; i += 1) {
      // A fresh user each time: no per-user limit is ever met.
      const reply = await call('POST', `/auctions/${auctionId}/bids`, {
        user: uniqueName('sybil'),
        json: { maxAmount: `${100 + i}.00` },
        headers: { 'idempotency-key': uniqueName('k') },
      });
      expect([202, 429]).toContain(reply.status);
      if (reply.status === 429) refused = reply;
    }
    expect(refused, 'never limited').toBeDefined();
    expectProblem(refused!, 429, 'rate_limited');
    expect(String(refused!.body.limit)).toContain('BID_RATE_LIMIT_PER_ADDRESS_PER_SECOND=2');
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('limits auctions created per seller, then per address', async () => {
    const call = client(strictGateway);
    const create = (user: string) =>
      call('POST', '/auctions', {
        user,
        json: {
          itemId: uniqueName('item'),
          title: 'Lamp',
          startingPrice: '1.00',
          durationSeconds: 60,
        },
      });
    const limitedBy = async (nextUser: () => string) => {
      for (let i = 0; i < 20; i += 1) {
        const reply = await create(nextUser());
        if (reply.status === 429) return reply;
        expect(reply.status, JSON.stringify(reply.body)).toBe(202);
      }
      throw new Error('20 auctions in a row were never limited');
    };
    const busySeller = uniqueName('lister');
    const perUser = await limitedBy(() => busySeller);
    expectProblem(perUser, 429, 'rate_limited');
    expect(String(perUser.body.limit)).toContain('AUCTION_RATE_LIMIT_PER_MINUTE=3');
    const perAddress = await limitedBy(() => uniqueName('lister'));
    expectProblem(perAddress, 429, 'rate_limited');
    expect(String(perAddress.body.limit)).toContain('AUCTION_RATE_LIMIT_PER_ADDRESS_PER_MINUTE=5');
  });

  it('limits /dev/token per address', async () => {
    let refused: Reply | undefined;
    for (let i = 0; i < 10 && !refused; i += 1) {
      const reply = await client(strictGateway)('POST', '/dev/token', {
        json: { userId: uniqueName('signin') },
      });
      expect([200, 429]).toContain(reply.status);
      if (reply.status === 429) refused = reply;
    }
    expect(refused, 'never limited').toBeDefined();
    expectProblem(refused!, 429, 'rate_limited');
    expect(String(refused!.body.limit)).toContain('DEV_TOKEN_RATE_LIMIT_PER_MINUTE');
  });
});

describe('WebSocket caps', () => {
  it('refuses a subscription past the cap with an error naming it; the connection stays open', async () => {
    // Auctions that exist: a subscribe to one that does not is refused as auction_not_found.
    const ids: string[] = [];
    for (let i = 1; i <= 3; i += 1) {
      const created = await client(pipeline.gatewayUrl)('POST', '/auctions?wait=15000', {
        user: seller,
        json: {
          itemId: uniqueName('item'),
          title: `Watched ${i}`,
          startingPrice: '10.00',
          durationSeconds: 900,
        },
      });
      expect(created.status).toBe(201);
      ids.push(String(created.body.auctionId));
    }
    const live = await LiveClient.connect(strictGateway, uniqueName('subscriber'));
    for (const id of ids) {
      live.send({ type: 'subscribe', auctionId: id });
      await live.next((m) => m.type === 'subscribed' && m.auctionId === id);
    }
    const from = live.messages.length;
    live.send({ type: 'subscribe', auctionId: auctionId });
    expect(await live.next(() => true, 10_000, from)).toMatchObject({
      type: 'error',
      code: 'subscription_limit',
      limit: 'WS_MAX_SUBSCRIPTIONS_PER_CONNECTION=3',
    });
    live.send({ type: 'unsubscribe', auctionId: ids[0] });
    await live.next((m) => m.type === 'unsubscribed');
    live.send({ type: 'subscribe', auctionId: auctionId });
    await live.next((m) => m.type === 'subscribed' && m.auctionId === auctionId);
    await live.close();
  });

  /** Opens a socket; resolves with its first message and close code (closing it first if asked). */
  function openAndClose(url: string, close = false) {
    return new Promise<{ first: Record<string, unknown>; code: number }>((resolve, reject) => {
      const socket = new WebSocket(url);
      let first: Record<string, unknown> = {};
      socket.once('message', (data: Buffer) => {
        first = JSON.parse(data.toString()) as Record<string, unknown>;
        if (close) socket.close();
      });
      socket.once('close', (code) => resolve({ first, code }));
      socket.once('error', reject);
    });
  }

  it('refuses a user’s connection past the cap with a message naming it, and close code 4029', async () => {
    const user = uniqueName('many-tabs');
    const open = [
      await LiveClient.connect(strictGateway, user),
      await LiveClient.connect(strictGateway, user),
    ];
    const third = await openAndClose(wsUrl(strictGateway, await tokenFor(user)));
    expect(third.code).toBe(4029);
    expect(third.first).toMatchObject({
      type: 'error',
      code: 'connection_limit',
      limit: 'WS_MAX_CONNECTIONS_PER_USER=2',
    });
    await open[0]!.close();
    // One closed: a new one is let in (once the gateway has seen the close).
    const deadline = Date.now() + 10_000;
    let next = await openAndClose(wsUrl(strictGateway, await tokenFor(user)), true);
    while (next.first.type !== 'welcome' && Date.now() < deadline)
      next = await openAndClose(wsUrl(strictGateway, await tokenFor(user)), true);
    expect(next.first).toMatchObject({ type: 'welcome' });
    await open[1]!.close();
  });

  it('closes a connection that sends frames too fast, naming the limit', async () => {
    const live = await LiveClient.connect(strictGateway, uniqueName('flooder'));
    const closed = new Promise<number>((resolve) => live.socket.once('close', resolve));
    for (let i = 0; i < 50; i += 1) live.send({ type: 'ping' });
    expect(await closed).toBe(4029);
    expect(live.messages.find((m) => m.type === 'error')).toMatchObject({
      code: 'frame_rate_limit',
      limit: 'WS_MAX_FRAMES_PER_SECOND=5, WS_FRAME_BURST=10',
    });
  });
});

describe('without development mode', () => {
  const withoutDevelopmentMode = (extra: NodeJS.ProcessEnv) =>
    spawnGateway({ ...pipeline.env, DEVELOPMENT_MODE: '0', ...extra });

  it.each([
    ['without JWT_SECRET', { JWT_SECRET: '' }, 'JWT_SECRET is not set'],
    [
      'with the development JWT_SECRET',
      { JWT_SECRET: DEVELOPMENT_JWT_SECRET },
      'published development secret',
    ],
    ['with a short JWT_SECRET', { JWT_SECRET: 'too-short' }, 'shorter than 32 bytes'],
  ])('the gateway refuses to start %s, saying what to do', async (_label, env, says) => {
    const gateway = withoutDevelopmentMode(env);
    expect(await gateway.exited).toBe(78);
    expect(gateway.output()).toContain(says);
    expect(gateway.output()).toContain('DEVELOPMENT_MODE=1');
  });

  it('with a proper JWT_SECRET it starts, has no /dev/token, and refuses development tokens', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const secret = randomBytes(48).toString('base64');
    const gateway = withoutDevelopmentMode({ JWT_SECRET: secret, GATEWAY_PORT: String(port) });
    try {
      const url = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 60_000;
      while (
        !(await fetch(`${url}/health`).then(
          (r) => r.ok,
          () => false,
        ))
      ) {
        if (gateway.child.exitCode !== null || Date.now() > deadline)
          throw new Error(`the gateway did not start:\n${gateway.output()}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const call = client(url);
      expectProblem(
        await call('POST', '/dev/token', { json: { userId: 'mallory' } }),
        404,
        'no_such_route',
      );
      const bid = (token: string) =>
        call('POST', '/auctions/00000000-0000-4000-8000-000000000000/bids', {
          token,
          json: { maxAmount: '10.00' },
          headers: { 'idempotency-key': uniqueName('k') },
        });
      const settings = { ...jwtSettings(), secret };
      expectProblem(await bid(await tokenFor('mallory')), 401, 'unauthorized');
      expectProblem(await bid(await issueToken(settings, 'alice')), 404, 'auction_not_found');
      const tooLong = await issueToken(settings, 'alice', 2 * 86_400);
      const refused = await bid(tooLong);
      expectProblem(refused, 401, 'unauthorized');
      expect(String(refused.body.detail)).toContain('JWT_MAX_LIFETIME_SECONDS');
    } finally {
      await gateway.stop();
    }
  });
});

describe('slow clients', () => {
  /** Sends `text` and resolves with what came back once the gateway closes, within `boundMs`. */
  async function heldFor(gatewayUrl: string, text: string, boundMs: number) {
    const { hostname, port } = new URL(gatewayUrl);
    const socket = connect(Number(port), hostname);
    await once(socket, 'connect');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    const sentAt = Date.now();
    socket.write(text);
    try {
      await within(once(socket, 'close'), boundMs, 'the gateway to close the connection');
      return { afterMs: Date.now() - sentAt, received };
    } finally {
      socket.destroy();
    }
  }

  it('are cut: headers after GATEWAY_HEADERS_TIMEOUT_MS, a body after GATEWAY_REQUEST_TIMEOUT_MS, each with a 408', async () => {
    const url = await gatewayWith({
      GATEWAY_HEADERS_TIMEOUT_MS: '1000',
      GATEWAY_REQUEST_TIMEOUT_MS: '2000',
    });
    const headers = await heldFor(url, 'GET /auctions HTTP/1.1\r\nHost: x\r\nX-Slow: ', 3000);
    expect(headers.afterMs).toBeGreaterThanOrEqual(950);
    expect(headers.received).toMatch(/^HTTP\/1\.1 408 /);
    const body = await heldFor(
      url,
      `POST /auctions/${auctionId}/bids HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"max`,
      4000,
    );
    expect(body.afterMs).toBeGreaterThanOrEqual(1950);
    expect(body.received).toMatch(/^HTTP\/1\.1 408 /);
  });
});

describe('what every answer says', () => {
  it('the page and the API carry the security headers, the bid fast path too', async () => {
    const call = client(pipeline.gatewayUrl);
    const host = new URL(pipeline.gatewayUrl).host;
    const page = await fetch(`${pipeline.gatewayUrl}/`);
    const bid = await call('POST', `/auctions/${auctionId}/bids`, {
      user: uniqueName('bidder'),
      json: { maxAmount: '11.00' },
      headers: { 'idempotency-key': uniqueName('k') },
    });
    expect(bid.status).toBe(202);
    for (const headers of [page.headers, bid.headers]) {
      expect(headers.get('content-security-policy')).toContain(
        `connect-src 'self' ws://${host} wss://${host};`,
      );
      expect(headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('x-frame-options')).toBe('DENY');
      expect(headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('/ready reports Redis', async () => {
    const ready = await client(pipeline.gatewayUrl)('GET', '/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toMatchObject({ redis: { ok: true } });
  });

  it('an amount with white space or a line break around it is refused, naming the field', async () => {
    const reply = await client(pipeline.gatewayUrl)('POST', `/auctions/${auctionId}/bids`, {
      user: uniqueName('bidder'),
      json: { maxAmount: '  12.00\n' },
      headers: { 'idempotency-key': uniqueName('k') },
    });
    expectProblem(reply, 400, 'invalid_body', 'maxAmount');
  });
});
