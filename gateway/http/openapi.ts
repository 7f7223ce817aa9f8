/**
 * The API's OpenAPI 3.1 description (GET /openapi.json): requests from the zod schemas that
 * validate them (gateway/http/requests.ts), answers from gateway/http/openapi-views.ts, every
 * refusal as problem+json.
 */
import { z } from 'zod';
import {
  auctionIdParam,
  createAuctionBody,
  devTokenBody,
  emptyBody,
  hotAuctionsQuery,
  listAuctionsQuery,
  noQuery,
  pageQuery,
  placeBidBody,
  rankQuery,
  topWinnersQuery,
  userIdParam,
  waitQuery,
} from './requests.js';
import * as views from './openapi-views.js';

type JsonSchema = Record<string, unknown>;

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect): what a client sends, or gets. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    // Refinements and transforms have no JSON Schema: the shape they start from is described.
    unrepresentable: 'any',
  });
  return rest;
}

interface Answer {
  readonly description: string;
  readonly body?: z.ZodType;
  /** application/json unless said; several when the answer may be any of them. */
  readonly type?: string | readonly string[];
}

interface Route {
  readonly summary: string;
  /** Needs a bearer token. */
  readonly signedIn?: boolean;
  /** The query's schema: a strict zod object. */
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  readonly idempotencyKey?: boolean;
  readonly answers: Readonly<Record<string, Answer>>;
}

const PATH_PARAMETERS: Record<string, z.ZodType> = {
  auctionId: auctionIdParam,
  userId: userIdParam,
};

const json = (description: string, body: z.ZodType): Answer => ({ description, body });
const auction = views.auctionView;
const bidAnswers = {
  '200': json('Decided and accepted within `wait`.', views.bidDecided),
  '202': json('Placed; not decided yet (or no `wait`).', views.bidPending),
};
const commandAnswers = {
  '200': json('Decided and accepted within `wait`.', views.commandDecided),
  '202': json('Sent; not decided yet (or no `wait`).', views.commandPending),
};

/** What the description depends on: the gateway's settings that bound a request. */
export interface DescribedSettings {
  /** The most minutes GET /leaderboards/hot-auctions looks back. */
  readonly hotWindowMinutes: number;
}

/** Every route the gateway serves, by path and method (Express's syntax for parameters). */
const routes = ({
  hotWindowMinutes,
}: DescribedSettings): Readonly<Record<string, Readonly<Record<string, Route>>>> => ({
  '/': {
    get: {
      summary: 'The web page (its scripts and styles are files beside it)',
      answers: { '200': { description: 'HTML.', type: 'text/html' } },
    },
  },
  '/health': { get: { summary: 'Alive', answers: { '200': json('Alive.', views.healthView) } } },
  '/ready': {
    get: {
      summary: 'Ready: its dependencies answer',
      answers: {
        '200': json('Every check passed.', views.readinessView),
        '503': json('A check failed.', views.readinessView),
      },
    },
  },
  '/metrics': {
    get: {
      summary: 'Prometheus metrics',
      answers: { '200': { description: 'Metrics.', type: 'text/plain' } },
    },
  },
  '/openapi.json': {
    get: {
      summary: 'This description',
      answers: { '200': { description: 'OpenAPI 3.1.', type: 'application/json' } },
    },
  },
  '/asyncapi.json': {
    get: {
      summary: 'The Kafka topics and the WebSocket protocol',
      answers: { '200': { description: 'AsyncAPI 3.', type: 'application/json' } },
    },
  },
  '/docs': {
    get: {
      summary: 'The API reference page',
      answers: { '200': { description: 'HTML.', type: 'text/html' } },
    },
  },
  '/docs/:file': {
    get: {
      summary: "The reference page's script and style sheet",
      answers: {
        '200': { description: 'JavaScript or CSS.', type: ['text/javascript', 'text/css'] },
      },
    },
  },
  '/auctions': {
    post: {
      summary: 'Create an auction',
      signedIn: true,
      query: waitQuery,
      body: createAuctionBody,
      answers: {
        '201': json('Created within `wait`.', auction),
        '202': json('Sent; not created yet (or no `wait`).', views.commandPending),
      },
    },
    get: {
      summary: 'List auctions',
      query: listAuctionsQuery,
      answers: { '200': json('A page of auctions.', views.pageOf(auction)) },
    },
  },
  '/auctions/:auctionId': {
    get: { summary: 'An auction', answers: { '200': json('The auction.', auction) } },
  },
  '/auctions/:auctionId/bids': {
    get: {
      summary: 'Price history',
      query: pageQuery,
      answers: { '200': json('A page of price steps.', views.pageOf(views.priceStepView)) },
    },
    post: {
      summary: 'Place a bid (a proxy maximum)',
      signedIn: true,
      query: waitQuery,
      body: placeBidBody,
      idempotencyKey: true,
      answers: bidAnswers,
    },
  },
  '/auctions/:auctionId/buy-now': {
    post: {
      summary: 'Buy now',
      signedIn: true,
      query: waitQuery,
      body: emptyBody,
      idempotencyKey: true,
      answers: bidAnswers,
    },
  },
  '/auctions/:auctionId/cancel': {
    post: {
      summary: 'Cancel an auction (its seller, while no bid stands)',
      signedIn: true,
      query: waitQuery,
      body: emptyBody,
      answers: commandAnswers,
    },
  },
  '/auctions/:auctionId/leaderboard': {
    get: {
      summary: "An auction's bidders, ranked",
      query: rankQuery,
      answers: { '200': json('The ranking.', views.auctionLeaderboardView) },
    },
  },
  '/users/:userId/stats': {
    get: {
      summary: "A user's activity",
      query: noQuery,
      answers: { '200': json('Stats.', views.userStatsView) },
    },
  },
  '/leaderboards/top-winners': {
    get: {
      summary: 'Top winners',
      query: topWinnersQuery,
      answers: { '200': json('The ranking.', views.topWinnersView) },
    },
  },
  '/leaderboards/hot-auctions': {
    get: {
      summary: 'Auctions with the most bids lately',
      query: hotAuctionsQuery(hotWindowMinutes),
      answers: { '200': json('The ranking.', views.hotAuctionsView) },
    },
  },
  '/me/notifications': meList('My notifications', views.notificationView),
  '/me/bids': meList('My bids', views.myBidView),
  '/me/auctions': meList('My auctions', auction),
  '/me/watchlist': meList('My watch list', auction),
  '/me/watchlist/:auctionId': {
    put: {
      summary: 'Watch an auction',
      signedIn: true,
      answers: { '204': { description: 'Watched.' } },
    },
    delete: {
      summary: 'Stop watching an auction',
      signedIn: true,
      answers: { '204': { description: 'Not watched.' } },
    },
  },
  '/auth/config': {
    get: {
      summary: 'How the page signs in: development, at an identity provider, or not at all',
      answers: { '200': json('The sign-in mode.', views.authConfigView) },
    },
  },
  '/dev/token': {
    post: {
      summary: 'Development sign-in (only with DEVELOPMENT_MODE=1)',
      body: devTokenBody,
      answers: { '200': json('A token for the user.', views.tokenView) },
    },
  },
});

