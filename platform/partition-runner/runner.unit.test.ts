/**
 * The partition runner over in-memory fakes of kafkajs's consumer and batch payload: what it
 * hands the handler, what it dead-letters, where it keeps the position, and how it retries.
 */
import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DependencyUnavailable } from '../dependency-errors.js';
import { AppError } from '../errors.js';
import { DeadLetterWriter, type DeadLetter } from './dead-letter.js';
import type { Part, PartitionHandler } from './handler.js';
import { committedToKafka, storedWithEffects, type PartitionOffsets } from './offsets.js';
import { PartitionRunner } from './runner.js';

const logger = pino({ level: 'silent' });
/** The backoffs run on fake timers; group commits still gather on a real turn of the loop. */
const TIMERS_BUT_NOT_SET_IMMEDIATE: Parameters<typeof vi.useFakeTimers>[0] = {
  toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
};
const TOPIC = 'commands';

const message = (offset: number, value: string): KafkaMessage => ({
  key: Buffer.from('k'),
  value: Buffer.from(value),
  offset: String(offset),
  timestamp: '0',
  attributes: 0,
  headers: {},
});

/** A consumer that records its calls and lets the test hand it batches. */
function fakeConsumer() {
  const calls: string[] = [];
  let eachBatch: ((payload: EachBatchPayload) => Promise<void>) | undefined;
  const listeners = new Map<string, (event: { payload: unknown }) => void>();
  const consumer = {
    events: { GROUP_JOIN: 'group.join' },
    on: (name: string, listener: (event: { payload: unknown }) => void) => {
      listeners.set(name, listener);
      return () => undefined;
    },
    subscribe: () => Promise.resolve(),
    run: (config: { eachBatch: (payload: EachBatchPayload) => Promise<void> }) => {
      eachBatch = config.eachBatch;
      return Promise.resolve();
    },
    seek: ({ offset }: { offset: string }) => calls.push(`seek ${offset}`),
    commitOffsets: (offsets: { offset: string }[]) => {
      calls.push(`commit ${offsets.map((o) => o.offset).join(',')}`);
      return Promise.resolve();
    },
    disconnect: () => Promise.resolve(),
  };
  const join = (partitions: number[]) =>
    listeners.get('group.join')?.({ payload: { memberAssignment: { [TOPIC]: partitions } } });
  /** Hands one batch to the runner; returns what the payload was asked. */
  const batch = async (partition: number, messages: KafkaMessage[]) => {
    const asked: string[] = [];
    await eachBatch!({
      batch: { topic: TOPIC, partition, messages, firstOffset: () => messages[0]?.offset ?? null },
      isStale: () => false,
      isRunning: () => true,
      resolveOffset: (offset: string) => asked.push(`resolve ${offset}`),
      heartbeat: () => Promise.resolve(),
      pause: () => {
        asked.push('pause');
        return () => asked.push('resume');
      },
      commitOffsetsIfNecessary: (offsets: { topics: { partitions: { offset: string }[] }[] }) => {
        asked.push(`mirror ${offsets.topics[0]!.partitions[0]!.offset}`);
        return Promise.resolve();
      },
    } as unknown as EachBatchPayload);
    return asked;
  };
  return { consumer: consumer as unknown as Consumer, calls, join, batch };
}

/** Values are numbers; "bad" does not decode; `failures` are thrown by the next handles. */
function fakeHandler(options: { refuses?: boolean; failures?: Error[] } = {}) {
  const log: string[] = [];
  const failures = [...(options.failures ?? [])];
  const describe = (part: Part<number>) =>
    `${part.messages.map((m) => m.offset).join(',')} from ${String(part.from)}`;
  const handler: PartitionHandler<number> = {
    decode: (m) =>
      m.value?.toString() === 'bad'
        ? { ok: false, reason: 'not a number' }
        : { ok: true, value: Number(m.value?.toString()) },
    handle: (part) => {
      const failure = failures.shift();
      if (failure) return Promise.reject(failure);
      if (part.items.some((i) => i.value < 0)) return Promise.reject(refusedByStore());
      log.push(`handle ${describe(part)}: ${part.items.map((i) => i.value).join(',')}`);
      return Promise.resolve();
    },
    ...(options.refuses
      ? {
          refuse: (part: Part<number>) => {
            log.push(`refuse ${describe(part)}`);
            return Promise.resolve();
          },
        }
      : {}),
    deadLettered: (letter: DeadLetter) => log.push(`dead-lettered ${letter.message.offset}`),
  };
  return { handler, log };
}

