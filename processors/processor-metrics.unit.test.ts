import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { CommandOutcome } from './batch-decider.js';
import { processorMetrics, recordCommittedBatch } from './processor-metrics.js';

const outcome = (
  commandType: CommandOutcome['commandType'],
  result: CommandOutcome['outcome'],
  issuedAt: number,
): CommandOutcome => ({
  commandType,
  outcome: result,
  issuedAt,
  commandId: 'c',
  correlationId: 'k',
  auctionId: 'a',
});

describe('recordCommittedBatch', () => {
  it('counts decisions by type and outcome and times each from its stamp to the commit', async () => {
    const metrics = processorMetrics(new Registry());
    recordCommittedBatch(
      metrics,
      [
        outcome('PlaceBid', 'accepted', 1_000),
        outcome('PlaceBid', 'rejected', 1_900),
        outcome('PlaceBid', 'repeat', 0),
        outcome('CloseAuction', 'ignored', 1_990),
      ],
      2_000,
      0.004,
    );
    const counts = (await metrics.decisions.get()).values.map((v) => [
      v.labels.command_type,
      v.labels.outcome,
      v.value,
    ]);
    expect(counts).toEqual(
      expect.arrayContaining([
        ['PlaceBid', 'accepted', 1],
        ['PlaceBid', 'rejected', 1],
        ['PlaceBid', 'repeat', 1],
        ['CloseAuction', 'ignored', 1],
      ]),
    );
    const latency = (await metrics.decisionLatency.get()).values;
    const sum = (type: string) =>
      latency.find((v) => v.metricName?.endsWith('_sum') && v.labels.command_type === type)?.value;
    // The repeat is not timed: 1 s + 0.1 s for the bids, 0.01 s for the close.
    expect(sum('PlaceBid')).toBeCloseTo(1.1);
    expect(sum('CloseAuction')).toBeCloseTo(0.01);
    const commits = (await metrics.batchCommit.get()).values;
    expect(commits.find((v) => v.metricName?.endsWith('_count'))?.value).toBe(1);
  });
});
