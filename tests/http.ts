/**
 * A small HTTP client for the tests: JSON in, status and JSON out, with a user's token. Every
 * answer is held to the API's description (GET /openapi.json of the gateway it talks to): one
 * that does not match it fails the test, naming the request, the status and what is wrong.
 */
import { issueToken } from '../gateway/access/auth.js';
import { jwtSettings } from '../gateway/config/config.js';
import { answerProblems, type Description } from '../gateway/testing/openapi-check.js';

export interface Reply {
  readonly status: number;
  readonly contentType: string | null;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

export const tokenFor = (user: string, ttlSeconds = 3600) =>
  issueToken(jwtSettings(), user, ttlSeconds);

/** An answer that contradicts the API's description. */
export class UndescribedAnswer extends Error {
  override readonly name = 'UndescribedAnswer';
}

/** Each gateway's description, fetched once per run (its schemas are then compiled once). */
const descriptions = new Map<string, Promise<Description>>();

function descriptionOf(base: string): Promise<Description> {
  let description = descriptions.get(base);
  if (!description) {
    description = fetch(`${base}/openapi.json`).then(async (response) => {
      if (response.status !== 200)
        throw new Error(`GET ${base}/openapi.json answered ${response.status}`);
      return (await response.json()) as Description;
    });
    // A failed fetch (the gateway not up yet) is tried again by the next request.
    description.catch(() => descriptions.delete(base));
    descriptions.set(base, description);
  }
  return description;
}

/**
 * What the description of the gateway at `base` says is wrong with its answer to `method path`
 * (the path with its query), for tests that send raw requests with fetch; [] when it matches.
 */
export async function answerMismatches(
  base: string,
  method: string,
  path: string,
  answer: { readonly status: number; readonly contentType: string | null; readonly text: string },
): Promise<string[]> {
  let body: unknown = answer.text;
  try {
    body = answer.text ? JSON.parse(answer.text) : {};
  } catch {
    // Not JSON: the schema, if any, says what is wrong with it as text.
  }
  return answerProblems(await descriptionOf(base), method, sentPath(base, path), {
    status: answer.status,
    contentType: answer.contentType ?? '',
    body,
  });
}

/**
 * The path fetch sends for `path`: the URL parser resolves dot segments, also percent-encoded
 * ones (`/auctions/%2e%2e` is `/`), so the answer is to that path.
 */
function sentPath(base: string, path: string) {
  const url = new URL(`${base}${path}`);
  return `${url.pathname}${url.search}`;
}

/** Throws UndescribedAnswer when `reply` to `method path` does not match the description. */
async function holdToDescription(base: string, method: string, path: string, reply: Reply) {
  const problems = answerProblems(await descriptionOf(base), method, sentPath(base, path), {
    status: reply.status,
    contentType: reply.contentType ?? '',
    body: reply.body,
  });
  if (problems.length > 0)
    throw new UndescribedAnswer(
      `${method} ${path} answered ${reply.status} ${reply.contentType ?? '(no content type)'}, ` +
        `which /openapi.json does not describe: ${problems.join('; ')}\n` +
        `body: ${JSON.stringify(reply.body).slice(0, 500)}`,
    );
}

export function client(base: string) {
  return async function call(
    method: string,
    path: string,
    options: {
      user?: string;
      token?: string;
      json?: unknown;
      raw?: string;
      headers?: Record<string, string>;
      signal?: AbortSignal;
    } = {},
  ): Promise<Reply> {
    const token = options.token ?? (options.user ? await tokenFor(options.user) : undefined);
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(options.json !== undefined || options.raw !== undefined
          ? { 'content-type': 'application/json' }
          : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...options.headers,
      },
      body: options.raw ?? (options.json === undefined ? undefined : JSON.stringify(options.json)),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const text = await response.text();
    const reply: Reply = {
      status: response.status,
      contentType: response.headers.get('content-type'),
      headers: response.headers,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
    await holdToDescription(base, method, path, reply);
    return reply;
  };
}

/** Opens an hour-long auction as `seller`, waits until it is decided, and returns its id. */
export async function openTestAuction(call: ReturnType<typeof client>, itemId: string) {
  const reply = await call('POST', '/auctions?wait=20000', {
    user: 'seller',
    json: { itemId, title: 'Omega', startingPrice: '10.00', durationSeconds: 3600 },
  });
  if (reply.status !== 201)
    throw new Error(
      `the auction was not opened: HTTP ${reply.status} ${JSON.stringify(reply.body)}`,
    );
  return String(reply.body.auctionId);
}
