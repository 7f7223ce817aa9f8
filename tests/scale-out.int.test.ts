/**
 * Scale-out: three processors, two gateways and both sinks on one machine. Under a steady flow
 * of bids on many auctions (through both gateways), a fourth processor joins, one leaves with
 * SIGTERM and another is killed with SIGKILL. Every decision must still be the one the
 * independent reference model (reference-model/) gives, made exactly once, published
 * exactly once and counted by the stats sink.
 * The hand-over times it observes are printed for docs/scaling.md.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import { AssignerProtocol, type Admin } from 'kafkajs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bidStream,
  decisionsFor,
  expectedEventCount,
  expectedOutcome,
  untilAllDecided,
  type Bid,
} from './bid-outcomes.js';
import { consumeMessages } from './consume.js';
import { client, openTestAuction } from './http.js';
import { startPipeline, stopService, type Pipeline } from './services.js';
import { kafkaClient, uniqueName, urls } from './support.js';

const PARTITIONS = 12;
const AUCTIONS = 30;
/** Each auction gets one bid about every this many ms: about 15 bids/s in all. */
const BID_INTERVAL_MS = 2_000;
/** Decisions to see between two membership changes, so bids flow through each of them. */
const PROGRESS = 30;

let pipeline: Pipeline;
let gateways: string[];
const admin: Admin = kafkaClient('it-scale-admin').admin();

beforeAll(async () => {
  pipeline = await startPipeline({ sinks: true, partitions: PARTITIONS });
  pipeline.startProcessor('processor-2');
  pipeline.startProcessor('processor-3');
  gateways = [pipeline.gatewayUrl, await pipeline.startGateway()];
  await admin.connect();
}, 90_000);

afterAll(async () => {
  await admin.disconnect();
  await pipeline?.stop();
});

/** Who owns which commands partition, as `kafka-consumer-groups.sh --describe --members` shows it. */
async function groupOwners() {
  const groupId = String(pipeline.env.PROCESSOR_GROUP_ID);
  const [group] = (await admin.describeGroups([groupId])).groups;
  const owners = new Map<string, number[]>();
  for (const member of group?.members ?? []) {
    const assigned = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
    owners.set(member.clientId, [...(assigned?.assignment[pipeline.topics.commands] ?? [])]);
  }
  return { state: group?.state ?? 'Unknown', owners };
}

interface Settled {
  readonly owners: Map<string, number[]>;
  /** When the group was first seen to differ from how it was at the start of the wait. */
  readonly changedAt: number;
  readonly settledAt: number;
}

/**
 * Waits until the group is stable with `members` members (none of `gone`), each owning at least
 * one partition and all partitions owned.
 */
async function untilGroupSettles(members: number, gone: readonly string[] = []): Promise<Settled> {
  const deadline = Date.now() + 60_000;
  const initial = JSON.stringify([...(await groupOwners()).owners]);
  let changedAt: number | undefined;
  for (;;) {
    const { state, owners } = await groupOwners();
    const now = Date.now();
    if (changedAt === undefined && (state !== 'Stable' || JSON.stringify([...owners]) !== initial))
      changedAt = now;
    const owned = [...owners.values()].flat();
    if (
      state === 'Stable' &&
      owners.size === members &&
      gone.every((name) => !owners.has(name)) &&
      [...owners.values()].every((partitions) => partitions.length > 0) &&
      new Set(owned).size === PARTITIONS
    )
      return { owners, changedAt: changedAt ?? now, settledAt: now };
    if (now > deadline)
      throw new Error(`the group did not settle: ${state} ${JSON.stringify([...owners])}`);
    await sleep(100);
  }
}

/**
 * Places one bid; a connection the gateway closed under us (a keep-alive race on a loaded
 * machine) or a 503 (Kafka slow to take the command) is retried with the same Idempotency-Key,
 * as a client should, so it still counts once and in order.
 */
async function placeWithRetry(
  gateway: string,
  auctionId: string,
  options: Parameters<ReturnType<typeof client>>[2],
) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const reply = await client(gateway)('POST', `/auctions/${auctionId}/bids`, options);
      if (reply.status !== 503 || attempt === 5) return reply;
      console.log(`bid on ${auctionId} via ${gateway}: 503; retrying`);
    } catch (error) {
      if (attempt === 5) throw error;
      console.log(`bid on ${auctionId} via ${gateway}: ${String(error)}; retrying`);
    }
    await sleep(200 * attempt); // backoff before the retry, not a wait for a condition
  }
}

/**
 * Bids on every auction, one at a time per auction (each waits for the previous one's 202, so
 * the order is known), every BID_INTERVAL_MS, alternating between the gateways, until finished.
 */
class SteadyBids {
  readonly streams: Map<string, Bid[]>;
  readonly bidIds: string[] = [];
  private target = Number.POSITIVE_INFINITY;
  private readonly started = new Map<string, number>();
  private readonly running: Promise<void[]>;

