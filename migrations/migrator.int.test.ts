/** The migrator against the real Postgres, each test in a database of its own. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../stack/paths.js';
import { endpoints, uniqueName, urls } from '../tests/support.js';
import { loadMigrations, migrate, MigrationError } from './migrator.js';

const created: string[] = [];

async function freshDatabase() {
  const name = uniqueName('it_migrations').replace('-', '_');
  const admin = new pg.Client({ connectionString: urls.adminDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} OWNER ${endpoints.postgres.app.user}`);
  await admin.end();
  created.push(name);
  return urls.databaseUrl.replace(/\/[^/]+$/, `/${name}`);
}

async function connected(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

afterAll(async () => {
  const admin = new pg.Client({ connectionString: urls.adminDatabaseUrl });
  await admin.connect();
  for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

describe('migrate', () => {
  it('applies the project migrations once, recording each in the ledger', async () => {
    const migrations = await loadMigrations(path.join(PROJECT_ROOT, 'migrations'));
    const client = await connected(await freshDatabase());
    try {
      expect((await migrate(client, migrations)).length).toBe(migrations.length);
      expect(await migrate(client, migrations)).toEqual([]);
      const ledger = await client.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(ledger.rows.map((r: { version: number }) => r.version)).toEqual(
        migrations.map((m) => m.version),
      );
      const publication = await client.query(
        "SELECT tablename FROM pg_publication_tables WHERE pubname = 'auction_outbox'",
      );
      // The events' history is the outbox Debezium reads (migration 0012).
      expect(publication.rows).toEqual([{ tablename: 'auction_events' }]);
    } finally {
      await client.end();
    }
  });

  it('applies each migration once when several migrators start together', async () => {
    const migrations = await loadMigrations(path.join(PROJECT_ROOT, 'migrations'));
    const url = await freshDatabase();
    const clients = await Promise.all([1, 2, 3].map(() => connected(url)));
    try {
      const applied = await Promise.all(clients.map((c) => migrate(c, migrations)));
      expect(applied.map((a) => a.length).sort()).toEqual([0, 0, migrations.length]);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });

  it('refuses to run when an applied migration was edited', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'migrations-'));
    await writeFile(path.join(dir, '0001_thing.sql'), 'CREATE TABLE thing (id int);');
    const client = await connected(await freshDatabase());
    try {
      await migrate(client, await loadMigrations(dir));
      await writeFile(path.join(dir, '0001_thing.sql'), 'CREATE TABLE thing (id bigint);');
      await expect(migrate(client, await loadMigrations(dir))).rejects.toThrow(MigrationError);
      await expect(migrate(client, await loadMigrations(dir))).rejects.toThrow('append-only');
    } finally {
      await client.end();
    }
  });

  it('rolls back a failing migration with its ledger row', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'migrations-'));
    await writeFile(path.join(dir, '0001_ok.sql'), 'CREATE TABLE ok (id int);');
    await writeFile(
      path.join(dir, '0002_broken.sql'),
      'CREATE TABLE half (id int); SELECT * FROM missing;',
    );
    const client = await connected(await freshDatabase());
    try {
      await expect(migrate(client, await loadMigrations(dir))).rejects.toThrow('0002_broken');
      const ledger = await client.query('SELECT version FROM schema_migrations');
      expect(ledger.rows).toEqual([{ version: 1 }]);
      const half = await client.query("SELECT to_regclass('half') AS t");
      expect(half.rows).toEqual([{ t: null }]);
    } finally {
      await client.end();
    }
  });
});
