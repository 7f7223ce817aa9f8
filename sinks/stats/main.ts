/** The stats sink process: its one composition root. */
import { createLogger } from '../../platform/logger.js';
import { createMetricsRegistry } from '../../platform/metrics.js';
import { createPool } from '../../platform/postgres-pool.js';
import { readSinkConfig } from '../config.js';
import { runSink } from '../run-sink.js';
import { applyStats, STATS_SINK } from './stats-sink.js';

const config = readSinkConfig('stats');
const logger = createLogger('stats-sink');
const db = createPool({ connectionString: config.databaseUrl, max: 4 }, logger);

// One partition at a time: the stats transactions update shared rows and must not deadlock.
const concurrency = 1;
runSink({
  config,
  sink: { name: STATS_SINK, apply: (events) => applyStats(db, events) },
  logger,
  metrics: createMetricsRegistry('stats-sink'),
  close: () => db.end(),
  concurrency,
}).catch((error: unknown) => {
  logger.error({ err: error }, 'the stats sink failed to start');
  process.exit(1);
});