function meList(summary: string, item: z.ZodType): Record<string, Route> {
  return {
    get: {
      summary,
      signedIn: true,
      query: pageQuery,
      answers: { '200': json('A page.', views.pageOf(item)) },
    },
  };
}

/** `/auctions/:auctionId` → `/auctions/{auctionId}`. */
export const openApiPath = (expressPath: string) => expressPath.replace(/:(\w+)/g, '{$1}');

function parameters(path: string, route: Route) {
  const inPath = [...path.matchAll(/:(\w+)/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: jsonSchema(PATH_PARAMETERS[name!] ?? z.string(), 'input'),
  }));
  const query = route.query ? jsonSchema(route.query, 'input') : { properties: {} };
  const required = new Set((query.required as string[] | undefined) ?? []);
  const inQuery = Object.entries(query.properties as Record<string, JsonSchema>).map(
    ([name, schema]) => ({ name, in: 'query', required: required.has(name), schema }),
  );
  const key = route.idempotencyKey
    ? [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string' } }]
    : [];
  return [...inPath, ...inQuery, ...key];
}

const PROBLEM = {
  content: { 'application/problem+json': { schema: jsonSchema(views.problemView, 'output') } },
};

function responses(answers: Route['answers']) {
  const described = Object.fromEntries(
    Object.entries(answers).map(([status, { description, body, type }]) => [
      status,
      body === undefined && type === undefined
        ? { description }
        : {
            description,
            content: Object.fromEntries(
              [type ?? 'application/json']
                .flat()
                .map((media) => [media, body ? { schema: jsonSchema(body, 'output') } : {}]),
            ),
          },
    ]),
  );
  return {
    ...described,
    '4XX': { description: 'Refused: the request, its sender or its rules.', ...PROBLEM },
    '5XX': { description: 'Not served now: retry later.', ...PROBLEM },
  };
}

function operation(path: string, method: string, route: Route) {
  return {
    operationId: `${method} ${path}`,
    summary: route.summary,
    parameters: parameters(path, route),
    ...(route.body && {
      requestBody: {
        required: true,
        content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
      },
    }),
    ...(route.signedIn && { security: [{ bearer: [] }] }),
    responses: responses(route.answers),
  };
}

/** The description for a gateway with these settings. */
export function openApiDocument(settings: DescribedSettings) {
  const paths = Object.fromEntries(
    Object.entries(routes(settings)).map(([path, methods]) => [
      openApiPath(path),
      Object.fromEntries(
        Object.entries(methods).map(([method, route]) => [method, operation(path, method, route)]),
      ),
    ]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: 'auction-stream',
      version: '1.0.0',
      description:
        'Real-time auctions: money in major units as strings, with the amount in cents. The Kafka topics and the WebSocket live feed (/ws) are described in AsyncAPI 3 at /asyncapi.json.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    paths,
  };
}
