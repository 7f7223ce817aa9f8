/**
 * The partition runner: one kafkajs eachBatch loop for every consumer of the pipeline. kafkajs
 * hands it each partition's messages in log order; it decodes them (poison goes to the
 * dead-letter topic), hands runs of at most `maxBatch` to the handler, and keeps the partition's
 * position where its offsets port says (offsets.ts).
 *
 * Never wedged: a batch that fails is never retried inside kafkajs's batch handler, since
 * kafkajs fetches the next batches of every partition only once all handlers of the last fetch
 * have returned. The failing partition is paused instead and fetched again after a backoff,
 * while the others go on (retries.ts). A failure caused by a message (retry-policy.ts) is
 * isolated at once when the handler can refuse a message: the part is split until that message
 * is found and refused or dead-lettered (poison.ts).
 */
import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import type { Logger } from '../logger.js';
import type { DeadLetter, DeadLetterWriter } from './dead-letter.js';
import { partOf, type Entry, type PartitionHandler } from './handler.js';
import {
  caughtUp,
  offsetAfter,
  startOfBatch,
  type BatchOffsets,
  type PartitionOffsets,
} from './offsets.js';
import { isolateRefused } from './poison.js';
import { PartitionRetries } from './retries.js';
import {
  classifyFailure,
  DEFAULT_RETRY_POLICY,
  type ClassifiedFailure,
  type PartFailure,
  type RetryPolicy,
} from './retry-policy.js';

/** Told what happens to the partitions; the processor's health and close timer listen. */
export interface RunnerHooks {
  /** The group gave this member `assigned`; it no longer owns `revoked`. */
  readonly assigned?: (assigned: ReadonlySet<number>, revoked: readonly number[]) => void;
  /** A batch brought messages not handled yet. */
  readonly arrived?: (partition: number) => void;
  /** Every message the partition was given is handled. */
  readonly caughtUp?: (partition: number) => void;
  /** A failed try, classified. */
  readonly failedTry?: (partition: number, failure: ClassifiedFailure) => void;
  /** A failed partition is retried: a consumer busy retrying has not stalled (liveness). */
  readonly retrying?: () => void;
}

export interface RunnerOptions<T> {
  readonly consumer: Consumer;
  readonly topic: string;
  readonly handler: PartitionHandler<T>;
  readonly offsets: PartitionOffsets;
  readonly deadLetters: DeadLetterWriter;
  readonly logger: Logger;
  readonly now: () => number;
  /** Most messages handed to the handler at once. */
  readonly maxBatch: number;
  readonly partitionsConsumedConcurrently: number;
  readonly retryPolicy?: RetryPolicy;
  readonly hooks?: RunnerHooks;
}

interface PartitionState {
  /** The stored next offset (null: none stored yet; undefined: kept by Kafka). */
  next: string | null | undefined;
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
const groupChanged = (error: unknown) =>
  GROUP_CHANGED.has(String((error as { type?: unknown } | null)?.type));

/** A part failed, was counted and recorded in the partition's streak, and is to be retried. */
class RetryLater extends Error {
  override readonly name = 'RetryLater';
  readonly retriable = true;
  constructor(readonly error: unknown) {
    super('retry the batch later', { cause: error });
  }
}

export class PartitionRunner<T> {
  private readonly states = new Map<number, PartitionState>();
  /** The partitions the group gave this member at its last join. */
  private assignedNow: ReadonlySet<number> = new Set();
  private readonly retries: PartitionRetries;
  private stopped = false;

  constructor(private readonly options: RunnerOptions<T>) {
    this.retries = new PartitionRetries({
      logger: options.logger,
      now: options.now,
      policy: options.retryPolicy ?? DEFAULT_RETRY_POLICY,
      onFailedTry: options.hooks?.failedTry,
      onRetry: options.hooks?.retrying,
    });
  }

  /** The partitions this member owns. */
  get assigned(): ReadonlySet<number> {
    return this.assignedNow;
  }

  async start() {
    const { consumer, topic } = this.options;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) =>
      this.onAssignment(new Set(payload.memberAssignment[topic] ?? [])),
    );
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  async stop() {
    this.stopped = true;
    this.retries.stop();
    await this.options.consumer.disconnect();
  }

  /** Each owned partition's stored next offset: null if none is stored, undefined if not loaded. */
  positions(): Map<number, string | null | undefined> {
    return new Map([...this.assignedNow].map((p) => [p, this.states.get(p)?.next]));
  }

