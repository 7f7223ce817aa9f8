/**
 * Every request timed into `http_request_duration_seconds` and logged at debug with its
 * correlation id: Express's requests through a middleware (gateway/app.ts), the bid fast path's
 * directly (gateway/routes/place-bid.ts), into the one histogram.
 */
import type { ServerResponse } from 'node:http';
import { Histogram, type Registry } from 'prom-client';
import type { Logger } from '../../platform/logger.js';

/** What is known of a request once it is answered (or its client went away). */
export interface ObservedRequest {
  readonly correlationId: string;
  readonly method: string;
  readonly path: string;
  /** The route's pattern, never the raw path: label values must stay few. */
  readonly route: string;
}

/** Calls `finished` with the request's seconds and status when its connection is done with it. */
export type RequestObserver = (
  res: ServerResponse,
  start: number,
  describe: (status: number) => ObservedRequest,
) => void;

export function requestObserver(logger: Logger, registry: Registry): RequestObserver {
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status; 499: the client went away first',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  // prom-client hashes a label set on every observe; one child per label set is looked up once.
  const children = new Map<string, ReturnType<typeof duration.labels>>();
  const child = (method: string, route: string, status: string) => {
    const key = `${method} ${route} ${status}`;
    let found = children.get(key);
    if (!found) children.set(key, (found = duration.labels(method, route, status)));
    return found;
  };
  return (res, start, describe) => {
    res.once('close', () => {
      const seconds = (performance.now() - start) / 1000;
      const status = res.writableFinished ? res.statusCode : 499;
      const request = describe(status);
      child(request.method, request.route, String(status)).observe(seconds);
      // Thousands a second under load: each request is a debug line (LOG_LEVEL=debug shows them);
      // failures are logged where they are answered (problemFor), and the histogram counts all.
      // The line's fields are built only when it is written.
      if (logger.isLevelEnabled('debug'))
        logger.debug(
          { ...request, status, durationMs: Math.round(seconds * 10_000) / 10 },
          'request',
        );
    });
  };
}
