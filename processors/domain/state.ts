/** One auction's state: a plain JSON-safe object, snapshotted to Postgres by the processor. */
import type { CloseOutcome } from './events.js';
import type { IncrementTable } from './money.js';

export interface Leader {
  readonly bidderId: string;
  readonly maxCents: number;
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
  readonly reservePriceCents?: number | undefined;
  readonly buyNowPriceCents?: number | undefined;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly antiSnipingWindowMs: number;
  readonly antiSnipingExtensionMs: number;
  readonly increments: IncrementTable;
  readonly leader: Leader | null;
  /** The highest maximum among bidders other than the leader (0 when none). */
  readonly runnerUpMaxCents: number;
  readonly visiblePriceCents: number;
  readonly bidCount: number;
  readonly reserveMet: boolean;
  readonly outcome?: CloseOutcome | undefined;
  readonly winnerId?: string | null | undefined;
  readonly finalPriceCents?: number | null | undefined;
}
