/** A small HTTP client for the tests: JSON in, status and JSON out, with a user's token. */
import { issueToken } from '../gateway/access/auth.js';
import { jwtSettings } from '../gateway/config/config.js';

export interface Reply {
  readonly status: number;
  readonly contentType: string | null;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

export const tokenFor = (user: string, ttlSeconds = 3600) =>
  issueToken(jwtSettings(), user, ttlSeconds);

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
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      headers: response.headers,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
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
