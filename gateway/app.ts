/** The gateway's HTTP application: middleware and routes, every dependency passed in. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { z } from 'zod';
import { issueToken } from './auth.js';
import { parse } from './requests.js';
import type { Logger } from '../platform/logger.js';
import { correlationId } from './correlation.js';
import { notFound, problemHandler } from './problems.js';
import { runChecks, type Check } from './readiness.js';
import { auctionRoutes } from './routes/auctions.js';
import { biddingRoutes, type BiddingDependencies } from './routes/bidding.js';
import { standingsRoutes, type StandingsDependencies } from './routes/standings.js';

const WEB_ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'web');
const devTokenBody = z
  .object({
    userId: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9._@-]{1,100}$/),
  })
  .strict();

export interface AppDependencies extends BiddingDependencies, StandingsDependencies {
  /** Serve POST /dev/token (only with the development JWT secret). */
  readonly devTokens: boolean;
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

  if (deps.devTokens) {
    // Development sign-in for the web page; only while tokens use the development secret.
    app.post('/dev/token', async (req, res) => {
      const { userId } = parse(devTokenBody, req.body, 'body');
      res.json({ token: await issueToken(deps.tokens, userId) });
    });
  }
  app.use(express.static(WEB_ROOT, { index: 'index.html', maxAge: 0 }));
  app.use((req, _res, next) =>
    next(notFound('no_such_route', `no route for ${req.method} ${req.path}`)),
  );
  app.use(problemHandler(deps.logger));
  return app;
}
