/**
 * The stats sink: per user, per auction, per item and per minute numbers in Postgres. A batch
 * of events is applied in one transaction together with their event ids; an id seen before is
 * skipped, so redelivery changes nothing. The batch is folded in memory (stats-batch.ts) and
 * written with one statement per table (stats-writer.ts), whatever its size: the numbers are
 * those of applying its events one by one, in log order.
 */
import type pg from 'pg';
import type { Event } from '../../contracts/events.js';
import type { Sink } from '../event-handler.js';
import { firstDeliveries, foldBatch, type StatsBatch } from './stats-batch.js';
import { auctionRows, itemRows, userRows } from './stats-rows.js';
import {
  insertAuctions,
  insertBidderPairs,
  insertEventIds,
  updateAuctions,
  upsertItems,
  upsertMinutes,
  upsertUsers,
} from './stats-writer.js';

export const STATS_SINK = 'stats';

/**
 * Writes a folded batch. The order is what the per-event statements implied: auctions are
 * created before their bids update them (the processor logs a creation first), the bidder pairs
 * say which bidders are new before the counts that depend on it, and the closes' items come from
 * the auction update. A table with nothing to write gets no statement.
 */
async function writeBatch(client: pg.ClientBase, batch: StatsBatch) {
  if (batch.creates.length > 0) await insertAuctions(client, batch.creates);
  const newPairs = batch.pairs.length > 0 ? await insertBidderPairs(client, batch.pairs) : [];
  const auctions = auctionRows(batch, newPairs);
  const itemOf =
    auctions.length > 0 ? await updateAuctions(client, auctions) : new Map<string, string>();
  const items = itemRows(batch, itemOf);
  if (items.length > 0) await upsertItems(client, items);
  const users = userRows(batch, newPairs);
  if (users.length > 0) await upsertUsers(client, users);
  if (batch.minutes.size > 0) await upsertMinutes(client, batch.minutes);
}

/** Applies the events not seen before, with their ids, in one transaction. Returns how many were new. */
export async function applyStats(db: pg.Pool, events: readonly Event[]): Promise<number> {
  if (events.length === 0) return 0;
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    const fresh = await insertEventIds(
      client,
      STATS_SINK,
      events.map((e) => e.metadata.eventId),
    );
    // An id twice in one batch is applied once, where it first occurs.
    await writeBatch(client, foldBatch(firstDeliveries(events, fresh)));
    await client.query('COMMIT');
    return fresh.size;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Empties every stats table and the sink's dedup keys (for a rebuild). */
export async function clearStats(db: pg.Pool) {
  await db.query(
    `TRUNCATE user_stats, auction_bidders, auction_stats, item_stats, bid_volume_per_minute;
     DELETE FROM sink_processed_events WHERE sink = '${STATS_SINK}'`,
  );
}

/** The stats sink on a pool. */
export const statsSink = (db: pg.Pool): Sink => ({
  name: STATS_SINK,
  apply: (events) => applyStats(db, events),
  clear: () => clearStats(db),
});
