/**
 * For the replay test: each auction as the processor decided it (from its tables), and where
 * the reference model, fed exactly those bids at their gateway stamps, decides differently.
 * Comparing with what the pipeline really received keeps the check exact on a loaded machine,
 * where some recorded bids arrive after the end.
 */
import pg from 'pg';
import { ReferenceAuction } from '../reference-model/auction.js';
import { urls } from './support.js';

export interface DecidedBid {
  readonly bidId: string;
  readonly bidderId: string;
  readonly maxCents: number;
  readonly placedAt: number;
  readonly accepted: boolean;
  readonly reason: string | null;
  readonly visiblePriceCents: number;
  readonly leading: boolean;
}

export interface DecidedAuction {
  readonly auctionId: string;
  readonly sellerId: string;
  readonly startingPriceCents: number;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly outcome: string | null;
  readonly winnerId: string | null;
  readonly finalPriceCents: number | null;
  /** In the order they were placed (each replayed auction gets one bid at a time). */
  readonly bids: readonly DecidedBid[];
}

export async function decidedAuctions(
  auctionIds: readonly string[],
  databaseUrl = urls.databaseUrl,
): Promise<DecidedAuction[]> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const auctions = await db.query<{
      auction_id: string;
      seller_id: string;
      starting: string;
      starts_at: Date;
      ends_at: Date;
      outcome: string | null;
      winner_id: string | null;
      final_price_cents: string | null;
    }>(
      `SELECT auction_id, seller_id, state->>'startingPriceCents' AS starting, starts_at, ends_at,
              outcome, winner_id, final_price_cents
       FROM auctions WHERE auction_id = ANY($1)`,
      [auctionIds],
    );
    const bids = await db.query<{
      auction_id: string;
      bid_id: string;
      bidder_id: string;
      max_amount_cents: string;
      placed_at: Date;
      accepted: boolean;
      reason: string | null;
      visible_price_cents: string;
      is_leading: boolean;
    }>(
      `SELECT auction_id, bid_id, bidder_id, max_amount_cents, placed_at, accepted, reason,
              visible_price_cents, is_leading
       FROM bid_decisions WHERE auction_id = ANY($1) AND kind = 'bid'
       ORDER BY placed_at, decided_at, bid_id`,
      [auctionIds],
    );
    return auctions.rows.map((a) => ({
      auctionId: a.auction_id,
      sellerId: a.seller_id,
      startingPriceCents: Number(a.starting),
      startsAt: a.starts_at.getTime(),
      endsAt: a.ends_at.getTime(),
      outcome: a.outcome,
      winnerId: a.winner_id,
      finalPriceCents: a.final_price_cents === null ? null : Number(a.final_price_cents),
      bids: bids.rows
        .filter((b) => b.auction_id === a.auction_id)
        .map((b) => ({
          bidId: b.bid_id,
          bidderId: b.bidder_id,
          maxCents: Number(b.max_amount_cents),
          placedAt: b.placed_at.getTime(),
          accepted: b.accepted,
          reason: b.reason,
          visiblePriceCents: Number(b.visible_price_cents),
          leading: b.is_leading,
        })),
    }));
  } finally {
    await db.end();
  }
}

/** Every decision (and the close) where the processor and the reference model differ. */
export function modelDisagreements(auction: DecidedAuction): string[] {
  const model = new ReferenceAuction({
    sellerId: auction.sellerId,
    startingPriceCents: auction.startingPriceCents,
    startsAt: auction.startsAt,
    endsAt: auction.endsAt,
    antiSnipingWindowMs: 0,
    antiSnipingExtensionMs: 0,
  });
  const differences: string[] = [];
  const differ = (what: string, got: unknown, want: unknown) => {
    if (JSON.stringify(got) !== JSON.stringify(want))
      differences.push(
        `${auction.auctionId} ${what}: got ${JSON.stringify(got)}, model ${JSON.stringify(want)}`,
      );
  };
  for (const bid of auction.bids) {
    const verdict = model.apply({
      kind: 'bid',
      bidderId: bid.bidderId,
      maxCents: bid.maxCents,
      at: bid.placedAt,
    });
    const view = model.view();
    // After the end, the processor says auction_ended or, if the scheduled close overtook the
    // bid in the log, auction_closed; the tables do not record that order, so both are "late".
    const late = bid.placedAt >= auction.endsAt && bid.reason === 'auction_closed';
    differ(
      `bid ${bid.bidId}`,
      {
        accepted: bid.accepted,
        reason: bid.reason,
        price: bid.visiblePriceCents,
        leading: bid.leading,
      },
      {
        accepted: verdict.verdict === 'accepted',
        reason: verdict.verdict === 'rejected' ? (late ? 'auction_closed' : verdict.reason) : null,
        price: view.priceCents,
        leading: verdict.verdict === 'accepted' && view.leaderId === bid.bidderId,
      },
    );
  }
  model.apply({ kind: 'close', at: auction.endsAt });
  const final = model.view();
  differ(
    'close',
    { outcome: auction.outcome, winnerId: auction.winnerId, price: auction.finalPriceCents },
    { outcome: final.outcome, winnerId: final.winnerId, price: final.finalPriceCents },
  );
  return differences;
}
