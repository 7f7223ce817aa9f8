/**
 * One pino JSON log record as one short line for a terminal:
 * `22:31:05.123 INFO  request method=POST url=/auctions status=202 ms=3`.
 * The record itself (with stack traces) stays in the log file. A line of kafkajs's own JSON
 * logger is shortened the same way; any other line is returned as it is.
 */

const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/**
 * Fields every record has, or that the prefix already shows; and a stack trace (kafkajs's lines
 * carry one), which stays in the log file.
 */
const OMITTED = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'service', 'name', 'stack']);

/** A longer value is cut: the full record is in the log file. */
const MAX_VALUE_CHARS = 160;

export function compactLogLine(line: string): string {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return line;
  }
  if (!isRecord(record)) return line;
  if (typeof record.level === 'number') return pinoLine(record, record.level);
  if (record.logger === 'kafkajs' && typeof record.level === 'string') return kafkajsLine(record);
  return line;
}

function pinoLine(record: Record<string, unknown>, levelNumber: number) {
  const time = typeof record.time === 'number' ? clock(record.time) : '';
  const level = LEVELS[levelNumber] ?? String(levelNumber);
  const msg = typeof record.msg === 'string' ? record.msg : '';
  return joined(time, level, msg, fieldsOf(record, OMITTED));
}

/**
 * A line of kafkajs's own JSON logger (a client built without platform/kafka-log.ts):
 * `{"level":"WARN","timestamp":"…","logger":"kafkajs","message":"…",…}`.
 */
function kafkajsLine(record: Record<string, unknown>) {
  const time = typeof record.timestamp === 'string' ? record.timestamp.slice(11, 23) : '';
  const msg = typeof record.message === 'string' ? record.message : '';
  return joined(time, String(record.level), msg, [
    'kafkajs=kafkajs',
    ...fieldsOf(record, KAFKAJS_OMITTED),
  ]);
}

const KAFKAJS_OMITTED = new Set(['level', 'timestamp', 'logger', 'message', 'stack']);

function fieldsOf(record: Record<string, unknown>, omitted: ReadonlySet<string>) {
  return Object.entries(record)
    .filter(([key]) => !omitted.has(key))
    .map(([key, value]) => `${key}=${shortValue(key, value)}`);
}

function joined(time: string, level: string, msg: string, fields: string[]) {
  return [time, level.padEnd(5), msg, ...fields].filter((part) => part !== '').join(' ');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** HH:MM:SS.mmm in UTC, the time the log file's records carry. */
function clock(epochMs: number) {
  return new Date(epochMs).toISOString().slice(11, 23);
}

function shortValue(key: string, value: unknown): string {
  // An error shows as its type and message; its stack stays in the log file.
  if ((key === 'err' || key === 'error') && isRecord(value)) {
    const type = typeof value.type === 'string' ? value.type : 'Error';
    const message = typeof value.message === 'string' ? value.message : '';
    return shortValue('message', `${type}: ${message}`);
  }
  if (typeof value === 'string') return cut(/\s/.test(value) ? JSON.stringify(value) : value);
  return cut(JSON.stringify(value) ?? String(value));
}

const cut = (text: string) =>
  text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
