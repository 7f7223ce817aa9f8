/**
 * The gateway's API views of the auctions and decisions, from the processor's public read module
 * (processors/read-side.ts holds the SQL). Never the hidden maxima or reserve.
 */
import type { Queryable } from '../../platform/queryable.js';
import { minimumNextBidCents } from '../../processors/domain/index.js';
import {
  processorReads,
  type AuctionFilter,
  type AuctionStatus,
  type BidDecision,
  type PublicAuction,
} from '../../processors/read-side.js';
import { formatCents } from '../commands/money.js';
import type { PageRequest } from '../http/paging.js';

export type { AuctionFilter };

/** The stored status, or `scheduled`: open, but its start is still ahead (derived at read time). */
export type AuctionViewStatus = AuctionStatus | 'scheduled';

export interface AuctionView {
  readonly auctionId: string;
  readonly itemId: string;
  readonly title: string;
  readonly sellerId: string;
  readonly externalRef: string | null;
  readonly status: AuctionViewStatus;
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

function toView(a: PublicAuction, now: number, currency: string): AuctionView {
  const price = a.visiblePriceCents;
  const status = a.status === 'open' && now < a.startsAt.getTime() ? 'scheduled' : a.status;
  const biddable = status === 'open' || status === 'scheduled';
  const minimum = biddable
    ? minimumNextBidCents({
        hasLeader: a.leaderId !== null,
        visiblePriceCents: price,
        startingPriceCents: a.startingPriceCents,
        increments: a.increments,
      })
    : null;
  const buyNow = biddable && a.bidCount === 0 ? a.buyNowPriceCents : null;
  return {
    auctionId: a.auctionId,
    itemId: a.itemId,
    title: a.title,
    sellerId: a.sellerId,
    externalRef: a.externalRef,
    status,
    currency,
    startingPriceCents: a.startingPriceCents,
    startingPrice: formatCents(a.startingPriceCents),
    visiblePriceCents: price,
    visiblePrice: formatCents(price),
    minimumNextBidCents: minimum,
    minimumNextBid: orNull(minimum, formatCents),
    buyNowPriceCents: buyNow,
    buyNowPrice: orNull(buyNow, formatCents),
    leaderId: a.leaderId,
    bidCount: a.bidCount,
    hasReserve: a.hasReserve,
    reserveMet: a.hasReserve ? a.reserveMet : null,
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    antiSnipingWindowSeconds: a.antiSnipingWindowMs / 1000,
    antiSnipingExtensionSeconds: a.antiSnipingExtensionMs / 1000,
    incrementTable: a.increments.map((s) => ({
      fromCents: s.fromCents,
      from: formatCents(s.fromCents),
      incrementCents: s.incrementCents,
      increment: formatCents(s.incrementCents),
    })),
    outcome: a.outcome,
    winnerId: a.winnerId,
    finalPriceCents: a.finalPriceCents,
    sequence: a.lastSequence,
  };
}

/** A bid's decision as the API answers it: money also as a decimal, times as ISO strings. */
export interface BidDecisionView extends Pick<
  BidDecision,
  'bidId' | 'auctionId' | 'bidderId' | 'accepted' | 'reason' | 'visiblePriceCents'
> {
  readonly visiblePrice: string;
  readonly leading: boolean;
  readonly placedAt: string;
}

/** A step of the price history (GET /auctions/:id/bids). */
export interface PriceStepView {
  readonly bidId: string;
  /** Who bid. */
  readonly bidderId: string;
  readonly visiblePriceCents: number;
  readonly visiblePrice: string;
  /** Whether this bid's bidder led once it was decided. */
  readonly leading: boolean;
  /** Who led once it was decided: a bid a proxy beat at once leaves the proxy's bidder leading. */
  readonly leaderId: string;
  readonly placedAt: string;
}

/** An end moved by a bid inside the anti-sniping window. */
export interface ExtensionView {
  readonly previousEndsAt: string;
  readonly newEndsAt: string;
}

const bidDecisionView = (b: BidDecision): BidDecisionView => ({
  bidId: b.bidId,
  auctionId: b.auctionId,
  bidderId: b.bidderId,
  accepted: b.accepted,
  reason: b.reason,
  visiblePriceCents: b.visiblePriceCents,
  visiblePrice: formatCents(b.visiblePriceCents),
  leading: b.isLeading,
  placedAt: b.placedAt.toISOString(),
});

export interface ReadModelOptions {
  /** The clock that tells `scheduled` from `open`. */
  readonly now?: () => number;
  /** The one currency of every amount (gateway config CURRENCY). */
  readonly currency?: string;
}

export function createReadModel(db: Queryable, options: ReadModelOptions = {}) {
  const now = options.now ?? Date.now;
  const currency = options.currency ?? 'USD';
  const view = (a: PublicAuction) => toView(a, now(), currency);
  const reads = processorReads(db);
  return {
    async auction(auctionId: string): Promise<AuctionView | undefined> {
      const row = await reads.auction(auctionId);
      return row && view(row);
    },

    /** The views of these auctions, in the order given; those that do not exist left out. */
    async auctionsIn(auctionIds: readonly string[]): Promise<AuctionView[]> {
      const byId = new Map((await reads.auctionsIn(auctionIds)).map((a) => [a.auctionId, a]));
      return auctionIds.flatMap((id) => {
        const row = byId.get(id);
        return row ? [view(row)] : [];
      });
    },

    /** The open auction of this seller's item, if any: an item is unique per seller. */
    openAuctionForItem: (sellerId: string, itemId: string): Promise<string | undefined> =>
      reads.openAuctionForItem(sellerId, itemId),

    async auctions(filter: AuctionFilter): Promise<{ items: AuctionView[]; total: number }> {
      const { auctions, total } = await reads.auctions(filter, new Date(now()));
      return { items: auctions.map(view), total };
    },

    /**
     * One page of the price history: the visible price after each accepted bid, oldest first, and
     * who led once it was decided; with how many steps there are in all.
     */
    async priceSteps(
      auctionId: string,
      request: PageRequest,
    ): Promise<{ items: PriceStepView[]; total: number }> {
      const { steps, total } = await reads.priceSteps(auctionId, request);
      return {
        items: steps.map((b) => ({
          bidId: b.bidId,
          bidderId: b.bidderId,
          visiblePriceCents: b.visiblePriceCents,
          visiblePrice: formatCents(b.visiblePriceCents),
          leading: b.isLeading,
          leaderId: b.leaderId,
          placedAt: b.placedAt.toISOString(),
        })),
        total,
      };
    },

    async bidDecision(bidId: string): Promise<BidDecisionView | undefined> {
      const b = await reads.bidDecision(bidId);
      return b && bidDecisionView(b);
    },

    /** How the bid moved the auction's end (anti-sniping), or null if it did not. */
    async extension(auctionId: string, bidId: string): Promise<ExtensionView | null> {
      const moved = await reads.extensionBy(auctionId, bidId);
      return moved
        ? {
            previousEndsAt: new Date(moved.previousEndsAt).toISOString(),
            newEndsAt: new Date(moved.newEndsAt).toISOString(),
          }
        : null;
    },

    commandDecision: (commandId: string) => reads.commandDecision(commandId),
  };
}

export type ReadModel = ReturnType<typeof createReadModel>;
