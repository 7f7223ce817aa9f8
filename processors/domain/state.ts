/**
 * One auction's state: a plain JSON-safe object (no classes, Sets or Maps, no undefined values),
 * because the processor snapshots it to Postgres as JSON and decides from the reloaded copy.
 * Before the auction is created the decider holds `NOT_CREATED` instead.
 */
import type { CloseOutcome } from './events.js';
import type { IncrementTable } from './money.js';

export interface Leader {
  readonly bidderId: string;
  /** Hidden: the most the leader's proxy will bid. */
  readonly maxCents: number;
  /** When the leader first took the lead; on equal maximums the earlier bid leads. */
  readonly placedAt: number;
}

export interface AuctionState {
  readonly auctionId: string;
  readonly status: 'open' | 'closed' | 'cancelled';
  readonly sellerId: string;
  readonly itemId: string;
  readonly title: string;
  readonly externalRef?: string | undefined;
  readonly startingPriceCents: number;
  /** Hidden reserve: below it the auction does not sell. */
  readonly reservePriceCents?: number | undefined;
  readonly buyNowPriceCents?: number | undefined;
  readonly startsAt: number;
  /** Moves later when a bid lands in the anti-sniping window. */
  readonly endsAt: number;
  readonly antiSnipingWindowMs: number;
  readonly antiSnipingExtensionMs: number;
  /** The auction's own table, or eBay's. */
  readonly increments: IncrementTable;
  readonly leader: Leader | null;
  /** The highest maximum among bidders other than the leader (0 when none). */
  readonly runnerUpMaxCents: number;
  readonly visiblePriceCents: number;
  /** Accepted bids, including the leader's raises. */
  readonly bidCount: number;
  readonly reserveMet: boolean;
  /** Set when the auction closes. */
  readonly outcome?: CloseOutcome | undefined;
  readonly winnerId?: string | null | undefined;
  readonly finalPriceCents?: number | null | undefined;
  /**
   * Set when it closes or is cancelled: the moment bidding stopped, before `endsAt` after a
   * buy-now or a cancel. The read view's `endsAt` is the earlier of the two (batch-decider.ts).
   */
  readonly closedAt?: number | undefined;
}

/** The decider's state before an AuctionCreated: nothing but the fact that there is no auction. */
export interface NotCreated {
  readonly status: 'not_created';
}

export const NOT_CREATED: NotCreated = { status: 'not_created' };

/** What decide reads and evolve folds into: an auction, or that none was created yet. */
export type AuctionDeciderState = NotCreated | AuctionState;
