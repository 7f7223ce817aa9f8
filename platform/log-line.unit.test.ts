import { describe, expect, it } from 'vitest';
import { compactLogLine } from './log-line.js';

const at = Date.UTC(2026, 11, 1, 22, 31, 5, 123);

describe('compactLogLine', () => {
  it('prints a pino record as one line: time, level, message, then its own fields', () => {
    const line = JSON.stringify({
      level: 30,
      time: at,
      pid: 1,
      hostname: 'h',
      service: 'gateway',
      name: 'gateway',
      msg: 'request',
      method: 'POST',
      url: '/auctions/a/bids',
      status: 202,
      ms: 3,
    });
    expect(compactLogLine(line)).toBe(
      '22:31:05.123 INFO  request method=POST url=/auctions/a/bids status=202 ms=3',
    );
  });

  it('shows an error as its type and message, without the stack', () => {
    const line = JSON.stringify({
      level: 50,
      time: at,
      msg: 'commit failed',
      err: { type: 'DatabaseError', message: 'out of range', stack: 'DatabaseError\n    at x' },
      offset: '12',
    });
    expect(compactLogLine(line)).toBe(
      '22:31:05.123 ERROR commit failed err="DatabaseError: out of range" offset=12',
    );
  });

  it('quotes strings with spaces, writes objects as JSON and cuts long values', () => {
    const line = JSON.stringify({
      level: 40,
      time: at,
      msg: 'm',
      reason: 'two words',
      lag: { p0: 1 },
      big: 'x'.repeat(500),
    });
    const compact = compactLogLine(line);
    expect(compact).toContain('reason="two words" lag={"p0":1} big=xxx');
    expect(compact.length).toBeLessThan(260);
    expect(compact.endsWith('…')).toBe(true);
  });

  it("prints a line of kafkajs's own JSON logger as one line too, its stack left out", () => {
    const line = JSON.stringify({
      level: 'ERROR',
      timestamp: '2026-12-01T22:31:05.123Z',
      logger: 'kafkajs',
      message: '[Connection] Connection error: connect ECONNREFUSED 127.0.0.1:9092',
      broker: '127.0.0.1:9092',
      clientId: 'stats-sink',
      stack: 'Error: connect ECONNREFUSED\n    at x',
    });
    const compact = compactLogLine(line);
    expect(compact).toMatch(
      /^22:31:05\.123 ERROR \[Connection\] Connection error: connect ECONNREFUSED 127\.0\.0\.1:9092 kafkajs=kafkajs broker=127\.0\.0\.1:9092 clientId=stats-sink$/,
    );
    expect(compact).not.toContain('\n');
  });

  it('leaves a line that is not a pino record as it is', () => {
    expect(compactLogLine('    at main (file.ts:1:1)')).toBe('    at main (file.ts:1:1)');
    expect(compactLogLine('[1,2]')).toBe('[1,2]');
    expect(compactLogLine('{"no":"level"}')).toBe('{"no":"level"}');
  });
});
