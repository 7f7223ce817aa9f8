/**
 * Bounds on every value a command brings into the store: times the store can hold and that make
 * sense for an auction, and strings without control characters (Postgres refuses NUL outright).
 * Pure: the processor reads the configurable limits once (processors/config.ts) and passes them in.
 */

const DAY_MS = 86_400_000;

export interface AuctionLimits {
  /** How far before the processor's clock an auction may start (a request in transit). */
  readonly startSkewMs: number;
  /** How far after the processor's clock an auction may start. */
  readonly maxStartAheadMs: number;
  /** The longest an auction may run (endsAt - startsAt); also bounds the soft-close terms. */
  readonly maxDurationMs: number;
}

export const DEFAULT_AUCTION_LIMITS: AuctionLimits = {
  startSkewMs: 300_000,
  maxStartAheadMs: 365 * DAY_MS,
  maxDurationMs: 30 * DAY_MS,
};

/** Ids of every kind (auction, item, bid, external ref) and user ids, as the gateway allows them. */
export const MAX_ID_LENGTH = 200;
export const MAX_TITLE_LENGTH = 300;
/** The last millisecond an ISO date (and so Postgres, through the processor) can carry. */
export const LATEST_STORABLE_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** Why `value` is not a storable string of 1..max characters; undefined when it is. */
export function textProblem(field: string, value: unknown, max: number): string | undefined {
  if (typeof value !== 'string' || value.length < 1 || value.length > max)
    return `${field} must be 1-${max} characters`;
  if (CONTROL_CHARACTER.test(value)) return `${field} must not contain control characters`;
  return undefined;
}

export const idProblem = (field: string, value: unknown) =>
  textProblem(field, value, MAX_ID_LENGTH);

/** Why `value` is not whole epoch milliseconds between 1970 and the end of year 9999. */
export function timeProblem(field: string, value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    return `${field} must be whole epoch milliseconds`;
  if (value < 0 || value > LATEST_STORABLE_TIME)
    return `${field} must be between 1970 and the end of 9999`;
  return undefined;
}

/** The first problem of several checks, in order. */
export const firstProblem = (...problems: (string | undefined)[]) =>
  problems.find((p) => p !== undefined);
