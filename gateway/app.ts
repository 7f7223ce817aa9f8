/** The gateway's HTTP application: routes only, every dependency passed in. */
import express from 'express';
import type { Logger } from '../platform/logger.js';
import { runChecks, type Check } from './readiness.js';

export interface AppDependencies {
  readonly logger: Logger;
  readonly checks: Record<string, Check>;
}

export function createApp({ checks }: AppDependencies) {
  const app = express();
  app.disable('x-powered-by');

  /** Alive: the process answers. */
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  /** Ready: Kafka, Postgres and the schema registry answer. */
  app.get('/ready', async (_req, res) => {
    const result = await runChecks(checks);
    res.status(result.ok ? 200 : 503).json(result);
  });

  app.get('/', (_req, res) => {
    res.type('text/plain').send('Auction gateway. Try /health and /ready.\n');
  });

  return app;
}
