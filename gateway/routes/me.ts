/** The signed-in user's own lists: notifications, bids, the auctions they sell and watch. */
import { Router } from 'express';
import { requireUser, type TokenVerifier } from '../access/auth.js';
import { page } from '../http/paging.js';
import type { PersonalReadModel } from '../reads/personal-read-model.js';
import { ApiError } from '../http/problems.js';
import type { ReadModel } from '../reads/read-model.js';
import { refusal } from '../http/rejection-problems.js';
import { auctionIdParam, pageQuery, parse } from '../http/requests.js';
import type { Watchlist } from '../reads/watchlist.js';
import { existingAuction } from './auctions.js';

export interface MeDependencies {
  readonly personal: PersonalReadModel;
  readonly readModel: ReadModel;
  readonly watchlist: Watchlist;
  readonly tokens: TokenVerifier;
}

export function meRoutes({ personal, readModel, watchlist, tokens }: MeDependencies) {
  const router = Router();
  router.use('/me', requireUser(tokens));

  router.get('/me/notifications', async (req, res) => {
    const query = parse(pageQuery, req.query, 'query');
    const watched = await watchlist.all(req.userId!);
    const { items, total } = await personal.notifications(req.userId!, watched, query);
    res.json(page(items, total, query, req.path, req.query));
  });

  router.get('/me/bids', async (req, res) => {
    const query = parse(pageQuery, req.query, 'query');
    const { items, total } = await personal.bids(req.userId!, query);
    res.json(page(items, total, query, req.path, req.query));
  });

  router.get('/me/auctions', async (req, res) => {
    const query = parse(pageQuery, req.query, 'query');
    const { items, total } = await readModel.auctions({ ...query, sellerId: req.userId! });
    res.json(page(items, total, query, req.path, req.query));
  });

  router.get('/me/watchlist', async (req, res) => {
    const query = parse(pageQuery, req.query, 'query');
    const { auctionIds, total } = await watchlist.page(req.userId!, query.limit, query.offset);
    const items = await readModel.auctionsIn(auctionIds);
    res.json(page(items, total, query, req.path, req.query));
  });

  router.put('/me/watchlist/:auctionId', async (req, res) => {
    const { auctionId } = await existingAuction(readModel, String(req.params.auctionId));
    if ((await watchlist.watch(req.userId!, auctionId)) === 'full')
      throw new ApiError(
        409,
        'watchlist_full',
        `You watch ${watchlist.max} auctions already, the most a watch list holds: remove one first.`,
        { members: { max: watchlist.max } },
      );
    res.status(204).end();
  });

  router.delete('/me/watchlist/:auctionId', async (req, res) => {
    const auctionId = String(req.params.auctionId);
    // Removing what is not there is done already; an id that cannot be an auction's is not.
    if (!auctionIdParam.safeParse(auctionId).success)
      throw refusal('auction_not_found', undefined, { auctionId });
    await watchlist.unwatch(req.userId!, auctionId);
    res.status(204).end();
  });

  return router;
}
