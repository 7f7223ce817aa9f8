/**
 * The partition owner. kafkajs hands it each partition's commands in log order; it decides
 * them (batch-decider), then commits decisions, outbox rows and the partition's next offset
 * in one Postgres transaction. The offset stored in Postgres is the truth: on (re)assignment
 * the owner resumes from it, and anything Kafka redelivers below it is skipped.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Consumer, EachBatchPayload, KafkaMessage, Producer } from 'kafkajs';
import type pg from 'pg';
import type { Logger } from '../platform/logger.js';
import type { TopicNames } from '../platform/topics.js';
import type { CommandPublisher } from '../producers/command-publisher.js';
import { decideBatch, type CommandOutcome } from './batch-decider.js';
import type { CloseScheduler } from './close-scheduler.js';
import { decodeCommand, type DecodedCommand } from './command-decoder.js';
import { sendToDeadLetter, type DeadLetter } from './dead-letter.js';
import type { PayloadBuilder } from './event-payloads.js';
import { recordCommittedBatch, type ProcessorMetrics } from './processor-metrics.js';
import {
  commitBatch,
  itemsWithOpenAuctions,
  loadAuctions,
  loadBidDecisions,
  loadNextOffset,
  openAuctionsOf,
  type StoredAuction,
} from './store.js';

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
  /** Told each time a failed batch is tried again: a consumer busy retrying has not stalled. */
  readonly onRetry?: () => void;
}

interface OwnedPartition {
  nextOffset: string | null;
  /** Open auctions of this partition (closed ones are read from Postgres when named again). */
  readonly auctions: Map<string, StoredAuction>;
}

/** Tries of one batch before kafkajs is told (about two minutes, one second apart). */
const BATCH_ATTEMPTS = 120;

/** Heartbeat answers meaning this member must rejoin the group before it may go on. */
const GROUP_CHANGED = new Set([
  'REBALANCE_IN_PROGRESS',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
  'NOT_COORDINATOR_FOR_GROUP',
]);
const groupChanged = (error: unknown) =>
  GROUP_CHANGED.has(String((error as { type?: unknown } | null)?.type));

export class CommandProcessor {
  private readonly owned = new Map<number, OwnedPartition>();
  /** The partitions the group gave this member at its last join. */
  private assigned: ReadonlySet<number> = new Set();
  private closeTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Commands decided since start, for the periodic progress log and tests. */
  decided = 0;

