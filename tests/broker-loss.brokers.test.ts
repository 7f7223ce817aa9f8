/**
 * The loss of one broker of three: while recorded eBay auctions replay through the gateway, the
 * broker that leads the most `auction.commands` partitions is SIGKILLed and started again, and
 * then (second phase) killed and started on an emptied data folder, as after a lost disk. Every
 * auction must close as the reference model says, every bid be decided exactly once and every
 * event be published once; the report gives the longest pause each client saw and how long
 * the cluster took to have every partition fully replicated again.
 *
 * Runs on the three-broker stack of tests/three-brokers-env.ts (`npm run test:brokers`).
 */
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEbayCsv } from '../perf/load/bid-log.js';
import { kafkaNodes, kafkaReplication } from '../platform/endpoints.js';
import { kafkaNodeName } from '../stack/components/kafka.js';
import { kafkaHealth } from '../stack/kafka-health.js';
import { PROJECT_ROOT, stackPaths } from '../stack/paths.js';
import { isAlive, runningPid } from '../stack/processes.js';
import { stackUp } from '../stack/up.js';
import { decisionsFor } from './bid-outcomes.js';
import { consumeMessages } from './consume.js';
import { expectedFinal } from './ebay-expectations.js';
import { newCounters, sendRecordedBids } from './fault-load.js';
import { client } from './http.js';
import { LiveClient } from './live-client.js';
import { longestPause } from './longest-pause.js';
import {
  expectEveryEventOnce,
  openRecordedAuctions,
  reportFigures,
  until,
  untilClosed,
} from './replay-phase.js';
import { startPipeline, type Pipeline } from './services.js';
import { untilSinksCaughtUp } from './sink-expectations.js';
import { endpoints, kafkaClient, uniqueName, urls } from './support.js';

const EBAY = path.join(PROJECT_ROOT, '..', 'shared', 'data', 'ebay-auctions.csv');
const AUCTIONS_PER_PHASE = 24;
/** Bids are spread over this long; the broker is killed FAULT_AFTER_MS into it. */
const SPREAD_MS = 20_000;
const FAULT_AFTER_MS = 4_000;
/** How long the killed broker stays down while the replay goes on. */
const HELD_DOWN_MS = 10_000;
/** Auctions end this long after their first bid: room for the outage and every retry. */
const OPEN_MS = 75_000;

interface Phase {
  readonly name: string;
  /** Empty the broker's data folder before it starts again (a lost disk). */
  readonly wipe: boolean;
}

const PHASES: readonly Phase[] = [
  { name: 'SIGKILL the broker leading the most command partitions, start it again', wipe: false },
  { name: 'SIGKILL a broker and wipe its data folder before it starts again', wipe: true },
];

interface PhaseReport {
  phase: string;
  broker: string;
  partitionsLed: number;
  bids: number;
  retries: number;
  /** Longest pause in seconds, before the kill (the replay's own rhythm) → from the kill on. */
  gatewayProduce: string;
  processor: string;
  connect: string;
  sinks: string;
  liveFeed: string;
  /** From the broker's start until no partition was under-replicated. */
  fullyReplicatedAfterSeconds: number;
  auctionsMatchingModel: string;
}

const log = parseEbayCsv(readFileSync(EBAY, 'utf8'));
const reports: PhaseReport[] = [];
const paths = stackPaths();
const admin = kafkaClient('brokers-admin').admin();
const quiet = () => undefined;
let pipeline: Pipeline;
let call: ReturnType<typeof client>;

/** The broker that leads the most partitions of `topic`, with how many it leads. */
async function busiestLeader(topic: string) {
  const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
  const led = new Map<number, number>();
  for (const p of topics[0]!.partitions) led.set(p.leader, (led.get(p.leader) ?? 0) + 1);
  const [nodeId, count] = [...led.entries()].sort((a, b) => b[1] - a[1])[0]!;
  const node = kafkaNodes(endpoints).find((n) => n.id === nodeId)!;
  return { name: kafkaNodeName(node, endpoints.kafkaBrokers), count };
}

