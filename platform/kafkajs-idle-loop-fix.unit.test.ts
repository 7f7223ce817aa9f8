/**
 * The request-queue fix (kafkajs #1556): with nothing pending and no throttle no timer is armed;
 * a held-back request or a throttle still gets its later check.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { requestQueueClass, type RequestQueueInternals } from './kafkajs-idle-loop-fix.js';

const armed: RequestQueueInternals[] = [];

function queue(pending: unknown[], throttledUntil: number): RequestQueueInternals {
  const q = Object.create(requestQueueClass().prototype) as RequestQueueInternals;
  Object.assign(q, { pending, throttledUntil, throttleCheckTimeoutId: null });
  armed.push(q);
  return q;
}

afterEach(() => {
  for (const q of armed.splice(0))
    if (q.throttleCheckTimeoutId) clearTimeout(q.throttleCheckTimeoutId);
});

describe('kafkajs request queue, as fixed', () => {
  it('arms no timer when nothing is pending and nothing is throttled', () => {
    const q = queue([], -1);
    q.scheduleCheckPendingRequests();
    expect(q.throttleCheckTimeoutId).toBeNull();
  });

  it('checks again later when a request is held back', () => {
    const q = queue([{}], -1);
    q.scheduleCheckPendingRequests();
    expect(q.throttleCheckTimeoutId).not.toBeNull();
  });

  it('checks again when a throttle ends, even with nothing pending yet', () => {
    const q = queue([], Date.now() + 1000);
    q.scheduleCheckPendingRequests();
    expect(q.throttleCheckTimeoutId).not.toBeNull();
  });
});
