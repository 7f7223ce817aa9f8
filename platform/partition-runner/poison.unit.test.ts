import { describe, expect, it } from 'vitest';
import { isolatePoison, type IsolationPorts } from './poison.js';

class Refused extends Error {
  readonly passing = false;
}
class Outage extends Error {
  readonly passing = true;
}

/**
 * A fake store over commands 0..n-1 that must be committed in order: `poison` commands make any
 * commit that holds them fail; `unrejectable` ones fail as rejections too.
 */
function store(options: { poison?: number[]; unrejectable?: number[]; outageOnCommit?: number }) {
  const poison = new Set(options.poison ?? []);
  const unrejectable = new Set(options.unrejectable ?? []);
  const log: string[] = [];
  let next = 0;
  let commits = 0;
  const inOrder = (first: number) => {
    if (first !== next) throw new Error(`out of order: ${first} after ${next - 1}`);
  };
  const ports: IsolationPorts<number> = {
    async commit(items) {
      commits += 1;
      if (commits === options.outageOnCommit) throw new Outage('Postgres restarting');
      inOrder(items[0]!);
      if (items.some((i) => poison.has(i))) throw new Refused(`refused ${items.join(',')}`);
      log.push(...items.map((i) => `decided ${i}`));
      next = items.at(-1)! + 1;
      return Promise.resolve();
    },
    async reject(item) {
      inOrder(item);
      if (unrejectable.has(item)) throw new Refused(`rejection of ${item} refused`);
      log.push(`rejected ${item}`);
      next = item + 1;
      return Promise.resolve();
    },
    async deadLetter(item, failures) {
      inOrder(item);
      log.push(`dead-lettered ${item} after ${failures.length} failures`);
      next = item + 1;
      return Promise.resolve();
    },
    passes: (error) => error instanceof Outage,
  };
  return { ports, log };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('isolatePoison', () => {
  it('given one poison among 8, decides the other 7 in order and rejects the poison', async () => {
    const { ports, log } = store({ poison: [5] });
    const result = await isolatePoison(range(8), new Refused('whole batch'), ports);
    expect(log).toEqual([
      'decided 0',
      'decided 1',
      'decided 2',
      'decided 3',
      'decided 4',
      'rejected 5',
      'decided 6',
      'decided 7',
    ]);
    expect(result.rejected.map((r) => r.item)).toEqual([5]);
    expect(result.deadLettered).toEqual([]);
    // A search, not one commit per command: about 2·log2(n) tries.
    expect(result.attempts).toBeLessThanOrEqual(8);
  });

  it('given a poison whose rejection is refused too, dead-letters it with both failures', async () => {
    const { ports, log } = store({ poison: [0], unrejectable: [0] });
    const result = await isolatePoison(range(3), new Refused('whole batch'), ports);
    expect(log).toEqual(['dead-lettered 0 after 2 failures', 'decided 1', 'decided 2']);
    expect(result.deadLettered.map((d) => d.item)).toEqual([0]);
  });

  it('given several poisons, finds each of them', async () => {
    const { ports, log } = store({ poison: [1, 2, 9], unrejectable: [2] });
    await isolatePoison(range(10), new Refused('whole batch'), ports);
    expect(log.filter((l) => !l.startsWith('decided'))).toEqual([
      'rejected 1',
      'dead-lettered 2 after 2 failures',
      'rejected 9',
    ]);
    expect(log.filter((l) => l.startsWith('decided'))).toHaveLength(7);
  });

  it('given a single command batch, goes straight to the rejection', async () => {
    const { ports, log } = store({ poison: [0] });
    const result = await isolatePoison([0], new Refused('one'), ports);
    expect(log).toEqual(['rejected 0']);
    expect(result.attempts).toBe(1);
  });

  it('when a failure that may pass comes up, stops and throws it; what was committed stays', async () => {
    const { ports, log } = store({ poison: [6], outageOnCommit: 2 });
    await expect(isolatePoison(range(8), new Refused('whole batch'), ports)).rejects.toBeInstanceOf(
      Outage,
    );
    expect(log).toEqual(['decided 0', 'decided 1', 'decided 2', 'decided 3']);
  });
});
