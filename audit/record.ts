/**
 * What an audit works from: one auction's commands in log order (from the commands topic or the
 * decision log), and what the system stored about them. Plain data, no I/O, no rules.
 */

/** A create's terms as the command carried them: cents, epoch milliseconds. */
export interface AuditTerms {
  readonly sellerId: string;
  readonly itemId: string;
  readonly startingPriceCents: number;
  readonly reservePriceCents?: number | undefined;
  readonly buyNowPriceCents?: number | undefined;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly antiSnipingWindowMs: number;
  readonly antiSnipingExtensionMs: number;
  readonly incrementTable?:
    readonly { readonly fromCents: number; readonly incrementCents: number }[] | undefined;
}

interface Logged {
  /** Its offset in the auction's partition of the commands topic; null when not recorded. */
  readonly offset: string | null;
  /** The gateway's (or the close timer's) timestamp, epoch ms. */
  readonly at: number;
}

/** One command of the auction's record. */
export type AuditCommand =
  | (Logged & { readonly kind: 'create'; readonly commandId: string; readonly terms: AuditTerms })
  | (Logged & {
      readonly kind: 'bid';
      readonly bidId: string;
      readonly bidderId: string;
      readonly maxCents: number;
    })
  | (Logged & { readonly kind: 'buyNow'; readonly bidId: string; readonly buyerId: string })
  | (Logged & { readonly kind: 'cancel'; readonly commandId: string; readonly by: string })
  | (Logged & { readonly kind: 'close'; readonly commandId: string })
  /** A message of the auction's key that cannot be read: the processor dead-lettered it. */
  | (Logged & { readonly kind: 'unreadable'; readonly reason: string });

export type AuditSource = 'commands topic' | 'decision log';

/** The auction's row as stored: its outcome and what anyone sees of it. */
export interface StoredAuction {
  readonly auctionId: string;
  readonly partition: number;
  readonly commandsTopic: string | null;
  readonly status: 'open' | 'closed' | 'cancelled';
  readonly outcome: string | null;
  readonly winnerId: string | null;
  readonly finalPriceCents: number | null;
  readonly visiblePriceCents: number;
  readonly leaderId: string | null;
  readonly bidCount: number;
  readonly endsAt: number;
}

/** A decision as the decision log keeps it. */
export interface StoredDecision {
  readonly accepted: boolean;
  readonly reason: string | null;
  /** Bids and buy-nows: the price shown after it, and whether its bidder led then. */
  readonly visiblePriceCents?: number;
  readonly leading?: boolean;
}

/** The stored side of one auction: its row, and the decision of each command by its id. */
export interface StoredRecord {
  readonly auction: StoredAuction;
  /** By bid id. */
  readonly bids: ReadonlyMap<string, StoredDecision>;
  /** Creates, cancels and closes, by command id. */
  readonly commands: ReadonlyMap<string, StoredDecision>;
  /** Whether closes are in the decision log (false for auctions decided before migration 0014). */
  readonly closesRecorded: boolean;
}

/** One auction's record, ready to audit. */
export interface AuditRecord {
  readonly source: AuditSource;
  /** Why that source, and anything the reader should know about the record. */
  readonly notes: readonly string[];
  readonly commands: readonly AuditCommand[];
  readonly stored: StoredRecord;
}
