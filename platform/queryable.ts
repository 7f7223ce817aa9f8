/**
 * The database port: the one call readers make on Postgres, and the pool adapter that turns its
 * connection failures into DependencyUnavailable (503 at the gateway, retried by the pipeline).
 */
import type pg from 'pg';
import { DependencyUnavailable, isPostgresUnavailable } from './dependency-errors.js';

/** The one call readers make on Postgres. */
export interface Queryable {
  query<Row extends pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<Row>>;
}

/** A pool whose connection failures surface as DependencyUnavailable. */
export function unavailableOnFailure(pool: pg.Pool, name = 'Postgres'): Queryable {
  return {
    async query<Row extends pg.QueryResultRow>(text: string, values?: unknown[]) {
      try {
        return await pool.query<Row>(text, values);
      } catch (error) {
        throw isPostgresUnavailable(error) ? new DependencyUnavailable(name, error) : error;
      }
    },
  };
}
