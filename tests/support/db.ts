import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openPglite, openPostgres, pgliteOf, type Database } from '../../src/platform/db/client.ts';
import { migrate } from '../../src/platform/db/migrate.ts';

// Integration tests run against PGlite by default and against a real PostgreSQL server when
// THUIS_TEST_DB=postgres (TEST_DATABASE_URL points at a server where we may create databases).
export const TEST_DB_KIND: 'pglite' | 'postgres' = process.env.THUIS_TEST_DB === 'postgres' ? 'postgres' : 'pglite';

function migrationsHash(): string {
  const dir = fileURLToPath(new URL('../../db/migrations', import.meta.url));
  const hash = createHash('sha256');
  for (const file of readdirSync(dir).sort()) if (file.endsWith('.sql')) hash.update(readFileSync(join(dir, file)));
  hash.update(readFileSync(fileURLToPath(new URL('../../db/reference/gemeenten.csv', import.meta.url))));
  return hash.digest('hex').slice(0, 16);
}

/** A migrated PGlite data directory, dumped once per schema version and loaded by every test file. */
async function pgliteTemplate(): Promise<Blob> {
  const file = join(tmpdir(), `thuis-template-${migrationsHash()}.tar.gz`);
  if (!existsSync(file)) {
    const database = await openPglite(undefined);
    await migrate(database);
    const dump = await pgliteOf(database)!.dumpDataDir('gzip');
    await database.close();
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file); // atomic: parallel test files never read half a template
  }
  return new Blob([readFileSync(file)]);
}

function serverUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('THUIS_TEST_DB=postgres needs TEST_DATABASE_URL (bash .ci/run starts a throwaway server)');
  return url;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh database per test file, cloned from a migrated template database on the server. */
async function postgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  const template = `thuis_template_${migrationsHash()}`;
  const name = `thuis_test_${randomBytes(6).toString('hex')}`;
  try {
    await admin.query('select pg_advisory_lock(70310)');
    const exists = await admin.query('select 1 from pg_database where datname = $1', [template]);
    if (exists.rowCount === 0) {
      await admin.query(`create database ${template}`);
      const database = await openPostgres(withDatabase(serverUrl(), template), 2);
      try {
        await migrate(database);
      } catch (error) {
        // Never leave a half-migrated template behind for the next run to clone.
        await database.close();
        await admin.query(`drop database if exists ${template}`);
        throw error;
      }
      await database.close();
    }
    await admin.query(`create database ${name} template ${template}`);
    await admin.query('select pg_advisory_unlock(70310)');
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(serverUrl(), name),
    drop: async () => {
      const c = new pg.Client({ connectionString: serverUrl() });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestDatabase {
  database: Database;
  /** Close the connection and throw the database away. */
  dispose(): Promise<void>;
  /** A connection string for the same database (PostgreSQL only), e.g. for a second client. */
  url?: string;
}

export async function openTestDatabase(): Promise<TestDatabase> {
  if (TEST_DB_KIND === 'postgres') {
    const { url, drop } = await postgresDatabase();
    const database = await openPostgres(url, 5);
    return { database, url, dispose: async () => { await database.close(); await drop(); } };
  }
  const database = await openPglite(undefined, await pgliteTemplate());
  await migrate(database); // no-op on the template; keeps reference data in sync
  return { database, dispose: () => database.close() };
}
