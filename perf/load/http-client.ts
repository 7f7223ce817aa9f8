/**
 * The load tools' HTTP client: JSON in and out over an undici Pool (keep-alive connections,
 * no per-request fetch machinery: the generator shares the machine's cores with the system it
 * measures), every request sent again while it gets no answer or a 503 (perf/load/retry.ts),
 * with the retries counted for the report. Each try is a bare `dispatch` with a minimal handler
 * (no response stream, no parsed header object, a success's body never kept): issue 20 wants
 * the generator at ≤ 0.05 CPU-ms a request.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool, type Dispatcher } from 'undici';
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

/** Keep-alive connections a client opens at most; requests beyond them queue in the client. */
export const DEFAULT_CONNECTIONS = 128;

/** The raw headers of one bid (undici's flat form, built once per request without an object). */
export const bidHeaders = (authorization: string, idempotencyKey: string) => [
  'content-type',
  'application/json',
  'authorization',
  authorization,
  'idempotency-key',
  idempotencyKey,
];

export interface HttpReply {
  readonly status: number;
  readonly retryAfterSeconds?: number | undefined;
  readonly body: Record<string, unknown> | undefined;
}

/**
 * A refusal the processor decided (a problem+json marked `decided: true`): the gateway took the
 * request, and the rules refused it. Before refusals were problems, these were 200s.
 */
export const isDecidedRejection = (reply: { readonly body: Record<string, unknown> | undefined }) =>
  reply.body?.decided === true;

export interface RequestOptions {
  readonly token?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Before each retry: settles the request another way (a lookup) if it returns a reply. */
  readonly beforeRetry?: () => Promise<HttpReply | undefined>;
}

export interface ClientOptions {
  /** Keep-alive connections to the gateway (default DEFAULT_CONNECTIONS). */
  readonly connections?: number;
}

export class RetryingClient {
  readonly retries = newRetryCounters();
  private readonly pool: Pool;
  /** A path prefix of the base URL (`http://host/api` → `/api`), usually empty. */
  private readonly prefix: string;

  constructor(
    base: string,
    private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY,
    options: ClientOptions = {},
  ) {
    const url = new URL(base);
    this.prefix = url.pathname.replace(/\/+$/, '');
    this.pool = new Pool(url.origin, {
      connections: options.connections ?? DEFAULT_CONNECTIONS,
      pipelining: 1,
      keepAliveTimeout: 60_000,
      // A try with no answer this long after it went out is abandoned (and retried), by the
      // pool's own coarse timers: no AbortSignal and timer per request.
      headersTimeout: policy.attemptTimeoutMs,
      bodyTimeout: policy.attemptTimeoutMs,
    });
  }

  /** One request, sent again, the same request headers included, while it gets no answer or a 503. */
  request(method: string, path: string, options: RequestOptions = {}): Promise<HttpReply> {
    const headers: Record<string, string> = {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    };
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    return this.send(method, path, headers, body, { beforeRetry: options.beforeRetry });
  }

  /**
   * The lean form for load generators: headers and body as they go on the wire (prebuilt by the
   * caller), and with `readBody: false` the body of a success is drained unread (`body`
   * undefined); a refusal's is always read.
   */
  send(
    method: string,
    path: string,
    headers: Record<string, string> | string[],
    body: string | undefined,
    options: {
      readonly readBody?: boolean;
      readonly beforeRetry?: (() => Promise<HttpReply | undefined>) | undefined;
    } = {},
  ): Promise<HttpReply> {
    const readBody = options.readBody ?? true;
    const { beforeRetry } = options;
    let tries = 0;
    return withRetries(
      `${method} ${path}`,
      async () => {
        tries += 1;
        const settled = tries > 1 && beforeRetry ? await beforeRetry() : undefined;
        if (settled) return settled;
        return this.tryOnce({ method, path: this.prefix + path, headers, body }, readBody);
      },
      this.retries,
      this.policy,
      sleep,
      false,
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

  /** One try: the status, Retry-After and (if read) the body; rejects when no answer came. */
  private tryOnce(options: Dispatcher.DispatchOptions, readBody: boolean): Promise<HttpReply> {
    return new Promise((resolve, reject) => {
      let status = 0;
      let retryAfter: string | undefined;
      let chunks: Buffer[] | undefined;
      this.pool.dispatch(options, {
        onConnect: () => undefined,
        onHeaders: (statusCode, rawHeaders) => {
          status = statusCode;
          // A success's headers and body are not looked at: nothing is decoded or kept.
          if (statusCode >= 400) retryAfter = rawHeader(rawHeaders, 'retry-after');
          if (readBody || statusCode >= 400) chunks = [];
          return true;
        },
        onData: (chunk) => {
          chunks?.push(chunk);
          return true;
        },
        onComplete: () =>
          resolve({
            status,
            retryAfterSeconds: retryAfter === undefined ? undefined : retryAfterOf(retryAfter),
            body: chunks === undefined ? undefined : parseBody(Buffer.concat(chunks).toString()),
          }),
        onError: reject,
      });
    });
  }

  /** Closes the keep-alive connections once the requests in flight have their answers. */
  close(): Promise<void> {
    return this.pool.close();
  }
}

/** One header's value from undici's flat raw form [name, value, name, value, …]. */
export function rawHeader(raw: readonly Buffer[], name: string): string | undefined {
  for (let i = 0; i + 1 < raw.length; i += 2)
    if (raw[i]!.toString('latin1').toLowerCase() === name) return raw[i + 1]!.toString('latin1');
  return undefined;
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
