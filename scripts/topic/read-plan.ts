/**
 * Where each partition is read from and when the reading is done: without --follow at the end
 * of every partition as it was when the command started (its high watermark then), or after
 * --count messages; with --follow only after --count messages (or Ctrl-C).
 */
import type { StartAt } from './arguments.js';

/** A partition's offsets when the command starts: the first it holds and the next to come. */
export interface PartitionBounds {
  readonly partition: number;
  readonly low: bigint;
  readonly high: bigint;
}

/** The first offset to read in a partition, kept within what it holds. */
export function startOffset(bounds: PartitionBounds, from: StartAt): bigint {
  const within = (offset: bigint) =>
    offset < bounds.low ? bounds.low : offset > bounds.high ? bounds.high : offset;
  switch (from.kind) {
    case 'beginning':
      return bounds.low;
    case 'end':
      return bounds.high;
    case 'offset':
      return within(from.offset);
    case 'last':
      return within(bounds.high - from.count);
    default: {
      const never: never = from;
      throw new Error(`unknown start ${JSON.stringify(never)}`);
    }
  }
}

export class ReadPlan {
  /** The next offset to print in each partition. */
  private readonly next = new Map<number, bigint>();
  /** Where each partition ends for this reading (without --follow). */
  private readonly ends = new Map<number, bigint>();
  private printed = 0;

  constructor(
    partitions: readonly PartitionBounds[],
    from: StartAt,
    private readonly options: { readonly count: number | undefined; readonly follow: boolean },
  ) {
    for (const bounds of partitions) {
      this.next.set(bounds.partition, startOffset(bounds, from));
      this.ends.set(bounds.partition, bounds.high);
    }
  }

  /** The first offset to read in each partition. */
  starts(): ReadonlyMap<number, bigint> {
    return new Map(this.next);
  }

  /**
   * Whether to print this message. No: one before the start (or seen already), one past the
   * partition's end without --follow, or any once --count messages are out.
   */
  accept(partition: number, offset: bigint): boolean {
    if (this.countReached()) return false;
    const next = this.next.get(partition);
    if (next === undefined) {
      // A partition added while reading: only --follow reads it, from its first message.
      if (!this.options.follow) return false;
    } else if (offset < next) return false;
    if (!this.options.follow && offset >= (this.ends.get(partition) ?? 0n)) return false;
    this.next.set(partition, offset + 1n);
    this.printed += 1;
    return true;
  }

  /**
   * The consumer has gone past `offset` in this partition without a message to print (records
   * it filters out, such as transaction markers): the end can be reached without one.
   */
  passed(partition: number, offset: bigint) {
    const next = this.next.get(partition);
    if (next !== undefined && offset + 1n > next) this.next.set(partition, offset + 1n);
  }

  get count(): number {
    return this.printed;
  }

  /** Nothing more to print: --count reached, or (without --follow) every partition at its end. */
  get finished(): boolean {
    if (this.countReached()) return true;
    if (this.options.follow) return false;
    return [...this.ends].every(([partition, end]) => (this.next.get(partition) ?? end) >= end);
  }

  private countReached() {
    return this.options.count !== undefined && this.printed >= this.options.count;
  }
}
