/**
 * What the processor does with a part of a batch the store refused: it searches the part for the
 * commands at fault (poison-isolation.ts), commits each as a rejection (`unprocessable`) or
 * dead-letters it, commits the rest, and logs each command at fault once, by offset and auction.
 */
import type { KafkaMessage } from 'kafkajs';
import type { Logger } from '../platform/logger.js';
import type { BatchCommitter, OwnedPartition } from './batch-committer.js';
import { header } from './command-decoder.js';
import { classifyFailure, type ClassifiedFailure } from './commit-failures.js';
import { isolatePoison } from './poison-isolation.js';
import type { ProcessorMetrics } from './processor-metrics.js';

/** The failure of a part of a batch, classified. */
export interface PartFailure {
  readonly error: unknown;
  readonly failure: ClassifiedFailure;
}

export interface RefusalContext {
  readonly committer: BatchCommitter;
  readonly logger: Logger;
  readonly metrics: ProcessorMetrics;
  /** Runs one commit; its failure is counted and returned, not thrown. */
  readonly tryCommit: (run: () => Promise<void>) => Promise<PartFailure | undefined>;
}

export interface RefusedPart {
  readonly partition: number;
  readonly owned: OwnedPartition;
  readonly chunk: readonly KafkaMessage[];
  /** How the whole part failed. */
  readonly trigger: PartFailure;
}

export const describeFailure = (failure: ClassifiedFailure) =>
  `${failure.code}: ${failure.message}`;

/** Throws a failure that may pass (what was committed so far stays committed). */
export async function isolateRefusedCommands(context: RefusalContext, part: RefusedPart) {
  const { committer, logger, metrics, tryCommit } = context;
  const { partition, owned, chunk, trigger } = part;
  // Only the failure that triggered the search (or one the store gives for the data) marks a
  // command as the cause; a different unknown one, like a lost connection, is retried.
  const causedByCommand = (failure: ClassifiedFailure) =>
    failure.kind === 'permanent' ||
    (failure.kind === 'unknown' && failure.code === trigger.failure.code);
  const counted = async (run: () => Promise<void>) => {
    const failed = await tryCommit(run);
    if (failed) throw failed.error;
  };
  const result = await isolatePoison(chunk, trigger.error, {
    commit: (items) => counted(() => committer.commit(partition, owned, items)),
    reject: (message, failed) =>
      counted(() =>
        committer.commitRefused(
          partition,
          owned,
          message,
          // The store's code, not its message, which may quote the value.
          `the decision could not be stored (${classifyFailure(failed).code})`,
        ),
      ),
    deadLetter: (message, failures) =>
      committer.deadLetterAndSkip(
        partition,
        owned,
        message,
        failures.map((f) => describeFailure(classifyFailure(f))).join('; then: '),
      ),
    passes: (error) => !causedByCommand(classifyFailure(error)),
  });
  for (const { item, failure } of result.rejected) {
    metrics.poison.inc({ partition: String(partition), outcome: 'rejected' });
    logger.warn(
      {
        partition,
        offset: item.offset,
        auctionId: item.key?.toString(),
        commandType: header(item, 'commandType'),
        correlationId: header(item, 'correlationId'),
        failure: describeFailure(classifyFailure(failure)),
      },
      "the store refused this command's decision; decided it as a rejection (unprocessable)",
    );
  }
  logger.info(
    {
      partition,
      from: chunk[0]?.offset,
      to: chunk.at(-1)?.offset,
      rejected: result.rejected.length,
      deadLettered: result.deadLettered.length,
      commits: result.attempts,
    },
    'isolated the commands the store refused; the partition goes on',
  );
}
