/**
 * The sinks, exact through redelivery, crashes and rebuilds: their numbers are compared with
 * an independent recomputation from the events topic.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replay } from '../perf/load/replay.js';
import { consumerLag } from '../sinks/event-sink-runner.js';
import { rebuild } from '../sinks/rebuild.js';
import { PROJECT_ROOT } from '../stack/paths.js';
import { consumeMessages } from './consume.js';
import { client } from './http.js';
import {
  expectSinksToMatch,
  recomputeSinks,
  sinkSnapshot,
  untilSinksCaughtUp as untilCaughtUp,
  type ExpectedSinks,
  type SinkSnapshot,
} from './sink-expectations.js';
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

const untilSinksCaughtUp = () => untilCaughtUp(admin, pipeline.topics.events, groups());
const snapshot = (users: Iterable<string>) => sinkSnapshot(call, users, auctionIds);

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

let expected: ExpectedSinks;
let incremental: SinkSnapshot;

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

    expected = await recomputeSinks(pipeline.topics.events, await untilSinksCaughtUp());
    incremental = await snapshot(expected.users.keys());
    expectSinksToMatch(incremental, expected);
  }, 240_000);

  it('redelivering every event twice more leaves every total unchanged', async () => {
    for (let round = 0; round < 2; round += 1) {
      await stopSinks();
      for (const group of groups())
        await admin.resetOffsets({ groupId: group, topic: pipeline.topics.events, earliest: true });
      pipeline.startSink('stats');
      pipeline.startSink('leaderboard');
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
