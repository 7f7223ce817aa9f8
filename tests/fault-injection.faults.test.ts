/**
 * Faults survived: while recorded eBay auctions are replayed through the gateway, one fault at a
 * time is injected — a processor, the sinks or the gateway killed with SIGKILL (from outside, as
 * a crash: the supervisor of platform/supervisor/ must bring each back by itself, as under
 * `npm start`), Kafka Connect stopped, the Kafka broker, Postgres or Redis restarted. After
 * each, every auction of that phase must close
 * exactly as a clean run closes it (recomputed with the pure rules), every bid must have exactly
 * one decision, and while Kafka or Postgres is down the gateway answers 503 with Retry-After.
 * At the end, stats and leaderboards must equal a recomputation from the events topic.
 *
 * Needs the local stack (it stops and starts its components): not for STACK_EXTERNAL=1.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { parseEbayCsv } from '../perf/load/bid-log.js';
import { stackDown } from '../stack/down.js';
import { PROJECT_ROOT } from '../stack/paths.js';
import { stackUp } from '../stack/up.js';
import { decisionsFor } from './bid-outcomes.js';
import { consumeMessages } from './consume.js';
import { expectedFinal } from './ebay-expectations.js';
import { newCounters, sendRecordedBids, type LoadCounters } from './fault-load.js';
import { client } from './http.js';
import { LiveClient } from './live-client.js';
import {
  expectEveryEventOnce,
  openRecordedAuctions,
  reportFigures,
  until,
  untilClosed,
} from './replay-phase.js';
import { crash, startPipeline, type Pipeline } from './services.js';
import {
  expectSinksToMatch,
  recomputeSinks,
  sinkSnapshot,
  untilSinksCaughtUp,
} from './sink-expectations.js';
import { kafkaClient, uniqueName } from './support.js';

const EBAY = path.join(PROJECT_ROOT, '..', 'shared', 'data', 'ebay-auctions.csv');
const AUCTIONS_PER_PHASE = 20;
/** Bids are spread over this long; the fault comes FAULT_AFTER_MS into it. */
const SPREAD_MS = 12_000;
const FAULT_AFTER_MS = 3_000;
/**
 * Auctions end this long after their first bid: room for a restart and every retry. At 40 s a
 * broker restart on a loaded machine pushed a phase's last bids past the end (decided
 * `auction_ended`: one auction one bid short, its winner and price the same).
 */
const OPEN_MS = 60_000;

interface FaultContext {
  readonly counters: LoadCounters;
}

interface InjectionOutcome {
  /** The gateway was seen answering 503 while the component was down. */
  readonly unavailableSeen?: boolean;
  /** For a killed service: how long until the supervisor's new process was up (ready). */
  readonly backSeconds?: number;
  /** For a stopped component: how long its stop, the time held down, and its start took. */
  readonly stopSeconds?: number;
  readonly heldDownSeconds?: number;
  readonly startSeconds?: number;
}

interface Fault {
  readonly name: string;
  /** Injects the fault and repairs it; resolves once the component is back. */
  inject(context: FaultContext): Promise<InjectionOutcome>;
}

interface FaultResult {
  fault: string;
  bidsInFlightAtFault: number;
  outageSeconds: number;
  stopHeldStartSeconds: string;
  /** A killed service: from the kill until its restarted process was up (the gateway: ready). */
  serviceBackSeconds: string;
  answered503: number;
  unanswered: number;
  recoverySeconds: number;
  sinksCaughtUpSeconds: number;
  /**
   * Restarts by the supervisor: the services killed here, and processes whose consumer stalled
   * or was stopped by kafkajs (they exit 75; docs/faults.md).
   */
  supervisorRestarts: string;
  bids: number;
  auctionsMatchingCleanRun: string;
}

const log = parseEbayCsv(readFileSync(EBAY, 'utf8'));
const results: FaultResult[] = [];
let pipeline: Pipeline;
let call: ReturnType<typeof client>;
let probeAuctionId: string;
/** Subscribed to the probe auction for the whole run: the live feed must survive every fault. */
let watcher: LiveClient;
const allAuctionIds: string[] = [];
const admin = kafkaClient('faults-admin').admin();
const sinkGroups = () => [
  String(pipeline.env.STATS_SINK_GROUP_ID),
  String(pipeline.env.LEADERBOARD_SINK_GROUP_ID),
];
const quiet = () => undefined;

