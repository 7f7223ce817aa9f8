/** The stats sink process: its one composition root. */
import { createLogger } from '../../platform/logger.js';
import { createMetricsRegistry } from '../../platform/metrics.js';
import { createPool } from '../../platform/postgres-pool.js';
import { readSinkConfig } from '../config.js';
import { runSink } from '../run-sink.js';
import { statsSink } from './stats-sink.js';

const config = readSinkConfig('stats');
const logger = createLogger('stats-sink');
const db = createPool({ connectionString: config.databaseUrl, max: 4 }, logger);

runSink({
  config,
  sink: statsSink(db),
  logger,
  metrics: createMetricsRegistry('stats-sink'),
  close: () => db.end(),
}).catch((error: unknown) => {
  logger.error({ err: error }, 'the stats sink failed to start');
  process.exit(1);
});
