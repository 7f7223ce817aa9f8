/** Building rejection events (whether a command is refused: admission.ts and the deciders). */
import type { AuctionCommand, BuyNow, PlaceBid } from './commands.js';
import type { AuctionEvent, BidRejected, CommandRejected, RejectionReason } from './events.js';
import type { AuctionDeciderState } from './state.js';

/** A refused bid or buy-now; it carries the price so the bidder learns what to beat. */
export const bidRejected = (
  command: PlaceBid | BuyNow,
  bidderId: string,
  reason: RejectionReason,
  state: AuctionDeciderState,
  detail?: string,
): BidRejected[] => [
  {
    type: 'BidRejected',
    auctionId: command.auctionId,
    bidId: command.bidId,
    bidderId,
    reason,
    visiblePriceCents: state.status === 'not_created' ? 0 : state.visiblePriceCents,
    placedAt: command.placedAt,
    ...(detail === undefined ? {} : { detail }),
  },
];

/** A refused create or cancel. `detail` is for people (it names the offending field). */
export const commandRejected = (
  auctionId: string,
  reason: RejectionReason,
  detail?: string,
): CommandRejected[] => [
  { type: 'CommandRejected', auctionId, reason, ...(detail === undefined ? {} : { detail }) },
];

/**
 * The rejection of any command, for the processor's own refusals (e.g. a decision the store
 * refused): a bid or buy-now gets a BidRejected, a create or cancel a CommandRejected, and a close,
 * which never gives a rejection, nothing.
 */
export function refusal(
  command: AuctionCommand,
  state: AuctionDeciderState,
  reason: RejectionReason,
  detail: string,
): AuctionEvent[] {
  switch (command.type) {
    case 'PlaceBid':
      return bidRejected(command, command.bidderId, reason, state, detail);
    case 'BuyNow':
      return bidRejected(command, command.buyerId, reason, state, detail);
    case 'CreateAuction':
    case 'CancelAuction':
      return commandRejected(command.auctionId, reason, detail);
    case 'CloseAuction':
      return [];
    default: {
      const unreachable: never = command;
      throw new Error(`unknown command ${(unreachable as { type: string }).type}`);
    }
  }
}
