/**
 * Bids the gateway took (202) that the processor then refused, read back per reason, and what
 * they say about a replay: a bid decided `auction_ended` (or `auction_closed`, when the
 * scheduled close overtook it in the log) reached the processor after its auction's end, having
 * queued somewhere on the way. Such a replay is not clean, even when the door refused nothing.
 * Refusals by the rules (a bid too low, say) are the product's answers, not timing. Pure.
 */

/** The reasons that mean "too late": the processor saw the bid after the auction's end. */
export const LATE_REASONS: readonly string[] = ['auction_ended', 'auction_closed'];

/** Bids accepted at the door and decided as refusals, by the processor's reason. */
export type RefusalsByReason = Readonly<Record<string, number>>;

/** How many of them were decided late. */
export const decidedLate = (byReason: RefusalsByReason): number =>
  LATE_REASONS.reduce((n, reason) => n + (byReason[reason] ?? 0), 0);

export const totalOf = (byReason: RefusalsByReason): number =>
  Object.values(byReason).reduce((n, count) => n + count, 0);

export interface Cleanliness {
  readonly clean: boolean;
  /** Why not, one phrase each; empty when clean. */
  readonly because: readonly string[];
}

/**
 * A replay is clean when it finished, every auction closed, the door refused no bid and no bid
 * it took was decided late. `acceptedThenRefused` null: the decisions could not be read, so
 * nothing says the run was clean.
 */
export function cleanliness(r: {
  readonly partial: boolean;
  readonly auctions: number;
  readonly closed: number;
  readonly bidsRefusedByGateway: number;
  readonly acceptedThenRefused: RefusalsByReason | null;
}): Cleanliness {
  const because: string[] = [];
  if (r.partial) because.push('the run gave up');
  if (r.closed < r.auctions) because.push(`${r.auctions - r.closed} auctions not closed`);
  if (r.bidsRefusedByGateway > 0)
    because.push(`${r.bidsRefusedByGateway} bids refused at the door`);
  if (r.acceptedThenRefused === null) because.push('the decisions could not be read');
  else {
    const late = decidedLate(r.acceptedThenRefused);
    if (late > 0) because.push(`${late} bids accepted (202) and then decided late`);
  }
  return { clean: because.length === 0, because };
}
