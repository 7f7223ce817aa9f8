/**
 * A JSON answer on a plain node:http response, as Express's `res.json` writes it (the same
 * Content-Type with its charset, a Content-Length, no ETag): the bid fast path answers this way.
 */
import type { ServerResponse } from 'node:http';

export function writeJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  type = 'application/json',
) {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', `${type}; charset=utf-8`);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
