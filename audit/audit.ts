/**
 * The audit of a set of auctions: reads their decision log, reads their commands from the
 * commands topic while the topic still holds them (one bounded scan per partition, from the
 * earliest create asked for, or the partition's earliest offset, to its high watermark),
 * otherwise takes them from the decision log; then derives each with the reference model and
 * sets the derivation beside what is stored. Read-only throughout.
 */
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Admin, Kafka } from 'kafkajs';
import type pg from 'pg';
import { decodeCommandMessage } from '../contracts/commands.js';
import { compare, type Comparison } from './compare.js';
import { derive, type Derivation } from './derive.js';
import { NotAuditable } from './errors.js';
import type { AuditCommand, AuditRecord } from './record.js';
import { commandsFromLog } from './sources/log-commands.js';
import { scanPartitions, topicBounds, type PartitionBounds } from './sources/partition-scan.js';
import { readDecisionLog } from './sources/read-log.js';
import { fromDecoding } from './sources/topic-commands.js';
import { acceptedCreate, storedRecord, type LoggedAuction } from './stored.js';

/** Where the commands may come from: the topic while it holds them (auto), or only one of the two. */
export type SourceChoice = 'auto' | 'topic' | 'decision-log';

export interface AuditDependencies {
  /** A pool whose sessions are read-only (cli.ts sets default_transaction_read_only). */
  readonly db: pg.Pool;
  /** The topic's clients; not needed with source `decision-log`. */
  readonly kafka?: { readonly kafka: Kafka; readonly admin: Admin } | undefined;
  readonly registry?: Pick<SchemaRegistry, 'decode'> | undefined;
  readonly source: SourceChoice;
  /** Longest one partition scan may take. */
  readonly scanTimeoutMs: number;
}

export interface AuctionAudit {
  readonly auctionId: string;
  readonly record: AuditRecord;
  readonly derivation: Derivation;
  readonly comparison: Comparison;
  readonly matches: boolean;
}

export type AuditResult =
  AuctionAudit | { readonly auctionId: string; readonly notAuditable: string };

export const isAudited = (r: AuditResult): r is AuctionAudit => 'comparison' in r;

/** Audits these auctions (a page of them: the topic is scanned once per partition for all). */
export async function auditAuctions(
  deps: AuditDependencies,
  auctionIds: readonly string[],
): Promise<AuditResult[]> {
  const logs = await readDecisionLog(deps.db, auctionIds);
  const fromTopic =
    deps.source === 'decision-log' ? new Map<string, TopicRead>() : await readTopic(deps, logs);
  const results: AuditResult[] = [];
  for (const auctionId of auctionIds) {
    const log = logs.get(auctionId);
    if (!log) {
      results.push({
        auctionId,
        notAuditable: `${auctionId}: no such auction in the decision log`,
      });
      continue;
    }
    try {
      const record = recordOf(deps.source, log, fromTopic.get(auctionId));
      const derivation = derive(auctionId, record.commands);
      const comparison = compare(record, derivation);
      results.push({
        auctionId,
        record,
        derivation,
        comparison,
        matches: comparison.divergence === undefined,
      });
    } catch (error) {
      if (!(error instanceof NotAuditable)) throw error;
      results.push({ auctionId, notAuditable: error.message });
    }
  }
  return results;
}

/** What the topic gave for one auction: its commands when it still holds them, or why not. */
type TopicRead =
  | { readonly retained: true; readonly commands: AuditCommand[]; readonly note: string }
  | { readonly retained: false; readonly why: string };

function recordOf(
  source: SourceChoice,
  log: LoggedAuction,
  topic: TopicRead | undefined,
): AuditRecord {
  const stored = storedRecord(log);
  if (topic?.retained)
    return { source: 'commands topic', notes: [topic.note], commands: topic.commands, stored };
  const why = topic?.why ?? 'the decision log was asked for';
  if (source === 'topic') throw new NotAuditable(log.auction.auction_id, why);
  const { commands, notes } = commandsFromLog(log);
  return { source: 'decision log', notes: [why, ...notes], commands, stored };
}

