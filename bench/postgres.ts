// The PostgreSQL server for the national scale: BENCH_DATABASE_URL or DATABASE_URL when set, otherwise a
// throwaway server from scripts/ci/postgres.sh. Either way the benchmark works in a database of its own.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../scripts/ci/postgres.sh', import.meta.url));
export const THROWAWAY_PORT = 55499;

export interface BenchServer {
  /** URL of the fresh database created for this run. */
  url: string;
  origin: 'environment' | 'throwaway';
  version: string;
  release(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** `settings` become database defaults (ALTER DATABASE … SET), for what-if runs such as jit = off. */
export async function acquirePostgres(log: (line: string) => void, settings: Record<string, string> = {}): Promise<BenchServer> {
  let serverUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  let stop = async () => {};
  const origin: BenchServer['origin'] = serverUrl ? 'environment' : 'throwaway';
  if (!serverUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'thuis-bench-pg-'));
    log(`starting a throwaway PostgreSQL server in ${dir} on port ${THROWAWAY_PORT}`);
    const { stdout } = await run('bash', [SCRIPT, 'start', dir, String(THROWAWAY_PORT)]);
    serverUrl = stdout.trim().split('\n').at(-1)!;
    stop = async () => {
      await run('bash', [SCRIPT, 'stop', dir]);
    };
  }
  const name = `thuis_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
    for (const [key, value] of Object.entries(settings)) await admin.query(`alter database ${name} set ${key} = ${value}`);
    const { rows } = await admin.query<{ v: string }>(`select current_setting('server_version') as v`);
    await admin.end();
    return {
      url: withDatabase(serverUrl, name),
      origin,
      version: rows[0]!.v,
      release: async () => {
        if (origin === 'environment') {
          const again = new pg.Client({ connectionString: serverUrl });
          await again.connect();
          await again.query(`drop database if exists ${name} with (force)`);
          await again.end();
        }
        await stop();
      },
    };
  } catch (error) {
    await admin.end().catch(() => undefined);
    await stop();
    throw error;
  }
}
