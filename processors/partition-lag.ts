/**
 * The processor's consumer lag, per partition it owns: Kafka's high watermark minus the next
 * offset the processor holds (the one stored in Postgres, which is the truth, not the mirror
 * it commits to Kafka).
 */
import type { Admin } from 'kafkajs';
import type pg from 'pg';
import { partitionLag, type PartitionLag } from '../platform/metrics.js';
import { loadNextOffset } from './store.js';

/** Next offset by owned partition: null when none is stored yet, undefined when not loaded yet. */
export type OwnedPositions = () => ReadonlyMap<number, string | null | undefined>;

export function ownedPartitionLag(
  admin: Pick<Admin, 'fetchTopicOffsets'>,
  db: pg.Pool,
  topic: string,
  positions: OwnedPositions,
) {
  return async (): Promise<PartitionLag[]> => {
    const owned = positions();
    if (owned.size === 0) return [];
    const ends = await admin.fetchTopicOffsets(topic);
    return Promise.all(
      ends
        .filter((end) => owned.has(end.partition))
        .map(async (end) => {
          const known = owned.get(end.partition);
          const next = known === undefined ? await loadNextOffset(db, topic, end.partition) : known;
          return { partition: end.partition, lag: partitionLag(end, next) };
        }),
    );
  };
}
