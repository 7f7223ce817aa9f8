/**
 * The stats oracle: random event logs, cut into random batches with some events delivered
 * twice, go through applyStats into a real Postgres database of this test's own; every stats
 * table must then hold exactly what the per-event model (stats-oracle.model.ts) computes by
 * applying the log one event at a time.
 */
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratedDatabase } from '../../tests/services.js';
import { uniqueName, urls } from '../../tests/support.js';
import { deliveries } from './stats-oracle.arbitraries.js';
import { byKey, StatsModel, type Tables } from './stats-oracle.model.js';
import { applyStats, clearStats } from './stats-sink.js';

const name = uniqueName('stats_oracle').replace('-', '_');
let db: pg.Pool;

beforeAll(async () => {
  db = new pg.Pool({ connectionString: await migratedDatabase(name), max: 2 });
});

afterAll(async () => {
  await db?.end();
  const admin = new pg.Client({ connectionString: urls.adminDatabaseUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

const ms = (d: Date | null) => (d === null ? null : d.getTime());
const num = (v: string | null) => (v === null ? null : Number(v));

/** What the stats tables hold, in the model's shape. */
async function tables(): Promise<Tables> {
  const rows = async <R extends pg.QueryResultRow>(sql: string) => (await db.query<R>(sql)).rows;
  const users = await rows<{
    user_id: string;
    bids_placed: number;
    bids_accepted: number;
    bids_rejected: number;
    auctions_bid_on: number;
    auctions_won: number;
    total_spent_cents: string;
    last_activity_at: Date | null;
  }>('SELECT * FROM user_stats');
  const bidders = await rows<{ auction_id: string; bidder_id: string }>(
    'SELECT * FROM auction_bidders',
  );
  const auctions = await rows<{
    auction_id: string;
    item_id: string;
    bids: number;
    distinct_bidders: number;
    opening_price_cents: string;
    closing_price_cents: string | null;
    outcome: string | null;
    extensions: number;
    ends_at: Date;
    last_bid_at: Date | null;
    last_bid_ms_before_end: string | null;
  }>('SELECT * FROM auction_stats');
  const items = await rows<{
    item_id: string;
    auctions: number;
    sold: number;
    closing_price_sum_cents: string;
    highest_closing_cents: string | null;
  }>('SELECT * FROM item_stats');
  const minutes = await rows<{ minute: Date; bids: number }>('SELECT * FROM bid_volume_per_minute');
  return {
    users: byKey(
      users.map((u) => ({
        userId: u.user_id,
        bidsPlaced: u.bids_placed,
        bidsAccepted: u.bids_accepted,
        bidsRejected: u.bids_rejected,
        auctionsBidOn: u.auctions_bid_on,
        auctionsWon: u.auctions_won,
        totalSpentCents: Number(u.total_spent_cents),
        lastActivityAt: ms(u.last_activity_at),
      })),
      (u) => u.userId,
    ),
    bidders: bidders.map((b) => `${b.auction_id}/${b.bidder_id}`).sort(),
    auctions: byKey(
      auctions.map((a) => ({
        auctionId: a.auction_id,
        itemId: a.item_id,
        bids: a.bids,
        distinctBidders: a.distinct_bidders,
        openingPriceCents: Number(a.opening_price_cents),
        closingPriceCents: num(a.closing_price_cents),
        outcome: a.outcome,
        extensions: a.extensions,
        endsAt: a.ends_at.getTime(),
        lastBidAt: ms(a.last_bid_at),
        lastBidMsBeforeEnd: num(a.last_bid_ms_before_end),
      })),
      (a) => a.auctionId,
    ),
    items: byKey(
      items.map((i) => ({
        itemId: i.item_id,
        auctions: i.auctions,
        sold: i.sold,
        closingPriceSumCents: Number(i.closing_price_sum_cents),
        highestClosingCents: num(i.highest_closing_cents),
      })),
      (i) => i.itemId,
    ),
    minutes: minutes
      .map((m) => ({ minute: m.minute.getTime(), bids: m.bids }))
      .sort((a, b) => a.minute - b.minute),
  };
}

describe('the stats sink against its per-event model', () => {
  it('holds what applying the log one event at a time gives, however it is batched and redelivered', async () => {
    await fc.assert(
      fc.asyncProperty(deliveries, async ({ log, batches }) => {
        await clearStats(db);
        const model = new StatsModel();
        for (const event of log) model.apply(event);
        let applied = 0;
        for (const batch of batches) applied += await applyStats(db, batch);
        expect(applied).toBe(new Set(log.map((e) => e.metadata.eventId)).size);
        expect(await tables()).toEqual(model.tables());
      }),
      { numRuns: 150 },
    );
  }, 240_000);
});
