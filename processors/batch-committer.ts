/**
 * Decides runs of commands and commits the decisions, events and each partition's next
 * offset in one Postgres transaction: the runs every partition hands in while the last commit
 * runs (one Kafka fetch, under load) form one group, loaded with one query per table, decided
 * part by part in log order, written with one call. For a command whose decision the store
 * refused, commits it alone as a rejection. An owned partition's state changes only after a
 * commit, so a failed try leaves it as it was.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { GroupCommit } from '../platform/group-commit.js';
import type { Logger } from '../platform/logger.js';
import type { TopicNames } from '../contracts/names.js';
import type { Part } from '../platform/partition-runner/handler.js';
import { decideBatch, sellerItemKey, type BatchOutput } from './batch-decider.js';
import type { CloseScheduler } from './close-scheduler.js';
import type { DecodedCommand } from './command-decoder.js';
import type { AuctionLimits } from './domain/index.js';
import type { PayloadBuilder } from './event-payloads.js';
import { recordCommittedBatch, type ProcessorMetrics } from './processor-metrics.js';
import {
  commitBatch,
  itemsWithOpenAuctions,
  loadAuctions,
  loadBidDecisions,
  type StoredAuction,
} from './store.js';

const bidIdsOf = (decoded: readonly DecodedCommand[]) =>
  decoded.flatMap((d) =>
    d.command.type === 'PlaceBid' || d.command.type === 'BuyNow' ? [d.command.bidId] : [],
  );

/** A partition's auctions, then those loaded for its group: looked up, never copied. */
const heldOrLoaded = (owned: OwnedPartition, loaded: ReadonlyMap<string, StoredAuction>) => ({
  get: (auctionId: string) => owned.auctions.get(auctionId) ?? loaded.get(auctionId),
});

/** What the processor holds for a partition it owns (its position is the runner's). */
export interface OwnedPartition {
  /** Open auctions of this partition (closed ones are read from Postgres when named again). */
  readonly auctions: Map<string, StoredAuction>;
}

export interface CommitterDependencies {
  readonly db: pg.Pool;
  readonly topics: TopicNames;
  readonly aggregateType: string;
  readonly buildPayload: PayloadBuilder;
  readonly scheduler: CloseScheduler;
  readonly logger: Logger;
  readonly now: () => number;
  readonly metrics: ProcessorMetrics;
  readonly limits: AuctionLimits;
  /** Longest a commit's statements may wait (a lock, a slow disk) before the try is given up. */
  readonly commitTimeoutMs: number;
  /** Most commands decided and committed in one transaction. */
  readonly maxBatch: number;
}

/** One partition's part waiting for the next group commit. */
interface Submitted {
  readonly part: Part<DecodedCommand>;
  readonly owned: OwnedPartition;
}

/** A part decided, ready to be written with the others of its group. */
interface Decided extends Submitted {
  readonly output: BatchOutput;
}

export class BatchCommitter {
  /** Commands decided since start, for the periodic progress log and tests. */
  decided = 0;
  /**
   * The parts every partition hands in while a commit runs are decided and committed together:
   * one fetch of several partitions is one transaction. A group that fails is committed part by
   * part, so a fence or a poison command stays its own partition's failure.
   */
  private readonly group: GroupCommit<Submitted, undefined>;

  constructor(private readonly deps: CommitterDependencies) {
    // A transaction of at most `maxBatch` commands, so that a commit stays well inside its timeout.
    this.group = new GroupCommit((parts) => this.commitGroup(parts), {
      weigh: ({ part }) => part.messages.length,
      max: deps.maxBatch,
    });
  }

  /** Decides the part's commands (consecutive, from the partition's stored offset) and commits. */
  commit(part: Part<DecodedCommand>, owned: OwnedPartition): Promise<void> {
    return this.group.submit({ part, owned });
  }

  /** Commits the part's one command decided as a rejection (reason `unprocessable`, with `detail`). */
  async commitRefused(part: Part<DecodedCommand>, owned: OwnedPartition, detail: string) {
    const decoded = part.items.map((i) => i.value);
    if (decoded.length !== part.messages.length)
      throw new Error(`offset ${part.messages[0]?.offset} cannot be decoded`);
    const [loaded, decidedBids] = await Promise.all([
      this.missingAuctions([{ part, owned }]),
      loadBidDecisions(this.deps.db, bidIdsOf(decoded)),
    ]);
    const output = decideBatch({
      ...this.batchBasics(part.partition),
      commands: decoded,
      offsets: part.items.map((i) => i.message.offset),
      auctions: heldOrLoaded(owned, loaded),
      // A repeat keeps its first decision.
      decidedBids,
      itemsWithOpenAuctions: new Set(),
      refuseAll: detail,
    });
    await this.write([{ part, owned, output }]);
  }

