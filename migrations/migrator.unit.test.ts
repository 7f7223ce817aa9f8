import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../stack/paths.js';
import { loadMigrations, MigrationError } from './migrator.js';

async function folderWith(files: Record<string, string>) {
  const dir = await mkdtemp(path.join(tmpdir(), 'migrations-'));
  for (const [name, sql] of Object.entries(files)) await writeFile(path.join(dir, name), sql);
  return dir;
}

describe('loadMigrations', () => {
  it('reads the project migrations in order, starting with the outbox', async () => {
    const migrations = await loadMigrations(path.join(PROJECT_ROOT, 'migrations'));
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(migrations[0]?.name).toBe('outbox');
    expect(migrations[1]?.sql).toContain('CREATE PUBLICATION auction_outbox FOR TABLE outbox');
  });

  it('orders by number and fingerprints each file', async () => {
    const dir = await folderWith({ '0002_b.sql': 'SELECT 2;', '0001_a.sql': 'SELECT 1;' });
    const [first, second] = await loadMigrations(dir);
    expect([first?.name, second?.name]).toEqual(['a', 'b']);
    expect(first?.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(first?.checksum).not.toBe(second?.checksum);
  });

  it('refuses a badly named file', async () => {
    const dir = await folderWith({ '1_first.sql': 'SELECT 1;' });
    await expect(loadMigrations(dir)).rejects.toThrow(MigrationError);
  });

  it('refuses two files with one number', async () => {
    const dir = await folderWith({ '0001_a.sql': 'SELECT 1;', '0001_b.sql': 'SELECT 2;' });
    await expect(loadMigrations(dir)).rejects.toThrow('share number 0001');
  });
});
