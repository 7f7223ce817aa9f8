/**
 * Never wedged: commands written straight into the commands topic (past the gateway's checks)
 * that the rules or the store refuse are rejected or dead-lettered within seconds, while later
 * commands of the same partition and the other partitions go on being decided; a partition
 * whose commits cannot get through shows in the metrics, the processor's /health and the
 * gateway's /ready, and only for as long as it lasts.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Producer } from 'kafkajs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  commandCodec,
  commandSchemaIds,
  type CommandCodec,
  type CommandMetadata,
  type CommandOf,
  type CreateAuctionData,
} from '../contracts/commands.js';
import { consumeMessages } from './consume.js';
import { client } from './http.js';
import { migratedDatabase, startPipeline, type Pipeline } from './services.js';
import { kafkaClient, uniqueName, urls } from './support.js';

/** Small, so that the stall shows within a test's patience. */
const DECIDING_STALL_MS = 1500;
const DECIDED_WITHIN_MS = 10_000;
const REFUSED_TITLE = 'the store refuses this title';

let pipeline: Pipeline;
let producer: Producer;
let codec: CommandCodec;
let db: pg.Pool;

/**
 * A database of this file's own, migrated from this checkout: the test takes row locks in it,
 * and a shared database must not get migrations other checkouts do not know yet.
 */
