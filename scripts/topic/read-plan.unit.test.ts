import { describe, expect, it } from 'vitest';
import { ReadPlan, startOffset, type PartitionBounds } from './read-plan.js';

const p = (partition: number, low: bigint, high: bigint): PartitionBounds => ({
  partition,
  low,
  high,
});

describe('startOffset', () => {
  const bounds = p(0, 10n, 20n);
  it('starts at the first message held, the end, an offset or the last n', () => {
    expect(startOffset(bounds, { kind: 'beginning' })).toBe(10n);
    expect(startOffset(bounds, { kind: 'end' })).toBe(20n);
    expect(startOffset(bounds, { kind: 'offset', offset: 15n })).toBe(15n);
    expect(startOffset(bounds, { kind: 'last', count: 3n })).toBe(17n);
  });

  it('keeps the start within what the partition holds', () => {
    expect(startOffset(bounds, { kind: 'offset', offset: 2n })).toBe(10n);
    expect(startOffset(bounds, { kind: 'offset', offset: 99n })).toBe(20n);
    expect(startOffset(bounds, { kind: 'last', count: 50n })).toBe(10n);
  });
});

describe('ReadPlan without --follow', () => {
  it('prints each partition from its start up to its end at the start, then is finished', () => {
    const plan = new ReadPlan(
      [p(0, 0n, 2n), p(1, 0n, 1n)],
      { kind: 'beginning' },
      {
        count: undefined,
        follow: false,
      },
    );
    expect(plan.starts()).toEqual(
      new Map([
        [0, 0n],
        [1, 0n],
      ]),
    );
    expect(plan.accept(0, 0n)).toBe(true);
    expect(plan.accept(1, 0n)).toBe(true);
    expect(plan.finished).toBe(false);
    expect(plan.accept(0, 1n)).toBe(true);
    expect(plan.finished).toBe(true);
    // Written after the command started: not part of this reading.
    expect(plan.accept(0, 2n)).toBe(false);
    expect(plan.count).toBe(3);
  });

  it('is finished before reading when every partition is empty or starts at its end', () => {
    const options = { count: undefined, follow: false };
    expect(
      new ReadPlan([p(0, 0n, 0n), p(1, 5n, 5n)], { kind: 'beginning' }, options).finished,
    ).toBe(true);
    expect(new ReadPlan([p(0, 0n, 9n)], { kind: 'end' }, options).finished).toBe(true);
  });

  it('skips what comes before the start, and what it has printed already', () => {
    const plan = new ReadPlan(
      [p(0, 0n, 10n)],
      { kind: 'offset', offset: 5n },
      {
        count: undefined,
        follow: false,
      },
    );
    expect(plan.accept(0, 4n)).toBe(false);
    expect(plan.accept(0, 5n)).toBe(true);
    expect(plan.accept(0, 5n)).toBe(false);
  });

  it('stops after --count messages in all', () => {
    const plan = new ReadPlan(
      [p(0, 0n, 10n), p(1, 0n, 10n)],
      { kind: 'beginning' },
      {
        count: 2,
        follow: false,
      },
    );
    expect(plan.accept(0, 0n)).toBe(true);
    expect(plan.accept(1, 0n)).toBe(true);
    expect(plan.finished).toBe(true);
    expect(plan.accept(0, 1n)).toBe(false);
  });

  it('reaches the end past records the consumer filtered out (transaction markers)', () => {
    const plan = new ReadPlan(
      [p(0, 0n, 3n)],
      { kind: 'beginning' },
      {
        count: undefined,
        follow: false,
      },
    );
    expect(plan.accept(0, 0n)).toBe(true);
    expect(plan.accept(0, 1n)).toBe(true);
    expect(plan.finished).toBe(false);
    plan.passed(0, 2n); // offset 2: a commit marker, never handed to the tool
    expect(plan.finished).toBe(true);
  });

  it('ignores a partition added while it reads', () => {
    const plan = new ReadPlan(
      [p(0, 0n, 1n)],
      { kind: 'beginning' },
      {
        count: undefined,
        follow: false,
      },
    );
    expect(plan.accept(7, 0n)).toBe(false);
  });
});

describe('ReadPlan with --follow', () => {
  it('prints new messages past the end of the start and is never finished by itself', () => {
    const plan = new ReadPlan([p(0, 0n, 2n)], { kind: 'end' }, { count: undefined, follow: true });
    expect(plan.finished).toBe(false);
    expect(plan.accept(0, 1n)).toBe(false);
    expect(plan.accept(0, 2n)).toBe(true);
    expect(plan.accept(0, 3n)).toBe(true);
    expect(plan.accept(3, 0n)).toBe(true); // a partition added meanwhile
    expect(plan.finished).toBe(false);
  });

  it('stops after --count messages', () => {
    const plan = new ReadPlan([p(0, 0n, 0n)], { kind: 'end' }, { count: 1, follow: true });
    expect(plan.accept(0, 0n)).toBe(true);
    expect(plan.finished).toBe(true);
  });
});
