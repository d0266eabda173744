import type { Env } from '../env.ts';
import { openPglite, openPostgres, type Database } from './client.ts';

/** PGlite in THUIS_DATA_DIR by default; a PostgreSQL server when DATABASE_URL is set. */
export function openDatabase(env: Pick<Env, 'DATABASE_URL' | 'THUIS_DATA_DIR'>): Promise<Database> {
  return env.DATABASE_URL ? openPostgres(env.DATABASE_URL) : openPglite(env.THUIS_DATA_DIR);
}
