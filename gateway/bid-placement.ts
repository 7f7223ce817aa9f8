/**
 * Placing a bid or a buy-now, the same over HTTP and over the WebSocket: check the auction and
 * the Idempotency-Key, then publish the command. A repeat of an already decided request
 * publishes nothing; a key reused for another request is refused (gateway/idempotency.ts).
 */
import type { CommandPublisher } from '../producers/command-publisher.js';
import { bidIdFor } from './identifiers.js';
import {
  assertSameAsDecided,
  type IdempotencyKeys,
  type RequestFingerprint,
} from './idempotency.js';
import { conflict, forbidden, notFound } from './problems.js';
import type { ReadModel } from './read-model.js';
import { auctionIdParam } from './requests.js';

export interface BidRequest {
  readonly userId: string;
  readonly auctionId: string;
  readonly idempotencyKey: string;
  /** Where the key came from, named in a refusal: `Idempotency-Key` or `idempotencyKey`. */
  readonly keyField: string;
  readonly correlationId: string;
}

export interface Placed {
  readonly bidId: string;
  /** It had been decided before: the caller gets the original decision. */
  readonly repeat: boolean;
}

export function bidPlacement(
  readModel: ReadModel,
  publisher: CommandPublisher,
  keys: IdempotencyKeys,
  now: () => number,
) {
  /** Checks everything a bid or buy-now needs; returns its id and whether it is a repeat. */
  async function admit(request: BidRequest, fingerprint: RequestFingerprint) {
    const { auctionId, userId, idempotencyKey, keyField } = request;
    const bidId = bidIdFor(userId, auctionId, idempotencyKey);
    const context = auctionIdParam.safeParse(auctionId).success
      ? await readModel.bidContext(auctionId, bidId)
      : undefined;
    if (!context) throw notFound('auction_not_found', `there is no auction ${auctionId}`);
    if (context.decided) {
      assertSameAsDecided(idempotencyKey, context.decided, fingerprint, keyField);
      return { bidId, repeat: true };
    }
    if (context.status !== 'open')
      throw conflict('auction_closed', `auction ${auctionId} is ${context.status}`);
    if (context.sellerId === userId)
      throw forbidden(
        'seller_cannot_bid',
        fingerprint.kind === 'bid'
          ? 'the seller cannot bid on their own auction'
          : 'the seller cannot buy their own item',
      );
    await keys.claim(userId, idempotencyKey, fingerprint, keyField);
    return { bidId, repeat: false };
  }

  const common = (request: BidRequest, bidId: string) => ({
    commandId: bidId,
    auctionId: request.auctionId,
    issuedBy: request.userId,
    issuedAt: now(),
    correlationId: request.correlationId,
    bidId,
    idempotencyKey: request.idempotencyKey,
  });

  return {
    async placeBid(request: BidRequest & { readonly maxAmountCents: number }): Promise<Placed> {
      const placed = await admit(request, {
        kind: 'bid',
        auctionId: request.auctionId,
        maxAmountCents: request.maxAmountCents,
      });
      if (placed.repeat) return placed;
      await publisher.publish({
        type: 'PlaceBid',
        auctionId: request.auctionId,
        correlationId: request.correlationId,
        payload: { ...common(request, placed.bidId), maxAmountCents: request.maxAmountCents },
      });
      return placed;
    },

    async buyNow(request: BidRequest): Promise<Placed> {
      const placed = await admit(request, {
        kind: 'buy_now',
        auctionId: request.auctionId,
        maxAmountCents: null,
      });
      if (placed.repeat) return placed;
      await publisher.publish({
        type: 'BuyNow',
        auctionId: request.auctionId,
        correlationId: request.correlationId,
        payload: common(request, placed.bidId),
      });
      return placed;
    },
  };
}

export type BidPlacement = ReturnType<typeof bidPlacement>;
export type PlaceBid = BidPlacement['placeBid'];
