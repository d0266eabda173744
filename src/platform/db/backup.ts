import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, readdirSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createGunzip, createGzip } from 'node:zlib';
import type { Database, RawClient } from './client.ts';

// REL-BACKUP: one logical format for both database kinds (a PGlite demo can move to a server with it).
// A gzip'd JSON-lines file: a manifest with per-table row counts and checksums, then one line per row.
// Sessions are left out on purpose: a restore must never revive a login.

export const BACKUP_TABLES = [
  { name: 'municipalities', order: 'code' },
  { name: 'organisations', order: 'id' },
  { name: 'organisation_municipalities', order: 'organisation_id, municipality_code' },
  { name: 'users', order: '(supervisor_id is not null), id' },
  { name: 'api_tokens', order: 'id' },
  { name: 'households', order: 'id' },
  { name: 'household_members', order: 'id' },
  { name: 'coach_assignments', order: 'id' },
  { name: 'journal_notes', order: 'id' },
  { name: 'audit_events', order: 'id' },
] as const;
type Table = (typeof BACKUP_TABLES)[number];

const FORMAT = 'thuis-backup/1';
const BATCH = 2000;

export interface TableSummary {
  name: string;
  rows: number;
  checksum: string;
}

export interface Manifest {
  format: string;
  createdAt: string;
  databaseKind: string;
  migrations: string[];
  tables: TableSummary[];
}

export function migrationTags(): string[] {
  const dir = fileURLToPath(new URL('../../../db/migrations', import.meta.url));
  return readdirSync(dir).filter((f) => f.endsWith('.sql')).map((f) => f.replace(/\.sql$/, '')).sort();
}

/** A table's rows as JSON text in a stable order, in batches. */
async function* tableRows(client: RawClient, table: Table): AsyncGenerator<string> {
  for (let offset = 0; ; offset += BATCH) {
    const { rows } = await client.query<{ j: string }>(
      `select row_to_json(t)::text as j from ${table.name} t order by ${table.order} limit ${BATCH} offset ${offset}`,
    );
    for (const row of rows) yield row.j;
    if (rows.length < BATCH) return;
  }
}

async function summariseWith(client: RawClient): Promise<TableSummary[]> {
  const out: TableSummary[] = [];
  for (const table of BACKUP_TABLES) {
    const hash = createHash('sha256');
    let rows = 0;
    for await (const json of tableRows(client, table)) {
      hash.update(json).update('\n');
      rows++;
    }
    out.push({ name: table.name, rows, checksum: hash.digest('hex') });
  }
  return out;
}

/** Row counts and checksums of every table, from one consistent snapshot. */
export function summarise(database: Database): Promise<TableSummary[]> {
  return database.rawTransaction(async (client) => {
    await client.exec(`set transaction isolation level repeatable read read only`);
    await client.exec(`set local timezone = 'UTC'`);
    return summariseWith(client);
  });
}

export async function backup(database: Database, file: string): Promise<Manifest> {
  const gzip = createGzip();
  const out = createWriteStream(file, { mode: 0o600 });
  gzip.pipe(out);
  const write = async (line: string) => {
    if (!gzip.write(`${line}\n`)) await once(gzip, 'drain');
  };
  // Summary and rows come from the same snapshot, so the manifest describes exactly what the file holds.
  const manifest = await database.rawTransaction(async (client) => {
    await client.exec(`set transaction isolation level repeatable read read only`);
    await client.exec(`set local timezone = 'UTC'`);
    const tables = await summariseWith(client);
    const manifest: Manifest = { format: FORMAT, createdAt: new Date().toISOString(), databaseKind: database.kind, migrations: migrationTags(), tables };
    await write(JSON.stringify(manifest));
    for (const table of BACKUP_TABLES) {
      for await (const json of tableRows(client, table)) await write(`{"t":${JSON.stringify(table.name)},"r":${json}}`);
    }
    return manifest;
  });
  gzip.end();
  await once(out, 'finish');
  return manifest;
}

export interface RestoreReport {
  manifest: Manifest;
  verified: TableSummary[];
  ok: boolean;
  mismatches: string[];
}

async function readManifest(file: string): Promise<Manifest> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) {
    lines.close();
    const manifest = JSON.parse(line) as Manifest;
    if (manifest.format !== FORMAT) throw new Error(`not a Thuis backup (format ${manifest.format})`);
    return manifest;
  }
  throw new Error('empty backup file');
}

/**
 * Replace the database's contents with a backup in one transaction (all or nothing), then verify row
 * counts and checksums against the manifest.
 */
export async function restore(database: Database, file: string): Promise<RestoreReport> {
  const manifest = await readManifest(file);
  const here = migrationTags();
  if (JSON.stringify(manifest.migrations) !== JSON.stringify(here)) {
    throw new Error(`backup was made at schema ${manifest.migrations.at(-1)}, this database is at ${here.at(-1)}`);
  }
  const known = new Set<string>(BACKUP_TABLES.map((t) => t.name));
  return database.rawTransaction(async (client): Promise<RestoreReport> => {
    await client.exec(`set local thuis.audit_maintenance = 'on'`);
    await client.exec(`set local timezone = 'UTC'`);
    await client.exec(`truncate ${BACKUP_TABLES.map((t) => t.name).join(', ')}, sessions cascade`);
    let current = '';
    let rows: string[] = [];
    const flush = async () => {
      if (rows.length) {
        await client.query(`insert into ${current} select * from json_populate_recordset(null::${current}, $1::json)`, [`[${rows.join(',')}]`]);
      }
      rows = [];
    };
    const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
    let first = true;
    for await (const line of lines) {
      if (first || !line) {
        first = false;
        continue;
      }
      const record = JSON.parse(line) as { t: string; r: unknown };
      if (!known.has(record.t)) throw new Error(`unknown table in backup: ${record.t}`);
      if (record.t !== current) {
        await flush();
        current = record.t;
      }
      rows.push(JSON.stringify(record.r));
      if (rows.length >= BATCH) await flush();
    }
    await flush();
    await client.exec(`select setval('audit_events_id_seq', greatest((select max(id) from audit_events), 1))`);
    // Verify before commit: a restore that does not match its manifest changes nothing.
    const verified = await summariseWith(client);
    const mismatches = manifest.tables
      .filter((t) => {
        const v = verified.find((x) => x.name === t.name);
        return !v || v.rows !== t.rows || v.checksum !== t.checksum;
      })
      .map((t) => t.name);
    if (mismatches.length) throw new RestoreMismatchError(mismatches);
    return { manifest, verified, ok: true, mismatches };
  });
}

export class RestoreMismatchError extends Error {
  readonly mismatches: string[];
  constructor(mismatches: string[]) {
    super(`restored data does not match the backup's checksums for: ${mismatches.join(', ')}; nothing was changed`);
    this.mismatches = mismatches;
  }
}
