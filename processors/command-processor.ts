/**
 * The partition owner. kafkajs hands it each partition's commands in log order; it decides
 * them, then commits decisions, outbox rows and the partition's next offset in one Postgres
 * transaction (batch-committer). The offset stored in Postgres is the truth: on (re)assignment
 * the owner resumes from it, and anything Kafka redelivers below it is skipped.
 *
 * Never wedged: a batch that fails is never retried inside kafkajs's batch handler, since
 * kafkajs fetches the next batches of every partition only once all handlers of the last fetch
 * have returned. The failing partition is paused instead and fetched again after a backoff,
 * while the others go on. A failure caused by a command (commit-failures.ts) is isolated at
 * once: the batch is split until that command is found and rejected or dead-lettered.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Consumer, EachBatchPayload, KafkaMessage, Producer } from 'kafkajs';
import type pg from 'pg';
import type { Logger } from '../platform/logger.js';
import type { TopicNames } from '../platform/topics.js';
import type { CommandPublisher } from '../producers/command-publisher.js';
import { BatchCommitter, type OwnedPartition } from './batch-committer.js';
import type { CloseScheduler } from './close-scheduler.js';
import {
  classifyFailure,
  DEFAULT_RETRY_POLICY,
  isolateNow,
  recordFailure,
  retryDelayMs,
  type ClassifiedFailure,
  type FailureStreak,
  type RetryPolicy,
} from './commit-failures.js';
import { DEFAULT_AUCTION_LIMITS, type AuctionLimits } from './domain/index.js';
import type { PayloadBuilder } from './event-payloads.js';
import { isolatePoison } from './poison-isolation.js';
import type { ProcessorMetrics } from './processor-metrics.js';
import { loadNextOffset, openAuctionsOf } from './store.js';
import { UndecidedCommands } from './undecided-commands.js';

export interface ProcessorDependencies {
  readonly consumer: Consumer;
  readonly producer: Producer;
  readonly publisher: CommandPublisher;
  readonly registry: SchemaRegistry;
  readonly db: pg.Pool;
  readonly topics: TopicNames;
  readonly aggregateType: string;
  readonly buildPayload: PayloadBuilder;
  readonly scheduler: CloseScheduler;
  readonly logger: Logger;
  readonly now: () => number;
  readonly maxBatch: number;
  readonly partitionsConsumedConcurrently: number;
  readonly metrics: ProcessorMetrics;
  readonly limits?: AuctionLimits;
  readonly retryPolicy?: RetryPolicy;
  /** Longest a commit may wait on Postgres before the try is given up and retried. */
  readonly commitTimeoutMs?: number;
  /** Told each time a failed batch is tried again: a consumer busy retrying has not stalled. */
  readonly onRetry?: () => void;
}

/** While a partition keeps failing, a reminder this often (the first failure is logged in full). */
const STILL_FAILING_LOG_MS = 30_000;

/** Heartbeat answers meaning this member must rejoin the group before it may go on. */
const GROUP_CHANGED = new Set([
  'REBALANCE_IN_PROGRESS',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
  'NOT_COORDINATOR_FOR_GROUP',
]);
const groupChanged = (error: unknown) =>
  GROUP_CHANGED.has(String((error as { type?: unknown } | null)?.type));

/** The failure of a part of a batch, classified. */
interface PartFailure {
  readonly error: unknown;
  readonly failure: ClassifiedFailure;
}

/** A part failed, was counted and recorded in the partition's streak, and is to be retried. */
class RetryLater extends Error {
  override readonly name = 'RetryLater';
  readonly retriable = true;
  constructor(readonly error: unknown) {
    super('retry the batch later', { cause: error });
  }
}

