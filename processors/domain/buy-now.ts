/** BuyNow: the first taker at the seller's fixed price ends the auction, until bidding starts. */
import type { BuyNow } from './commands.js';
import type { AuctionEvent } from './events.js';
import { firstProblem, idProblem, timeProblem } from './limits.js';
import { buyNowRefusal, isPastEnd } from './admission.js';
import { bidRejected } from './rejections.js';
import type { AuctionDeciderState } from './state.js';

export function decideBuyNow(command: BuyNow, state: AuctionDeciderState): AuctionEvent[] {
  const { buyerId } = command;
  const malformed = firstProblem(
    idProblem('bidId', command.bidId),
    idProblem('buyerId', buyerId),
    timeProblem('placedAt', command.placedAt),
  );
  if (malformed) return bidRejected(command, buyerId, 'invalid_command', state, malformed);
  if (state.status === 'not_created')
    return bidRejected(command, buyerId, 'auction_not_found', state);
  const refused =
    buyNowRefusal(state, buyerId, command.placedAt) ??
    (isPastEnd(state, command.placedAt) ? 'buy_now_unavailable' : undefined);
  const priceCents = state.buyNowPriceCents;
  if (refused || priceCents === undefined)
    return bidRejected(command, buyerId, refused ?? 'buy_now_unavailable', state);
  return [
    {
      type: 'AuctionClosed',
      auctionId: command.auctionId,
      outcome: 'bought_now',
      winnerId: buyerId,
      priceCents,
      closedAt: command.placedAt,
    },
  ];
}
