// Import of households (REL-IMPORT): dry run, mapping, fixing a row, committing all-or-nothing or only the valid
// rows, duplicates, re-run safety, crash resume (simulated everywhere, a real kill -9 on PostgreSQL), access
// (import.manage, AUTH-HIDE), AUTH-BSN, retention of staged rows, audit with counts only, and the JSON API.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { startTestApp, type TestApp, type TestClient } from '../support/app.ts';
import { TEST_DB_KIND } from '../support/db.ts';
import { createApiToken } from '../../src/platform/auth/service.ts';
import { inTenant, type Caller } from '../../src/platform/context.ts';
import type { Actor } from '../../src/platform/policy.ts';
import { resumePendingImports, runCommit, settleImports, startCommit } from '../../src/features/imports/index.ts';
import { sampleImportCsv } from '../../src/features/imports/sample.ts';

const FIXTURES = new URL('../fixtures/import/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES));
const COORDINATOR = 'coordinator@thuis.demo';
const OTHER_COORDINATOR = 'coordinator@andere.demo';
const CLI = { requestId: 'test', origin: 'cli', actorUserId: null, actorRole: 'operator', organisationId: null };

let t: TestApp;
let coordinator: TestClient;
let coordinatorToken: string;

before(async () => {
  t = await startTestApp();
  coordinator = t.client();
  await coordinator.login(t, COORDINATOR);
  coordinatorToken = (await createApiToken(t.db.database, t.demo.users[COORDINATOR]!, 'test', CLI)).token;
});
after(async () => {
  await settleImports();
  await t.close();
});

async function query<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await t.db.database.raw.query<T>(text, params)).rows;
}

/** Upload through the page (multipart, as a browser does); returns the batch id. */
async function upload(client: TestClient, name: string, bytes: Uint8Array, type = 'text/csv', extra: Record<string, string> = {}): Promise<{ status: number; id: string | null; html: string }> {
  await client.page('/import');
  const form = new FormData();
  form.append('_csrf', client.csrf);
  form.append('file', new File([bytes], name, { type }));
  for (const [k, v] of Object.entries(extra)) form.append(k, v);
  const response = await client.request('/import', { method: 'POST', body: form });
  const location = response.headers.get('location');
  const id = location?.match(/^\/import\/([0-9a-f-]{36})$/)?.[1] ?? null;
  return { status: response.status, id, html: response.status === 303 ? '' : await response.text() };
}

async function commitPage(client: TestClient, id: string, mode: string, extra: Record<string, string> = {}): Promise<Response> {
  const page = await client.page(`/import/${id}`);
  const version = page.html.match(/name="version" value="(\d+)"/)?.[1] ?? '1';
  return client.post(`/import/${id}/vastleggen`, { mode, version, ...extra });
}

async function batch(id: string) {
  return (await query<{ status: string; created_households: number; processed_rows: number; valid_rows: number; invalid_rows: number; duplicate_rows: number; total_rows: number }>(
    'select status, created_households, processed_rows, valid_rows, invalid_rows, duplicate_rows, total_rows from import_batches where id = $1', [id]))[0]!;
}

async function rowsOf(id: string) {
  return query<{ row_number: number; status: string; errors: { field: string; message: string }[]; raw: Record<string, string>; duplicate_of: unknown }>(
    'select row_number, status, errors, raw, duplicate_of from import_rows where batch_id = $1 order by row_number', [id]);
}

function callerFor(email: string, organisation: string, municipalTask = true): Caller {
  const actor: Actor = {
    userId: t.demo.users[email]!, organisationId: t.demo.organisations[organisation]!, organisationKind: 'welfare', municipalTask,
    role: 'coordinator', regieMunicipalityCodes: [], mfaPassed: true,
  };
  return { actor, audit: { requestId: randomUUID(), origin: 'test', actorUserId: actor.userId, actorRole: actor.role, organisationId: actor.organisationId } };
}

async function householdsOfBatch(id: string) {
  return query<{ id: string; reference: string; source_key: string; members: number }>(
    `select h.id, h.reference, h.source_key, (select count(*)::int from household_members m where m.household_id = h.id) as members
       from households h where h.import_batch_id = $1 order by h.reference`, [id]);
}

