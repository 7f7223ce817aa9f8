/**
 * Since when each owned partition has held commands it has not decided: set when a batch brings
 * undecided commands, kept while retries fail, cleared when the batch is committed. This is the
 * processor's own view of "deciding has stopped", for its metrics and its /health.
 */
export class UndecidedCommands {
  private readonly since = new Map<number, number>();

  /** A batch with undecided commands arrived; an older mark stays (they are still undecided). */
  arrived(partition: number, now: number) {
    if (!this.since.has(partition)) this.since.set(partition, now);
  }

  /** Everything the partition held is decided (or the partition is no longer owned). */
  cleared(partition: number) {
    this.since.delete(partition);
  }

  /** The partitions holding undecided commands. */
  partitions(): number[] {
    return [...this.since.keys()];
  }

  /** Age in seconds of the oldest undecided command, per partition in `owned` (0: none). */
  ages(owned: Iterable<number>, now: number): Map<number, number> {
    return new Map(
      [...owned].map((p) => {
        const since = this.since.get(p);
        return [p, since === undefined ? 0 : Math.max(0, now - since) / 1000];
      }),
    );
  }

  /** The partitions whose oldest undecided command has waited longer than `thresholdMs`. */
  stalled(owned: Iterable<number>, now: number, thresholdMs: number): number[] {
    return [...this.ages(owned, now)]
      .filter(([, age]) => age * 1000 > thresholdMs)
      .map(([p]) => p)
      .sort((a, b) => a - b);
  }
}
