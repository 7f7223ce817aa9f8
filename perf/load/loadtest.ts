/**
 * `npm run loadtest -- [--rate R] [--seconds S] [--auctions N] [--hot K] [--hot-share F]
 *                      [--snipe-seconds W] [--max-boost B] [--target http|kafka]`
 *
 * An open-loop load generator: bids leave on a schedule (a base rate, then a sniping burst over
 * the last W seconds rising as 1 / time left), whatever the replies do, so queueing shows in the
 * latencies instead of hiding. A share F of the bids goes to K hot auctions. Through HTTP (202
 * time) or straight into the commands topic (Kafka ack time). HDR histograms; progress while it
 * runs; a table at the end.
 *
 * Through HTTP, a bid with no answer or a 503 is sent again with its Idempotency-Key
 * (perf/load/retry.ts); its latency runs from its first try, as its user would see it. Retries
 * are reported; a bid that still fails stops the schedule and the table is marked partial.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import * as hdr from 'hdr-histogram-js';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { issueToken } from '../../gateway/access/auth.js';
import { jwtSettings } from '../../gateway/config/config.js';
import { readEndpoints, serviceUrls } from '../../platform/endpoints.js';
import { topicNames } from '../../contracts/names.js';
import { commandSchemaIds } from '../../contracts/commands.js';
import { KafkaCommandPublisher } from '../../producers/command-publisher.js';
import { RetryingClient, sellerOf } from './http-client.js';
import { GaveUp } from './retry.js';
import { sendTimes } from './schedule.js';

interface Options {
  readonly rate: number;
  readonly seconds: number;
  readonly auctions: number;
  readonly hot: number;
  readonly hotShare: number;
  readonly snipeSeconds: number;
  readonly maxBoost: number;
  readonly target: 'http' | 'kafka';
  readonly gateway: string;
}

export async function loadtest(o: Options, say: (line: string) => void = console.log) {
  const token = (user: string) => issueToken(jwtSettings(), user);
  const run = randomUUID().slice(0, 8);
  say(`creating ${o.auctions} auctions …`);
  const http = new RetryingClient(o.gateway);
  const auctions: string[] = [];
  for (let i = 0; i < o.auctions; i += 1) {
    auctions.push(
      await http.createAuction(await token(sellerOf(`load-seller-${run}`, i)), {
        itemId: `load-${run}-${i}`,
        title: `load ${i}`,
        startingPrice: '1.00',
        durationSeconds: o.seconds + 30,
      }),
    );
  }
  const bidders = await Promise.all(
    // Enough bidders that the per-user bid rate limit never decides what is measured.
    Array.from({ length: 400 }, (_, i) => token(`load-bidder-${i}`)),
  );

  let publisher: KafkaCommandPublisher | undefined;
  let disconnect = async () => {};
  if (o.target === 'kafka') {
    const urls = serviceUrls(readEndpoints());
    const kafka = new Kafka({
      clientId: 'loadtest',
      brokers: urls.kafkaBrokers,
      logLevel: logLevel.WARN,
    });
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    const registry = new SchemaRegistry({ host: urls.registryUrl });
    publisher = new KafkaCommandPublisher(producer, registry, await commandSchemaIds(registry), {
      topic: topicNames().commands,
    });
    disconnect = () => producer.disconnect();
  }

  const schedule = sendTimes({
    ratePerSecond: o.rate,
    seconds: o.seconds,
    snipeSeconds: o.snipeSeconds,
    maxBoost: o.maxBoost,
  });
  const histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 120_000,
    numberOfSignificantValueDigits: 3,
  });
  const counts = { sent: 0, ok: 0, refused: 0, failed: 0 };
  let gaveUp: string | undefined;
  const nextAmount = new Map<string, number>();
  say(
    `${schedule.length} bids over ${o.seconds} s (${o.rate}/s, burst ×${o.maxBoost} over the last ${o.snipeSeconds} s) via ${o.target} …`,
  );
  const progress = setInterval(
    () =>
      say(
        `… sent ${counts.sent}/${schedule.length}, ok ${counts.ok}, refused ${counts.refused}, failed ${counts.failed}`,
      ),
    1000,
  );
  const began = performance.now();
  const inFlight: Promise<void>[] = [];
  for (const [n, at] of schedule.entries()) {
    if (gaveUp !== undefined) break;
    const wait = began + at - performance.now();
    if (wait > 0) await sleep(wait);
    const hot = Math.random() < o.hotShare;
    const auctionId = hot
      ? auctions[n % Math.max(1, o.hot)]!
      : (auctions[o.hot + (n % Math.max(1, o.auctions - o.hot))] ?? auctions[0]!);
    const amount = (nextAmount.get(auctionId) ?? 2) + 200;
    nextAmount.set(auctionId, amount);
    const start = performance.now();
    counts.sent += 1;
    const done = (ok: boolean) => {
      histogram.recordValue(Math.max(1, Math.round(performance.now() - start)));
      if (ok) counts.ok += 1;
      else counts.refused += 1;
    };
    const bidder = n % bidders.length;
    const request =
      o.target === 'http'
        ? http
            .request('POST', `/auctions/${auctionId}/bids`, {
              token: bidders[bidder]!,
              body: { maxAmount: amount.toFixed(2) },
              headers: { 'idempotency-key': `${run}-${n}` },
            })
            .then((r) => done(r.status === 202))
        : publisher!
            .publish({
              type: 'PlaceBid',
              metadata: {
                commandId: randomUUID(),
                auctionId,
                issuedBy: `load-bidder-${bidder}`,
                issuedAt: Date.now(),
                correlationId: run,
              },
              data: {
                bidId: randomUUID(),
                idempotencyKey: `${run}-${n}`,
                maxAmountCents: amount * 100,
              },
            })
            .then(() => done(true));
    inFlight.push(
      request.catch((error: unknown) => {
        counts.failed += 1;
        if (error instanceof GaveUp) gaveUp ??= error.message;
      }),
    );
  }
  await Promise.all(inFlight);
  clearInterval(progress);
  await disconnect();
  await http.close();
  const seconds = (performance.now() - began) / 1000;
  if (gaveUp !== undefined) say(`gave up: ${gaveUp}; the result is partial`);
  return {
    partial: gaveUp !== undefined,
    ...http.retries,
    target: o.target,
    offered: schedule.length,
    offeredPerSecond: schedule.length / o.seconds,
    achievedPerSecond: counts.ok / seconds,
    ...counts,
    p50: histogram.getValueAtPercentile(50),
    p90: histogram.getValueAtPercentile(90),
    p99: histogram.getValueAtPercentile(99),
    p999: histogram.getValueAtPercentile(99.9),
    max: histogram.maxValue,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      rate: { type: 'string', default: '100' },
      seconds: { type: 'string', default: '20' },
      auctions: { type: 'string', default: '50' },
      hot: { type: 'string', default: '3' },
      'hot-share': { type: 'string', default: '0.8' },
      'snipe-seconds': { type: 'string', default: '5' },
      'max-boost': { type: 'string', default: '10' },
      target: { type: 'string', default: 'http' },
    },
  });
  if (values.target !== 'http' && values.target !== 'kafka') {
    console.error('--target is http or kafka');
    process.exit(2);
  }
  const result = await loadtest({
    rate: Number(values.rate),
    seconds: Number(values.seconds),
    auctions: Number(values.auctions),
    hot: Number(values.hot),
    hotShare: Number(values['hot-share']),
    snipeSeconds: Number(values['snipe-seconds']),
    maxBoost: Number(values['max-boost']),
    target: values.target,
    gateway: process.env.GATEWAY_URL ?? serviceUrls(readEndpoints()).gatewayUrl,
  });
  console.table([
    {
      ...result,
      offeredPerSecond: Math.round(result.offeredPerSecond),
      achievedPerSecond: Math.round(result.achievedPerSecond),
    },
  ]);
  process.exit(result.partial ? 1 : 0);
}
