/**
 * Bid streams for the fault and scale tests, the outcome the pure domain rules give for them
 * (computed without any infrastructure), and waiting until the pipeline has decided them.
 */
import pg from 'pg';
import { decide, evolve, type AuctionState } from '../processors/domain/index.js';
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

/** Creates an auction and decides these bids in order with the pure rules: no infrastructure. */
function applyRules(bids: readonly Bid[]) {
  let state: AuctionState | undefined = evolve(undefined, {
    type: 'AuctionCreated',
    auctionId: 'x',
    sellerId: 'seller',
    itemId: 'x',
    title: 'x',
    startingPriceCents: STARTING_PRICE_CENTS,
    startsAt: 0,
    endsAt: Number.MAX_SAFE_INTEGER,
    antiSnipingWindowMs: 0,
    antiSnipingExtensionMs: 0,
  });
  let events = 1;
  bids.forEach((b, i) => {
    const decided = decide(
      {
        type: 'PlaceBid',
        auctionId: 'x',
        bidId: String(i),
        bidderId: b.bidder,
        maxAmountCents: b.cents,
        placedAt: 1,
      },
      state,
      1,
    );
    events += decided.length;
    state = decided.reduce(evolve, state);
  });
  return { state: state!, events };
}

/** The outcome the rules give for these bids, in this order. */
export function expectedOutcome(bids: readonly Bid[]) {
  const { state } = applyRules(bids);
  return {
    visiblePriceCents: state.visiblePriceCents,
    leaderId: state.leader?.bidderId ?? null,
    bidCount: state.bidCount,
  };
}

/** How many events the auction publishes for these bids, its creation included. */
export const expectedEventCount = (bids: readonly Bid[]) => applyRules(bids).events;

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
