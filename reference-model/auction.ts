/**
 * A reference model of one eBay-style proxy auction, written from the rules in
 * /work/shared/data/README.md and the project README, and from nothing in processors/domain/.
 * It is naive on purpose: it keeps every accepted bid, and after each one sorts them and reads
 * the leader, the runner-up and the price off the sorted list.
 */
import { ebayIncrement, ownIncrement, type OwnIncrementStep } from './increments.js';

export interface ModelTerms {
  readonly sellerId: string;
  readonly startingPriceCents: number;
  readonly reservePriceCents?: number | undefined;
  readonly buyNowPriceCents?: number | undefined;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly antiSnipingWindowMs: number;
  readonly antiSnipingExtensionMs: number;
  /** The seller's own table; eBay's when absent. */
  readonly incrementTable?: readonly OwnIncrementStep[] | undefined;
}

export type ModelCommand =
  | {
      readonly kind: 'bid';
      readonly bidderId: string;
      readonly maxCents: number;
      readonly at: number;
    }
  | { readonly kind: 'buyNow'; readonly buyerId: string; readonly at: number }
  | { readonly kind: 'cancel'; readonly by: string; readonly at: number }
  | { readonly kind: 'close'; readonly at: number };

/** What the model says about one command: taken, refused (with the product's reason code), or a close that does nothing yet. */
export type ModelVerdict =
  | { readonly verdict: 'accepted' }
  | { readonly verdict: 'rejected'; readonly reason: string }
  | { readonly verdict: 'ignored' };

export type ModelOutcome = 'sold' | 'no_bids' | 'reserve_not_met' | 'bought_now';

/** What anyone can see of the auction (plus the leader's maximum, for the tests). */
export interface ModelView {
  readonly status: 'open' | 'closed' | 'cancelled';
  readonly priceCents: number;
  readonly leaderId: string | null;
  readonly leaderMaxCents: number | null;
  /** The highest maximum of anyone but the leader; 0 when nobody else bid. */
  readonly runnerUpMaxCents: number;
  readonly endsAt: number;
  /**
   * When a buy-now or a cancel ended the auction before its end (the API's `endsAt` of such an
   * auction is this moment); null otherwise.
   */
  readonly endedEarlyAt: number | null;
  readonly bidCount: number;
  readonly reserveMet: boolean;
  readonly outcome: ModelOutcome | null;
  readonly winnerId: string | null;
  readonly finalPriceCents: number | null;
}

/** One row of the per-auction standings. */
export interface ModelStanding {
  readonly bidderId: string;
  readonly shownCents: number;
  readonly leading: boolean;
}

interface AcceptedBid {
  readonly bidderId: string;
  readonly maxCents: number;
  readonly at: number;
  /** Arrival order: breaks ties between bids stamped in the same millisecond. */
  readonly seq: number;
}

const rejected = (reason: string): ModelVerdict => ({ verdict: 'rejected', reason });
const ACCEPTED: ModelVerdict = { verdict: 'accepted' };

export class ReferenceAuction {
  private readonly bids: AcceptedBid[] = [];
  private status: ModelView['status'] = 'open';
  private price: number;
  private endsAt: number;
  private endedEarlyAt: number | null = null;
  private outcome: ModelOutcome | null = null;
  private winnerId: string | null = null;
  private finalPrice: number | null = null;

  constructor(private readonly terms: ModelTerms) {
    this.price = terms.startingPriceCents;
    this.endsAt = terms.endsAt;
  }

  /** The increment at a price, from the seller's table or eBay's. */
  increment(priceCents: number): number {
    const own = this.terms.incrementTable;
    return own ? ownIncrement(priceCents, own) : ebayIncrement(priceCents);
  }

  /** Highest maximum first; equal maximums: the earlier bid first. */
  private sorted(): AcceptedBid[] {
    return [...this.bids].sort((a, b) => b.maxCents - a.maxCents || a.at - b.at || a.seq - b.seq);
  }

  private leader(): AcceptedBid | undefined {
    return this.sorted()[0];
  }

  private runnerUpMax(): number {
    const leader = this.leader();
    const others = this.sorted().filter((b) => b.bidderId !== leader?.bidderId);
    return others[0]?.maxCents ?? 0;
  }

  private reserveMet(): boolean {
    const reserve = this.terms.reservePriceCents;
    const leader = this.leader();
    return reserve !== undefined && leader !== undefined && leader.maxCents >= reserve;
  }

  /** Why a bid or buy-now at `at` cannot be taken for timing reasons, if it cannot. */
  private windowProblem(at: number): string | undefined {
    if (this.status !== 'open') return 'auction_closed';
    if (at < this.terms.startsAt) return 'not_started';
    if (at >= this.endsAt) return 'auction_ended';
    return undefined;
  }

  apply(command: ModelCommand): ModelVerdict {
    switch (command.kind) {
      case 'bid':
        return this.bid(command.bidderId, command.maxCents, command.at);
      case 'buyNow':
        return this.buyNow(command.buyerId, command.at);
      case 'cancel':
        return this.cancel(command.by, command.at);
      case 'close':
        return this.close(command.at);
      default: {
        const unreachable: never = command;
        throw new Error(`reference model: unknown command ${JSON.stringify(unreachable)}`);
      }
    }
  }