  constructor(auctionIds: readonly string[]) {
    this.streams = new Map(auctionIds.map((id, i) => [id, bidStream(100, 1_000 + i)]));
    const start = Date.now();
    this.running = Promise.all(
      auctionIds.map((id, lane) =>
        this.lane(id, lane, start + (lane * BID_INTERVAL_MS) / auctionIds.length),
      ),
    );
    this.running.catch(() => undefined); // reported by finish()
  }

  private async lane(auctionId: string, lane: number, firstAt: number) {
    const stream = this.streams.get(auctionId)!;
    for (let i = 0; i < Math.min(this.target, stream.length); i += 1) {
      const due = firstAt + i * BID_INTERVAL_MS;
      if (due > Date.now()) await sleep(due - Date.now()); // pacing the load, not waiting on it
      if (i >= this.target) break; // finish() was called while this lane waited
      this.started.set(auctionId, i + 1);
      const bid = stream[i]!;
      const reply = await placeWithRetry(gateways[(lane + i) % gateways.length]!, auctionId, {
        user: bid.bidder,
        json: { maxAmount: (bid.cents / 100).toFixed(2) },
        headers: { 'idempotency-key': `scale-${auctionId}-${i}` },
      });
      if (reply.status !== 202) throw new Error(`bid ${i} on ${auctionId}: ${reply.status}`);
      this.bidIds.push(String(reply.body.bidId));
    }
  }

  /** Lets every auction reach the same number of bids, then stops; resolves with that number. */
  async finish(): Promise<number> {
    this.target = Math.max(...this.started.values());
    await this.running;
    for (const [id, stream] of this.streams) this.streams.set(id, stream.slice(0, this.target));
    return this.target;
  }
}

async function untilDecidedAtLeast(auctionIds: readonly string[], total: number) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const decided = [...(await decisionsFor(auctionIds)).values()].reduce((a, b) => a + b, 0);
    if (decided >= total) return decided;
    if (Date.now() > deadline) throw new Error(`only ${decided} of ${total} bids decided`);
    await sleep(200);
  }
}

async function query<Row extends pg.QueryResultRow>(url: string, sql: string, params: unknown[]) {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    return (await db.query<Row>(sql, params)).rows;
  } finally {
    await db.end();
  }
}

