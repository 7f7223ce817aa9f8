/**
 * Operations on the real pipeline: what each process shows on /metrics, a correlation id from
 * the HTTP request to the published event and every process's logs, and a processor that
 * stops on SIGTERM mid-stream without losing or repeating a decision.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeMessages } from './consume.js';
import { answerMismatches, client, openTestAuction } from './http.js';
import { LiveClient } from './live-client.js';
import { startPipeline, type Pipeline } from './services.js';
import { kafkaClient, uniqueName, urls } from './support.js';

interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** The samples of a Prometheus text exposition. */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      labels[key!] = value!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

async function scrape(url: string): Promise<Sample[]> {
  const reply = await fetch(url);
  expect(reply.status).toBe(200);
  const text = await reply.text();
  // The gateway's own /metrics is part of its API: held to its description like any answer.
  if (url.startsWith(pipeline.gatewayUrl)) {
    const answer = { status: reply.status, contentType: reply.headers.get('content-type'), text };
    const path = url.slice(pipeline.gatewayUrl.length);
    expect(await answerMismatches(pipeline.gatewayUrl, 'GET', path, answer)).toEqual([]);
  }
  return parseMetrics(text);
}

const matching = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
const total = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  matching(samples, name, labels).reduce((n, s) => n + s.value, 0);

/** Polls `check` until it returns something other than undefined. */
async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await check();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** The JSON log lines a child wrote so far with this message. */
const logLines = (lines: readonly string[], msg: string) =>
  lines.flatMap((line) => {
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      return entry.msg === msg ? [entry] : [];
    } catch {
      return [];
    }
  });

let pipeline: Pipeline;
let call: ReturnType<typeof client>;
const db = new pg.Client({ connectionString: urls.databaseUrl });
const admin = kafkaClient('it-operations-admin').admin();
const correlationId = `it-ops-${randomUUID()}`;
let auctionId: string;
let rejectedReason: string;

const createAuction = () => openTestAuction(call, uniqueName('item'));

beforeAll(async () => {
  // Debug level: the per-command and per-event lines carry the correlation id.
  pipeline = await startPipeline({ sinks: true, logLevel: 'debug' });
  call = client(pipeline.gatewayUrl);
  await Promise.all([db.connect(), admin.connect()]);
  auctionId = await createAuction();
  const accepted = await call('POST', `/auctions/${auctionId}/bids?wait=20000`, {
    user: 'alice',
    json: { maxAmount: '20.00' },
    headers: { 'idempotency-key': 'ops-1', 'x-correlation-id': correlationId },
  });
  expect(accepted.headers.get('x-correlation-id')).toBe(correlationId);
  expect(accepted.body).toMatchObject({ status: 'decided', accepted: true });
  const rejected = await call('POST', `/auctions/${auctionId}/bids?wait=20000`, {
    user: 'bob',
    json: { maxAmount: '5.00' },
    headers: { 'idempotency-key': 'ops-2' },
  });
  // Alice leads at the starting price, so 5.00 is below the minimum next bid. A rejection the
  // processor decided is a problem, marked decided, with the reason as its code.
  expect(rejected.status, JSON.stringify(rejected.body)).toBe(422);
  expect(rejected.body).toMatchObject({ decided: true, code: 'below_minimum_increment' });
  rejectedReason = String(rejected.body.code);
}, 120_000);

afterAll(async () => {
  await pipeline?.stop();
  await Promise.allSettled([db.end(), admin.disconnect()]);
});

