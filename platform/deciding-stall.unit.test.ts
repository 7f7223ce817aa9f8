import { describe, expect, it } from 'vitest';
import { judgeDeciding, type PartitionProgress, type Waiting } from './deciding-stall.js';

const at = (partition: number, high: number, stored: number | null): PartitionProgress => ({
  ends: { partition, high: String(high), low: '0' },
  storedOffset: stored === null ? null : String(stored),
});
const THRESHOLD = 15_000;

describe('judgeDeciding', () => {
  it('given commands waiting, it is not a stall until the stored offset stayed put past the threshold', () => {
    let waiting: ReadonlyMap<number, Waiting> = new Map();
    let judged = judgeDeciding(waiting, [at(0, 10, 7)], 1_000, THRESHOLD);
    expect(judged.stalled).toEqual([]);
    waiting = judged.waiting;
    judged = judgeDeciding(waiting, [at(0, 12, 7)], 16_000, THRESHOLD);
    expect(judged.stalled).toEqual([]);
    judged = judgeDeciding(judged.waiting, [at(0, 12, 7)], 16_001, THRESHOLD);
    expect(judged.stalled).toEqual([
      { partition: 0, waiting: 5, storedOffset: '7', stuckForMs: 15_001 },
    ]);
  });

  it('a stored offset that moved restarts the clock; nothing waiting forgets the partition', () => {
    const first = judgeDeciding(new Map(), [at(0, 10, 7), at(1, 3, 3)], 0, THRESHOLD);
    expect([...first.waiting.keys()]).toEqual([0]);
    const moved = judgeDeciding(first.waiting, [at(0, 10, 8)], 20_000, THRESHOLD);
    expect(moved.stalled).toEqual([]);
    expect(moved.waiting.get(0)).toEqual({ storedOffset: '8', since: 20_000 });
  });

  it('a partition with no stored offset yet but commands in it counts as waiting', () => {
    const first = judgeDeciding(new Map(), [at(2, 4, null)], 0, THRESHOLD);
    const later = judgeDeciding(first.waiting, [at(2, 4, null)], 30_000, THRESHOLD);
    expect(later.stalled.map((s) => [s.partition, s.waiting])).toEqual([[2, 4]]);
  });

  it('only the stalled partitions are named, in order', () => {
    const first = judgeDeciding(new Map(), [at(3, 9, 1), at(1, 9, 1), at(0, 5, 5)], 0, THRESHOLD);
    const later = judgeDeciding(
      first.waiting,
      [at(3, 9, 1), at(1, 9, 2), at(0, 5, 5)],
      20_000,
      THRESHOLD,
    );
    expect(later.stalled.map((s) => s.partition)).toEqual([3]);
  });
});
