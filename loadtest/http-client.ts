/**
 * The load tools' HTTP client: JSON in and out, every request sent again while it gets no
 * answer or a 503 (loadtest/retry.ts), with the retries counted for the report.
 */
import {
  DEFAULT_RETRY_POLICY,
  newRetryCounters,
  retryAfterOf,
  withRetries,
  type RetryPolicy,
} from './retry.js';

/**
 * The seller of a load tool's auction number `index`: a new seller every 50 auctions, so the
 * gateway's per-seller creation limit (AUCTION_RATE_LIMIT_PER_MINUTE, default 60) never decides
 * what a benchmark measures.
 */
export const sellerOf = (prefix: string, index: number) => `${prefix}-${Math.floor(index / 50)}`;

export interface HttpReply {
  readonly status: number;
  readonly retryAfterSeconds?: number | undefined;
  readonly body: Record<string, unknown> | undefined;
}

export interface RequestOptions {
  readonly token?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Before each retry: settles the request another way (a lookup) if it returns a reply. */
  readonly beforeRetry?: () => Promise<HttpReply | undefined>;
}

export class RetryingClient {
  readonly retries = newRetryCounters();

  constructor(
    private readonly base: string,
    private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  ) {}

  /** One request, sent again, the same request headers included, while it gets no answer or a 503. */
  request(method: string, path: string, options: RequestOptions = {}): Promise<HttpReply> {
    let tries = 0;
    return withRetries(
      `${method} ${path}`,
      async (signal) => {
        tries += 1;
        const settled = tries > 1 ? await options.beforeRetry?.() : undefined;
        if (settled) return settled;
        const response = await fetch(`${this.base}${path}`, {
          method,
          headers: {
            ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
            ...options.headers,
          },
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
          signal,
        });
        const text = await response.text();
        return {
          status: response.status,
          retryAfterSeconds: retryAfterOf(response.headers),
          body: parseBody(text),
        };
      },
      this.retries,
      this.policy,
    );
  }

  /**
   * Opens an auction for `itemId` and returns its id. A create has no Idempotency-Key, but an
   * item has one open auction at a time: before a retry, look the item up, since the try that
   * got no answer may have created it.
   */
  async createAuction(token: string, body: { itemId: string } & Record<string, unknown>) {
    const lookUp = async () => {
      const found = await this.request(
        'GET',
        `/auctions?itemId=${encodeURIComponent(body.itemId)}&status=open`,
      );
      const [existing] = (found.body?.items as Record<string, unknown>[] | undefined) ?? [];
      return existing ? { status: 201, body: existing } : undefined;
    };
    const reply = await this.request('POST', '/auctions?wait=10000', {
      token,
      body,
      beforeRetry: lookUp,
    });
    if (reply.status !== 201)
      throw new Error(
        `creating auction ${body.itemId} failed: HTTP ${reply.status} ${JSON.stringify(reply.body)}`,
      );
    return String(reply.body?.auctionId);
  }
}

/** A body that is not JSON (a proxy's error page) is kept as text, not a crash. */
function parseBody(text: string): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { text };
  }
}
