/**
 * The publishes still waiting for the broker, each told it failed once its deadline passes: one
 * timer for all of them instead of one per command (a timer set and cleared per command was a
 * visible part of the gateway's cost per bid). Deadlines are added in increasing order, so the
 * oldest unsettled publish is always the next to expire.
 */

/** One publish waiting for its acknowledgement; settled once, by its send or its deadline. */
export interface Waiting {
  readonly deadline: number;
  settled: boolean;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/** Past this many settled entries at the front, the list is cut (amortised, not per publish). */
const COMPACT_AFTER = 1024;

export class AckDeadlines {
  private entries: Waiting[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly timeoutMs: number,
    /** The error a publish past its deadline is rejected with. */
    private readonly expired: () => Error,
  ) {}

  /** Starts the clock on one publish. */
  add(resolve: () => void, reject: (error: Error) => void): Waiting {
    const waiting: Waiting = {
      deadline: performance.now() + this.timeoutMs,
      settled: false,
      resolve,
      reject,
    };
    this.entries.push(waiting);
    this.timer ??= setTimeout(this.sweep, this.timeoutMs);
    return waiting;
  }

  /** Resolves `waiting` unless its deadline already rejected it. */
  static resolve(waiting: Waiting) {
    if (waiting.settled) return;
    waiting.settled = true;
    waiting.resolve();
  }

  /** Rejects `waiting` unless it was settled already. */
  static reject(waiting: Waiting, error: Error) {
    if (waiting.settled) return;
    waiting.settled = true;
    waiting.reject(error);
  }

  private readonly sweep = () => {
    this.timer = undefined;
    const now = performance.now();
    while (this.head < this.entries.length) {
      const waiting = this.entries[this.head]!;
      if (!waiting.settled && waiting.deadline > now) break;
      AckDeadlines.reject(waiting, this.expired());
      this.head++;
    }
    if (this.head === this.entries.length) {
      this.entries = [];
      this.head = 0;
      return;
    }
    if (this.head > COMPACT_AFTER) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    // The oldest still waiting may have been settled meanwhile: then this wakes early, sweeps it
    // and sleeps again (at most once per timeout under steady load).
    this.timer = setTimeout(this.sweep, Math.max(0, this.entries[this.head]!.deadline - now));
  };
}