describe('metrics', () => {
  it('the gateway counts the accepted bid, the rejected one by reason, HTTP requests and CDC lag', async () => {
    const metricsUrl = `${pipeline.gatewayUrl}/metrics`;
    const samples = await until('the bid events to reach the gateway', async () => {
      const s = await scrape(metricsUrl);
      const rejected = total(s, 'auction_bids_rejected_total', { reason: rejectedReason });
      return total(s, 'auction_bids_accepted_total') === 1 && rejected === 1 ? s : undefined;
    });
    expect(total(samples, 'auction_bids_rejected_total')).toBe(1);
    expect(total(samples, 'gateway_cdc_lag_seconds_count')).toBeGreaterThanOrEqual(3);
    // The accepted bid answered 200, the rejected one its problem's status (422).
    for (const status of ['200', '422'])
      expect(
        total(samples, 'http_request_duration_seconds_count', {
          method: 'POST',
          route: '/auctions/:auctionId/bids',
          status,
        }),
        status,
      ).toBe(1);
    expect(total(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('the gateway’s open WebSocket gauge follows a client connecting and leaving', async () => {
    const metricsUrl = `${pipeline.gatewayUrl}/metrics`;
    const open = async () => total(await scrape(metricsUrl), 'gateway_websocket_connections');
    const before = await open();
    const live = await LiveClient.connect(pipeline.gatewayUrl, 'watcher');
    await until('the gauge to count the client', async () =>
      (await open()) === before + 1 ? true : undefined,
    );
    live.socket.close();
    await until('the gauge to drop the client', async () =>
      (await open()) === before ? true : undefined,
    );
  });

  it('the processor shows its decisions by type and outcome, their latency, and its lag per partition', async () => {
    const processor = pipeline.processors[0]!;
    const partitions = (await admin.fetchTopicOffsets(pipeline.topics.commands)).length;
    const samples = await until('the processor to be caught up on every partition', async () => {
      const s = await scrape(pipeline.metricsUrl(processor));
      const lag = matching(s, 'kafka_consumer_lag_messages', { topic: pipeline.topics.commands });
      return lag.length === partitions && lag.every((l) => l.value === 0) ? s : undefined;
    });
    const decisions = (commandType: string, outcome: string) =>
      total(samples, 'processor_decisions_total', { command_type: commandType, outcome });
    expect(decisions('CreateAuction', 'accepted')).toBe(1);
    expect(decisions('PlaceBid', 'accepted')).toBe(1);
    expect(decisions('PlaceBid', 'rejected')).toBe(1);
    expect(
      total(samples, 'processor_decision_latency_seconds_count', { command_type: 'PlaceBid' }),
    ).toBe(2);
    expect(total(samples, 'processor_batch_commit_seconds_count')).toBeGreaterThanOrEqual(1);
  });

  it('each sink shows the events it applied and its lag per partition', async () => {
    const partitions = (await admin.fetchTopicOffsets(pipeline.topics.events)).length;
    for (const sink of [pipeline.sinks.stats[0]!, pipeline.sinks.leaderboard[0]!]) {
      const samples = await until('the sink to apply the events', async () => {
        const s = await scrape(pipeline.metricsUrl(sink));
        const lag = matching(s, 'kafka_consumer_lag_messages', { topic: pipeline.topics.events });
        return total(s, 'sink_events_total', { result: 'applied' }) >= 3 &&
          lag.length === partitions &&
          lag.every((l) => l.value === 0)
          ? s
          : undefined;
      });
      expect(total(samples, 'sink_events_total', { result: 'dead_lettered' })).toBe(0);
      expect(total(samples, 'sink_event_latency_seconds_count')).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('correlation id', () => {
  it('travels from X-Correlation-Id to the published event and every process’s logs', async () => {
    const events = await consumeMessages(kafkaClient('it-ops-events'), pipeline.topics.events, 3);
    const accepted = events
      .map((e) => ({
        type: e.message.headers?.eventType?.toString(),
        value: JSON.parse(e.message.value!.toString()) as Record<string, unknown>,
      }))
      .find((e) => e.type === 'BidAccepted');
    expect(accepted?.value).toMatchObject({ auctionId, correlationId });

    const withOurId = (child: ChildProcess, msg: string) =>
      until(`"${msg}" with the correlation id`, () =>
        Promise.resolve(
          logLines(pipeline.logsOf(child), msg).find((l) => l.correlationId === correlationId),
        ),
      );
    const request = await withOurId(pipeline.gateways[0]!, 'request');
    expect(request).toMatchObject({
      method: 'POST',
      route: '/auctions/:auctionId/bids',
      status: 200,
    });
    expect(typeof request.durationMs).toBe('number');
    expect(await withOurId(pipeline.processors[0]!, 'command decided')).toMatchObject({
      commandType: 'PlaceBid',
      outcome: 'accepted',
      auctionId,
    });
    for (const sink of [pipeline.sinks.stats[0]!, pipeline.sinks.leaderboard[0]!]) {
      expect(await withOurId(sink, 'event applied')).toMatchObject({
        eventType: 'BidAccepted',
        auctionId,
      });
    }
  });
});

describe('graceful shutdown', () => {
  /** The processor offsets stored in Postgres (the truth), by partition. */
  async function storedOffsets() {
    const { rows } = await db.query<{ partition: number; next_offset: string }>(
      'SELECT partition, next_offset FROM processor_offsets WHERE topic = $1',
      [pipeline.topics.commands],
    );
    return new Map(rows.map((r) => [r.partition, Number(r.next_offset)]));
  }
  const sum = (offsets: Map<number, number>) => [...offsets.values()].reduce((n, o) => n + o, 0);

  async function decidedBids(ids: readonly string[]) {
    const { rows } = await db.query<{ n: string }>(
      'SELECT count(*) AS n FROM bid_decisions WHERE auction_id = ANY($1)',
      [ids],
    );
    return Number(rows[0]!.n);
  }

  it('SIGTERM mid-stream: the processor commits, leaves the group and exits 0; its replacement decides nothing twice', async () => {
    const ids = [await createAuction(), await createAuction()];
    const perAuction = 150;
    const sending = Promise.all(
      ids.map(async (id) => {
        for (let i = 0; i < perAuction; i += 1) {
          const reply = await call('POST', `/auctions/${id}/bids`, {
            user: `bidder-${i % 3}`,
            json: { maxAmount: (11 + i).toFixed(2) },
            headers: { 'idempotency-key': `stop-${id}-${i}` },
          });
          expect(reply.status).toBe(202);
        }
      }),
    );
    // Awaited below; until then a failure must not become an unhandled rejection.
    sending.catch(() => undefined);
    await until('some bids to be decided', async () =>
      (await decidedBids(ids)) >= 40 ? true : undefined,
    );

    const first = pipeline.processors[0]!;
    const exited = once(first, 'exit');
    first.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    const stopped = logLines(pipeline.logsOf(first), 'processor stopped');
    expect(stopped).toHaveLength(1);
    const decidedByFirst = Number(stopped[0]!.decided);
    // Mid-stream: beforeAll's three commands, two creates and the bids were not all decided.
    const allCommands = 3 + ids.length + ids.length * perAuction;
    expect(decidedByFirst).toBeLessThan(allCommands);

    // Everything it decided is committed in Postgres, and the same offsets are mirrored in Kafka.
    const atStop = await storedOffsets();
    expect(sum(atStop)).toBe(decidedByFirst);
    const [mirrored] = await admin.fetchOffsets({
      groupId: String(pipeline.env.PROCESSOR_GROUP_ID),
      topics: [pipeline.topics.commands],
    });
    for (const { partition, offset } of mirrored!.partitions)
      expect(Number(offset)).toBe(atStop.get(partition) ?? -1);
    // It left the group instead of waiting to be timed out.
    const [group] = (await admin.describeGroups([String(pipeline.env.PROCESSOR_GROUP_ID)])).groups;
    expect(group?.members).toHaveLength(0);

    const replacement = pipeline.startProcessor('replacement');
    await sending;
    await until(
      'every bid to be decided',
      async () => ((await decidedBids(ids)) === ids.length * perAuction ? true : undefined),
      90_000,
    );
    const ends = await admin.fetchTopicOffsets(pipeline.topics.commands);
    const end = ends.reduce((n, p) => n + Number(p.high), 0);
    await until('every command to be committed', async () =>
      sum(await storedOffsets()) === end ? true : undefined,
    );
    // The replacement decided exactly the commands after the stored offsets: none twice.
    const samples = await until('the replacement’s decisions on /metrics', async () => {
      const s = await scrape(pipeline.metricsUrl(replacement)).catch(() => undefined);
      return s && total(s, 'processor_decisions_total') === end - decidedByFirst ? s : undefined;
    });
    expect(total(samples, 'processor_decisions_total', { outcome: 'repeat' })).toBe(0);
  }, 180_000);
});

describe('graceful shutdown of the others', () => {
  it('the gateway and both sinks finish, close their servers and exit 0 on SIGTERM', async () => {
    const gateway = pipeline.gateways[0]!;
    const sinks = [pipeline.sinks.stats[0]!, pipeline.sinks.leaderboard[0]!];
    const sinkMetrics = sinks.map((s) => pipeline.metricsUrl(s));
    const codes = await Promise.all(
      [gateway, ...sinks].map(async (child) => {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        return ((await exited) as [number | null])[0];
      }),
    );
    expect(codes).toEqual([0, 0, 0]);
    expect(logLines(pipeline.logsOf(sinks[0]!), 'stats sink stopped')).toHaveLength(1);
    expect(logLines(pipeline.logsOf(sinks[1]!), 'leaderboard sink stopped')).toHaveLength(1);
    for (const url of [`${pipeline.gatewayUrl}/health`, ...sinkMetrics])
      await expect(fetch(url)).rejects.toThrow();
  });
});
