/**
 * Has deciding stopped? From outside the processors: a partition of the commands topic has
 * commands waiting (its end offset is past the offset the processors stored in Postgres) and
 * that stored offset has not moved for longer than a threshold. Pure: the caller observes the
 * offsets and the clock, and keeps what this returns for the next observation.
 */
import { partitionLag, type PartitionEnds } from './metrics.js';

/**
 * Commands waiting this long without a decision: deciding has stopped (`DECIDING_STALL_MS`, read
 * by the gateway's /ready and the processor's /health).
 */
export const DEFAULT_DECIDING_STALL_MS = 15_000;

export interface PartitionProgress {
  readonly ends: PartitionEnds;
  /** The next offset the processors stored (null: none stored yet). */
  readonly storedOffset: string | null;
}

/** Per partition that had commands waiting at the last observation. */
export interface Waiting {
  readonly storedOffset: string | null;
  /** When this stored offset was first seen with commands waiting. */
  readonly since: number;
}

export interface StalledPartition {
  readonly partition: number;
  readonly waiting: number;
  readonly storedOffset: string | null;
  readonly stuckForMs: number;
}

export interface DecidingJudgement {
  readonly waiting: ReadonlyMap<number, Waiting>;
  readonly stalled: readonly StalledPartition[];
}

export function judgeDeciding(
  previous: ReadonlyMap<number, Waiting>,
  observed: readonly PartitionProgress[],
  now: number,
  thresholdMs: number,
): DecidingJudgement {
  const waiting = new Map<number, Waiting>();
  const stalled: StalledPartition[] = [];
  for (const { ends, storedOffset } of observed) {
    const lag = partitionLag(ends, storedOffset);
    if (lag === 0) continue;
    const before = previous.get(ends.partition);
    const since = before && before.storedOffset === storedOffset ? before.since : now;
    waiting.set(ends.partition, { storedOffset, since });
    if (now - since > thresholdMs)
      stalled.push({
        partition: ends.partition,
        waiting: lag,
        storedOffset,
        stuckForMs: now - since,
      });
  }
  return { waiting, stalled: stalled.sort((a, b) => a.partition - b.partition) };
}

export const describeStalls = (stalled: readonly StalledPartition[]) =>
  `deciding has stopped: ${stalled
    .map(
      (s) =>
        `partition ${s.partition} has ${s.waiting} command(s) waiting at offset ${s.storedOffset ?? '(none stored)'}, unchanged for ${Math.round(s.stuckForMs / 1000)} s`,
    )
    .join('; ')}`;
