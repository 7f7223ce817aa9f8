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
import type { TopicNames } from '../contracts/names.js';
import type { CommandPublisher } from '../producers/command-publisher.js';
import { BatchCommitter, type OwnedPartition } from './batch-committer.js';
import type { CloseScheduler } from './close-scheduler.js';
import { classifyFailure, DEFAULT_RETRY_POLICY, type RetryPolicy } from './commit-failures.js';
import { DEFAULT_AUCTION_LIMITS, type AuctionLimits } from './domain/index.js';
import type { PayloadBuilder } from './event-payloads.js';
import { PartitionRetries } from './partition-retries.js';
import { isolateRefusedCommands, type PartFailure } from './refused-commands.js';
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

export class CommandProcessor {
  private readonly owned = new Map<number, OwnedPartition>();
  /** The partitions the group gave this member at its last join. */
  private assigned: ReadonlySet<number> = new Set();
  private readonly retries: PartitionRetries;
  private readonly committer: BatchCommitter;
  private readonly logger: Logger;
  private readonly metrics: ProcessorMetrics;
  readonly undecided = new UndecidedCommands();
  private closeTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly deps: ProcessorDependencies) {
    this.retries = new PartitionRetries({
      logger: deps.logger,
      metrics: deps.metrics,
      now: deps.now,
      policy: deps.retryPolicy ?? DEFAULT_RETRY_POLICY,
      onRetry: deps.onRetry,
    });
    this.logger = deps.logger;
    this.metrics = deps.metrics;
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
    this.retries.stop();
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
    for (const partition of [...this.owned.keys(), ...this.undecided.partitions()]) {
      if (!assigned.has(partition)) {
        this.owned.delete(partition);
        this.retries.forget(partition);
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
        return await openAuctionsOf(this.deps.db, this.deps.topics.commands, partition);
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
      this.retries.recovered(partition);
    } catch (thrown) {
      // The group moved on: end the batch so kafkajs rejoins.
      if (groupChanged(thrown)) throw thrown;
      // Forget what we hold for this partition: the next try reloads it from Postgres.
      this.owned.delete(partition);
      // Failed before any commit (loading the stored offset, say): counted and recorded here.
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
    const streak = this.retries.record(partition, chunk[0]!.offset, first);
    if (!this.retries.isolateNow(streak, first)) throw new RetryLater(first.error);
    await this.isolate(partition, owned, chunk, first);
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
      return this.retries.counted(partition, error);
    }
  }

  /** Splits `chunk` to find the commands the store refuses; rejects or dead-letters them. */
  private async isolate(
    partition: number,
    owned: OwnedPartition,
    chunk: KafkaMessage[],
    trigger: PartFailure,
  ) {
    const { committer, logger, metrics } = this;
    try {
      await isolateRefusedCommands(
        { committer, logger, metrics, tryCommit: (run) => this.tryCommit(partition, run) },
        { partition, owned, chunk, trigger },
      );
    } catch (error) {
      if (groupChanged(error)) throw error;
      // A failure that may pass stopped the search (counted where it happened): retry.
      this.retries.record(partition, owned.nextOffset ?? chunk[0]!.offset, {
        error,
        failure: classifyFailure(error),
      });
      throw new RetryLater(error);
    }
    this.retries.isolated(partition);
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
            metadata: {
              commandId: randomUUID(),
              auctionId,
              issuedBy: 'system',
              issuedAt: now,
              correlationId: `close-${auctionId}`,
            },
            data: {},
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
