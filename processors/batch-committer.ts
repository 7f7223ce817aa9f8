/**
 * Decides a run of one partition's commands and commits the decisions, outbox rows and the
 * partition's next offset in one Postgres transaction; or, for a command whose decision the
 * store refused, commits it as a rejection or dead-letters it and commits past it. The owned
 * partition's state changes only after a commit, so a failed try leaves it as it was.
 */
import { randomUUID } from 'node:crypto';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { KafkaMessage, Producer } from 'kafkajs';
import type pg from 'pg';
import type { Logger } from '../platform/logger.js';
import type { TopicNames } from '../contracts/names.js';
import { decideBatch, sellerItemKey, type BatchOutput } from './batch-decider.js';
import type { CloseScheduler } from './close-scheduler.js';
import { decodeCommand, header, type DecodedCommand } from './command-decoder.js';
import { sendToDeadLetter, type DeadLetter } from './dead-letter.js';
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

export interface OwnedPartition {
  nextOffset: string | null;
  /** Open auctions of this partition (closed ones are read from Postgres when named again). */
  readonly auctions: Map<string, StoredAuction>;
  /** Offsets already sent to the dead-letter topic: a retried part does not send them again. */
  readonly deadLettered: Set<string>;
}

export interface CommitterDependencies {
  readonly db: pg.Pool;
  readonly registry: SchemaRegistry;
  readonly producer: Producer;
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

/** A message that was decoded (or not), with where it came from. */
interface Decoded {
  readonly decoded: DecodedCommand[];
  readonly poison: DeadLetter[];
}

export class BatchCommitter {
  /** Commands decided since start, for the periodic progress log and tests. */
  decided = 0;

  constructor(private readonly deps: CommitterDependencies) {}

  /** Decides `messages` (consecutive, from the owned partition's next offset) and commits. */
  async commit(partition: number, owned: OwnedPartition, messages: readonly KafkaMessage[]) {
    const { decoded, poison } = await this.decode(partition, messages);
    const output = await this.decide(partition, owned, decoded);
    // Dead letters first: at worst a crash here sends one twice, never loses one.
    await this.sendDeadLetters(partition, owned, poison);
    await this.write(partition, owned, messages, output, decoded.length);
  }

  /** Commits `message` decided as a rejection (reason `unprocessable`, with `detail`). */
  async commitRefused(
    partition: number,
    owned: OwnedPartition,
    message: KafkaMessage,
    detail: string,
  ) {
    const { decoded, poison } = await this.decode(partition, [message]);
    if (poison.length > 0)
      throw new Error(`offset ${message.offset} cannot be decoded: ${poison[0]!.reason}`);
    const bidIds = decoded.flatMap((d) => ('bidId' in d.command ? [d.command.bidId] : []));
    const [auctions, decidedBids] = await Promise.all([
      this.auctionsFor(owned, decoded),
      loadBidDecisions(this.deps.db, bidIds),
    ]);
    const output = decideBatch({
      ...this.batchBasics(partition),
      commands: decoded,
      auctions,
      // A repeat keeps its first decision.
      decidedBids,
      itemsWithOpenAuctions: new Set(),
      refuseAll: detail,
    });
    await this.write(partition, owned, [message], output, decoded.length);
  }

  /** Sends `message` to the dead-letter topic with `reason`, then commits past it (no decision). */
  async deadLetterAndSkip(
    partition: number,
    owned: OwnedPartition,
    message: KafkaMessage,
    reason: string,
  ) {
    await this.sendDeadLetters(partition, owned, [
      { topic: this.deps.topics.commands, partition, message, reason },
    ]);
    const nothing = decideBatch({
      ...this.batchBasics(partition),
      commands: [],
      auctions: new Map(),
      decidedBids: new Set(),
      itemsWithOpenAuctions: new Set(),
    });
    await this.write(partition, owned, [message], nothing, 0);
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

  private async decode(partition: number, messages: readonly KafkaMessage[]): Promise<Decoded> {
    const decoded: DecodedCommand[] = [];
    const poison: DeadLetter[] = [];
    for (const message of messages) {
      const result = await decodeCommand(this.deps.registry, message);
      if (result.ok) decoded.push(result);
      else
        poison.push({
          topic: this.deps.topics.commands,
          partition,
          message,
          reason: result.reason,
          correlationId: result.correlationId,
        });
    }
    return { decoded, poison };
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

  private async sendDeadLetters(partition: number, owned: OwnedPartition, letters: DeadLetter[]) {
    const fresh = letters.filter((l) => !owned.deadLettered.has(l.message.offset));
    await sendToDeadLetter(this.deps.producer, this.deps.topics.commandsDeadLetter, fresh);
    for (const letter of fresh) {
      owned.deadLettered.add(letter.message.offset);
      this.deps.metrics.poison.inc({ partition: String(partition), outcome: 'dead_lettered' });
      this.deps.logger.warn(
        {
          partition,
          offset: letter.message.offset,
          auctionId: letter.message.key?.toString(),
          commandType: header(letter.message, 'commandType'),
          correlationId: letter.correlationId ?? header(letter.message, 'correlationId'),
          reason: letter.reason,
        },
        'command sent to the dead-letter topic',
      );
    }
  }

  private async write(
    partition: number,
    owned: OwnedPartition,
    messages: readonly KafkaMessage[],
    output: BatchOutput,
    decidedCount: number,
  ) {
    const { db, topics } = this.deps;
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
    owned.nextOffset = nextOffset;
    for (const message of messages) owned.deadLettered.delete(message.offset);
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