describe(`household import on ${TEST_DB_KIND}`, () => {
  test('the standard header (semicolon, UTF-8 with BOM) needs no mapping; the dry run creates nothing; all-or-nothing commits every household', async () => {
    const before = (await query<{ n: number }>('select count(*)::int as n from households'))[0]!.n;
    const up = await upload(coordinator, 'standaard.csv', fixture('standaard.csv'));
    assert.equal(up.status, 303, up.html);
    const id = up.id!;
    const page = await coordinator.page(`/import/${id}`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.html, /Kolommen koppelen/);
    assert.match(page.html, /Haddad/);
    const staged = await batch(id);
    assert.deepEqual([staged.status, staged.total_rows, staged.valid_rows, staged.invalid_rows, staged.duplicate_rows], ['staged', 13, 13, 0, 0]);
    assert.equal((await query<{ n: number }>('select count(*)::int as n from households'))[0]!.n, before, 'the dry run creates nothing');
    // Names, dates and codes as the file means them.
    const rows = await rowsOf(id);
    assert.ok(rows.every((r) => r.status === 'valid'), JSON.stringify(rows.filter((r) => r.status !== 'valid')));
    const data = (await query<{ data: Record<string, unknown> }>('select data from import_rows where batch_id = $1 and row_number = 5', [id]))[0]!.data;
    assert.equal(data.birthPrecision, 'month', '00-03-2018 has an unknown day');
    assert.equal(data.dateOfBirth, '2018-03-01');

    const response = await commitPage(coordinator, id, 'all_or_nothing');
    assert.equal(response.status, 303);
    await settleImports();
    const done = await batch(id);
    assert.equal(done.status, 'committed');
    assert.equal(done.created_households, 6);
    assert.equal(done.processed_rows, 13);
    const households = await householdsOfBatch(id);
    assert.deepEqual(households.map((h) => h.members), [4, 1, 3, 1, 2, 2]);
    assert.ok(households.every((h) => /^IMP-[0-9A-F]{8}-\d+$/.test(h.reference)));
    const member = (await query<{ country_of_origin: string; languages: string[]; interpreter_language: string; target_group: string; sex: string; relation: string; name_key: string; status_date: string }>(
      `select m.country_of_origin, m.languages, m.interpreter_language, m.target_group, m.sex, m.relation, m.name_key, m.status_date::text
         from household_members m join households h on h.id = m.household_id where h.import_batch_id = $1 and m.given_names = 'Ahmad'`, [id]))[0]!;
    assert.deepEqual(member, { country_of_origin: 'SY', languages: ['ar'], interpreter_language: 'ar', target_group: 'asielstatushouder', sex: 'm', relation: 'head', name_key: member.name_key, status_date: '2025-09-03' });
    assert.ok(member.name_key.length > 2);
    const ids = (await query<{ n: number }>(`select count(*)::int as n from member_identifiers i join households h on h.id = i.household_id where h.import_batch_id = $1 and i.bsn is not null`, [id]))[0]!.n;
    assert.equal(ids, 13, 'BSNs stored for an organisation with a municipal task');
    const trajectories = (await query<{ n: number }>(`select count(*)::int as n from trajectories tr join households h on h.id = tr.household_id where h.import_batch_id = $1`, [id]))[0]!.n;
    assert.equal(trajectories, 4, 'a trajectory starts for each household with a housing date');
    assert.equal((await rowsOf(id)).length, 0, 'the staged personal data is deleted after the commit');
    const finished = await coordinator.page(`/import/${id}`);
    assert.match(finished.html, /6 huishoudens aangemaakt/);
    assert.match(finished.html, /href="\/huishoudens"/);
  });

  test('importing the same file twice creates nothing new (REL-IMPORT): every row is "already imported"', async () => {
    const up = await upload(coordinator, 'standaard-opnieuw.csv', fixture('standaard.csv'));
    const id = up.id!;
    const staged = await batch(id);
    assert.equal(staged.valid_rows, 0);
    const rows = await rowsOf(id);
    assert.ok(rows.every((r) => r.status === 'already_imported'), rows.map((r) => r.status).join());
    const page = await coordinator.page(`/import/${id}`);
    assert.match(page.html, /Eerder geïmporteerd als huishouden/);
    const response = await commitPage(coordinator, id, 'valid_only');
    assert.equal(response.status, 303);
    await settleImports();
    assert.equal((await batch(id)).created_households, 0);
    assert.equal((await query<{ n: number }>(`select count(*)::int as n from households where source_key is not null group by organisation_id, source_key having count(*) > 1`)).length, 0);
  });

  test('Windows-1252 with accented names is decoded; a person who already exists is a probable duplicate, skipped unless chosen', async () => {
    const up = await upload(coordinator, 'standaard-windows-1252.csv', fixture('standaard-windows-1252.csv'));
    const id = up.id!;
    const rows = await rowsOf(id);
    assert.equal(rows[0]!.raw.voornamen, 'Hélène');
    assert.equal(rows[1]!.raw.voornamen, 'Zoë');
    assert.ok(rows.every((r) => r.status === 'valid'), JSON.stringify(rows.filter((r) => r.status !== 'valid').map((r) => r.errors)));

    // The same Hélène, written differently, in a second file with another household key: a probable duplicate.
    const again = fixture('standaard-windows-1252.csv').toString('latin1').split('\r\n').slice(0, 2);
    again[1] = again[1]!.replace(/^A1;Mbala;H\xe9l\xe8ne/, 'Z9;MBALA;Helene');
    const second = await upload(coordinator, 'dubbel.csv', Buffer.from(`${again.join('\r\n')}\r\n`, 'latin1'));
    await commitPage(coordinator, id, 'valid_only');
    await settleImports();
    const dupId = second.id!;
    const dupRows = await rowsOf(dupId);
    // Staged before the first file was committed: within the organisation nothing existed yet; stage it again now.
    assert.equal(dupRows[0]!.status, 'valid');
    const third = await upload(coordinator, 'dubbel-2.csv', Buffer.from(`${again.join('\r\n')}\r\n`, 'latin1'));
    const thirdRows = await rowsOf(third.id!);
    assert.equal(thirdRows[0]!.status, 'duplicate', JSON.stringify(thirdRows[0]));
    const ref = (thirdRows[0]!.duplicate_of as { reference: string }[])[0]!.reference;
    assert.match(ref, /^IMP-/);
    const page = await coordinator.page(`/import/${third.id}`);
    assert.match(page.html, /Bestaat waarschijnlijk al in huishouden/);
    assert.ok(page.html.includes(ref));
    await commitPage(coordinator, third.id!, 'valid_only');
    await settleImports();
    assert.equal((await batch(third.id!)).created_households, 0, 'duplicates are skipped by default');

    const fourth = await upload(coordinator, 'dubbel-3.csv', Buffer.from(`${again.join('\r\n')}\r\n`, 'latin1'));
    await commitPage(coordinator, fourth.id!, 'valid_only', { includeDuplicates: '1' });
    await settleImports();
    assert.equal((await batch(fourth.id!)).created_households, 1, 'imported anyway when the coordinator ticks it');
    await coordinator.post(`/import/${second.id}/weggooien`, {});
  });

  test('duplicates within one file are recognised (transliteration and date of birth)', async () => {
    const header = readFileSync(new URL('standaard.csv', FIXTURES), 'utf8').split('\r\n')[0];
    const csv = `${header}\r\n` +
      'X1;Al-Rahman;Mohammed;01-02-1990;m;hoofd;SY;ar;nee;asielstatushouder;;;GM0622;;;;;;;;;\r\n' +
      'X2;Alrahman;Muhammad;1990-02-01;m;hoofd;SY;ar;nee;asielstatushouder;;;GM0622;;;;;;;;;\r\n';
    const up = await upload(coordinator, 'binnen-bestand.csv', Buffer.from(csv));
    const rows = await rowsOf(up.id!);
    assert.equal(rows[0]!.status, 'valid');
    assert.equal(rows[1]!.status, 'duplicate');
    assert.deepEqual(rows[1]!.duplicate_of, [{ row: 2 }]);
    await coordinator.post(`/import/${up.id}/weggooien`, {});
  });

  test('a wrong row: the page says what and why, the whole household is held back, all-or-nothing is refused, the fixed row commits', async () => {
    const up = await upload(coordinator, 'aanmelding-met-fout.csv', fixture('aanmelding-met-fout.csv'));
    const id = up.id!;
    const rows = await rowsOf(id);
    assert.deepEqual(rows.map((r) => r.status), ['invalid', 'invalid', 'invalid', 'valid', 'valid']);
    assert.deepEqual(rows[2]!.errors, [{ field: 'geboortedatum', message: 'import.error.birth_date' }]);
    assert.equal(rows[0]!.errors[0]!.message, 'import.error.household_has_errors');
    const page = await coordinator.page(`/import/${id}`);
    assert.match(page.html, /Geboortedatum<\/strong>: Dit is geen bestaande datum/);
    assert.match(page.html, /Rij 4 van dit huishouden heeft een fout/);
    assert.match(page.html, new RegExp(`href="/import/${id}/rijen/4"`));

    const refused = await commitPage(coordinator, id, 'all_or_nothing');
    assert.equal(refused.status, 422);
    assert.match(await refused.text(), /Alles of niets kan nu niet: 3 rijen hebben een fout/);
    assert.equal((await batch(id)).status, 'staged');

    const form = await coordinator.page(`/import/${id}/rijen/4`);
    assert.equal(form.status, 200);
    assert.match(form.html, /value="31-02-2020"/);
    assert.doesNotMatch(form.html, /value="\d{9}"/, 'the BSN is never put in a form field in full');
    const hash = form.html.match(/name="valuesHash" value="([0-9a-f]+)"/)![1]!;
    const fields = Object.fromEntries([...form.html.matchAll(/<input[^>]+name="([a-z_]+)"[^>]+value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    // Still wrong: saved, and the same form again with the message.
    const still = await coordinator.post(`/import/${id}/rijen/4`, { ...fields, valuesHash: hash, geboortedatum: '30-02-2020' });
    assert.equal(still.status, 422);
    const again = await coordinator.page(`/import/${id}/rijen/4`);
    const hash2 = again.html.match(/name="valuesHash" value="([0-9a-f]+)"/)![1]!;
    // A stale form (REL-LOCK): 409 with both values, nothing saved.
    const stale = await coordinator.post(`/import/${id}/rijen/4`, { ...fields, valuesHash: hash, geboortedatum: '01-01-2020' });
    assert.equal(stale.status, 409);
    assert.match(await stale.text(), /30-02-2020/);
    const fixed = await coordinator.post(`/import/${id}/rijen/4`, { ...fields, valuesHash: hash2, geboortedatum: '21-02-2020' });
    assert.equal(fixed.status, 303);
    assert.deepEqual((await rowsOf(id)).map((r) => r.status), ['valid', 'valid', 'valid', 'valid', 'valid']);
    const bsnKept = (await rowsOf(id))[2]!.raw.bsn;
    assert.match(bsnKept ?? '', /^\d{9}$/, 'an empty BSN field keeps the stored BSN');

    assert.equal((await commitPage(coordinator, id, 'all_or_nothing')).status, 303);
    await settleImports();
    const done = await batch(id);
    assert.deepEqual([done.status, done.created_households, done.processed_rows], ['committed', 3, 5]);
  });

  test('only the valid rows: the household with an error is skipped, the rest is created', async () => {
    const text = readFileSync(new URL('aanmelding-met-fout.csv', FIXTURES), 'utf8').replace(/Nasser/g, 'Karimi').replace(/Gebremedhin/, 'Berhane').replace(/Rezaei/, 'Hosseini');
    const up = await upload(coordinator, 'alleen-goed.csv', Buffer.from(text));
    const id = up.id!;
    assert.equal((await batch(id)).invalid_rows, 3);
    await commitPage(coordinator, id, 'valid_only');
    await settleImports();
    const done = await batch(id);
    assert.deepEqual([done.status, done.created_households, done.processed_rows], ['committed', 2, 2]);
  });

  test('other headers (comma, quoted fields) are mapped once, saved under a name, and applied automatically to the next file', async () => {
    const up = await upload(coordinator, 'andere-kolommen.csv', fixture('andere-kolommen.csv'));
    const id = up.id!;
    const page = await coordinator.page(`/import/${id}`);
    assert.match(page.html, /Kolommen koppelen/);
    assert.match(page.html, /Kolom „Geb\. datum”/);
    const raw = await rowsOf(id);
    assert.equal(raw[2]!.raw.Opmerking, 'Wacht op woning, "urgent"', 'quoted field with a comma and quotes');
    const version = page.html.match(/name="version" value="(\d+)"/)![1]!;
    const targets = ['huishouden', 'achternaam', 'voornamen', 'geboortedatum', 'geslacht', 'relatie', 'land_van_herkomst', 'talen', 'gemeente_code', '-'];
    // A field chosen twice is refused with a message next to the column.
    const twice = await coordinator.post(`/import/${id}/koppeling`, { version, ...Object.fromEntries(targets.map((f, i) => [`col${i}`, i === 2 ? 'achternaam' : f])) });
    assert.equal(twice.status, 422);
    assert.match(await twice.text(), /Dit veld is al aan een andere kolom gekoppeld/);
    const mapped = await coordinator.post(`/import/${id}/koppeling`, { version, saveAs: 'Aanmelding COA', ...Object.fromEntries(targets.map((f, i) => [`col${i}`, f])) });
    assert.equal(mapped.status, 303);
    const rows = await rowsOf(id);
    assert.deepEqual(rows.map((r) => r.status), ['valid', 'valid', 'valid']);
    assert.equal(rows[2]!.raw.Opmerking, undefined, 'a column that is not imported is not kept either');
    assert.equal(rows[0]!.raw.voornamen, 'Zahra');

    const next = await upload(coordinator, 'andere-kolommen-2.csv', fixture('andere-kolommen.csv'));
    const nextPage = await coordinator.page(`/import/${next.id}`);
    assert.doesNotMatch(nextPage.html, /Kolommen koppelen/, 'the saved mapping is applied by itself');
    assert.equal((await batch(next.id!)).valid_rows, 3);
    await coordinator.post(`/import/${id}/weggooien`, {});
    await coordinator.post(`/import/${next.id}/weggooien`, {});
    assert.equal((await batch(id)).status, 'discarded');
    assert.equal((await rowsOf(id)).length, 0, 'discarding deletes the staged rows');
  });

  test('XLSX with real Excel dates through the API: stage (201 report), commit (202), progress, discard', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Aanmelding');
    sheet.addRow(['Huishouden', 'Achternaam', 'Voornamen', 'Geboortedatum', 'Relatie', 'Gemeente_code', 'Sleuteldatum']);
    sheet.addRow([501, 'Saleh', 'Noor', new Date(Date.UTC(1993, 4, 17)), 'hoofd', 'GM0606', new Date(Date.UTC(2026, 0, 12))]);
    sheet.addRow([501, 'Saleh', 'Adam', new Date(Date.UTC(2021, 10, 2)), 'kind', 'GM0606', null]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer() as ArrayBuffer);
    const auth = { authorization: `Bearer ${coordinatorToken}` };
    const staged = await t.app.request('/api/v1/imports', {
      method: 'POST', body: bytes,
      headers: { ...auth, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'x-file-name': 'aanmelding.xlsx' },
    });
    assert.equal(staged.status, 201);
    const report = (await staged.json()) as { batch: { id: string; needsMapping: boolean; counts: { valid: number; households: number } } };
    assert.equal(report.batch.needsMapping, false);
    assert.deepEqual([report.batch.counts.valid, report.batch.counts.households], [2, 1]);
    const id = report.batch.id;
    const data = (await query<{ data: { dateOfBirth: string; housingDate: string } }>('select data from import_rows where batch_id = $1 and row_number = 2', [id]))[0]!.data;
    assert.equal(data.dateOfBirth, '1993-05-17');
    assert.equal(data.housingDate, '2026-01-12');

    const got = await t.app.request(`/api/v1/imports/${id}`, { headers: auth });
    const body = (await got.json()) as { rows: { items: { values: Record<string, string> }[] } };
    assert.equal(body.rows.items.length, 2);

    const commit = await t.app.request(`/api/v1/imports/${id}/commit`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'all_or_nothing' }) });
    assert.equal(commit.status, 202);
    const again = await t.app.request(`/api/v1/imports/${id}/commit`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'all_or_nothing' }) });
    assert.equal(again.status, 409, 'a batch commits once');
    await settleImports();
    const progress = (await (await t.app.request(`/api/v1/imports/${id}`, { headers: auth })).json()) as { batch: { status: string; counts: { processed: number; createdHouseholds: number } } };
    assert.deepEqual([progress.batch.status, progress.batch.counts.processed, progress.batch.counts.createdHouseholds], ['committed', 2, 1]);

    // A file that cannot be read answers 422 with a message; discard a staged batch.
    const bad = await t.app.request('/api/v1/imports', { method: 'POST', body: 'just one line\n', headers: { ...auth, 'content-type': 'text/csv' } });
    assert.equal(bad.status, 422);
    const csv = await t.app.request('/api/v1/imports?fileName=a.csv', { method: 'POST', body: fixture('andere-kolommen.csv'), headers: { ...auth, 'content-type': 'text/csv' } });
    const csvId = ((await csv.json()) as { batch: { id: string } }).batch.id;
    const discarded = await t.app.request(`/api/v1/imports/${csvId}/discard`, { method: 'POST', headers: auth });
    assert.equal(discarded.status, 200);
    const list = (await (await t.app.request('/api/v1/imports', { headers: auth })).json()) as { items: { id: string; status: string }[] };
    assert.equal(list.items.find((i) => i.id === csvId)?.status, 'discarded');
  });

  test('the API fixes a row with the lock of the values it read (REL-LOCK: a stale hash answers 409 with the current row)', async () => {
    const auth = { authorization: `Bearer ${coordinatorToken}`, 'content-type': 'application/json' };
    const text = readFileSync(new URL('aanmelding-met-fout.csv', FIXTURES), 'utf8').replace(/Nasser/g, 'Naser-Api').replace(/;10;/g, ';70;');
    const staged = await t.app.request('/api/v1/imports?fileName=api.csv', { method: 'POST', body: text.split('\r\n').slice(0, 4).join('\r\n'), headers: { authorization: auth.authorization, 'content-type': 'text/csv' } });
    const report = (await staged.json()) as { batch: { id: string }; rows: { items: { rowNumber: number; valuesHash: string; values: Record<string, string> }[] } };
    const wrong = report.rows.items.find((r) => r.rowNumber === 4)!;
    assert.match(wrong.values.bsn!, /^•+\d{3}$/, 'the API masks the BSN');
    const values = { ...wrong.values, geboortedatum: '2020-02-20' };
    delete (values as Record<string, string>).bsn;
    const ok = await t.app.request(`/api/v1/imports/${report.batch.id}/rows/4`, { method: 'PUT', headers: auth, body: JSON.stringify({ valuesHash: wrong.valuesHash, values }) });
    assert.equal(ok.status, 200);
    assert.equal(((await ok.json()) as { status: string }).status, 'valid');
    const stale = await t.app.request(`/api/v1/imports/${report.batch.id}/rows/4`, { method: 'PUT', headers: auth, body: JSON.stringify({ valuesHash: wrong.valuesHash, values }) });
    assert.equal(stale.status, 409);
    assert.ok(((await stale.json()) as { current: { rowNumber: number } }).current.rowNumber === 4);
    await t.app.request(`/api/v1/imports/${report.batch.id}/discard`, { method: 'POST', headers: { authorization: auth.authorization } });
  });

  test('only a coordinator of a welfare organisation imports (403, audited); another organisation\'s batch answers 404 like a random id (AUTH-HIDE)', async () => {
    const coach = t.client();
    await coach.login(t, 'coach@thuis.demo');
    const page = await coach.page('/huishoudens');
    assert.doesNotMatch(page.html, /href="\/import"/, 'the menu shows Import only to those who may');
    assert.match((await coordinator.page('/huishoudens')).html, /href="\/import"/);
    assert.equal((await coach.page('/import')).status, 403);
    const denied = await query<{ n: number }>(`select count(*)::int as n from audit_events where actor_user_id = $1 and action = 'access.denied'`, [t.demo.users['coach@thuis.demo']]);
    assert.ok(denied[0]!.n >= 1);
    const coachUpload = await upload(coach, 'x.csv', fixture('standaard.csv'));
    assert.equal(coachUpload.status, 403);
    const coachToken = (await createApiToken(t.db.database, t.demo.users['coach@thuis.demo']!, 'test', CLI)).token;
    const api = await t.app.request('/api/v1/imports', { method: 'POST', body: fixture('standaard.csv'), headers: { authorization: `Bearer ${coachToken}`, 'content-type': 'text/csv' } });
    assert.equal(api.status, 403);

    const mine = await upload(coordinator, 'mijn.csv', fixture('andere-kolommen.csv'));
    const other = t.client();
    await other.login(t, OTHER_COORDINATOR);
    const foreign = await other.page(`/import/${mine.id}`);
    const random = await other.page(`/import/${randomUUID()}`);
    assert.equal(foreign.status, 404);
    assert.equal(random.status, 404);
    const main = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));
    assert.equal(main(foreign.html), main(random.html));
    assert.equal((await other.page(`/import/${mine.id}/rijen/2`)).status, 404);
    assert.equal((await other.post(`/import/${mine.id}/weggooien`, {})).status, 404);
    assert.equal((await batch(mine.id!)).status, 'staged', 'nothing happened to the other organisation\'s batch');
    const otherToken = (await createApiToken(t.db.database, t.demo.users[OTHER_COORDINATOR]!, 'test', CLI)).token;
    const apiForeign = await t.app.request(`/api/v1/imports/${mine.id}`, { headers: { authorization: `Bearer ${otherToken}` } });
    const apiRandom = await t.app.request(`/api/v1/imports/${randomUUID()}`, { headers: { authorization: `Bearer ${otherToken}` } });
    assert.equal(apiForeign.status, 404);
    assert.deepEqual(await apiForeign.json(), await apiRandom.json());
    const history = await other.page('/import');
    assert.doesNotMatch(history.html, /mijn\.csv/, 'the history lists only the own organisation\'s imports');
    await coordinator.post(`/import/${mine.id}/weggooien`, {});
  });

  test('AUTH-BSN: without a municipal task the BSN values are dropped with a warning, never stored or echoed', async () => {
    const other = t.client();
    await other.login(t, OTHER_COORDINATOR);
    const text = readFileSync(new URL('standaard.csv', FIXTURES), 'utf8').replace(/GM0(622|606|556)/g, 'GM0098');
    const bsns = [...text.matchAll(/;(\d{9});GM/g)].map((m) => m[1]!);
    assert.ok(bsns.length > 10);
    const up = await other.page('/import').then(() => upload(other, 'zonder-taak.csv', Buffer.from(text)));
    const page = await other.page(`/import/${up.id}`);
    assert.match(page.html, /geen wettelijke taak voor het BSN/);
    for (const bsn of bsns) {
      assert.ok(!page.html.includes(bsn), 'no BSN on the page');
      assert.ok(!page.html.includes(bsn.slice(-3) + '<'), 'not even masked');
    }
    const stored = await query<{ raw: string; data: string }>('select raw::text, data::text from import_rows where batch_id = $1', [up.id]);
    for (const r of stored) for (const bsn of bsns) assert.ok(!r.raw.includes(bsn) && !r.data.includes(bsn), 'no BSN in the staged rows');
    await commitPage(other, up.id!, 'valid_only');
    await settleImports();
    assert.equal((await batch(up.id!)).created_households, 6);
    const identifiers = await query<{ n: number }>(`select count(*)::int as n from member_identifiers i join households h on h.id = i.household_id where h.import_batch_id = $1 and i.bsn is not null`, [up.id]);
    assert.equal(identifiers[0]!.n, 0);
    for (const line of t.logLines) for (const bsn of bsns) assert.ok(!line.includes(bsn), 'no BSN in a log line');
  });

  test('a commit killed after its first chunk resumes to the same end state, without duplicates; the same file again creates 0', async () => {
    const caller = callerFor(COORDINATOR, 'mvs');
    const { csv, rows } = sampleImportCsv(30, { seed: 4242, municipalityCodes: ['GM0606', 'GM0622', 'GM0556'], today: '2026-06-01' });
    const up = await upload(coordinator, 'groot.csv', Buffer.from(csv));
    const id = up.id!;
    assert.equal((await batch(id)).valid_rows, rows, JSON.stringify((await rowsOf(id)).filter((r) => r.status !== 'valid').slice(0, 3)));
    const started = await inTenant(t.db.database, caller, (tx) => startCommit(tx, caller, id, { mode: 'valid_only', includeDuplicates: false }));
    assert.ok(started.ok);
    // "Killed" after one chunk of 10 households: the batch stays committing with 10 households done.
    assert.equal(await runCommit(t.db.database, caller, id, { chunkSize: 10, stopAfterChunks: 1 }), 'stopped');
    assert.equal((await batch(id)).status, 'committing');
    assert.equal((await householdsOfBatch(id)).length, 10);
    const partial = (await batch(id)).processed_rows;
    assert.ok(partial > 0 && partial < rows);
    // A second run that dies right away changes nothing.
    assert.equal(await runCommit(t.db.database, caller, id, { chunkSize: 10, stopAfterChunks: 0 }), 'stopped');
    await resumePendingImports({ database: t.db.database }, { wait: true });
    const done = await batch(id);
    assert.deepEqual([done.status, done.created_households, done.processed_rows], ['committed', 30, rows]);
    const households = await householdsOfBatch(id);
    assert.equal(households.length, 30);
    assert.equal(new Set(households.map((h) => h.source_key)).size, 30);
    assert.equal(households.reduce((n, h) => n + h.members, 0), rows);
    // The references number the households 1…30 in file order, the same across the killed run and the resume.
    const prefix = `IMP-${id.slice(0, 8).toUpperCase()}-`;
    assert.deepEqual(households.map((h) => h.reference).sort(), Array.from({ length: 30 }, (_, i) => `${prefix}${i + 1}`).sort());

    // all_or_nothing: a kill inside the one transaction leaves nothing behind; the resume does it all.
    const second = sampleImportCsv(12, { seed: 4343, municipalityCodes: ['GM0606'], today: '2026-06-01' });
    const up2 = await upload(coordinator, 'atomair.csv', Buffer.from(second.csv));
    await inTenant(t.db.database, caller, (tx) => startCommit(tx, caller, up2.id!, { mode: 'all_or_nothing', includeDuplicates: false }));
    assert.equal(await runCommit(t.db.database, caller, up2.id!, { chunkSize: 5, stopAfterChunks: 2 }), 'stopped');
    assert.equal((await householdsOfBatch(up2.id!)).length, 0, 'all or nothing: the killed transaction left nothing');
    await resumePendingImports({ database: t.db.database }, { wait: true });
    assert.equal((await householdsOfBatch(up2.id!)).length, 12);

    const rerun = await upload(coordinator, 'groot-opnieuw.csv', Buffer.from(csv));
    assert.equal((await batch(rerun.id!)).valid_rows, 0);
    await commitPage(coordinator, rerun.id!, 'valid_only');
    await settleImports();
    assert.equal((await batch(rerun.id!)).created_households, 0);
  });

  test('the progress page shows a <progress> element and refreshes itself while committing, with a way to stop that', async () => {
    const caller = callerFor(COORDINATOR, 'mvs');
    const { csv } = sampleImportCsv(6, { seed: 5151, municipalityCodes: ['GM0606'], today: '2026-06-01' });
    const up = await upload(coordinator, 'voortgang.csv', Buffer.from(csv));
    await inTenant(t.db.database, caller, (tx) => startCommit(tx, caller, up.id!, { mode: 'valid_only', includeDuplicates: false }));
    await runCommit(t.db.database, caller, up.id!, { chunkSize: 2, stopAfterChunks: 1 });
    const response = await coordinator.request(`/import/${up.id}`);
    const html = await response.text();
    assert.equal(response.headers.get('refresh'), '2');
    assert.match(html, /<progress id="import-progress"[^>]+max="\d+" value="\d+"/);
    const quiet = await coordinator.request(`/import/${up.id}?verversen=nee`);
    assert.equal(quiet.headers.get('refresh'), null);
    await resumePendingImports({ database: t.db.database }, { wait: true });
    assert.equal((await batch(up.id!)).status, 'committed');
  });

  test('staged rows are deleted after 42 days (the counts stay); audit entries hold counts, never names', async () => {
    const up = await upload(coordinator, 'oud.csv', fixture('andere-kolommen.csv'));
    await query(`update import_batches set created_at = now() - interval '43 days' where id = $1`, [up.id]);
    await coordinator.page('/import');
    const old = await batch(up.id!);
    assert.equal(old.status, 'discarded');
    assert.equal(old.total_rows, 3);
    assert.equal((await rowsOf(up.id!)).length, 0);

    const audit = await query<{ action: string; detail: string }>(`select action, detail::text from audit_events where action like 'import.%'`);
    for (const action of ['import.stage', 'import.commit', 'import.discard', 'import.read', 'import.update']) assert.ok(audit.some((a) => a.action === action), action);
    for (const a of audit) assert.doesNotMatch(a.detail ?? '', /Haddad|Hélène|Nasser|Tesfay|Zahra|\d{9}/, `${a.action} ${a.detail}`);
  });

  /** The V-nummers of a standard-header CSV (column v_nummer). */
  function vNumbersOf(csv: string): string[] {
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
    const column = lines[0]!.split(';').indexOf('v_nummer');
    return lines.slice(1).map((l) => l.split(';')[column]!).filter(Boolean);
  }

  test('AUTH-BSN for the V-nummer: without a municipal task the V-nummers are dropped with a warning, never stored, echoed or offered', async () => {
    const other = t.client();
    await other.login(t, OTHER_COORDINATOR);
    const otherToken = (await createApiToken(t.db.database, t.demo.users[OTHER_COORDINATOR]!, 'test', CLI)).token;
    const { csv, rows } = sampleImportCsv(5, { seed: 9191, municipalityCodes: ['GM0098'], today: '2026-06-01', withBsn: false });
    const vNumbers = vNumbersOf(csv);
    assert.equal(vNumbers.length, rows);
    assert.ok(vNumbers.every((v) => /^\d{10}$/.test(v)));
    const leaks = (text: string) => vNumbers.filter((v) => text.includes(v) || text.includes(`••••••${v.slice(-4)}`));

    const up = await upload(other, 'v-nummers-zonder-taak.csv', Buffer.from(csv));
    assert.equal(up.status, 303, up.html);
    const id = up.id!;
    const page = await other.page(`/import/${id}`);
    assert.match(page.html, /geen wettelijke taak voor het V-nummer/);
    assert.deepEqual(leaks(page.html), [], 'no V-nummer on the report, not even masked');
    const stored = await query<{ raw: string; data: string }>('select raw::text, data::text from import_rows where batch_id = $1', [id]);
    assert.equal(stored.length, rows);
    assert.deepEqual(leaks(stored.map((r) => r.raw + r.data).join('\n')), [], 'no V-nummer in the staged rows');
    const form = await other.page(`/import/${id}/rijen/2`);
    assert.equal(form.status, 200);
    assert.doesNotMatch(form.html, /name="v_nummer"/, 'the fix form has no V-nummer field');
    assert.deepEqual(leaks(form.html), []);

    // The API: no number in the report; a row fix that sends one does not store it.
    const auth = { authorization: `Bearer ${otherToken}` };
    const report = await (await t.app.request(`/api/v1/imports/${id}?pageSize=100`, { headers: auth })).text();
    assert.deepEqual(leaks(report), []);
    const parsed = JSON.parse(report) as { batch: { vNumberDropped: boolean; identifiersAllowed: boolean }; rows: { items: { rowNumber: number; valuesHash: string; values: Record<string, string> }[] } };
    assert.deepEqual([parsed.batch.vNumberDropped, parsed.batch.identifiersAllowed], [true, false]);
    assert.ok(parsed.rows.items.every((r) => r.values.v_nummer === undefined));
    const first = parsed.rows.items[0]!;
    const put = await t.app.request(`/api/v1/imports/${id}/rows/${first.rowNumber}`, {
      method: 'PUT', headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ valuesHash: first.valuesHash, values: { ...first.values, v_nummer: '1234567890' } }),
    });
    assert.equal(put.status, 200);
    const afterPut = await put.text();
    assert.doesNotMatch(afterPut, /1234567890|7890/);
    const fixedRaw = (await query<{ raw: Record<string, string> }>('select raw from import_rows where batch_id = $1 and row_number = $2', [id, first.rowNumber]))[0]!.raw;
    assert.equal(fixedRaw.v_nummer, undefined);

    await commitPage(other, id, 'valid_only');
    await settleImports();
    assert.equal((await batch(id)).created_households, 5);
    const identifiers = await query<{ n: number }>(`select count(*)::int as n from member_identifiers i join households h on h.id = i.household_id where h.import_batch_id = $1`, [id]);
    assert.equal(identifiers[0]!.n, 0, 'member_identifiers gets nothing');
    const audit = await query<{ detail: string }>(`select coalesce(detail::text, '') as detail from audit_events where record_id = $1`, [id]);
    assert.deepEqual(leaks(audit.map((a) => a.detail).join('\n')), []);
    assert.deepEqual(leaks(t.logLines.join('\n')), []);

    // Another header ("Vreemdelingennummer") is not even staged, and the mapping does not offer the V-nummer.
    const mapped = sampleImportCsv(2, { seed: 9292, municipalityCodes: ['GM0098'], today: '2026-06-01', withBsn: false });
    const custom = mapped.csv.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean).map((line, i) => {
      const cells = line.split(';');
      return (i === 0 ? ['Dossier', 'Familienaam', 'Voornaam', 'Vreemdelingennummer'] : [cells[0], cells[1], cells[2], cells[10]]).join(';');
    }).join('\r\n');
    const customNumbers = vNumbersOf(mapped.csv);
    const up2 = await upload(other, 'eigen-kolommen.csv', Buffer.from(custom));
    const raw2 = await query<{ raw: string }>('select raw::text from import_rows where batch_id = $1', [up2.id]);
    assert.ok(raw2.every((r) => customNumbers.every((v) => !r.raw.includes(v))), 'a V-nummer-like column is not staged');
    const mappingPage = await other.page(`/import/${up2.id}`);
    assert.match(mappingPage.html, /Kolommen koppelen/);
    assert.doesNotMatch(mappingPage.html, /<option value="v_nummer"/);
    assert.doesNotMatch(mappingPage.html, /<option value="bsn"/);
    const version = mappingPage.html.match(/name="version" value="(\d+)"/)![1]!;
    // An API client or an old form may still send it: the values are dropped with the warning.
    const done = await other.post(`/import/${up2.id}/koppeling`, { version, col0: 'huishouden', col1: 'achternaam', col2: 'voornamen', col3: 'v_nummer' });
    assert.equal(done.status, 303);
    const raw3 = await query<{ raw: Record<string, string> }>('select raw from import_rows where batch_id = $1', [up2.id]);
    assert.ok(raw3.every((r) => r.raw.v_nummer === undefined && r.raw.voornamen));
    assert.match((await other.page(`/import/${up2.id}`)).html, /geen wettelijke taak voor het V-nummer/);
    await other.post(`/import/${up2.id}/weggooien`, {});
  });

  test('with a municipal task the V-nummer is imported, but the report, the fix form and the API show it only masked', async () => {
    const { csv, rows } = sampleImportCsv(3, { seed: 9393, municipalityCodes: ['GM0606'], today: '2026-06-01' });
    const vNumbers = vNumbersOf(csv);
    const up = await upload(coordinator, 'v-nummers-met-taak.csv', Buffer.from(csv));
    const id = up.id!;
    assert.equal((await batch(id)).valid_rows, rows);
    const full = (text: string) => vNumbers.filter((v) => text.includes(v));
    const page = await coordinator.page(`/import/${id}`);
    assert.deepEqual(full(page.html), []);
    assert.doesNotMatch(page.html, /geen wettelijke taak voor het V-nummer/);

    const form = await coordinator.page(`/import/${id}/rijen/2`);
    assert.deepEqual(full(form.html), [], 'the fix form never holds the V-nummer in full');
    assert.match(form.html, /<input[^>]+name="v_nummer"[^>]+value=""/, 'the V-nummer field is empty');
    assert.ok(form.html.includes(`••••••${vNumbers[0]!.slice(-4)}`), 'the form says which V-nummer stays, masked');
    // Saving with the field left empty keeps the stored V-nummer.
    const hash = form.html.match(/name="valuesHash" value="([0-9a-f]+)"/)![1]!;
    const fields = Object.fromEntries([...form.html.matchAll(/<input[^>]+name="([a-z_]+)"[^>]+value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    assert.equal(fields.v_nummer, '');
    const saved = await coordinator.post(`/import/${id}/rijen/2`, { ...fields, valuesHash: hash });
    assert.equal(saved.status, 303);
    assert.equal((await rowsOf(id))[0]!.raw.v_nummer, vNumbers[0], 'an empty field keeps the stored V-nummer');

    const auth = { authorization: `Bearer ${coordinatorToken}` };
    const report = await (await t.app.request(`/api/v1/imports/${id}?pageSize=100`, { headers: auth })).text();
    assert.deepEqual(full(report), [], 'the API never returns a V-nummer in full');
    const items = (JSON.parse(report) as { rows: { items: { values: Record<string, string> }[] } }).rows.items;
    assert.equal(items.length, rows);
    items.forEach((r, i) => assert.equal(r.values.v_nummer, `••••••${vNumbers[i]!.slice(-4)}`));
    // An API client that sends the values back as it read them (masked) keeps the stored numbers.
    const echo = (JSON.parse(report) as { rows: { items: { rowNumber: number; valuesHash: string; values: Record<string, string> }[] } }).rows.items[1]!;
    const put = await t.app.request(`/api/v1/imports/${id}/rows/${echo.rowNumber}`, {
      method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ valuesHash: echo.valuesHash, values: echo.values }),
    });
    assert.equal(put.status, 200);
    assert.deepEqual(full(await put.text()), []);
    const echoed = (await query<{ raw: Record<string, string> }>('select raw from import_rows where batch_id = $1 and row_number = $2', [id, echo.rowNumber]))[0]!.raw;
    assert.equal(echoed.v_nummer, vNumbers[1]);
    assert.match(echoed.bsn ?? '', /^\d{9}$/);

    await commitPage(coordinator, id, 'valid_only');
    await settleImports();
    const stored = await query<{ v_number: string }>(`select i.v_number from member_identifiers i join households h on h.id = i.household_id where h.import_batch_id = $1 order by i.v_number`, [id]);
    assert.deepEqual(stored.map((s) => s.v_number), [...vNumbers].sort(), 'stored in member_identifiers');
  });

  test('household references are opaque (IMP-<batch>-<n>, in file order): never the file\'s key, a BSN or a family name', async () => {
    const { csv } = sampleImportCsv(3, { seed: 9494, municipalityCodes: ['GM0622'], today: '2026-06-01' });
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
    const originalKeys = [...new Set(lines.slice(1).map((l) => l.split(';')[0]!))];
    assert.equal(originalKeys.length, 3);
    // Household keys as municipal files have them: the head's BSN, a family name, a dossier number.
    const keys = ['908301662', `Familie ${lines[1]!.split(';')[1]}`, 'Dossier 2026-77'];
    const rewritten = [lines[0]!, ...lines.slice(1).map((l) => {
      const cells = l.split(';');
      cells[0] = keys[originalKeys.indexOf(cells[0]!)]!;
      return cells.join(';');
    })].join('\r\n');
    const up = await upload(coordinator, 'sleutels.csv', Buffer.from(rewritten));
    const id = up.id!;
    await commitPage(coordinator, id, 'valid_only');
    await settleImports();
    const prefix = `IMP-${id.slice(0, 8).toUpperCase()}-`;
    const households = await query<{ reference: string; first: string }>(
      `select h.reference, (select m.family_name || '|' || m.given_names from household_members m where m.household_id = h.id and m.relation = 'head' limit 1) as first
         from households h where h.import_batch_id = $1 order by h.reference`, [id]);
    assert.deepEqual(households.map((h) => h.reference), [`${prefix}1`, `${prefix}2`, `${prefix}3`]);
    for (const h of households) for (const key of keys) assert.ok(!h.reference.includes(key.split(' ').at(-1)!), `${h.reference} holds nothing of ${key}`);
    // n follows the file: the household of the first row is 1.
    const firstHead = lines.slice(1).map((l) => l.split(';')).find((c) => c[5] === 'hoofd')!;
    assert.equal(households.find((h) => h.first === `${firstHead[1]}|${firstHead[2]}`)?.reference, `${prefix}1`);
    const list = await coordinator.page('/huishoudens');
    assert.doesNotMatch(list.html, /908301662|Dossier 2026-77/);
  });

  test('a commit resumes only as a creator who may still import: disabled or no longer a coordinator, the batch fails (nothing created), logged and audited', async () => {
    const caller = callerFor(COORDINATOR, 'mvs');
    const coordinatorId = t.demo.users[COORDINATOR]!;
    const stage = async (seed: number) => {
      const { csv } = sampleImportCsv(3, { seed, municipalityCodes: ['GM0606'], today: '2026-06-01' });
      const up = await upload(coordinator, `hervatten-${seed}.csv`, Buffer.from(csv));
      const started = await inTenant(t.db.database, caller, (tx) => startCommit(tx, caller, up.id!, { mode: 'valid_only', includeDuplicates: false }));
      assert.ok(started.ok);
      return up.id!; // left in `committing`, as by a process that stopped
    };
    const disabledBatch = await stage(9595);
    const demotedBatch = await stage(9696);
    // The second batch's creator is (now) a professional: she may not import.
    await query('update import_batches set created_by = $1 where id = $2', [t.demo.users['beroepskracht@thuis.demo'], demotedBatch]);
    await query('update users set disabled_at = now() where id = $1', [coordinatorId]);
    try {
      await resumePendingImports({ database: t.db.database, logger: t.deps.logger }, { wait: true });
    } finally {
      await query('update users set disabled_at = null where id = $1', [coordinatorId]);
    }
    for (const [id, reason] of [[disabledBatch, 'creator_disabled'], [demotedBatch, 'creator_not_allowed']] as const) {
      assert.equal((await batch(id)).status, 'failed', reason);
      assert.equal((await householdsOfBatch(id)).length, 0, `${reason}: no household created`);
      const audit = await query<{ result: string; detail: { phase: string; reason: string } }>(
        `select result, detail from audit_events where record_id = $1 and action = 'import.commit' order by id desc limit 1`, [id]);
      assert.deepEqual([audit[0]?.result, audit[0]?.detail.phase, audit[0]?.detail.reason], ['denied', 'resume_refused', reason]);
      assert.ok(t.logLines.some((l) => l.includes(id) && l.includes(reason)), `${reason} is logged`);
    }
    // An active coordinator can start the failed batch again.
    const restarted = await inTenant(t.db.database, caller, (tx) => startCommit(tx, caller, disabledBatch, { mode: 'valid_only', includeDuplicates: false }));
    assert.ok(restarted.ok);
    await resumePendingImports({ database: t.db.database }, { wait: true });
    assert.deepEqual([(await batch(disabledBatch)).status, (await householdsOfBatch(disabledBatch)).length], ['committed', 3]);
    await query(`update import_batches set status = 'discarded' where id = $1`, [demotedBatch]);
    await query('delete from import_rows where batch_id = $1', [demotedBatch]);
  });

  // Only on PostgreSQL (a second process cannot open an embedded PGlite directory); defined only there, because
  // a skipped test counts as a failure in CI.
  if (TEST_DB_KIND === 'postgres') test('a real kill -9 of a process in the middle of a commit; a restart resumes to the full state (PostgreSQL only)', async () => {
    assert.ok(t.db.url);
    const caller = callerFor(COORDINATOR, 'mvs');
    const { csv, rows } = sampleImportCsv(1500, { seed: 777, municipalityCodes: ['GM0606', 'GM0622', 'GM0556'], today: '2026-06-01' });
    const up = await upload(coordinator, 'kill.csv', Buffer.from(csv));
    const id = up.id!;
    await inTenant(t.db.database, caller, (tx) => startCommit(tx, caller, id, { mode: 'valid_only', includeDuplicates: false }));
    const service = fileURLToPath(new URL('../../src/features/imports/index.ts', import.meta.url));
    const client = fileURLToPath(new URL('../../src/platform/db/client.ts', import.meta.url));
    const code = `
      const { runCommit } = await import(${JSON.stringify(service)});
      const { openPostgres } = await import(${JSON.stringify(client)});
      const database = await openPostgres(process.env.URL, 2);
      const caller = JSON.parse(process.env.CALLER);
      await runCommit(database, caller, process.env.BATCH, { chunkSize: 20 });
      process.stdout.write('finished\\n');
      await database.close();`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { env: { ...process.env, URL: t.db.url, CALLER: JSON.stringify(caller), BATCH: id }, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += String(chunk); });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    for (let i = 0; i < 600; i++) {
      if ((await batch(id)).processed_rows > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    await exited;
    assert.doesNotMatch(output, /finished/, 'the child was killed before it finished');
    const killed = await batch(id);
    assert.equal(killed.status, 'committing');
    assert.ok(killed.processed_rows > 0 && killed.processed_rows < rows, `killed mid-way (${killed.processed_rows} of ${rows})`);
    await resumePendingImports({ database: t.db.database }, { wait: true });
    const done = await batch(id);
    assert.deepEqual([done.status, done.processed_rows, done.created_households], ['committed', rows, 1500]);
    const dupes = await query<{ n: number }>(`select count(*)::int as n from (select source_key from households where import_batch_id = $1 group by source_key having count(*) > 1) d`, [id]);
    assert.equal(dupes[0]!.n, 0);
    const members = await query<{ n: number }>(`select count(*)::int as n from household_members m join households h on h.id = m.household_id where h.import_batch_id = $1`, [id]);
    assert.equal(members[0]!.n, rows);
  });
});
