/**
 * `npm run bench:feed -- [--subscribers N] [--rate R] [--seconds S] [--auctions A]`
 *
 * Delivery latency of the live feed: N WebSocket subscribers spread evenly over A auctions (one
 * hot auction by default), bids offered open-loop at R per second through HTTP, round-robin over
 * the same auctions; for each bid and each subscriber of its auction, the time from the HTTP
 * accept (the 202) to the BidAccepted event arriving on the socket. HDR histogram; a table.
 *
 * Every subscriber must be subscribed (the gateway's `subscribed` reply) before the load starts:
 * a socket the gateway refuses (its per-address cap, WS_MAX_CONNECTIONS_PER_ADDRESS, default 100)
 * stops the run with the gateway's own words rather than measuring fewer subscribers.
 */
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { issueToken } from '../../gateway/access/auth.js';
import { jwtSettings } from '../../gateway/config/config.js';
import { readEndpoints, serviceUrls } from '../../platform/endpoints.js';
import { openSubscribers } from '../load/feed-sockets.js';
import { bidHeaders, RetryingClient, sellerOf } from '../load/http-client.js';
import { Latencies } from '../harness/latency.js';
import { runOpenLoop } from '../load/open-loop.js';
import { warmUpGenerator } from '../load/warm-up.js';

export interface FeedOptions {
  readonly subscribers: number;
  readonly rate: number;
  readonly seconds: number;
  readonly gateway: string;
  /** Auctions the subscribers and the bids are spread over (default 1: one hot auction). */
  readonly auctions?: number;
}

export async function benchFeed(options: FeedOptions, say: (line: string) => void = console.log) {
  const token = (user: string) => issueToken(jwtSettings(), user);
  const auctionCount = Math.max(1, options.auctions ?? 1);
  const client = new RetryingClient(options.gateway);
  const run = Date.now().toString(36);
  const auctionIds: string[] = [];
  for (let i = 0; i < auctionCount; i += 1)
    auctionIds.push(
      await client.createAuction(await token(sellerOf(`feed-seller-${run}`, i)), {
        itemId: `feed-${run}-${i}`,
        title: 'hot item',
        startingPrice: '1.00',
        durationSeconds: 3600,
      }),
    );

  /** Bids answered 202: when the answer came, and on which auction. */
  const accepted = new Map<string, { readonly at: number; readonly auction: number }>();
  /** Bids the processor accepted: a BidAccepted event for them reached a subscriber. */
  const announced = new Set<string>();
  const early = new Map<string, number>();
  const latency = new Latencies();
  let deliveries = 0;
  const onAccepted = (bidId: string) => {
    announced.add(bidId);
    const at = accepted.get(bidId)?.at;
    if (at === undefined) {
      // The event beat the HTTP reply to the client: counted as soon as the reply lands.
      early.set(bidId, (early.get(bidId) ?? 0) + 1);
      return;
    }
    latency.record(performance.now() - at);
    deliveries += 1;
  };
  say(`opening ${options.subscribers} subscribers over ${auctionCount} auction(s) …`);
  const feed = await openSubscribers(
    { gateway: options.gateway, count: options.subscribers, auctionIds, onAccepted },
    token,
  );
  try {
    await sleep(500);
    const authorizations = await Promise.all(
      // Enough bidders that the per-user bid rate limit never decides what is measured.
      Array.from({ length: 400 }, async (_, i) => `Bearer ${await token(`feed-bidder-${i}`)}`),
    );
    await warmUpGenerator();
    say(
      `${options.subscribers} subscribers, ${options.rate} bids/s for ${options.seconds} s over ${auctionCount} auction(s) …`,
    );
    const counts = { failed: 0, refused: 0, inFlight: 0 };
    let drained: () => void = () => undefined;
    const began = performance.now();
    const schedule = await runOpenLoop({
      ratePerSecond: options.rate,
      seconds: options.seconds,
      send: (n) => {
        const auction = n % auctionCount;
        // Each bid beats the last on its auction by more than any increment: every one leads.
        const body = `{"maxAmount":"${(10 + Math.floor(n / auctionCount) * 200).toFixed(2)}"}`;
        const headers = bidHeaders(authorizations[n % authorizations.length]!, `feed-${run}-${n}`);
        counts.inFlight += 1;
        client
          .send('POST', `/auctions/${auctionIds[auction]}/bids`, headers, body)
          .then(
            (reply) => {
              const bidId = reply.body?.bidId;
              if (reply.status !== 202 || typeof bidId !== 'string') {
                counts.refused += 1;
                return;
              }
              accepted.set(bidId, { at: performance.now(), auction });
              const before = early.get(bidId) ?? 0;
              latency.recordMany(0, before);
              deliveries += before;
            },
            () => {
              counts.failed += 1; // no answer even after the retries: counted, not fatal
            },
          )
          .finally(() => {
            counts.inFlight -= 1;
            if (counts.inFlight === 0) drained();
          });
      },
    });
    if (counts.inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
    const sendSeconds = (performance.now() - began) / 1000;
    // Bids that overtook each other in flight are rejected (too low by then) and announced to
    // nobody: each bid the processor accepted is owed to every subscriber of its auction. Wait
    // until all of those are in, or until the deliveries stop growing.
    const owed = () => {
      let sum = 0;
      for (const bidId of announced) {
        const bid = accepted.get(bidId);
        if (bid) sum += feed.watchersOf(bid.auction);
      }
      return sum;
    };
    let previous = -1;
    while (deliveries < owed() && deliveries !== previous) {
      previous = deliveries;
      await sleep(1000);
    }
    const l = latency.summary();
    return {
      subscribers: options.subscribers,
      auctions: auctionCount,
      offeredPerSecond: options.rate,
      achievedPerSecond: accepted.size / sendSeconds,
      bidsAccepted: accepted.size,
      /** Of those, the bids the processor accepted (a BidAccepted event arrived for them). */
      bidsAnnounced: announced.size,
      requestsRefused: counts.refused,
      requestsFailed: counts.failed,
      deliveries,
      /** The announced bids × the subscribers of each one's auction. */
      expectedDeliveries: owed(),
      /** Subscribers the gateway closed during the run (a slow consumer), and why. */
      subscribersLost: feed.lost,
      subscribersLostBecause: JSON.stringify(feed.lostBecause),
      p50: l.p50,
      p99: l.p99,
      p999: l.p999,
      max: l.max,
      generatorBehindP99Ms: schedule.behind.p99,
      generatorLateSends: schedule.lateSends,
    };
  } finally {
    feed.close();
    await client.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      subscribers: { type: 'string', default: '50' },
      rate: { type: 'string', default: '100' },
      seconds: { type: 'string', default: '10' },
      auctions: { type: 'string', default: '1' },
    },
  });
  const result = await benchFeed({
    subscribers: Number(values.subscribers),
    rate: Number(values.rate),
    seconds: Number(values.seconds),
    auctions: Number(values.auctions),
    gateway: process.env.GATEWAY_URL ?? serviceUrls(readEndpoints()).gatewayUrl,
  });
  console.table([{ ...result, achievedPerSecond: Math.round(result.achievedPerSecond) }]);
  process.exit(0);
}
