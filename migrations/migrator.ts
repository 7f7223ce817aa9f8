/**
 * Applies the numbered SQL files of migrations/ in order, each in its own transaction together
 * with its row in the ledger, under an advisory lock so that concurrent starts apply each once.
 * Migrations are append-only: an applied file whose text changed stops the run.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

/** The migration as its file is named, e.g. `0002_outbox_publication`. */
export const migrationLabel = (m: Pick<Migration, 'version' | 'name'>) =>
  `${String(m.version).padStart(4, '0')}_${m.name}`;

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;
/** Arbitrary, fixed: the key of the advisory lock every migrator takes. */
const LOCK_KEY = 7_245_001;

export async function loadMigrations(directory: string): Promise<Migration[]> {
  const files = (await readdir(directory)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = FILE_PATTERN.exec(file);
    if (!match) throw new MigrationError(`${file}: migration files are named NNNN_snake_case.sql`);
    const sql = await readFile(path.join(directory, file), 'utf8');
    const version = Number(match[1]);
    if (migrations.at(-1)?.version === version)
      throw new MigrationError(`two migrations share number ${match[1]}`);
    migrations.push({
      version,
      name: match[2]!,
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    });
  }
  return migrations;
}

/** Applies what is missing; returns the migrations it applied. `client` must be a single connection. */
export async function migrate(
  client: pg.ClientBase,
  migrations: readonly Migration[],
): Promise<Migration[]> {
  await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
  try {
    await client.query(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version    integer     PRIMARY KEY,
        name       text        NOT NULL,
        checksum   text        NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    const { rows } = await client.query<{ version: number; name: string; checksum: string }>(
      'SELECT version, name, checksum FROM schema_migrations',
    );
    const applied = new Map(rows.map((r) => [r.version, r]));
    for (const [version, row] of applied) {
      const known = migrations.find((m) => m.version === version);
      if (!known)
        throw new MigrationError(
          `the database has migration ${version} (${row.name}), which this code does not know: is this an older checkout?`,
        );
      if (known.checksum !== row.checksum) {
        throw new MigrationError(
          `migration ${migrationLabel(known)} changed after it was applied. Migrations are append-only: revert the edit and add a new migration instead.`,
        );
      }
    }
    const pending = migrations.filter((m) => !applied.has(m.version));
    for (const migration of pending) {
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query(
          'INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)',
          [migration.version, migration.name, migration.checksum],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new MigrationError(
          `migration ${migrationLabel(migration)} failed: ${(error as Error).message}`,
          { cause: error },
        );
      }
    }
    return pending;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
  }
}
