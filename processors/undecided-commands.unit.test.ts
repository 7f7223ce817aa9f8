import { describe, expect, it } from 'vitest';
import { decidingHealth } from './deciding-health.js';
import { UndecidedCommands } from './undecided-commands.js';

describe('UndecidedCommands', () => {
  it('ages from the first arrival while retries fail, and clears once decided', () => {
    const undecided = new UndecidedCommands();
    undecided.arrived(2, 1_000);
    undecided.arrived(2, 5_000); // a retry of the same commands keeps the older mark
    expect(undecided.ages([1, 2], 17_000)).toEqual(
      new Map([
        [1, 0],
        [2, 16],
      ]),
    );
    expect(undecided.stalled([1, 2], 17_000, 15_000)).toEqual([2]);
    undecided.cleared(2);
    expect(undecided.stalled([1, 2], 17_000, 15_000)).toEqual([]);
  });

  it('only owned partitions count', () => {
    const undecided = new UndecidedCommands();
    undecided.arrived(3, 0);
    expect(undecided.stalled([1], 60_000, 15_000)).toEqual([]);
  });
});

describe('decidingHealth', () => {
  it('is ok while nothing waits too long, and names the stalled partitions otherwise', () => {
    const undecided = new UndecidedCommands();
    let now = 0;
    const view = {
      undecidedAges: () => undecided.ages([0, 1], now),
      stalledPartitions: (threshold: number) => undecided.stalled([0, 1], now, threshold),
    };
    expect(decidingHealth(view, 15_000)).toMatchObject({ ok: true, stalledPartitions: [] });
    undecided.arrived(1, 0);
    now = 20_000;
    expect(decidingHealth(view, 15_000)).toMatchObject({
      ok: false,
      status: 'deciding has stopped',
      stalledPartitions: [1],
      oldestUndecidedAgeSeconds: { 0: 0, 1: 20 },
    });
  });
});
