/**
 * The close timer: every 200 ms it puts a CloseAuction command into the partition of each
 * auction whose end (plus the grace) has passed (close-scheduler.ts says which). It follows the
 * partition assignment: the open auctions of a partition this member is given are loaded from
 * Postgres, and those of a partition it loses are dropped.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type { Logger } from '../platform/logger.js';
import type { CommandPublisher } from '../producers/command-publisher.js';
import type { CloseScheduler } from './close-scheduler.js';
import { openAuctionsOf } from './store.js';

export interface CloseTimerDependencies {
  readonly scheduler: CloseScheduler;
  readonly publisher: CommandPublisher;
  readonly db: pg.Pool;
  /** The commands topic. */
  readonly topic: string;
  readonly logger: Logger;
  readonly now: () => number;
}

export class CloseTimer {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly deps: CloseTimerDependencies) {}

  start() {
    this.timer = setInterval(() => void this.requestDueCloses(), 200);
  }

  stop() {
    this.stopped = true;
    clearInterval(this.timer);
  }

  /** Drops the auctions of `revoked` partitions and schedules the closes of the `assigned` ones. */
  async assigned(assigned: ReadonlySet<number>, revoked: readonly number[]) {
    for (const partition of revoked) this.deps.scheduler.forgetPartition(partition);
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
        return await openAuctionsOf(this.deps.db, this.deps.topic, partition);
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
