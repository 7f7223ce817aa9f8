/** The connector watchdog process: its one composition root. */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { readEndpoints, serviceUrls } from '../platform/endpoints.js';
import { createLogger } from '../platform/logger.js';
import { OUTBOX_CONNECTOR_FILE } from './location.js';
import { watchConnector } from './watchdog.js';

async function main() {
  const logger = createLogger('connect-watchdog');
  const config = z
    .object({ connectUrl: z.string().url(), intervalMs: z.number().int().min(100) })
    .strict()
    .parse({
      connectUrl: process.env.CONNECT_URL ?? serviceUrls(readEndpoints()).connectUrl,
      intervalMs: Number(process.env.CONNECT_WATCH_INTERVAL_MS ?? 2000),
    });
  const { name } = JSON.parse(await readFile(OUTBOX_CONNECTOR_FILE, 'utf8')) as { name: string };
  const stop = new AbortController();
  const shutdown = () => stop.abort();
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  logger.info({ connector: name, connectUrl: config.connectUrl }, 'watching the connector');
  await watchConnector({ ...config, connector: name, logger, signal: stop.signal });
}

main().catch((error: unknown) => {
  console.error('connect-watchdog failed to start:', error);
  process.exit(1);
});
