/**
 * The audit against a real record: one auction's commands written to a commands topic of this
 * test's own (encoded as the gateway does, through the schema registry), and its stored side
 * written by hand into a database of this test's own (migrated from this checkout, never the
 * shared one). The stored decisions are worked out by hand from eBay's rules: start 10.00, ann's
 * maximum 20.00, bob's 15.00, so ann leads at 15.00 + 0.50 = 15.50 and wins there. Then a wrong
 * outcome is planted in that database and the audit must find it and name the close.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Admin, Kafka, Producer } from 'kafkajs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandCodec, commandSchemaIds, type Command } from '../contracts/commands.js';
import { PROJECT_ROOT } from '../stack/paths.js';
import { migratedDatabase } from '../tests/services.js';
import { kafkaClient, uniqueName, urls } from '../tests/support.js';
import { auditAuctions, isAudited, type AuctionAudit, type AuditDependencies } from './audit.js';
import { auditTable } from './table.js';

const T0 = Date.now() - 3_600_000;
const END = T0 + 60_000;
const auctionId = randomUUID();
const topic = uniqueName('it-audit.commands');
let database: { name: string; url: string };
let db: pg.Pool;
let kafka: Kafka;
let admin: Admin;
let producer: Producer;
let registry: SchemaRegistry;
/** Each command's offset, by command id. */
const offsets = new Map<string, string>();

const meta = (commandId: string, issuedBy: string, issuedAt: number) => ({
  commandId,
  auctionId,
  issuedBy,
  issuedAt,
  correlationId: `it-${commandId}`,
});
const bid = (bidId: string, bidder: string, max: number, at: number): Command => ({
  type: 'PlaceBid',
  metadata: meta(bidId, bidder, at),
  data: { bidId, idempotencyKey: bidId, maxAmountCents: max },
});
const COMMANDS: Command[] = [
  {
    type: 'CreateAuction',
    metadata: meta('c1', 'seller', T0),
    data: {
      itemId: 'item-1',
      title: 'Palm Pilot',
      startingPriceCents: 1_000,
      reservePriceCents: null,
      buyNowPriceCents: null,
      startsAt: T0,
      endsAt: END,
      antiSnipingWindowMs: 0,
      antiSnipingExtensionMs: 0,
      incrementTable: null,
      externalRef: null,
    },
  },
  bid('b1', 'ann', 2_000, T0 + 1_000),
  bid('b2', 'bob', 1_500, T0 + 2_000),
  { type: 'CloseAuction', metadata: meta('k1', 'system', END + 300), data: {} },
];

/** The stored side as the processor would have written it, by hand. */
async function storeDecisions(writer: pg.Client) {
  const iso = (ms: number) => new Date(ms).toISOString();
  await writer.query(
    `INSERT INTO auctions (auction_id, partition, item_id, seller_id, title, status, visible_price_cents,
       leader_id, bid_count, has_reserve, reserve_met, starts_at, ends_at, outcome, winner_id,
       final_price_cents, last_sequence, state, commands_topic)
     VALUES ($1, 0, 'item-1', 'seller', 'Palm Pilot', 'closed', 1550, 'ann', 2, false, false, $2, $3,
       'sold', 'ann', 1550, 5, '{}', $4)`,
    [auctionId, iso(T0), iso(END), topic],
  );
  const terms = {
    sellerId: 'seller',
    itemId: 'item-1',
    startingPriceCents: 1_000,
    reservePriceCents: null,
    buyNowPriceCents: null,
    startsAt: T0,
    endsAt: END,
    antiSnipingWindowMs: 0,
    antiSnipingExtensionMs: 0,
    incrementTable: null,
  };
  await writer.query(
    `INSERT INTO command_decisions (command_id, auction_id, command_type, accepted, command_offset,
       issued_by, issued_at, terms)
     VALUES ('c1', $1, 'CreateAuction', true, $2, 'seller', $3, $4),
            ('k1', $1, 'CloseAuction', true, $5, 'system', $6, null)`,
    [auctionId, offsets.get('c1'), iso(T0), terms, offsets.get('k1'), iso(END + 300)],
  );
  await writer.query(
    `INSERT INTO bid_decisions (bid_id, auction_id, bidder_id, kind, max_amount_cents, accepted,
       visible_price_cents, is_leading, placed_at, command_offset)
     VALUES ('b1', $1, 'ann', 'bid', 2000, true, 1000, true, $2, $3),
            ('b2', $1, 'bob', 'bid', 1500, true, 1550, false, $4, $5)`,
    [auctionId, iso(T0 + 1_000), offsets.get('b1'), iso(T0 + 2_000), offsets.get('b2')],
  );
}

