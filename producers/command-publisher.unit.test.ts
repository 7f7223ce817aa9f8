/**
 * The publisher's batching, on a fake kafkajs Producer and a fake registry: what one tick
 * publishes leaves in one send, maxBatch splits it, a failed send rejects every publish of its
 * batch with a retriable PublishError, and a send that is never acknowledged times out.
 */
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Producer, ProducerRecord } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { isRetriable } from '../platform/dependency-errors.js';
import { CommandPublisher, PublishError, type CommandType } from './command-publisher.js';

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

const bid = (n: number) => ({
  type: 'PlaceBid' as const,
  auctionId: `auction-${n % 2}`,
  correlationId: `c-${n}`,
  payload: { n },
});

describe('CommandPublisher', () => {
  it('sends what one tick publishes as one batch, keyed by auction, with type and correlation headers', async () => {
    const { producer, sent } = fakeProducer();
    const publisher = new CommandPublisher(producer, registry, IDS, { topic: 'cmds' });

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
        value: '7:{"n":0}',
        headers: { commandType: 'PlaceBid', correlationId: 'c-0' },
      },
      {
        key: 'auction-1',
        value: '7:{"n":1}',
        headers: { commandType: 'PlaceBid', correlationId: 'c-1' },
      },
      {
        key: 'auction-0',
        value: '7:{"n":2}',
        headers: { commandType: 'PlaceBid', correlationId: 'c-2' },
      },
    ]);
  });

  it('splits a tick larger than maxBatch into sends of at most maxBatch, in order', async () => {
    const { producer, sent } = fakeProducer();
    const publisher = new CommandPublisher(producer, registry, IDS, { topic: 'cmds', maxBatch: 2 });

    await Promise.all([0, 1, 2, 3, 4].map((n) => publisher.publish(bid(n))));

    expect(sent.map((r) => r.messages.length)).toEqual([2, 2, 1]);
    expect(sent.flatMap((r) => r.messages.map((m) => String(m.value)))).toEqual([
      '7:{"n":0}',
      '7:{"n":1}',
      '7:{"n":2}',
      '7:{"n":3}',
      '7:{"n":4}',
    ]);
  });

  it('rejects every publish of a failed batch with a retriable PublishError, and sends later ones', async () => {
    let fail = true;
    const { producer, sent } = fakeProducer(() =>
      fail ? Promise.reject(new Error('broker gone')) : Promise.resolve([]),
    );
    const publisher = new CommandPublisher(producer, registry, IDS, { topic: 'cmds' });

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
    const publisher = new CommandPublisher(producer, registry, IDS, {
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

  it('refuses a command type it has no schema id for, sending nothing', async () => {
    const { producer, sent } = fakeProducer();
    const publisher = new CommandPublisher(producer, registry, IDS, { topic: 'cmds' });
    await expect(
      publisher.publish({ type: 'BuyNow', auctionId: 'a', correlationId: 'c', payload: {} }),
    ).rejects.toThrow('no schema id for BuyNow');
    expect(sent).toEqual([]);
  });

  it('drain waits until everything queued has been sent', async () => {
    let release!: () => void;
    const { producer, sent } = fakeProducer(
      () => new Promise((resolve) => (release = () => resolve([]))),
    );
    const publisher = new CommandPublisher(producer, registry, IDS, { topic: 'cmds' });
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
