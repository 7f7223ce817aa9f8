/**
 * The gateway's API views of the auctions and decisions, from the processor's public read module
 * (processors/read-side.ts holds the SQL). Never the hidden maxima or reserve.
 */
import type { Queryable } from '../platform/dependency-errors.js';
import { processorReads, type AuctionFilter, type AuctionRow } from '../processors/read-side.js';
import { formatCents } from './money.js';

export type { AuctionFilter };

export interface AuctionView {
  readonly auctionId: string;
  readonly itemId: string;
  readonly title: string;
  readonly sellerId: string;
  readonly externalRef: string | null;
  readonly status: 'open' | 'closed' | 'cancelled';
  readonly visiblePriceCents: number;
  readonly visiblePrice: string;
  readonly leaderId: string | null;
  readonly bidCount: number;
  readonly hasReserve: boolean;
  readonly reserveMet: boolean | null;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly outcome: string | null;
  readonly winnerId: string | null;
  readonly finalPriceCents: number | null;
  readonly sequence: number;
}

function toView(r: AuctionRow): AuctionView {
  const price = Number(r.visible_price_cents);
  return {
    auctionId: r.auction_id,
    itemId: r.item_id,
    title: r.title,
    sellerId: r.seller_id,
    externalRef: r.external_ref,
    status: r.status,
    visiblePriceCents: price,
    visiblePrice: formatCents(price),
    leaderId: r.leader_id,
    bidCount: r.bid_count,
    hasReserve: r.has_reserve,
    reserveMet: r.has_reserve ? r.reserve_met : null,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
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

export function createReadModel(db: Queryable) {
  const reads = processorReads(db);
  return {
    async auction(auctionId: string): Promise<AuctionView | undefined> {
      const row = await reads.auction(auctionId);
      return row && toView(row);
    },

    /** The open auction of this seller's item, if any: an item is unique per seller. */
    openAuctionForItem: (sellerId: string, itemId: string): Promise<string | undefined> =>
      reads.openAuctionForItem(sellerId, itemId),

    async auctions(filter: AuctionFilter): Promise<{ items: AuctionView[]; total: number }> {
      const { rows, total } = await reads.auctions(filter);
      return { items: rows.map(toView), total };
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

    commandDecision: (commandId: string) => reads.commandDecision(commandId),
  };
}

export type ReadModel = ReturnType<typeof createReadModel>;
