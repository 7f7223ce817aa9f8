/**
 * Placing a bid, the same over HTTP and over the WebSocket: check the auction, then publish the
 * PlaceBid command. A repeat of an already decided bid publishes nothing.
 */
import type { CommandPublisher } from '../producers/command-publisher.js';
import { bidIdFor } from './identifiers.js';
import { conflict, forbidden, notFound } from './problems.js';
import type { ReadModel } from './read-model.js';
import { auctionIdParam } from './requests.js';

export interface BidRequest {
  readonly userId: string;
  readonly auctionId: string;
  readonly idempotencyKey: string;
  readonly maxAmountCents: number;
  readonly correlationId: string;
}

export function bidPlacement(readModel: ReadModel, publisher: CommandPublisher, now: () => number) {
  /** Returns the bid's id, and whether it had been decided before (a repeat). */
  return async function placeBid(bid: BidRequest): Promise<{ bidId: string; repeat: boolean }> {
    const { auctionId, userId } = bid;
    const bidId = bidIdFor(userId, auctionId, bid.idempotencyKey);
    const context = auctionIdParam.safeParse(auctionId).success
      ? await readModel.bidContext(auctionId, bidId)
      : undefined;
    if (!context) throw notFound('auction_not_found', `there is no auction ${auctionId}`);
    if (context.decided) return { bidId, repeat: true };
    if (context.status !== 'open')
      throw conflict('auction_closed', `auction ${auctionId} is ${context.status}`);
    if (context.sellerId === userId)
      throw forbidden('seller_cannot_bid', 'the seller cannot bid on their own auction');
    const placedAt = now();
    await publisher.publish({
      type: 'PlaceBid',
      auctionId,
      correlationId: bid.correlationId,
      payload: {
        commandId: bidId,
        auctionId,
        issuedBy: userId,
        issuedAt: placedAt,
        correlationId: bid.correlationId,
        bidId,
        idempotencyKey: bid.idempotencyKey,
        maxAmountCents: bid.maxAmountCents,
      },
    });
    return { bidId, repeat: false };
  };
}

export type PlaceBid = ReturnType<typeof bidPlacement>;
