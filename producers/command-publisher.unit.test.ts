/**
 * The publisher's batching, on a fake kafkajs Producer and a fake registry: what one tick
 * publishes leaves in one send, maxBatch splits it, a failed send rejects every publish of its
 * batch with a retriable PublishError, and a send that is never acknowledged times out.
 */
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Producer, ProducerRecord } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { isRetriable } from '../platform/dependency-errors.js';
import type { Command, CommandMetadata, CommandOf, CommandType } from '../contracts/commands.js';
import { KafkaCommandPublisher, PublishError } from './command-publisher.js';

const IDS = new Map<CommandType, number>([
  ['PlaceBid', 7],
  ['CreateAuction', 1],
]);

/** Encodes as "<schema id>:<JSON>" so a message shows what it was built from. */
const registry = {
  encode: (id: number, payload: unknown) =>
    Promise.resolve(Buffer.from(`${id}:${JSON.stringify(payload)}`)),
} as unknown as SchemaRegistry;

function fakeProducer(
  send: (record: ProducerRecord) => Promise<unknown> = () => Promise.resolve([]),
) {
  const sent: ProducerRecord[] = [];
  const producer = {
    send: (record: ProducerRecord) => {
      sent.push(record);
      return send(record);
    },
  } as unknown as Producer;
  return { producer, sent };
}

const metadata = (n: number): CommandMetadata => ({
  commandId: `bid-${n}`,
  auctionId: `auction-${n % 2}`,
  issuedBy: 'alice',
  issuedAt: 1000 + n,
  correlationId: `c-${n}`,
});

const bid = (n: number): CommandOf<'PlaceBid'> => ({
  type: 'PlaceBid',
  metadata: metadata(n),
  data: { bidId: `bid-${n}`, idempotencyKey: `key-${n}`, maxAmountCents: 1500 + n },
});

/** What the registry is given for bid(0)…bid(4): the flat record, envelope then data. */
const VALUES = [
  '7:{"commandId":"bid-0","auctionId":"auction-0","issuedBy":"alice","issuedAt":1000,"correlationId":"c-0","bidId":"bid-0","idempotencyKey":"key-0","maxAmountCents":1500}',
  '7:{"commandId":"bid-1","auctionId":"auction-1","issuedBy":"alice","issuedAt":1001,"correlationId":"c-1","bidId":"bid-1","idempotencyKey":"key-1","maxAmountCents":1501}',
  '7:{"commandId":"bid-2","auctionId":"auction-0","issuedBy":"alice","issuedAt":1002,"correlationId":"c-2","bidId":"bid-2","idempotencyKey":"key-2","maxAmountCents":1502}',
  '7:{"commandId":"bid-3","auctionId":"auction-1","issuedBy":"alice","issuedAt":1003,"correlationId":"c-3","bidId":"bid-3","idempotencyKey":"key-3","maxAmountCents":1503}',
  '7:{"commandId":"bid-4","auctionId":"auction-0","issuedBy":"alice","issuedAt":1004,"correlationId":"c-4","bidId":"bid-4","idempotencyKey":"key-4","maxAmountCents":1504}',
];

