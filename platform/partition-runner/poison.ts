/**
 * Poison isolation. Finds the messages of a batch whose effects the store refuses, and commits
 * everything else. Pure over its ports: the batch is split in halves, in log order, until each
 * failing part is one message; that message is handled as refused (the processor decides it as a
 * rejection), or, if even that cannot be committed, dead-lettered (and its offset passed). A
 * failure that may pass on a retry stops the search and is thrown: what was committed stays
 * committed, and the retry resumes from there.
 */
import {
  classifyFailure,
  describeFailure,
  type ClassifiedFailure,
  type PartFailure,
} from './retry-policy.js';

export interface IsolationPorts<T> {
  /** Decides and commits `items` (consecutive, in log order) as usual. */
  commit(items: readonly T[]): Promise<void>;
  /** Commits `item` decided as a rejection naming `failure`. */
  reject(item: T, failure: unknown): Promise<void>;
  /** Sends `item` to the dead-letter topic and commits past it. */
  deadLetter(item: T, failures: readonly unknown[]): Promise<void>;
  /** The failure may pass on a retry (not caused by these commands). */
  passes(error: unknown): boolean;
}

export interface Isolated<T> {
  readonly rejected: { readonly item: T; readonly failure: unknown }[];
  readonly deadLettered: { readonly item: T; readonly failures: readonly unknown[] }[];
  /** Commits tried, successful or not (the cost of the search). */
  attempts: number;
}

/** `items` failed to commit as a whole with `failure` (not a passing one). */
export async function isolatePoison<T>(
  items: readonly T[],
  failure: unknown,
  ports: IsolationPorts<T>,
): Promise<Isolated<T>> {
  const result: Isolated<T> = { rejected: [], deadLettered: [], attempts: 0 };

  const attempt = async (run: () => Promise<void>): Promise<unknown> => {
    result.attempts += 1;
    try {
      await run();
      return undefined;
    } catch (error) {
      if (ports.passes(error)) throw error;
      return error ?? new Error('commit failed without an error');
    }
  };

  const isolateOne = async (item: T, failed: unknown) => {
    const rejection = await attempt(() => ports.reject(item, failed));
    if (rejection === undefined) {
      result.rejected.push({ item, failure: failed });
      return;
    }
    await ports.deadLetter(item, [failed, rejection]);
    result.deadLettered.push({ item, failures: [failed, rejection] });
  };

  const split = async (part: readonly T[], failed: unknown): Promise<void> => {
    if (part.length === 1) return isolateOne(part[0]!, failed);
    const middle = Math.ceil(part.length / 2);
    for (const half of [part.slice(0, middle), part.slice(middle)]) {
      const halfFailure = await attempt(() => ports.commit(half));
      if (halfFailure !== undefined) await split(half, halfFailure);
    }
  };

  if (items.length > 0) await split(items, failure);
  return result;
}

export interface RefusalPorts<T> {
  /** Handles `entries` (consecutive, in log order) as usual. */
  commit(entries: readonly T[]): Promise<void>;
  /** Handles `entry` as refused by the store, naming `failure`. */
  refuse(entry: T, failure: ClassifiedFailure): Promise<void>;
  /** Sends `entry` to the dead-letter topic with `reason` and passes its offset. */
  deadLetter(entry: T, reason: string): Promise<void>;
  /** Runs one try; its failure is counted and returned, not thrown. */
  tryOnce(run: () => Promise<void>): Promise<PartFailure | undefined>;
}

/**
 * A part failed as a whole with `trigger`, caused by a message: finds the messages at fault,
 * refuses or dead-letters them, and handles the rest. Throws a failure that may pass (what was
 * handled so far stays handled).
 */
export async function isolateRefused<T>(
  entries: readonly T[],
  trigger: PartFailure,
  ports: RefusalPorts<T>,
): Promise<Isolated<T>> {
  // Only the failure that triggered the search (or one the store gives for the data) marks a
  // message as the cause; a different unknown one, like a lost connection, is retried.
  const causedByMessage = (failure: ClassifiedFailure) =>
    failure.kind === 'permanent' ||
    (failure.kind === 'unknown' && failure.code === trigger.failure.code);
  const counted = async (run: () => Promise<void>) => {
    const failed = await ports.tryOnce(run);
    if (failed) throw failed.error;
  };
  return isolatePoison(entries, trigger.error, {
    commit: (items) => counted(() => ports.commit(items)),
    reject: (entry, failed) => counted(() => ports.refuse(entry, classifyFailure(failed))),
    deadLetter: (entry, failures) =>
      ports.deadLetter(
        entry,
        failures.map((f) => describeFailure(classifyFailure(f))).join('; then: '),
      ),
    passes: (error) => !causedByMessage(classifyFailure(error)),
  });
}
