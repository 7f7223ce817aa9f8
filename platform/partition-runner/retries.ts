/**
 * The failures of each owned partition and their retries: counted (through `onFailedTry`),
 * remembered as a streak (for the backoff and the "same way N times" rule), logged once in full
 * and then as a reminder every 30 s, and retried by pausing only that partition for the backoff,
 * so that kafkajs goes on fetching the others.
 */
import type { EachBatchPayload } from 'kafkajs';
import type { Logger } from '../logger.js';
import {
  classifyFailure,
  isolateNow,
  recordFailure,
  retryDelayMs,
  type ClassifiedFailure,
  type FailureStreak,
  type PartFailure,
  type RetryPolicy,
} from './retry-policy.js';

/** While a partition keeps failing, a reminder this often (the first failure is logged in full). */
const STILL_FAILING_LOG_MS = 30_000;

export interface RetryDependencies {
  readonly logger: Logger;
  readonly now: () => number;
  readonly policy: RetryPolicy;
  /** Told each failed try, classified (the processor counts them in its metrics). */
  readonly onFailedTry?: (partition: number, failure: ClassifiedFailure) => void;
  /** Told each time a partition is retried: a consumer busy retrying has not stalled. */
  readonly onRetry?: () => void;
}

export class PartitionRetries {
  private readonly streaks = new Map<number, FailureStreak & { lastLoggedAt: number }>();
  private readonly resumeTimers = new Map<number, NodeJS.Timeout>();

  constructor(private readonly deps: RetryDependencies) {}

  /** Counts a failed try, classified. */
  counted(partition: number, error: unknown): PartFailure {
    const failure = classifyFailure(error);
    this.deps.onFailedTry?.(partition, failure);
    return { error, failure };
  }

  /** Adds a failure of the part starting at `startOffset` to the partition's streak. */
  record(partition: number, startOffset: string, failed: PartFailure): FailureStreak {
    const previous = this.streaks.get(partition);
    const streak = recordFailure(previous, failed.failure, startOffset, this.deps.now());
    this.streaks.set(partition, { ...streak, lastLoggedAt: previous?.lastLoggedAt ?? 0 });
    return streak;
  }

  /** The failure is a message's: split the part now instead of retrying it. */
  isolateNow(streak: FailureStreak, failed: PartFailure) {
    return isolateNow(streak, failed.failure, this.deps.policy);
  }

  /** Pauses the partition and resumes it after the backoff; logs the failure (once, then rarely). */
  retryLater(
    payload: Pick<EachBatchPayload, 'pause' | 'isRunning'>,
    partition: number,
    error: unknown,
  ) {
    const streak = this.streaks.get(partition);
    const policy = this.deps.policy;
    const delayMs = streak ? retryDelayMs(streak, policy) : policy.firstDelayMs;
    if (streak) this.log(partition, streak, error);
    if (!payload.isRunning()) return;
    const resume = payload.pause();
    clearTimeout(this.resumeTimers.get(partition));
    this.resumeTimers.set(
      partition,
      setTimeout(() => {
        this.resumeTimers.delete(partition);
        this.deps.onRetry?.();
        resume();
      }, delayMs),
    );
    this.deps.onRetry?.();
  }

  /** The partition committed again: its streak ends (and is logged if there was one). */
  recovered(partition: number) {
    const streak = this.streaks.get(partition);
    if (!streak) return;
    this.streaks.delete(partition);
    this.deps.logger.info(
      { partition, tries: streak.tries, failedForMs: this.deps.now() - streak.since },
      'partition deciding again',
    );
  }

  /** The streak ended without a commit of the whole part (its poison was isolated). */
  isolated(partition: number) {
    this.streaks.delete(partition);
  }

  forget(partition: number) {
    this.streaks.delete(partition);
  }

  stop() {
    for (const timer of this.resumeTimers.values()) clearTimeout(timer);
    this.resumeTimers.clear();
  }

  private log(partition: number, streak: FailureStreak & { lastLoggedAt: number }, error: unknown) {
    const now = this.deps.now();
    if (streak.tries !== 1 && now - streak.lastLoggedAt < STILL_FAILING_LOG_MS) return;
    this.streaks.set(partition, { ...streak, lastLoggedAt: now });
    const fields = {
      partition,
      offset: streak.startOffset,
      code: streak.code,
      tries: streak.tries,
      failingForMs: now - streak.since,
    };
    // The first failure in full, then a reminder without the stack.
    if (streak.tries === 1)
      this.deps.logger.warn(
        { ...fields, err: error },
        'batch not committed; retrying from the stored offset',
      );
    else
      this.deps.logger.warn(
        { ...fields, error: (error as Error).message },
        'batch still not committed; retrying',
      );
  }
}
