/**
 * The gateway's API views of the auctions and decisions, from the processor's public read module
 * (processors/read-side.ts holds the SQL). Never the hidden maxima or reserve.
 */
import type { Queryable } from '../../platform/queryable.js';
import { minimumNextBidCents } from '../../processors/domain/index.js';
import { processorReads, type AuctionFilter, type AuctionRow } from '../../processors/read-side.js';
import { formatCents } from '../commands/money.js';

export type { AuctionFilter };

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

const orNull = <T>(value: T | null, f: (v: T) => string) => (value === null ? null : f(value));

function toView(r: AuctionRow, now: number, currency: string): AuctionView {
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

/** An end moved by a bid inside the anti-sniping window. */
export interface ExtensionView {
  readonly previousEndsAt: string;
  readonly newEndsAt: string;
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
  const view = (r: AuctionRow) => toView(r, now(), currency);
  const reads = processorReads(db);
  return {
    async auction(auctionId: string): Promise<AuctionView | undefined> {
      const row = await reads.auction(auctionId);
      return row && view(row);
    },

    /** The views of these auctions, in the order given; those that do not exist left out. */
    async auctionsIn(auctionIds: readonly string[]): Promise<AuctionView[]> {
      const byId = new Map((await reads.auctionsIn(auctionIds)).map((r) => [r.auction_id, r]));
      return auctionIds.flatMap((id) => {
        const row = byId.get(id);
        return row ? [view(row)] : [];
      });
    },

    /** The open auction of this seller's item, if any: an item is unique per seller. */
    openAuctionForItem: (sellerId: string, itemId: string): Promise<string | undefined> =>
      reads.openAuctionForItem(sellerId, itemId),

    async auctions(filter: AuctionFilter): Promise<{ items: AuctionView[]; total: number }> {
      const { rows, total } = await reads.auctions(filter, new Date(now()));
      return { items: rows.map(view), total };
    },

    /** The visible price after each accepted bid, in order. */
    async priceSteps(auctionId: string) {
      return (await reads.acceptedBids(auctionId)).map((r) => ({
        bidId: r.bid_id,
        bidderId: r.bidder_id,
        visiblePriceCents: Number(r.visible_price_cents),
        visiblePrice: formatCents(Number(r.visible_price_cents)),
        leading: r.is_leading,
        placedAt: r.placed_at.toISOString(),
      }));
    },

    async bidDecision(bidId: string): Promise<BidDecisionView | undefined> {
      const r = await reads.bidDecision(bidId);
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

    /** How the bid moved the auction's end (anti-sniping), or null if it did not. */
    async extension(auctionId: string, bidId: string): Promise<ExtensionView | null> {
      const r = await reads.extensionBy(auctionId, bidId);
      return r
        ? {
            previousEndsAt: new Date(Number(r.previous_ends_at)).toISOString(),
            newEndsAt: new Date(Number(r.new_ends_at)).toISOString(),
          }
        : null;
    },

    commandDecision: (commandId: string) => reads.commandDecision(commandId),
  };
}

export type ReadModel = ReturnType<typeof createReadModel>;
