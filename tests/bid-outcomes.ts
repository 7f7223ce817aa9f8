/**
 * Bid streams for the fault and scale tests, the outcome the independent reference model
 * (reference-model/) gives for them, and waiting until the pipeline has decided them.
 * The expectations never come from processors/domain: a rule bug there must not be copied here.
 */
import pg from 'pg';
import { ReferenceAuction, type ModelView } from '../reference-model/auction.js';
import { urls } from './support.js';

export interface Bid {
  readonly bidder: string;
  readonly cents: number;
}

/** The starting price the tests open their auctions with, in cents ("10.00"). */
export const STARTING_PRICE_CENTS = 1_000;

/** A reproducible, lively bid stream: five bidders, rising and sometimes too-low maxima. */
export function bidStream(count: number, seed: number): Bid[] {
  let x = seed;
  const next = () => (x = (x * 1_103_515_245 + 12_345) % 2_147_483_648);
  return Array.from({ length: count }, (_, i) => ({
    bidder: `bidder-${next() % 5}`,
    cents: STARTING_PRICE_CENTS + i * 40 + (next() % 300),
  }));
}

/**
 * The events the README promises for one decided bid: its decision; if accepted, an Outbid for a
 * leader who lost the lead, an Outbid for a bidder beaten at once by the leader's proxy, ReserveMet
 * the first time, and AuctionExtended when the end moved.
 */
function eventsForBid(before: ModelView, after: ModelView, accepted: boolean, bidder: string) {
  if (!accepted) return 1;
  const lostLead = before.leaderId !== null && before.leaderId !== after.leaderId ? 1 : 0;
  const beatenAtOnce = after.leaderId !== bidder ? 1 : 0;
  const reserveMet = after.reserveMet && !before.reserveMet ? 1 : 0;
  const extended = after.endsAt !== before.endsAt ? 1 : 0;
  return 1 + lostLead + beatenAtOnce + reserveMet + extended;
}

/** Opens an auction like the tests' and decides these bids in order with the reference model. */
function applyModel(bids: readonly Bid[]) {
  const model = new ReferenceAuction({
    sellerId: 'seller',
    startingPriceCents: STARTING_PRICE_CENTS,
    startsAt: 0,
    endsAt: Number.MAX_SAFE_INTEGER,
    antiSnipingWindowMs: 0,
    antiSnipingExtensionMs: 0,
  });
  let events = 1; // AuctionCreated
  bids.forEach((b, i) => {
    const before = model.view();
    const verdict = model.apply({ kind: 'bid', bidderId: b.bidder, maxCents: b.cents, at: i + 1 });
    events += eventsForBid(before, model.view(), verdict.verdict === 'accepted', b.bidder);
  });
  return { view: model.view(), events };
}

/** The outcome the rules give for these bids, in this order. */
export function expectedOutcome(bids: readonly Bid[]) {
  const { view } = applyModel(bids);
  return {
    visiblePriceCents: view.priceCents,
    leaderId: view.leaderId,
    bidCount: view.bidCount,
  };
}

/** How many events the auction publishes for these bids, its creation included. */
export const expectedEventCount = (bids: readonly Bid[]) => applyModel(bids).events;

/** How many bid decisions each auction has in Postgres. */
export async function decisionsFor(auctionIds: readonly string[]): Promise<Map<string, number>> {
  const db = new pg.Client({ connectionString: urls.databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ auction_id: string; n: string }>(
      'SELECT auction_id, count(*) AS n FROM bid_decisions WHERE auction_id = ANY($1) GROUP BY auction_id',
      [auctionIds],
    );
    return new Map(rows.map((r) => [r.auction_id, Number(r.n)]));
  } finally {
    await db.end();
  }
}

/** Waits until every auction has `perAuction` decisions (or, with `atLeast`, at least that many). */
export async function untilAllDecided(
  auctionIds: readonly string[],
  perAuction: number,
  atLeast = false,
) {
  const deadline = Date.now() + 90_000;
  const done = (n = 0) => (atLeast ? n >= perAuction : n === perAuction);
  for (;;) {
    const counts = await decisionsFor(auctionIds);
    if (auctionIds.every((id) => done(counts.get(id)))) return;
    if (Date.now() > deadline)
      throw new Error(`not every bid was decided: ${JSON.stringify([...counts])}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
