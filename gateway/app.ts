/** The gateway's HTTP application: middleware and routes, every dependency passed in. */
import express from 'express';
import type { Logger } from '../platform/logger.js';
import { correlationId } from './correlation.js';
import { notFound, problemHandler } from './problems.js';
import { runChecks, type Check } from './readiness.js';
import { auctionRoutes, type RouteDependencies } from './routes/auctions.js';
import { biddingRoutes } from './routes/bidding.js';
import { standingsRoutes, type StandingsDependencies } from './routes/standings.js';

export interface AppDependencies extends RouteDependencies, StandingsDependencies {
  readonly logger: Logger;
  readonly checks: Record<string, Check>;
  /** Largest accepted JSON body. */
  readonly bodyLimitBytes: number;
}

export function createApp(deps: AppDependencies) {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(correlationId);
  app.use(express.json({ limit: deps.bodyLimitBytes, strict: true }));

  /** Alive: the process answers. */
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  /** Ready: Kafka, Postgres and the schema registry answer. */
  app.get('/ready', async (_req, res) => {
    const result = await runChecks(deps.checks);
    res.status(result.ok ? 200 : 503).json(result);
  });

  app.use(auctionRoutes(deps));
  app.use(biddingRoutes(deps));
  app.use(standingsRoutes(deps));

  app.get('/', (_req, res) => {
    res
      .type('text/plain')
      .send('Auction gateway: see the README for the API. /health and /ready report status.\n');
  });
  app.use((req, _res, next) =>
    next(notFound('no_such_route', `no route for ${req.method} ${req.path}`)),
  );
  app.use(problemHandler(deps.logger));
  return app;
}