/** Waits for both sinks; if they do not catch up, the error shows what they last logged. */
async function sinksCaughtUp() {
  return explained(untilSinksCaughtUp(admin, pipeline.topics.events, sinkGroups()), [
    ...pipeline.sinks.stats,
    ...pipeline.sinks.leaderboard,
  ]);
}

/** If `step` fails, the error carries what these services last logged. */
async function explained<T>(step: Promise<T>, services: (ChildProcess | undefined)[]) {
  try {
    return await step;
  } catch (error) {
    const tails = services.flatMap((child) =>
      child ? [pipeline.logsOf(child).slice(-15).join('\n')] : [],
    );
    throw new Error(`${(error as Error).message}\nlast log lines:\n${tails.join('\n---\n')}`);
  }
}

/**
 * SIGKILLs the current process of a service from outside, as a crash would, and resolves once
 * the supervisor has started a new one (and `isUp` says it serves), with the seconds that took.
 */
async function killAndAwaitRestart(
  processes: () => readonly ChildProcess[],
  isUp: (child: ChildProcess) => Promise<boolean> = () => Promise.resolve(true),
) {
  const victim = processes().at(-1)!;
  const killedAt = Date.now();
  await crash(victim);
  await until(async () => {
    const current = processes().at(-1)!;
    return current !== victim && current.pid !== undefined && (await isUp(current));
  }, 'the supervisor to restart the killed service');
  return (Date.now() - killedAt) / 1000;
}

const gatewayReady = () =>
  fetch(`${pipeline.gatewayUrl}/ready`, { signal: AbortSignal.timeout(2_000) }).then(
    (r) => r.ok,
    () => false,
  );

/** A socket dropped by a gateway restart is opened again and subscribed, as a client would. */
async function watchProbeAuction() {
  if (watcher?.socket.readyState === WebSocket.OPEN) return;
  watcher = await LiveClient.connect(pipeline.gatewayUrl, 'fault-watcher');
  watcher.send({ type: 'subscribe', auctionId: probeAuctionId });
  await watcher.next((m) => m.type === 'subscribed' && m.auctionId === probeAuctionId);
}

/** A fresh bid on the probe auction: its answer shows whether the gateway takes bids now. */
let probes = 0;
const probeBid = (wait?: number) =>
  call('POST', `/auctions/${probeAuctionId}/bids${wait ? `?wait=${wait}` : ''}`, {
    user: 'fault-prober',
    json: { maxAmount: `${1000 + (probes += 1)}.00` },
    headers: { 'idempotency-key': uniqueName('probe') },
    signal: AbortSignal.timeout(20_000),
  });

/** Whether a fresh bid is decided now; no answer (a gateway restarting) is a no. */
async function freshBidDecided(): Promise<{ decided: boolean; bidId?: string }> {
  try {
    const reply = await probeBid(5_000);
    // A decided rejection is a problem marked decided (it carries the bid's id too).
    const decided = reply.body.status === 'decided' || reply.body.decided === true;
    return { decided, bidId: String(reply.body.bidId) };
  } catch {
    return { decided: false };
  }
}

/** While Kafka or Postgres is down: a bid gets 503 with Retry-After, and /ready says 503. */
async function expectUnavailableWhileDown() {
  await until(async () => {
    const reply = await probeBid();
    if (reply.status === 202) return false; // the component had not gone yet
    expect(reply.status).toBe(503);
    expect(reply.contentType).toContain('application/problem+json');
    expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
    return true;
  }, '503 from the gateway while a dependency is down');
  const ready = await fetch(`${pipeline.gatewayUrl}/ready`);
  expect(ready.status).toBe(503);
  return { unavailableSeen: true };
}

