/**
 * The processor as a handler of the partition runner: decodes commands, decides and commits each
 * part through the batch committer, commits a command the store refused as a rejection, and logs
 * and counts the commands it could not use.
 */
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { KafkaMessage } from 'kafkajs';
import type { Logger } from '../platform/logger.js';
import type { DeadLetter } from '../platform/partition-runner/dead-letter.js';
import type { Decoding, Part, PartitionHandler } from '../platform/partition-runner/handler.js';
import {
  describeFailure,
  type ClassifiedFailure,
} from '../platform/partition-runner/retry-policy.js';
import type { BatchCommitter, OwnedPartition } from './batch-committer.js';
import { decodeCommand, header, type DecodedCommand } from './command-decoder.js';
import type { ProcessorMetrics } from './processor-metrics.js';

export interface CommandHandlerDependencies {
  readonly registry: SchemaRegistry;
  readonly committer: BatchCommitter;
  readonly logger: Logger;
  readonly metrics: ProcessorMetrics;
}

export class CommandHandler implements PartitionHandler<DecodedCommand> {
  private readonly owned = new Map<number, OwnedPartition>();

  constructor(private readonly deps: CommandHandlerDependencies) {}

  async decode(message: KafkaMessage): Promise<Decoding<DecodedCommand>> {
    const result = await decodeCommand(this.deps.registry, message);
    return result.ok ? { ok: true, value: result } : result;
  }

  handle(part: Part<DecodedCommand>) {
    return this.deps.committer.commit(part, this.ownedOf(part.partition));
  }

  async refuse(part: Part<DecodedCommand>, failure: ClassifiedFailure) {
    // The store's code, not its message, which may quote the value.
    const detail = `the decision could not be stored (${failure.code})`;
    await this.deps.committer.commitRefused(part, this.ownedOf(part.partition), detail);
    const { partition } = part;
    const message = part.messages[0]!;
    this.deps.metrics.poison.inc({ partition: String(partition), outcome: 'rejected' });
    this.deps.logger.warn(
      {
        partition,
        offset: message.offset,
        auctionId: message.key?.toString(),
        commandType: header(message, 'commandType'),
        correlationId: header(message, 'correlationId'),
        failure: describeFailure(failure),
      },
      "the store refused this command's decision; decided it as a rejection (unprocessable)",
    );
  }

  deadLettered({ partition, message, reason, correlationId }: DeadLetter) {
    this.deps.metrics.poison.inc({ partition: String(partition), outcome: 'dead_lettered' });
    this.deps.logger.warn(
      {
        partition,
        offset: message.offset,
        auctionId: message.key?.toString(),
        commandType: header(message, 'commandType'),
        correlationId: correlationId ?? header(message, 'correlationId'),
        reason,
      },
      'command sent to the dead-letter topic',
    );
  }

  forget(partition: number) {
    this.owned.delete(partition);
  }

  private ownedOf(partition: number): OwnedPartition {
    let owned = this.owned.get(partition);
    if (!owned) {
      owned = { auctions: new Map() };
      this.owned.set(partition, owned);
    }
    return owned;
  }
}
