/**
 * Decides a run of one partition's commands and commits the decisions, outbox rows and the
 * partition's next offset in one Postgres transaction; or, for a command whose decision the
 * store refused, commits it as a rejection. The owned partition's state changes only after a
 * commit, so a failed try leaves it as it was.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
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
}

export class BatchCommitter {
  /** Commands decided since start, for the periodic progress log and tests. */
  decided = 0;

  constructor(private readonly deps: CommitterDependencies) {}

  /** Decides the part's commands (consecutive, from the partition's stored offset) and commits. */
  async commit(part: Part<DecodedCommand>, owned: OwnedPartition) {
    const decoded = part.items.map((i) => i.value);
    const output = await this.decide(part.partition, owned, decoded);
    await this.write(part, owned, output, decoded.length);
  }

  /** Commits the part's one command decided as a rejection (reason `unprocessable`, with `detail`). */
  async commitRefused(part: Part<DecodedCommand>, owned: OwnedPartition, detail: string) {
    const decoded = part.items.map((i) => i.value);
    if (decoded.length !== part.messages.length)
      throw new Error(`offset ${part.messages[0]?.offset} cannot be decoded`);
    const bidIds = decoded.flatMap((d) => ('bidId' in d.command ? [d.command.bidId] : []));
    const [auctions, decidedBids] = await Promise.all([
      this.auctionsFor(owned, decoded),
      loadBidDecisions(this.deps.db, bidIds),
    ]);
    const output = decideBatch({
      ...this.batchBasics(part.partition),
      commands: decoded,
      auctions,
      // A repeat keeps its first decision.
      decidedBids,
      itemsWithOpenAuctions: new Set(),
      refuseAll: detail,
    });
    await this.write(part, owned, output, decoded.length);
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

  private async auctionsFor(owned: OwnedPartition, decoded: readonly DecodedCommand[]) {
    const missing = [...new Set(decoded.map((d) => d.command.auctionId))].filter(
      (id) => !owned.auctions.has(id),
    );
    const loaded = await loadAuctions(this.deps.db, missing);
    return new Map([...owned.auctions, ...loaded]);
  }

  private async decide(
    partition: number,
    owned: OwnedPartition,
    decoded: readonly DecodedCommand[],
  ) {
    const { db } = this.deps;
    const bidIds = decoded.flatMap((d) =>
      d.command.type === 'PlaceBid' || d.command.type === 'BuyNow' ? [d.command.bidId] : [],
    );
    const items = decoded.flatMap((d) =>
      d.command.type === 'CreateAuction'
        ? [{ sellerId: d.command.sellerId, itemId: d.command.itemId }]
        : [],
    );
    const [auctions, decidedBids, openItems] = await Promise.all([
      this.auctionsFor(owned, decoded),
      loadBidDecisions(db, bidIds),
      itemsWithOpenAuctions(db, items, sellerItemKey),
    ]);
    return decideBatch({
      ...this.batchBasics(partition),
      commands: decoded,
      auctions,
      decidedBids,
      itemsWithOpenAuctions: openItems,
    });
  }

  private async write(
    part: Part<DecodedCommand>,
    owned: OwnedPartition,
    output: BatchOutput,
    decidedCount: number,
  ) {
    const { db, topics } = this.deps;
    const { partition } = part;
    const nextOffset = String(BigInt(part.messages.at(-1)!.offset) + 1n);
    const commitStart = performance.now();
    const client = await db.connect();
    try {
      await commitBatch(client, {
        topic: topics.commands,
        partition,
        expectedOffset: part.from ?? null,
        nextOffset,
        auctions: output.auctionRows,
        bidDecisions: output.bidDecisions,
        commandDecisions: output.commandDecisions,
        outbox: output.outbox,
        statementTimeoutMs: this.deps.commitTimeoutMs,
      });
    } finally {
      client.release();
    }
    recordCommittedBatch(
      this.deps.metrics,
      output.outcomes,
      this.deps.now(),
      (performance.now() - commitStart) / 1000,
    );
    this.logDecisions(partition, output);
    for (const [auctionId, stored] of output.auctions) {
      if (stored.state.status === 'open') {
        owned.auctions.set(auctionId, stored);
        this.deps.scheduler.track(auctionId, partition, stored.state.endsAt);
      } else {
        owned.auctions.delete(auctionId);
        this.deps.scheduler.forget(auctionId);
      }
    }
    this.decided += decidedCount;
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
