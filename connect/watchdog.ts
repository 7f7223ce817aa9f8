/**
 * Keeps the outbox connector running. Kafka Connect leaves a failed task failed, and a Debezium
 * task fails for good when Postgres restarts under it; without a restart no event would be
 * published again. Every interval this looks at the connector and restarts what has failed.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../platform/logger.js';
import { connectorStatus, failureOf, restartFailed } from './connector.js';

export interface WatchdogOptions {
  readonly connectUrl: string;
  readonly connector: string;
  readonly intervalMs: number;
  readonly logger: Logger;
  readonly signal: AbortSignal;
}

export async function watchConnector(options: WatchdogOptions) {
  const { connectUrl, connector, logger, signal } = options;
  let reachable = true;
  while (!signal.aborted) {
    try {
      const status = await connectorStatus(connectUrl, connector);
      if (!reachable) logger.info({ connector }, 'Kafka Connect answers again');
      reachable = true;
      const failure = status && failureOf(status);
      if (failure) {
        logger.warn({ connector, failure }, 'connector failed: restarting its failed tasks');
        await restartFailed(connectUrl, connector);
      }
    } catch (error) {
      if (reachable)
        logger.warn(
          { err: error, connectUrl },
          'Kafka Connect does not answer; events wait in the outbox until it is back',
        );
      reachable = false;
    }
    await sleep(options.intervalMs, undefined, { signal }).catch(() => undefined);
  }
}
