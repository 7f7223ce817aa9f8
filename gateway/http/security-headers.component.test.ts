/**
 * Every answer carries the security headers: the page and its files, the API's JSON and its
 * problems, Express's answers and the bid fast path's (gateway/routes/place-bid.ts) alike.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MISSING_AUCTION,
  call,
  openAuction,
  startTestGateway,
  type TestGateway,
} from '../testing/test-gateway.js';

const A1 = 'a1a1a1a1-0000-4000-8000-0000000000f1';

let gw: TestGateway;
let alice: string;

beforeAll(async () => {
  gw = await startTestGateway();
  gw.world.put(openAuction(A1));
  alice = await gw.token('alice');
});
afterAll(() => gw.close());

/** The page's own origin as the browser sees it, in its WebSocket forms. */
const webSocketOrigins = () => {
  const host = new URL(gw.url).host;
  return `ws://${host} wss://${host}`;
};

/** A GET with this exact Host header (fetch may not set one). */
function rawGet(path: string, host: string) {
  return new Promise<{ status: number; csp: string; nosniff: string }>((resolve, reject) => {
    const req = request(`${gw.url}${path}`, { headers: { host } }, (res) => {
      res.resume();
      resolve({
        status: res.statusCode ?? 0,
        csp: String(res.headers['content-security-policy']),
        nosniff: String(res.headers['x-content-type-options']),
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const ANSWERS: [string, () => ReturnType<typeof call>, number][] = [
  ['the page', () => call(gw, 'GET', '/'), 200],
  ['a script of the page', () => call(gw, 'GET', '/app.js'), 200],
  ['health', () => call(gw, 'GET', '/health'), 200],
  ['an auction', () => call(gw, 'GET', `/auctions/${A1}`), 200],
  ['a missing auction (problem)', () => call(gw, 'GET', `/auctions/${MISSING_AUCTION}`), 404],
  ['no such route', () => call(gw, 'GET', '/nowhere'), 404],
  [
    'a bid (fast path)',
    () =>
      call(gw, 'POST', `/auctions/${A1}/bids`, {
        token: alice,
        body: { maxAmount: '12.00' },
        headers: { 'idempotency-key': 'headers-1' },
      }),
    202,
  ],
  [
    'a bid without a token (fast path problem)',
    () => call(gw, 'POST', `/auctions/${A1}/bids`, { body: { maxAmount: '12.00' } }),
    401,
  ],
];

describe('security headers', () => {
  it.each(ANSWERS)('are on %s', async (_what, ask, status) => {
    const answer = await ask();
    expect(answer.status).toBe(status);
    const header = (name: string) => answer.headers.get(name);
    expect(header('content-security-policy')).toBe(
      [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        `connect-src 'self' ${webSocketOrigins()}`,
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join(';'),
    );
    expect(header('x-content-type-options')).toBe('nosniff');
    expect(header('x-frame-options')).toBe('DENY');
    expect(header('referrer-policy')).toBe('no-referrer');
    expect(header('x-powered-by')).toBeNull();
  });

  it.each(['a;b', 'evil.example script-src *'])(
    'name no WebSocket origin for the Host %j, which a policy cannot carry',
    async (host) => {
      const answer = await rawGet('/health', host);
      expect(answer.status).toBe(200);
      expect(answer.csp).toContain(";connect-src 'self';");
      expect(answer.nosniff).toBe('nosniff');
    },
  );
});
