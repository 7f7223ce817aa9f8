/**
 * Lets a request wait for its command's decision: the processor calls pg_notify in the same
 * transaction as the decision, so a notification arrives exactly when the decision is committed.
 * One LISTEN connection serves every waiting request.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type { Logger } from '../../platform/logger.js';
import type { ReadModel } from '../reads/read-model.js';
import { NOTIFY_CHANNEL } from '../../contracts/names.js';

/** How long to wait before listening again after the connection was lost. */
const RECONNECT_MS = 1000;
/** How often a waiting request looks for its decision itself, in case a notification was lost. */
const RECHECK_MS = 1000;

/** The port a request waits on for its decision (answered at once in component tests). */
export interface DecisionWaiter {
  /**
   * Resolves true once the decision on `id` is committed (`isDecided` confirms it), false
   * after `timeoutMs`.
   */
  wait(id: string, timeoutMs: number, isDecided: () => Promise<boolean>): Promise<boolean>;
}

export class PostgresDecisionWaiter implements DecisionWaiter {
  private readonly waiting = new Map<string, Set<() => void>>();
  private client: pg.Client | undefined;
  private closed = false;

  private constructor(
    private readonly newClient: () => pg.Client,
    private readonly logger: Logger,
  ) {}

  /**
   * Starts listening. If Postgres restarts, the LISTEN connection is opened again by itself;
   * a request whose decision was committed while nobody listened times out into a 202.
   */
  static async listen(newClient: () => pg.Client, logger: Logger): Promise<PostgresDecisionWaiter> {
    const waiter = new PostgresDecisionWaiter(newClient, logger);
    await waiter.connect();
    return waiter;
  }

  private async connect() {
    const client = this.newClient();
    client.on('notification', (n) => {
      if (n.channel !== NOTIFY_CHANNEL || !n.payload) return;
      for (const id of n.payload.split(',')) this.settle(id);
    });
    const lost = (error?: Error) => {
      if (this.client !== client || this.closed) return;
      this.client = undefined;
      this.logger.warn({ err: error }, 'lost the Postgres LISTEN connection; listening again');
      client.end().catch(() => undefined);
      void this.reconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    } catch (error) {
      client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
  }

  private async reconnect() {
    while (!this.closed && !this.client) {
      await sleep(RECONNECT_MS);
      try {
        await this.connect();
        this.logger.info('listening for decisions again');
      } catch (error) {
        this.logger.debug({ err: error }, 'Postgres still unreachable for LISTEN');
      }
    }
  }

  /**
   * Resolves true once `id` is decided, false after `timeoutMs`. Call `isDecided` after
   * registering, so a decision committed in between is not missed. It is asked again every
   * RECHECK_MS too: a notification sent while the LISTEN connection was down is lost.
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
    let recheck: NodeJS.Timeout | undefined;
    try {
      if (await isDecided()) return true;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      recheck = setInterval(() => {
        isDecided().then(
          (decided) => decided && release(),
          () => undefined, // Postgres unreachable: the next look, or the timeout, settles it.
        );
      }, RECHECK_MS);
      return await Promise.race([notified, timeout]);
    } finally {
      clearTimeout(timer);
      clearInterval(recheck);
      set.delete(release);
      if (set.size === 0) this.waiting.delete(id);
    }
  }

  private settle(id: string) {
    for (const release of this.waiting.get(id) ?? []) release();
  }

  async close() {
    this.closed = true;
    await this.client?.end();
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
