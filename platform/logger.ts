/**
 * Structured JSON logs (pino), one record per line. `npm start`'s supervisor prints each record
 * as one compact line and keeps the JSON in the service's log file; `LOG_PRETTY=1` formats
 * them in the process itself (pino-pretty, also one line per record) for a service run alone.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  const pretty = process.env.LOG_PRETTY === '1';
  return pino({
    name: service,
    level,
    base: { service },
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { ignore: 'pid,hostname,service', singleLine: true },
          },
        }
      : {}),
  });
}