  private onAssignment(assigned: ReadonlySet<number>) {
    const known = new Set([...this.assignedNow, ...this.states.keys()]);
    const revoked = [...known].filter((p) => !assigned.has(p));
    this.assignedNow = assigned;
    for (const partition of revoked) this.forget(partition);
    this.options.logger.info(
      { partitions: [...assigned].sort((a, b) => a - b) },
      'partitions assigned',
    );
    this.options.hooks?.assigned?.(assigned, revoked);
  }

  /** Drops what is held for the partition; the next batch reloads it. */
  private forget(partition: number) {
    this.states.delete(partition);
    this.retries.forget(partition);
    this.options.handler.forget?.(partition);
  }

  private async stateOf(partition: number): Promise<PartitionState> {
    let state = this.states.get(partition);
    if (!state) {
      state = { next: await this.options.offsets.load(partition), deadLettered: new Set() };
      this.states.set(partition, state);
    }
    return state;
  }

  /**
   * Runs a batch. If that fails for a reason that may pass (Postgres or Redis unreachable, say),
   * the partition is paused and fetched again from its position after a backoff; the handler
   * returns at once so that kafkajs goes on fetching the others.
   */
  private async handleBatch(payload: EachBatchPayload) {
    const partition = payload.batch.partition;
    try {
      await this.runBatch(payload);
      this.retries.recovered(partition);
    } catch (thrown) {
      // The group moved on: end the batch so kafkajs rejoins.
      if (groupChanged(thrown)) throw thrown;
      // Forget what we hold for this partition: the next try reloads it.
      this.states.delete(partition);
      this.options.handler.forget?.(partition);
      // Failed outside a part (loading the stored offset, say): counted and recorded here.
      if (!(thrown instanceof RetryLater))
        this.retries.record(
          partition,
          payload.batch.firstOffset() ?? '?',
          this.retries.counted(partition, thrown),
        );
      if (this.stopped) return;
      this.retries.retryLater(
        payload,
        partition,
        thrown instanceof RetryLater ? thrown.error : thrown,
      );
    }
  }

  private async runBatch(payload: EachBatchPayload) {
    const { batch } = payload;
    const { consumer, topic, hooks, maxBatch, offsets } = this.options;
    const partition = batch.partition;
    const state = await this.stateOf(partition);
    const start = startOfBatch(state.next, batch.messages);
    if ('seekTo' in start) {
      // Kafka is ahead of the stored position: go back to it.
      consumer.seek({ topic, partition, offset: start.seekTo });
      return;
    }
    const { messages } = start;
    const kafka: BatchOffsets = {
      commit: (offset) => consumer.commitOffsets([{ topic, partition, offset }]),
      // Through the payload: consumer.commitOffsets does nothing once a stop has begun.
      mirror: (offset) =>
        payload.commitOffsetsIfNecessary({
          topics: [{ topic, partitions: [{ partition, offset }] }],
        }),
    };
    if (messages.length > 0) hooks?.arrived?.(partition);
    for (let first = 0; first < messages.length; first += maxBatch) {
      if (payload.isStale()) return;
      // Stopping: what is handled stays, and a stored position is still mirrored below.
      if (!payload.isRunning()) break;
      const chunk = messages.slice(first, first + maxBatch);
      await this.runPart(partition, state, chunk, kafka);
      payload.resolveOffset(chunk.at(-1)!.offset);
      await payload.heartbeat();
    }
    if (caughtUp(state.next, messages)) hooks?.caughtUp?.(partition);
    await offsets.afterBatch(state.next, kafka);
  }

  /** Decodes a part, dead-letters its poison, and hands it to the handler. */
  private async runPart(
    partition: number,
    state: PartitionState,
    chunk: readonly KafkaMessage[],
    kafka: BatchOffsets,
  ) {
    const entries: Entry<T>[] = [];
    for (const message of chunk)
      entries.push({ message, decoded: await this.options.handler.decode(message) });
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
    const streak = this.retries.record(partition, chunk[0]!.offset, first);
    const { handler } = this.options;
    if (!handler.refuse || !this.retries.isolateNow(streak, first))
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
    const { handler, offsets } = this.options;
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
    await this.options.deadLetters.send(fresh);
    for (const letter of fresh) {
      state.deadLettered.add(letter.message.offset);
      this.options.handler.deadLettered?.(letter);
    }
  }

  /** Runs one try; a failure is counted and returned, not thrown. */
  private async tryOnce(partition: number, run: () => Promise<void>) {
    try {
      await run();
      return undefined;
    } catch (error) {
      if (groupChanged(error)) throw error;
      return this.retries.counted(partition, error);
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
      this.retries.record(partition, state.next ?? entries[0]!.message.offset, {
        error,
        failure: classifyFailure(error),
      });
      throw new RetryLater(error);
    }
    this.retries.isolated(partition);
    this.options.logger.info(
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
