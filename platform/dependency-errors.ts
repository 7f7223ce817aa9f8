/**
 * Telling "a dependency is down, try again" apart from "this request is wrong". AppErrors
 * (platform/errors.ts) that are `retriable` become 503 + Retry-After at the gateway and are
 * retried by the pipeline; anything else is a bug and stays a 500.
 */
import pg from 'pg';
import { AppError } from './errors.js';

/** Kafka, Postgres or Redis could not be reached: the same request may succeed shortly. */
export class DependencyUnavailable extends AppError {
  override readonly name = 'DependencyUnavailable';
  readonly code = 'dependency_unavailable';
  readonly retriable = true;
  constructor(
    readonly dependency: string,
    cause: unknown,
  ) {
    super(`${dependency} is unreachable (${(cause as Error).message ?? String(cause)})`, { cause });
  }
}

export const isRetriable = (error: unknown): boolean =>
  error instanceof AppError && error.retriable;

/**
 * Postgres answered with an error about itself (connection exception, operator intervention
 * such as a shutdown, insufficient resources), or did not answer at all: both mean "unavailable".
 * A SQLSTATE of any other class means the query itself failed.
 */
export function isPostgresUnavailable(error: unknown): boolean {
  if (error instanceof pg.DatabaseError) return /^(08|53|57)/.test(error.code ?? '');
  return error instanceof Error;
}
