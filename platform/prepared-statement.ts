/**
 * A query Postgres parses and plans once per connection, then only executes: node-postgres
 * prepares a named statement on first use and reuses it on that connection. The statements of
 * the hot write paths (the processor's commit, the stats sink) run thousands of times a second,
 * and parsing and planning them anew each time was a large part of Postgres's CPU per bid.
 */
import type pg from 'pg';

export function preparedStatement(name: string, text: string) {
  return (values: unknown[]): pg.QueryConfig => ({ name, text, values });
}