  private batchBasics(partition: number) {
    return {
      partition,
      aggregateType: this.deps.aggregateType,
      now: this.deps.now(),
      newEventId: randomUUID,
      buildPayload: this.deps.buildPayload,
      limits: this.deps.limits,
    };
  }

  /** The auctions the parts name that their partitions do not hold (closed ones, or new). */
  private missingAuctions(parts: readonly Submitted[]) {
    const missing = new Set<string>();
    for (const { part, owned } of parts)
      for (const { value } of part.items)
        if (!owned.auctions.has(value.command.auctionId)) missing.add(value.command.auctionId);
    return loadAuctions(this.deps.db, [...missing]);
  }

  /** Loads what the group's decisions need in one query each, decides each part, commits all. */
  private async commitGroup(parts: readonly Submitted[]) {
    const decoded = parts.flatMap(({ part }) => part.items.map((i) => i.value));
    const items = decoded.flatMap((d) =>
      d.command.type === 'CreateAuction'
        ? [{ sellerId: d.command.sellerId, itemId: d.command.itemId }]
        : [],
    );
    const [loaded, decidedBids, openItems] = await Promise.all([
      this.missingAuctions(parts),
      loadBidDecisions(this.deps.db, bidIdsOf(decoded)),
      itemsWithOpenAuctions(this.deps.db, items, sellerItemKey),
    ]);
    const decided = parts.map(({ part, owned }) => ({
      part,
      owned,
      output: decideBatch({
        ...this.batchBasics(part.partition),
        commands: part.items.map((i) => i.value),
        offsets: part.items.map((i) => i.message.offset),
        auctions: heldOrLoaded(owned, loaded),
        decidedBids,
        itemsWithOpenAuctions: openItems,
      }),
    }));
    await this.write(decided);
    return parts.map(() => undefined);
  }

  private async write(decided: readonly Decided[]) {
    const { db, topics } = this.deps;
    const outputs = decided.map((d) => d.output);
    const commitStart = performance.now();
    const client = await db.connect();
    try {
      await commitBatch(client, {
        topic: topics.commands,
        partitions: decided.map(({ part }) => ({
          partition: part.partition,
          expectedOffset: part.from ?? null,
          nextOffset: String(BigInt(part.messages.at(-1)!.offset) + 1n),
        })),
        auctions: outputs.flatMap((o) => o.auctionRows),
        bidDecisions: outputs.flatMap((o) => o.bidDecisions),
        commandDecisions: outputs.flatMap((o) => o.commandDecisions),
        events: outputs.flatMap((o) => o.events),
        statementTimeoutMs: this.deps.commitTimeoutMs,
      });
    } finally {
      client.release();
    }
    recordCommittedBatch(
      this.deps.metrics,
      outputs.flatMap((o) => o.outcomes),
      this.deps.now(),
      (performance.now() - commitStart) / 1000,
    );
    for (const { part, owned, output } of decided) {
      this.logDecisions(part.partition, output);
      this.remember(part.partition, owned, output);
      this.decided += part.items.length;
    }
  }

  /** After the commit: the partition holds its open auctions and times their closes. */
  private remember(partition: number, owned: OwnedPartition, output: BatchOutput) {
    for (const [auctionId, stored] of output.auctions) {
      if (stored.state.status === 'open') {
        owned.auctions.set(auctionId, stored);
        this.deps.scheduler.track(auctionId, partition, stored.state.endsAt);
      } else {
        owned.auctions.delete(auctionId);
        this.deps.scheduler.forget(auctionId);
      }
    }
  }

  /** At debug level, one log line per command with its correlation id. */
  private logDecisions(partition: number, output: BatchOutput) {
    const { logger } = this.deps;
    // Checked once per batch: building the fields costs more than the disabled call.
    if (!logger.isLevelEnabled('debug')) return;
    for (const o of output.outcomes) {
      logger.debug(
        {
          correlationId: o.correlationId,
          commandId: o.commandId,
          commandType: o.commandType,
          auctionId: o.auctionId,
          partition,
          outcome: o.outcome,
          reason: o.reason,
          detail: o.detail,
        },
        'command decided',
      );
    }
  }
}
