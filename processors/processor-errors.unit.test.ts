import { describe, expect, it } from 'vitest';
import { classifyFailure } from '../platform/partition-runner/retry-policy.js';
import { EventSchemaError } from '../contracts/events.js';
import { ItemAlreadyOpenError, PartitionFencedError } from './store.js';

describe("the processor's typed errors, as the partition runner's retry policy reads them", () => {
  it('a fenced partition or an item opened meanwhile passes on a retry; a schema error does not', () => {
    expect(classifyFailure(new PartitionFencedError('moved')).kind).toBe('retriable');
    expect(classifyFailure(new ItemAlreadyOpenError('open')).kind).toBe('retriable');
    expect(classifyFailure(new EventSchemaError('bad')).kind).toBe('permanent');
  });
});