/** SIGKILLs a stack component from outside and resolves once its process is gone. */
async function sigkill(component: string) {
  const pid = runningPid(paths.pid(component), paths.root);
  if (pid === undefined) throw new Error(`${component} is not running`);
  process.kill(pid, 'SIGKILL');
  await until(() => !isAlive(pid), `${component} (pid ${pid}) to exit`);
}

/** Milliseconds since the epoch of each row `sql` returns as `t`. */
async function moments(databaseUrl: string, sql: string, values: unknown[] = []) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ t: string }>(sql, values);
    return rows.map((r) => Number(r.t));
  } finally {
    await db.end();
  }
}

beforeAll(async () => {
  if (endpoints.kafkaBrokers !== 3)
    throw new Error(
      'the broker-loss test needs the three-broker stack: run `npm run test:brokers`',
    );
  await admin.connect();
  pipeline = await startPipeline({
    partitions: 6,
    sinks: true,
    closeGraceMs: 500,
    watchdog: true,
    logLevel: 'info',
  });
  call = client(pipeline.gatewayUrl);
}, 180_000);

afterAll(async () => {
  await admin.disconnect().catch(quiet);
  await pipeline?.stop();
  reportFigures('broker-loss', reports);
}, 60_000);

describe('three brokers', () => {
  it('replicate every topic three times with two in sync: the project’s, Connect’s and the groups’', async () => {
    const { replicationFactor, minInsyncReplicas } = kafkaReplication(endpoints);
    const names = await admin.listTopics();
    const wanted = [
      pipeline.topics.commands,
      pipeline.topics.events,
      pipeline.topics.commandsDeadLetter,
      'auction.commands',
      'auction.events',
      'connect-configs',
      'connect-offsets',
      'connect-status',
      '__consumer_offsets',
    ];
    expect(names).toEqual(expect.arrayContaining(wanted));
    const { topics } = await admin.fetchTopicMetadata({ topics: wanted });
    for (const topic of topics)
      for (const p of topic.partitions)
        expect(p.replicas.length, `${topic.name}[${p.partitionId}]`).toBe(replicationFactor);
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: wanted.map((name) => ({
        type: 2, // TOPIC
        name,
        configNames: ['min.insync.replicas'],
      })),
    });
    for (const resource of configs.resources)
      expect(resource.configEntries[0]?.configValue, resource.resourceName).toBe(
        String(minInsyncReplicas),
      );
  });

  PHASES.forEach((phase, index) => {
    it(`${phase.name}: every auction as the reference model, no bid lost or decided twice`, async () => {
      const slice = log.slice(index * AUCTIONS_PER_PHASE, (index + 1) * AUCTIONS_PER_PHASE);
      const run = uniqueName('brokers');
      const firstBidAt = Date.now() + 3_000;
      const auctions = await openRecordedAuctions(call, slice, {
        startsAt: firstBidAt - 500,
        openMs: OPEN_MS,
        run,
      });
      const ids = auctions.map((a) => a.auctionId);

      // Progress as each client sees it: bids answered, events received live.
      const answered: number[] = [];
      const timedCall: typeof call = async (...request) => {
        const reply = await call(...request);
        if (reply.status === 202 || reply.status === 200) answered.push(Date.now());
        return reply;
      };
      const watcher = await LiveClient.connect(pipeline.gatewayUrl, null);
      const received: number[] = [];
      watcher.socket.on('message', () => received.push(Date.now()));
      for (const id of ids) {
        watcher.send({ type: 'subscribe', auctionId: id });
        await watcher.next((m) => m.type === 'subscribed' && m.auctionId === id);
      }

      const counters = newCounters();
      const sending = sendRecordedBids(timedCall, counters, auctions, {
        startAt: firstBidAt,
        spreadMs: SPREAD_MS,
        keyPrefix: run,
      });
      await sleep(firstBidAt + FAULT_AFTER_MS - Date.now());
      const victim = await busiestLeader(pipeline.topics.commands);
      const killedAt = Date.now();
      await sigkill(victim.name);
      await sleep(HELD_DOWN_MS);
      if (phase.wipe) await rm(paths.data(victim.name), { recursive: true, force: true });
      const startedAt = Date.now();
      await stackUp(quiet); // starts what is stopped: the killed broker, formatted anew if wiped
      await until(
        async () => {
          const health = await kafkaHealth(endpoints);
          return health?.liveBrokers.length === 3 && health.underReplicated.length === 0;
        },
        `every partition in sync again after ${victim.name} came back`,
        240_000,
      );
      const replicatedAt = Date.now();
      await sending;
      const sentAt = Date.now();

      expect(counters.refused, 'bids refused by the gateway').toEqual({});
      expect(counters.unavailableWithoutRetryAfter).toBe(0);
      const finals = await Promise.all(ids.map((id) => untilClosed(call, id)));
      auctions.forEach(({ logged }, i) => {
        expect(finals[i], `auction ${logged.sourceId}`).toMatchObject(
          expectedFinal(logged, `seller-${logged.sourceId}`),
        );
      });
      const decisions = await decisionsFor(ids);
      for (const { logged, auctionId } of auctions)
        expect(decisions.get(auctionId), `decisions of ${logged.sourceId}`).toBe(
          logged.bids.length,
        );

      // Every event of these auctions published once: sequences 1..n, one event id each.
      const total = await untilSinksCaughtUp(admin, pipeline.topics.events, [
        String(pipeline.env.STATS_SINK_GROUP_ID),
        String(pipeline.env.LEADERBOARD_SINK_GROUP_ID),
      ]);
      const messages = await consumeMessages(
        kafkaClient(uniqueName('brokers-events')),
        pipeline.topics.events,
        total,
        60_000,
      );
      expectEveryEventOnce(messages, ids);
      const published = messages
        .filter(({ message }) =>
          ids.includes((JSON.parse(String(message.value)) as { auctionId: string }).auctionId),
        )
        .map(({ message }) => Number(message.timestamp));
      // The live feed got through too: every auction's close reached the subscriber.
      for (const id of ids)
        await watcher.next(
          (m) => m.type === 'event' && m.auctionId === id && m.eventType === 'AuctionClosed',
          120_000,
        );
      await watcher.close();

      const decided = await moments(
        urls.databaseUrl,
        'SELECT extract(epoch FROM decided_at) * 1000 AS t FROM bid_decisions WHERE auction_id = ANY($1)',
        [ids],
      );
      const applied = await moments(
        String(pipeline.env.STATS_DATABASE_URL),
        "SELECT extract(epoch FROM processed_at) * 1000 AS t FROM sink_processed_events WHERE sink = 'stats'",
      );
      const pause = (times: readonly number[]) =>
        `${(longestPause(times, firstBidAt, killedAt) / 1000).toFixed(1)} → ${(longestPause(times, killedAt, sentAt) / 1000).toFixed(1)}`;
      reports.push({
        phase: phase.wipe ? 'kill + wipe' : 'kill',
        broker: victim.name,
        partitionsLed: victim.count,
        bids: slice.reduce((n, a) => n + a.bids.length, 0),
        retries: counters.unavailable + counters.unanswered,
        gatewayProduce: pause(answered),
        processor: pause(decided),
        connect: pause(published),
        sinks: pause(applied),
        liveFeed: pause(received),
        fullyReplicatedAfterSeconds: Number(((replicatedAt - startedAt) / 1000).toFixed(1)),
        auctionsMatchingModel: `${auctions.length}/${auctions.length}`,
      });
    }, 420_000);
  });
});
