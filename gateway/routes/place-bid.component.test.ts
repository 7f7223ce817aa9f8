/**
 * POST /auctions/:auctionId/bids is served ahead of Express (gateway/routes/place-bid.ts): the
 * answers Express gave it, problem by problem and in the same order (the body before the token,
 * the token before the rate limit, the rate limit before the fields), the paths its router
 * matched, the correlation id and the request histogram. Bodies written out from the README.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  PROBLEM_JSON,
  call,
  openAuction,
  startTestGateway,
  type TestGateway,
} from '../testing/test-gateway.js';

const A1 = 'a1a1a1a1-0000-4000-8000-0000000000f1';
const BIDS = `/auctions/${A1}/bids`;

let gw: TestGateway;
let alice: string;
let key = 0;
const newKey = () => ({ 'idempotency-key': `fast-${++key}` });

beforeAll(async () => {
  gw = await startTestGateway({ bidsPerUser: 1000, bodyLimitBytes: 1024 });
  alice = await gw.token('alice');
});
afterAll(() => gw.close());
beforeEach(() => {
  gw.world.auctions.clear();
  gw.world.put(openAuction(A1));
});

const problem = (status: number, title: string, code: string, detail: string, path = BIDS) => ({
  type: `/problems/${code}`,
  title,
  status,
  code,
  detail,
  instance: path,
});

describe('the bid fast path', () => {
  it('answers a good bid 202 pending as JSON, with the client’s correlation id', async () => {
    const answer = await call(gw, 'POST', BIDS, {
      token: alice,
      body: { maxAmount: '12.00' },
      headers: { ...newKey(), 'x-correlation-id': 'trace-7' },
    });
    expect(answer.status).toBe(202);
    expect(answer.contentType).toBe('application/json; charset=utf-8');
    expect(answer.headers.get('x-correlation-id')).toBe('trace-7');
    expect(answer.body).toEqual({ bidId: expect.any(String) as string, status: 'pending' });
    expect(gw.publisher.commands.at(-1)?.metadata.correlationId).toBe('trace-7');
  });

  it.each([`/AUCTIONS/${A1}/BIDS`, `${BIDS}/`])(
    'serves %s as Express’s router did',
    async (path) => {
      const answer = await call(gw, 'POST', path, {
        token: alice,
        body: { maxAmount: '12.00' },
        headers: newKey(),
      });
      expect(answer.status).toBe(202);
    },
  );

  it('answers a body that is not JSON 400 malformed_json, before the token is asked for', async () => {
    const answer = await call(gw, 'POST', BIDS, { body: '{"maxAmount":', headers: newKey() });
    expect(answer.status).toBe(400);
    expect(answer.contentType).toBe(PROBLEM_JSON);
    expect(answer.body).toEqual(
      problem(400, 'Bad Request', 'malformed_json', 'The request body is not valid JSON.'),
    );
  });

  it('answers a body over the limit 413 body_too_large', async () => {
    const answer = await call(gw, 'POST', BIDS, {
      token: alice,
      body: { maxAmount: '1'.repeat(2000) },
      headers: newKey(),
    });
    expect(answer.status).toBe(413);
    expect(answer.body).toEqual(
      problem(
        413,
        'Payload Too Large',
        'body_too_large',
        'The request body is larger than 1024 bytes.',
      ),
    );
  });

  it('answers a body sent as text 415 unsupported_media_type', async () => {
    const answer = await call(gw, 'POST', BIDS, {
      token: alice,
      body: '{"maxAmount":"12.00"}',
      headers: { ...newKey(), 'content-type': 'text/plain' },
    });
    expect(answer.status).toBe(415);
    expect(answer.contentType).toBe(PROBLEM_JSON);
    expect(answer.body).toMatchObject({ code: 'unsupported_media_type', field: 'Content-Type' });
  });

  it('answers a path that is not percent-encoding 400 malformed_path', async () => {
    const path = '/auctions/%E0%A4%A/bids';
    const answer = await call(gw, 'POST', path, {
      token: alice,
      body: { maxAmount: '12.00' },
      headers: newKey(),
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      ...problem(
        400,
        'Bad Request',
        'malformed_path',
        'The path is not valid percent-encoding.',
        path,
      ),
      field: 'path',
    });
  });

  it('answers no token 401 with WWW-Authenticate', async () => {
    const answer = await call(gw, 'POST', BIDS, {
      body: { maxAmount: '12.00' },
      headers: newKey(),
    });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    expect(answer.body).toEqual(
      problem(
        401,
        'Unauthorized',
        'unauthorized',
        'Send a bearer token: Authorization: Bearer <jwt> (`npm run token -- <userId>` makes one).',
      ),
    );
  });

  it('names the unknown query field and the missing body field', async () => {
    const query = await call(gw, 'POST', `${BIDS}?wait=10&x=1`, {
      token: alice,
      body: { maxAmount: '12.00' },
      headers: newKey(),
    });
    expect(query.status).toBe(400);
    expect(query.body).toMatchObject({
      code: 'invalid_query',
      field: 'x',
      instance: `${BIDS}?wait=10&x=1`,
    });
    const body = await call(gw, 'POST', BIDS, { token: alice, body: {}, headers: newKey() });
    expect(body.body).toMatchObject({ code: 'invalid_body', field: 'maxAmount' });
  });

  it('answers 429 once the limit is spent, even for a bid with no valid field', async () => {
    const limited = await startTestGateway({ bidsPerUser: 1 });
    try {
      limited.world.put(openAuction(A1));
      const token = await limited.token('alice');
      expect((await call(limited, 'POST', BIDS, { token, body: {} })).status).toBe(400);
      const refused = await call(limited, 'POST', BIDS, { token, body: {} });
      expect(refused.status).toBe(429);
      expect(refused.contentType).toBe(PROBLEM_JSON);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(refused.body).toMatchObject({ code: 'rate_limited', limit: 'TEST_LIMIT=1' });
    } finally {
      await limited.close();
    }
  });

  it('times bids into the request histogram under the route’s pattern', async () => {
    await call(gw, 'POST', BIDS, { token: alice, body: { maxAmount: '12.00' }, headers: newKey() });
    const metrics = await call(gw, 'GET', '/metrics');
    expect(String(metrics.body)).toMatch(
      /http_request_duration_seconds_count\{method="POST",route="\/auctions\/:auctionId\/bids",status="202"\} [1-9]/,
    );
  });

  it('leaves every other request to Express', async () => {
    const answer = await call(gw, 'GET', BIDS);
    expect(answer.status).toBe(200);
    const buyNow = await call(gw, 'POST', `/auctions/${A1}/buy-now`, {
      token: alice,
      headers: newKey(),
    });
    expect(buyNow.body).toMatchObject({ code: 'buy_now_unavailable' });
  });
});