async function ownDatabase() {
  const name = uniqueName('poison').replace('-', '_');
  const url = await migratedDatabase(name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // A value the store refuses though the rules accept it, as an unforeseen limit would.
  await client.query(
    `ALTER TABLE auctions ADD CONSTRAINT it_store_refuses CHECK (title <> '${REFUSED_TITLE}')`,
  );
  await client.end();
  return { name, url };
}

let database: { name: string; url: string };

beforeAll(async () => {
  database = await ownDatabase();
  // The services inherit this process's environment.
  process.env.DATABASE_URL = database.url;
  process.env.DECIDING_STALL_MS = String(DECIDING_STALL_MS);
  process.env.PROCESSOR_COMMIT_TIMEOUT_MS = '1000';
  pipeline = await startPipeline({ partitions: 4 });
  producer = kafkaClient('it-poison').producer();
  await producer.connect();
  const registry = new SchemaRegistry({ host: urls.registryUrl });
  codec = commandCodec(registry, await commandSchemaIds(registry));
  db = new pg.Pool({ connectionString: database.url, max: 3 });
}, 90_000);

afterAll(async () => {
  for (const name of ['DATABASE_URL', 'DECIDING_STALL_MS', 'PROCESSOR_COMMIT_TIMEOUT_MS'])
    delete process.env[name];
  await producer?.disconnect();
  await db?.end();
  await pipeline?.stop();
  if (database) {
    const admin = new pg.Client({ connectionString: urls.adminDatabaseUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database.name} WITH (FORCE)`);
    await admin.end();
  }
});

interface Sent {
  readonly commandId: string;
  readonly auctionId: string;
  readonly sentAt: number;
}

/** A CreateAuction the gateway would accept, with `data` and `metadata` overriding its fields. */
function createAuction(
  data: Partial<CreateAuctionData> = {},
  metadata: Partial<CommandMetadata> = {},
): CommandOf<'CreateAuction'> {
  const now = Date.now();
  const auctionId = randomUUID();
  return {
    type: 'CreateAuction',
    metadata: {
      commandId: randomUUID(),
      auctionId,
      issuedBy: 'seller',
      issuedAt: now,
      correlationId: `it-${auctionId}`,
      ...metadata,
    },
    data: {
      itemId: `item-${auctionId}`,
      title: 'Cartier',
      startingPriceCents: 1_000,
      reservePriceCents: null,
      buyNowPriceCents: null,
      startsAt: now,
      endsAt: now + 3_600_000,
      antiSnipingWindowMs: 0,
      antiSnipingExtensionMs: 0,
      incrementTable: null,
      externalRef: null,
      ...data,
    },
  };
}

/** Writes CreateAuction commands straight into one partition, encoded as the gateway does. */
async function send(partition: number, ...commands: CommandOf<'CreateAuction'>[]) {
  const messages = await Promise.all(
    commands.map(async (c) => ({ ...(await codec.encode(c)), partition })),
  );
  await producer.send({ topic: pipeline.topics.commands, acks: -1, messages });
  const sentAt = Date.now();
  return commands.map(({ metadata: { commandId, auctionId } }): Sent => ({
    commandId,
    auctionId,
    sentAt,
  }));
}

/** Polls `check` until it returns something other than undefined. */
async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await check();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

interface Decision {
  readonly accepted: boolean;
  readonly reason: string | null;
  readonly detail: string | null;
  /** How long after it was sent the decision was seen. */
  readonly afterMs: number;
}

async function decisionOf(sent: Sent, timeoutMs = DECIDED_WITHIN_MS): Promise<Decision> {
  return until(
    `the decision of ${sent.commandId}`,
    async () => {
      const { rows } = await db.query<Omit<Decision, 'afterMs'>>(
        'SELECT accepted, reason, detail FROM command_decisions WHERE command_id = $1',
        [sent.commandId],
      );
      return rows[0] && { ...rows[0], afterMs: Date.now() - sent.sentAt };
    },
    timeoutMs,
  );
}

/** The sum of a metric's samples whose labels include `labels`. */
async function metric(name: string, labels: Record<string, string>) {
  const text = await (await fetch(pipeline.metricsUrl(pipeline.processors[0]!))).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      sum += Number(line.split(' ').at(-1));
  }
  return sum;
}

/** The auction of the latest unprocessable command decision. */
async function lastRefusedAuction() {
  const { rows } = await db.query<{ auction_id: string }>(
    "SELECT auction_id FROM command_decisions WHERE reason = 'unprocessable' ORDER BY decided_at DESC LIMIT 1",
  );
  return rows[0]?.auction_id ?? '(none)';
}

const ready = async () => {
  const reply = await client(pipeline.gatewayUrl)('GET', '/ready');
  return {
    status: reply.status,
    body: reply.body as { checks: Record<string, { ok: boolean; error?: string }> },
  };
};
const processorHealth = async () => {
  const url = pipeline.metricsUrl(pipeline.processors[0]!).replace(/\/metrics$/, '/health');
  const reply = await fetch(url);
  return { status: reply.status, body: (await reply.json()) as { stalledPartitions: number[] } };
};

describe('poison commands', () => {
  it('a start in year 9999 or year 0 is rejected naming startsAt, and the partition goes on', async () => {
    const [late, early, next] = await send(
      0,
      createAuction({
        startsAt: Date.UTC(9999, 11, 31, 23, 59, 59),
        endsAt: Date.UTC(9999, 11, 31, 23, 59, 59) + 60_000,
      }),
      createAuction({ startsAt: Date.UTC(0, 0, 1) }),
      createAuction(),
    );
    for (const refused of [late!, early!]) {
      expect(await decisionOf(refused)).toMatchObject({
        accepted: false,
        reason: 'invalid_command',
        detail: expect.stringMatching(/^startsAt/) as unknown,
      });
    }
    expect(await decisionOf(next!)).toMatchObject({ accepted: true });
  });

  it('a command whose decision the store refuses (a NUL in the seller id) is dead-lettered within seconds; the others are decided', async () => {
    const [before, poison, after] = await send(
      1,
      createAuction(),
      createAuction({ title: 'NUL\u0000title' }, { issuedBy: 'sel\u0000ler' }),
      createAuction(),
    );
    const [elsewhere] = await send(2, createAuction());
    const letters = await consumeMessages(
      kafkaClient('it-poison-dlq'),
      pipeline.topics.commandsDeadLetter,
      1,
      DECIDED_WITHIN_MS,
    );
    const headers = letters[0]!.message.headers ?? {};
    expect(String(headers['dlq.reason'])).toMatch(/22P05|22021/);
    expect(String(headers['dlq.partition'])).toBe('1');
    expect(letters[0]!.message.key?.toString()).toBe(poison!.auctionId);

    for (const decided of [before!, after!, elsewhere!]) {
      const decision = await decisionOf(decided);
      expect(decision).toMatchObject({ accepted: true });
      expect(decision.afterMs).toBeLessThan(DECIDED_WITHIN_MS);
    }
    expect(
      await metric('processor_failed_commits_total', { partition: '1', retriable: 'false' }),
    ).toBeGreaterThan(0);
    expect(
      await metric('processor_poison_commands_total', { partition: '1', outcome: 'dead_lettered' }),
    ).toBe(1);
  });

  it('a command the rules accept but the store refuses is decided as a rejection (unprocessable), and its client is told', async () => {
    const call = client(pipeline.gatewayUrl);
    const [neighbour] = await send(2, createAuction());
    const reply = await call('POST', '/auctions?wait=10000', {
      user: 'seller',
      json: {
        itemId: 'refused-item',
        title: REFUSED_TITLE,
        startingPrice: '10.00',
        durationSeconds: 60,
      },
    });
    expect(reply.status).toBe(422);
    expect(reply.body).toMatchObject({ code: 'unprocessable', decided: true });
    expect(await decisionOf(neighbour!)).toMatchObject({ accepted: true });
    expect(await metric('processor_poison_commands_total', { outcome: 'rejected' })).toBe(1);
    // The rejection is an event too, for the live feed.
    const { rows } = await db.query<{ type: string; reason: string }>(
      `SELECT type, payload->>'reason' AS reason FROM auction_events WHERE auction_id = $1`,
      [await lastRefusedAuction()],
    );
    expect(rows).toEqual([{ type: 'CommandRejected', reason: 'unprocessable' }]);
  });

  it('one open auction per item and seller: another seller may list the same item id', async () => {
    const itemId = `shared-${randomUUID()}`;
    const [first, otherSeller, again] = await send(
      0,
      createAuction({ itemId }),
      createAuction({ itemId }, { issuedBy: 'another-seller' }),
      createAuction({ itemId }),
    );
    expect(await decisionOf(first!)).toMatchObject({ accepted: true });
    expect(await decisionOf(otherSeller!)).toMatchObject({ accepted: true });
    expect(await decisionOf(again!)).toMatchObject({
      accepted: false,
      reason: 'item_has_open_auction',
    });
  });

  it('a partition whose commits cannot get through fails /health and /ready while it lasts; the others decide', async () => {
    // Partition 3 gets its stored offset, then a test transaction holds that row's lock, so
    // every commit of partition 3 waits out its statement timeout and fails (retriable).
    await decisionOf((await send(3, createAuction()))[0]!);
    const blocker = await db.connect();
    let stuck: Sent | undefined;
    try {
      await blocker.query('BEGIN');
      await blocker.query(
        'SELECT next_offset FROM processor_offsets WHERE topic = $1 AND partition = 3 FOR UPDATE',
        [pipeline.topics.commands],
      );
      [stuck] = await send(3, createAuction());

      const notReady = await until('/ready to report partition 3', async () => {
        const r = await ready();
        return r.status === 503 ? r : undefined;
      });
      expect(notReady.body.checks.deciding?.error).toMatch(
        /partition 3 has 1 command\(s\) waiting/,
      );
      const unhealthy = await until('the processor /health to report partition 3', async () => {
        const h = await processorHealth();
        return h.status === 503 ? h : undefined;
      });
      expect(unhealthy.body.stalledPartitions).toEqual([3]);

      // The others go on meanwhile.
      const [other] = await send(0, createAuction());
      expect(await decisionOf(other!)).toMatchObject({ accepted: true });
      expect(
        await metric('processor_failed_commits_total', { partition: '3', retriable: 'true' }),
      ).toBeGreaterThan(0);
      expect(
        await metric('processor_oldest_undecided_command_age_seconds', { partition: '3' }),
      ).toBeGreaterThan(DECIDING_STALL_MS / 1000);
    } finally {
      await blocker.query('ROLLBACK');
      blocker.release();
    }

    expect(await decisionOf(stuck!)).toMatchObject({ accepted: true });
    await until('/ready to recover', async () =>
      (await ready()).status === 200 ? true : undefined,
    );
    await until('/health to recover', async () =>
      (await processorHealth()).status === 200 ? true : undefined,
    );
  });
});