/** Stops a stack component, runs `whileDown`, starts it again; times each step. */
const restart = async (
  component: string,
  whileDown: () => Promise<InjectionOutcome | void>,
): Promise<InjectionOutcome> => {
  const seconds = (since: number) => (Date.now() - since) / 1000;
  const began = Date.now();
  await stackDown({ purge: false, only: component }, quiet);
  const stopSeconds = seconds(began);
  const down = Date.now();
  const outcome = (await whileDown()) ?? {};
  const heldDownSeconds = seconds(down);
  const up = Date.now();
  await stackUp(quiet);
  return { ...outcome, stopSeconds, heldDownSeconds, startSeconds: seconds(up) };
};

const FAULTS: readonly Fault[] = [
  {
    name: 'SIGKILL a processor',
    inject: async () => ({ backSeconds: await killAndAwaitRestart(() => pipeline.processors) }),
  },
  {
    name: 'SIGKILL both sinks',
    async inject() {
      const seconds = await Promise.all([
        killAndAwaitRestart(() => pipeline.sinks.stats),
        killAndAwaitRestart(() => pipeline.sinks.leaderboard),
      ]);
      return { backSeconds: Math.max(...seconds) };
    },
  },
  {
    name: 'SIGKILL the gateway',
    inject: async () => ({
      backSeconds: await killAndAwaitRestart(() => pipeline.gateways, gatewayReady),
    }),
  },
  {
    name: 'stop and restart Kafka Connect',
    inject: ({ counters }) =>
      restart('connect', async () => {
        // Keep it down until decisions pile up in the outbox behind it.
        const before = counters.accepted;
        await until(() => counters.accepted >= before + 40, 'bids accepted while Connect is down');
      }),
  },
  {
    name: 'restart the Kafka broker',
    inject: () => restart('kafka', expectUnavailableWhileDown),
  },
  {
    name: 'restart Postgres',
    inject: () => restart('postgres', expectUnavailableWhileDown),
  },
  {
    name: 'restart Redis',
    inject: () =>
      restart('redis', () =>
        // Keep it down until the leaderboard sink has had a batch refused by it.
        until(
          () =>
            pipeline
              .logsOf(pipeline.sinks.leaderboard.at(-1)!)
              .some((line) => line.includes('store refused the batch')),
          'the leaderboard sink to meet the outage',
        ),
      ),
  },
];

beforeAll(async () => {
  if (process.env.STACK_EXTERNAL === '1')
    throw new Error('the fault tests stop and start stack components: run them on the local stack');
  pipeline = await startPipeline({
    partitions: 6,
    sinks: true,
    closeGraceMs: 500,
    watchdog: true,
    logLevel: 'info',
  });
  call = client(pipeline.gatewayUrl);
  await admin.connect();
  const probe = await call('POST', '/auctions?wait=20000', {
    user: 'fault-seller',
    json: {
      itemId: uniqueName('probe'),
      title: 'probe',
      startingPrice: '1.00',
      durationSeconds: 3600,
    },
  });
  expect(probe.status).toBe(201);
  probeAuctionId = String(probe.body.auctionId);
  await watchProbeAuction();
}, 120_000);

afterAll(async () => {
  if (watcher?.socket.readyState === WebSocket.OPEN) await watcher.close().catch(quiet);
  await admin.disconnect().catch(quiet);
  await pipeline?.stop();
  reportFigures('faults', results);
}, 60_000);

