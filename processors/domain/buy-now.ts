/** BuyNow: the first taker at the seller's fixed price ends the auction, until bidding starts. */
import type { BuyNow } from './commands.js';
import type { AuctionEvent } from './events.js';
import { firstProblem, idProblem, timeProblem } from './limits.js';
import { bidRejected, biddingWindowProblem } from './rejections.js';
import type { AuctionState } from './state.js';

export function decideBuyNow(command: BuyNow, state: AuctionState | undefined): AuctionEvent[] {
  const { buyerId } = command;
  const malformed = firstProblem(
    idProblem('bidId', command.bidId),
    idProblem('buyerId', buyerId),
    timeProblem('placedAt', command.placedAt),
  );
  if (malformed) return bidRejected(command, buyerId, 'invalid_command', state, malformed);
  if (!state) return bidRejected(command, buyerId, 'auction_not_found', state);
  if (buyerId === state.sellerId) return bidRejected(command, buyerId, 'seller_cannot_bid', state);
  // Closed, outside the bidding window, after the first accepted bid, or never offered: the
  // rule names one reason for all of these, since to the buyer they mean the same thing.
  if (
    biddingWindowProblem(state, command.placedAt) !== undefined ||
    state.bidCount > 0 ||
    state.buyNowPriceCents === undefined
  )
    return bidRejected(command, buyerId, 'buy_now_unavailable', state);
  return [
    {
      type: 'AuctionClosed',
      auctionId: command.auctionId,
      outcome: 'bought_now',
      winnerId: buyerId,
      priceCents: state.buyNowPriceCents,
      closedAt: command.placedAt,
    },
  ];
}
