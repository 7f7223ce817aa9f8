/**
 * The partition owner, composed: the partition runner (platform/partition-runner/) runs the
 * commands topic with the command handler; the offset stored in Postgres with the decisions is
 * the truth (on (re)assignment the runner resumes from it, and skips what Kafka redelivers below
 * it); the close timer follows the assignment; the undecided commands feed /health and metrics.
 */
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Consumer, Producer } from 'kafkajs';
import type pg from 'pg';
import type { Logger } from '../platform/logger.js';
import type { TopicNames } from '../contracts/names.js';
import { DeadLetterWriter } from '../platform/partition-runner/dead-letter.js';
import { storedWithEffects } from '../platform/partition-runner/offsets.js';
import type { RetryPolicy } from '../platform/partition-runner/retry-policy.js';
import { PartitionRunner } from '../platform/partition-runner/runner.js';
import type { CommandPublisher } from '../producers/command-publisher.js';
import { BatchCommitter } from './batch-committer.js';
import type { CloseScheduler } from './close-scheduler.js';
import { CloseTimer } from './close-timer.js';
import { CommandHandler } from './command-handler.js';
import type { DecodedCommand } from './command-decoder.js';
import { DEFAULT_AUCTION_LIMITS, type AuctionLimits } from './domain/index.js';
import type { PayloadBuilder } from './event-payloads.js';
import type { ProcessorMetrics } from './processor-metrics.js';
import { loadNextOffset } from './store.js';
import { UndecidedCommands } from './undecided-commands.js';

export interface ProcessorDependencies {
  readonly consumer: Consumer;
  readonly producer: Pick<Producer, 'send'>;
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

export class CommandProcessor {
  readonly undecided = new UndecidedCommands();
  private readonly committer: BatchCommitter;
  private readonly runner: PartitionRunner<DecodedCommand>;
  private readonly closes: CloseTimer;

  constructor(private readonly deps: ProcessorDependencies) {
    const { db, topics, logger, metrics, now } = deps;
    this.committer = new BatchCommitter({
      ...deps,
      limits: deps.limits ?? DEFAULT_AUCTION_LIMITS,
      commitTimeoutMs: deps.commitTimeoutMs ?? 5000,
    });
    this.closes = new CloseTimer({ ...deps, topic: topics.commands });
    this.runner = new PartitionRunner({
      consumer: deps.consumer,
      topic: topics.commands,
      handler: new CommandHandler({ ...deps, committer: this.committer }),
      offsets: storedWithEffects(
        (partition) => loadNextOffset(db, topics.commands, partition),
        logger,
      ),
      deadLetters: new DeadLetterWriter({
        producer: deps.producer,
        topic: topics.commandsDeadLetter,
        source: (partition) => ({
          'dlq.topic': topics.commands,
          'dlq.partition': String(partition),
        }),
      }),
      logger,
      now,
      maxBatch: deps.maxBatch,
      partitionsConsumedConcurrently: deps.partitionsConsumedConcurrently,
      retryPolicy: deps.retryPolicy,
      hooks: {
        assigned: (assigned, revoked) => {
          for (const partition of [...revoked, ...this.undecided.partitions()])
            if (!assigned.has(partition)) this.undecided.cleared(partition);
          void this.closes.assigned(assigned, revoked);
        },
        arrived: (partition) => this.undecided.arrived(partition, now()),
        caughtUp: (partition) => this.undecided.cleared(partition),
        failedTry: (partition, failure) =>
          metrics.failedCommits.inc({
            partition: String(partition),
            retriable: String(failure.kind === 'retriable'),
          }),
        retrying: deps.onRetry,
      },
    });
  }

  /** Commands decided since start, for the periodic progress log and tests. */
  get decided() {
    return this.committer.decided;
  }

  async start() {
    await this.runner.start();
    this.closes.start();
  }

  async stop() {
    this.closes.stop();
    await this.runner.stop();
  }

  /** Each owned partition's next offset: null if none is stored, undefined if not loaded yet. */
  positions(): Map<number, string | null | undefined> {
    return this.runner.positions();
  }

  /** Seconds the oldest undecided command of each owned partition has waited (0: none). */
  undecidedAges(): Map<number, number> {
    return this.undecided.ages(this.runner.assigned, this.deps.now());
  }

  /** Owned partitions whose oldest undecided command has waited longer than `thresholdMs`. */
  stalledPartitions(thresholdMs: number): number[] {
    return this.undecided.stalled(this.runner.assigned, this.deps.now(), thresholdMs);
  }
}