  constructor(private readonly deps: ProcessorDependencies) {}

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
    await this.deps.consumer.disconnect();
  }

  /** Each owned partition's next offset: null if none is stored, undefined if not loaded yet. */
  positions(): Map<number, string | null | undefined> {
    return new Map([...this.assigned].map((p) => [p, this.owned.get(p)?.nextOffset]));
  }

  /** Keeps only the partitions this member owns now, and schedules the closes of new ones. */
  private async onAssignment(assigned: Set<number>) {
    this.assigned = assigned;
    for (const partition of [...this.owned.keys()]) {
      if (!assigned.has(partition)) {
        this.owned.delete(partition);
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
      };
      this.owned.set(partition, owned);
    }
    return owned;
  }

  /**
   * Decides a batch; if that fails (Postgres or the registry unreachable, say), tries again from
   * the stored offset every second for a while, heart-beating, before handing the error to
   * kafkajs. Left to kafkajs alone, an outage longer than its few quick retries crashes the
   * consumer, and it was seen not to come back.
   */
  private async handleBatch(payload: EachBatchPayload) {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.decideBatch(payload);
      } catch (error) {
        const partition = payload.batch.partition;
        // Forget what we hold for this partition: the next try reloads it from Postgres.
        this.owned.delete(partition);
        const giveUp = attempt >= BATCH_ATTEMPTS || !payload.isRunning() || payload.isStale();
        this.deps.logger.warn(
          { err: error, partition, attempt },
          giveUp
            ? 'batch not committed; kafkajs retries it from the stored offset'
            : 'batch not committed; trying again from the stored offset in 1 s',
        );
        if (giveUp) throw error;
        await sleep(1000);
        this.deps.onRetry?.();
        await payload.heartbeat().catch((heartbeatError: unknown) => {
          // The group moved on: end the batch so kafkajs rejoins; anything else, try again.
          if (groupChanged(heartbeatError)) throw heartbeatError;
        });
      }
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
    for (let start = 0; start < messages.length; start += this.deps.maxBatch) {
      if (payload.isStale()) return;
      // Stopping: what is committed stays, and its offset is still mirrored below.
      if (!payload.isRunning()) break;
      const chunk = messages.slice(start, start + this.deps.maxBatch);
      await this.decideAndCommit(partition, owned, chunk);
      payload.resolveOffset(chunk.at(-1)!.offset);
      await payload.heartbeat();
    }
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

  private async decideAndCommit(
    partition: number,
    owned: OwnedPartition,
    messages: readonly KafkaMessage[],
  ) {
    const { db, registry, topics, producer } = this.deps;
    const decoded: DecodedCommand[] = [];
    const poison: DeadLetter[] = [];
    for (const message of messages) {
      const result = await decodeCommand(registry, message);
      if (result.ok) decoded.push(result);
      else
        poison.push({
          topic: topics.commands,
          partition,
          message,
          reason: result.reason,
          correlationId: result.correlationId,
        });
    }

    const missing = [...new Set(decoded.map((d) => d.command.auctionId))].filter(
      (id) => !owned.auctions.has(id),
    );
    const loaded = await loadAuctions(db, missing);
    const auctions = new Map([...owned.auctions, ...loaded]);
    const bidIds = decoded.flatMap((d) =>
      d.command.type === 'PlaceBid' || d.command.type === 'BuyNow' ? [d.command.bidId] : [],
    );
    const itemIds = decoded.flatMap((d) =>
      d.command.type === 'CreateAuction' ? [d.command.itemId] : [],
    );
    const [decidedBids, openItems] = await Promise.all([
      loadBidDecisions(db, bidIds),
      itemsWithOpenAuctions(db, itemIds),
    ]);

    const output = decideBatch({
      partition,
      aggregateType: this.deps.aggregateType,
      now: this.deps.now(),
      commands: decoded,
      auctions,
      decidedBids,
      itemsWithOpenAuctions: openItems,
      newEventId: randomUUID,
      buildPayload: this.deps.buildPayload,
    });

    // Dead letters first: at worst a crash here sends one twice, never loses one.
    await sendToDeadLetter(producer, topics.commandsDeadLetter, poison);
    for (const letter of poison) {
      this.deps.logger.warn(
        {
          partition,
          offset: letter.message.offset,
          reason: letter.reason,
          correlationId: letter.correlationId,
        },
        'poison command sent to the dead-letter topic',
      );
    }

    const nextOffset = String(BigInt(messages.at(-1)!.offset) + 1n);
    const commitStart = performance.now();
    const client = await db.connect();
    try {
      await commitBatch(client, {
        topic: topics.commands,
        partition,
        expectedOffset: owned.nextOffset,
        nextOffset,
        auctions: output.auctionRows,
        bidDecisions: output.bidDecisions,
        commandDecisions: output.commandDecisions,
        outbox: output.outbox,
      });
    } finally {
      client.release();
    }

    this.afterCommit(partition, output.outcomes, (performance.now() - commitStart) / 1000);
    owned.nextOffset = nextOffset;
    for (const [auctionId, stored] of output.auctions) {
      if (stored.state.status === 'open') {
        owned.auctions.set(auctionId, stored);
        this.deps.scheduler.track(auctionId, partition, stored.state.endsAt);
      } else {
        owned.auctions.delete(auctionId);
        this.deps.scheduler.forget(auctionId);
      }
    }
    this.decided += decoded.length;
  }

  /** Metrics and, at debug level, one log line per command with its correlation id. */
  private afterCommit(partition: number, outcomes: readonly CommandOutcome[], seconds: number) {
    recordCommittedBatch(this.deps.metrics, outcomes, this.deps.now(), seconds);
    const { logger } = this.deps;
    // Checked once per batch: building the fields costs more than the disabled call.
    if (!logger.isLevelEnabled('debug')) return;
    for (const o of outcomes) {
      logger.debug(
        {
          correlationId: o.correlationId,
          commandId: o.commandId,
          commandType: o.commandType,
          auctionId: o.auctionId,
          partition,
          outcome: o.outcome,
          reason: o.reason,
        },
        'command decided',
      );
    }
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