describe('CommandPublisher', () => {
  it('sends what one tick publishes as one batch, keyed by auction, with type and correlation headers', async () => {
    const { producer, sent } = fakeProducer();
    const publisher = new KafkaCommandPublisher(producer, registry, IDS, { topic: 'cmds' });

    await Promise.all([0, 1, 2].map((n) => publisher.publish(bid(n))));

    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ topic: 'cmds', acks: -1 });
    expect(
      sent[0]!.messages.map((m) => ({
        key: m.key,
        value: String(m.value),
        headers: m.headers,
      })),
    ).toEqual([
      {
        key: 'auction-0',
        value: VALUES[0],
        headers: { commandType: 'PlaceBid', correlationId: 'c-0' },
      },
      {
        key: 'auction-1',
        value: VALUES[1],
        headers: { commandType: 'PlaceBid', correlationId: 'c-1' },
      },
      {
        key: 'auction-0',
        value: VALUES[2],
        headers: { commandType: 'PlaceBid', correlationId: 'c-2' },
      },
    ]);
  });

  it('splits a tick larger than maxBatch into sends of at most maxBatch, in order', async () => {
    const { producer, sent } = fakeProducer();
    const publisher = new KafkaCommandPublisher(producer, registry, IDS, {
      topic: 'cmds',
      maxBatch: 2,
    });

    await Promise.all([0, 1, 2, 3, 4].map((n) => publisher.publish(bid(n))));

    expect(sent.map((r) => r.messages.length)).toEqual([2, 2, 1]);
    expect(sent.flatMap((r) => r.messages.map((m) => String(m.value)))).toEqual(VALUES);
  });

  it('rejects every publish of a failed batch with a retriable PublishError, and sends later ones', async () => {
    let fail = true;
    const { producer, sent } = fakeProducer(() =>
      fail ? Promise.reject(new Error('broker gone')) : Promise.resolve([]),
    );
    const publisher = new KafkaCommandPublisher(producer, registry, IDS, { topic: 'cmds' });

    const results = await Promise.allSettled([0, 1, 2].map((n) => publisher.publish(bid(n))));

    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const r of results) {
      const reason = (r as PromiseRejectedResult).reason as PublishError;
      expect(reason).toBeInstanceOf(PublishError);
      expect(isRetriable(reason)).toBe(true);
      expect(reason.message).toBe('Kafka did not accept the command: broker gone');
    }
    fail = false;
    await publisher.publish(bid(3));
    expect(sent).toHaveLength(2);
  });

  it('rejects with a retriable PublishError when the broker does not acknowledge in time', async () => {
    const { producer } = fakeProducer(() => new Promise(() => undefined));
    const publisher = new KafkaCommandPublisher(producer, registry, IDS, {
      topic: 'cmds',
      ackTimeoutMs: 20,
    });

    const error = await publisher.publish(bid(0)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PublishError);
    expect(isRetriable(error)).toBe(true);
    expect((error as Error).message).toBe(
      'Kafka did not acknowledge the command within 20 ms; is the broker up?',
    );
  });

  it('times out a command queued after an acknowledged one, and only that one', async () => {
    let ack = true;
    const { producer } = fakeProducer(() =>
      ack ? Promise.resolve([]) : new Promise(() => undefined),
    );
    const publisher = new KafkaCommandPublisher(producer, registry, IDS, {
      topic: 'cmds',
      ackTimeoutMs: 20,
    });
    await publisher.publish(bid(0));
    ack = false;
    await expect(publisher.publish(bid(1))).rejects.toThrow('within 20 ms');
  });

  it('with a window, sends the commands of the window as one batch', async () => {
    const { producer, sent } = fakeProducer();
    const publisher = new KafkaCommandPublisher(producer, registry, IDS, {
      topic: 'cmds',
      lingerMs: 30,
    });
    const first = publisher.publish(bid(0));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await Promise.all([first, publisher.publish(bid(1))]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.messages).toHaveLength(2);
  });

  it('refuses a command type it has no schema id for, sending nothing', async () => {
    const { producer, sent } = fakeProducer();
    const publisher = new KafkaCommandPublisher(producer, registry, IDS, { topic: 'cmds' });
    const buyNow: Command = {
      type: 'BuyNow',
      metadata: metadata(0),
      data: { bidId: 'bid-0', idempotencyKey: 'key-0' },
    };
    await expect(publisher.publish(buyNow)).rejects.toThrow('no schema id for BuyNow');
    expect(sent).toEqual([]);
  });

  it('drain waits until everything queued has been sent', async () => {
    let release!: () => void;
    const { producer, sent } = fakeProducer(
      () => new Promise((resolve) => (release = () => resolve([]))),
    );
    const publisher = new KafkaCommandPublisher(producer, registry, IDS, { topic: 'cmds' });
    const published = publisher.publish(bid(0));
    let drained = false;
    await new Promise((resolve) => setImmediate(resolve));
    const draining = publisher.drain().then(() => (drained = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toHaveLength(1);
    expect(drained).toBe(false);
    release();
    await Promise.all([published, draining]);
    expect(drained).toBe(true);
  });
});
