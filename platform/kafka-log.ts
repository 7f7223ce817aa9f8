/**
 * kafkajs's log lines through the process's own logger, instead of kafkajs's JSON printed
 * beside it: `new Kafka({ ...kafkaLogging(logger), clientId, brokers })`. kafkajs's ERROR and
 * WARN stay errors and warnings; its INFO lines (a consumer joined, a producer started) are
 * debug here, its DEBUG trace, and kafkajs is told to produce only what the logger's level
 * shows (KAFKAJS_LOG_LEVEL still overrides that, as kafkajs documents).
 */
import { logLevel, type logCreator, type LogEntry } from 'kafkajs';

/** The logger calls the lines go to (a pino logger has them). */
export interface KafkaLogTarget {
  readonly level: string;
  error(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  debug(fields: object, message: string): void;
  trace(fields: object, message: string): void;
}

/** The least severe kafkajs level the logger at `level` shows. */
export function kafkaLogLevel(level: string): logLevel {
  switch (level) {
    case 'trace':
      return logLevel.DEBUG;
    case 'debug':
      return logLevel.INFO;
    case 'error':
    case 'fatal':
      return logLevel.ERROR;
    case 'silent':
      return logLevel.NOTHING;
    default:
      return logLevel.WARN;
  }
}

export function kafkaLogCreator(target: KafkaLogTarget): logCreator {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      // kafkajs's own timestamp and logger name: the record has its time, and `kafkajs` says who.
      const { message, timestamp: _timestamp, logger: _logger, ...extra } = log;
      const fields = { kafkajs: namespace || 'kafkajs', ...extra };
      switch (level) {
        case logLevel.ERROR:
          return target.error(fields, message);
        case logLevel.WARN:
          return target.warn(fields, message);
        case logLevel.INFO:
          return target.debug(fields, message);
        case logLevel.DEBUG:
          return target.trace(fields, message);
        case logLevel.NOTHING:
          return;
        default:
          return target.warn({ ...fields, kafkajsLevel: level }, message);
      }
    };
}

/** The two settings of a kafkajs client that send its lines to `target`. */
export const kafkaLogging = (target: KafkaLogTarget) => ({
  logLevel: kafkaLogLevel(target.level),
  logCreator: kafkaLogCreator(target),
});
