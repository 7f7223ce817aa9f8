/** The producer's renewal, on fake kafkajs producers that fail the way a leader change makes them. */
import type { Producer, ProducerRecord } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { lostSequence, RenewableProducer } from './renewable-producer.js';

/** kafkajs's shape: a protocol error with a `type`, wrapped once the producer gives up retrying. */
const protocolError = (type: string) => Object.assign(new Error(type), { type, retriable: false });
const retriesExceeded = (cause: Error) =>
  Object.assign(new Error('retries exceeded'), { name: 'KafkaJSNumberOfRetriesExceeded', cause });

function fakes(failures: (Error | undefined)[]) {
  const made: { sent: ProducerRecord[]; disconnected: boolean }[] = [];
  const create = () => {
    const state = { sent: [] as ProducerRecord[], disconnected: false };
    made.push(state);
    return {
      connect: () => Promise.resolve(),
      disconnect: () => {
        state.disconnected = true;
        return Promise.resolve();
      },
      send: (record: ProducerRecord) => {
        state.sent.push(record);
        const failure = failures.shift();
        return failure ? Promise.reject(failure) : Promise.resolve([]);
      },
    } as unknown as Producer;
  };
  const quiet = { warn: () => undefined, error: () => undefined };
  return { made, producer: new RenewableProducer(create, quiet) };
}

const record = (n: number): ProducerRecord => ({ topic: 't', messages: [{ value: String(n) }] });

describe('lostSequence', () => {
  it('finds the sequence errors however kafkajs wraps them', () => {
    expect(lostSequence(protocolError('OUT_OF_ORDER_SEQUENCE_NUMBER'))).toBe(true);
    expect(lostSequence(retriesExceeded(protocolError('UNKNOWN_PRODUCER_ID')))).toBe(true);
    const aggregate = Object.assign(new Error('some partitions failed'), {
      errors: [new Error('other'), protocolError('INVALID_PRODUCER_EPOCH')],
    });
    expect(lostSequence(aggregate)).toBe(true);
  });

  it('leaves every other failure alone', () => {
    expect(lostSequence(protocolError('NOT_LEADER_FOR_PARTITION'))).toBe(false);
    expect(lostSequence(retriesExceeded(new Error('Connection error')))).toBe(false);
    expect(lostSequence('OUT_OF_ORDER_SEQUENCE_NUMBER')).toBe(false);
  });
});

describe('RenewableProducer', () => {
  it('replaces a producer whose sequence was refused: that send fails, the next goes through a new one', async () => {
    const { made, producer } = fakes([
      retriesExceeded(protocolError('OUT_OF_ORDER_SEQUENCE_NUMBER')),
    ]);
    await expect(producer.send(record(1))).rejects.toThrow('retries exceeded');
    await producer.send(record(2));
    expect(made).toHaveLength(2);
    expect(made[0]).toMatchObject({ disconnected: true });
    expect(made[1]!.sent).toEqual([record(2)]);
    expect(producer.renewals).toBe(1);
  });

  it('keeps its producer through failures that do not touch the sequence', async () => {
    const { made, producer } = fakes([new Error('Connection error'), undefined]);
    await expect(producer.send(record(1))).rejects.toThrow('Connection error');
    await producer.send(record(2));
    expect(made).toHaveLength(1);
    expect(made[0]!.sent).toEqual([record(1), record(2)]);
    expect(producer.renewals).toBe(0);
  });

  it('replaces it once when several sends in flight are refused together', async () => {
    const refused = () => protocolError('OUT_OF_ORDER_SEQUENCE_NUMBER');
    const { made, producer } = fakes([refused(), refused()]);
    const results = await Promise.allSettled([producer.send(record(1)), producer.send(record(2))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await producer.send(record(3));
    expect(made).toHaveLength(2);
    expect(producer.renewals).toBe(1);
  });
});
