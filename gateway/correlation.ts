/** Every request gets a correlation id (the client's X-Correlation-Id if sane, else a new one). */
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

declare module 'express-serve-static-core' {
  interface Request {
    correlationId: string;
  }
}

const SANE = /^[A-Za-z0-9._:-]{1,100}$/;

export const correlationId: RequestHandler = (req, res, next) => {
  const given = req.headers['x-correlation-id'];
  req.correlationId = typeof given === 'string' && SANE.test(given) ? given : randomUUID();
  res.setHeader('X-Correlation-Id', req.correlationId);
  next();
};
