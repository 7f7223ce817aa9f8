/** Structured JSON logs (pino); `LOG_PRETTY=1` prints them human-readable for local work. */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  const pretty = process.env.LOG_PRETTY === '1';
  return pino({
    name: service,
    level,
    base: { service },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { ignore: 'pid,hostname,service' } } }
      : {}),
  });
}
