/**
 * `npm run bench:feed -- [--subscribers N] [--rate R] [--seconds S]`
 *
 * Delivery latency of the live feed: N WebSocket subscribers on one hot auction, bids offered
 * open-loop at R per second through HTTP; for each bid and subscriber, the time from the HTTP
 * accept (the 202) to the BidAccepted event arriving on the socket. HDR histogram; a table.
 */
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import * as hdr from 'hdr-histogram-js';
import WebSocket from 'ws';
import { issueToken } from '../gateway/auth.js';
import { jwtSettings } from '../gateway/config.js';
import { readEndpoints, serviceUrls } from '../platform/endpoints.js';

export async function benchFeed(
  options: { subscribers: number; rate: number; seconds: number; gateway: string },
  say = console.log,
) {
  const token = (user: string) => issueToken(jwtSettings(), user);
  const seller = await token('feed-seller');
  const created = await fetch(`${options.gateway}/auctions?wait=10000`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${seller}` },
    body: JSON.stringify({
      itemId: `feed-${Date.now()}`,
      title: 'hot item',
      startingPrice: '1.00',
      durationSeconds: 3600,
    }),
  });
  const { auctionId } = (await created.json()) as { auctionId: string };

  const accepted = new Map<string, number>();
  const early = new Map<string, number>();
  const histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000,
    numberOfSignificantValueDigits: 3,
  });
  let deliveries = 0;
  let failed = 0;
  const sockets = await Promise.all(
    Array.from({ length: options.subscribers }, async (_, i) => {
      const ws = new WebSocket(
        `${options.gateway.replace('http', 'ws')}/ws?token=${await token(`watcher-${i}`)}`,
      );
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      ws.on('message', (data: Buffer) => {
        const m = JSON.parse(data.toString('utf8')) as {
          type: string;
          eventType?: string;
          event?: { bidId?: string };
        };
        if (m.type !== 'event' || m.eventType !== 'BidAccepted') return;
        const bidId = m.event?.bidId ?? '';
        const at = accepted.get(bidId);
        if (at === undefined) {
          // The event beat the HTTP reply to the client: counted as soon as the reply lands.
          early.set(bidId, (early.get(bidId) ?? 0) + 1);
          return;
        }
        histogram.recordValue(Math.max(1, Math.round(performance.now() - at)));
        deliveries += 1;
      });
      ws.send(JSON.stringify({ type: 'subscribe', auctionId }));
      return ws;
    }),
  );
  await sleep(500);
  const bidders = await Promise.all(
    // Enough bidders that the per-user bid rate limit never decides what is measured.
    Array.from({ length: 400 }, (_, i) => token(`feed-bidder-${i}`)),
  );
  say(
    `${options.subscribers} subscribers on one auction, ${options.rate} bids/s for ${options.seconds} s …`,
  );
  const total = options.rate * options.seconds;
  const began = performance.now();
  const sends: Promise<void>[] = [];
  for (let n = 0; n < total; n += 1) {
    const due = began + (n * 1000) / options.rate; // open loop: on schedule, whatever the replies do
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    sends.push(
      fetch(`${options.gateway}/auctions/${auctionId}/bids`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${bidders[n % bidders.length]}`,
          'idempotency-key': `feed-${n}`,
        },
        // Each bid beats the last by more than any increment, so every one is accepted and leads.
        body: JSON.stringify({ maxAmount: (10 + n * 200).toFixed(2) }),
      }).then(
        async (r) => {
          const body = (await r.json()) as { bidId?: string };
          if (r.status !== 202 || !body.bidId) return;
          accepted.set(body.bidId, performance.now());
          const before = early.get(body.bidId) ?? 0;
          if (before > 0) histogram.recordValueWithCount(1, before);
          deliveries += before;
        },
        () => {
          failed += 1; // refused at the socket under overload: counted, not fatal
        },
      ),
    );
  }
  await Promise.all(sends);
  const sendSeconds = (performance.now() - began) / 1000;
  // Bids that overtook each other in flight can be rejected (too low by then): wait until the
  // deliveries stop growing rather than for a fixed count.
  let previous = -1;
  while (deliveries !== previous) {
    previous = deliveries;
    await sleep(1000);
  }
  for (const ws of sockets) ws.close();
  return {
    subscribers: options.subscribers,
    offeredPerSecond: options.rate,
    achievedPerSecond: accepted.size / sendSeconds,
    bidsAccepted: accepted.size,
    requestsFailed: failed,
    deliveries,
    p50: histogram.getValueAtPercentile(50),
    p99: histogram.getValueAtPercentile(99),
    p999: histogram.getValueAtPercentile(99.9),
    max: histogram.maxValue,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      subscribers: { type: 'string', default: '50' },
      rate: { type: 'string', default: '100' },
      seconds: { type: 'string', default: '10' },
    },
  });
  const result = await benchFeed({
    subscribers: Number(values.subscribers),
    rate: Number(values.rate),
    seconds: Number(values.seconds),
    gateway: process.env.GATEWAY_URL ?? serviceUrls(readEndpoints()).gatewayUrl,
  });
  console.table([{ ...result, achievedPerSecond: Math.round(result.achievedPerSecond) }]);
  process.exit(0);
}
