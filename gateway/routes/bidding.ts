/**
 * Bids, buy-now and cancellation: each becomes a command on the auction's partition. The domain's
 * admission rules may refuse one early; a refusal the processor decides is answered the same way
 * (gateway/refusals.ts), an accepted one with its decision.
 */
import { Router, type RequestHandler, type Response } from 'express';
import { cancelRefusal, minimumNextBidCents } from '../../processors/domain/index.js';
import { requireUser } from '../auth.js';
import type { BidPlacement } from '../bid-placement.js';
import type { BidStages } from '../bid-stages.js';
import { decisionWithin } from '../decision-waiter.js';
import { formatCents } from '../money.js';
import { idempotencyKeyOf, newCommandId } from '../identifiers.js';
import { requireJsonBody } from '../media-type.js';
import type { UserAndAddressLimit } from '../rate-limit.js';
import { decidedRefusal, refusal } from '../refusals.js';
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

  /** The minimum next bid when the price was `priceCents` (bids standing), from the auction's table. */
  const minimumAt = async (auctionId: string, priceCents: number) => {
    const auction = await readModel.auction(auctionId);
    if (!auction) return undefined;
    const cents = minimumNextBidCents({
      hasLeader: true,
      visiblePriceCents: priceCents,
      startingPriceCents: auction.startingPriceCents,
      increments: auction.incrementTable,
    });
    return { minimumNextBidCents: cents, minimumNextBid: formatCents(cents) };
  };

  /**
   * Answers with the decision if it is (or becomes, within `wait` ms) known: 200 if accepted, the
   * reason's problem if rejected; else 202.
   */
  const respond = async (res: Response, bidId: string, wait: number | undefined) => {
    const decided = async () => !!(await readModel.bidDecision(bidId));
    if (wait !== undefined && (await waiter.wait(bidId, wait, decided))) {
      const decision = await readModel.bidDecision(bidId);
      if (decision && !decision.accepted) {
        const { auctionId, visiblePriceCents, visiblePrice, placedAt } = decision;
        const minimum =
          decision.reason === 'below_minimum_increment'
            ? await minimumAt(auctionId, visiblePriceCents)
            : undefined;
        throw decidedRefusal(
          decision.reason,
          minimum &&
            `The bid must be at least ${minimum.minimumNextBid}: the price plus one increment.`,
          { bidId, auctionId, visiblePriceCents, visiblePrice, placedAt, ...minimum },
        );
      }
      // The leader now and the end this bid moved: two independent reads, made together.
      const [auction, extended] = decision
        ? await Promise.all([
            readModel.auction(decision.auctionId),
            readModel.extension(decision.auctionId, bidId),
          ])
        : [undefined, null];
      res.json({ ...decision, leaderId: auction?.leaderId ?? null, extended, status: 'decided' });
      return;
    }
    res.status(202).json({ bidId, status: 'pending' });
  };

  router.post('/auctions/:auctionId/bids', ...bidder, requireJsonBody, async (req, res) => {
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
