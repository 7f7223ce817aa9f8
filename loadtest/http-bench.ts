/**
 * `npm run bench:http -- [--seconds S] [--connections C] [--auctions A]`
 *
 * Bids through HTTP at saturation: C connections each send bids back to back for S seconds
 * on A auctions (the gateway answers 202 once the command is in Kafka). Then it waits until
 * the processors have decided every accepted bid, and reports both rates.
 */
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { issueToken } from '../gateway/auth.js';
import { jwtSettings } from '../gateway/config.js';
import { readEndpoints, serviceUrls } from '../platform/endpoints.js';

export async function benchHttp(
  options: { seconds: number; connections: number; auctions: number; gateway: string },
  say = console.log,
) {
  const urls = serviceUrls(readEndpoints());
  const seller = await issueToken(jwtSettings(), 'bench-seller');
  const bidders = await Promise.all(
    // Enough bidders that the per-user bid rate limit never decides what is measured.
    Array.from({ length: 400 }, (_, i) => issueToken(jwtSettings(), `bench-bidder-${i}`)),
  );
  const post = (path: string, token: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${options.gateway}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify(body),
    });
  const run = Date.now().toString(36);
  const auctionIds: string[] = [];
  for (let i = 0; i < options.auctions; i += 1) {
    const reply = await post('/auctions?wait=10000', seller, {
      itemId: `bench-${run}-${i}`,
      title: 'bench',
      startingPrice: '1.00',
      durationSeconds: 3600,
    });
    auctionIds.push(((await reply.json()) as { auctionId: string }).auctionId);
  }
  say(
    `${options.connections} connections bidding on ${options.auctions} auctions for ${options.seconds} s …`,
  );
  let accepted = 0;
  let refused = 0;
  let sequence = 0;
  const began = performance.now();
  const deadline = began + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.connections }, async (_, c) => {
      while (performance.now() < deadline) {
        const n = sequence++;
        const reply = await post(
          `/auctions/${auctionIds[n % auctionIds.length]}/bids`,
          bidders[(n + c) % bidders.length]!,
          { maxAmount: (2 + n * 0.05).toFixed(2) },
          { 'idempotency-key': `${run}-${n}` },
        ).catch(() => undefined); // a refused connection counts as refused, it does not stop the run
        await reply?.arrayBuffer();
        if (reply?.status === 202) accepted += 1;
        else refused += 1;
      }
    }),
  );
  const sendSeconds = (performance.now() - began) / 1000;
  const db = new pg.Client({ connectionString: urls.databaseUrl });
  await db.connect();
  try {
    for (;;) {
      const { rows } = await db.query<{ n: string }>(
        'SELECT count(*) AS n FROM bid_decisions WHERE auction_id = ANY($1)',
        [auctionIds],
      );
      if (Number(rows[0]?.n) >= accepted) break;
      await sleep(50);
    }
  } finally {
    await db.end();
  }
  const decidedSeconds = (performance.now() - began) / 1000;
  return {
    connections: options.connections,
    auctions: options.auctions,
    accepted,
    refused,
    acceptedPerSecond: accepted / sendSeconds,
    decidedPerSecond: accepted / decidedSeconds,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '15' },
      connections: { type: 'string', default: '64' },
      auctions: { type: 'string', default: '100' },
    },
  });
  const result = await benchHttp({
    seconds: Number(values.seconds),
    connections: Number(values.connections),
    auctions: Number(values.auctions),
    gateway: process.env.GATEWAY_URL ?? serviceUrls(readEndpoints()).gatewayUrl,
  });
  console.table([
    {
      ...result,
      acceptedPerSecond: Math.round(result.acceptedPerSecond),
      decidedPerSecond: Math.round(result.decidedPerSecond),
    },
  ]);
}
