/**
 * The one base of the platform's typed errors. `code` names the failure from a closed list, so a
 * caller can switch on it (and a new kind is a type error where it is not handled); `retriable`
 * says what the pipeline does with it: retry with backoff (and the gateway answers 503 with
 * Retry-After), or treat it as caused by the input.
 */
export type ErrorCode =
  /** Kafka, Postgres or Redis could not be reached (platform/dependency-errors.ts). */
  | 'dependency_unavailable'
  /** A step that may never settle did not finish in time (platform/within.ts). */
  | 'timed_out'
  /** The broker did not acknowledge a command in time (producers/command-publisher.ts). */
  | 'publish_failed'
  /** Another owner moved a partition's offset (processors/store.ts). */
  | 'partition_fenced'
  /** One seller's two auctions of one item were opened at once in two partitions (processors/store.ts). */
  | 'item_already_open'
  /** An event does not match its schema (contracts/events.ts). */
  | 'event_schema_mismatch'
  /** A partition's part failed, was counted, and is to be tried again (platform/partition-runner). */
  | 'retry_later';

export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;
  /** True when the same work may succeed if tried again shortly. */
  abstract readonly retriable: boolean;
}