/** Where one auction's commands start in its partition, or why the topic cannot give them. */
type Start =
  { readonly from: bigint; readonly createOffset: string | null } | { readonly why: string };

function startOf(log: LoggedAuction, bounds: PartitionBounds | undefined): Start {
  const { partition } = log.auction;
  if (!bounds) return { why: `the commands topic has no partition ${partition}` };
  const createOffset = acceptedCreate(log)?.command_offset ?? null;
  if (createOffset === null) return { from: bounds.low, createOffset };
  if (BigInt(createOffset) < bounds.low)
    return {
      why: `the commands topic no longer holds its commands (partition ${partition} starts at offset ${bounds.low}, its create was at ${createOffset})`,
    };
  return { from: BigInt(createOffset), createOffset };
}

/** Scans each topic's partitions once for all the auctions asked about. */
async function readTopic(
  deps: AuditDependencies,
  logs: ReadonlyMap<string, LoggedAuction>,
): Promise<Map<string, TopicRead>> {
  const reads = new Map<string, TopicRead>();
  const byTopic = new Map<string, LoggedAuction[]>();
  for (const log of logs.values()) {
    const topic = log.auction.commands_topic;
    if (topic === null)
      reads.set(log.auction.auction_id, {
        retained: false,
        why: 'its commands topic is not recorded',
      });
    else if (byTopic.has(topic)) byTopic.get(topic)!.push(log);
    else byTopic.set(topic, [log]);
  }
  if (byTopic.size === 0) return reads;
  if (!deps.kafka || !deps.registry)
    throw new Error('the audit needs Kafka and the schema registry to read the commands topic');
  const { kafka, admin } = deps.kafka;
  for (const [topic, auctions] of byTopic) {
    const bounds = await topicBounds(admin, topic);
    const partitions = new Map<number, { from: bigint; to: bigint; keys: Set<string> }>();
    const starts = new Map<string, { from: bigint; createOffset: string | null }>();
    for (const log of auctions) {
      const id = log.auction.auction_id;
      const partBounds = bounds?.get(log.auction.partition);
      const start: Start = bounds
        ? startOf(log, partBounds)
        : { why: `the commands topic ${topic} does not exist any more` };
      if ('why' in start) {
        reads.set(id, { retained: false, why: start.why });
        continue;
      }
      starts.set(id, start);
      const plan = partitions.get(log.auction.partition) ?? {
        from: start.from,
        to: partBounds!.high,
        keys: new Set<string>(),
      };
      plan.from = start.from < plan.from ? start.from : plan.from;
      plan.keys.add(id);
      partitions.set(log.auction.partition, plan);
    }
    if (!bounds || partitions.size === 0) continue;
    const found = await scanPartitions(kafka, admin, {
      topic,
      partitions,
      bounds,
      timeoutMs: deps.scanTimeoutMs,
    });
    for (const [id, start] of starts) {
      const messages = found.get(id) ?? [];
      const commands: AuditCommand[] = [];
      for (const { message } of messages) {
        if (BigInt(message.offset) < start.from) continue;
        const decoding = await decodeCommandMessage(deps.registry, message);
        commands.push(fromDecoding(decoding, message.offset, Number(message.timestamp)));
      }
      const create = commands.find(
        (c) =>
          c.kind === 'create' && (start.createOffset === null || c.offset === start.createOffset),
      );
      const partition = logs.get(id)!.auction.partition;
      reads.set(
        id,
        create
          ? {
              retained: true,
              commands,
              note: `the topic holds its commands: ${topic} partition ${partition}, offsets ${create.offset} to ${commands.at(-1)!.offset}`,
            }
          : {
              retained: false,
              why: `the commands topic no longer holds its create (${topic} partition ${partition})`,
            },
      );
    }
  }
  return reads;
}
