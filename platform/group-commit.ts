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

export interface GroupLimit<I> {
  /** How much of the limit an item takes (e.g. its messages). */
  readonly weigh: (item: I) => number;
  /** Most weight in one flush; an item heavier than this is flushed alone. */
  readonly max: number;
}

export class GroupCommit<I, O = void> {
  private queue: Waiting<I, O>[] = [];
  private running = false;

  /** `flush` answers one output per item, in the items' order. */
  constructor(
    private readonly flush: Flush<I, O>,
    private readonly limit?: GroupLimit<I>,
  ) {}

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
      const batch = this.next();
      if (await this.settle(batch)) continue;
      if (batch.length === 1) continue;
      for (const waiting of batch) await this.settle([waiting], true);
    }
    this.running = false;
  }

  /** Takes the next group off the queue: all of it, or as much as the limit allows. */
  private next(): Waiting<I, O>[] {
    if (!this.limit) return this.queue.splice(0);
    const { weigh, max } = this.limit;
    let weight = weigh(this.queue[0]!.item);
    let count = 1;
    while (count < this.queue.length) {
      weight += weigh(this.queue[count]!.item);
      if (weight > max) break;
      count += 1;
    }
    return this.queue.splice(0, count);
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
