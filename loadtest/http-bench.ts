/**
 * `npm run bench:http -- [--seconds S] [--connections C] [--auctions A]`
 *
 * Bids through HTTP at saturation: C connections each send bids back to back for S seconds
 * on A auctions (the gateway answers 202 once the command is in Kafka). Then it waits until
 * the processors have decided every accepted bid, and reports both rates.
 *
 * A bid with no answer or a 503 is sent again with its Idempotency-Key (loadtest/retry.ts) and
 * the retries are reported; a bid that still fails ends the run early with a partial result.
 */
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { issueToken } from '../gateway/auth.js';
import { jwtSettings } from '../gateway/config.js';
import { readEndpoints, serviceUrls } from '../platform/endpoints.js';
import { RetryingClient, sellerOf } from './http-client.js';
import { GaveUp } from './retry.js';

export async function benchHttp(
  options: { seconds: number; connections: number; auctions: number; gateway: string },
  say = console.log,
) {
  const urls = serviceUrls(readEndpoints());
  const bidders = await Promise.all(
    // Enough bidders that the per-user bid rate limit never decides what is measured.
    Array.from({ length: 400 }, (_, i) => issueToken(jwtSettings(), `bench-bidder-${i}`)),
  );
  const http = new RetryingClient(options.gateway);
  const run = Date.now().toString(36);
  const auctionIds: string[] = [];
  for (let i = 0; i < options.auctions; i += 1) {
    auctionIds.push(
      await http.createAuction(await issueToken(jwtSettings(), sellerOf('bench-seller', i)), {
        itemId: `bench-${run}-${i}`,
        title: 'bench',
        startingPrice: '1.00',
        durationSeconds: 3600,
      }),
    );
  }
  say(
    `${options.connections} connections bidding on ${options.auctions} auctions for ${options.seconds} s …`,
  );
  let accepted = 0;
  let refused = 0;
  let sequence = 0;
  let gaveUp: string | undefined;
  const began = performance.now();
  const deadline = began + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.connections }, async (_, c) => {
      while (performance.now() < deadline && gaveUp === undefined) {
        const n = sequence++;
        try {
          const reply = await http.request(
            'POST',
            `/auctions/${auctionIds[n % auctionIds.length]}/bids`,
            {
              token: bidders[(n + c) % bidders.length]!,
              body: { maxAmount: (2 + n * 0.05).toFixed(2) },
              headers: { 'idempotency-key': `${run}-${n}` },
            },
          );
          if (reply.status === 202) accepted += 1;
          else refused += 1;
        } catch (error) {
          if (!(error instanceof GaveUp)) throw error;
          gaveUp = error.message; // every connection stops: the result is partial
        }
      }
    }),
  );
  const sendSeconds = (performance.now() - began) / 1000;
  const result = (decidedPerSecond: number, partial: boolean) => ({
    connections: options.connections,
    auctions: options.auctions,
    accepted,
    refused,
    acceptedPerSecond: accepted / sendSeconds,
    decidedPerSecond,
    ...http.retries,
    partial,
  });
  if (gaveUp !== undefined) {
    say(`gave up: ${gaveUp}; the result is partial`);
    return result(Number.NaN, true);
  }
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
  return result(accepted / decidedSeconds, false);
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
  if (result.partial) process.exitCode = 1;
}
