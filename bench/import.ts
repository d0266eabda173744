// `node bench/import.ts [--rows 10000,100000] [--db pglite|postgres|both] [--chunk 500]`
//
// Import throughput (REL-IMPORT): deterministic standard-header CSV files from the project's generator (seed 2026,
// "today" 2026-03-01, written to a temporary directory as real files) of 10,000 and 100,000 rows, imported by the
// demo coordinator the way the page does it:
//   parse   read the file from disk and parse it (decode, sniff the delimiter, csv-parse);
//   stage   the dry run: validate every row as households, one set-based duplicate query, insert the staged rows;
//   commit  startCommit + runCommit: households, members, identifiers and trajectories in chunks of 500 households
//           (valid_only: one transaction per chunk, as the background commit runs).
// PGlite always (a temporary data directory); PostgreSQL when BENCH_DATABASE_URL or DATABASE_URL is set (a fresh
// database there, dropped afterwards), or with --db postgres / both (then a throwaway server if neither is set).
// Prints a Markdown table, writes JSON to bench/results/import-<timestamp>.json. No assertions.
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { inTenant, type Caller } from '../src/platform/context.ts';
import { openPglite, openPostgres, type Database } from '../src/platform/db/client.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { seedDemo } from '../src/features/demo/seed.ts';
import { parseImportFile, runCommit, stageImport, startCommit } from '../src/features/imports/index.ts';
import { sampleImportCsv } from '../src/features/imports/sample.ts';
import { cleanUp, cleanups, log } from './cleanup.ts';
import { acquirePostgres, type BenchServer } from './postgres.ts';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000,100000' },
    db: { type: 'string' },
    chunk: { type: 'string', default: '500' },
  },
});
const SIZES = args.rows.split(',').map((n) => Number(n.trim())).filter((n) => n > 0);
const hasServer = Boolean(process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL);
const target = args.db ?? (hasServer ? 'both' : 'pglite');
if (!['pglite', 'postgres', 'both'].includes(target)) throw new Error('--db must be pglite, postgres or both');
const KINDS = (target === 'both' ? ['pglite', 'postgres'] : [target]) as ('pglite' | 'postgres')[];
const CHUNK = Number(args.chunk);
const TODAY = '2026-03-01';


interface Result {
  database: string;
  rows: number;
  households: number;
  fileMB: number;
  parseSeconds: number;
  stageSeconds: number;
  commitSeconds: number;
  stageRowsPerSecond: number;
  commitRowsPerSecond: number;
  totalRowsPerSecond: number;
  created: number;
  valid: number;
}

const seconds = (ms: number) => Math.round(ms) / 1000;