/** What the store says of a value it can never take. */
class RefusedByStore extends AppError {
  readonly code = 'event_schema_mismatch';
  readonly retriable = false;
}
const refusedByStore = () => new RefusedByStore('value too long');
const outage = () => new DependencyUnavailable('Postgres', new Error('down'));

function setUp(options: {
  offsets: PartitionOffsets;
  handler: PartitionHandler<number>;
  maxBatch?: number;
}) {
  const kafka = fakeConsumer();
  const letters: string[] = [];
  const deadLetters = new DeadLetterWriter({
    producer: {
      send: ({ messages }) => {
        letters.push(...messages.map((m) => String(m.headers?.['dlq.reason'])));
        return Promise.resolve([]);
      },
    },
    topic: 'dlq',
    source: () => ({}),
  });
  const retried: string[] = [];
  const runner = new PartitionRunner({
    consumer: kafka.consumer,
    topic: TOPIC,
    handler: options.handler,
    offsets: options.offsets,
    deadLetters,
    logger,
    now: Date.now,
    maxBatch: options.maxBatch ?? 100,
    partitionsConsumedConcurrently: 1,
    hooks: {
      failedTry: (partition, failure) => retried.push(`${partition}: ${failure.kind}`),
    },
  });
  return { runner, kafka, letters, retried };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('PartitionRunner with the position stored with the effects (the processor)', () => {
  const stored = (positions: Record<number, string | null>) =>
    storedWithEffects((p) => Promise.resolve(positions[p] ?? null), logger);

  it('skips what is below the stored offset, hands parts of maxBatch, and mirrors the position', async () => {
    const { handler, log } = fakeHandler();
    const { runner, kafka } = setUp({ offsets: stored({ 0: '2' }), handler, maxBatch: 2 });
    await runner.start();
    kafka.join([0]);
    const asked = await kafka.batch(
      0,
      [1, 2, 3, 4, 5].map((o) => message(o, String(o))),
    );
    expect(log).toEqual(['handle 2,3 from 2: 2,3', 'handle 4,5 from 4: 4,5']);
    expect(asked).toEqual(['resolve 3', 'resolve 5', 'mirror 6']);
    expect(runner.positions()).toEqual(new Map([[0, '6']]));
  });

  it('seeks back when Kafka is ahead of the stored offset', async () => {
    const { handler, log } = fakeHandler();
    const { runner, kafka } = setUp({ offsets: stored({ 0: '3' }), handler });
    await runner.start();
    await kafka.batch(0, [message(7, '7')]);
    expect(kafka.calls).toEqual(['seek 3']);
    expect(log).toEqual([]);
  });

  it('dead-letters what does not decode, once, and passes its offset with the part', async () => {
    const { handler, log } = fakeHandler({ failures: [outage()] });
    const { runner, kafka, letters } = setUp({ offsets: stored({}), handler });
    await runner.start();
    vi.useFakeTimers(TIMERS_BUT_NOT_SET_IMMEDIATE);
    const batch = [message(0, '1'), message(1, 'bad'), message(2, '3')];
    expect(await kafka.batch(0, batch)).toEqual(['pause']);
    await vi.runAllTimersAsync();
    await kafka.batch(0, batch);
    expect(letters).toEqual(['not a number']);
    expect(log).toEqual(['dead-lettered 1', 'handle 0,1,2 from null: 1,3']);
  });

  it('pauses a partition whose part fails in a way that may pass, and resumes it after the backoff', async () => {
    const { handler, log } = fakeHandler({ failures: [outage()] });
    const { runner, kafka, retried } = setUp({ offsets: stored({}), handler });
    await runner.start();
    vi.useFakeTimers(TIMERS_BUT_NOT_SET_IMMEDIATE);
    const asked = await kafka.batch(0, [message(0, '1')]);
    expect(asked).toEqual(['pause']);
    expect(retried).toEqual(['0: retriable']);
    await vi.advanceTimersByTimeAsync(199);
    expect(asked).toEqual(['pause']);
    await vi.advanceTimersByTimeAsync(1);
    expect(asked).toEqual(['pause', 'resume']);
    expect(await kafka.batch(0, [message(0, '1')])).toEqual(['resolve 0', 'mirror 1']);
    expect(log).toEqual(['handle 0 from null: 1']);
  });

  it('isolates a message the store refuses: the others are handled, it is refused', async () => {
    const { handler, log } = fakeHandler({ refuses: true });
    const { runner, kafka, retried } = setUp({ offsets: stored({}), handler });
    await runner.start();
    const asked = await kafka.batch(0, [message(0, '1'), message(1, '-2'), message(2, '3')]);
    expect(log).toEqual(['handle 0 from null: 1', 'refuse 1 from 1', 'handle 2 from 2: 3']);
    expect(asked).toEqual(['resolve 2', 'mirror 3']);
    expect(retried.every((r) => r === '0: permanent')).toBe(true);
  });

  it('forgets a revoked partition: its position is loaded again when it comes back', async () => {
    let loads = 0;
    const offsets = storedWithEffects(() => Promise.resolve(String(loads++)), logger);
    const { handler } = fakeHandler();
    const { runner, kafka } = setUp({ offsets, handler });
    await runner.start();
    kafka.join([0]);
    await kafka.batch(0, [message(0, '1')]);
    kafka.join([1]);
    expect(runner.positions()).toEqual(new Map([[1, undefined]]));
    kafka.join([0]);
    await kafka.batch(0, [message(1, '1')]);
    expect(loads).toBe(2);
  });
});

describe('PartitionRunner with the position in Kafka (the sinks)', () => {
  it('commits the next offset to Kafka after the effect, and never filters or seeks', async () => {
    const { handler, log } = fakeHandler();
    const { runner, kafka } = setUp({ offsets: committedToKafka(), handler });
    await runner.start();
    await kafka.batch(0, [message(5, '5'), message(6, '6')]);
    await kafka.batch(0, [message(3, '3')]);
    expect(log).toEqual(['handle 5,6 from undefined: 5,6', 'handle 3 from undefined: 3']);
    expect(kafka.calls).toEqual(['commit 7', 'commit 4']);
  });

  it('commits the offsets of partitions handled together in one request', async () => {
    const { handler } = fakeHandler();
    const { runner, kafka } = setUp({ offsets: committedToKafka(), handler });
    await runner.start();
    await Promise.all([
      kafka.batch(0, [message(5, '5')]),
      kafka.batch(1, [message(8, '8')]),
      kafka.batch(2, [message(2, '2')]),
    ]);
    expect(kafka.calls).toEqual(['commit 6,9,3']);
  });

  it('without a way to refuse, retries even a failure caused by the data', async () => {
    const { handler } = fakeHandler({ failures: [refusedByStore()] });
    const { runner, kafka, retried } = setUp({ offsets: committedToKafka(), handler });
    await runner.start();
    vi.useFakeTimers(TIMERS_BUT_NOT_SET_IMMEDIATE);
    expect(await kafka.batch(0, [message(0, '1')])).toEqual(['pause']);
    expect(retried).toEqual(['0: permanent']);
    expect(kafka.calls).toEqual([]);
  });
});
