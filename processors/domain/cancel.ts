/** CancelAuction: the seller may withdraw, but not once someone has a bid standing. */
import type { CancelAuction } from './commands.js';
import type { AuctionEvent } from './events.js';
import { firstProblem, idProblem, timeProblem } from './limits.js';
import { cancelRefusal } from './admission.js';
import { commandRejected } from './rejections.js';
import type { AuctionDeciderState } from './state.js';

export function decideCancel(command: CancelAuction, state: AuctionDeciderState): AuctionEvent[] {
  const malformed = firstProblem(
    idProblem('requestedBy', command.requestedBy),
    timeProblem('requestedAt', command.requestedAt),
  );
  if (malformed) return commandRejected(command.auctionId, 'invalid_command', malformed);
  if (state.status === 'not_created')
    return commandRejected(command.auctionId, 'auction_not_found');
  const refused = cancelRefusal(state, command.requestedBy);
  if (refused) return commandRejected(command.auctionId, refused);
  return [
    {
      type: 'AuctionCancelled',
      auctionId: command.auctionId,
      cancelledBy: command.requestedBy,
      cancelledAt: command.requestedAt,
    },
  ];
}
