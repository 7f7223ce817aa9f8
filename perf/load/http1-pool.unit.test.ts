import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParsedResponse } from './http1-response-parser.js';
import { Http1Pool, type PoolOptions } from './http1-pool.js';

// A stand-in for the gateway: echoes the key (answering some later than others, so pipelined
// answers wait for the ones ahead), closes the connection when asked, never answers /hang.
let server: Server;
let port: number;
const connections = new Set<string>();
beforeAll(async () => {
  server = createServer((req, res) => {
    connections.add(`${req.socket.remotePort}`);
    req.resume();
    if (req.url === '/hang') return;
    const key = String(req.headers['idempotency-key']);
    const answer = () => {
      if (req.url === '/close') res.setHeader('connection', 'close');
      res.writeHead(202, { 'content-type': 'application/json' }).end(`{"key":"${key}"}`);
    };
    if (Number(key) % 7 === 0) setTimeout(answer, 5);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const wire = (path: string, key: string) =>
  `POST ${path} HTTP/1.1\r\nhost: x\r\nidempotency-key: ${key}\r\ncontent-length: 2\r\n\r\n{}`;

function request(pool: Http1Pool, path: string, key: string): Promise<ParsedResponse> {
  return new Promise((resolve, reject) =>
    pool.dispatch({ wire: wire(path, key), readBody: true, resolve, reject }),
  );
}

const poolOf = (options: Partial<PoolOptions> = {}) =>
  new Http1Pool('127.0.0.1', port, { connections: 2, pipelining: 1, timeoutMs: 5000, ...options });

describe('the load client’s connection pool', () => {
  it('answers each request with its own answer, pipelined or waiting for a connection', async () => {
    for (const pipelining of [1, 8]) {
      connections.clear();
      const pool = poolOf({ pipelining });
      const keys = Array.from({ length: 200 }, (_, i) => String(i));
      const replies = await Promise.all(keys.map((key) => request(pool, '/bids', key)));
      expect(replies.map((r) => r.body?.toString())).toEqual(keys.map((k) => `{"key":"${k}"}`));
      expect(connections.size).toBeLessThanOrEqual(2);
      expect(pool.outstanding).toBe(0);
      await pool.close();
    }
  });

  it('opens a new connection when the server closes one', async () => {
    const pool = poolOf({ connections: 1 });
    const first = await request(pool, '/close', '1');
    expect(first).toMatchObject({ status: 202, keepAlive: false });
    expect((await request(pool, '/bids', '2')).status).toBe(202);
    await pool.close();
  });

  it('fails a request with no answer after the timeout, and one nobody listens for', async () => {
    const pool = poolOf({ timeoutMs: 100 });
    await expect(request(pool, '/hang', '1')).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    await pool.close();
    const nowhere = new Http1Pool('127.0.0.1', 1, {
      connections: 1,
      pipelining: 1,
      timeoutMs: 1000,
    });
    await expect(request(nowhere, '/bids', '1')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await nowhere.close();
  });

  it('does not reuse a connection idle longer than the server keeps it', async () => {
    connections.clear();
    const pool = poolOf({ connections: 1, idleMs: 20 });
    await request(pool, '/bids', '1');
    await new Promise((resolve) => setTimeout(resolve, 40));
    await request(pool, '/bids', '2');
    expect(connections.size).toBe(2);
    await pool.close();
  });
});