describe('faults during a replay of the eBay bids', () => {
  FAULTS.forEach((fault, index) => {
    it(`${fault.name}: every auction closes as in a clean run, no bid lost or decided twice`, async () => {
      const slice = log.slice(index * AUCTIONS_PER_PHASE, (index + 1) * AUCTIONS_PER_PHASE);
      const run = uniqueName('faults');
      const firstBidAt = Date.now() + 2_000;
      const auctions = await openRecordedAuctions(call, slice, {
        startsAt: firstBidAt - 500,
        openMs: OPEN_MS,
        run,
      });
      allAuctionIds.push(...auctions.map((a) => a.auctionId));
      const counters = newCounters();
      const restartsBefore = pipeline.restarts.length;
      const sending = sendRecordedBids(call, counters, auctions, {
        startAt: firstBidAt,
        spreadMs: SPREAD_MS,
        keyPrefix: run,
      });

      // The fault comes at a fixed point of the load's schedule, while bids are flowing.
      await sleep(firstBidAt + FAULT_AFTER_MS - Date.now());
      const bidsInFlightAtFault = counters.inFlight;
      const faultAt = Date.now();
      const outcome = await fault.inject({ counters });
      const restoredAt = Date.now();
      // Recovered: a new bid is decided again (while the replay goes on), and the sinks catch up.
      // The live feed works again too (a socket the gateway's restart dropped is opened again).
      await explained(watchProbeAuction(), [pipeline.gateways.at(-1)]);
      let recoveredBidId = '';
      await explained(
        until(async () => {
          const probe = await freshBidDecided();
          recoveredBidId = probe.bidId ?? '';
          return probe.decided;
        }, 'a decision'),
        [pipeline.processors.at(-1), pipeline.gateways.at(-1)],
      );
      const decidedAt = Date.now();
      // That bid's event reaches the WebSocket subscriber. After a broker restart the gateway's
      // feed consumer can sit wedged until its own stall watchdog (about 45 s) replaces it, and
      // the new one must then join and fetch: the window covers both (seen at ~60 s once).
      await explained(
        watcher.next(
          (m) =>
            m.type === 'event' &&
            m.auctionId === probeAuctionId &&
            (m.event as { bidId?: unknown }).bidId === recoveredBidId,
          120_000,
        ),
        [pipeline.gateways.at(-1)],
      );
      await sending;
      await sinksCaughtUp();
      const caughtUpAt = Date.now();

      expect(counters.refused, 'bids refused by the gateway').toEqual({});
      expect(counters.unavailableWithoutRetryAfter).toBe(0);
      // A fault the load saw the gateway unavailable through shows in the counters.
      expect(
        counters.unavailable + counters.unanswered,
        'bids answered 503 or not at all',
      ).toBeGreaterThanOrEqual(outcome.unavailableSeen ? 1 : 0);

      const finals = await Promise.all(auctions.map((a) => untilClosed(call, a.auctionId)));
      let matching = 0;
      auctions.forEach(({ logged }, i) => {
        const want = expectedFinal(logged, `seller-${logged.sourceId}`);
        expect(finals[i], `auction ${logged.sourceId}`).toMatchObject(want);
        matching += 1;
      });
      // bid_id is the key of bid_decisions: one row per bid is one decision per bid.
      const decisions = await decisionsFor(auctions.map((a) => a.auctionId));
      for (const { logged, auctionId } of auctions) {
        expect(decisions.get(auctionId), `decisions of ${logged.sourceId}`).toBe(
          logged.bids.length,
        );
      }

      results.push({
        fault: fault.name,
        bidsInFlightAtFault,
        outageSeconds: (restoredAt - faultAt) / 1000,
        stopHeldStartSeconds:
          outcome.stopSeconds === undefined
            ? '-'
            : [outcome.stopSeconds, outcome.heldDownSeconds, outcome.startSeconds]
                .map((n) => n!.toFixed(1))
                .join(' / '),
        serviceBackSeconds:
          outcome.backSeconds === undefined ? '-' : outcome.backSeconds.toFixed(1),
        answered503: counters.unavailable,
        unanswered: counters.unanswered,
        recoverySeconds: (decidedAt - faultAt) / 1000,
        sinksCaughtUpSeconds: (caughtUpAt - faultAt) / 1000,
        supervisorRestarts: pipeline.restarts.slice(restartsBefore).join(', ') || '-',
        bids: slice.reduce((n, a) => n + a.bids.length, 0),
        auctionsMatchingCleanRun: `${matching}/${auctions.length}`,
      });
    }, 240_000);
  });

  it('stats and leaderboards are exact, and no event is missing from any auction’s sequence', async () => {
    const total = await sinksCaughtUp();
    const expected = await recomputeSinks(pipeline.topics.events, total);
    expectSinksToMatch(await sinkSnapshot(call, expected.users.keys(), allAuctionIds), expected);

    // Each auction's events carry sequences 1..n, one event id each: none lost, none doubled.
    const messages = await consumeMessages(
      kafkaClient('faults-sequences'),
      pipeline.topics.events,
      total,
    );
    expectEveryEventOnce(messages, allAuctionIds);
  }, 240_000);
});
