import { describe, expect, it } from 'vitest';
import type { Logger } from '../logger.js';
import {
  caughtUp,
  committedToKafka,
  offsetAfter,
  startOfBatch,
  storedWithEffects,
  type BatchOffsets,
} from './offsets.js';

const at = (...offsets: number[]) => offsets.map((o) => ({ offset: String(o) }));

/** Records the kafkajs calls a port makes; `failMirror` makes the mirror fail. */
function fakeKafka(failMirror = false) {
  const calls: string[] = [];
  const kafka: BatchOffsets = {
    commit: (offset) => {
      calls.push(`commit ${offset}`);
      return Promise.resolve();
    },
    mirror: (offset) => {
      calls.push(`mirror ${offset}`);
      return failMirror ? Promise.reject(new Error('broker gone')) : Promise.resolve();
    },
  };
  return { kafka, calls };
}

const quietLogger = { debug: () => undefined } as unknown as Logger;

describe('startOfBatch', () => {
  it('with no stored position (none yet, or Kafka keeps it), handles the batch as fetched', () => {
    expect(startOfBatch(null, at(5, 6))).toEqual({ messages: at(5, 6) });
    expect(startOfBatch(undefined, at(5, 6))).toEqual({ messages: at(5, 6) });
  });

  it('skips what Kafka redelivers below the stored position', () => {
    expect(startOfBatch('7', at(5, 6, 7, 8))).toEqual({ messages: at(7, 8) });
    expect(startOfBatch('9', at(5, 6, 7, 8))).toEqual({ messages: [] });
  });

  it('seeks back to the stored position when Kafka is ahead of it', () => {
    expect(startOfBatch('3', at(5, 6))).toEqual({ seekTo: '3' });
  });

  it('compares offsets as numbers, past 2^53 too', () => {
    expect(startOfBatch('10', at(9, 10, 11))).toEqual({ messages: at(10, 11) });
    expect(offsetAfter('9007199254740993')).toBe('9007199254740994');
  });

  it('is caught up once the position is past the last message', () => {
    expect(caughtUp('9', at(7, 8))).toBe(true);
    expect(caughtUp('8', at(7, 8))).toBe(false);
    expect(caughtUp(undefined, at(7, 8))).toBe(false);
    expect(caughtUp('9', [])).toBe(false);
  });
});

describe('storedWithEffects (the processor: the position is committed with the decisions)', () => {
  it('loads the stored position, commits nothing after a part, and mirrors it after the batch', async () => {
    const offsets = storedWithEffects((p) => Promise.resolve(p === 1 ? '42' : null), quietLogger);
    const { kafka, calls } = fakeKafka();
    expect(await offsets.load(1)).toBe('42');
    expect(await offsets.load(2)).toBeNull();
    await offsets.afterPart('43', kafka);
    await offsets.afterBatch('43', kafka);
    expect(calls).toEqual(['mirror 43']);
  });

  it('mirrors nothing while none is stored, and a failed mirror is harmless', async () => {
    const offsets = storedWithEffects(() => Promise.resolve(null), quietLogger);
    const { kafka, calls } = fakeKafka(true);
    await offsets.afterBatch(null, kafka);
    await offsets.afterBatch(undefined, kafka);
    expect(calls).toEqual([]);
    await expect(offsets.afterBatch('5', kafka)).resolves.toBeUndefined();
    expect(calls).toEqual(['mirror 5']);
  });
});

describe('committedToKafka (the sinks: Kafka keeps the position)', () => {
  it('has no stored position and commits after each part', async () => {
    const offsets = committedToKafka();
    const { kafka, calls } = fakeKafka();
    expect(await offsets.load(0)).toBeUndefined();
    await offsets.afterPart('11', kafka);
    await offsets.afterBatch('11', kafka);
    expect(calls).toEqual(['commit 11']);
  });
});
