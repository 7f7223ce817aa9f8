/** The gateway process: its one composition root. */
import { once } from 'node:events';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { createLogger } from '../platform/logger.js';
import { createApp } from './app.js';
import { readGatewayConfig } from './config.js';
import { dependencyChecks } from './readiness.js';

async function main() {
  const logger = createLogger('gateway');
  const config = readGatewayConfig();

  const db = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
  db.on('error', (error) =>
    logger.warn({ err: error }, 'idle Postgres connection failed; the pool replaces it'),
  );
  const kafka = new Kafka({
    clientId: 'gateway',
    brokers: config.kafkaBrokers,
    logLevel: logLevel.WARN,
  });
  const admin = kafka.admin();
  await admin.connect();

  const app = createApp({
    logger,
    checks: dependencyChecks({ kafka: admin, db, registryUrl: config.registryUrl }),
  });
  const server = app.listen(config.port, config.host);
  await once(server, 'listening');
  logger.info({ port: config.port }, `gateway listening on http://localhost:${config.port}`);

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close();
    await Promise.allSettled([admin.disconnect(), db.end()]);
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    console.error(
      'gateway: its port is already taken (is another `npm start` running?). Choose another with GATEWAY_PORT=<port>.',
    );
  } else {
    console.error('gateway failed to start:', error);
  }
  process.exit(1);
});