  private bid(bidderId: string, maxCents: number, at: number): ModelVerdict {
    if (this.status !== 'open') return rejected('auction_closed');
    if (bidderId === this.terms.sellerId) return rejected('seller_cannot_bid');
    const timing = this.windowProblem(at);
    if (timing) return rejected(timing);
    if (!Number.isSafeInteger(maxCents) || maxCents < 1) return rejected('invalid_command');

    const leaderBefore = this.leader();
    if (!leaderBefore) {
      if (maxCents < this.terms.startingPriceCents) return rejected('below_starting_price');
    } else if (leaderBefore.bidderId === bidderId) {
      if (maxCents <= leaderBefore.maxCents) return rejected('not_above_own_maximum');
    } else if (maxCents < this.price + this.increment(this.price)) {
      return rejected('below_minimum_increment');
    }

    this.bids.push({ bidderId, maxCents, at, seq: this.bids.length });
    const raisedOwnLead = leaderBefore?.bidderId === bidderId;
    if (!raisedOwnLead) this.price = this.priceFromSortedBids();
    // Meeting the reserve lifts the price to it; nothing else moves a leader's own raise.
    const reserve = this.terms.reservePriceCents;
    if (reserve !== undefined && this.reserveMet()) this.price = Math.max(this.price, reserve);
    this.softClose(at);
    return ACCEPTED;
  }

  /** min(leader's maximum, runner-up's maximum + one increment); the start when alone. */
  private priceFromSortedBids(): number {
    const leader = this.leader()!;
    const runnerUp = this.runnerUpMax();
    if (runnerUp === 0) return this.terms.startingPriceCents;
    return Math.min(leader.maxCents, runnerUp + this.increment(runnerUp));
  }

  /** A bid accepted inside the window moves the end to at least its time plus the extension. */
  private softClose(at: number) {
    const { antiSnipingWindowMs: window, antiSnipingExtensionMs: extension } = this.terms;
    if (window > 0 && at >= this.endsAt - window)
      this.endsAt = Math.max(this.endsAt, at + extension);
  }

  private buyNow(buyerId: string, at: number): ModelVerdict {
    if (buyerId === this.terms.sellerId) return rejected('seller_cannot_bid');
    const price = this.terms.buyNowPriceCents;
    if (this.windowProblem(at) || this.bids.length > 0 || price === undefined)
      return rejected('buy_now_unavailable');
    this.settle('bought_now', buyerId, price);
    this.price = price;
    this.endedEarlyAt = at;
    return ACCEPTED;
  }

  private cancel(by: string, at: number): ModelVerdict {
    if (this.status !== 'open') return rejected('auction_closed');
    if (by !== this.terms.sellerId) return rejected('not_seller');
    if (this.bids.length > 0) return rejected('has_bids');
    this.status = 'cancelled';
    this.endedEarlyAt = at;
    return ACCEPTED;
  }

  private close(at: number): ModelVerdict {
    if (this.status !== 'open' || at < this.endsAt) return { verdict: 'ignored' };
    const leader = this.leader();
    if (!leader) this.settle('no_bids', null, null);
    else if (this.terms.reservePriceCents !== undefined && !this.reserveMet())
      this.settle('reserve_not_met', null, null);
    else this.settle('sold', leader.bidderId, this.price);
    return ACCEPTED;
  }

  private settle(outcome: ModelOutcome, winnerId: string | null, price: number | null) {
    this.status = 'closed';
    this.outcome = outcome;
    this.winnerId = winnerId;
    this.finalPrice = price;
  }

  /**
   * The per-auction standings as eBay shows them, straight from the definition: each bidder
   * once; the leader at the current price; everyone else at their highest maximum (all their
   * bids were beaten, and a beaten maximum is public); a buy-now buyer at the buy-now price.
   * Higher amount first; on equal amounts the leader first, then by bidder id.
   */
  standings(): ModelStanding[] {
    if (this.outcome === 'bought_now' && this.winnerId !== null)
      return [{ bidderId: this.winnerId, shownCents: this.price, leading: true }];
    const leaderId = this.leader()?.bidderId;
    const shown = new Map<string, number>();
    for (const b of this.bids)
      if (b.bidderId !== leaderId)
        shown.set(b.bidderId, Math.max(shown.get(b.bidderId) ?? 0, b.maxCents));
    const rows: ModelStanding[] = [...shown].map(([bidderId, shownCents]) => ({
      bidderId,
      shownCents,
      leading: false,
    }));
    if (leaderId !== undefined)
      rows.push({ bidderId: leaderId, shownCents: this.price, leading: true });
    return rows.sort((a, b) => {
      if (a.shownCents !== b.shownCents) return b.shownCents - a.shownCents;
      if (a.leading !== b.leading) return a.leading ? -1 : 1;
      return a.bidderId < b.bidderId ? -1 : 1;
    });
  }

  view(): ModelView {
    const leader = this.leader();
    return {
      status: this.status,
      priceCents: this.price,
      leaderId: leader?.bidderId ?? null,
      leaderMaxCents: leader?.maxCents ?? null,
      runnerUpMaxCents: this.runnerUpMax(),
      endsAt: this.endsAt,
      endedEarlyAt: this.endedEarlyAt,
      bidCount: this.bids.length,
      reserveMet: this.reserveMet(),
      outcome: this.outcome,
      winnerId: this.winnerId,
      finalPriceCents: this.finalPrice,
    };
  }
}
