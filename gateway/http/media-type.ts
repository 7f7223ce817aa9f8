/**
 * Bodies are JSON or nothing: a POST whose body is sent as anything else (no Content-Type,
 * text/plain, a form) is refused with 415 before it is read, naming the header to send, instead
 * of being read as an empty body whose fields are then "missing".
 */
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { ApiError } from './problems.js';

const JSON_TYPE = 'application/json';

/** The request's media type, without parameters (`charset`), in lower case. */
const mediaType = (req: IncomingMessage) =>
  req.headers['content-type']?.split(';')[0]?.trim().toLowerCase() ?? '';

/** Transfer-Encoding or a non-zero Content-Length: a body follows the headers. */
const hasBody = (req: IncomingMessage) =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

export const unsupportedMediaType = (req: IncomingMessage) => {
  const sent = mediaType(req);
  return new ApiError(
    415,
    'unsupported_media_type',
    `Send the body as JSON with the header Content-Type: ${JSON_TYPE} (it was ${sent ? sent : 'missing'}).`,
    { field: 'Content-Type' },
  );
};

/** A POST whose body, if it has one, is not JSON. */
export const nonJsonBody = (req: IncomingMessage) =>
  req.method === 'POST' && hasBody(req) && mediaType(req) !== JSON_TYPE;

/** A request that does not say its body is JSON (even an empty one). */
export const notSentAsJson = (req: IncomingMessage) => mediaType(req) !== JSON_TYPE;

/** Every POST: a body, if there is one, must be JSON. */
export const jsonBodiesOnly: RequestHandler = (req, _res, next) => {
  if (nonJsonBody(req)) next(unsupportedMediaType(req));
  else next();
};

/** A route that takes a JSON body: the header is required even when the body is empty. */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  if (notSentAsJson(req)) next(unsupportedMediaType(req));
  else next();
};