/** The longest any partition went without a decision across `at` (includes the bid spacing). */
async function longestPauseAcross(auctionIds: readonly string[], at: number) {
  const rows = await query<{ partition: number; decided: number }>(
    urls.databaseUrl,
    `SELECT a.partition, (extract(epoch FROM d.decided_at) * 1000)::float8 AS decided
     FROM bid_decisions d JOIN auctions a USING (auction_id) WHERE d.auction_id = ANY($1)`,
    [auctionIds],
  );
  let longest = 0;
  for (let partition = 0; partition < PARTITIONS; partition += 1) {
    const times = rows.filter((r) => r.partition === partition).map((r) => r.decided);
    const before = Math.max(...times.filter((t) => t <= at));
    const after = Math.min(...times.filter((t) => t > at));
    if (Number.isFinite(before) && Number.isFinite(after))
      longest = Math.max(longest, after - before);
  }
  return longest;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

describe('scale-out', () => {
  let firstProcessor = '';

  it('spreads the partitions over three processors, each owning at least one', async () => {
    const { owners } = await untilGroupSettles(3);
    firstProcessor = [...owners.keys()].find((name) => !/^processor-\d$/.test(name))!;
    expect([...owners.values()].every((partitions) => partitions.length >= 1)).toBe(true);
    expect([...owners.values()].flat().sort((a, b) => a - b)).toEqual(
      Array.from({ length: PARTITIONS }, (_, p) => p),
    );
  });

  it('decides every bid once and correctly while processors join, leave and die', async () => {
    const call = client(pipeline.gatewayUrl);
    const auctionIds = await Promise.all(
      Array.from({ length: AUCTIONS }, () => openTestAuction(call, uniqueName('item'))),
    );
    const testStart = Date.now();
    const step = (what: string) =>
      console.log(`scale-out +${seconds(Date.now() - testStart)}: ${what}`);
    const load = new SteadyBids(auctionIds);
    step('bids flowing');
    let decided = await untilDecidedAtLeast(auctionIds, PROGRESS);

    step(`${decided} decided; starting a 4th processor`);
    const joinedAt = Date.now();
    const fourth = pipeline.startProcessor('processor-4');
    const joined = await untilGroupSettles(4);
    decided = await untilDecidedAtLeast(auctionIds, decided + PROGRESS);

    step(`${decided} decided; SIGTERM to processor-2`);
    const leavingAt = Date.now();
    const leaving = stopService(pipeline.processors[1]!, 'SIGTERM');
    const left = await untilGroupSettles(3, ['processor-2']);
    expect(await leaving).toBe(0); // a graceful exit
    decided = await untilDecidedAtLeast(auctionIds, decided + PROGRESS);

    step(`${decided} decided; SIGKILL to ${firstProcessor}`);
    const killedAt = Date.now();
    await stopService(pipeline.processors[0]!, 'SIGKILL');
    const afterKill = await untilGroupSettles(2, [firstProcessor]);
    await untilDecidedAtLeast(auctionIds, decided + PROGRESS);

    const bidsPerAuction = await load.finish();
    step(`load finished at ${bidsPerAuction} bids per auction`);
    await untilAllDecided(auctionIds, bidsPerAuction);
    step('all decided');
    expect(fourth.exitCode).toBeNull();

    const handOver = (from: number, settled: Settled, pause: number) => ({
      'group changed after': seconds(settled.changedAt - from),
      'group settled after': seconds(settled.settledAt - from),
      'longest partition pause': seconds(pause),
    });
    console.log(
      `scale-out: ${AUCTIONS} auctions × ${bidsPerAuction} bids = ${load.bidIds.length} bids, ` +
        `${PARTITIONS} partitions; hand-over times measured by this run:`,
    );
    console.table({
      'a 4th processor joins (from its spawn)': handOver(
        joinedAt,
        joined,
        await longestPauseAcross(auctionIds, joined.changedAt),
      ),
      'one leaves (SIGTERM)': handOver(
        leavingAt,
        left,
        await longestPauseAcross(auctionIds, leavingAt),
      ),
      'one is killed (SIGKILL)': handOver(
        killedAt,
        afterKill,
        await longestPauseAcross(auctionIds, killedAt),
      ),
    });

    // Each auction's visible outcome is what the rules give for its bids in the order sent.
    for (const [id, bids] of load.streams) {
      expect((await call('GET', `/auctions/${id}`)).body, id).toMatchObject(expectedOutcome(bids));
    }
    // Every bid has exactly one decision (bid_id is the key: none more, none fewer).
    const decisions = await query<{ bid_id: string }>(
      urls.databaseUrl,
      'SELECT bid_id FROM bid_decisions WHERE auction_id = ANY($1)',
      [auctionIds],
    );
    expect(decisions.map((d) => d.bid_id).sort()).toEqual([...load.bidIds].sort());
    expect(load.bidIds).toHaveLength(AUCTIONS * bidsPerAuction);

    await expectEachEventPublishedOnce(load.streams);
    await expectStatsSinkCounts(load.streams);
  }, 150_000);
});

/**
 * Reads the events topic until it holds every event the model gives for this test's auctions:
 * no event id twice, and each auction's sequence numbers exactly 1..n. Events of other auctions
 * are left out: the processors' database is shared by every test file, so a processor here may
 * close an auction another file left open in a partition it now owns.
 */
async function expectEachEventPublishedOnce(streams: ReadonlyMap<string, readonly Bid[]>) {
  const expected = new Map([...streams].map(([id, bids]) => [id, expectedEventCount(bids)]));
  const expectedTotal = [...expected.values()].reduce((a, b) => a + b, 0);
  const deadline = Date.now() + 60_000;
  let ours: { eventId: string; auctionId: string; sequence: number }[] = [];
  for (;;) {
    const offsets = await admin.fetchTopicOffsets(pipeline.topics.events);
    const onTopic = offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
    if (onTopic >= expectedTotal) {
      const messages = await consumeMessages(
        kafkaClient('it-scale-events'),
        pipeline.topics.events,
        onTopic,
      );
      ours = messages
        .map(({ message }) => ({
          eventId: String(message.headers?.eventId),
          ...(JSON.parse(String(message.value)) as { auctionId: string; sequence: number }),
        }))
        .filter((event) => expected.has(event.auctionId));
      if (ours.length >= expectedTotal) break;
    }
    if (Date.now() > deadline) break;
    await sleep(250);
  }
  expect(ours).toHaveLength(expectedTotal);
  const ids = ours.map((event) => event.eventId);
  expect(new Set(ids).size).toBe(ids.length);
  const sequences = new Map<string, number[]>();
  for (const event of ours)
    sequences.set(event.auctionId, [...(sequences.get(event.auctionId) ?? []), event.sequence]);
  for (const [id, count] of expected) {
    expect(
      [...(sequences.get(id) ?? [])].sort((a, b) => a - b),
      id,
    ).toEqual(Array.from({ length: count }, (_, i) => i + 1));
  }
}

/** Waits for the stats sink to count each auction's accepted bids as the rules do, then compares. */
async function expectStatsSinkCounts(streams: ReadonlyMap<string, readonly Bid[]>) {
  const expected = Object.fromEntries(
    [...streams].map(([id, bids]) => [id, expectedOutcome(bids).bidCount]),
  );
  const counted = async () =>
    Object.fromEntries(
      (
        await query<{ auction_id: string; bids: number }>(
          String(pipeline.env.STATS_DATABASE_URL),
          'SELECT auction_id, bids FROM auction_stats WHERE auction_id = ANY($1)',
          [[...streams.keys()]],
        )
      ).map((r) => [r.auction_id, r.bids]),
    );
  const deadline = Date.now() + 30_000;
  let actual = await counted();
  while (!isDeepStrictEqual(actual, expected) && Date.now() < deadline) {
    await sleep(250);
    actual = await counted();
  }
  expect(actual).toEqual(expected);
}
