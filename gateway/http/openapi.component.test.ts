/**
 * The API's description (GET /openapi.json) and reference page (GET /docs): a valid OpenAPI 3.1
 * document that names every route the gateway serves, and real answers that match it.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerProblems,
  describedAnswerProblems,
  describedRoute,
  type Description,
} from '../testing/openapi-check.js';
import {
  MISSING_AUCTION,
  call,
  openAuction,
  startTestGateway,
  type TestGateway,
} from '../testing/test-gateway.js';

const A1 = 'a1a1a1a1-0000-4000-8000-000000000001';

let gw: TestGateway;
let alice: string;
/** The description the gateway serves. */
let described: Description;

beforeAll(async () => {
  gw = await startTestGateway();
  alice = await gw.token('alice');
  gw.world.put(openAuction(A1));
  described = (await call(gw, 'GET', '/openapi.json')).body as Description;
});
afterAll(() => gw.close());

interface Layer {
  readonly route?: { readonly path: string; readonly methods: Record<string, boolean> };
  readonly handle?: { readonly stack?: readonly Layer[] };
}

/** `METHOD path` of every route Express registers, in routers mounted at the root. */
function registeredRoutes(stack: readonly Layer[]): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const { path, methods } = layer.route;
      return Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`);
    }
    return layer.handle?.stack ? registeredRoutes(layer.handle.stack) : [];
  });
}

async function description() {
  const answer = await call(gw, 'GET', '/openapi.json');
  expect(answer.status).toBe(200);
  return answer.body as { openapi: string; paths: Record<string, Record<string, unknown>> };
}

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const document = await description();
    const result = await new Validator().validate(document);

    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(document.openapi).toMatch(/^3\.1\./);
  });

  it('describes every route Express serves, and the bid fast path', async () => {
    const { paths } = await description();
    const described = Object.entries(paths).flatMap(([path, methods]) =>
      Object.keys(methods).map(
        (method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
      ),
    );
    const stack = (gw.app.router as unknown as { stack: readonly Layer[] }).stack;
    const served = [...registeredRoutes(stack), 'POST /auctions/:auctionId/bids'];

    expect(served.length).toBeGreaterThan(20);
    expect(served.filter((route) => !described.includes(route))).toEqual([]);
  });

  it('takes the request rules from the schemas that validate requests', async () => {
    const { paths } = await description();
    const create = paths['/auctions']!.post as {
      requestBody: { content: { 'application/json': { schema: Record<string, unknown> } } };
    };
    const schema = create.requestBody.content['application/json'].schema;

    expect(schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: expect.arrayContaining(['itemId', 'title', 'startingPrice']) as unknown,
      properties: { title: { type: 'string', minLength: 1, maxLength: 300 } },
    });
  });
});

describe('real answers match their description', () => {
  const cases: [string, string, string, () => Promise<Parameters<typeof call>[3]>][] = [
    ['GET', '/health', '/health', () => Promise.resolve({})],
    ['GET', '/ready', '/ready', () => Promise.resolve({})],
    ['GET', '/auctions', '/auctions', () => Promise.resolve({})],
    ['GET', '/auctions/:auctionId', `/auctions/${A1}`, () => Promise.resolve({})],
    ['GET', '/auctions/:auctionId', `/auctions/${MISSING_AUCTION}`, () => Promise.resolve({})],
    ['GET', '/auctions/:auctionId/bids', `/auctions/${A1}/bids`, () => Promise.resolve({})],
    ['GET', '/auctions', '/auctions?limit=0', () => Promise.resolve({})],
    [
      'POST',
      '/auctions',
      '/auctions',
      async () => ({
        token: await gw.token('seller-2'),
        body: { itemId: 'lamp', title: 'A lamp', startingPrice: '5.00', durationSeconds: 600 },
      }),
    ],
    [
      'POST',
      '/auctions/:auctionId/bids',
      `/auctions/${A1}/bids`,
      () =>
        Promise.resolve({
          token: alice,
          body: { maxAmount: '12.00' },
          headers: { 'idempotency-key': 'openapi-1' },
        }),
    ],
    [
      'POST',
      '/auctions/:auctionId/bids',
      `/auctions/${A1}/bids`,
      () => Promise.resolve({ token: alice, body: { amount: '12.00' } }),
    ],
    ['GET', '/me/bids', '/me/bids', () => Promise.resolve({ token: alice })],
    ['GET', '/me/notifications', '/me/notifications', () => Promise.resolve({})],
    ['GET', '/leaderboards/top-winners', '/leaderboards/top-winners', () => Promise.resolve({})],
    ['GET', '/docs', '/docs', () => Promise.resolve({})],
    ['GET', '/openapi.json', '/openapi.json', () => Promise.resolve({})],
    ['GET', '/', '/', () => Promise.resolve({})],
    ['GET', '/docs/:file', '/docs/start.js', () => Promise.resolve({})],
    ['GET', '/docs/:file', '/docs/swagger-ui.css', () => Promise.resolve({})],
    ['GET', '/docs/:file', '/docs/swagger-ui-bundle.js', () => Promise.resolve({})],
    ['GET', '/asyncapi.json', '/asyncapi.json', () => Promise.resolve({})],
  ];

  it.each(cases)('%s %s (%s)', async (method, route, path, request) => {
    const answer = await call(gw, method, path, await request());

    expect(describedAnswerProblems(described, method, route, answer)).toEqual([]);
  });
});

describe('a decided bid matches its description', () => {
  /** Acting as the processor: the bid is decided as `accepted` says at once. */
  const decideAs = (accepted: boolean) => {
    gw.publisher.onPublish = ({ auctionId, fields }) => {
      gw.world.bids.set(String(fields.bidId), {
        bidId: String(fields.bidId),
        auctionId,
        bidderId: String(fields.issuedBy),
        accepted,
        reason: accepted ? null : 'below_minimum_increment',
        visiblePriceCents: 1000,
        visiblePrice: '10.00',
        leading: accepted,
        placedAt: new Date(Number(fields.issuedAt)).toISOString(),
        kind: 'bid',
        maxAmountCents: Number(fields.maxAmountCents),
      });
    };
  };

  it.each([
    [true, 200],
    [false, 422],
  ])('accepted: %s answers %i as described', async (accepted, status) => {
    decideAs(accepted);
    const answer = await call(gw, 'POST', `/auctions/${A1}/bids?wait=1000`, {
      token: alice,
      body: { maxAmount: '12.00' },
      headers: { 'idempotency-key': `openapi-decided-${accepted}` },
    });
    gw.publisher.onPublish = undefined;

    expect(answer.status).toBe(status);
    expect(describedAnswerProblems(described, 'POST', '/auctions/:auctionId/bids', answer)).toEqual(
      [],
    );
  });
});

describe('GET /docs', () => {
  it('loads the reference UI from the gateway itself, with no inline script', async () => {
    const page = await call(gw, 'GET', '/docs');
    const html = page.body as string;
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map(([, url]) => url!);

    expect(page.contentType).toMatch(/^text\/html/);
    expect(html).not.toMatch(/<script>|<style|style=/);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(source).toMatch(/^\/docs\//);
      expect((await call(gw, 'GET', source)).status).toBe(200);
    }
  });
});

describe('GET /asyncapi.json', () => {
  it('serves the AsyncAPI 3 document of the topics and the live feed', async () => {
    const answer = await call(gw, 'GET', '/asyncapi.json');
    const document = answer.body as { asyncapi: string; channels: Record<string, unknown> };

    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^application\/json/);
    expect(document.asyncapi).toMatch(/^3\./);
    expect(Object.keys(document.channels).sort()).toEqual(
      ['commandDeadLetters', 'commands', 'eventDeadLetters', 'events', 'live'].sort(),
    );
  });
});

describe('the check every integration test answer goes through (tests/http.ts)', () => {
  const json = 'application/json; charset=utf-8';

  it('finds the described route of a concrete path, its query aside', () => {
    expect(describedRoute(described, `/auctions/${A1}/bids?wait=10`)).toBe(
      '/auctions/:auctionId/bids',
    );
    expect(describedRoute(described, '/me/watchlist')).toBe('/me/watchlist');
    expect(describedRoute(described, `/me/watchlist/${A1}`)).toBe('/me/watchlist/:auctionId');
    expect(describedRoute(described, '/nowhere')).toBeUndefined();
    // As Express's router matches: any case, a trailing slash or not.
    expect(describedRoute(described, '/auctions/?limit=1')).toBe('/auctions');
    expect(describedRoute(described, '/Me/Bids')).toBe('/me/bids');
  });

  it('passes a real answer, and names what is wrong with one that drifted', async () => {
    const real = await call(gw, 'GET', `/auctions/${A1}`);
    const answer = { status: real.status, contentType: real.contentType ?? '', body: real.body };
    expect(answerProblems(described, 'GET', `/auctions/${A1}`, answer)).toEqual([]);

    const { title: _title, ...untitled } = real.body as Record<string, unknown>;
    expect(
      answerProblems(described, 'GET', `/auctions/${A1}`, {
        ...answer,
        body: { ...untitled, colour: 'red' },
      }),
    ).toEqual([
      "(body) must have required property 'title'",
      "(body) must NOT have additional properties: 'colour'",
    ]);
    expect(answerProblems(described, 'GET', `/auctions/${A1}`, { ...answer, status: 201 })).toEqual(
      ['status 201 is not described'],
    );
    expect(
      answerProblems(described, 'GET', `/auctions/${A1}`, { ...answer, contentType: 'text/html' }),
    ).toEqual(['content type text/html is not described']);
  });

  it('holds a path it does not describe to a refusal', async () => {
    const refused = await call(gw, 'GET', '/nowhere');
    expect(
      answerProblems(described, 'GET', '/nowhere', {
        status: refused.status,
        contentType: refused.contentType ?? '',
        body: refused.body,
      }),
    ).toEqual([]);
    expect(
      answerProblems(described, 'GET', '/nowhere', { status: 200, contentType: json, body: {} }),
    ).toEqual(['GET /nowhere is not described, yet answered 200']);
  });
});
