/**
 * decide(command, state, context) → events: the auction rules, pure and deterministic. Each command
 * type has its own file; this only dispatches.
 *
 * Rejections: a refused PlaceBid or BuyNow gives one BidRejected; a refused CreateAuction or
 * CancelAuction gives one CommandRejected. A CloseAuction that cannot close yet (early, repeated,
 * already settled, unknown auction) gives no events at all.
 */
import { decideBid } from './bid.js';
import { decideBuyNow } from './buy-now.js';
import { decideCancel } from './cancel.js';
import { decideClose } from './close.js';
import type { AuctionCommand } from './commands.js';
import { decideCreate } from './create.js';
import type { AuctionEvent } from './events.js';
import type { AuctionLimits } from './limits.js';
import type { AuctionDeciderState } from './state.js';

/** What a decision reads besides the command and the auction's own state. */
export interface DecisionContext {
  /**
   * The processor's clock. Only a create reads it (its start must be near now, so a request
   * cannot open an auction in year 0 or 9999); bids and buy-now are judged at the gateway's
   * `placedAt`, closes at their `requestedAt`, so replaying the log decides them the same way.
   */
  readonly now: number;
  readonly limits: AuctionLimits;
  /**
   * Whether the seller of a CreateAuction already has an open auction of the same item (another
   * seller may list the same item id). A fact about other auctions, so the caller, which sees
   * them, supplies it; only a create reads it.
   */
  readonly itemHasOpenAuction: boolean;
}

export function decide(
  command: AuctionCommand,
  state: AuctionDeciderState,
  context: DecisionContext,
): AuctionEvent[] {
  switch (command.type) {
    case 'CreateAuction':
      return decideCreate(command, state, context);
    case 'PlaceBid':
      return decideBid(command, state);
    case 'BuyNow':
      return decideBuyNow(command, state);
    case 'CancelAuction':
      return decideCancel(command, state);
    case 'CloseAuction':
      return decideClose(command, state);
    default: {
      const unreachable: never = command;
      throw new Error(`unknown command ${(unreachable as { type: string }).type}`);
    }
  }
}
