/**
 * Group commit: callers submit one item each and wait for it; one flush at a time handles, as
 * one batch, everything that arrived while the last flush ran. A batch therefore costs no
 * latency at a low rate (an item alone is flushed on the next turn of the event loop) and grows
 * by itself under load: the processor's partitions of one Kafka fetch share one transaction,
 * the sinks' one store write, the consumers' offsets one request.
 *
 * A failed batch of several items is flushed again one item at a time, so that each caller
 * learns its own outcome: one partition's poison or fence never fails another's part.
 */

export type Flush<I, O> = (items: readonly I[]) => Promise<readonly O[]>;

interface Waiting<I, O> {
  readonly item: I;
  readonly resolve: (output: O) => void;
  readonly reject: (error: unknown) => void;
}

export class GroupCommit<I, O = void> {
  private queue: Waiting<I, O>[] = [];
  private running = false;

  /** `flush` answers one output per item, in the items' order. */
  constructor(private readonly flush: Flush<I, O>) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain() {
    this.running = true;
    // Whatever else is submitted in this turn of the event loop joins the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      if (await this.settle(batch)) continue;
      if (batch.length === 1) continue;
      for (const waiting of batch) await this.settle([waiting], true);
    }
    this.running = false;
  }

  /**
   * Flushes `batch` and settles its callers; false if it failed with more than one item (the
   * callers are then left to a flush of their own). `alone`: settle even on failure.
   */
  private async settle(batch: readonly Waiting<I, O>[], alone = batch.length === 1) {
    try {
      const outputs = await this.flush(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(outputs[i] as O));
      return true;
    } catch (error) {
      if (!alone) return false;
      for (const w of batch) w.reject(error);
      return true;
    }
  }
}