async function openDatabase(kind: 'pglite' | 'postgres'): Promise<{ database: Database; label: string; release: () => Promise<void> }> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'thuis-bench-import-'));
    const database = await openPglite(dir);
    return { database, label: 'PGlite', release: async () => { await database.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const server: BenchServer = await acquirePostgres(log);
  const database = await openPostgres(server.url);
  return { database, label: `PostgreSQL ${server.version.split(' ')[0]} (${server.origin})`, release: async () => { await database.close(); await server.release(); } };
}

async function runOne(kind: 'pglite' | 'postgres', rows: number, dir: string): Promise<Result> {
  const { database, label, release } = await openDatabase(kind);
  cleanups.push(release);
  try {
    await migrate(database);
    const demo = await seedDemo(database, { households: 15, today: TODAY, context: { requestId: 'bench', origin: null, actorUserId: null, actorRole: null, organisationId: null } });
    const organisationId = demo.organisations.mvs!;
    const userId = demo.users['coordinator@thuis.demo']!;
    const caller: Caller = {
      actor: { userId, organisationId, organisationKind: 'welfare', municipalTask: true, role: 'coordinator', regieMunicipalityCodes: [], mfaPassed: true },
      audit: { requestId: randomUUID(), origin: '127.0.0.1', actorUserId: userId, actorRole: 'coordinator', organisationId },
    };
    const file = join(dir, `households-${rows}.csv`);
    const bytes = readFileSync(file);

    let started = performance.now();
    const parsed = await parseImportFile(`households-${rows}.csv`, bytes, 'text/csv');
    const parseMs = performance.now() - started;
    const staged = await inTenant(database, caller, (tx) => stageImport(tx, caller, { fileName: `households-${rows}.csv`, fileSha256: createHash('sha256').update(bytes).digest('hex'), file: parsed }));
    const stageMs = performance.now() - started;
    if (!staged.ok) throw new Error('stage refused');
    const id = staged.value.id;
    const { rows: counts } = await database.raw.query<{ valid: number; households: number }>(
      `select valid_rows as valid, (select count(distinct household_key)::int from import_rows where batch_id = $1) as households from import_batches where id = $1`, [id]);

    started = performance.now();
    const commit = await inTenant(database, caller, (tx) => startCommit(tx, caller, id, { mode: 'valid_only', includeDuplicates: false }));
    if (!commit.ok) throw new Error('commit refused');
    const outcome = await runCommit(database, caller, id, { chunkSize: CHUNK });
    const commitMs = performance.now() - started;
    if (outcome !== 'committed') throw new Error(`commit ended ${outcome}`);
    const { rows: done } = await database.raw.query<{ created: number }>('select created_households as created from import_batches where id = $1', [id]);
    return {
      database: label,
      rows: parsed.rows.length,
      households: counts[0]!.households,
      fileMB: Math.round((bytes.byteLength / 1024 / 1024) * 10) / 10,
      parseSeconds: seconds(parseMs),
      stageSeconds: seconds(stageMs),
      commitSeconds: seconds(commitMs),
      stageRowsPerSecond: Math.round(parsed.rows.length / (stageMs / 1000)),
      commitRowsPerSecond: Math.round(counts[0]!.valid / (commitMs / 1000)),
      totalRowsPerSecond: Math.round(parsed.rows.length / ((stageMs + commitMs) / 1000)),
      created: done[0]!.created,
      valid: counts[0]!.valid,
    };
  } finally {
    await cleanups.pop()!();
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'thuis-bench-import-files-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  for (const rows of SIZES) {
    // Deterministic: seed 2026, a fixed "today"; ~2.3 people per household, so rows / 2 households is plenty.
    const { csv, rows: written, households } = sampleImportCsv(Math.ceil(rows / 1.5), { seed: 2026, municipalityCodes: ['GM0606', 'GM0622', 'GM0556'], today: TODAY, start: 1_000_000, maxRows: rows });
    writeFileSync(join(dir, `households-${rows}.csv`), csv);
    log(`file: ${written.toLocaleString('en')} rows, ${households.toLocaleString('en')} households`);
  }
  const loadBefore = loadavg()[0]!;
  const results: Result[] = [];
  for (const kind of KINDS) {
    for (const rows of SIZES) {
      log(`== ${kind}: ${rows.toLocaleString('en')} rows`);
      const result = await runOne(kind, rows, dir);
      log(`   stage ${result.stageSeconds} s (parse ${result.parseSeconds} s), commit ${result.commitSeconds} s, ${result.created} households created`);
      results.push(result);
    }
  }
  const table = [
    '| database | rows | households | file | parse | stage (dry run) | commit | stage rows/s | commit rows/s | end to end rows/s |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map((r) => `| ${r.database} | ${r.rows.toLocaleString('en')} | ${r.households.toLocaleString('en')} | ${r.fileMB} MB | ${r.parseSeconds} s | ${r.stageSeconds} s | ${r.commitSeconds} s | ${r.stageRowsPerSecond.toLocaleString('en')} | ${r.commitRowsPerSecond.toLocaleString('en')} | ${r.totalRowsPerSecond.toLocaleString('en')} |`),
  ].join('\n');
  process.stdout.write(`${table}\n`);
  const out = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(out, { recursive: true });
  const path = join(out, `import-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(path, JSON.stringify({ machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGB: Math.round(totalmem() / 2 ** 30), loadBefore, loadAfter: loadavg()[0] }, chunk: CHUNK, results }, null, 2));
  log(`written to ${path}`);
}

try {
  await main();
} finally {
  await cleanUp();
}
