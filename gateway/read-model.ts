/** What the gateway reads from the processors' tables. Never the hidden maxima or reserve. */
import type { Queryable } from '../platform/dependency-errors.js';
import { minimumNextBidCents, type IncrementTable } from '../processors/domain/index.js';
import { formatCents } from './money.js';

/** `scheduled`: open, but its start is still ahead (derived at read time). */
export type AuctionStatus = 'scheduled' | 'open' | 'closed' | 'cancelled';

export interface AuctionView {
  readonly auctionId: string;
  readonly itemId: string;
  readonly title: string;
  readonly sellerId: string;
  readonly externalRef: string | null;
  readonly status: AuctionStatus;
  /** Every money field of the auction is in this currency (gateway config CURRENCY). */
  readonly currency: string;
  readonly startingPriceCents: number;
  readonly startingPrice: string;
  readonly visiblePriceCents: number;
  readonly visiblePrice: string;
  /** The least maximum a bidder other than the leader may bid now; null once it is over. */
  readonly minimumNextBidCents: number | null;
  readonly minimumNextBid: string | null;
  /** Only while buy-now is available (before the first bid, the auction not over). */
  readonly buyNowPriceCents: number | null;
  readonly buyNowPrice: string | null;
  readonly leaderId: string | null;
  readonly bidCount: number;
  readonly hasReserve: boolean;
  readonly reserveMet: boolean | null;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly antiSnipingWindowSeconds: number;
  readonly antiSnipingExtensionSeconds: number;
  /** From each `from` price up, the increment (the auction's own table, or eBay's). */
  readonly incrementTable: readonly {
    readonly fromCents: number;
    readonly from: string;
    readonly incrementCents: number;
    readonly increment: string;
  }[];
  readonly outcome: string | null;
  readonly winnerId: string | null;
  readonly finalPriceCents: number | null;
  readonly sequence: number;
}

interface AuctionRecord {
  auction_id: string;
  item_id: string;
  title: string;
  seller_id: string;
  external_ref: string | null;
  status: 'open' | 'closed' | 'cancelled';
  visible_price_cents: string;
  starting_price_cents: string;
  buy_now_price_cents: string | null;
  anti_sniping_window_ms: string;
  anti_sniping_extension_ms: string;
  increments: IncrementTable;
  leader_id: string | null;
  bid_count: number;
  has_reserve: boolean;
  reserve_met: boolean;
  starts_at: Date;
  ends_at: Date;
  outcome: string | null;
  winner_id: string | null;
  final_price_cents: string | null;
  last_sequence: string;
}

// The public terms come out of the state snapshot key by key: never the maxima or the reserve.
const COLUMNS = `auction_id, item_id, title, seller_id, external_ref, status, visible_price_cents, leader_id,
  bid_count, has_reserve, reserve_met, starts_at, ends_at, outcome, winner_id, final_price_cents, last_sequence,
  state->>'startingPriceCents' AS starting_price_cents, state->>'buyNowPriceCents' AS buy_now_price_cents,
  state->>'antiSnipingWindowMs' AS anti_sniping_window_ms,
  state->>'antiSnipingExtensionMs' AS anti_sniping_extension_ms, state->'increments' AS increments`;

const orNull = <T>(value: T | null, f: (v: T) => string) => (value === null ? null : f(value));

function toView(r: AuctionRecord, now: number, currency: string): AuctionView {
  const price = Number(r.visible_price_cents);
  const startingPriceCents = Number(r.starting_price_cents);
  const status = r.status === 'open' && now < r.starts_at.getTime() ? 'scheduled' : r.status;
  const biddable = status === 'open' || status === 'scheduled';
  const minimum = biddable
    ? minimumNextBidCents({
        hasLeader: r.leader_id !== null,
        visiblePriceCents: price,
        startingPriceCents,
        increments: r.increments,
      })
    : null;
  const buyNow =
    biddable && r.bid_count === 0 && r.buy_now_price_cents !== null
      ? Number(r.buy_now_price_cents)
      : null;
  return {
    auctionId: r.auction_id,
    itemId: r.item_id,
    title: r.title,
    sellerId: r.seller_id,
    externalRef: r.external_ref,
    status,
    currency,
    startingPriceCents,
    startingPrice: formatCents(startingPriceCents),
    visiblePriceCents: price,
    visiblePrice: formatCents(price),
    minimumNextBidCents: minimum,
    minimumNextBid: orNull(minimum, formatCents),
    buyNowPriceCents: buyNow,
    buyNowPrice: orNull(buyNow, formatCents),
    leaderId: r.leader_id,
    bidCount: r.bid_count,
    hasReserve: r.has_reserve,
    reserveMet: r.has_reserve ? r.reserve_met : null,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    antiSnipingWindowSeconds: Number(r.anti_sniping_window_ms) / 1000,
    antiSnipingExtensionSeconds: Number(r.anti_sniping_extension_ms) / 1000,
    incrementTable: r.increments.map((s) => ({
      fromCents: s.fromCents,
      from: formatCents(s.fromCents),
      incrementCents: s.incrementCents,
      increment: formatCents(s.incrementCents),
    })),
    outcome: r.outcome,
    winnerId: r.winner_id,
    finalPriceCents: r.final_price_cents === null ? null : Number(r.final_price_cents),
    sequence: Number(r.last_sequence),
  };
}

