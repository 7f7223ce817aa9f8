/**
 * One part of a batch through the handler: decoded, its poison dead-lettered (once per offset),
 * handed to the handler, the position moved past it; a failure counted and, when a message
 * caused it and the handler can refuse one, isolated (poison.ts), else left to be retried.
 */
import type { KafkaMessage } from 'kafkajs';
import type { Logger } from '../logger.js';
import { AppError } from '../errors.js';
import type { DeadLetter, DeadLetterWriter } from './dead-letter.js';
import { partOf, type Entry, type PartitionHandler } from './handler.js';
import { offsetAfter, type BatchOffsets, type PartitionOffsets } from './offsets.js';
import { isolateRefused } from './poison.js';
import type { PartitionRetries } from './retries.js';
import { classifyFailure, type ClassifiedFailure, type PartFailure } from './retry-policy.js';

export interface PartitionState {
  /** The stored next offset (null: none stored yet; undefined: kept by Kafka). */
  next: string | null | undefined;
  /** `next` was loaded since the partition was assigned or last failed. */
  loaded: boolean;
  /** Offsets already sent to the dead-letter topic: a retried part does not send them again. */
  readonly deadLettered: Set<string>;
}

/** Heartbeat answers meaning this member must rejoin the group before it may go on. */
const GROUP_CHANGED = new Set([
  'REBALANCE_IN_PROGRESS',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
  'NOT_COORDINATOR_FOR_GROUP',
]);
export const groupChanged = (error: unknown) =>
  GROUP_CHANGED.has(String((error as { type?: unknown } | null)?.type));

/** A part failed, was counted and recorded in the partition's streak, and is to be retried. */
export class RetryLater extends AppError {
  override readonly name = 'RetryLater';
  readonly code = 'retry_later';
  readonly retriable = true;
  constructor(readonly error: unknown) {
    super('retry the batch later', { cause: error });
  }
}

export interface PartDependencies<T> {
  readonly handler: PartitionHandler<T>;
  readonly offsets: PartitionOffsets;
  readonly deadLetters: DeadLetterWriter;
  readonly retries: PartitionRetries;
  readonly logger: Logger;
}

export class PartRunner<T> {
  constructor(private readonly deps: PartDependencies<T>) {}

  /** Decodes a part, dead-letters its poison, and hands it to the handler. */
  async run(
    partition: number,
    state: PartitionState,
    chunk: readonly KafkaMessage[],
    kafka: BatchOffsets,
  ) {
    const entries: Entry<T>[] = [];
    for (const message of chunk)
      entries.push({ message, decoded: await this.deps.handler.decode(message) });
    // Dead letters first: at worst a crash here sends one twice, never loses one.
    await this.deadLetter(
      state,
      entries.flatMap(({ message, decoded }) =>
        decoded.ok
          ? []
          : [{ partition, message, reason: decoded.reason, correlationId: decoded.correlationId }],
      ),
    );
    const first = await this.tryOnce(partition, () =>
      this.handle(partition, state, entries, kafka),
    );
    if (!first) return;
    const streak = this.deps.retries.record(partition, chunk[0]!.offset, first);
    const { handler } = this.deps;
    if (!handler.refuse || !this.deps.retries.isolateNow(streak, first))
      throw new RetryLater(first.error);
    await this.isolate(partition, state, entries, first, kafka);
  }

  /** Hands `entries` to the handler as one part; the position moves past them. */
  private async handle(
    partition: number,
    state: PartitionState,
    entries: readonly Entry<T>[],
    kafka: BatchOffsets,
    refused?: ClassifiedFailure,
  ) {
    const { handler, offsets } = this.deps;
    const part = partOf(partition, state.next, entries);
    if (refused) await handler.refuse!(part, refused);
    else await handler.handle(part);
    const next = offsetAfter(part.messages.at(-1)!.offset);
    if (state.next !== undefined) state.next = next;
    for (const message of part.messages) state.deadLettered.delete(message.offset);
    await offsets.afterPart(next, kafka);
  }

  private async deadLetter(state: PartitionState, letters: readonly DeadLetter[]) {
    const fresh = letters.filter((l) => !state.deadLettered.has(l.message.offset));
    await this.deps.deadLetters.send(fresh);
    for (const letter of fresh) {
      state.deadLettered.add(letter.message.offset);
      this.deps.handler.deadLettered?.(letter);
    }
  }

  /** Runs one try; a failure is counted and returned, not thrown. */
  private async tryOnce(partition: number, run: () => Promise<void>) {
    try {
      await run();
      return undefined;
    } catch (error) {
      if (groupChanged(error)) throw error;
      return this.deps.retries.counted(partition, error);
    }
  }

  /** Splits the part to find the messages the store refuses; refuses or dead-letters them. */
  private async isolate(
    partition: number,
    state: PartitionState,
    entries: readonly Entry<T>[],
    trigger: PartFailure,
    kafka: BatchOffsets,
  ) {
    let result;
    try {
      result = await isolateRefused(entries, trigger, {
        commit: (part) => this.handle(partition, state, part, kafka),
        refuse: (entry, failure) => this.handle(partition, state, [entry], kafka, failure),
        deadLetter: async (entry, reason) => {
          await this.deadLetter(state, [{ partition, message: entry.message, reason }]);
          await this.handle(
            partition,
            state,
            [{ message: entry.message, decoded: { ok: false, reason } }],
            kafka,
          );
        },
        tryOnce: (run) => this.tryOnce(partition, run),
      });
    } catch (error) {
      if (groupChanged(error)) throw error;
      // A failure that may pass stopped the search (counted where it happened): retry.
      this.deps.retries.record(partition, state.next ?? entries[0]!.message.offset, {
        error,
        failure: classifyFailure(error),
      });
      throw new RetryLater(error);
    }
    this.deps.retries.isolated(partition);
    this.deps.logger.info(
      {
        partition,
        from: entries[0]?.message.offset,
        to: entries.at(-1)?.message.offset,
        rejected: result.rejected.length,
        deadLettered: result.deadLettered.length,
        commits: result.attempts,
      },
      'isolated the messages the store refused; the partition goes on',
    );
  }
}
