/**
 * POST /auctions/:auctionId/bids on plain node:http, ahead of Express: the route that carries
 * the load, where Express's request and response machinery cost several times the bid's own work
 * (docs/performance.md). Everything else goes to Express (gateway/app.ts).
 *
 * The checks run in the order Express ran them for this route, each through the code Express's
 * stack uses: a non-JSON body (415) and the body itself (the same JSON parser: 413, 400, 415),
 * the path's percent-encoding (400), the bearer token (401), the rate limit (429), the JSON
 * Content-Type (415), then the query, the Idempotency-Key and the body's fields (400), the
 * placement and the answer (gateway/commands/bid-answer.ts). Refusals are answered as problemHandler
 * answers them (gateway/http/problems.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { Logger } from '../../platform/logger.js';
import { bearerUser, type TokenVerifier } from '../access/auth.js';
import { bidAnswers, type BidAnswerDependencies } from '../commands/bid-answer.js';
import type { BidPlacement } from '../commands/bid-placement.js';
import type { BidStages } from '../commands/bid-stages.js';
import { correlationIdOf } from '../http/correlation.js';
import { KEY_HEADER, idempotencyKeyOf } from '../commands/identifiers.js';
import { writeJson } from '../http/json-answer.js';
import { nonJsonBody, notSentAsJson, unsupportedMediaType } from '../http/media-type.js';
import { problemFor, writeProblem } from '../http/problems.js';
import type { UserAndAddressLimit } from '../access/limiters.js';
import type { RequestObserver } from '../http/request-metrics.js';
import { parse, placeBidBody, waitQuery } from '../http/requests.js';

export interface PlaceBidDependencies extends BidAnswerDependencies {
  readonly tokens: TokenVerifier;
  readonly bidRateLimit: UserAndAddressLimit;
  readonly placement: BidPlacement;
  readonly bidStages: BidStages;
  readonly logger: Logger;
  readonly observe: RequestObserver;
  /** The request's JSON body, read by the parser Express's routes use. */
  readonly readBody: (req: IncomingMessage, res: ServerResponse) => Promise<unknown>;
  /** The client address the per-address limit counts (gateway/http/client-address.ts). */
  readonly addressOf: (req: IncomingMessage) => string;
}

/** The histogram's route label, as Express labels its routes. */
const ROUTE = '/auctions/:auctionId/bids';
/**
 * The paths Express's router matched for this route: any case, an optional trailing slash, the
 * id undecoded; the query follows.
 */
const BIDS_PATH = /^\/auctions\/([^/?#]+)\/bids\/?(?:\?([^#]*))?$/i;

/** Serves a bid, or answers false for any other request (Express's to serve). */
export function placeBidRoute(deps: PlaceBidDependencies) {
  const { bidRateLimit, placement, bidStages, logger, observe, readBody, addressOf } = deps;
  const userOf = bearerUser(deps.tokens);
  const answer = bidAnswers(deps);

  async function serve(
    req: IncomingMessage,
    res: ServerResponse,
    encodedId: string,
    query: string,
    correlationId: string,
  ) {
    if (nonJsonBody(req)) throw unsupportedMediaType(req);
    const body = await readBody(req, res);
    // As Express's router decodes a parameter: a URIError is a malformed path.
    const auctionId = decodeURIComponent(encodedId);
    const userId = await userOf(req.headers.authorization);
    await bidStages.time('rate_limit', bidRateLimit.check(userId, addressOf(req)));
    if (notSentAsJson(req)) throw unsupportedMediaType(req);
    const { wait } = parse(waitQuery, parseQuery(query), 'query');
    const idempotencyKey = idempotencyKeyOf(req.headers['idempotency-key']);
    const { maxAmount } = parse(placeBidBody, body, 'body');
    const { bidId, repeat } = await placement.placeBid({
      userId,
      auctionId,
      idempotencyKey,
      keyField: KEY_HEADER,
      maxAmountCents: maxAmount,
      correlationId,
    });
    // A repeat of a decided bid gets the original decision at once.
    const { status, body: answered } = await answer(bidId, repeat ? 0 : wait);
    writeJson(res, status, answered);
  }

  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'POST') return false;
    const url = req.url ?? '';
    const match = BIDS_PATH.exec(url);
    if (!match) return false;
    const start = performance.now();
    const correlationId = correlationIdOf(req.headers);
    res.setHeader('X-Correlation-Id', correlationId);
    observe(res, start, () => ({ correlationId, method: 'POST', path: pathOf(url), route: ROUTE }));
    serve(req, res, match[1]!, match[2] ?? '', correlationId).catch((error: unknown) => {
      const { problem, instance } = problemFor(error, logger, url);
      if (res.headersSent) res.destroy();
      else writeProblem(res, problem, instance);
    });
    return true;
  };
}

const pathOf = (url: string) => {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
};
