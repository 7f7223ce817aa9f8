/** One base for the platform's typed errors: a closed code, and whether to try again. */
import { describe, expect, it } from 'vitest';
import { EventSchemaError } from '../contracts/events.js';
import { ItemAlreadyOpenError, PartitionFencedError } from '../processors/store.js';
import { PublishError } from '../producers/command-publisher.js';
import { DependencyUnavailable, isRetriable } from './dependency-errors.js';
import { AppError } from './errors.js';
import { TimedOut } from './within.js';

describe('AppError', () => {
  it.each([
    [new DependencyUnavailable('Postgres', new Error('ECONNREFUSED')), 'dependency_unavailable'],
    [new TimedOut('the commit did not finish'), 'timed_out'],
    [new PublishError('no acknowledgement'), 'publish_failed'],
    [new PartitionFencedError('moved'), 'partition_fenced'],
    [new ItemAlreadyOpenError('item-1'), 'item_already_open'],
  ])('%s is retriable, with its code', (error, code) => {
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe(code);
    expect(isRetriable(error)).toBe(true);
  });

  it('an event that does not match its schema is not retriable', () => {
    const error = new EventSchemaError('BidAccepted: bad');
    expect(error.code).toBe('event_schema_mismatch');
    expect(isRetriable(error)).toBe(false);
  });

  it('only an AppError says it is retriable: a look-alike or a plain error is not', () => {
    expect(isRetriable({ retriable: true })).toBe(false);
    expect(isRetriable(new Error('boom'))).toBe(false);
    expect(isRetriable(null)).toBe(false);
  });
});
