/**
 * Where a partition's position lives. The processor stores it with its effects (in the same
 * Postgres transaction): the runner loads it on the first batch after an assignment, skips what
 * Kafka redelivers below it, seeks back when Kafka is ahead of it, and mirrors it to Kafka after
 * each batch for lag tools. A sink's position is Kafka's committed offset, committed after each
 * effect (its dedup keys absorb a redelivery).
 */
import type { Logger } from '../logger.js';

/** The kafkajs calls a port may make for the batch in hand. */
export interface BatchOffsets {
  /** Commits `offset` as the partition's next one (consumer.commitOffsets). */
  commit(offset: string): Promise<void>;
  /** Mirrors `offset` through the batch (works while a stop has begun). */
  mirror(offset: string): Promise<void>;
}

export interface PartitionOffsets {
  /** The stored next offset (null: none stored yet), or undefined: Kafka's committed offset leads. */
  load(partition: number): Promise<string | null | undefined>;
  /** A part's effect is done; `next` is the partition's next offset now. */
  afterPart(next: string, kafka: BatchOffsets): Promise<void>;
  /** The batch is over; `stored` is the position the runner holds. */
  afterBatch(stored: string | null | undefined, kafka: BatchOffsets): Promise<void>;
}

/** The position is stored with the effects; Kafka only gets a mirror of it. */
export const storedWithEffects = (
  load: (partition: number) => Promise<string | null>,
  logger: Logger,
): PartitionOffsets => ({
  load,
  afterPart: () => Promise.resolve(),
  async afterBatch(stored, kafka) {
    if (stored === null || stored === undefined) return;
    // Lag tools see it, and a new owner starts close to it.
    await kafka
      .mirror(stored)
      .catch((error: unknown) =>
        logger.debug({ err: error }, 'offset mirror to Kafka failed (harmless)'),
      );
  },
});

/** The position is Kafka's committed offset, committed after each effect. */
export const committedToKafka = (): PartitionOffsets => ({
  load: () => Promise.resolve(undefined),
  afterPart: (next, kafka) => kafka.commit(next),
  afterBatch: () => Promise.resolve(),
});

export const offsetAfter = (offset: string) => String(BigInt(offset) + 1n);

/**
 * What to do with a fetched batch given the stored position: seek back when Kafka is ahead of
 * it, else handle the messages from it on (what is below it is already applied).
 */
export function startOfBatch<M extends { readonly offset: string }>(
  stored: string | null | undefined,
  messages: readonly M[],
): { readonly seekTo: string } | { readonly messages: readonly M[] } {
  if (stored === null || stored === undefined || messages.length === 0) return { messages };
  const next = BigInt(stored);
  if (BigInt(messages[0]!.offset) > next) return { seekTo: stored };
  return { messages: messages.filter((m) => BigInt(m.offset) >= next) };
}

/** The batch's messages are all handled: the position is past the last of them. */
export const caughtUp = (
  stored: string | null | undefined,
  messages: readonly { readonly offset: string }[],
) => messages.length > 0 && stored === offsetAfter(messages.at(-1)!.offset);
