/** CancelAuction: the seller may withdraw, but not once someone has a bid standing. */
import type { CancelAuction } from './commands.js';
import type { AuctionEvent } from './events.js';
import { firstProblem, idProblem, timeProblem } from './limits.js';
import { commandRejected } from './rejections.js';
import type { AuctionState } from './state.js';

export function decideCancel(
  command: CancelAuction,
  state: AuctionState | undefined,
): AuctionEvent[] {
  const malformed = firstProblem(
    idProblem('requestedBy', command.requestedBy),
    timeProblem('requestedAt', command.requestedAt),
  );
  if (malformed) return commandRejected(command.auctionId, 'invalid_command', malformed);
  if (!state) return commandRejected(command.auctionId, 'auction_not_found');
  if (state.status !== 'open') return commandRejected(command.auctionId, 'auction_closed');
  if (command.requestedBy !== state.sellerId)
    return commandRejected(command.auctionId, 'not_seller');
  if (state.bidCount > 0) return commandRejected(command.auctionId, 'has_bids');
  return [
    {
      type: 'AuctionCancelled',
      auctionId: command.auctionId,
      cancelledBy: command.requestedBy,
      cancelledAt: command.requestedAt,
    },
  ];
}
