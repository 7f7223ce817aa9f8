/** The signed-in user's own lists: notifications, bids and the auctions they sell. */
import { Router } from 'express';
import { requireUser, type TokenSettings } from '../auth.js';
import { page } from '../paging.js';
import type { PersonalReadModel } from '../personal-read-model.js';
import type { ReadModel } from '../read-model.js';
import { pageQuery, parse } from '../requests.js';

export interface MeDependencies {
  readonly personal: PersonalReadModel;
  readonly readModel: ReadModel;
  readonly tokens: TokenSettings;
}

export function meRoutes({ personal, readModel, tokens }: MeDependencies) {
  const router = Router();
  router.use('/me', requireUser(tokens));

  router.get('/me/notifications', async (req, res) => {
    const query = parse(pageQuery, req.query, 'query');
    const { items, total } = await personal.notifications(req.userId!, [], query);
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

  return router;
}
