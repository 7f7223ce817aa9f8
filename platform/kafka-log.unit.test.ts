import { logLevel, type LogEntry } from 'kafkajs';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { kafkaLogCreator, kafkaLogging, kafkaLogLevel, type KafkaLogTarget } from './kafka-log.js';

/** A pino logger whose records are collected, parsed. */
function collectingLogger(level: string) {
  const records: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      records.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level, base: { service: 'test' } }, stream), records };
}

const entry = (level: logLevel, message: string, extra: object = {}): LogEntry => ({
  namespace: 'Connection',
  level,
  label: logLevel[level],
  log: { timestamp: '2026-01-01T00:00:00.000Z', logger: 'kafkajs', message, ...extra },
});

describe('kafkaLogCreator', () => {
  it('writes a kafkajs line as a record of the logger: level, message and its fields', () => {
    const { logger, records } = collectingLogger('info');
    const log = kafkaLogCreator(logger)(logLevel.WARN);
    log(entry(logLevel.ERROR, 'Connection error: connect ECONNREFUSED', { broker: 'b:9092' }));
    log(entry(logLevel.WARN, 'Retrying', { retryCount: 2 }));
    expect(records).toEqual([
      expect.objectContaining({
        level: 50,
        msg: 'Connection error: connect ECONNREFUSED',
        kafkajs: 'Connection',
        broker: 'b:9092',
        service: 'test',
      }),
      expect.objectContaining({ level: 40, msg: 'Retrying', retryCount: 2 }),
    ]);
    // kafkajs's own timestamp and logger name are not repeated.
    expect(records[0]).not.toHaveProperty('timestamp');
    expect(records[0]).not.toHaveProperty('logger');
  });

  it("takes kafkajs's INFO as debug and its DEBUG as trace", () => {
    const calls: string[] = [];
    const target: KafkaLogTarget = {
      level: 'trace',
      error: () => calls.push('error'),
      warn: () => calls.push('warn'),
      debug: (_fields, message) => calls.push(`debug ${message}`),
      trace: (_fields, message) => calls.push(`trace ${message}`),
    };
    const log = kafkaLogCreator(target)(logLevel.DEBUG);
    log(entry(logLevel.INFO, 'Consumer has joined the group'));
    log(entry(logLevel.DEBUG, 'Request Fetch'));
    log(entry(logLevel.NOTHING, 'never'));
    expect(calls).toEqual(['debug Consumer has joined the group', 'trace Request Fetch']);
  });
});

describe('kafkaLogLevel', () => {
  it('asks kafkajs for no more than the logger shows', () => {
    expect(kafkaLogLevel('info')).toBe(logLevel.WARN);
    expect(kafkaLogLevel('warn')).toBe(logLevel.WARN);
    expect(kafkaLogLevel('debug')).toBe(logLevel.INFO);
    expect(kafkaLogLevel('trace')).toBe(logLevel.DEBUG);
    expect(kafkaLogLevel('error')).toBe(logLevel.ERROR);
    expect(kafkaLogLevel('silent')).toBe(logLevel.NOTHING);
    expect(kafkaLogging(collectingLogger('debug').logger).logLevel).toBe(logLevel.INFO);
  });
});
