/**
 * Every refusal the API makes is an ApiError with a stable code; one handler turns it into an
 * RFC 9457 (7807) problem+json response. Clients act on `code` and `field`, never on the text.
 */
import type { ErrorRequestHandler, Response } from 'express';
import { isRetriable } from '../platform/dependency-errors.js';
import type { Logger } from '../platform/logger.js';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { readonly field?: string; readonly retryAfterSeconds?: number } = {},
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, field?: string) =>
  new ApiError(400, code, message, field === undefined ? {} : { field });
export const unauthorized = (message: string) => new ApiError(401, 'unauthorized', message);
export const forbidden = (code: string, message: string) => new ApiError(403, code, message);
export const notFound = (code: string, message: string) => new ApiError(404, code, message);
export const conflict = (code: string, message: string) => new ApiError(409, code, message);
export const unavailable = (message: string, retryAfterSeconds = 2) =>
  new ApiError(503, 'unavailable', message, { retryAfterSeconds });

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  503: 'Service Unavailable',
};

export function sendProblem(res: Response, error: ApiError, instance?: string) {
  if (error.extra.retryAfterSeconds !== undefined)
    res.setHeader('Retry-After', String(error.extra.retryAfterSeconds));
  if (error.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  res
    .status(error.status)
    .type('application/problem+json')
    .json({
      type: `/problems/${error.code}`,
      title: TITLES[error.status] ?? 'Error',
      status: error.status,
      code: error.code,
      detail: error.message,
      ...(error.extra.field === undefined ? {} : { field: error.extra.field }),
      ...(instance === undefined ? {} : { instance }),
    });
}

/** Express's own body-parser errors, as problems. */
function fromBodyParser(error: {
  type?: string;
  status?: number;
  limit?: number;
}): ApiError | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return badRequest('malformed_json', 'The request body is not valid JSON.');
    case 'entity.too.large':
      return new ApiError(
        413,
        'body_too_large',
        `The request body is larger than ${error.limit ?? 'allowed'} bytes.`,
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError(415, 'unsupported_encoding', 'Send the body as UTF-8 JSON.');
    case undefined:
    default:
      return undefined;
  }
}

export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const known = error instanceof ApiError ? error : fromBodyParser(error as { type?: string });
    if (known) {
      sendProblem(res, known, req.originalUrl);
      return;
    }
    if (isRetriable(error)) {
      // Kafka or Postgres is down or restarting: say when to come back instead of hanging.
      logger.warn(
        { err: error, path: req.originalUrl },
        'a dependency is unavailable: answered 503',
      );
      sendProblem(
        res,
        unavailable(`${(error as Error).message}. Nothing was applied; retry shortly.`),
        req.originalUrl,
      );
      return;
    }
    logger.error(
      { err: error, path: req.originalUrl },
      'unexpected error while handling a request',
    );
    res.status(500).type('application/problem+json').json({
      type: '/problems/internal',
      title: 'Internal Server Error',
      status: 500,
      code: 'internal',
      detail: 'Something went wrong on our side; the request was not applied. Retry later.',
    });
  };
}
