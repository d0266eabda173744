import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../support/app.ts';
import { backup, restore, RestoreMismatchError, summarise } from '../../src/platform/db/backup.ts';
import { verifyAuditChain } from '../../src/platform/audit/trail.ts';
import { TEST_DB_KIND } from '../support/db.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

describe(`platform on ${TEST_DB_KIND}`, () => {
  test('a request body over 21 MB is refused with 413 before any form or upload is read into memory', async () => {
    const client = t.client();
    await client.login(t, 'coach@thuis.demo');
    const big = new Uint8Array(22 * 1024 * 1024);
    const page = await client.request('/import', { method: 'POST', body: big, headers: { 'content-type': 'application/octet-stream', 'content-length': String(big.length) } });
    assert.equal(page.status, 413);
    const api = await client.request('/api/v1/imports', { method: 'POST', body: big, headers: { 'content-type': 'text/csv', 'content-length': String(big.length) } });
    assert.equal(api.status, 413);
    assert.match(api.headers.get('content-type') ?? '', /problem\+json/);
  });

  test('GET /healthz answers 200 with the database status', async () => {
    const response = await t.app.request('/healthz');
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok', database: { kind: TEST_DB_KIND, status: 'ok' } });
  });

  for (const path of ['/inloggen', '/api/v1/households', '/does-not-exist', '/healthz', '/api/v1/openapi.json']) {
    test(`security headers on ${path}`, async () => {
      const response = await t.app.request(path);
      const h = (name: string) => response.headers.get(name) ?? '';
      assert.match(h('content-security-policy'), /script-src 'self'/);
      assert.doesNotMatch(h('content-security-policy'), /unsafe-inline/);
      assert.match(h('content-security-policy'), /frame-ancestors 'none'/);
      assert.equal(h('x-content-type-options'), 'nosniff');
      assert.equal(h('referrer-policy'), 'no-referrer');
      assert.match(h('strict-transport-security'), /max-age=\d+/);
      assert.equal(h('cache-control'), 'no-store');
      assert.match(h('x-request-id'), /^[\w-]{8,}$/);
    });
  }

  test('the application role owns no table, has no BYPASSRLS, and every tenant table forces row-level security (AUTH-DB)', async () => {
    const { rows: role } = await t.db.database.raw.query<{ rolbypassrls: boolean; rolsuper: boolean }>(`select rolbypassrls, rolsuper from pg_roles where rolname = 'thuis_app'`);
    assert.deepEqual(role[0], { rolbypassrls: false, rolsuper: false });
    const { rows: owned } = await t.db.database.raw.query<{ n: number }>(`select count(*)::int as n from pg_tables where tableowner = 'thuis_app'`);
    assert.equal(owned[0]!.n, 0);
    const { rows: tables } = await t.db.database.raw.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      `select relname, relrowsecurity, relforcerowsecurity from pg_class where relname in ('households','household_members','journal_notes','coach_assignments','users','organisations','audit_events') order by relname`);
    assert.equal(tables.length, 7);
    for (const table of tables) assert.ok(table.relrowsecurity && table.relforcerowsecurity, table.relname);
  });

  test('as the application role with no tenant set, a SELECT returns 0 rows; with a tenant, only its own', async () => {
    for (const table of ['households', 'household_members', 'journal_notes', 'users', 'audit_events']) {
      const none = await t.db.database.rawTransaction(async (c) => {
        await c.exec('set local role thuis_app');
        return (await c.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]!.n;
      });
      assert.equal(none, 0, table);
    }
    const own = await t.db.database.rawTransaction(async (c) => {
      await c.exec('set local role thuis_app');
      await c.query(`select set_config('thuis.org_id', $1, true)`, [t.demo.organisations.other]);
      return (await c.query<{ organisation_id: string }>('select distinct organisation_id from households')).rows.map((r) => r.organisation_id);
    });
    assert.deepEqual(own, [t.demo.organisations.other]);
    await assert.rejects(
      t.db.database.rawTransaction(async (c) => {
        await c.exec('set local role thuis_app');
        await c.query(`select set_config('thuis.org_id', $1, true)`, [t.demo.organisations.other]);
        await c.query(`insert into households (organisation_id, reference, municipality_code) values ($1, 'SMUGGLED', 'GM0622')`, [t.demo.organisations.mvs]);
      }),
      /row-level security/,
    );
    await assert.rejects(
      t.db.database.rawTransaction(async (c) => {
        await c.exec('set local role thuis_app');
        await c.query('select * from sessions');
      }),
      /permission denied/,
    );
  });

  test('a backup whose rows do not match its manifest is refused by restore, and nothing changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'thuis-backup-'));
    try {
      const file = join(dir, 'good.backup.gz');
      await backup(t.db.database, file);
      const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
      const index = lines.findIndex((l) => l.startsWith('{"t":"household_members"'));
      lines[index] = lines[index]!.replace(/"family_name":"[^"]*"/, '"family_name":"Tampered"');
      const bad = join(dir, 'bad.backup.gz');
      writeFileSync(bad, gzipSync(lines.join('\n')));
      const before = await summarise(t.db.database);
      await assert.rejects(restore(t.db.database, bad), (e: unknown) => e instanceof RestoreMismatchError && e.mismatches.includes('household_members'));
      assert.deepEqual(await summarise(t.db.database), before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the application role cannot read password hashes or TOTP seeds, even of its own organisation', async () => {
    await assert.rejects(
      t.db.database.rawTransaction(async (c) => {
        await c.exec('set local role thuis_app');
        await c.query(`select set_config('thuis.org_id', $1, true)`, [t.demo.organisations.mvs]);
        await c.query('select password_hash from users');
      }),
      /permission denied/,
    );
  });

  test('the schema itself refuses a member, note or coach that crosses organisations', async () => {
    const { rows } = await t.db.database.raw.query<{ id: string }>('select id from households where organisation_id = $1 limit 1', [t.demo.organisations.mvs]);
    const household = rows[0]!.id;
    const other = t.demo.organisations.other!;
    await assert.rejects(t.db.database.raw.query(
      `insert into household_members (household_id, organisation_id, given_names, family_name) values ($1, $2, 'X', 'Y')`, [household, other]), /same_organisation/);
    await assert.rejects(t.db.database.raw.query(
      `insert into journal_notes (household_id, organisation_id, author_id, occurred_on, kind, duration_minutes, text) values ($1, $2, $3, '2026-01-01', 'phone', 5, 'x')`,
      [household, t.demo.organisations.mvs, t.demo.users['coach@andere.demo']]), /same_organisation/);
    await assert.rejects(t.db.database.raw.query(
      `insert into coach_assignments (household_id, organisation_id, coach_id, ended_at) values ($1, $2, $3, now())`,
      [household, t.demo.organisations.mvs, t.demo.users['coach@andere.demo']]), /same_organisation/);
  });

  test('backup → wipe → restore gives identical tables, and the audit chain still verifies (REL-BACKUP)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'thuis-backup-'));
    try {
      const file = join(dir, 'thuis.backup.gz');
      const before = await summarise(t.db.database);
      const manifest = await backup(t.db.database, file);
      assert.ok(existsSync(file));
      assert.deepEqual(manifest.tables, before);
      await t.db.database.rawTransaction(async (c) => {
        await c.exec(`set local thuis.audit_maintenance = 'on'`);
        await c.exec('truncate journal_notes, household_members, coach_assignments, households, audit_events cascade');
      });
      assert.notDeepEqual(await summarise(t.db.database), before);
      const report = await restore(t.db.database, file);
      assert.equal(report.ok, true, report.mismatches.join(','));
      assert.deepEqual(await summarise(t.db.database), before);
      assert.equal((await verifyAuditChain(t.db.database)).ok, true);
      const coach = t.client();
      await coach.login(t, 'coach@thuis.demo');
      assert.equal(((await (await coach.json('/api/v1/households')).json()) as { total: number }).total, 5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
