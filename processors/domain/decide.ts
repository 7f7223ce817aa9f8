/**
 * decide(command, state, now) → events: the auction rules, pure and deterministic. Each command
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
import { DEFAULT_AUCTION_LIMITS, type AuctionLimits } from './limits.js';
import type { AuctionState } from './state.js';

/**
 * `now` is the processor's clock. Only a create reads it (its start must be near now, so a
 * request cannot open an auction in year 0 or 9999); bids and buy-now are judged at the gateway's
 * `placedAt`, closes at their `requestedAt`, so replaying the log decides them the same way.
 */
export function decide(
  command: AuctionCommand,
  state: AuctionState | undefined,
  now: number,
  limits: AuctionLimits = DEFAULT_AUCTION_LIMITS,
): AuctionEvent[] {
  switch (command.type) {
    case 'CreateAuction':
      return decideCreate(command, state, now, limits);
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
