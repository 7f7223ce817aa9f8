/**
 * How far the processor has got: the decisions it has committed for a set of auctions (rows of
 * bid_decisions), and a wait until it has decided a given number; and the bids it refused, by
 * reason.
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

/**
 * The bids on these auctions the processor decided as refusals, by reason. Every row of
 * bid_decisions is a command the gateway took (a bid it refused at the door never reaches the
 * processor), so these are bids answered 202 and refused afterwards.
 */
export async function refusedAfterAccepting(
  databaseUrl: string,
  auctionIds: readonly string[],
): Promise<Record<string, number>> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ reason: string | null; n: string }>(
      `SELECT reason, count(*) AS n FROM bid_decisions
       WHERE auction_id = ANY($1) AND kind = 'bid' AND NOT accepted
       GROUP BY reason ORDER BY count(*) DESC`,
      [auctionIds],
    );
    return Object.fromEntries(rows.map((r) => [r.reason ?? 'unknown', Number(r.n)]));
  } finally {
    await db.end();
  }
}
