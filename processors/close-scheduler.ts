/**
 * Closing happens in log order: when an auction's end (plus a grace for bids the gateway
 * stamped just before it) has passed, the partition's owner puts a CloseAuction command into
 * the auction's own partition. If an extension moved the end meanwhile, the decider ignores the
 * close and the auction is simply scheduled again at its new end.
 */
export interface CloseSchedulerOptions {
  readonly graceMs: number;
  /** How long to wait for a requested close to be decided before asking again. */
  readonly retryMs: number;
}

export class CloseScheduler {
  /** auctionId → { partition, endsAt, requestedAt } */
  private readonly due = new Map<
    string,
    { partition: number; endsAt: number; requestedAt?: number }
  >();

  constructor(private readonly options: CloseSchedulerOptions) {}

  /** Tracks an open auction's (possibly new) end. */
  track(auctionId: string, partition: number, endsAt: number) {
    this.due.set(auctionId, { partition, endsAt });
  }

  forget(auctionId: string) {
    this.due.delete(auctionId);
  }

  /** Drops every auction of a partition this process no longer owns. */
  forgetPartition(partition: number) {
    for (const [id, entry] of this.due) if (entry.partition === partition) this.due.delete(id);
  }

  /** The auctions whose close should be requested now; marks them as requested. */
  takeDue(now: number): string[] {
    const ids: string[] = [];
    for (const [id, entry] of this.due) {
      const dueAt = entry.endsAt + this.options.graceMs;
      const retryAt = (entry.requestedAt ?? -Infinity) + this.options.retryMs;
      if (now >= dueAt && now >= retryAt) {
        entry.requestedAt = now;
        ids.push(id);
      }
    }
    return ids;
  }

  get size() {
    return this.due.size;
  }
}
