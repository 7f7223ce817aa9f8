/**
 * Structured JSON logs (pino), one record per line. `npm start`'s supervisor prints each record
 * as one compact line and keeps the JSON in the service's log file; `LOG_PRETTY=1` formats
 * them in the process itself (pino-pretty, also one line per record) for a service run alone.
 * No line carries a password, token or secret (platform/log-redaction.ts).
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import { censor, REDACT_PATHS, scrubSecrets } from './log-redaction.js';

export type { Logger };

/**
 * `destination`: where the lines go instead of stdout (tests); pretty printing is then off.
 */
export function createLogger(
  service: string,
  level = process.env.LOG_LEVEL ?? 'info',
  destination?: DestinationStream,
): Logger {
  const pretty = process.env.LOG_PRETTY === '1' && destination === undefined;
  const options = {
    name: service,
    level,
    base: { service },
    redact: { paths: REDACT_PATHS, censor },
    hooks: { streamWrite: scrubSecrets },
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { ignore: 'pid,hostname,service', singleLine: true },
          },
        }
      : {}),
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
