/**
 * kafkajs 2.2.4's request queue re-arms a timer after every check even when nothing is pending
 * and nothing is throttled, with a negative delay: every broker connection then runs a 1 ms
 * timer loop for ever (kafkajs issues #1556 and #1704; the fix proposed in PR #1667 was never
 * released). Measured here: an idle consumer burned 30 CPU-ms a second, and every process has
 * several connections. This replaces the one method with the released code plus the missing
 * guard: with nothing pending and no throttle there is nothing to check later, since a new
 * request and every response check the queue themselves.
 *
 * Applied once per process when this module is first imported (platform/pipeline-kafka.ts
 * imports it). kafkajs is unmaintained, so the version is pinned by the lock file; the unit
 * test fails if the patched method is no longer where this expects it.
 */
import { createRequire } from 'node:module';

/** The parts of kafkajs's internal RequestQueue the fix touches. */
export interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** As kafkajs's own constant: how soon to look again at requests held back by the in-flight limit. */
const CHECK_PENDING_REQUESTS_INTERVAL = 10;

function scheduleCheckPendingRequests(this: RequestQueueInternals) {
  if (this.throttleCheckTimeoutId) return;
  const untilUnthrottled = this.throttledUntil - Date.now();
  // Nothing waits and nothing is throttled: the next request or response checks the queue.
  if (this.pending.length === 0 && untilUnthrottled <= 0) return;
  const delay = untilUnthrottled > 0 ? untilUnthrottled : CHECK_PENDING_REQUESTS_INTERVAL;
  this.throttleCheckTimeoutId = setTimeout(() => {
    this.throttleCheckTimeoutId = null;
    this.checkPendingRequests();
  }, delay);
}

const require = createRequire(import.meta.url);

/** kafkajs's RequestQueue class, from the installed package. */
export const requestQueueClass = () =>
  require('kafkajs/src/network/requestQueue/index.js') as {
    prototype: RequestQueueInternals;
  };

requestQueueClass().prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
