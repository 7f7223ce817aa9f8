/**
 * Lets a request wait for its command's decision: the processor calls pg_notify in the same
 * transaction as the decision, so a notification arrives exactly when the decision is committed.
 * One LISTEN connection serves every waiting request.
 */
import type pg from 'pg';
import type { ReadModel } from './read-model.js';
import { NOTIFY_CHANNEL } from '../processors/store.js';

export class DecisionWaiter {
  private readonly waiting = new Map<string, Set<() => void>>();

  private constructor(private readonly client: pg.Client) {}

  static async listen(client: pg.Client): Promise<DecisionWaiter> {
    const waiter = new DecisionWaiter(client);
    client.on('notification', (n) => {
      if (n.channel !== NOTIFY_CHANNEL || !n.payload) return;
      for (const id of n.payload.split(',')) waiter.settle(id);
    });
    await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    return waiter;
  }

  /**
   * Resolves true once `id` is decided, false after `timeoutMs`. Call `isDecided` after
   * registering, so a decision committed in between is not missed.
   */
  async wait(id: string, timeoutMs: number, isDecided: () => Promise<boolean>): Promise<boolean> {
    let release!: () => void;
    const notified = new Promise<boolean>((resolve) => {
      release = () => resolve(true);
    });
    const set = this.waiting.get(id) ?? new Set();
    set.add(release);
    this.waiting.set(id, set);
    let timer: NodeJS.Timeout | undefined;
    try {
      if (await isDecided()) return true;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      return await Promise.race([notified, timeout]);
    } finally {
      clearTimeout(timer);
      set.delete(release);
      if (set.size === 0) this.waiting.delete(id);
    }
  }

  private settle(id: string) {
    for (const release of this.waiting.get(id) ?? []) release();
  }

  async close() {
    await this.client.end();
  }
}

/** The decision on a create or cancel command, if it is made within `timeoutMs`. */
export async function decisionWithin(
  waiter: DecisionWaiter,
  readModel: ReadModel,
  commandId: string,
  timeoutMs: number,
) {
  const decided = await waiter.wait(
    commandId,
    timeoutMs,
    async () => !!(await readModel.commandDecision(commandId)),
  );
  return decided ? readModel.commandDecision(commandId) : undefined;
}
