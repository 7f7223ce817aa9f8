/**
 * The gateway's HTTP server, with limits a slow client cannot outlast: headers that never
 * finish, a body that never ends and an idle keep-alive connection are each cut after a bound
 * (Node's own defaults let a connection sit 60–90 s on headers and 300 s on a body).
 */
import { createServer, type RequestListener } from 'node:http';
import { answerClientError } from './problems.js';

export interface ServerTimeouts {
  /** From a connection's first byte (or a keep-alive request's) until its headers are in. */
  readonly headersMs: number;
  /** From the first byte until the whole request, body included, is in. */
  readonly requestMs: number;
  /** How long a kept-alive connection may wait for its next request. */
  readonly keepAliveMs: number;
}

export const DEFAULT_SERVER_TIMEOUTS: ServerTimeouts = {
  headersMs: 10_000,
  requestMs: 30_000,
  keepAliveMs: 5_000,
};

/** Node checks the headers and request time-outs every this often (its default: 30 s). */
const checkEveryMs = (timeouts: ServerTimeouts) => Math.min(1000, timeouts.headersMs);

/** The server for `handle`; a request cut by a time-out gets a 408 problem before the close. */
export function createHttpServer(handle: RequestListener, timeouts: ServerTimeouts) {
  const server = createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      connectionsCheckingInterval: checkEveryMs(timeouts),
    },
    handle,
  );
  server.on('clientError', answerClientError);
  return server;
}
