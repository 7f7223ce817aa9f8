/**
 * Bodies are JSON or nothing (in-memory ports): 415 unsupported_media_type, naming the header,
 * for a body sent as anything else or a JSON route called without the header; routes that take
 * no body still take none. Expected bodies are written out from the README.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  PROBLEM_JSON,
  call,
  openAuction,
  startTestGateway,
  type TestGateway,
} from '../testing/test-gateway.js';

const A1 = 'a1a1a1a1-0000-4000-8000-000000000001';

let gw: TestGateway;
let alice: string;
let seller: string;

beforeAll(async () => {
  gw = await startTestGateway();
  alice = await gw.token('alice');
  seller = await gw.token('seller-1');
});
afterAll(() => gw.close());
beforeEach(() => {
  gw.world.auctions.clear();
  gw.world.put(openAuction(A1));
});

const refusal = (path: string, sent: string) => ({
  type: '/problems/unsupported_media_type',
  title: 'Unsupported Media Type',
  status: 415,
  code: 'unsupported_media_type',
  field: 'Content-Type',
  detail: `Send the body as JSON with the header Content-Type: application/json (it was ${sent}).`,
  instance: path,
});

const bidsPath = `/auctions/${A1}/bids`;

describe('415 unsupported_media_type', () => {
  it.each([
    ['text/plain', 'text/plain', '{"maxAmount":"12.00"}'],
    ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded', 'maxAmount=12.00'],
    ['text/plain; charset=utf-8', 'text/plain', '{"maxAmount":"12.00"}'],
  ])('a bid sent as %s', async (contentType, sent, body) => {
    const answer = await call(gw, 'POST', bidsPath, {
      token: alice,
      body,
      headers: { 'content-type': contentType, 'idempotency-key': 'k1' },
    });
    expect(answer.status).toBe(415);
    expect(answer.contentType).toBe(PROBLEM_JSON);
    expect(answer.body).toEqual(refusal(bidsPath, sent));
  });

  it('a bid with a body and no Content-Type', async () => {
    const response = await fetch(`${gw.url}${bidsPath}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice}`, 'idempotency-key': 'k2' },
      body: new Uint8Array(Buffer.from('{"maxAmount":"12.00"}')),
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual(refusal(bidsPath, 'missing'));
  });

  it.each([
    ['/auctions/:id/bids', bidsPath],
    ['/auctions', '/auctions'],
  ])('POST %s with no body and no Content-Type', async (_route, path) => {
    const answer = await call(gw, 'POST', path, {
      token: path === '/auctions' ? seller : alice,
      headers: { 'idempotency-key': 'k3' },
    });
    expect(answer.status).toBe(415);
    expect(answer.body).toEqual(refusal(path, 'missing'));
  });

  it('a body on a route that takes none, sent as text', async () => {
    const path = `/auctions/${A1}/cancel`;
    const answer = await call(gw, 'POST', path, {
      token: seller,
      body: 'please',
      headers: { 'content-type': 'text/plain' },
    });
    expect(answer.status).toBe(415);
    expect(answer.body).toEqual(refusal(path, 'text/plain'));
  });

  it('still takes a cancel with no body and no Content-Type', async () => {
    const answer = await call(gw, 'POST', `/auctions/${A1}/cancel`, { token: seller });
    expect(answer.status).toBe(202);
  });

  it('still takes a JSON bid whose type carries a charset', async () => {
    const answer = await call(gw, 'POST', bidsPath, {
      token: alice,
      body: { maxAmount: '12.00' },
      headers: { 'content-type': 'application/json; charset=utf-8', 'idempotency-key': 'k4' },
    });
    expect(answer.status).toBe(202);
  });
});
