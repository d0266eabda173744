import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { claimDataDir } from './data-dir-claim.ts';

export { DataDirInUseError } from './data-dir-claim.ts';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';

export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbKind = 'pglite' | 'postgres';

// What a dossier transaction needs to know about the caller to let row-level security do its part.
export interface TenantContext {
  organisationId: string;
  regieMunicipalityCodes: readonly string[];
}

export interface RawClient {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(text: string): Promise<void>;
}

export interface Database {
  readonly kind: DbKind;
  readonly db: Db;
  readonly raw: RawClient;
  /** A transaction as the owning role: migrations, login, CLI. Never for serving a dossier. */
  system<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** A transaction under the unprivileged thuis_app role with the tenant set (AUTH-DB). */
  asTenant<T>(tenant: TenantContext, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** A transaction on one connection with plain SQL, as the owner (backup, restore). */
  rawTransaction<T>(fn: (client: RawClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Work to run at the end of a transaction, just before it commits (the audit trail buffers its entries
 * and chains them here, so its lock is held for one statement instead of the whole transaction).
 */
const beforeCommit = new WeakMap<object, (() => Promise<void>)[]>();

/** Register `hook` to run before `tx` commits; false when `tx` is not one of ours (then act at once). */
export function onBeforeCommit(tx: Tx, hook: () => Promise<void>): boolean {
  const hooks = beforeCommit.get(tx);
  if (!hooks) return false;
  hooks.push(hook);
  return true;
}

function withHooks<T>(fn: (tx: Tx) => Promise<T>): (tx: Tx) => Promise<T> {
  return async (tx) => {
    const hooks: (() => Promise<void>)[] = [];
    beforeCommit.set(tx, hooks);
    const result = await fn(tx);
    for (let i = 0; i < hooks.length; i++) await hooks[i]!();
    beforeCommit.delete(tx);
    return result;
  };
}

const RETRYABLE = new Set(['40001', '40P01']);

// Explicit, whatever the server's default: the audit chain reads its head after taking its lock, which is
// only the true head in a snapshot taken after the lock (READ COMMITTED); REPEATABLE READ would fork it.
const READ_COMMITTED = { isolationLevel: 'read committed' } as const; // serialization failure, deadlock (REL-TX)
const MAX_ATTEMPTS = 3;

function pgCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export async function withRetry<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const code = pgCode(error);
      if (attempt >= MAX_ATTEMPTS || !code || !RETRYABLE.has(code)) throw error;
    }
  }
}

function makeDatabase(
  kind: DbKind,
  db: Db,
  raw: RawClient,
  rawTransaction: Database['rawTransaction'],
  close: () => Promise<void>,
): Database {
  return {
    kind,
    db,
    raw,
    rawTransaction,
    system: (fn) => withRetry(() => db.transaction(withHooks(fn), READ_COMMITTED)),
    asTenant: (tenant, fn) =>
      withRetry(() =>
        db.transaction(withHooks(async (tx) => {
          // One round trip: tenant first, then drop privileges for the rest of the transaction.
          await tx.execute(
            sql`select set_config('thuis.org_id', ${tenant.organisationId}, true),
                       set_config('thuis.regie_codes', ${tenant.regieMunicipalityCodes.join(',')}, true),
                       set_config('role', 'thuis_app', true)`,
          );
          return fn(tx);
        }), READ_COMMITTED),
      ),
    close,
  };
}

export async function openPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<Database> {
  let release = () => {};
  if (dataDir) {
    mkdirSync(resolve(dataDir), { recursive: true });
    release = claimDataDir(dataDir);
  }
  let client: PGlite;
  try {
    client = await PGlite.create({
      ...(dataDir ? { dataDir: resolve(dataDir, 'pglite') } : {}),
      ...(loadDataDir ? { loadDataDir } : {}),
    });
  } catch (error) {
    release();
    throw error;
  }
  await client.exec(`set timezone to 'UTC'`);
  const db = drizzlePglite(client) as unknown as Db;
  const raw: RawClient = {
    query: async (text, params) => {
      const result = await client.query(text, params as never[]);
      return { rows: result.rows as never[] };
    },
    exec: async (text) => {
      await client.exec(text);
    },
  };
  const rawTransaction: Database['rawTransaction'] = (fn) =>
    client.transaction((tx) =>
      fn({
        query: async (text, params) => ({ rows: (await tx.query(text, params as never[])).rows as never[] }),
        exec: async (text) => {
          await tx.exec(text);
        },
      }),
    );
  const database = makeDatabase('pglite', db, raw, rawTransaction, async () => {
    await client.close();
    release();
  });
  return Object.assign(database, { pglite: client });
}

export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  // Dates stay ISO strings (no time-zone shifts); bigint counts become numbers like on PGlite.
  pg.types.setTypeParser(1082, (value: string) => value);
  pg.types.setTypeParser(20, (value: string) => Number(value));
  // JIT off: our queries are short OLTP statements, where compiling (tens of ms) costs more than it saves.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: '-c timezone=UTC -c jit=off' });
  // An idle connection killed by the server (restart, failover) must not crash the process: the pool drops
  // it and the next query opens a new one; /healthz reports a server that stays away.
  pool.on('error', () => undefined);
  const db = drizzlePg(pool) as unknown as Db;
  const raw: RawClient = {
    query: async (text, params) => {
      const result = await pool.query(text, params);
      return { rows: result.rows };
    },
    exec: async (text) => {
      await pool.query(text);
    },
  };
  const rawTransaction: Database['rawTransaction'] = async (fn) => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const result = await fn({
        query: async (text, params) => ({ rows: (await client.query(text, params)).rows }),
        exec: async (text) => {
          await client.query(text);
        },
      });
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  return makeDatabase('postgres', db, raw, rawTransaction, () => pool.end());
}

export function pgliteOf(database: Database): PGlite | undefined {
  return (database as Database & { pglite?: PGlite }).pglite;
}

/** Rows of a `tx.execute(sql…)` result; both drivers answer with `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
