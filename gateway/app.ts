/** The gateway's HTTP application: middleware and routes, every dependency passed in. */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import path from 'node:path';
import express, { type Request, type RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import type { Logger } from '../platform/logger.js';
import { PROJECT_ROOT } from '../platform/project-root.js';
import { requestAddress } from './http/client-address.js';
import { correlationId } from './http/correlation.js';
import { authConfigRoutes } from './routes/auth-config.js';
import { devTokenRoutes } from './routes/dev-token.js';
import type { TokenSettings } from './access/auth.js';
import type { SignIn } from './access/token-verification.js';
import { docsRoutes } from './routes/docs.js';
import { jsonBodiesOnly } from './http/media-type.js';
import { notFound, problemHandler } from './http/problems.js';
import type { RateLimit } from './access/limiters.js';
import { runChecks, type Check } from './http/readiness.js';
import { securityHeaders } from './http/security-headers.js';
import { requestObserver, type RequestObserver } from './http/request-metrics.js';
import { auctionRoutes, type AuctionDependencies } from './routes/auctions.js';
import { biddingRoutes, type BiddingDependencies } from './routes/bidding.js';
import { placeBidRoute } from './routes/place-bid.js';
import { meRoutes, type MeDependencies } from './routes/me.js';
import { standingsRoutes, type StandingsDependencies } from './routes/standings.js';

// From the project, not from this file: the build (dist/) holds no copy of the page.
const WEB_ROOT = path.join(PROJECT_ROOT, 'gateway', 'web');

export interface AppDependencies
  extends BiddingDependencies, AuctionDependencies, StandingsDependencies, MeDependencies {
  /** Serve POST /dev/token, signing with these settings, with this limit per address: only in development mode. */
  readonly devTokens: { readonly settings: TokenSettings; readonly limit: RateLimit } | undefined;
  /** How the page signs in (GET /auth/config). */
  readonly signIn: SignIn;
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

/** Times every request Express serves into the histogram, and logs it at debug. */
function observeRequests(observe: RequestObserver): RequestHandler {
  return (req, res, next) => {
    const start = performance.now();
    const path = req.path;
    observe(res, start, (status) => ({
      correlationId: req.correlationId,
      method: req.method,
      path,
      route: routeLabel(req, status),
    }));
    next();
  };
}

/**
 * The gateway's HTTP handling: the bid route on its fast path, everything else through Express.
 * `app` is the Express application (for `trust proxy` outside it), `handle` the server's listener.
 */
export function createApp(deps: AppDependencies) {
  const app = express();
  app.disable('x-powered-by');
  // No ETag on API answers: hashing every bid's 202 body costs CPU and no client revalidates them.
  // (express.static sets its own ETags on the page's files.)
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.trustProxy);
  const observe = requestObserver(deps.logger, deps.metrics);
  // One parser for both paths: the fast path's body errors are Express's, by construction.
  const json = express.json({ limit: deps.bodyLimitBytes, strict: true });
  app.use(correlationId);
  app.use(observeRequests(observe));
  app.use(jsonBodiesOnly);
  app.use(json);

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

  app.use(docsRoutes(deps));
  app.use(auctionRoutes(deps));
  app.use(biddingRoutes(deps));
  app.use(standingsRoutes(deps));
  app.use(meRoutes(deps));

  // Development sign-in for the web page: only in development mode.
  if (deps.devTokens) app.use(devTokenRoutes(deps.devTokens.settings, deps.devTokens.limit));
  app.use(authConfigRoutes(deps.signIn));
  app.use(express.static(WEB_ROOT, { index: 'index.html', maxAge: 0 }));
  app.use((req, _res, next) =>
    next(notFound('no_such_route', `no route for ${req.method} ${req.path}`)),
  );
  app.use(problemHandler(deps.logger));

  const placeBid = placeBidRoute({
    ...deps,
    observe,
    readBody: bodyReader(json),
    addressOf: requestAddress(app),
  });
  // The page signing in at a provider exchanges its code at the token endpoint, from the browser.
  const setSecurityHeaders = securityHeaders(
    deps.signIn.mode === 'provider' ? [new URL(deps.signIn.tokenEndpoint).origin] : [],
  );
  const handle: RequestListener = (req, res) => {
    setSecurityHeaders(req, res); // every answer, the bid fast path's and Express's
    if (!placeBid(req, res)) void app(req, res);
  };
  return { app, handle };
}

/** What Express's JSON parser leaves on a request. */
type WithBody = IncomingMessage & { body?: unknown };

/** Express's JSON parser run outside Express: the body, or the parser's refusal (http-errors). */
const bodyReader =
  (parser: (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void) =>
  (req: IncomingMessage, res: ServerResponse): Promise<unknown> =>
    new Promise((resolve, reject) => {
      parser(req, res, (error?: unknown) => {
        if (error === undefined) resolve((req as WithBody).body);
        else reject(error instanceof Error ? error : new Error('the body could not be read'));
      });
    });