export interface AuctionFilter {
  readonly status?: string;
  readonly itemId?: string;
  readonly sellerId?: string;
  readonly externalRef?: string;
  readonly limit: number;
  readonly offset: number;
}

export interface BidDecisionView {
  readonly bidId: string;
  readonly auctionId: string;
  readonly bidderId: string;
  readonly accepted: boolean;
  readonly reason: string | null;
  readonly visiblePriceCents: number;
  readonly visiblePrice: string;
  readonly leading: boolean;
  readonly placedAt: string;
}

export interface ReadModelOptions {
  /** The clock that tells `scheduled` from `open`. */
  readonly now?: () => number;
  /** The one currency of every amount (gateway config CURRENCY). */
  readonly currency?: string;
}

export function createReadModel(db: Queryable, options: ReadModelOptions = {}) {
  const now = options.now ?? Date.now;
  const currency = options.currency ?? 'USD';
  const view = (r: AuctionRecord) => toView(r, now(), currency);
  return {
    async auction(auctionId: string): Promise<AuctionView | undefined> {
      const { rows } = await db.query<AuctionRecord>(
        `SELECT ${COLUMNS} FROM auctions WHERE auction_id = $1`,
        [auctionId],
      );
      return rows[0] && view(rows[0]);
    },

    /** The open auction of this seller's item, if any: an item is unique per seller. */
    async openAuctionForItem(sellerId: string, itemId: string): Promise<string | undefined> {
      const { rows } = await db.query<{ auction_id: string }>(
        "SELECT auction_id FROM auctions WHERE seller_id = $1 AND item_id = $2 AND status = 'open'",
        [sellerId, itemId],
      );
      return rows[0]?.auction_id;
    },

    async auctions(filter: AuctionFilter): Promise<{ items: AuctionView[]; total: number }> {
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (sql: string, value: unknown) => {
        params.push(value);
        where.push(sql.replace('?', `$${params.length}`));
      };
      // `scheduled` and `open` are both stored as open; the start tells them apart.
      if (filter.status === 'scheduled' || filter.status === 'open') {
        add('status = ?', 'open');
        add(filter.status === 'open' ? 'starts_at <= ?' : 'starts_at > ?', new Date(now()));
      } else if (filter.status) add('status = ?', filter.status);
      if (filter.itemId) add('item_id = ?', filter.itemId);
      if (filter.sellerId) add('seller_id = ?', filter.sellerId);
      if (filter.externalRef) add('external_ref = ?', filter.externalRef);
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const total = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM auctions ${clause}`,
        params,
      );
      const { rows } = await db.query<AuctionRecord>(
        `SELECT ${COLUMNS} FROM auctions ${clause} ORDER BY created_at DESC, auction_id
         LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, filter.limit, filter.offset],
      );
      return { items: rows.map(view), total: Number(total.rows[0]?.n ?? 0) };
    },

    /** The visible price after each accepted bid, in order. */
    async priceSteps(auctionId: string) {
      const { rows } = await db.query<{
        bid_id: string;
        visible_price_cents: string;
        is_leading: boolean;
        bidder_id: string;
        placed_at: Date;
      }>(
        `SELECT bid_id, bidder_id, visible_price_cents, is_leading, placed_at FROM bid_decisions
         WHERE auction_id = $1 AND accepted ORDER BY placed_at, decided_at`,
        [auctionId],
      );
      return rows.map((r) => ({
        bidId: r.bid_id,
        bidderId: r.bidder_id,
        visiblePriceCents: Number(r.visible_price_cents),
        visiblePrice: formatCents(Number(r.visible_price_cents)),
        leading: r.is_leading,
        placedAt: r.placed_at.toISOString(),
      }));
    },

    async bidDecision(bidId: string): Promise<BidDecisionView | undefined> {
      const { rows } = await db.query<{
        bid_id: string;
        auction_id: string;
        bidder_id: string;
        accepted: boolean;
        reason: string | null;
        visible_price_cents: string;
        is_leading: boolean;
        placed_at: Date;
      }>(
        `SELECT bid_id, auction_id, bidder_id, accepted, reason, visible_price_cents, is_leading, placed_at
         FROM bid_decisions WHERE bid_id = $1`,
        [bidId],
      );
      const r = rows[0];
      return (
        r && {
          bidId: r.bid_id,
          auctionId: r.auction_id,
          bidderId: r.bidder_id,
          accepted: r.accepted,
          reason: r.reason,
          visiblePriceCents: Number(r.visible_price_cents),
          visiblePrice: formatCents(Number(r.visible_price_cents)),
          leading: r.is_leading,
          placedAt: r.placed_at.toISOString(),
        }
      );
    },

    async commandDecision(commandId: string) {
      const { rows } = await db.query<{
        accepted: boolean;
        reason: string | null;
        detail: string | null;
      }>('SELECT accepted, reason, detail FROM command_decisions WHERE command_id = $1', [
        commandId,
      ]);
      return rows[0];
    },
  };
}

export type ReadModel = ReturnType<typeof createReadModel>;
