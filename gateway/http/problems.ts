/**
 * Every refusal the API makes is an ApiError with a stable code; one handler turns it into an
 * RFC 9457 (7807) problem+json response. Clients act on `code` and `field`, never on the text.
 * The codes are a closed list: the domain's rejection reasons, whose status comes from one table
 * (gateway/http/rejection-problems.ts), and the gateway's own below.
 */
import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorRequestHandler, Response } from 'express';
import { isRetriable } from '../../platform/dependency-errors.js';
import type { Logger } from '../../platform/logger.js';
import type { RejectionReason } from '../../processors/domain/index.js';
import { writeJson } from './json-answer.js';
import { BARE_ANSWER_HEADER_LINES } from './security-headers.js';

/** What the gateway itself refuses: the shape of a request, who sends it, and its own health. */
export type GatewayProblemCode =
  | 'unauthorized'
  | 'rate_limited'
  | 'unavailable'
  | 'internal'
  | 'no_such_route'
  | 'user_not_found'
  | `invalid_${'body' | 'query' | 'path'}`
  | 'malformed_path'
  | 'malformed_json'
  | 'malformed_request'
  | 'unreadable_body'
  | 'body_too_large'
  | 'unsupported_encoding'
  | 'unsupported_media_type'
  | 'watchlist_full'
  | 'headers_too_large'
  | 'request_timeout'
  | 'missing_idempotency_key'
  | 'invalid_idempotency_key'
  | 'idempotency_key_reused';

export type ProblemCode = RejectionReason | GatewayProblemCode;

/** Extension members of a problem (RFC 9457 §3.2), such as the decided bid's id. */
export type ProblemMembers = Readonly<Record<string, string | number | boolean | null>>;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: ProblemCode,
    message: string,
    readonly extra: {
      readonly field?: string;
      readonly retryAfterSeconds?: number;
      /** The limit that refused the request, with its setting. */
      readonly limit?: string;
      readonly members?: ProblemMembers;
    } = {},
  ) {
    super(message);
  }
}

// A rejection reason is refused through gateway/http/rejection-problems.ts, which knows its status.
export const badRequest = (code: GatewayProblemCode, message: string, field?: string) =>
  new ApiError(400, code, message, field === undefined ? {} : { field });
export const unauthorized = (message: string) => new ApiError(401, 'unauthorized', message);
export const notFound = (code: GatewayProblemCode, message: string) =>
  new ApiError(404, code, message);
export const unprocessable = (code: GatewayProblemCode, message: string, field?: string) =>
  new ApiError(422, code, message, field === undefined ? {} : { field });
export const tooManyRequests = (message: string, retryAfterSeconds: number, limit?: string) =>
  new ApiError(429, 'rate_limited', message, {
    retryAfterSeconds,
    ...(limit === undefined ? {} : { limit }),
  });
export const unavailable = (message: string, retryAfterSeconds = 2) =>
  new ApiError(503, 'unavailable', message, { retryAfterSeconds });

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The RFC 9457 body for `error`. */
export function problemBody(error: ApiError, instance?: string) {
  return {
    ...error.extra.members,
    type: `/problems/${error.code}`,
    title: TITLES[error.status] ?? 'Error',
    status: error.status,
    code: error.code,
    detail: error.message,
    ...(error.extra.field === undefined ? {} : { field: error.extra.field }),
    ...(error.extra.limit === undefined ? {} : { limit: error.extra.limit }),
    ...(instance === undefined ? {} : { instance }),
  };
}

const PROBLEM_TYPE = 'application/problem+json';

/** The headers a problem carries besides its type: when to retry, how to authenticate. */
function setProblemHeaders(res: ServerResponse, error: ApiError) {
  if (error.extra.retryAfterSeconds !== undefined)
    res.setHeader('Retry-After', String(error.extra.retryAfterSeconds));
  if (error.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
}

export function sendProblem(res: Response, error: ApiError, instance?: string) {
  setProblemHeaders(res, error);
  res.status(error.status).type(PROBLEM_TYPE).json(problemBody(error, instance));
}

/** The same answer on a plain node:http response (the bid fast path, never a HEAD). */
export function writeProblem(res: ServerResponse, error: ApiError, instance?: string) {
  setProblemHeaders(res, error);
  writeJson(res, error.status, problemBody(error, instance), PROBLEM_TYPE);
}

interface FrameworkError {
  type?: string;
  status?: number;
  limit?: number;
}

/** Errors Express and its body parser raise for a bad request, as problems. */
function fromFramework(error: unknown): ApiError | undefined {
  // The router cannot percent-decode a path parameter such as `/auctions/%E0%A4%A`.
  if (error instanceof URIError)
    return badRequest('malformed_path', 'The path is not valid percent-encoding.', 'path');
  if (typeof error !== 'object' || error === null) return undefined;
  const known = fromBodyParser(error);
  if (known) return known;
  // Any other refusal of the body parser, e.g. a gzip body that does not inflate.
  const { status } = error as FrameworkError;
  if (status === 400)
    return badRequest('unreadable_body', 'The request body could not be read as sent.');
  return undefined;
}

function fromBodyParser(error: FrameworkError): ApiError | undefined {
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

/**
 * The problem that answers `error` on the request for `path`, and the instance it names (none
 * for our own failure); logs what is not the client's doing. Express's error handler and the bid
 * fast path both answer through it.
 */
export function problemFor(
  error: unknown,
  logger: Logger,
  path: string,
): { readonly problem: ApiError; readonly instance: string | undefined } {
  const known = error instanceof ApiError ? error : fromFramework(error);
  if (known) return { problem: known, instance: path };
  if (isRetriable(error)) {
    // Kafka or Postgres is down or restarting: say when to come back instead of hanging.
    logger.warn({ err: error, path }, 'a dependency is unavailable: answered 503');
    const message = `${(error as Error).message}. Nothing was applied; retry shortly.`;
    return { problem: unavailable(message), instance: path };
  }
  logger.error({ err: error, path }, 'unexpected error while handling a request');
  const internal = new ApiError(
    500,
    'internal',
    'Something went wrong on our side; the request was not applied. Retry later.',
  );
  return { problem: internal, instance: undefined };
}

export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const { problem, instance } = problemFor(error, logger, req.originalUrl);
    sendProblem(res, problem, instance);
  };
}

/** Refusals by Node's HTTP parser, by its error code. */
const CLIENT_ERRORS: Record<string, ApiError> = {
  HPE_HEADER_OVERFLOW: new ApiError(
    431,
    'headers_too_large',
    'The request headers are larger than the server accepts.',
  ),
  ERR_HTTP_REQUEST_TIMEOUT: new ApiError(
    408,
    'request_timeout',
    'The request did not arrive in time.',
  ),
};

/**
 * For the HTTP server's `clientError`: a request Node's parser refuses before Express sees it
 * (headers too large, a malformed request line) gets a problem+json answer too.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex) {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const problem =
    CLIENT_ERRORS[error.code ?? ''] ??
    badRequest('malformed_request', 'The request is not valid HTTP.');
  const body = JSON.stringify(problemBody(problem));
  socket.end(
    [
      `HTTP/1.1 ${problem.status} ${TITLES[problem.status] ?? 'Error'}`,
      'Content-Type: application/problem+json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      ...BARE_ANSWER_HEADER_LINES,
      'Connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}
