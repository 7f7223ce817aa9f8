/**
 * How far the processor has got: the decisions it has committed for a set of auctions (rows of
 * bid_decisions), and a wait until it has decided a given number.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

export class DecisionCounter {
  private constructor(
    private readonly db: pg.Client,
    private readonly auctionIds: readonly string[],
  ) {}

  static async open(databaseUrl: string, auctionIds: readonly string[]) {
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    return new DecisionCounter(db, auctionIds);
  }

  async count(): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>(
      'SELECT count(*) AS n FROM bid_decisions WHERE auction_id = ANY($1)',
      [this.auctionIds],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Waits until at least `target` are decided; false if `timeoutMs` passed first. */
  async waitFor(target: number, timeoutMs: number, pollMs = 100): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      if ((await this.count()) >= target) return true;
      if (performance.now() > deadline) return false;
      await sleep(pollMs);
    }
  }

  close() {
    return this.db.end();
  }
}
