/**
 * Generators of hostile input for the fuzz test: HTTP requests and WebSocket frames. None of
 * them is a valid write: every write goes to an auction that does not exist or is closed, and
 * every create body is checked to break the create schema.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { createAuctionBody } from '../gateway/http/requests.js';
import { parseClientMessage } from '../gateway/live/client-messages.js';

export interface FuzzTargets {
  /** An auction that has closed: any write to it is refused whatever the request. */
  readonly closedAuction: string;
  /** Valid tokens of throwaway users (so the rate limit of one user is not what is tested). */
  readonly tokens: readonly string[];
  /** A token that expired. */
  readonly expiredToken: string;
}

export interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: Uint8Array | string;
  /** POST to a write endpoint: must be refused with a 4xx problem. */
  readonly write: boolean;
}

/** Header-safe text (fetch sends Latin-1 and refuses CR, LF and NUL). */
export const headerText = (maxLength: number) =>
  fc
    .array(
      fc.oneof(
        { weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
        { weight: 1, arbitrary: fc.integer({ min: 0xa0, max: 0xff }) },
      ),
      { maxLength },
    )
    .map((codes) => String.fromCharCode(...codes).trim());
const hugeHeader = fc.integer({ min: 9_000, max: 24_000 }).map((n) => 'k'.repeat(n));
/** Mostly ordinary header text, now and then one too large for the server. */
const headerValue = (maxLength: number) =>
  fc.oneof({ weight: 12, arbitrary: headerText(maxLength) }, { weight: 1, arbitrary: hugeHeader });

const oddText = fc.oneof(
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '\u0000',
      'a\u0000b',
      '\u001b[31m',
      '\ud800',
      'null',
      'NaN',
      '-1',
      '1e400',
      '0x10',
      '../..',
      "' OR 1=1 --",
    ),
  },
);

/** Percent-encodes `text`; a lone surrogate becomes its (invalid) UTF-8 bytes, as a client might. */
const encode = (text: string) => {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
};

const auctionId = (targets: FuzzTargets) =>
  fc.oneof(
    fc.constant(targets.closedAuction),
    fc.uuid(),
    oddText.map(encode),
    fc.constantFrom('%', '%E0%A4%A', '%zz', '%00', '%C0%AF', '%2e%2e', '%F0%9F', 'x'.repeat(4000)),
  );

const queryValue = fc.oneof(
  fc.integer({ min: -1e6, max: 1e12 }).map(String),
  fc.double().map(String),
  oddText,
);
const queryKey = fc.oneof(
  fc.constantFrom('wait', 'limit', 'offset', 'status', 'itemId', 'sellerId', 'externalRef'),
  fc.constantFrom('by', 'minutes', 'token', '__proto__', 'constructor', 'wait[]'),
  fc.string({ maxLength: 10 }),
);
const pairs = (keys: fc.Arbitrary<string>, maxLength: number) =>
  fc
    .array(fc.tuple(keys, queryValue), { minLength: 1, maxLength })
    .map((kv) => kv.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&'));
const queryString = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  {
    weight: 3,
    arbitrary: pairs(
      fc.constantFrom(
        'wait',
        'limit',
        'offset',
        'itemId',
        'sellerId',
        'externalRef',
        'by',
        'minutes',
      ),
      1,
    ),
  },
  { weight: 2, arbitrary: pairs(queryKey, 5) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'wait=1&wait=2',
      'limit=%',
      'offset=%zz',
      '&&&',
      '=',
      'status=open&status=x',
    ),
  },
);

const authorization = (targets: FuzzTargets) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...targets.tokens).map((t) => `Bearer ${t}`) },
    { weight: 1, arbitrary: fc.constant(`Bearer ${targets.expiredToken}`) },
    { weight: 1, arbitrary: headerText(300) },
    { weight: 1, arbitrary: headerText(300).map((t) => `Bearer ${t}`) },
    { weight: 1, arbitrary: fc.constantFrom('Bearer', 'Basic YWxpY2U6cHc=', 'Bearer a.b.c') },
  );

const contentType = fc.constantFrom(
  'application/json',
  'application/json',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/problem+json',
  '*/*',
  '',
);

/** Any create body that the create schema would accept is made invalid by a field it refuses. */
const breakCreate = (body: unknown) =>
  createAuctionBody.safeParse(body).success
    ? { ...(body as object), sellerId: 'someone-else' }
    : body;

const validCreate = {
  itemId: 'fuzz-item',
  title: 'A fuzzed watch',
  startingPrice: '10.00',
  durationSeconds: 600,
};
const createMutation = fc.oneof(
  fc.record({ startingPrice: fc.oneof(queryValue, fc.constantFrom(-1, 0, 1e20, '10.001')) }),
  fc.record({ durationSeconds: fc.oneof(fc.integer({ max: 0 }), fc.double(), oddText) }),
  fc.record({ endsAt: fc.constantFrom('2001-01-01T00:00:00Z', 'tomorrow', '') }),
  fc.record({ title: fc.constantFrom('', '\u0000', 'x'.repeat(301)) }),
  fc.record({ itemId: fc.constantFrom('', ' ', 'bad\u0000id', 'x'.repeat(201)) }),
  fc.record({ reservePrice: fc.constantFrom('0.01', '-3') }),
  fc.record({ incrementTable: fc.jsonValue() }),
  fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue(), { minKeys: 1 }),
);

