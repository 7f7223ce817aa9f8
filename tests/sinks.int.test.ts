/**
 * The sinks, exact through redelivery, crashes and rebuilds: their numbers are compared with
 * an independent recomputation from the events topic.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replay } from '../loadtest/replay.js';
import { consumerLag } from '../sinks/event-sink-runner.js';
import { rebuild } from '../sinks/rebuild.js';
import { PROJECT_ROOT } from '../stack/paths.js';
import { consumeMessages } from './consume.js';
import { client } from './http.js';
import { startPipeline, type Pipeline } from './services.js';
import { kafkaClient } from './support.js';

const EBAY = path.join(PROJECT_ROOT, '..', 'shared', 'data', 'ebay-auctions.csv');
let pipeline: Pipeline;
let call: ReturnType<typeof client>;
let auctionIds: string[] = [];

const admin = kafkaClient('it-sinks-admin').admin();
const groups = () => [
  String(pipeline.env.STATS_SINK_GROUP_ID),
  String(pipeline.env.LEADERBOARD_SINK_GROUP_ID),
];

/** Waits until both sinks have read to the end of a topic that has stopped growing. */
async function untilSinksCaughtUp() {
  const deadline = Date.now() + 120_000;
  let previousEnd = -1;
  for (;;) {
    const end = (await admin.fetchTopicOffsets(pipeline.topics.events)).reduce(
      (n, p) => n + Number(p.high),
      0,
    );
    const lags = await Promise.all(
      groups().map((g) => consumerLag(admin, g, pipeline.topics.events)),
    );
    if (end === previousEnd && lags.every((l) => l.total === 0)) return end;
    if (Date.now() > deadline)
      throw new Error(`the sinks did not catch up: lags ${lags.map((l) => l.total).join(', ')}`);
    previousEnd = end;
    await sleep(1000);
  }
}

interface Expected {
  users: Map<
    string,
    {
      bidsPlaced: number;
      bidsAccepted: number;
      bidsRejected: number;
      auctions: Set<string>;
      won: number;
      spent: number;
    }
  >;
  leaderboards: Map<string, Map<string, number>>;
}

/** The numbers, recomputed from the events topic by this test, without the sinks' code. */
async function recompute(total: number): Promise<Expected> {
  const messages = await consumeMessages(
    kafkaClient('it-recompute'),
    pipeline.topics.events,
    total,
    60_000,
  );
  const seen = new Set<string>();
  const expected: Expected = { users: new Map(), leaderboards: new Map() };
  const user = (id: string) => {
    let u = expected.users.get(id);
    if (!u)
      expected.users.set(
        id,
        (u = {
          bidsPlaced: 0,
          bidsAccepted: 0,
          bidsRejected: 0,
          auctions: new Set(),
          won: 0,
          spent: 0,
        }),
      );
    return u;
  };
  for (const { message } of messages) {
    const e = JSON.parse(String(message.value)) as {
      eventId: string;
      auctionId: string;
      bidderId: string;
      visiblePriceCents: number;
      winnerId: string | null;
      priceCents: number | null;
    };
    if (seen.has(e.eventId)) continue; // at-least-once publication: count each event once
    seen.add(e.eventId);
    switch (String(message.headers?.eventType)) {
      case 'BidAccepted': {
        const u = user(e.bidderId);
        u.bidsPlaced += 1;
        u.bidsAccepted += 1;
        u.auctions.add(e.auctionId);
        const board = expected.leaderboards.get(e.auctionId) ?? new Map<string, number>();
        board.set(e.bidderId, Math.max(board.get(e.bidderId) ?? 0, e.visiblePriceCents));
        expected.leaderboards.set(e.auctionId, board);
        break;
      }
      case 'BidRejected': {
        const u = user(e.bidderId);
        u.bidsPlaced += 1;
        u.bidsRejected += 1;
        break;
      }
      case 'AuctionClosed':
        if (e.winnerId) {
          const u = user(e.winnerId);
          u.won += 1;
          u.spent += Number(e.priceCents);
        }
        break;
    }
  }
  return expected;
}

/** Everything the read APIs say, for comparing two moments. */
async function snapshot(users: Iterable<string>) {
  const stats = await Promise.all(
    [...users].sort().map(async (id) => (await call('GET', `/users/${id}/stats`)).body),
  );
  const bySpent = (await call('GET', '/leaderboards/top-winners?by=spent&limit=100')).body;
  const byWon = (await call('GET', '/leaderboards/top-winners?by=won&limit=100')).body;
  const boards = await Promise.all(
    auctionIds.map(async (id) => (await call('GET', `/auctions/${id}/leaderboard?limit=100`)).body),
  );
  return { stats, bySpent, byWon, boards };
}

async function stopSinks() {
  const running = [...pipeline.sinks.stats, ...pipeline.sinks.leaderboard].filter(
    (c) => c.exitCode === null && c.signalCode === null,
  );
  await Promise.all(running.map(async (c) => (c.kill('SIGTERM'), once(c, 'exit'))));
}

async function kill(child: ChildProcess) {
  child.kill('SIGKILL');
  await once(child, 'exit');
}

let expected: Expected;
let incremental: Awaited<ReturnType<typeof snapshot>>;

beforeAll(async () => {
  pipeline = await startPipeline({ partitions: 6, sinks: true });
  call = client(pipeline.gatewayUrl);
  await admin.connect();
}, 120_000);

