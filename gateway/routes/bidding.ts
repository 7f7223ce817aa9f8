/** Bids, buy-now and cancellation: each becomes a command on the auction's partition. */
import { Router, type Response } from 'express';
import { requireUser } from '../auth.js';
import { decisionWithin } from '../decision-waiter.js';
import { bidIdFor, idempotencyKeyOf, newCommandId } from '../identifiers.js';
import { conflict, forbidden, notFound } from '../problems.js';
import type { ReadModel } from '../read-model.js';
import { auctionIdParam, emptyBody, parse, placeBidBody, waitQuery } from '../requests.js';
import { existingAuction, type RouteDependencies } from './auctions.js';

async function openAuction(readModel: ReadModel, auctionId: string) {
  const auction = await existingAuction(readModel, auctionId);
  if (auction.status !== 'open')
    throw conflict('auction_closed', `auction ${auctionId} is ${auction.status}`);
  return auction;
}

export function biddingRoutes({ readModel, publisher, waiter, tokens, now }: RouteDependencies) {
  const router = Router();

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

  router.post('/auctions/:auctionId/bids', requireUser(tokens), async (req, res) => {
    const { wait } = parse(waitQuery, req.query, 'query');
    const key = idempotencyKeyOf(req.headers['idempotency-key']);
    const { maxAmount } = parse(placeBidBody, req.body, 'body');
    const auctionId = String(req.params.auctionId);
    const bidId = bidIdFor(req.userId!, auctionId, key);
    const context = auctionIdParam.safeParse(auctionId).success
      ? await readModel.bidContext(auctionId, bidId)
      : undefined;
    if (!context) throw notFound('auction_not_found', `there is no auction ${auctionId}`);
    // A repeat of a decided bid gets the original decision, and nothing new is written.
    if (context.decided) return respond(res, bidId, 0);
    if (context.status !== 'open')
      throw conflict('auction_closed', `auction ${auctionId} is ${context.status}`);
    if (context.sellerId === req.userId)
      throw forbidden('seller_cannot_bid', 'the seller cannot bid on their own auction');
    const placedAt = now();
    await publisher.publish({
      type: 'PlaceBid',
      auctionId,
      correlationId: req.correlationId,
      payload: {
        commandId: bidId,
        auctionId,
        issuedBy: req.userId,
        issuedAt: placedAt,
        correlationId: req.correlationId,
        bidId,
        idempotencyKey: key,
        maxAmountCents: maxAmount,
      },
    });
    return respond(res, bidId, wait);
  });

  router.post('/auctions/:auctionId/buy-now', requireUser(tokens), async (req, res) => {
    const { wait } = parse(waitQuery, req.query, 'query');
    const key = idempotencyKeyOf(req.headers['idempotency-key']);
    parse(emptyBody, req.body, 'body');
    const bidId = bidIdFor(req.userId!, String(req.params.auctionId), key);
    if (await readModel.bidDecision(bidId)) return respond(res, bidId, 0);
    const auction = await openAuction(readModel, String(req.params.auctionId));
    if (auction.sellerId === req.userId)
      throw forbidden('seller_cannot_bid', 'the seller cannot buy their own item');
    const placedAt = now();
    await publisher.publish({
      type: 'BuyNow',
      auctionId: auction.auctionId,
      correlationId: req.correlationId,
      payload: {
        commandId: bidId,
        auctionId: auction.auctionId,
        issuedBy: req.userId,
        issuedAt: placedAt,
        correlationId: req.correlationId,
        bidId,
        idempotencyKey: key,
      },
    });
    return respond(res, bidId, wait);
  });

  router.post('/auctions/:auctionId/cancel', requireUser(tokens), async (req, res) => {
    const { wait } = parse(waitQuery, req.query, 'query');
    parse(emptyBody, req.body, 'body');
    const auction = await openAuction(readModel, String(req.params.auctionId));
    if (auction.sellerId !== req.userId)
      throw forbidden('not_seller', 'only the seller can cancel an auction');
    if (auction.bidCount > 0)
      throw conflict('has_bids', 'an auction with bids cannot be cancelled');
    const commandId = newCommandId();
    await publisher.publish({
      type: 'CancelAuction',
      auctionId: auction.auctionId,
      correlationId: req.correlationId,
      payload: {
        commandId,
        auctionId: auction.auctionId,
        issuedBy: req.userId,
        issuedAt: now(),
        correlationId: req.correlationId,
      },
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
