/** CloseAuction: settles an auction whose end has passed. */
import type { CloseAuction } from './commands.js';
import type { AuctionClosed, AuctionEvent } from './events.js';
import { timeProblem } from './limits.js';
import type { AuctionDeciderState } from './state.js';

/**
 * Closes are scheduled by the processor, so one may be early (a late bid moved the end), repeated
 * or about an auction already settled. None of those is an error: they give no events, and the
 * processor schedules a close for the new end. A close stamped at a time the store cannot hold
 * is not the scheduler's: it is ignored too.
 */
export function decideClose(command: CloseAuction, state: AuctionDeciderState): AuctionEvent[] {
  if (state.status !== 'open' || command.requestedAt < state.endsAt) return [];
  if (timeProblem('requestedAt', command.requestedAt)) return [];
  const closed = (
    outcome: AuctionClosed['outcome'],
    winnerId: string | null,
    priceCents: number | null,
  ): AuctionClosed[] => [
    {
      type: 'AuctionClosed',
      auctionId: command.auctionId,
      outcome,
      winnerId,
      priceCents,
      closedAt: command.requestedAt,
    },
  ];
  if (!state.leader) return closed('no_bids', null, null);
  if (state.reservePriceCents !== undefined && !state.reserveMet)
    return closed('reserve_not_met', null, null);
  return closed('sold', state.leader.bidderId, state.visiblePriceCents);
}
