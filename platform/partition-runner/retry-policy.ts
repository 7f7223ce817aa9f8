/**
 * The partition runner's one retry policy: why a part of a batch could not be handled, and what
 * to do about it. A failure that can pass (Postgres restarting, a lost connection, a
 * serialization conflict, a timeout) is retried with backoff. One that will not (a data
 * exception, a constraint, a value the store refuses) is caused by a message: the batch is split
 * to find it (poison.ts), for handlers that can refuse a message. A failure of neither kind
 * becomes "caused by a message" once it repeats the same way a few times in a row. Pure.
 */
import pg from 'pg';
import { isRetriable } from '../dependency-errors.js';
import { AppError } from '../errors.js';

export type FailureKind = 'retriable' | 'permanent' | 'unknown';

export interface ClassifiedFailure {
  readonly kind: FailureKind;
  /** SQLSTATE, Node error code or error name: what "fails the same way" compares. */
  readonly code: string;
  readonly message: string;
}

/** SQLSTATE classes and codes that pass: connection (08), resources (53), operator (57, e.g. 57P01 admin shutdown, 57014 timeout). */
const PASSING_CLASSES = new Set(['08', '53', '57']);
/** Serialization failure, deadlock, lock not available. */
const PASSING_CODES = new Set(['40001', '40P01', '55P03']);
/** Data exceptions (22, e.g. a date out of range, NUL in text) and constraint violations (23). */
const REFUSING_CLASSES = new Set(['22', '23']);
/** Node's codes for a connection that failed or broke. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

export function classifyFailure(error: unknown): ClassifiedFailure {
  const message = error instanceof Error ? error.message : String(error);
  // A typed error says for itself (PartitionFencedError, DependencyUnavailable, EventSchemaError...).
  const name = error instanceof Error ? error.name : typeof error;
  if (isRetriable(error)) return { kind: 'retriable', code: name, message };
  if (error instanceof AppError && !error.retriable)
    return { kind: 'permanent', code: name, message };
  if (error instanceof pg.DatabaseError && typeof error.code === 'string') {
    const code = error.code;
    const kind: FailureKind =
      PASSING_CLASSES.has(code.slice(0, 2)) || PASSING_CODES.has(code)
        ? 'retriable'
        : REFUSING_CLASSES.has(code.slice(0, 2))
          ? 'permanent'
          : 'unknown';
    return { kind, code, message };
  }
  const nodeCode = (error as { code?: unknown } | null)?.code;
  if (typeof nodeCode === 'string' && NETWORK_CODES.has(nodeCode))
    return { kind: 'retriable', code: nodeCode, message };
  return { kind: 'unknown', code: typeof nodeCode === 'string' ? nodeCode : name, message };
}

/** The failure of a part of a batch, classified. */
export interface PartFailure {
  readonly error: unknown;
  readonly failure: ClassifiedFailure;
}

export const describeFailure = (failure: ClassifiedFailure) =>
  `${failure.code}: ${failure.message}`;

export interface RetryPolicy {
  /** An unknown failure seen this many times in a row, the same way, is caused by a message. */
  readonly sameFailureLimit: number;
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  sameFailureLimit: 3,
  firstDelayMs: 200,
  maxDelayMs: 5000,
};

/** Consecutive failures of one partition's batch starting at one offset. */
export interface FailureStreak {
  readonly startOffset: string;
  readonly code: string;
  /** Failures in a row (any code) since the last commit, for the backoff. */
  readonly tries: number;
  /** Failures in a row with this code at this offset, for the "same way N times" rule. */
  readonly sameInARow: number;
  readonly since: number;
}

export function recordFailure(
  streak: FailureStreak | undefined,
  failure: ClassifiedFailure,
  startOffset: string,
  now: number,
): FailureStreak {
  const same = streak?.startOffset === startOffset && streak.code === failure.code;
  return {
    startOffset,
    code: failure.code,
    tries: (streak?.tries ?? 0) + 1,
    sameInARow: same ? streak.sameInARow + 1 : 1,
    since: streak?.since ?? now,
  };
}

/** Split the batch now (the failure is a message's), or retry it after a delay. */
export function isolateNow(
  streak: FailureStreak,
  failure: ClassifiedFailure,
  policy: RetryPolicy,
): boolean {
  if (failure.kind === 'permanent') return true;
  return failure.kind === 'unknown' && streak.sameInARow >= policy.sameFailureLimit;
}

export const retryDelayMs = (streak: FailureStreak, policy: RetryPolicy) =>
  Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.min(20, streak.tries - 1));