const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record({ maxAmount: fc.oneof(queryValue, fc.jsonValue({ maxDepth: 1 })) }),
  fc.record({ maxAmount: fc.constant('12.50'), bidderId: fc.string(), userId: fc.string() }),
  createMutation.map((change) => ({ ...validCreate, ...change })),
);

const body = fc.oneof(
  { weight: 6, arbitrary: jsonBody.map((value) => JSON.stringify(breakCreate(value)) ?? '') },
  { weight: 2, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constantFrom('{"maxAmount": 20', '{"a":' + '['.repeat(5000), '') },
  { weight: 1, arbitrary: fc.constant(JSON.stringify({ maxAmount: 1, pad: 'x'.repeat(40_000) })) },
);

const writes = ['bids', 'buy-now', 'cancel'] as const;
const reads = (id: string) => [
  '/auctions',
  '/auctions',
  `/auctions/${id}`,
  `/auctions/${id}/bids`,
  `/auctions/${id}/leaderboard`,
  `/users/${id}/stats`,
  '/leaderboards/top-winners',
  '/leaderboards/hot-auctions',
];

export function httpRequest(targets: FuzzTargets): fc.Arbitrary<FuzzRequest> {
  const sometimes = <T>(arbitrary: fc.Arbitrary<T>, weight: number) =>
    fc.oneof({ weight, arbitrary }, { weight: 10 - weight, arbitrary: fc.constant(undefined) });
  const headers = fc
    .record({
      authorization: sometimes(authorization(targets), 9),
      'idempotency-key': sometimes(headerValue(250), 7),
      'x-correlation-id': sometimes(headerValue(150), 3),
      'content-type': sometimes(contentType, 9),
      'content-encoding': sometimes(fc.constantFrom('gzip', 'deflate', 'br', 'x-unknown'), 1),
    })
    .map((all) =>
      Object.fromEntries(
        Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined),
      ),
    );
  const write = fc
    .record({
      endpoint: fc.oneof(
        fc.constant('/auctions'),
        fc
          .tuple(auctionId(targets), fc.constantFrom(...writes))
          .map(([id, w]) => `/auctions/${id}/${w}`),
      ),
      query: queryString,
      headers,
      body,
      gzip: fc.nat(9).map((n) => n === 0),
      method: fc.oneof(
        { weight: 9, arbitrary: fc.constant('POST') },
        { weight: 1, arbitrary: fc.constantFrom('PUT', 'PATCH', 'DELETE') },
      ),
    })
    .map(({ endpoint, query, headers, body, gzip, method }) => ({
      method,
      path: `${endpoint}?${query}`,
      // Now and then a well-formed gzip body; a content-encoding header alone means garbage.
      headers: gzip ? { ...headers, 'content-encoding': 'gzip' } : headers,
      body: gzip ? gzipSync(body) : body,
      write: true,
    }));
  const read = fc
    .record({
      id: auctionId(targets),
      which: fc.nat(7),
      query: queryString,
      headers,
    })
    .map(({ id, which, query, headers }) => ({
      method: 'GET',
      path: `${reads(id)[which]!}?${query}`,
      headers,
      write: false,
    }));
  return fc.oneof({ weight: 3, arbitrary: write }, { weight: 1, arbitrary: read });
}

/** A text frame that is not a valid request other than a bid (bids go nowhere real). */
const isRefusable = (text: string) => {
  const parsed = parseClientMessage(text);
  return !parsed.ok || parsed.message.type === 'bid';
};

export function wsFrame(targets: FuzzTargets): fc.Arbitrary<string | Uint8Array> {
  const id = fc.oneof(fc.constant(targets.closedAuction), fc.uuid(), oddText);
  const text = fc.oneof(
    fc.string({ maxLength: 100 }),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.record({ type: oddText, auctionId: id }).map((v) => JSON.stringify(v)),
    fc
      .record(
        {
          type: fc.constantFrom('subscribe', 'unsubscribe', 'bid', 'ping'),
          auctionId: fc.oneof(id, fc.jsonValue({ maxDepth: 1 })),
          afterSequence: fc.oneof(fc.integer(), fc.double(), oddText),
          maxAmount: fc.oneof(queryValue, fc.jsonValue({ maxDepth: 1 })),
          idempotencyKey: fc.oneof(fc.string({ maxLength: 250 }), fc.integer()),
          userId: fc.string({ maxLength: 10 }),
        },
        { requiredKeys: ['type'] },
      )
      .map((v) => JSON.stringify(v)),
    fc
      .record({
        type: fc.constant('bid'),
        auctionId: id,
        maxAmount: fc.oneof(queryValue, fc.constantFrom('0', '-5', '12.345', '1e3', 'ten')),
        idempotencyKey: fc.string({ minLength: 1, maxLength: 20 }),
      })
      .map((v) => JSON.stringify(v)),
  );
  return fc.oneof(
    { weight: 9, arbitrary: text.filter(isRefusable) },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 200 }) },
  );
}
