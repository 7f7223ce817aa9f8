/**
 * The decision log as the audit (audit/) reads it: an auction's row, every decision on it with
 * what the command carried (migration 0014), and which auctions ended since a time. The
 * processor owns these tables (docs/boundaries.md); this is the audit's one way in, as
 * processors/read-side.ts is the gateway's. Plain SELECTs, each bounded by a LIMIT: the caller
 * pages with the keyset it is given back, and runs them in a READ ONLY transaction.
 */
import type { Queryable } from '../platform/queryable.js';
import type { AsRead, AuctionRow, BidDecisionRead, CommandDecisionRead } from './tables.js';

export type { AuctionTerms, BidDecisionRead, CommandDecisionRead } from './tables.js';

/** Most rows one query returns; the caller asks again from the last key. */
export const DECISION_LOG_PAGE = 2_000;

export type AuditedAuctionRead = AsRead<
  Pick<
    AuctionRow,
    | 'auction_id'
    | 'partition'
    | 'status'
    | 'outcome'
    | 'winner_id'
    | 'final_price_cents'
    | 'visible_price_cents'
    | 'leader_id'
    | 'bid_count'
    | 'ends_at'
  > & { readonly commands_topic: string | null },
  'final_price_cents' | 'visible_price_cents',
  'ends_at'
>;

const AUCTION_COLUMNS = `auction_id, partition, commands_topic, status, outcome, winner_id,
  final_price_cents, visible_price_cents, leader_id, bid_count, ends_at`;

/** The rows of these auctions (at most one page of ids). */
export async function auditedAuctions(
  db: Queryable,
  auctionIds: readonly string[],
): Promise<AuditedAuctionRead[]> {
  if (auctionIds.length > DECISION_LOG_PAGE)
    throw new RangeError(`at most ${DECISION_LOG_PAGE} auctions per read`);
  const { rows } = await db.query<AuditedAuctionRead>(
    `SELECT ${AUCTION_COLUMNS} FROM auctions WHERE auction_id = ANY($1)`,
    [auctionIds],
  );
  return rows;
}

/** Where a page of decisions ends: ask for the next one after it. */
export interface DecisionKey {
  readonly auctionId: string;
  readonly id: string;
}

/** One page of the bid decisions on these auctions, in (auction, bid id) order. */
export async function bidDecisionsPage(
  db: Queryable,
  auctionIds: readonly string[],
  after: DecisionKey | null,
): Promise<BidDecisionRead[]> {
  const { rows } = await db.query<BidDecisionRead>(
    `SELECT bid_id, auction_id, bidder_id, kind, max_amount_cents, accepted, reason,
            visible_price_cents, is_leading, placed_at, command_offset
     FROM bid_decisions
     WHERE auction_id = ANY($1) AND ($2::text IS NULL OR (auction_id, bid_id) > ($2, $3))
     ORDER BY auction_id, bid_id LIMIT ${DECISION_LOG_PAGE}`,
    [auctionIds, after?.auctionId ?? null, after?.id ?? null],
  );
  return rows;
}

/** One page of the create, cancel and close decisions on these auctions, in (auction, command id) order. */
export async function commandDecisionsPage(
  db: Queryable,
  auctionIds: readonly string[],
  after: DecisionKey | null,
): Promise<CommandDecisionRead[]> {
  const { rows } = await db.query<CommandDecisionRead>(
    `SELECT command_id, auction_id, command_type, accepted, reason, detail, command_offset,
            issued_by, issued_at, terms
     FROM command_decisions
     WHERE auction_id = ANY($1) AND ($2::text IS NULL OR (auction_id, command_id) > ($2, $3))
     ORDER BY auction_id, command_id LIMIT ${DECISION_LOG_PAGE}`,
    [auctionIds, after?.auctionId ?? null, after?.id ?? null],
  );
  return rows;
}

/** Where a page of ended auctions stops. */
export interface EndedKey {
  readonly endsAt: Date;
  readonly auctionId: string;
}

/**
 * One page of the auctions settled (closed or cancelled) whose end is at or after `since`, by
 * end then id (the index on (status, ends_at) serves it).
 */
export async function settledSincePage(
  db: Queryable,
  since: Date,
  after: EndedKey | null,
  limit = DECISION_LOG_PAGE,
): Promise<{ auctionId: string; endsAt: Date }[]> {
  const { rows } = await db.query<{ auction_id: string; ends_at: Date }>(
    `SELECT auction_id, ends_at FROM auctions
     WHERE status IN ('closed', 'cancelled') AND ends_at >= $1
       AND ($2::timestamptz IS NULL OR (ends_at, auction_id) > ($2, $3))
     ORDER BY ends_at, auction_id LIMIT $4`,
    [since, after?.endsAt ?? null, after?.auctionId ?? null, Math.min(limit, DECISION_LOG_PAGE)],
  );
  return rows.map((r) => ({ auctionId: r.auction_id, endsAt: r.ends_at }));
}
