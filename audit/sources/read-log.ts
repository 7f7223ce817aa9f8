/**
 * Reads the decision log of some auctions in one READ ONLY transaction (one snapshot, so an
 * auction's row and its decisions agree), page by page. Plain SELECTs take no row locks; the
 * lock timeout keeps the audit from queueing behind a migration's table lock, and the statement
 * timeout bounds each read.
 */
import type pg from 'pg';
import {
  auditedAuctions,
  bidDecisionsPage,
  commandDecisionsPage,
  DECISION_LOG_PAGE,
} from '../../processors/decision-log.js';
import type { LoggedAuction } from '../stored.js';

export async function readDecisionLog(
  pool: pg.Pool,
  auctionIds: readonly string[],
): Promise<Map<string, LoggedAuction>> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query("SET LOCAL lock_timeout = '2s'");
    await client.query("SET LOCAL statement_timeout = '60s'");
    const auctions = await auditedAuctions(client, auctionIds);
    const ids = auctions.map((a) => a.auction_id);
    const bids = await allPages(
      (after) => bidDecisionsPage(client, ids, after),
      (r) => r.bid_id,
    );
    const commands = await allPages(
      (after) => commandDecisionsPage(client, ids, after),
      (r) => r.command_id,
    );
    await client.query('COMMIT');
    const bidsOf = groupBy(bids);
    const commandsOf = groupBy(commands);
    return new Map<string, LoggedAuction>(
      auctions.map((auction) => [
        auction.auction_id,
        {
          auction,
          bids: bidsOf.get(auction.auction_id) ?? [],
          commands: commandsOf.get(auction.auction_id) ?? [],
        },
      ]),
    );
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

function groupBy<Row extends { readonly auction_id: string }>(rows: readonly Row[]) {
  const byAuction = new Map<string, Row[]>();
  for (const row of rows) {
    const list = byAuction.get(row.auction_id);
    if (list) list.push(row);
    else byAuction.set(row.auction_id, [row]);
  }
  return byAuction;
}

/** Every row, one bounded page after another (keyset: auction id, then the row's own id). */
async function allPages<Row extends { readonly auction_id: string }>(
  page: (after: { auctionId: string; id: string } | null) => Promise<Row[]>,
  idOf: (row: Row) => string,
): Promise<Row[]> {
  const rows: Row[] = [];
  let after: { auctionId: string; id: string } | null = null;
  for (;;) {
    const next = await page(after);
    rows.push(...next);
    const last = next.at(-1);
    if (!last || next.length < DECISION_LOG_PAGE) return rows;
    after = { auctionId: last.auction_id, id: idOf(last) };
  }
}
