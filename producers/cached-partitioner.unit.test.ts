/** The cached partitioner answers as kafkajs's DefaultPartitioner does, key by key. */
import { Partitioners, type PartitionerArgs } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { CachedDefaultPartitioner } from './cached-partitioner.js';

const partitions = (n: number): PartitionerArgs['partitionMetadata'] =>
  Array.from({ length: n }, (_, partitionId) => ({
    partitionId,
    leader: 1,
    partitionErrorCode: 0,
    replicas: [1],
    isr: [1],
  }));

describe('CachedDefaultPartitioner', () => {
  it('chooses the partition the default chooses, also after the partition count changes', () => {
    const cached = CachedDefaultPartitioner();
    const reference = Partitioners.DefaultPartitioner();
    for (const count of [12, 12, 5]) {
      for (let i = 0; i < 200; i++) {
        const args = {
          topic: 'commands',
          partitionMetadata: partitions(count),
          message: { key: `auction-${i % 50}`, value: 'x' },
        };
        expect(cached(args)).toBe(reference(args));
      }
    }
  });

  it('keeps a partition the message names', () => {
    const cached = CachedDefaultPartitioner();
    const message = { key: 'auction-1', value: 'x', partition: 3 };
    expect(cached({ topic: 't', partitionMetadata: partitions(12), message })).toBe(3);
  });
});
