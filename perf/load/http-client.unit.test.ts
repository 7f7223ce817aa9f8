import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetryingClient } from './http-client.js';
import { DEFAULT_RETRY_POLICY } from './retry.js';

// A local stand-in for the gateway: 202 with a body, a refusal, and a 503 the first time.
let server: Server;
let client: RetryingClient;
const seen: string[] = [];
beforeAll(async () => {
  let unavailable = 1;
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${String(req.headers['idempotency-key'])}`);
    req.resume();
    if (req.url === '/bids') res.writeHead(202).end('{"bidId":"b1"}');
    else if (req.url === '/late')
      res.writeHead(409, { 'retry-after': '3' }).end('{"code":"auction_ended"}');
    else if (unavailable-- > 0) res.writeHead(503, { 'retry-after': '0' }).end();
    else res.writeHead(202).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new RetryingClient(`http://127.0.0.1:${port}`, {
    ...DEFAULT_RETRY_POLICY,
    initialDelayMs: 1,
  });
});
afterAll(async () => {
  await client.close();
  server.close();
});

describe('the load tools’ HTTP client', () => {
  it('reads a success’s body, or leaves it unread for a load generator', async () => {
    expect(await client.request('POST', '/bids', { body: { maxAmount: '2.00' } })).toEqual({
      status: 202,
      retryAfterSeconds: undefined,
      body: { bidId: 'b1' },
    });
    const lean = await client.send('POST', '/bids', ['idempotency-key', 'k1'], '{}', {
      readBody: false,
    });
    expect(lean).toEqual({ status: 202, retryAfterSeconds: undefined, body: undefined });
    expect(seen).toContain('POST /bids k1');
  });

  it('always reads a refusal, with its Retry-After', async () => {
    const reply = await client.send('POST', '/late', [], '{}', { readBody: false });
    expect(reply).toEqual({ status: 409, retryAfterSeconds: 3, body: { code: 'auction_ended' } });
  });

  it('sends a 503 again, and counts the retry', async () => {
    const reply = await client.request('GET', '/flaky');
    expect(reply.status).toBe(202);
    expect(client.retries.unavailable).toBe(1);
  });
});