export class CommandProcessor {
  private readonly owned = new Map<number, OwnedPartition>();
  /** The partitions the group gave this member at its last join. */
  private assigned: ReadonlySet<number> = new Set();
  private readonly streaks = new Map<number, FailureStreak & { lastLoggedAt: number }>();
  private readonly resumeTimers = new Map<number, NodeJS.Timeout>();
  private readonly committer: BatchCommitter;
  private readonly policy: RetryPolicy;
  readonly undecided = new UndecidedCommands();
  private closeTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly deps: ProcessorDependencies) {
    this.policy = deps.retryPolicy ?? DEFAULT_RETRY_POLICY;
    this.committer = new BatchCommitter({
      ...deps,
      limits: deps.limits ?? DEFAULT_AUCTION_LIMITS,
      commitTimeoutMs: deps.commitTimeoutMs ?? 5000,
    });
  }

  /** Commands decided since start, for the periodic progress log and tests. */
  get decided() {
    return this.committer.decided;
  }

  async start() {
    const { consumer, topics } = this.deps;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      const assigned = new Set(payload.memberAssignment[topics.commands] ?? []);
      void this.onAssignment(assigned);
    });
    await consumer.subscribe({ topic: topics.commands, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.deps.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.handleBatch(payload),
    });
    this.closeTimer = setInterval(() => void this.requestDueCloses(), 200);
  }

  async stop() {
    this.stopped = true;
    clearInterval(this.closeTimer);
    for (const timer of this.resumeTimers.values()) clearTimeout(timer);
    await this.deps.consumer.disconnect();
  }

  /** Each owned partition's next offset: null if none is stored, undefined if not loaded yet. */
  positions(): Map<number, string | null | undefined> {
    return new Map([...this.assigned].map((p) => [p, this.owned.get(p)?.nextOffset]));
  }

  /** Seconds the oldest undecided command of each owned partition has waited (0: none). */
  undecidedAges(): Map<number, number> {
    return this.undecided.ages(this.assigned, this.deps.now());
  }

  /** Owned partitions whose oldest undecided command has waited longer than `thresholdMs`. */
  stalledPartitions(thresholdMs: number): number[] {
    return this.undecided.stalled(this.assigned, this.deps.now(), thresholdMs);
  }

  /** Keeps only the partitions this member owns now, and schedules the closes of new ones. */
  private async onAssignment(assigned: Set<number>) {
    this.assigned = assigned;
    for (const partition of [...this.owned.keys(), ...this.streaks.keys()]) {
      if (!assigned.has(partition)) {
        this.owned.delete(partition);
        this.streaks.delete(partition);
        this.undecided.cleared(partition);
        this.deps.scheduler.forgetPartition(partition);
      }
    }
    this.deps.logger.info(
      { partitions: [...assigned].sort((a, b) => a - b) },
      'partitions assigned',
    );
    for (const partition of assigned) {
      for (const { auctionId, endsAt } of await this.openAuctionsOf(partition)) {
        this.deps.scheduler.track(auctionId, partition, endsAt);
      }
    }
  }

  /** The open auctions to close on time; retried while Postgres is unreachable. */
  private async openAuctionsOf(partition: number) {
    for (;;) {
      try {
        return await openAuctionsOf(this.deps.db, partition);
      } catch (error) {
        if (this.stopped) return [];
        this.deps.logger.warn(
          { err: error, partition },
          'could not load the open auctions of an assigned partition; retrying in 1 s',
        );
        await sleep(1000);
      }
    }
  }

  private async ownedPartition(partition: number): Promise<OwnedPartition> {
    let owned = this.owned.get(partition);
    if (!owned) {
      owned = {
        nextOffset: await loadNextOffset(this.deps.db, this.deps.topics.commands, partition),
        auctions: new Map(),
        deadLettered: new Set(),
      };
      this.owned.set(partition, owned);
    }
    return owned;
  }

  /**
   * Decides a batch. If that fails for a reason that may pass (Postgres or the registry
   * unreachable, say), the partition is paused and fetched again from the stored offset after
   * a backoff; the handler returns at once so that kafkajs goes on fetching the others.
   */
  private async handleBatch(payload: EachBatchPayload) {
    const partition = payload.batch.partition;
    try {
      await this.decideBatch(payload);
      this.recovered(partition);
    } catch (thrown) {
      // The group moved on: end the batch so kafkajs rejoins.
      if (groupChanged(thrown)) throw thrown;
      // Forget what we hold for this partition: the next try reloads it from Postgres.
      this.owned.delete(partition);
      // Failed before any commit (loading the stored offset, say): counted and recorded here.
      if (!(thrown instanceof RetryLater))
        this.recordFailure(
          partition,
          payload.batch.firstOffset() ?? '?',
          this.failed(partition, thrown),
        );
      this.retryLater(payload, partition, thrown instanceof RetryLater ? thrown.error : thrown);
    }
  }

  private retryLater(payload: EachBatchPayload, partition: number, error: unknown) {
    const streak = this.streaks.get(partition);
    const delayMs = streak ? retryDelayMs(streak, this.policy) : this.policy.firstDelayMs;
    const now = this.deps.now();
    if (streak && (streak.tries === 1 || now - streak.lastLoggedAt >= STILL_FAILING_LOG_MS)) {
      this.streaks.set(partition, { ...streak, lastLoggedAt: now });
      const fields = {
        partition,
        offset: streak.startOffset,
        code: streak.code,
        tries: streak.tries,
        failingForMs: now - streak.since,
      };
      // The first failure in full, then a reminder without the stack.
      if (streak.tries === 1)
        this.deps.logger.warn(
          { ...fields, err: error },
          'batch not committed; retrying from the stored offset',
        );
      else
        this.deps.logger.warn(
          { ...fields, error: (error as Error).message },
          'batch still not committed; retrying',
        );
    }
    if (this.stopped || !payload.isRunning()) return;
    const resume = payload.pause();
    clearTimeout(this.resumeTimers.get(partition));
    this.resumeTimers.set(
      partition,
      setTimeout(() => {
        this.resumeTimers.delete(partition);
        this.deps.onRetry?.();
        resume();
      }, delayMs),
    );
    this.deps.onRetry?.();
  }

  private recovered(partition: number) {
    const streak = this.streaks.get(partition);
    if (!streak) return;
    this.streaks.delete(partition);
    this.deps.logger.info(
      { partition, tries: streak.tries, failedForMs: this.deps.now() - streak.since },
      'partition deciding again',
    );
  }

  private async decideBatch(payload: EachBatchPayload) {
    const { batch } = payload;
    const { consumer, topics, logger } = this.deps;
    const partition = batch.partition;
    const owned = await this.ownedPartition(partition);
    let messages = batch.messages;
    if (owned.nextOffset !== null && messages.length > 0) {
      const next = BigInt(owned.nextOffset);
      if (BigInt(messages[0]!.offset) > next) {
        // Kafka is ahead of what Postgres holds as applied: go back to the stored offset.
        consumer.seek({ topic: topics.commands, partition, offset: owned.nextOffset });
        return;
      }
      messages = messages.filter((m) => BigInt(m.offset) >= next);
    }
    if (messages.length > 0) this.undecided.arrived(partition, this.deps.now());
    for (let start = 0; start < messages.length; start += this.deps.maxBatch) {
      if (payload.isStale()) return;
      // Stopping: what is committed stays, and its offset is still mirrored below.
      if (!payload.isRunning()) break;
      const chunk = messages.slice(start, start + this.deps.maxBatch);
      await this.commitPart(partition, owned, chunk);
      payload.resolveOffset(chunk.at(-1)!.offset);
      await payload.heartbeat();
    }
    if (messages.length > 0 && owned.nextOffset === String(BigInt(messages.at(-1)!.offset) + 1n))
      this.undecided.cleared(partition);
    if (owned.nextOffset !== null) {
      // Mirror the stored offset in Kafka: lag tools see it, and a new owner starts close to it.
      // Through the payload: consumer.commitOffsets does nothing once a stop has begun.
      const offsets = [{ partition, offset: owned.nextOffset }];
      await payload
        .commitOffsetsIfNecessary({ topics: [{ topic: topics.commands, partitions: offsets }] })
        .catch((error: unknown) =>
          logger.debug({ err: error }, 'offset mirror to Kafka failed (harmless)'),
        );
    }
  }

  /**
   * Commits one part of a batch. A failure caused by a command (or repeating the same way)
   * isolates the command; any other is thrown, to be retried.
   */
  private async commitPart(partition: number, owned: OwnedPartition, chunk: KafkaMessage[]) {
    const first = await this.tryCommit(partition, () =>
      this.committer.commit(partition, owned, chunk),
    );
    if (!first) return;
    const streak = this.recordFailure(partition, chunk[0]!.offset, first);
    if (!isolateNow(streak, first.failure, this.policy)) throw new RetryLater(first.error);
    await this.isolate(partition, owned, chunk, first);
  }

  private recordFailure(partition: number, startOffset: string, failed: PartFailure) {
    const previous = this.streaks.get(partition);
    const streak = recordFailure(previous, failed.failure, startOffset, this.deps.now());
    this.streaks.set(partition, { ...streak, lastLoggedAt: previous?.lastLoggedAt ?? 0 });
    return streak;
  }

  /** Counts a failed try in the metrics, classified. */
  private failed(partition: number, error: unknown): PartFailure {
    const failure = classifyFailure(error);
    this.deps.metrics.failedCommits.inc({
      partition: String(partition),
      retriable: String(failure.kind === 'retriable'),
    });
    return { error, failure };
  }

  /** Runs one commit; a failure is counted and returned, not thrown. */
  private async tryCommit(
    partition: number,
    run: () => Promise<void>,
  ): Promise<PartFailure | undefined> {
    try {
      await run();
      return undefined;
    } catch (error) {
      if (groupChanged(error)) throw error;
      return this.failed(partition, error);
    }
  }

  /** Splits `chunk` to find the commands the store refuses; rejects or dead-letters them. */
  private async isolate(
    partition: number,
    owned: OwnedPartition,
    chunk: KafkaMessage[],
    trigger: PartFailure,
  ) {
    // Only the failure that triggered the search (or one the store gives for the data) marks a
    // command as the cause; a different unknown one, like a lost connection, is retried.
    const causedByCommand = (failure: ClassifiedFailure) =>
      failure.kind === 'permanent' ||
      (failure.kind === 'unknown' && failure.code === trigger.failure.code);
    const counted = async (run: () => Promise<void>) => {
      const failed = await this.tryCommit(partition, run);
      if (failed) throw failed.error;
    };
    const result = await isolatePoison(chunk, trigger.error, {
      commit: (items) => counted(() => this.committer.commit(partition, owned, items)),
      reject: (message, failed) =>
        counted(() =>
          this.committer.commitRefused(
            partition,
            owned,
            message,
            `the decision could not be stored (${classifyFailure(failed).code})`,
          ),
        ),
      deadLetter: (message, failures) =>
        this.committer.deadLetterAndSkip(
          partition,
          owned,
          message,
          failures.map((f) => describe(classifyFailure(f))).join('; then: '),
        ),
      passes: (error) => !causedByCommand(classifyFailure(error)),
    });
    this.streaks.delete(partition);
    for (const { item, failure } of result.rejected) {
      this.deps.metrics.poison.inc({ partition: String(partition), outcome: 'rejected' });
      this.deps.logger.warn(
        {
          partition,
          offset: item.offset,
          auctionId: item.key?.toString(),
          commandType: headerOf(item, 'commandType'),
          correlationId: headerOf(item, 'correlationId'),
          failure: describe(classifyFailure(failure)),
        },
        "the store refused this command's decision; decided it as a rejection (unprocessable)",
      );
    }
    this.deps.logger.info(
      {
        partition,
        from: chunk[0]!.offset,
        to: chunk.at(-1)!.offset,
        rejected: result.rejected.length,
        deadLettered: result.deadLettered.length,
        commits: result.attempts,
      },
      'isolated the commands the store refused; the partition goes on',
    );
  }

  /** Puts a CloseAuction command into the partition of each auction whose end has passed. */
  private async requestDueCloses() {
    const now = this.deps.now();
    const due = this.deps.scheduler.takeDue(now);
    await Promise.all(
      due.map((auctionId) =>
        this.deps.publisher
          .publish({
            type: 'CloseAuction',
            auctionId,
            correlationId: `close-${auctionId}`,
            payload: {
              commandId: randomUUID(),
              auctionId,
              issuedBy: 'system',
              issuedAt: now,
              correlationId: `close-${auctionId}`,
            },
          })
          .catch((error: unknown) =>
            this.deps.logger.warn(
              { err: error, auctionId },
              'could not request a close; will retry',
            ),
          ),
      ),
    );
  }
}

const describe = (failure: ClassifiedFailure) => `${failure.code}: ${failure.message}`;

const headerOf = (message: KafkaMessage, name: string) => {
  const value = message.headers?.[name];
  return value === undefined ? undefined : String(Array.isArray(value) ? value[0] : value);
};
