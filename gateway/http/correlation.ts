/** Every request gets a correlation id (the client's X-Correlation-Id if sane, else a new one). */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';

declare module 'express-serve-static-core' {
  interface Request {
    correlationId: string;
  }
}

const SANE = /^[A-Za-z0-9._:-]{1,100}$/;

/** The request's correlation id: the one it carries if sane, else a new one. */
export function correlationIdOf(headers: IncomingHttpHeaders): string {
  const given = headers['x-correlation-id'];
  return typeof given === 'string' && SANE.test(given) ? given : randomUUID();
}

export const correlationId: RequestHandler = (req, res, next) => {
  req.correlationId = correlationIdOf(req.headers);
  res.setHeader('X-Correlation-Id', req.correlationId);
  next();
};
