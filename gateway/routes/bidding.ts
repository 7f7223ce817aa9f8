/**
 * Bids, buy-now and cancellation: each becomes a command on the auction's partition. The domain's
 * admission rules may refuse one early; a refusal the processor decides is answered the same way
 * (gateway/http/rejection-problems.ts), an accepted one with its decision.
 */
import { Router, type RequestHandler } from 'express';
import { cancelRefusal } from '../../processors/domain/index.js';
import { requireUser } from '../access/auth.js';
import { bidAnswers } from '../commands/bid-answer.js';
import type { BidPlacement } from '../commands/bid-placement.js';
import type { BidStages } from '../commands/bid-stages.js';
import { decisionWithin } from '../commands/decision-waiter.js';
import { KEY_HEADER, idempotencyKeyOf, newCommandId } from '../commands/identifiers.js';
import type { UserAndAddressLimit } from '../access/limiters.js';
import { decidedRefusal, refusal } from '../http/rejection-problems.js';
import { emptyBody, parse, waitQuery } from '../http/requests.js';
import { clientAddress } from '../http/client-address.js';
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

  const answer = bidAnswers({ readModel, waiter });

  // POST /auctions/:auctionId/bids is served ahead of Express (gateway/routes/place-bid.ts).
  router.post('/auctions/:auctionId/buy-now', ...bidder, async (req, res) => {
    const { wait } = parse(waitQuery, req.query, 'query');
    const idempotencyKey = idempotencyKeyOf(req.headers['idempotency-key']);
    parse(emptyBody, req.body, 'body');
    const { bidId, repeat } = await placement.buyNow({
      userId: req.userId!,
      auctionId: String(req.params.auctionId),
      idempotencyKey,
      keyField: KEY_HEADER,
      correlationId: req.correlationId,
    });
    const { status, body } = await answer(bidId, repeat ? 0 : wait);
    res.status(status).json(body);
  });

  router.post('/auctions/:auctionId/cancel', requireUser(tokens), async (req, res) => {
    const { wait } = parse(waitQuery, req.query, 'query');
    parse(emptyBody, req.body, 'body');
    const auction = await existingAuction(readModel, String(req.params.auctionId));
    // `scheduled` is open to the rules: a seller may cancel before the start.
    const stored = auction.status === 'scheduled' ? 'open' : auction.status;
    const refused = cancelRefusal({ ...auction, status: stored }, req.userId!);
    if (refused) throw refusal(refused, undefined, { auctionId: auction.auctionId });
    const commandId = newCommandId();
    await publisher.publish({
      type: 'CancelAuction',
      metadata: {
        commandId,
        auctionId: auction.auctionId,
        issuedBy: req.userId!,
        issuedAt: now(),
        correlationId: req.correlationId,
      },
      data: {},
    });
    const decision = wait ? await decisionWithin(waiter, readModel, commandId, wait) : undefined;
    if (decision) {
      if (!decision.accepted)
        throw decidedRefusal(decision.reason, decision.detail, {
          commandId,
          auctionId: auction.auctionId,
        });
      res.json({ commandId, status: 'decided', ...decision });
      return;
    }
    res.status(202).json({ commandId, status: 'pending' });
  });

  return router;
}
