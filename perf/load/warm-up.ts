/**
 * Warms the generator's own code (the HTTP client, the retry loop, the histogram) against a
 * stub server in this process before a measurement, so the JIT's first few thousand slow
 * requests are neither billed to the system's bids nor to the generator's cost per bid (cold,
 * the client costs several times what it does warm).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RetryingClient } from './http-client.js';
import { Latencies } from '../harness/latency.js';

export async function warmUpGenerator(requests = 3000, concurrency = 64): Promise<void> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(202, { 'content-type': 'application/json' });
      response.end('{"bidId":"warm-up"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new RetryingClient(`http://127.0.0.1:${port}`, undefined, {
    connections: concurrency,
  });
  const latencies = new Latencies();
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < requests) {
          const n = next++;
          const started = performance.now();
          await client.send(
            'POST',
            '/auctions/warm-up/bids',
            ['content-type', 'application/json', 'idempotency-key', `warm-up-${n}`],
            `{"maxAmount":"${(2 + n * 0.05).toFixed(2)}"}`,
            { readBody: n % 2 === 0 },
          );
          latencies.record(performance.now() - started);
        }
      }),
    );
  } finally {
    await client.close();
    await new Promise((resolve) => server.close(resolve));
  }
}
