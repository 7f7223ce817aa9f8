/**
 * Finds the commands of a batch whose decisions the store refuses, and commits everything else.
 * Pure over its ports: the batch is split in halves, in log order, until each failing part is
 * one command; that command is decided as a rejection, or, if even that cannot be committed,
 * dead-lettered (and its offset passed). A failure that may pass on a retry stops the search and
 * is thrown: what was committed stays committed, and the retry resumes from there.
 */

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
