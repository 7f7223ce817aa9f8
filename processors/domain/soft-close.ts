/** Anti-sniping: a late accepted bid pushes the end back so others can answer it. */
import type { AuctionExtended } from './events.js';
import type { AuctionState } from './state.js';

/**
 * The extension an accepted bid at `placedAt` causes, if any: inside the last
 * `antiSnipingWindowMs` the end moves to at least `placedAt + antiSnipingExtensionMs`. The end
 * never moves earlier, so an extension shorter than the time left changes nothing (no event).
 */
export function softCloseExtension(
  state: AuctionState,
  placedAt: number,
  bidId: string,
): AuctionExtended | undefined {
  if (state.antiSnipingWindowMs <= 0) return undefined; // a zero window disables soft close
  if (placedAt < state.endsAt - state.antiSnipingWindowMs) return undefined;
  const newEndsAt = Math.max(state.endsAt, placedAt + state.antiSnipingExtensionMs);
  if (newEndsAt === state.endsAt) return undefined;
  return {
    type: 'AuctionExtended',
    auctionId: state.auctionId,
    previousEndsAt: state.endsAt,
    newEndsAt,
    byBidId: bidId,
  };
}