afterAll(async () => {
  await admin.disconnect();
  await pipeline?.stop();
});

describe('the sinks', () => {
  it('after a replay with sinks killed mid-stream, equal an independent recomputation from the events topic', async () => {
    const replaying = replay(
      {
        file: EBAY,
        daySeconds: 1,
        staggerSeconds: 1,
        marginSeconds: 5,
        limit: 60,
        gateway: pipeline.gatewayUrl,
      },
      () => undefined,
    );
    // Kill both sinks with SIGKILL once they are busy, and start them again.
    while ((await consumerLag(admin, groups()[0]!, pipeline.topics.events)).total === 0)
      await sleep(100);
    await Promise.all([kill(pipeline.sinks.stats[0]!), kill(pipeline.sinks.leaderboard[0]!)]);
    pipeline.startSink('stats');
    pipeline.startSink('leaderboard');
    const report = await replaying;
    auctionIds = report.outcomes.map((o) => o.auctionId);
    expect(report.closed).toBe(60);

    expected = await recompute(await untilSinksCaughtUp());
    incremental = await snapshot(expected.users.keys());
    for (const [id, u] of expected.users) {
      expect(
        incremental.stats.find((s) => s.userId === id),
        id,
      ).toMatchObject({
        bidsPlaced: u.bidsPlaced,
        bidsAccepted: u.bidsAccepted,
        bidsRejected: u.bidsRejected,
        auctionsBidOn: u.auctions.size,
        auctionsWon: u.won,
        totalSpentCents: u.spent,
      });
    }
    const winners = [...expected.users].filter(([, u]) => u.won > 0);
    const spent = (
      incremental.bySpent.winners as { userId: string; totalSpentCents: number }[]
    ).map((w) => [w.userId, w.totalSpentCents] as const);
    expect(new Map(spent)).toEqual(new Map(winners.map(([id, u]) => [id, u.spent])));
    const won = (incremental.byWon.winners as { userId: string; auctionsWon: number }[]).map(
      (w) => [w.userId, w.auctionsWon] as const,
    );
    expect(new Map(won)).toEqual(new Map(winners.map(([id, u]) => [id, u.won])));
    for (const board of incremental.boards) {
      const ranked = board.bidders as { bidderId: string; highestVisibleBidCents: number }[];
      const want = expected.leaderboards.get(String(board.auctionId)) ?? new Map<string, number>();
      expect(new Map(ranked.map((r) => [r.bidderId, r.highestVisibleBidCents]))).toEqual(want);
      expect(ranked.map((r) => r.highestVisibleBidCents)).toEqual(
        [...ranked.map((r) => r.highestVisibleBidCents)].sort((a, b) => b - a),
      );
    }
  }, 240_000);

  it('redelivering every event twice more leaves every total unchanged', async () => {
    for (let round = 0; round < 2; round += 1) {
      await stopSinks();
      for (const group of groups())
        await admin.resetOffsets({ groupId: group, topic: pipeline.topics.events, earliest: true });
      pipeline.startSink('stats');
      pipeline.startSink('leaderboard');
      await sleep(500);
      await untilSinksCaughtUp();
      expect(await snapshot(expected.users.keys())).toEqual(incremental);
    }
  }, 240_000);

  it('a rebuild from zero gives exactly the incremental numbers', async () => {
    await stopSinks();
    const saved = { ...process.env };
    Object.assign(process.env, pipeline.env);
    try {
      await rebuild('stats', () => undefined);
      await rebuild('leaderboards', () => undefined);
    } finally {
      process.env = saved;
    }
    expect(await snapshot(expected.users.keys())).toEqual(incremental);
  }, 240_000);

  it('refuses bad read parameters and unknown ids', async () => {
    expect((await call('GET', '/users/nobody-at-all/stats')).status).toBe(404);
    expect(
      (await call('GET', '/auctions/00000000-0000-4000-8000-000000000000/leaderboard')).status,
    ).toBe(404);
    expect((await call('GET', '/leaderboards/top-winners?by=luck')).body).toMatchObject({
      status: 400,
      field: 'by',
    });
    expect((await call('GET', '/leaderboards/hot-auctions?limit=0')).body).toMatchObject({
      status: 400,
      field: 'limit',
    });
    const hot = await call('GET', '/leaderboards/hot-auctions?limit=5&minutes=60');
    expect(hot.status).toBe(200);
    expect((hot.body.auctions as unknown[]).length).toBeGreaterThan(0);
  });

  it('sends an event it cannot use to the dead-letter topic with the reason, and goes on', async () => {
    pipeline.startSink('stats');
    const producer = kafkaClient('it-bad-event').producer();
    await producer.connect();
    await producer.send({
      topic: pipeline.topics.events,
      messages: [
        { key: 'x', value: 'not json', headers: { eventType: 'BidAccepted', eventId: 'x' } },
      ],
    });
    await producer.disconnect();
    const [letter] = await consumeMessages(
      kafkaClient('it-dlq'),
      pipeline.topics.eventsDeadLetter,
      1,
    );
    expect(String(letter!.message.headers?.['dlq.reason'])).toContain('not JSON');
    const deadline = Date.now() + 30_000;
    while (
      (await consumerLag(admin, groups()[0]!, pipeline.topics.events)).total > 0 &&
      Date.now() < deadline
    )
      await sleep(200);
    expect((await consumerLag(admin, groups()[0]!, pipeline.topics.events)).total).toBe(0);
  });
});
