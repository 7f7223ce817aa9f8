/**
 * The load tools' HTTP client: JSON in and out over keep-alive connections, every request sent
 * again while it gets no answer or a 503 (perf/load/retry.ts), with the retries counted for the
 * report. A try is the request's bytes, encoded once, written on a raw socket by a minimal
 * HTTP/1.1 pool (perf/load/http1-pool.ts) that reads only the status, the body's end and a
 * refusal's Retry-After (a success's body only when asked): the generator shares the machine's
 * cores with the system it measures, and issue 20 wants it at ≤ 0.05 CPU-ms a request (undici's
 * `dispatch` cost 0.10–0.13).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { PendingRequest } from './http1-connection.js';
import { Http1Pool } from './http1-pool.js';
import type { ParsedResponse } from './http1-response-parser.js';
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

/** The headers of one bid, flat [name, value, …] (built per request without an object). */
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
  /**
   * Requests in flight on one connection at most (default 1). Above 1, the requests due in one
   * tick share a connection and one write: cheaper for the generator, but the server then
   * reads them together too, which no real bidder's browser does.
   */
  readonly pipelining?: number;
}

export class RetryingClient {
  readonly retries = newRetryCounters();
  private readonly pool: Http1Pool;
  /** A path prefix of the base URL (`http://host/api` → `/api`), usually empty. */
  private readonly prefix: string;
  /** The Host header's line, the same for every request. */
  private readonly hostLine: string;

  constructor(
    base: string,
    private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY,
    options: ClientOptions = {},
  ) {
    const url = new URL(base);
    if (url.protocol !== 'http:') throw new Error(`the load client speaks plain http, not ${base}`);
    this.prefix = url.pathname.replace(/\/+$/, '');
    this.hostLine = `host: ${url.host}\r\n`;
    this.pool = new Http1Pool(url.hostname, Number(url.port || 80), {
      connections: options.connections ?? DEFAULT_CONNECTIONS,
      pipelining: options.pipelining ?? 1,
      // A try with no answer this long after it went out is abandoned (and retried), by the
      // pool's one coarse timer: no AbortSignal and timer per request.
      timeoutMs: policy.attemptTimeoutMs,
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
    // Encoded once: a retry sends the same bytes.
    const wire = this.encode(method, path, headers, body);
    let tries = 0;
    return withRetries(
      `${method} ${path}`,
      // Not async: the first try is the pool's promise itself, with nothing wrapped around it.
      () =>
        (tries += 1) > 1 && beforeRetry
          ? this.lookUpThenTry(beforeRetry, wire, readBody)
          : new Try(wire, readBody, this.pool).reply,
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

  /** A request's bytes: the head with its headers and Content-Length, then the body. */
  private encode(
    method: string,
    path: string,
    headers: Record<string, string> | string[],
    body: string | undefined,
  ): string {
    // A HEAD's answer has no body whatever its Content-Length says: the parser does not know that.
    if (method === 'HEAD') throw new Error('the load client does not send HEAD');
    let head = `${method} ${this.prefix}${path} HTTP/1.1\r\n${this.hostLine}`;
    if (Array.isArray(headers))
      for (let i = 0; i + 1 < headers.length; i += 2)
        head += `${headers[i]}: ${headers[i + 1]}\r\n`;
    else for (const name in headers) head += `${name}: ${headers[name]}\r\n`;
    if (body === undefined) return `${head}\r\n`;
    return `${head}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  }

  /** A retry that another way may settle first (a lookup), else one more try. */
  private async lookUpThenTry(
    beforeRetry: () => Promise<HttpReply | undefined>,
    wire: string,
    readBody: boolean,
  ): Promise<HttpReply> {
    return (await beforeRetry()) ?? new Try(wire, readBody, this.pool).reply;
  }

  /** Closes the keep-alive connections once the requests in flight have their answers. */
  close(): Promise<void> {
    return this.pool.close();
  }
}

/**
 * One try in the pool: a class rather than closures, so a request allocates one object (and
 * tsx's keepNames wraps no function per request). Its reply: the status, Retry-After and (if
 * read) the body; it rejects when no answer came.
 */
class Try implements PendingRequest {
  readonly reply: Promise<HttpReply>;
  private settle!: (reply: HttpReply) => void;
  private fail!: (error: Error) => void;

  constructor(
    readonly wire: string,
    readonly readBody: boolean,
    pool: Http1Pool,
  ) {
    this.reply = new Promise<HttpReply>((resolve, reject) => {
      this.settle = resolve;
      this.fail = reject;
    });
    pool.dispatch(this);
  }

  resolve(response: ParsedResponse): void {
    const { status, retryAfter, body } = response;
    this.settle({
      status,
      retryAfterSeconds: retryAfter === undefined ? undefined : retryAfterOf(retryAfter),
      body: body === undefined ? undefined : parseBody(body.toString()),
    });
  }

  reject(error: Error): void {
    this.fail(error);
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
