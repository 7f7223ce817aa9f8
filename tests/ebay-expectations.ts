/**
 * The final state a logged auction must reach when every recorded bid arrives in order and on
 * time: computed with the pure domain rules alone, no infrastructure. This is what a clean run
 * of the system gives.
 */
import { parseAmount } from '../gateway/money.js';
import type { LoggedAuction } from '../loadtest/bid-log.js';
import {
  decide,
  evolve,
  type AuctionCommand,
  type AuctionState,
} from '../processors/domain/index.js';

export interface ExpectedFinal {
  readonly status: 'closed';
  readonly outcome: string;
  readonly winnerId: string | null;
  readonly finalPriceCents: number | null;
  readonly bidCount: number;
}

function cents(amount: string): number {
  const parsed = parseAmount(amount);
  if (!parsed.ok) throw new Error(`"${amount}" is not an amount (${parsed.problem})`);
  return parsed.cents;
}

export function expectedFinal(auction: LoggedAuction, sellerId: string): ExpectedFinal {
  const auctionId = auction.sourceId;
  const commands: AuctionCommand[] = [
    {
      type: 'CreateAuction',
      auctionId,
      sellerId,
      itemId: auction.item,
      title: auction.item,
      startingPriceCents: cents(auction.startingPrice),
      startsAt: 0,
      endsAt: 1_000,
      antiSnipingWindowMs: 0,
      antiSnipingExtensionMs: 0,
    },
    ...auction.bids.map((bid, n): AuctionCommand => ({
      type: 'PlaceBid',
      auctionId,
      bidId: String(n),
      bidderId: bid.bidderId,
      maxAmountCents: cents(bid.amount),
      placedAt: 1 + n,
    })),
    { type: 'CloseAuction', auctionId, requestedAt: 1_001 },
  ];
  let state: AuctionState | undefined;
  for (const command of commands) {
    state = decide(command, state, command.type === 'CloseAuction' ? 1_001 : 0).reduce(
      evolve,
      state,
    );
  }
  if (!state || state.status !== 'closed') throw new Error(`auction ${auctionId} did not close`);
  return {
    status: 'closed',
    outcome: String(state.outcome),
    winnerId: state.winnerId ?? null,
    finalPriceCents: state.finalPriceCents ?? null,
    bidCount: state.bidCount,
  };
}
