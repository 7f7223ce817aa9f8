/**
 * Group commit: what arrives while a flush runs is the next flush; a failed group is retried
 * item by item so that each caller gets its own outcome.
 */
import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.js';

/** A flush the test releases by hand, recording each batch it was given. */
function manualFlush(fail: (item: number) => boolean = () => false) {
  const batches: number[][] = [];
  const releases: (() => void)[] = [];
  const flush = async (items: readonly number[]) => {
    batches.push([...items]);
    await new Promise<void>((resolve) => releases.push(resolve));
    const bad = items.find(fail);
    if (bad !== undefined) throw new Error(`item ${bad} refused`);
    return items.map((i) => i * 10);
  };
  /** Releases flushes as they come until `done` settles. */
  const releaseAll = async (done: Promise<unknown>) => {
    let settled = false;
    void done.finally(() => (settled = true)).catch(() => undefined);
    while (!settled) {
      await new Promise((resolve) => setImmediate(resolve));
      releases.shift()?.();
    }
  };
  return { flush, batches, releases, releaseAll };
}

describe('GroupCommit', () => {
  it('flushes the items of one turn together and answers each its own output', async () => {
    const { flush, batches, releaseAll } = manualFlush();
    const group = new GroupCommit(flush);
    const answers = Promise.all([group.submit(1), group.submit(2), group.submit(3)]);
    await releaseAll(answers);
    expect(await answers).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('gathers what arrives during a flush into the next one', async () => {
    const { flush, batches, releases } = manualFlush();
    const group = new GroupCommit(flush);
    const first = group.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1]]);
    const later = [group.submit(2), group.submit(3)];
    releases.shift()!();
    expect(await first).toBe(10);
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1], [2, 3]]);
    releases.shift()!();
    expect(await Promise.all(later)).toEqual([20, 30]);
  });

  it('retries a failed group one item at a time: only the item at fault fails', async () => {
    const { flush, batches, releaseAll } = manualFlush((i) => i === 2);
    const group = new GroupCommit(flush);
    const answers = Promise.allSettled([group.submit(1), group.submit(2), group.submit(3)]);
    await releaseAll(answers);
    const settled = await answers;
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({
      message: 'item 2 refused',
    });
    expect(batches).toEqual([[1, 2, 3], [1], [2], [3]]);
  });

  it('keeps a group within its limit; what does not fit is the next group', async () => {
    const { flush, batches, releaseAll } = manualFlush();
    const group = new GroupCommit(flush, { weigh: (i) => i, max: 5 });
    const answers = Promise.all([9, 2, 3, 1, 4].map((i) => group.submit(i)));
    await releaseAll(answers);
    expect(await answers).toEqual([90, 20, 30, 10, 40]);
    expect(batches).toEqual([[9], [2, 3], [1, 4]]);
  });

  it('rejects a lone item at once, without a second try', async () => {
    const { flush, batches, releaseAll } = manualFlush(() => true);
    const group = new GroupCommit(flush);
    const answer = group.submit(7);
    await releaseAll(answer);
    await expect(answer).rejects.toThrow('item 7 refused');
    expect(batches).toEqual([[7]]);
  });
});
