/**
 * `npm run topic`, run as a user runs it against the running stack: a command published the
 * way the gateway publishes it comes out as one JSON line with its Avro value decoded; JSON
 * values come out parsed; the reading stops at the end by itself and leaves no consumer group
 * behind; --follow prints what arrives until Ctrl-C.
 */
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Partitioners, type Admin, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandSchemaIds, type Command, type CommandType } from '../contracts/commands.js';
import { topicNames, type TopicNames } from '../contracts/names.js';
import { ensureTopics } from '../platform/topics.js';
import { KafkaCommandPublisher } from '../producers/command-publisher.js';
import { PROJECT_ROOT } from '../stack/paths.js';
import { kafkaClient, uniqueName, urls } from './support.js';

const run = promisify(execFile);

interface Line {
  partition: number;
  offset: number;
  timestamp: string;
  key: string | null;
  headers: Record<string, string>;
  valueFormat: string;
  schemaId?: number;
  value: unknown;
}

let topics: TopicNames;
let admin: Admin;
let producer: Producer;
let publisher: KafkaCommandPublisher;
let schemaIds: Map<CommandType, number>;

/** A PlaceBid as the gateway publishes it, and the Avro record the tool should print for it. */
function placeBid(auctionId: string, maxAmountCents: number) {
  const bidId = randomUUID();
  const correlationId = `it-topic-${bidId}`;
  const issuedAt = Date.now();
  const command: Command = {
    type: 'PlaceBid',
    metadata: { commandId: bidId, auctionId, issuedBy: 'bidder-1', issuedAt, correlationId },
    data: { bidId, idempotencyKey: `key-${bidId}`, maxAmountCents },
  };
  const record = {
    commandId: bidId,
    auctionId,
    issuedBy: 'bidder-1',
    issuedAt,
    correlationId,
    bidId,
    idempotencyKey: `key-${bidId}`,
    maxAmountCents,
  };
  return { command, record, correlationId };
}

/** `npm run -s topic -- <args>`: its JSON lines, what it said on stderr, and its exit code. */
async function topicCommand(args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await run('npm', ['run', '-s', 'topic', '--', ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
      timeout: 45_000,
    });
    return { lines: parseLines(stdout), stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; code?: number };
    return {
      lines: parseLines(failed.stdout ?? ''),
      stderr: failed.stderr ?? '',
      code: failed.code,
    };
  }
}

/** Every stdout line must be JSON: that is what lets jq read it. */
const parseLines = (stdout: string) =>
  stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Line);

/** The throwaway group the tool named on stderr. */
const groupOf = (stderr: string) => /throwaway group (topic-tool-[0-9a-f-]+)/.exec(stderr)?.[1];

async function groupExists(groupId: string) {
  const { groups } = await admin.listGroups();
  return groups.some((g) => g.groupId === groupId);
}

beforeAll(async () => {
  const name = uniqueName('it').replace('-', '_');
  topics = topicNames(`${name}.commands`, name);
  admin = kafkaClient('it-topic-admin').admin();
  await admin.connect();
  await ensureTopics(admin, topics, 2);
  producer = kafkaClient('it-topic').producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const registry = new SchemaRegistry({ host: urls.registryUrl });
  schemaIds = await commandSchemaIds(registry);
  publisher = new KafkaCommandPublisher(producer, registry, schemaIds, { topic: topics.commands });
});

afterAll(async () => {
  await producer?.disconnect();
  await admin?.deleteTopics({ topics: Object.values(topics) as string[] }).catch(() => undefined);
  await admin?.disconnect();
});

describe('npm run topic', () => {
  it('prints a published command as one JSON line with its Avro value decoded, and leaves no group', async () => {
    const auctionId = `auction-${randomUUID()}`;
    const bid = placeBid(auctionId, 1250);
    await publisher.publish(bid.command);

    const { lines, stderr, code } = await topicCommand([topics.commands, '--from', 'beginning']);

    expect(code, stderr).toBe(0);
    const line = lines.find((l) => l.key === auctionId);
    expect(line, stderr).toMatchObject({
      key: auctionId,
      headers: { commandType: 'PlaceBid', correlationId: bid.correlationId },
      valueFormat: 'avro',
      schemaId: schemaIds.get('PlaceBid'),
      value: bid.record,
    });
    expect(line?.partition).toBeGreaterThanOrEqual(0);
    expect(Number.isInteger(line?.offset)).toBe(true);
    expect(Date.parse(line?.timestamp ?? '')).toBeGreaterThan(Date.now() - 120_000);
    const groupId = groupOf(stderr);
    expect(groupId, stderr).toBeDefined();
    expect(await groupExists(groupId!)).toBe(false);
  });

  it('stops after --count messages, and parses JSON values', async () => {
    for (let i = 0; i < 3; i += 1)
      await publisher.publish(placeBid(`auction-${randomUUID()}`, 100 + i).command);
    await producer.send({
      topic: topics.events,
      messages: [
        {
          key: 'a-json',
          value: JSON.stringify({ type: 'BidAccepted', amountCents: 1250 }),
          headers: { eventId: 'e-1', eventType: 'BidAccepted' },
        },
      ],
    });

    const counted = await topicCommand([topics.commands, '--count', '2']);
    expect(counted.code, counted.stderr).toBe(0);
    expect(counted.lines).toHaveLength(2);

    const events = await topicCommand([topics.events]);
    expect(events.code, events.stderr).toBe(0);
    expect(events.lines).toEqual([
      expect.objectContaining({
        key: 'a-json',
        headers: { eventId: 'e-1', eventType: 'BidAccepted' },
        valueFormat: 'json',
        value: { type: 'BidAccepted', amountCents: 1250 },
      }),
    ]);
  });

  it('with --follow prints what arrives until Ctrl-C, then leaves no group', async () => {
    // node directly, not npm: Ctrl-C's SIGINT must reach the tool itself.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/topic.ts', topics.commands, '--follow'],
      { cwd: PROJECT_ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, 'exit');
    try {
      const auctionId = `auction-${randomUUID()}`;
      // Publish until it shows: the tool starts at the end once it has joined its group.
      const deadline = Date.now() + 30_000;
      while (!stdout.includes(auctionId)) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`the followed command never showed:\n${stderr}`);
        if (groupOf(stderr)) await publisher.publish(placeBid(auctionId, 1250).command);
        await sleep(500);
      }
      child.kill('SIGINT');
      const [code] = (await exited) as [number | null];
      expect(code, stderr).toBe(0);
      const followed = parseLines(stdout).filter((l) => l.key === auctionId);
      expect(followed.length).toBeGreaterThan(0);
      expect(followed[0]).toMatchObject({ valueFormat: 'avro', value: { auctionId } });
      expect(await groupExists(groupOf(stderr)!)).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('says the system is not running when the broker is not there', async () => {
    const server = net.createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as net.AddressInfo;
    server.close(); // a port nothing listens on
    const { code, stderr, lines } = await topicCommand([topics.commands], {
      KAFKA_BROKERS: `127.0.0.1:${port}`,
    });
    expect(code).toBe(1);
    expect(lines).toEqual([]);
    expect(stderr).toContain('is the system running? start it with npm start');
  });
});
