/**
 * PostgreSQL: a cluster of the project's own under .stack/data/postgres, with logical
 * decoding on for Debezium, a database for the app, one for the registry and a replication role.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { serviceUrls, type Credentials, type Endpoints } from '../../platform/endpoints.js';
import { type Component, portsNamed } from '../component.js';
import { StackError } from '../errors.js';

/** Postgres refuses to run as root: when we are root, the cluster belongs to `postgres`. */
function clusterOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line)
    throw new StackError(
      'Running as root, but there is no `postgres` user to own the cluster. Install the Debian package `postgresql`.',
    );
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

async function ownedFolder(folder: string, owner: ReturnType<typeof clusterOwner>) {
  await mkdir(path.dirname(folder), { recursive: true }); // parents stay traversable for `postgres`
  await mkdir(folder, { recursive: true, mode: 0o700 });
  if (owner) chownSync(folder, owner.uid, owner.gid);
}

function client(e: Endpoints, who: Credentials, database = 'postgres') {
  return new pg.Client({
    host: e.host,
    port: e.ports.postgres,
    user: who.user,
    password: who.password,
    database,
    connectionTimeoutMillis: 2000,
  });
}

const quoteIdent = (s: string) => `"${s.replaceAll('"', '""')}"`;
const quoteLiteral = (s: string) => `'${s.replaceAll("'", "''")}'`;

export const postgres: Component = {
  name: 'postgres',
  dependsOn: [],
  ports: portsNamed('postgres'),
  readyTimeoutMs: 60_000,
  stopSignal: 'SIGINT', // "fast" shutdown: roll back open transactions, checkpoint, exit.
  // A walsender can hold a fast shutdown until its client times out: then "immediate" shutdown.
  forceSignal: 'SIGQUIT',
  address: (e) => `${e.host}:${e.ports.postgres}`,
  // The services' connection string; `stack:status` prints it with the password as ***.
  url: (e) => serviceUrls(e).databaseUrl,

  async prepare({ paths, tools, endpoints, say }) {
    const dataDir = paths.data('postgres');
    const owner = clusterOwner();
    await ownedFolder(path.join(paths.run, 'postgres'), owner);
    if (existsSync(path.join(dataDir, 'PG_VERSION'))) return;
    say('postgres: creating the cluster (initdb) …');
    await ownedFolder(dataDir, owner);
    const pwfile = path.join(paths.run, 'postgres', 'initdb.pw');
    await writeFile(pwfile, `${endpoints.postgres.superuser.password}\n`, { mode: 0o600 });
    if (owner) chownSync(pwfile, owner.uid, owner.gid);
    try {
      execFileSync(
        path.join(tools.postgresBin, 'initdb'),
        [
          '-D',
          dataDir,
          '-U',
          endpoints.postgres.superuser.user,
          `--pwfile=${pwfile}`,
          '--auth-host=scram-sha-256',
          '--auth-local=peer',
          '--encoding=UTF8',
          '--no-locale',
        ],
        { stdio: ['ignore', 'ignore', 'pipe'], ...(owner ?? {}) },
      );
    } catch (error) {
      await rm(dataDir, { recursive: true, force: true });
      const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
      throw new StackError(`initdb failed: ${stderr.trim()}`);
    } finally {
      await rm(pwfile, { force: true });
    }
  },

  daemon({ paths, tools, endpoints: e }) {
    const settings: Record<string, string | number> = {
      port: e.ports.postgres,
      listen_addresses: e.host,
      unix_socket_directories: path.join(paths.run, 'postgres'),
      // Debezium reads the outbox through logical decoding (pgoutput).
      wal_level: 'logical',
      max_wal_senders: 10,
      max_replication_slots: 10,
      // A slot holds WAL while Connect is down; cap it so a stopped connector cannot fill the disk.
      max_slot_wal_keep_size: '2GB',
      // Flush WAL to the decoder quickly: this bounds CDC latency.
      wal_writer_delay: '10ms',
      max_connections: 200,
      shared_buffers: '128MB',
      log_min_messages: 'warning',
      // Execution time per statement, for the profile of the database (docs/performance.md).
      shared_preload_libraries: 'pg_stat_statements',
      log_line_prefix: '%m [%p] %q%u@%d ',
    };
    const owner = clusterOwner();
    return {
      file: path.join(tools.postgresBin, 'postgres'),
      args: [
        '-D',
        paths.data('postgres'),
        ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
      ],
      cwd: paths.data('postgres'),
      ...(owner ?? {}),
    };
  },

  async isReady(endpoints) {
    const c = client(endpoints, endpoints.postgres.superuser);
    try {
      await c.connect();
      await c.query('SELECT 1');
      return true;
    } finally {
      await c.end().catch(() => undefined);
    }
  },

  /** Roles and databases, created once and left alone afterwards. */
  async afterReady({ endpoints }) {
    const { app, registry, replication } = endpoints.postgres;
    const c = client(endpoints, endpoints.postgres.superuser);
    await c.connect();
    try {
      const ensureRole = async (who: Credentials, options: string) => {
        const exists = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [who.user]);
        const verb = exists.rowCount ? 'ALTER' : 'CREATE';
        await c.query(
          `${verb} ROLE ${quoteIdent(who.user)} WITH LOGIN ${options} PASSWORD ${quoteLiteral(who.password)}`,
        );
      };
      const ensureDatabase = async (name: string, owner: string) => {
        const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (!exists.rowCount)
          await c.query(`CREATE DATABASE ${quoteIdent(name)} OWNER ${quoteIdent(owner)}`);
      };
      await ensureRole(app, '');
      await ensureRole(registry, '');
      await ensureRole(replication, 'REPLICATION');
      await ensureDatabase(app.database, app.user);
      await ensureDatabase(registry.database, registry.user);
      await c.query(
        `GRANT CONNECT ON DATABASE ${quoteIdent(app.database)} TO ${quoteIdent(replication.user)}`,
      );
    } finally {
      await c.end();
    }
    // The statistics view lives in the app's database; only a superuser may create it.
    const inApp = client(endpoints, endpoints.postgres.superuser, app.database);
    await inApp.connect();
    try {
      await inApp.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    } finally {
      await inApp.end();
    }
  },
};
