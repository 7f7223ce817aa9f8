/**
 * The server's time-outs against a raw TCP client: half a request's headers, a body that never
 * ends and an idle kept-alive connection are each cut within their bound, not after Node's 60–300 s.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, type ServerTimeouts } from './http-server.js';

const TIMEOUTS: ServerTimeouts = { headersMs: 300, requestMs: 600, keepAliveMs: 300 };
/** Node checks every min(1 s, headersMs): a cut comes at most one check after its time-out. */
const SLACK_MS = 700;

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function start() {
  server = createHttpServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('ok'));
  }, TIMEOUTS);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/** Sends `text`, then waits (at most `boundMs`) for the server to close; what it said, and when. */
async function sendAndAwaitClose(port: number, text: string, boundMs: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const sentAt = performance.now();
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  socket.write(text);
  const closed = once(socket, 'close').then(() => performance.now() - sentAt);
  const bound = new Promise<never>((_, reject) =>
    setTimeout(
      () => reject(new Error(`the server held the connection over ${boundMs} ms`)),
      boundMs,
    ),
  );
  try {
    return { afterMs: await Promise.race([closed, bound]), received };
  } finally {
    socket.destroy();
  }
}

describe('createHttpServer', () => {
  it.each([
    [
      'the headers never finish',
      'GET /auctions HTTP/1.1\r\nHost: localhost\r\nX-Slow: ',
      TIMEOUTS.headersMs,
    ],
    [
      'the body never ends',
      'POST /auctions HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{"ti',
      TIMEOUTS.requestMs,
    ],
  ])('answers 408 and closes when %s', async (_what, text, timeoutMs) => {
    const port = await start();
    const { afterMs, received } = await sendAndAwaitClose(port, text, timeoutMs + SLACK_MS);
    expect(afterMs).toBeGreaterThanOrEqual(timeoutMs - 50);
    expect(received).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(received).toContain('"code":"request_timeout"');
    expect(received).toContain('\r\nX-Content-Type-Options: nosniff\r\n');
  });

  it('closes a kept-alive connection that sends nothing more', async () => {
    const port = await start();
    // Node 20 waits one second past keepAliveTimeout before it closes an idle socket.
    const { afterMs, received } = await sendAndAwaitClose(
      port,
      'GET / HTTP/1.1\r\nHost: localhost\r\n\r\n',
      TIMEOUTS.keepAliveMs + 1000 + SLACK_MS,
    );
    expect(afterMs).toBeGreaterThanOrEqual(TIMEOUTS.keepAliveMs);
    expect(received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  it('lets a request that arrived in time be answered after the time-outs', async () => {
    server = createHttpServer((req, res) => {
      req.resume();
      req.on('end', () => setTimeout(() => res.end('late but whole'), TIMEOUTS.requestMs * 2));
    }, TIMEOUTS);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{}' });
    expect(await response.text()).toBe('late but whole');
  });
});
