/** The gateway's HTTP application: middleware and routes, every dependency passed in. */
import path from 'node:path';
import express, { type Request, type RequestHandler } from 'express';
import { Histogram, type Registry } from 'prom-client';
import type { Logger } from '../platform/logger.js';
import { PROJECT_ROOT } from '../platform/project-root.js';
import { correlationId } from './correlation.js';
import { devTokenRoutes } from './dev-token.js';
import { jsonBodiesOnly } from './media-type.js';
import { notFound, problemHandler } from './problems.js';
import type { RateLimit } from './rate-limit.js';
import { runChecks, type Check } from './readiness.js';
import { auctionRoutes, type AuctionDependencies } from './routes/auctions.js';
import { biddingRoutes, type BiddingDependencies } from './routes/bidding.js';
import { meRoutes, type MeDependencies } from './routes/me.js';
import { standingsRoutes, type StandingsDependencies } from './routes/standings.js';

// From the project, not from this file: the build (dist/) holds no copy of the page.
const WEB_ROOT = path.join(PROJECT_ROOT, 'gateway', 'web');

export interface AppDependencies
  extends BiddingDependencies, AuctionDependencies, StandingsDependencies, MeDependencies {
  /** Serve POST /dev/token, with this limit per address: only in development mode. */
  readonly devTokens: RateLimit | undefined;
  /** Express's `trust proxy`: which proxies' X-Forwarded-For names the client address. */
  readonly trustProxy: false | number | readonly string[];
  readonly logger: Logger;
  readonly checks: Record<string, Check>;
  /** Largest accepted JSON body. */
  readonly bodyLimitBytes: number;
  /** The process's registry: HTTP metrics go in, GET /metrics serves it all. */
  readonly metrics: Registry;
}

/** The route's pattern, never the raw path: label values must stay few. */
function routeLabel(req: Request, status: number) {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof pattern === 'string') return pattern;
  return status === 404 ? '(unmatched)' : '(static)';
}

/** Times every request into a histogram and logs it, at debug, with its correlation id. */
function observeRequests(logger: Logger, registry: Registry): RequestHandler {
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status; 499: the client went away first',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return (req, res, next) => {
    const start = performance.now();
    const path = req.path;
    res.once('close', () => {
      const seconds = (performance.now() - start) / 1000;
      const status = res.writableFinished ? res.statusCode : 499;
      const route = routeLabel(req, status);
      duration.observe({ method: req.method, route, status: String(status) }, seconds);
      const fields = {
        correlationId: req.correlationId,
        method: req.method,
        path,
        route,
        status,
        durationMs: Math.round(seconds * 10_000) / 10,
      };
      // Thousands a second under load: each request is a debug line (LOG_LEVEL=debug shows them);
      // failures are logged where they are answered (problemHandler), and the histogram counts all.
      logger.debug(fields, 'request');
    });
    next();
  };
}

export function createApp(deps: AppDependencies) {
  const app = express();
  app.disable('x-powered-by');
  // No ETag on API answers: hashing every bid's 202 body costs CPU and no client revalidates them.
  // (express.static sets its own ETags on the page's files.)
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.trustProxy);
  app.use(correlationId);
  app.use(observeRequests(deps.logger, deps.metrics));
  app.use(jsonBodiesOnly);
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

  /** Prometheus: HTTP, bids, CDC lag, WebSocket connections and the process. */
  app.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.contentType).send(await deps.metrics.metrics());
  });

  app.use(auctionRoutes(deps));
  app.use(biddingRoutes(deps));
  app.use(standingsRoutes(deps));
  app.use(meRoutes(deps));

  // Development sign-in for the web page: only in development mode.
  if (deps.devTokens) app.use(devTokenRoutes(deps.tokens, deps.devTokens));
  app.use(express.static(WEB_ROOT, { index: 'index.html', maxAge: 0 }));
  app.use((req, _res, next) =>
    next(notFound('no_such_route', `no route for ${req.method} ${req.path}`)),
  );
  app.use(problemHandler(deps.logger));
  return app;
}
