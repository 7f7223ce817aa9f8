/** Bids, buy-now and cancellation: each becomes a command on the auction's partition. */
import { Router, type RequestHandler, type Response } from 'express';
import { requireUser } from '../auth.js';
import type { BidPlacement } from '../bid-placement.js';
import type { BidStages } from '../bid-stages.js';
import { decisionWithin } from '../decision-waiter.js';
import { idempotencyKeyOf, newCommandId } from '../identifiers.js';
import { conflict, forbidden } from '../problems.js';
import type { UserAndAddressLimit } from '../rate-limit.js';
import { emptyBody, parse, placeBidBody, waitQuery } from '../requests.js';
import { clientAddress } from '../client-address.js';
import { existingAuction, type RouteDependencies } from './auctions.js';

export interface BiddingDependencies extends RouteDependencies {
  /** Bids and buy-nows, per user and per client address. */
  readonly bidRateLimit: UserAndAddressLimit;
  readonly placement: BidPlacement;
  readonly bidStages: BidStages;
}

/** Counts every bid attempt of the authenticated user and address, before any work is spent on it. */
const limitBids =
  (limit: UserAndAddressLimit, stages: BidStages): RequestHandler =>
  (req, _res, next) => {
    stages
      .time('rate_limit', limit.check(req.userId!, clientAddress(req)))
      .then(() => next(), next);
  };

const KEY_FIELD = 'Idempotency-Key';

export function biddingRoutes({
  readModel,
  publisher,
  waiter,
  tokens,
  now,
  bidRateLimit,
  placement,
  bidStages,
}: BiddingDependencies) {
  const router = Router();
  const bidder = [requireUser(tokens), limitBids(bidRateLimit, bidStages)];

  /** Answers with the decision if it is (or becomes, within `wait` ms) known; else 202. */
  const respond = async (res: Response, bidId: string, wait: number | undefined) => {
    const decided = async () => !!(await readModel.bidDecision(bidId));
    if (wait !== undefined && (await waiter.wait(bidId, wait, decided))) {
      const decision = await readModel.bidDecision(bidId);
      const auction = decision && (await readModel.auction(decision.auctionId));
      res.json({ ...decision, leaderId: auction?.leaderId ?? null, status: 'decided' });
      return;
    }
    res.status(202).json({ bidId, status: 'pending' });
  };

  router.post('/auctions/:auctionId/bids', ...bidder, async (req, res) => {
    const { wait } = parse(waitQuery, req.query, 'query');
    const idempotencyKey = idempotencyKeyOf(req.headers['idempotency-key']);
    const { maxAmount } = parse(placeBidBody, req.body, 'body');
    const { bidId, repeat } = await placement.placeBid({
      userId: req.userId!,
      auctionId: String(req.params.auctionId),
      idempotencyKey,
      keyField: KEY_FIELD,
      maxAmountCents: maxAmount,
      correlationId: req.correlationId,
    });
    // A repeat of a decided bid gets the original decision at once.
    return respond(res, bidId, repeat ? 0 : wait);
  });

  router.post('/auctions/:auctionId/buy-now', ...bidder, async (req, res) => {
    const { wait } = parse(waitQuery, req.query, 'query');
    const idempotencyKey = idempotencyKeyOf(req.headers['idempotency-key']);
    parse(emptyBody, req.body, 'body');
    const { bidId, repeat } = await placement.buyNow({
      userId: req.userId!,
      auctionId: String(req.params.auctionId),
      idempotencyKey,
      keyField: KEY_FIELD,
      correlationId: req.correlationId,
    });
    return respond(res, bidId, repeat ? 0 : wait);
  });

  router.post('/auctions/:auctionId/cancel', requireUser(tokens), async (req, res) => {
    const { wait } = parse(waitQuery, req.query, 'query');
    parse(emptyBody, req.body, 'body');
    const auction = await existingAuction(readModel, String(req.params.auctionId));
    if (auction.status !== 'open')
      throw conflict('auction_closed', `auction ${auction.auctionId} is ${auction.status}`);
    if (auction.sellerId !== req.userId)
      throw forbidden('not_seller', 'only the seller can cancel an auction');
    if (auction.bidCount > 0)
      throw conflict('has_bids', 'an auction with bids cannot be cancelled');
    const commandId = newCommandId();
    await publisher.publish({
      type: 'CancelAuction',
      metadata: {
        commandId,
        auctionId: auction.auctionId,
        issuedBy: req.userId,
        issuedAt: now(),
        correlationId: req.correlationId,
      },
      data: {},
    });
    const decision = wait ? await decisionWithin(waiter, readModel, commandId, wait) : undefined;
    if (decision) {
      res.json({ commandId, status: 'decided', ...decision });
      return;
    }
    res.status(202).json({ commandId, status: 'pending' });
  });

  return router;
}
