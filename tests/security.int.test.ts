/**
 * The gateway's security controls against a real gateway (two instances for the rate limit):
 * only valid tokens get in, over HTTP and WebSocket; nobody can act as someone else; bids are
 * rate-limited per user across instances; foreign browser origins cannot open the WebSocket.
 */
import { generateKeyPair, SignJWT } from 'jose';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jwtSettings } from '../gateway/config.js';
import { client, tokenFor, type Reply } from './http.js';
import { LiveClient } from './live-client.js';
import { startPipeline, type Pipeline } from './services.js';
import { messagesOn } from './topic-offsets.js';
import { uniqueName } from './support.js';

let pipeline: Pipeline;
let secondGateway: string;
let auctionId: string;
const seller = uniqueName('seller');

beforeAll(async () => {
  // Low limits so a burst is quick to send; the gateways inherit them from this environment.
  process.env.BID_RATE_LIMIT_PER_SECOND = '2';
  process.env.BID_RATE_LIMIT_BURST = '3';
  pipeline = await startPipeline();
  secondGateway = await pipeline.startGateway();
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
}, 120_000);

afterAll(async () => {
  await pipeline?.stop();
});

const wsUrl = (gatewayUrl: string, token?: string) =>
  `${gatewayUrl.replace('http', 'ws')}/ws${token === undefined ? '' : `?token=${token}`}`;

/** The HTTP status an upgrade gets: 101 if the socket opens, else the refusal's status. */
function upgradeStatus(url: string, origin?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, origin === undefined ? {} : { origin });
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
    });
    socket.once('error', reject);
  });
}

function expectProblem(reply: Reply, status: number, code: string, field?: string) {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.contentType).toContain('application/problem+json');
  expect(reply.body).toMatchObject({ status, code });
  if (field !== undefined) expect(reply.body.field).toBe(field);
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

  it.each(badTokens)('%s: HTTP 401, WebSocket refused, nothing written', async (_label, make) => {
    const token = await make();
    const before = await messagesOn(pipeline.topics.commands);
    const reply = await client(pipeline.gatewayUrl)('POST', `/auctions/${auctionId}/bids`, {
      ...(token === undefined ? {} : { token }),
      json: { maxAmount: '20.00' },
      headers: { 'idempotency-key': uniqueName('k') },
    });
    expectProblem(reply, 401, 'unauthorized');
    expect(reply.headers.get('www-authenticate')).toBe('Bearer');
    expect(await upgradeStatus(wsUrl(pipeline.gatewayUrl, token))).toBe(401);
    expect(await messagesOn(pipeline.topics.commands)).toBe(before);
  });

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
    expect(await live.next(() => true, 10_000, from)).toMatchObject({ type: 'bid-received' });
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
