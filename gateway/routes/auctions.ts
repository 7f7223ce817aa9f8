/** Creating and reading auctions. */
import { Router } from 'express';
import { createProblem, type AuctionLimits } from '../../processors/domain/index.js';
import type { CommandPublisher } from '../../producers/command-publisher.js';
import { auctionTimes } from '../commands/auction-times.js';
import type { TokenVerifier } from '../access/auth.js';
import { requireUser } from '../access/auth.js';
import { clientAddress } from '../http/client-address.js';
import { decisionWithin, type DecisionWaiter } from '../commands/decision-waiter.js';
import { newAuctionId, newCommandId } from '../commands/identifiers.js';
import { requireJsonBody } from '../http/media-type.js';
import type { AuctionBounds } from '../config/limits-config.js';
import { page } from '../http/paging.js';
import type { UserAndAddressLimit } from '../access/limiters.js';
import type { ReadModel } from '../reads/read-model.js';
import { decidedRefusal, refusal } from '../http/rejection-problems.js';
import { createTermsInApiWords } from '../http/rejection-problems-terms.js';
import {
  auctionIdParam,
  createAuctionBody,
  listAuctionsQuery,
  pageQuery,
  parse,
  waitQuery,
} from '../http/requests.js';

export interface RouteDependencies {
  readonly readModel: ReadModel;
  readonly publisher: CommandPublisher;
  readonly waiter: DecisionWaiter;
  readonly tokens: TokenVerifier;
  readonly now: () => number;
}

export interface AuctionDependencies extends RouteDependencies {
  readonly auctionBounds: AuctionBounds;
  /** Auctions created, per seller and per client address. */
  readonly auctionRateLimit: UserAndAddressLimit;
  /** The one currency of every amount (config CURRENCY), for refusals that name amounts. */
  readonly currency: string;
}

const DAY_MS = 86_400_000;

/** The gateway's bounds on auction times, as the domain's rules take them. */
const domainLimits = (bounds: AuctionBounds): AuctionLimits => ({
  startSkewMs: bounds.startSkewSeconds * 1000,
  maxStartAheadMs: bounds.maxStartAheadDays * DAY_MS,
  maxDurationMs: bounds.maxDurationDays * DAY_MS,
});

export function auctionRoutes({
  readModel,
  publisher,
  waiter,
  tokens,
  now,
  auctionBounds,
  auctionRateLimit,
  currency,
}: AuctionDependencies) {
  const router = Router();

  router.post('/auctions', requireUser(tokens), requireJsonBody, async (req, res) => {
    await auctionRateLimit.check(req.userId!, clientAddress(req));
    const { wait } = parse(waitQuery, req.query, 'query');
    const body = parse(createAuctionBody, req.body, 'body');
    const clock = now();
    const { startsAt, endsAt } = auctionTimes(body, clock, auctionBounds);
    const auctionId = newAuctionId();
    // Whether these terms make an auction is the domain's to say (the processor asks it again).
    const problem = createProblem(
      {
        type: 'CreateAuction',
        auctionId,
        sellerId: req.userId!,
        itemId: body.itemId,
        title: body.title,
        startingPriceCents: body.startingPrice,
        reservePriceCents: body.reservePrice,
        buyNowPriceCents: body.buyNowPrice,
        startsAt,
        endsAt,
        antiSnipingWindowMs: body.antiSnipingWindowSeconds * 1000,
        antiSnipingExtensionMs: body.antiSnipingExtensionSeconds * 1000,
        incrementTable: body.incrementTable?.map((s) => ({
          fromCents: s.from,
          incrementCents: s.increment,
        })),
        externalRef: body.externalRef,
      },
      clock,
      domainLimits(auctionBounds),
    );
    // The domain words its refusal for the command; the client reads it in the request's terms.
    const inApiWords = (detail: string) =>
      createTermsInApiWords(
        detail,
        {
          startingPriceCents: body.startingPrice,
          reservePriceCents: body.reservePrice,
          buyNowPriceCents: body.buyNowPrice,
        },
        currency,
      );
    if (problem) throw refusal('invalid_command', problem, {}, inApiWords);
    const open = await readModel.openAuctionForItem(req.userId!, body.itemId);
    if (open)
      throw refusal(
        'item_has_open_auction',
        `you already have an open auction of item ${body.itemId} (${open})`,
      );

    const commandId = newCommandId();
    await publisher.publish({
      type: 'CreateAuction',
      metadata: {
        commandId,
        auctionId,
        issuedBy: req.userId!,
        issuedAt: clock,
        correlationId: req.correlationId,
      },
      data: {
        itemId: body.itemId,
        title: body.title,
        startingPriceCents: body.startingPrice,
        reservePriceCents: body.reservePrice ?? null,
        buyNowPriceCents: body.buyNowPrice ?? null,
        startsAt,
        endsAt,
        antiSnipingWindowMs: body.antiSnipingWindowSeconds * 1000,
        antiSnipingExtensionMs: body.antiSnipingExtensionSeconds * 1000,
        incrementTable:
          body.incrementTable?.map((s) => ({ fromCents: s.from, incrementCents: s.increment })) ??
          null,
        externalRef: body.externalRef ?? null,
      },
    });
    const decision = wait ? await decisionWithin(waiter, readModel, commandId, wait) : undefined;
    if (decision) {
      if (!decision.accepted)
        throw decidedRefusal(
          decision.reason,
          decision.detail,
          { commandId, auctionId },
          inApiWords,
        );
      res.status(201).json(await readModel.auction(auctionId));
      return;
    }
    res
      .status(202)
      .location(`/auctions/${auctionId}`)
      .json({ auctionId, commandId, status: 'pending' });
  });

  router.get('/auctions', async (req, res) => {
    const query = parse(listAuctionsQuery, req.query, 'query');
    const { items, total } = await readModel.auctions(query);
    res.json(page(items, total, query, req.path, req.query));
  });

  router.get('/auctions/:auctionId', async (req, res) => {
    res.json(await existingAuction(readModel, String(req.params.auctionId)));
  });

  router.get('/auctions/:auctionId/bids', async (req, res) => {
    const query = parse(pageQuery, req.query, 'query');
    const auction = await existingAuction(readModel, String(req.params.auctionId));
    const { items, total } = await readModel.priceSteps(auction.auctionId, query);
    res.json(page(items, total, query, req.path, req.query));
  });

  return router;
}

export async function existingAuction(readModel: ReadModel, auctionId: string) {
  const found = auctionIdParam.safeParse(auctionId).success
    ? await readModel.auction(auctionId)
    : undefined;
  if (!found) throw refusal('auction_not_found', undefined, { auctionId });
  return found;
}
