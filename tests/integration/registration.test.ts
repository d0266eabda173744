import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp, type TestClient, signedInAs } from '../support/app.ts';
import { createApiToken } from '../../src/platform/auth/service.ts';
import { TEST_DB_KIND } from '../support/db.ts';
import { demoBsn } from '../../src/features/households/demo.ts';

let t: TestApp;
const tokens: Record<string, string> = {};
const pages: string[] = [];
const CLI = { requestId: 'test', origin: 'cli', actorUserId: null, actorRole: 'operator', organisationId: null };

const as = signedInAs(() => t);
async function page(client: TestClient, path: string) {
  const result = await client.page(path);
  pages.push(result.html);
  return result;
}
async function post(client: TestClient, path: string, form: Record<string, string>) {
  const response = await client.post(path, form);
  const html = await response.text();
  pages.push(html);
  const match = html.match(/name="_csrf" value="([^"]+)"/);
  if (match) client.csrf = match[1]!;
  return { status: response.status, html, location: response.headers.get('location') };
}
async function api(email: string, path: string, init: { method?: string; body?: unknown } = {}) {
  tokens[email] ??= (await createApiToken(t.db.database, t.demo.users[email]!, 'test', CLI)).token;
  const response = await t.app.request(`/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${tokens[email]}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await response.text();
  pages.push(text);
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
async function one<T>(query: string, params: unknown[] = []): Promise<T | undefined> {
  return (await t.db.database.raw.query<T & Record<string, unknown>>(query, params)).rows[0];
}
async function householdByReference(reference: string) {
  return one<{ id: string; version: number; city: string | null }>('select id, version, city from households where reference = $1', [reference]);
}
const coachHousehold = async () =>
  (await one<{ id: string }>(`select h.id from households h join coach_assignments ca on ca.household_id = h.id and ca.ended_at is null
     where ca.coach_id = $1 order by h.reference limit 1`, [t.demo.users['coach@thuis.demo']]))!.id;

before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

/** A filled-in registration form: one adult with a BSN, one child whose day of birth is unknown. */
function registrationForm(reference: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    rows: '2', action: 'save', reference, municipalityCode: 'GM0622', addressLine: 'Hoogstraat 12', postcode: '3131ab', city: 'Vlaardingen',
    coaLinkDate: '2026-01-10', housingDate: '2026-02-01', benefitStartDate: '2026-02-01',
    'members.0.relation': 'head', 'members.0.givenNames': 'Semhar', 'members.0.familyName': 'Tesfay', 'members.0.originalName': 'ሰምሃር ተስፋይ',
    'members.0.birthDay': '4', 'members.0.birthMonth': '7', 'members.0.birthYear': '1994', 'members.0.sex': 'f', 'members.0.countryOfOrigin': 'ER',
    'members.0.languages': 'ti, am', 'members.0.dutchLevel': 'a1', 'members.0.interpreterLanguage': 'ti', 'members.0.targetGroup': 'asielstatushouder',
    'members.0.bsn': '111222333', 'members.0.vNumber': '2612345678', 'members.0.phone': '06 12345678', 'members.0.email': 'semhar@example.org',
    'members.0.statusDate': '2025-11-01', 'members.0.duoNoticeDate': '2025-12-01', 'members.0.learningRoute': 'b1',
    'members.1.relation': 'child', 'members.1.givenNames': 'Yonas', 'members.1.familyName': 'Tesfay', 'members.1.birthMonth': '3', 'members.1.birthYear': '2019',
    'members.1.sex': 'm', 'members.1.countryOfOrigin': 'ER',
    ...extra,
  };
}

describe(`registration and intake on ${TEST_DB_KIND}`, () => {
  test('a coordinator registers a household by hand; "add a person" keeps every value; identity numbers go apart, masked', async () => {
    const coordinator = await as('coordinator@thuis.demo');
    const caseload = await page(coordinator, '/huishoudens');
    assert.match(caseload.html, /href="\/huishoudens\/nieuw"/);
    const form = await page(coordinator, '/huishoudens/nieuw');
    assert.equal(form.status, 200);
    assert.match(form.html, /name="members\.1\.givenNames"/);
    assert.doesNotMatch(form.html, /name="members\.2\.givenNames"/);
    assert.match(form.html, /name="members\.0\.bsn"/, 'an organisation with a municipal task may record a BSN');

    const added = await post(coordinator, '/huishoudens/nieuw', { ...registrationForm('T-REG-1'), action: 'add_row' });
    assert.equal(added.status, 200);
    assert.match(added.html, /name="members\.2\.givenNames"/);
    assert.match(added.html, /value="Semhar"/);
    assert.match(added.html, /<input[^>]+name="members\.0\.originalName"[^>]+dir="auto"|dir="auto"[^>]+name="members\.0\.originalName"/);
    assert.doesNotMatch(added.html, /111222333/, 'a BSN is never echoed back into a page');

    const saved = await post(coordinator, '/huishoudens/nieuw', { ...registrationForm('T-REG-1'), rows: '3' });
    assert.equal(saved.status, 303, saved.html.slice(0, 2000));
    const id = saved.location!.match(/\/huishoudens\/([0-9a-f-]{36})/)![1]!;
    const head = await one<Record<string, unknown>>(`select * from household_members where household_id = $1 and relation = 'head'`, [id]);
    assert.equal(head!.name_key, 'smhr|tsf');
    assert.equal(head!.original_name, 'ሰምሃር ተስፋይ');
    assert.ok(!JSON.stringify(head).includes('111222333'), 'no identity number in household_members');
    const child = await one<{ date_of_birth: string; birth_precision: string }>(`select date_of_birth::text, birth_precision from household_members where household_id = $1 and relation = 'child'`, [id]);
    assert.deepEqual(child, { date_of_birth: '2019-03-01', birth_precision: 'month' });
    assert.deepEqual(await one('select bsn, v_number from member_identifiers where household_id = $1', [id]), { bsn: '111222333', v_number: '2612345678' });
    assert.equal((await one<{ postcode: string }>('select postcode from households where id = $1', [id]))!.postcode, '3131 AB');
    // The trajectory starts on the housing date.
    assert.ok(await one('select 1 from trajectories where household_id = $1 and started_on = $2', [id, '2026-02-01']));

    const dossier = await page(coordinator, `/huishoudens/${id}`);
    assert.equal(dossier.status, 200);
    assert.match(dossier.html, /•••••2333/);
    assert.doesNotMatch(dossier.html, /111222333/);
    assert.match(dossier.html, /Eritrea/);
    assert.match(dossier.html, /maart 2019/);
    assert.match(dossier.html, /PIP klaar/);
    assert.match(dossier.html, /te laat/, 'the PIP, due 10 weeks after the notice of 1 December 2025, is overdue');
    assert.match(dossier.html, /Einde ontzorgen/);
  });

  test('a form with mistakes comes back with every message next to its field (422)', async () => {
    const coordinator = await as('coordinator@thuis.demo');
    const result = await post(coordinator, '/huishoudens/nieuw', registrationForm('T-REG-BAD', {
      'members.0.bsn': '123456781', postcode: '12345', 'members.1.birthDay': '5', 'members.1.birthMonth': '', 'members.0.email': 'nope',
    }));
    assert.equal(result.status, 422);
    for (const field of ['members.0.bsn', 'postcode', 'members.1.dateOfBirth', 'members.0.email']) {
      assert.match(result.html, new RegExp(`href="#f-${field.replace('dateOfBirth', 'birthDay').replace(/\./g, '\\.')}"`), field);
    }
    assert.match(result.html, /elfproef/);
    assert.equal(await householdByReference('T-REG-BAD'), undefined);
  });

  test('duplicate detection on entry: a warning with the existing household, then "Toch registreren" (page) or allowDuplicate (API)', async () => {
    const coordinator = await as('coordinator@thuis.demo');
    const existing = (await householdByReference('A-2026-017'))!;
    const form = {
      rows: '1', action: 'save', reference: 'T-DUP-1', municipalityCode: 'GM0622',
      'members.0.relation': 'head', 'members.0.givenNames': 'Mohamad', 'members.0.familyName': 'El Hassan',
      'members.0.birthDay': '12', 'members.0.birthMonth': '4', 'members.0.birthYear': '1987',
    };
    const warned = await post(coordinator, '/huishoudens/nieuw', form);
    assert.equal(warned.status, 409);
    assert.match(warned.html, new RegExp(`href="/huishoudens/${existing.id}"`));
    assert.match(warned.html, /Toch registreren/);
    assert.equal(await householdByReference('T-DUP-1'), undefined, 'nothing is created before the confirmation');
    const confirmed = await post(coordinator, '/huishoudens/nieuw', { ...form, action: 'confirm_duplicate' });
    assert.equal(confirmed.status, 303);

    const body = { reference: 'T-DUP-2', municipalityCode: 'GM0622', members: [{ givenNames: 'Muhammed', familyName: 'Alhassan', dateOfBirth: '1987-04-01', birthPrecision: 'month', relation: 'head' }] };
    const refused = await api('coordinator@thuis.demo', '/households', { method: 'POST', body });
    assert.equal(refused.status, 409);
    assert.ok(refused.body.duplicates.some((d: { householdId: string }) => d.householdId === existing.id));
    assert.equal(await householdByReference('T-DUP-2'), undefined);
    assert.equal((await api('coordinator@thuis.demo', '/households', { method: 'POST', body: { ...body, allowDuplicate: true } })).status, 201);
    assert.ok(await one(`select 1 from audit_events where action = 'household.duplicate_warning'`));
  });

  test('AUTH-BSN: an organisation without a municipal task cannot send a BSN (403, nothing created) and sees no BSN field', async () => {
    const body = { reference: 'T-NOBSN', municipalityCode: 'GM0098', members: [{ givenNames: 'Otto', familyName: 'Test', bsn: '111222333' }] };
    const result = await api('coordinator@andere.demo', '/households', { method: 'POST', body });
    assert.equal(result.status, 403);
    assert.equal(await householdByReference('T-NOBSN'), undefined);
    const other = await as('coordinator@andere.demo');
    const form = await page(other, '/huishoudens/nieuw');
    assert.equal(form.status, 200);
    assert.doesNotMatch(form.html, /name="members\.0\.bsn"/);
    // Without the BSN the same registration is fine.
    assert.equal((await api('coordinator@andere.demo', '/households', { method: 'POST', body: { ...body, members: [{ givenNames: 'Otto', familyName: 'Test' }] } })).status, 201);
  });

  test('a volunteer cannot register a household', async () => {
    const coach = await as('coach@thuis.demo');
    assert.equal((await coach.page('/huishoudens/nieuw')).status, 403);
    assert.doesNotMatch((await coach.page('/huishoudens')).html, /huishoudens\/nieuw/);
  });

  test('AUTH-FIELDS: the identity key is there (masked) for professional, coordinator and regisseur, absent for the volunteer and without a municipal task', async () => {
    const id = await coachHousehold();
    await t.db.database.raw.query(`insert into member_identifiers (member_id, organisation_id, household_id, bsn)
      select id, organisation_id, household_id, $2 from household_members where household_id = $1
      on conflict (member_id) do update set bsn = excluded.bsn`, [id, demoBsn(99)]);
    const shapes: Record<string, boolean> = {};
    for (const email of ['coach@thuis.demo', 'beroepskracht@thuis.demo', 'coordinator@thuis.demo']) {
      const result = await api(email, `/households/${id}`);
      assert.equal(result.status, 200, email);
      const members = result.body.members as Record<string, unknown>[];
      assert.ok(members.length > 0);
      shapes[email] = members.every((m) => 'identity' in m);
      assert.ok(members.every((m) => ('identity' in m) === shapes[email]));
      if (shapes[email]) assert.ok(members.every((m) => (m.identity as { bsn: string }).bsn === `•••••${demoBsn(99).slice(-4)}`));
      const list = await api(email, `/households/${id}/members`);
      assert.ok((list.body.items as Record<string, unknown>[]).every((m) => ('identity' in m) === shapes[email]));
    }
    assert.deepEqual(shapes, { 'coach@thuis.demo': false, 'beroepskracht@thuis.demo': true, 'coordinator@thuis.demo': true });
    // The municipality's regisseur reads (masked) identity numbers of her own residents; the other organisation,
    // without a municipal task, never receives the key, even for its own households.
    const vlaardingen = (await one<{ id: string }>(`select h.id from households h join member_identifiers mi on mi.household_id = h.id
       where h.municipality_code = 'GM0622' and h.organisation_id = $1 order by h.reference limit 1`, [t.demo.organisations.mvs]))!.id;
    const regisseur = await api('regisseur@thuis.demo', `/households/${vlaardingen}`);
    assert.equal(regisseur.status, 200);
    assert.ok((regisseur.body.members as Record<string, unknown>[]).every((m) => 'identity' in m));
    assert.ok((regisseur.body.members as { identity: { bsn: string | null } }[]).some((m) => m.identity.bsn?.startsWith('•••••')));
    const theirs = (await one<{ id: string }>('select id from households where organisation_id = $1 limit 1', [t.demo.organisations.other]))!.id;
    const other = await api('coordinator@andere.demo', `/households/${theirs}`);
    assert.equal(other.status, 200);
    assert.ok((other.body.members as Record<string, unknown>[]).every((m) => !('identity' in m)));
    // The volunteer's page has no BSN row either.
    const coach = await as('coach@thuis.demo');
    assert.doesNotMatch((await page(coach, `/huishoudens/${id}`)).html, /BSN/);
  });

  test('a volunteer may edit the basics of her own household, but a PATCH with a BSN is refused with nothing changed', async () => {
    const id = await coachHousehold();
    const before = (await one<{ version: number }>('select version from households where id = $1', [id]))!;
    const member = (await one<{ id: string; phone: string | null }>('select id, phone from household_members where household_id = $1 limit 1', [id]))!;
    const refused = await api('coach@thuis.demo', `/households/${id}/members/${member.id}`, { method: 'PATCH', body: { version: before.version, phone: '0612121212', bsn: '123456782' } });
    assert.equal(refused.status, 403);
    const after = (await one<{ version: number }>('select version from households where id = $1', [id]))!;
    assert.equal(after.version, before.version);
    assert.equal((await one<{ phone: string | null }>('select phone from household_members where id = $1', [member.id]))!.phone, member.phone);
    const ok = await api('coach@thuis.demo', `/households/${id}/members/${member.id}`, { method: 'PATCH', body: { version: before.version, phone: '0612121212' } });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.version, before.version + 1, 'a member change bumps the household version');
    const coach = await as('coach@thuis.demo');
    const edit = await page(coach, `/huishoudens/${id}/bewerken`);
    assert.equal(edit.status, 200);
    assert.doesNotMatch(edit.html, /name="members\.\d+\.bsn"/);
  });

  test('REL-LOCK: 50 parallel stale updates with one version: exactly 1 wins, 49 get 409 with the current record', async () => {
    const { id, version } = (await householdByReference('T-REG-1'))!;
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) =>
      api('coordinator@thuis.demo', `/households/${id}`, { method: 'PATCH', body: { version, city: `Stad ${i}` } }).then((r) => ({ ...r, i }))));
    const winners = results.filter((r) => r.status === 200);
    const conflicts = results.filter((r) => r.status === 409);
    assert.equal(winners.length, 1);
    assert.equal(conflicts.length, 49);
    assert.ok(conflicts.every((c) => c.body.current && c.body.current.version === version + 1));
    assert.equal((await householdByReference('T-REG-1'))!.city, `Stad ${winners[0]!.i}`);
  });

  test('REL-LOCK in the page: a stale edit comes back (409) with the stored value beside yours; nothing is lost', async () => {
    const coordinator = await as('coordinator@thuis.demo');
    const { id } = (await householdByReference('T-REG-1'))!;
    const edit = await page(coordinator, `/huishoudens/${id}/bewerken`);
    assert.equal(edit.status, 200);
    const fields = Object.fromEntries([...edit.html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    for (const m of edit.html.matchAll(/<select[^>]*name="([^"]+)"[\s\S]*?<\/select>/g)) {
      fields[m[1]!] = m[0].match(/<option value="([^"]*)" selected/)?.[1] ?? '';
    }
    const version = Number(fields.version);
    // Someone else changes the address in the meantime.
    assert.equal((await api('beroepskracht@thuis.demo', `/households/${id}`, { method: 'PATCH', body: { version, addressLine: 'Markt 1' } })).status, 404, 'outside her caseload');
    assert.equal((await api('coordinator@thuis.demo', `/households/${id}`, { method: 'PATCH', body: { version, addressLine: 'Markt 1' } })).status, 200);
    delete fields._csrf;
    const stale = await post(coordinator, `/huishoudens/${id}/bewerken`, { ...fields, addressLine: 'Hoogstraat 14', action: 'save' });
    assert.equal(stale.status, 409);
    assert.match(stale.html, /Nu opgeslagen: Markt 1/);
    assert.match(stale.html, /value="Hoogstraat 14"/);
    assert.equal((await one<{ address_line: string }>('select address_line from households where id = $1', [id]))!.address_line, 'Markt 1');
    // Saving again with the version the conflict page carries wins knowingly.
    const newVersion = stale.html.match(/name="version" value="(\d+)"/)![1]!;
    const again = await post(coordinator, `/huishoudens/${id}/bewerken`, { ...fields, addressLine: 'Hoogstraat 14', version: newVersion, action: 'save' });
    assert.equal(again.status, 303);
    const row = (await one<{ address_line: string; housing_date: string }>('select address_line, housing_date::text from households where id = $1', [id]))!;
    assert.equal(row.address_line, 'Hoogstraat 14');
    assert.equal(row.housing_date, '2026-02-01');
    assert.equal((await one<{ bsn: string }>('select bsn from member_identifiers where household_id = $1', [id]))!.bsn, '111222333', 'an empty BSN field keeps the number');
    assert.ok(await one(`select 1 from audit_events where action = 'household.update' and record_id = $1`, [id]));
  });

  test('merging two records: audited with both ids, kept values win, nothing of the duplicate remains', async () => {
    const kept = (await householdByReference('A-2026-017'))!;
    const duplicate = (await householdByReference('A-2026-031'))!;
    // Something hangs on the duplicate: a coach, a note.
    await t.db.database.raw.query(`insert into coach_assignments (organisation_id, household_id, coach_id) values ($1, $2, $3)`,
      [t.demo.organisations.mvs, duplicate.id, t.demo.users['coach2@thuis.demo']]);
    await t.db.database.raw.query(`insert into journal_notes (organisation_id, household_id, author_id, occurred_on, kind, duration_minutes, text)
      values ($1, $2, $3, '2026-01-05', 'phone', 10, 'Gebeld over de huur.')`, [t.demo.organisations.mvs, duplicate.id, t.demo.users['coach2@thuis.demo']]);
    await t.db.database.raw.query(`update household_members set phone = '0687654321', email = 'mo@example.org' where household_id = $1`, [duplicate.id]);

    assert.equal((await api('coach@thuis.demo', `/households/${kept.id}/merge`, { method: 'POST', body: { duplicateId: duplicate.id, version: kept.version, duplicateVersion: duplicate.version } })).status, 404);
    assert.equal((await api('beroepskracht@thuis.demo', `/households/${kept.id}/merge`, { method: 'POST', body: { duplicateId: duplicate.id, version: kept.version, duplicateVersion: duplicate.version } })).status, 404);

    const coordinator = await as('coordinator@thuis.demo');
    const dossier = await page(coordinator, `/huishoudens/${kept.id}`);
    assert.match(dossier.html, new RegExp(`samenvoegen\\?met=${duplicate.id}`), 'the dossier points at the probable duplicate');
    const compare = await page(coordinator, `/huishoudens/${kept.id}/samenvoegen?met=${duplicate.id}`);
    assert.equal(compare.status, 200);
    assert.match(compare.html, /A-2026-031/);
    const byReference = await post(coordinator, `/huishoudens/${kept.id}/samenvoegen`, { duplicateReference: 'A-2026-031' });
    assert.equal(byReference.status, 200);
    const unknown = await post(coordinator, `/huishoudens/${kept.id}/samenvoegen`, { duplicateReference: 'BESTAAT-NIET' });
    assert.equal(unknown.status, 422);
    const version = compare.html.match(/name="version" value="(\d+)"/)![1]!;
    const duplicateVersion = compare.html.match(/name="duplicateVersion" value="(\d+)"/)![1]!;
    assert.equal(Number(duplicateVersion), duplicate.version);
    const merged = await post(coordinator, `/huishoudens/${kept.id}/samenvoegen/bevestigen`, { duplicateId: duplicate.id, version, duplicateVersion });
    assert.equal(merged.status, 303);

    assert.equal(await one('select 1 from households where id = $1', [duplicate.id]), undefined);
    for (const table of ['household_members', 'member_identifiers', 'journal_notes', 'coach_assignments', 'trajectories', 'checklist_items', 'journal_attachments']) {
      assert.equal(await one(`select 1 from ${table} where household_id = $1`, [duplicate.id]), undefined, table);
    }
    const heads = (await t.db.database.raw.query<{ given_names: string; phone: string; email: string | null }>(
      `select given_names, phone, email from household_members where household_id = $1 and relation = 'head'`, [kept.id])).rows;
    assert.deepEqual(heads, [{ given_names: 'Mohammed', phone: '06 41 27 93 55', email: 'mo@example.org' }], 'kept values win, blanks are filled');
    assert.ok(await one(`select 1 from journal_notes where household_id = $1 and text = 'Gebeld over de huur.'`, [kept.id]));
    assert.equal((await one<{ n: number }>('select count(*)::int as n from coach_assignments where household_id = $1 and ended_at is null', [kept.id]))!.n <= 1, true);
    const audit = await one<{ detail: Record<string, unknown>; actor_user_id: string }>(`select detail, actor_user_id from audit_events where action = 'household.merge' and record_id = $1`, [kept.id]);
    assert.ok(audit);
    assert.equal(audit.detail.duplicateHouseholdId, duplicate.id);
    assert.equal(audit.detail.keptHouseholdId, kept.id);
    assert.equal(audit.actor_user_id, t.demo.users['coordinator@thuis.demo']);
    assert.doesNotMatch(JSON.stringify(audit.detail), /Mohammed|Muhammad|Hassan|Alhasan/);
    // The duplicate now answers like any id that does not exist.
    assert.equal((await api('coordinator@thuis.demo', `/households/${duplicate.id}`)).status, 404);
  });

  test('merging checks the duplicate\'s version too: changed since the comparison → 409, nothing merged; page and API', async () => {
    const { rows } = await t.db.database.raw.query<{ id: string; version: number }>(
      `select h.id, h.version from households h where h.organisation_id = $1
          and not coalesce((select t.status = 'closed' from trajectories t where t.household_id = h.id order by t.started_on desc, t.created_at desc limit 1), false)
        order by h.reference desc limit 2`, [t.demo.organisations.mvs]);
    const [kept, duplicate] = [rows[0]!, rows[1]!];
    const coordinator = await as('coordinator@thuis.demo');
    const compare = await page(coordinator, `/huishoudens/${kept.id}/samenvoegen?met=${duplicate.id}`);
    assert.equal(compare.status, 200);
    assert.match(compare.html, new RegExp(`name="duplicateVersion" value="${duplicate.version}"`));
    // Someone edits the duplicate after the comparison was shown.
    const edited = await api('coordinator@thuis.demo', `/households/${duplicate.id}`, { method: 'PATCH', body: { version: duplicate.version, city: 'Schiedam' } });
    assert.equal(edited.status, 200);

    const stale = await api('coordinator@thuis.demo', `/households/${kept.id}/merge`, { method: 'POST', body: { duplicateId: duplicate.id, version: kept.version, duplicateVersion: duplicate.version } });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.current.id, duplicate.id);
    assert.equal(stale.body.current.version, duplicate.version + 1);
    const stalePage = await post(coordinator, `/huishoudens/${kept.id}/samenvoegen/bevestigen`, { duplicateId: duplicate.id, version: String(kept.version), duplicateVersion: String(duplicate.version) });
    assert.equal(stalePage.status, 409);
    const missing = await api('coordinator@thuis.demo', `/households/${kept.id}/merge`, { method: 'POST', body: { duplicateId: duplicate.id, version: kept.version } });
    assert.equal(missing.status, 422, 'duplicateVersion is required');
    assert.ok(await one('select 1 from households where id = $1', [duplicate.id]), 'nothing merged');
    assert.equal(await one(`select 1 from audit_events where action = 'household.merge' and record_id = $1`, [kept.id]), undefined);
    const schema = await t.app.request('/api/v1/openapi.json');
    assert.equal(schema.status, 200);
    const doc = (await schema.json()) as { components: { schemas: Record<string, { required?: string[] }> } };
    assert.ok(doc.components.schemas.MergeInput!.required!.includes('duplicateVersion'), 'the OpenAPI schema names duplicateVersion');
  });

  test('a member id that is not a UUID answers 404 exactly like an unknown member, never 500', async () => {
    const id = await coachHousehold();
    const { version } = (await one<{ version: number }>('select version from households where id = $1', [id]))!;
    const strip = (body: unknown) => JSON.stringify(body).replace(/"(instance|requestId)":"[^"]*"/g, '');
    for (const bad of ['not-a-uuid', "1','2", '00000000-0000-0000-0000-00000000000g']) {
      const result = await api('coordinator@thuis.demo', `/households/${id}/members/${encodeURIComponent(bad)}`, { method: 'PATCH', body: { version, phone: '0611111111' } });
      const unknown = await api('coordinator@thuis.demo', `/households/${id}/members/${randomUUID()}`, { method: 'PATCH', body: { version, phone: '0611111111' } });
      assert.equal(result.status, 404, bad);
      assert.equal(unknown.status, 404);
      assert.equal(strip(result.body), strip(unknown.body), 'same body as not found');
    }
    assert.equal((await one<{ version: number }>('select version from households where id = $1', [id]))!.version, version, 'nothing changed');
  });

  test('a coach at registration: only with coach.manage (a professional may name herself), and within the coach\'s maximum unless confirmed', async () => {
    const professional = t.demo.users['beroepskracht@thuis.demo']!;
    const volunteer = t.demo.users['coach@thuis.demo']!;
    const body = (reference: string, extra: Record<string, unknown>) => ({ reference, municipalityCode: 'GM0622', members: [{ givenNames: 'Test', familyName: reference }], ...extra });
    const deniedBefore = (await one<{ n: number }>(`select count(*)::int as n from audit_events where action = 'access.denied' and detail->>'attempted' = 'coach.assign'`))!.n;
    const other = await api('beroepskracht@thuis.demo', '/households', { method: 'POST', body: body('T-COACH-1', { coachId: volunteer }) });
    assert.equal(other.status, 403, 'a professional does not pick another coach');
    assert.equal(await householdByReference('T-COACH-1'), undefined, 'nothing created');
    assert.equal((await one<{ n: number }>(`select count(*)::int as n from audit_events where action = 'access.denied' and detail->>'attempted' = 'coach.assign'`))!.n, deniedBefore + 1);
    const herself = await api('beroepskracht@thuis.demo', '/households', { method: 'POST', body: body('T-COACH-2', { coachId: professional, allowOverCapacity: true }) });
    assert.equal(herself.status, 201);
    assert.ok(await one('select 1 from coach_assignments where household_id = $1 and coach_id = $2 and ended_at is null', [herself.body.id, professional]));

    // Anne Jansen is full (5 of 5): the coordinator must confirm, as when assigning a coach.
    const full = await api('coordinator@thuis.demo', '/households', { method: 'POST', body: body('T-COACH-3', { coachId: volunteer }) });
    assert.equal(full.status, 422);
    assert.equal(full.body.errors[0].field, 'allowOverCapacity');
    assert.equal(await householdByReference('T-COACH-3'), undefined);
    const confirmed = await api('coordinator@thuis.demo', '/households', { method: 'POST', body: body('T-COACH-3', { coachId: volunteer, allowOverCapacity: true }) });
    assert.equal(confirmed.status, 201);
    // A coach of another organisation is unknown here (422, not a database error).
    const foreign = await api('coordinator@thuis.demo', '/households', { method: 'POST', body: body('T-COACH-4', { coachId: t.demo.users['coach@andere.demo'] }) });
    assert.equal(foreign.status, 422);
    assert.equal(foreign.body.errors[0].field, 'coachId');
  });

  test('AUTH-LISTS: a probable duplicate outside a professional\'s scope does not block and is not revealed; the audit names it for the coordinator', async () => {
    const professional = t.demo.users['beroepskracht@thuis.demo']!;
    const person = (await one<{ household_id: string; given_names: string; family_name: string; dob: string }>(
      `select m.household_id, m.given_names, m.family_name, m.date_of_birth::text as dob from household_members m join households h on h.id = m.household_id
        where h.organisation_id = $1 and m.date_of_birth is not null and m.birth_precision = 'day'
          and not exists (select 1 from coach_assignments ca join users cu on cu.id = ca.coach_id
                           where ca.household_id = h.id and ca.ended_at is null and (ca.coach_id = $2 or cu.supervisor_id = $2))
          -- Her own caseload holds no one with that name and date of birth.
          and not exists (select 1 from household_members o join coach_assignments ca on ca.household_id = o.household_id and ca.ended_at is null
                            join users cu on cu.id = ca.coach_id
                           where o.name_key = m.name_key and o.date_of_birth = m.date_of_birth and (ca.coach_id = $2 or cu.supervisor_id = $2))
        order by h.reference limit 1`, [t.demo.organisations.mvs, professional]))!;
    const [day, month, year] = [person.dob.slice(8, 10), person.dob.slice(5, 7), person.dob.slice(0, 4)];
    const member = { givenNames: person.given_names, familyName: person.family_name, dateOfBirth: person.dob, relation: 'head' };

    const created = await api('beroepskracht@thuis.demo', '/households', { method: 'POST', body: { reference: 'T-SCOPE-1', municipalityCode: 'GM0622', members: [member] } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(Object.keys(created.body), ['id'], 'she learns nothing of the other household');
    const pro = await as('beroepskracht@thuis.demo');
    const viaPage = await post(pro, '/huishoudens/nieuw', {
      rows: '1', action: 'save', reference: 'T-SCOPE-2', municipalityCode: 'GM0622',
      'members.0.relation': 'head', 'members.0.givenNames': person.given_names, 'members.0.familyName': person.family_name,
      'members.0.birthDay': String(Number(day)), 'members.0.birthMonth': String(Number(month)), 'members.0.birthYear': year,
    });
    assert.equal(viaPage.status, 303);
    assert.doesNotMatch(viaPage.html, /misschien al in Thuis|buiten uw huishoudens/);
    for (const reference of ['T-SCOPE-1', 'T-SCOPE-2']) {
      const id = (await householdByReference(reference))!.id;
      const audit = (await one<{ detail: { probableDuplicateHouseholdIds?: string } }>(`select detail from audit_events where action = 'household.create' and record_id = $1`, [id]))!;
      assert.ok(audit.detail.probableDuplicateHouseholdIds?.split(',').includes(person.household_id), `${reference}: the audit names the probable duplicate`);
    }
    // The coordinator, who sees the whole organisation, finds it on the new dossier and may merge it.
    const coordinator = await as('coordinator@thuis.demo');
    const dossier = await page(coordinator, `/huishoudens/${created.body.id}`);
    assert.match(dossier.html, new RegExp(`samenvoegen\\?met=${person.household_id}`));
  });

  test('AUTH-BSN: no full BSN in any rendered page, API response or application log', async () => {
    const { rows } = await t.db.database.raw.query<{ bsn: string }>('select bsn from member_identifiers where bsn is not null');
    assert.ok(rows.length > 5);
    // Open every dossier with identity numbers as the coordinator, to render them as much as possible.
    const coordinator = await as('coordinator@thuis.demo');
    const { rows: households } = await t.db.database.raw.query<{ id: string }>(`select distinct household_id as id from member_identifiers where organisation_id = $1`, [t.demo.organisations.mvs]);
    for (const h of households) {
      await page(coordinator, `/huishoudens/${h.id}`);
      await page(coordinator, `/huishoudens/${h.id}/bewerken`);
      await api('coordinator@thuis.demo', `/households/${h.id}`);
    }
    const haystacks = [...pages, ...t.logLines];
    for (const { bsn } of rows) {
      for (const text of haystacks) assert.ok(!text.includes(bsn), 'a full BSN leaked');
    }
    const audit = await t.db.database.raw.query<{ detail: unknown }>('select detail from audit_events where detail is not null');
    const all = JSON.stringify(audit.rows);
    for (const { bsn } of rows) assert.ok(!all.includes(bsn), 'a full BSN in the audit trail');
    assert.ok(pages.some((p) => p.includes('•••••')), 'masked numbers were rendered');
  });
});