beforeAll(async () => {
  const name = uniqueName('audit').replace('-', '_');
  database = { name, url: await migratedDatabase(name) };
  // Read-only sessions, as the CLI opens them: the audit cannot write whatever it runs.
  db = new pg.Pool({
    connectionString: database.url,
    max: 2,
    options: '-c default_transaction_read_only=on',
  });
  kafka = kafkaClient('it-audit');
  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic, numPartitions: 1, replicationFactor: 1 }],
    waitForLeaders: true,
  });
  registry = new SchemaRegistry({ host: urls.registryUrl });
  const codec = commandCodec(registry, await commandSchemaIds(registry));
  producer = kafka.producer();
  await producer.connect();
  for (const command of COMMANDS) {
    const [sent] = await producer.send({
      topic,
      acks: -1,
      messages: [{ ...(await codec.encode(command)), partition: 0 }],
    });
    offsets.set(command.metadata.commandId, sent!.baseOffset!);
  }
  const writer = new pg.Client({ connectionString: database.url });
  await writer.connect();
  await storeDecisions(writer);
  await writer.end();
}, 60_000);

afterAll(async () => {
  await producer?.disconnect();
  await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin?.disconnect();
  await db?.end();
  if (database) {
    const su = new pg.Client({ connectionString: urls.adminDatabaseUrl });
    await su.connect();
    await su.query(`DROP DATABASE IF EXISTS ${database.name} WITH (FORCE)`);
    await su.end();
  }
});

const deps = (source: AuditDependencies['source']): AuditDependencies => ({
  db,
  kafka: { kafka, admin },
  registry,
  source,
  scanTimeoutMs: 30_000,
});

async function auditOne(source: AuditDependencies['source']): Promise<AuctionAudit> {
  const [result] = await auditAuctions(deps(source), [auctionId]);
  if (!result || !isAudited(result)) throw new Error(`not audited: ${JSON.stringify(result)}`);
  return result;
}

/** `npm run audit -- <args>` against this test's database: its exit code and what it printed. */
async function cli(...args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'audit/cli.ts', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: database.url },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

describe('npm run audit', () => {
  it('re-derives the auction from the commands topic while it holds them, and finds the stored outcome matching', async () => {
    const audit = await auditOne('auto');
    expect(audit.record.source).toBe('commands topic');
    expect(audit.derivation.steps.map((s) => s.command.offset)).toEqual(
      COMMANDS.map((c) => offsets.get(c.metadata.commandId)),
    );
    expect(audit.comparison.divergence).toBeUndefined();
    const table = auditTable(audit);
    console.log(table.join('\n'));
    expect(table.at(-1)).toBe('matches');
  });

  it('re-derives the same from the decision log alone', async () => {
    const audit = await auditOne('decision-log');
    expect(audit.record.source).toBe('decision log');
    expect(audit.derivation.steps.map((s) => s.command.kind)).toEqual([
      'create',
      'bid',
      'bid',
      'close',
    ]);
    expect(audit.matches).toBe(true);
  });

  it('finds a wrong outcome planted in the database, names the close as the step, and exits 1', async () => {
    const writer = new pg.Client({ connectionString: database.url });
    await writer.connect();
    await writer.query(
      `UPDATE auctions SET winner_id = 'bob', final_price_cents = 1600 WHERE auction_id = $1`,
      [auctionId],
    );
    await writer.end();

    const one = await cli('--auction', auctionId);
    console.log(one.stdout);
    expect(one.code, one.stderr).toBe(1);
    expect(one.stdout).toContain('commands from the commands topic');
    expect(one.stdout.trim().split('\n').at(-1)).toBe(
      'differs from step 4 (close): every decision agrees, but the stored auction differs: winnerId bob stored, ann derived; finalPriceCents 1600 stored, 1550 derived',
    );

    const since = await cli('--closed-since', new Date(T0 - 60_000).toISOString());
    expect(since.code, since.stderr).toBe(1);
    expect(since.stdout).toContain('1 auctions audited');
    expect(since.stdout).toContain('0 match, 1 differ, 0 cannot be audited');
    expect(since.stdout).toContain(`differs: ${auctionId} from step 4`);
    expect(since.stderr).toContain('auctions/s');
  }, 60_000);

  it('takes the commands from the decision log once the topic no longer holds the create', async () => {
    await admin.deleteTopicRecords({
      topic,
      partitions: [{ partition: 0, offset: String(BigInt(offsets.get('c1')!) + 1n) }],
    });
    const audit = await auditOne('auto');
    expect(audit.record.source).toBe('decision log');
    expect(audit.record.notes[0]).toMatch(/no longer holds its commands/);
    expect(audit.comparison.divergence?.step).toBe(4);
  });
});
