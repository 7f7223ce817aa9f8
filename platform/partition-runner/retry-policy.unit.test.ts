import pg from 'pg';
import { AppError } from '../errors.js';
import { describe, expect, it } from 'vitest';
import {
  classifyFailure,
  DEFAULT_RETRY_POLICY,
  isolateNow,
  recordFailure,
  retryDelayMs,
} from './retry-policy.js';
import { DependencyUnavailable } from '../dependency-errors.js';
import { TimedOut } from '../within.js';

const postgresError = (code: string) => {
  const error = new pg.DatabaseError('refused', 0, 'error');
  error.code = code;
  return error;
};
const nodeError = (code: string) => Object.assign(new Error(code), { code });

describe('classifyFailure', () => {
  it.each([
    ['57P01', 'admin shutdown'],
    ['57014', 'statement timeout'],
    ['08006', 'connection failure'],
    ['08P01', 'protocol violation'],
    ['40001', 'serialization failure'],
    ['40P01', 'deadlock'],
    ['53300', 'too many connections'],
    ['55P03', 'lock not available'],
  ])('Postgres %s (%s) is retriable', (code) => {
    expect(classifyFailure(postgresError(code))).toMatchObject({ kind: 'retriable', code });
  });

  it.each([
    ['22008', 'datetime field overflow (year 9999 and beyond)'],
    ['22021', 'NUL in text'],
    ['22P05', 'NUL in jsonb'],
    ['22003', 'number out of range'],
    ['23505', 'unique violation'],
    ['23502', 'not-null violation'],
  ])('Postgres %s (%s) is caused by the data: permanent', (code) => {
    expect(classifyFailure(postgresError(code))).toMatchObject({ kind: 'permanent', code });
  });

  it('other SQLSTATEs (a syntax error, an internal error) are unknown until they repeat', () => {
    expect(classifyFailure(postgresError('42601')).kind).toBe('unknown');
    expect(classifyFailure(postgresError('XX000')).kind).toBe('unknown');
  });

  it('a lost or refused connection is retriable', () => {
    expect(classifyFailure(nodeError('ECONNREFUSED'))).toMatchObject({ kind: 'retriable' });
    expect(classifyFailure(nodeError('ECONNRESET'))).toMatchObject({ kind: 'retriable' });
  });

  it('typed errors say for themselves through `retriable`', () => {
    class Refused extends AppError {
      override readonly name = 'Refused';
      readonly code = 'event_schema_mismatch';
      readonly retriable = false;
    }
    expect(classifyFailure(new DependencyUnavailable('Redis', new Error('down'))).kind).toBe(
      'retriable',
    );
    expect(classifyFailure(new TimedOut('the store did not answer')).kind).toBe('retriable');
    expect(classifyFailure(new Refused('bad'))).toMatchObject({
      kind: 'permanent',
      code: 'Refused',
    });
  });

  it('anything else (a RangeError from an impossible date) is unknown, named by its error name', () => {
    expect(classifyFailure(new RangeError('Invalid time value'))).toMatchObject({
      kind: 'unknown',
      code: 'RangeError',
    });
  });
});

describe('the retry decision', () => {
  const unknown = classifyFailure(new RangeError('Invalid time value'));
  const retriable = classifyFailure(nodeError('ECONNREFUSED'));
  const permanent = classifyFailure(postgresError('22008'));

  it('a permanent failure isolates at once', () => {
    expect(
      isolateNow(recordFailure(undefined, permanent, '7', 0), permanent, DEFAULT_RETRY_POLICY),
    ).toBe(true);
  });

  it('an unknown failure isolates once it failed the same way at the same offset 3 times in a row', () => {
    let streak = recordFailure(undefined, unknown, '7', 0);
    expect(isolateNow(streak, unknown, DEFAULT_RETRY_POLICY)).toBe(false);
    streak = recordFailure(streak, unknown, '7', 100);
    expect(isolateNow(streak, unknown, DEFAULT_RETRY_POLICY)).toBe(false);
    streak = recordFailure(streak, unknown, '7', 200);
    expect(isolateNow(streak, unknown, DEFAULT_RETRY_POLICY)).toBe(true);
  });

  it('a different failure in between, or another offset, starts the count again', () => {
    let streak = recordFailure(undefined, unknown, '7', 0);
    streak = recordFailure(streak, unknown, '7', 1);
    streak = recordFailure(streak, retriable, '7', 2);
    streak = recordFailure(streak, unknown, '7', 3);
    expect(streak.sameInARow).toBe(1);
    expect(recordFailure(streak, unknown, '8', 4).sameInARow).toBe(1);
  });

  it('a retriable failure never isolates, however often it repeats', () => {
    let streak = recordFailure(undefined, retriable, '7', 0);
    for (let i = 0; i < 50; i += 1) streak = recordFailure(streak, retriable, '7', i);
    expect(isolateNow(streak, retriable, DEFAULT_RETRY_POLICY)).toBe(false);
  });

  it('backs off from 200 ms, doubling, to at most 5 s', () => {
    let streak = recordFailure(undefined, retriable, '7', 0);
    const delays = [retryDelayMs(streak, DEFAULT_RETRY_POLICY)];
    for (let i = 0; i < 8; i += 1) {
      streak = recordFailure(streak, retriable, '7', i);
      delays.push(retryDelayMs(streak, DEFAULT_RETRY_POLICY));
    }
    expect(delays).toEqual([200, 400, 800, 1600, 3200, 5000, 5000, 5000, 5000]);
  });
});
