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
import type { Consumer, EachBatchPayload } from 'kafkajs';
import { GroupCommit } from '../group-commit.js';
import type { Logger } from '../logger.js';
import type { DeadLetterWriter } from './dead-letter.js';
import type { PartitionHandler } from './handler.js';
import { caughtUp, startOfBatch, type BatchOffsets, type PartitionOffsets } from './offsets.js';
import { groupChanged, PartRunner, RetryLater, type PartitionState } from './parts.js';
import { PartitionRetries } from './retries.js';
import { DEFAULT_RETRY_POLICY, type ClassifiedFailure, type RetryPolicy } from './retry-policy.js';

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

/** One partition's offset to commit, and how (through the consumer, or a batch's payload). */
interface OffsetCommit {
  readonly partition: number;
  readonly offset: string;
  readonly send: (partitions: { partition: number; offset: string }[]) => Promise<void>;
}

/** Commits the latest offset of each partition of the group in one request (the last one's way). */
async function commitTogether(commits: readonly OffsetCommit[]) {
  const latest = new Map<number, string>();
  for (const c of commits) latest.set(c.partition, c.offset);
  await commits.at(-1)!.send([...latest].map(([partition, offset]) => ({ partition, offset })));
  return commits.map(() => undefined);
}

export class PartitionRunner<T> {
  private readonly states = new Map<number, PartitionState>();
  /** The offsets every partition commits while a commit is in flight go in the next one request. */
  private readonly offsetCommits = new GroupCommit<OffsetCommit>(commitTogether);
  /** The partitions the group gave this member at its last join. */
  private assignedNow: ReadonlySet<number> = new Set();
  private readonly retries: PartitionRetries;
  private readonly parts: PartRunner<T>;
  private stopped = false;

  constructor(private readonly options: RunnerOptions<T>) {
    this.retries = new PartitionRetries({
      logger: options.logger,
      now: options.now,
      policy: options.retryPolicy ?? DEFAULT_RETRY_POLICY,
      onFailedTry: options.hooks?.failedTry,
      onRetry: options.hooks?.retrying,
    });
    this.parts = new PartRunner({ ...options, retries: this.retries });
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
    return new Map(
      [...this.assignedNow].map((p) => {
        const state = this.states.get(p);
        return [p, state?.loaded ? state.next : undefined];
      }),
    );
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
      state = { next: undefined, loaded: false, deadLettered: new Set() };
      this.states.set(partition, state);
    }
    if (!state.loaded) {
      state.next = await this.options.offsets.load(partition);
      state.loaded = true;
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
      // Forget what we hold for this partition: the next try reloads it. What was sent to
      // the dead-letter topic is remembered, so that the retry does not send it again.
      const state = this.states.get(partition);
      if (state) state.loaded = false;
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
      commit: (offset) =>
        this.offsetCommits.submit({
          partition,
          offset,
          send: (partitions) => consumer.commitOffsets(partitions.map((p) => ({ topic, ...p }))),
        }),
      // Through the payload: consumer.commitOffsets does nothing once a stop has begun.
      mirror: (offset) =>
        this.offsetCommits.submit({
          partition,
          offset,
          send: (partitions) =>
            payload.commitOffsetsIfNecessary({ topics: [{ topic, partitions }] }),
        }),
    };
    if (messages.length > 0) hooks?.arrived?.(partition);
    for (let first = 0; first < messages.length; first += maxBatch) {
      if (payload.isStale()) return;
      // Stopping: what is handled stays, and a stored position is still mirrored below.
      if (!payload.isRunning()) break;
      const chunk = messages.slice(first, first + maxBatch);
      await this.parts.run(partition, state, chunk, kafka);
      payload.resolveOffset(chunk.at(-1)!.offset);
      await payload.heartbeat();
    }
    if (caughtUp(state.next, messages)) hooks?.caughtUp?.(partition);
    await offsets.afterBatch(state.next, kafka);
  }
}
