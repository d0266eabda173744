// Trajectories, "basis op orde" and the programme per municipality: set-based start, access (AUTH-HIDE,
// AUTH-SCOPE), REL-LOCK on checklist items and settings, closing (read-only file, RETAIN) and the API.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { startTestApp, type TestApp, type TestClient, signedInAs } from '../support/app.ts';
import { TEST_DB_KIND } from '../support/db.ts';
import { inTenant, type Caller } from '../../src/platform/context.ts';
import { rowsOf } from '../../src/platform/db/client.ts';
import { addDays, addMonths, phaseContactDaysSql, startTrajectories, updateChecklistItem } from '../../src/features/trajectories/index.ts';
import { trajectoryForRole } from '../../src/features/trajectories/checklist.ts';

let t: TestApp;
const as = signedInAs(() => t);

before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

const today = new Date().toISOString().slice(0, 10);

function callerOf(email: string, org: 'mvs' | 'other' = 'mvs', role: 'coordinator' | 'volunteer' | 'professional' = 'coordinator'): Caller {
  return {
    actor: { userId: t.demo.users[email]!, organisationId: t.demo.organisations[org]!, organisationKind: 'welfare', municipalTask: org === 'mvs', role, regieMunicipalityCodes: [], mfaPassed: true },
    audit: { requestId: `test-${randomUUID()}`, origin: 'test', actorUserId: t.demo.users[email]!, actorRole: role, organisationId: t.demo.organisations[org]! },
  };
}

async function query<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await t.db.database.raw.query<T>(text, params)).rows;
}

/** A fresh household with members of known ages, housed `housedDaysAgo` days ago. */
async function household(municipality: string, members: { given: string; dob: string | null; relation: string }[], housedDaysAgo = 10, org: 'mvs' | 'other' = 'mvs'): Promise<{ id: string; housing: string }> {
  const id = randomUUID();
  const housing = addDays(today, -housedDaysAgo);
  await query(`insert into households (id, organisation_id, reference, municipality_code, housing_date) values ($1, $2, $3, $4, $5)`,
    [id, t.demo.organisations[org], `T-${id.slice(0, 8)}`, municipality, housing]);
  for (const m of members) {
    await query(`insert into household_members (household_id, organisation_id, given_names, family_name, date_of_birth, relation) values ($1, $2, $3, 'Test', $4, $5)`,
      [id, t.demo.organisations[org], m.given, m.dob, m.relation]);
  }
  return { id, housing };
}

async function assign(householdId: string, email: string): Promise<void> {
  await query(`insert into coach_assignments (organisation_id, household_id, coach_id) values ($1, $2, $3)`, [t.demo.organisations.mvs, householdId, t.demo.users[email]]);
}

async function itemsOf(householdId: string) {
  return query<{ id: string; item_key: string | null; given_names: string | null; due_on: string; version: number; status: string; note: string | null }>(
    `select ci.id, ci.item_key, m.given_names, ci.due_on::text, ci.version, ci.status, ci.note from checklist_items ci
       left join household_members m on m.id = ci.member_id where ci.household_id = $1 order by ci.item_key, m.given_names`, [householdId]);
}

describe(`trajectories on ${TEST_DB_KIND}`, () => {
  test('startTrajectories: set-based, idempotent, per-person items by age on the housing date, 18 months in Vlaardingen', async () => {
    const dobYearsBefore = (years: number) => addMonths(addDays(today, -10), -12 * years - 1);
    const family = await household('GM0622', [
      { given: 'Amina', dob: dobYearsBefore(35), relation: 'head' },
      { given: 'Omar', dob: null, relation: 'partner' },
      { given: 'Sara', dob: dobYearsBefore(10), relation: 'child' },
      { given: 'Yusuf', dob: dobYearsBefore(2), relation: 'child' },
    ]);
    const single = await household('GM0606', [{ given: 'Daniel', dob: dobYearsBefore(24), relation: 'head' }]);
    const foreign = await household('GM0098', [{ given: 'Otto', dob: dobYearsBefore(30), relation: 'head' }], 10, 'other');
    const caller = callerOf('coordinator@thuis.demo');
    const started = await inTenant(t.db.database, caller, (tx) => startTrajectories(tx, caller, [family.id, single.id, foreign.id, 'not-a-uuid']));
    assert.equal(started, 2, 'two of mine started; the other organisation\'s household is never touched');
    assert.equal(await inTenant(t.db.database, caller, (tx) => startTrajectories(tx, caller, [family.id, single.id])), 0, 'idempotent');
    assert.equal((await query(`select count(*)::int as n from trajectories where household_id = $1`, [foreign.id]))[0]!['n' as never], 0);

    const [traj] = await query<{ started_on: string; planned_end_on: string; duration_months: number; phases: { untilMonth: number }[] }>(
      `select started_on::text, planned_end_on::text, duration_months, phases from trajectories where household_id = $1`, [family.id]);
    assert.equal(traj!.started_on, family.housing);
    assert.equal(traj!.duration_months, 18, 'the demo sets Vlaardingen to 18 months');
    assert.equal(traj!.planned_end_on, addMonths(family.housing, 18));
    assert.deepEqual(traj!.phases.map((p) => p.untilMonth), [3, 6, 18]);

    const items = await itemsOf(family.id);
    const who = (key: string) => items.filter((i) => i.item_key === key).map((i) => i.given_names ?? '(household)').sort();
    assert.deepEqual(who('brp'), ['Amina', 'Omar', 'Sara', 'Yusuf'], 'BRP for everyone');
    assert.deepEqual(who('digid'), ['Amina', 'Omar'], 'DigiD for adults; unknown birth date counts as adult');
    assert.deepEqual(who('school'), ['Sara']);
    assert.deepEqual(who('childcare'), ['Yusuf']);
    assert.deepEqual(who('child_benefit'), ['(household)'], 'kinderbijslag once, because there are children');
    assert.equal(items.find((i) => i.item_key === 'zorgtoeslag')!.due_on, addDays(family.housing, 30));
    const singleItems = await itemsOf(single.id);
    assert.equal(singleItems.filter((i) => i.item_key === 'child_benefit').length, 0, 'no kinderbijslag without children');
    assert.equal(singleItems.filter((i) => i.item_key === 'school').length, 0);
  });

  test('phaseContactDaysSql follows the phases: 7 days in the first months, 28 at the end', async () => {
    const h = await household('GM0606', [{ given: 'Lina', dob: '1990-01-01', relation: 'head' }], 400);
    const caller = callerOf('coordinator@thuis.demo');
    await inTenant(t.db.database, caller, (tx) => startTrajectories(tx, caller, [h.id]));
    const at = async (day: string) => rowsOf<{ days: number }>(await t.db.database.system((tx) =>
      tx.execute(sql`select ${phaseContactDaysSql('t', day)} as days from trajectories t where t.household_id = ${h.id}`)))[0]!.days;
    assert.equal(await at(addDays(h.housing, 5)), 7);
    assert.equal(await at(addMonths(h.housing, 4)), 14);
    assert.equal(await at(addMonths(h.housing, 11)), 28);
    assert.equal(await at(addMonths(h.housing, 30)), 28, 'after the end: the last phase');
  });

  test('the coach ticks items off on the checklist page; the dossier shows the progress; the audit has no note text', async () => {
    const h = await household('GM0606', [{ given: 'Hawa', dob: '1988-05-01', relation: 'head' }], 40);
    await assign(h.id, 'coach@thuis.demo');
    const caller = callerOf('coordinator@thuis.demo');
    await inTenant(t.db.database, caller, (tx) => startTrajectories(tx, caller, [h.id]));
    const coach = await as('coach@thuis.demo');
    const page = await coach.page(`/huishoudens/${h.id}/basis-op-orde`);
    assert.equal(page.status, 200);
    assert.match(page.html, /Te laat/);
    assert.match(page.html, /Inschrijving BRP/);
    const brp = (await itemsOf(h.id)).find((i) => i.item_key === 'brp')!;
    const done = await coach.post(`/huishoudens/${h.id}/basis-op-orde/${brp.id}`, { status: 'done', version: String(brp.version), doneOn: today, note: 'Afspraak gemeentehuis gehad' });
    assert.equal(done.status, 303);
    const after = (await itemsOf(h.id)).find((i) => i.id === brp.id)!;
    assert.equal(after.status, 'done');
    assert.equal(after.version, brp.version + 1);

    const na = (await itemsOf(h.id)).find((i) => i.item_key === 'library')!;
    const missing = await coach.post(`/huishoudens/${h.id}/basis-op-orde/${na.id}`, { status: 'not_applicable', version: String(na.version), reason: '  ' });
    assert.equal(missing.status, 422);
    const html = await missing.text();
    assert.match(html, new RegExp(`id="f-${na.id}-reason-err"`), 'the error sits next to the reason field');
    const ok = await coach.post(`/huishoudens/${h.id}/basis-op-orde/${na.id}`, { status: 'not_applicable', version: String(na.version), reason: 'Heeft al een pas' });
    assert.equal(ok.status, 303);

    const dossier = await coach.page(`/huishoudens/${h.id}`);
    assert.match(dossier.html, /1 van \d+ geregeld/);
    assert.match(dossier.html, /elke 7 dagen/);
    assert.ok(!dossier.html.includes('/traject/afsluiten'), 'a volunteer does not close trajectories');

    const audit = await query<{ action: string; detail: unknown }>(`select action, detail from audit_events where subject_household_id = $1 and action = 'checklist.update'`, [h.id]);
    assert.equal(audit.length, 2);
    assert.ok(audit.every((a) => !JSON.stringify(a.detail).includes('Afspraak') && !JSON.stringify(a.detail).includes('pas')), 'no free text in the audit trail');
  });

  test('REL-LOCK: a stale tick answers 409 showing who changed what; 50 parallel stale updates → 1 wins, 49 conflicts', async () => {
    const h = await household('GM0606', [{ given: 'Reza', dob: '1980-02-02', relation: 'head' }], 30);
    await assign(h.id, 'coach@thuis.demo');
    const caller = callerOf('coordinator@thuis.demo');
    await inTenant(t.db.database, caller, (tx) => startTrajectories(tx, caller, [h.id]));
    const items = await itemsOf(h.id);
    const gp = items.find((i) => i.item_key === 'gp')!;
    const first = await inTenant(t.db.database, caller, (tx) => updateChecklistItem(tx, caller, h.id, gp.id, { status: 'done', version: gp.version, doneOn: today, note: 'Ingeschreven bij dokter Jansen' }));
    assert.ok(first.ok);
    const coach = await as('coach@thuis.demo');
    await coach.page(`/huishoudens/${h.id}/basis-op-orde`);
    const stale = await coach.post(`/huishoudens/${h.id}/basis-op-orde/${gp.id}`, { status: 'not_applicable', version: String(gp.version), reason: 'Heeft al een huisarts' });
    assert.equal(stale.status, 409);
    const html = await stale.text();
    assert.match(html, /Carla Co/, 'who changed it');
    assert.match(html, /Ingeschreven bij dokter Jansen/, 'what she wrote');
    assert.match(html, /Toch mijn wijziging opslaan/);
    assert.ok(html.includes(`name="version" value="${gp.version + 1}"`), 'the retry form carries the current version');
    const retry = await coach.post(`/huishoudens/${h.id}/basis-op-orde/${gp.id}`, { status: 'not_applicable', version: String(gp.version + 1), reason: 'Heeft al een huisarts' });
    assert.equal(retry.status, 303);

    const dentist = items.find((i) => i.item_key === 'dentist')!;
    const results = await Promise.all(Array.from({ length: 50 }, (_, n) =>
      inTenant(t.db.database, caller, (tx) => updateChecklistItem(tx, caller, h.id, dentist.id, { status: 'done', version: dentist.version, doneOn: today, note: `writer ${n}` }))));
    const winners = results.flatMap((r, n) => (r.ok ? [n] : []));
    assert.equal(winners.length, 1);
    assert.equal(results.filter((r) => !r.ok && r.error === 'CONFLICT').length, 49);
    const final = (await itemsOf(h.id)).find((i) => i.id === dentist.id)!;
    assert.equal(final.note, `writer ${winners[0]}`);
    assert.equal(final.version, dentist.version + 1);

    // The API answers 409 with the item as it is now.
    const api = await coach.json(`/api/v1/households/${h.id}/checklist/${dentist.id}`, { method: 'PATCH', body: { status: 'open', version: dentist.version }, headers: { 'x-csrf-token': coach.csrf } });
    assert.equal(api.status, 409);
    const problem = (await api.json()) as { current: { note: string; version: number } };
    assert.equal(problem.current.note, `writer ${winners[0]}`);
  });

  test('access: another volunteer\'s household and another organisation\'s answer 404 like a non-existent one; the regisseur gets no checklist', async () => {
    const h = await household('GM0622', [{ given: 'Nour', dob: '1995-03-03', relation: 'head' }], 20);
    await assign(h.id, 'coach2@thuis.demo');
    const caller = callerOf('coordinator@thuis.demo');
    await inTenant(t.db.database, caller, (tx) => startTrajectories(tx, caller, [h.id]));
    const coach = await as('coach@thuis.demo');
    const notMine = await coach.page(`/huishoudens/${h.id}/basis-op-orde`);
    const missing = await coach.page(`/huishoudens/${randomUUID()}/basis-op-orde`);
    assert.equal(notMine.status, 404);
    assert.equal(missing.status, 404);
    const item = (await itemsOf(h.id))[0]!;
    assert.equal((await coach.post(`/huishoudens/${h.id}/basis-op-orde/${item.id}`, { status: 'done', version: '1', doneOn: today })).status, 404);
    assert.equal((await query<{ status: string }>(`select status from checklist_items where id = $1`, [item.id]))[0]!.status, 'open');

    const other = await as('coordinator@andere.demo');
    const foreign = await other.page(`/huishoudens/${h.id}/basis-op-orde`);
    const none = await other.page(`/huishoudens/${randomUUID()}/basis-op-orde`);
    assert.equal(foreign.status, 404);
    const strip = (body: string) => body.replace(/name="_csrf" value="[^"]+"/, '').replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'ID');
    assert.equal(strip(foreign.html), strip(none.html), 'same body (AUTH-HIDE)');
    const apiForeign = await other.json(`/api/v1/households/${h.id}/trajectory`);
    assert.equal(apiForeign.status, 404);

    const regisseur = await as('regisseur@thuis.demo');
    const reg = await regisseur.page(`/huishoudens/${h.id}/basis-op-orde`);
    assert.ok([403, 404].includes(reg.status), `regisseur got ${reg.status}`);
    assert.ok(!reg.html.includes('Inschrijving BRP'));
  });

  test('closing: moved needs the new municipality; afterwards the file is read-only (403 in pages and API) and RETAIN has started', async () => {
    const h = await household('GM0556', [{ given: 'Samir', dob: '1985-04-04', relation: 'head' }], 200);
    await assign(h.id, 'coach@thuis.demo');
    const caller = callerOf('coordinator@thuis.demo');
    await inTenant(t.db.database, caller, (tx) => startTrajectories(tx, caller, [h.id]));
    const coach = await as('coach@thuis.demo');
    assert.equal((await coach.page(`/huishoudens/${h.id}/traject/afsluiten`)).status, 403, 'a volunteer does not close');
    const coordinator = await as('coordinator@thuis.demo');
    const form = await coordinator.page(`/huishoudens/${h.id}/traject/afsluiten`);
    assert.equal(form.status, 200);
    assert.match(form.html, /Rotterdam/);
    const version = /name="version" value="(\d+)"/.exec(form.html)![1]!;
    const noPlace = await coordinator.post(`/huishoudens/${h.id}/traject/afsluiten`, { version, closedOn: today, reason: 'moved', movedToMunicipalityCode: '', evaluation: 'Goed gegaan.' });
    assert.equal(noPlace.status, 422);
    assert.match(await noPlace.text(), /id="f-movedToMunicipalityCode-err"/);
    const closed = await coordinator.post(`/huishoudens/${h.id}/traject/afsluiten`, { version, closedOn: today, reason: 'moved', movedToMunicipalityCode: 'GM0599', evaluation: 'Goed gegaan.', handoverNote: 'Wijkteam ingelicht.' });
    assert.equal(closed.status, 303);
    const [row] = await query<{ status: string; retention_until: string; closed_by: string }>(`select status, retention_until::text, closed_by from trajectories where household_id = $1`, [h.id]);
    assert.equal(row!.status, 'closed');
    assert.equal(row!.retention_until, addMonths(today, 12 * 10));
    assert.equal(row!.closed_by, t.demo.users['coordinator@thuis.demo']);
    const audit = await query<{ detail: Record<string, unknown> }>(`select detail from audit_events where subject_household_id = $1 and action = 'trajectory.close'`, [h.id]);
    assert.equal(audit.length, 1);
    assert.ok(!JSON.stringify(audit[0]!.detail).includes('Goed gegaan'));

    // Closing ends the coach's assignment: the volunteer no longer reaches the file at all.
    assert.equal((await coach.page(`/huishoudens/${h.id}`)).status, 404, 'the former coach loses access to the closed file');
    const dossier = await coordinator.page(`/huishoudens/${h.id}`);
    assert.match(dossier.html, /bewaard tot/);
    const checklist = await coordinator.page(`/huishoudens/${h.id}/basis-op-orde`);
    assert.equal(checklist.status, 200);
    assert.ok(!checklist.html.includes('value="done"'), 'no write buttons on a closed file');
    const item = (await itemsOf(h.id))[0]!;
    assert.equal((await coordinator.post(`/huishoudens/${h.id}/basis-op-orde/${item.id}`, { status: 'done', version: String(item.version), doneOn: today })).status, 403);
    const api = await coordinator.json(`/api/v1/households/${h.id}/checklist/${item.id}`, { method: 'PATCH', body: { status: 'done', version: item.version, doneOn: today }, headers: { 'x-csrf-token': coordinator.csrf } });
    assert.equal(api.status, 403);
    const note = await coordinator.post(`/huishoudens/${h.id}/notities`, { occurredOn: today, kind: 'phone', durationMinutes: '10', text: 'Na sluiten' });
    assert.equal(note.status, 403, 'the journal is read-only too');
    const again = await coordinator.json(`/api/v1/households/${h.id}/trajectory/close`, { method: 'POST', body: { version: 2, closedOn: today, reason: 'completed', evaluation: 'x' }, headers: { 'x-csrf-token': coordinator.csrf } });
    assert.equal(again.status, 403);
    const restart = await coordinator.json(`/api/v1/households/${h.id}/trajectory`, { method: 'POST', headers: { 'x-csrf-token': coordinator.csrf } });
    assert.equal(restart.status, 409, 'a closed file is not started again');
  });

  test('API: start, read, add an item, tick it off', async () => {
    const h = await household('GM0606', [{ given: 'Fatima', dob: '1992-06-06', relation: 'head' }], 5);
    await assign(h.id, 'beroepskracht@thuis.demo');
    const pro = await as('beroepskracht@thuis.demo');
    const headers = { 'x-csrf-token': pro.csrf };
    const started = await pro.json(`/api/v1/households/${h.id}/trajectory`, { method: 'POST', headers });
    assert.equal(started.status, 201);
    const body = (await started.json()) as { startedOn: string; currentPhase: { key: string; contactEveryDays: number } };
    assert.equal(body.startedOn, h.housing);
    assert.deepEqual(body.currentPhase, { key: 'basis', contactEveryDays: 7, index: 0 });
    assert.equal((await pro.json(`/api/v1/households/${h.id}/trajectory`, { method: 'POST', headers })).status, 409);
    const added = await pro.json(`/api/v1/households/${h.id}/checklist`, { method: 'POST', headers, body: { label: 'Fiets regelen', dueOn: addDays(today, 7), owner: 'newcomer' } });
    assert.equal(added.status, 201);
    const item = (await added.json()) as { id: string; version: number };
    const read = (await (await pro.json(`/api/v1/households/${h.id}/trajectory`)).json()) as { items: { id: string; label: string | null }[]; progress: { total: number } };
    assert.ok(read.items.some((i) => i.label === 'Fiets regelen'));
    const patched = await pro.json(`/api/v1/households/${h.id}/checklist/${item.id}`, { method: 'PATCH', headers, body: { status: 'done', version: item.version, doneOn: today } });
    assert.equal(patched.status, 200);
    const invalid = await pro.json(`/api/v1/households/${h.id}/checklist/${item.id}`, { method: 'PATCH', headers, body: { status: 'not_applicable', version: 2 } });
    assert.equal(invalid.status, 422);
  });

  test('AUTH-HIDE: an item of another household, or no item at all, answers 404 like a random id, and the denial is audited', async () => {
    const mine = await household('GM0606', [{ given: 'Selam', dob: '1991-07-07', relation: 'head' }], 15);
    const elsewhere = await household('GM0606', [{ given: 'Tesfay', dob: '1987-08-08', relation: 'head' }], 15);
    await assign(mine.id, 'coach@thuis.demo');
    await assign(elsewhere.id, 'coach2@thuis.demo');
    const caller = callerOf('coordinator@thuis.demo');
    await inTenant(t.db.database, caller, (tx) => startTrajectories(tx, caller, [mine.id, elsewhere.id]));
    const foreignItem = (await itemsOf(elsewhere.id))[0]!;
    const randomItem = randomUUID();
    const coach = await as('coach@thuis.demo');
    const strip = (body: string) => body.replace(/name="_csrf" value="[^"]+"/g, '').replace(/"csrf[^"]*"\s*:\s*"[^"]+"/g, '')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'ID').replace(/test-[\w-]+|req[-_][\w-]+/g, 'REQ');
    const form = { status: 'done', version: String(foreignItem.version), doneOn: today };
    const pageForeign = await coach.post(`/huishoudens/${mine.id}/basis-op-orde/${foreignItem.id}`, form);
    const pageRandom = await coach.post(`/huishoudens/${mine.id}/basis-op-orde/${randomItem}`, form);
    const pageBad = await coach.post(`/huishoudens/${mine.id}/basis-op-orde/not-an-id`, form);
    assert.equal(pageForeign.status, 404);
    assert.equal(pageRandom.status, 404);
    assert.equal(pageBad.status, 404);
    const pageForeignBody = await pageForeign.text();
    assert.equal(strip(pageForeignBody), strip(await pageRandom.text()), 'same page body (AUTH-HIDE)');
    assert.ok(!pageForeignBody.includes('Tesfay'));

    const body = { status: 'done', version: foreignItem.version, doneOn: today };
    const headers = { 'x-csrf-token': coach.csrf };
    const apiForeign = await coach.json(`/api/v1/households/${mine.id}/checklist/${foreignItem.id}`, { method: 'PATCH', headers, body });
    const apiRandom = await coach.json(`/api/v1/households/${mine.id}/checklist/${randomItem}`, { method: 'PATCH', headers, body });
    assert.equal(apiForeign.status, 404);
    assert.equal(apiRandom.status, 404);
    assert.equal(strip(await apiForeign.text()), strip(await apiRandom.text()), 'same API body (AUTH-HIDE)');
    assert.equal((await query<{ status: string }>(`select status from checklist_items where id = $1`, [foreignItem.id]))[0]!.status, 'open', 'nothing changed');

    const denied = await query<{ record_id: string | null; record_type: string; result: string; subject_household_id: string; detail: { attempted?: string } | null }>(
      `select record_id::text, record_type, result, subject_household_id::text, detail from audit_events
        where action = 'access.denied' and actor_user_id = $1 and subject_household_id = $2 order by at`, [t.demo.users['coach@thuis.demo'], mine.id]);
    const forItem = (id: string | null) => denied.filter((d) => d.record_type === 'checklist_item' && d.record_id === id);
    assert.equal(forItem(foreignItem.id).length, 2, 'the foreign item, from the page and the API');
    assert.equal(forItem(randomItem).length, 2, 'the random item, from the page and the API');
    assert.equal(forItem(null).length, 1, 'a malformed id is audited without it');
    assert.ok(denied.every((d) => d.result === 'not_found' && d.detail?.attempted === 'checklist.update'));
  });

  test('AUTH-FIELDS: after closing, the former coaches lose the file; the closing texts reach the coordinator, and a volunteer-class role never gets their keys', async () => {
    const forVolunteer = await household('GM0606', [{ given: 'Dawit', dob: '1983-03-03', relation: 'head' }], 120);
    const forProfessional = await household('GM0606', [{ given: 'Hiwet', dob: '1984-04-04', relation: 'head' }], 120);
    await assign(forVolunteer.id, 'coach@thuis.demo');
    await assign(forProfessional.id, 'beroepskracht@thuis.demo');
    const caller = callerOf('coordinator@thuis.demo');
    await inTenant(t.db.database, caller, (tx) => startTrajectories(tx, caller, [forVolunteer.id, forProfessional.id]));
    const coordinator = await as('coordinator@thuis.demo');
    const evaluation = 'Evaluatie-canary: de vader kampt met trauma';
    const handover = 'Overdracht-canary: schuldhulp loopt via wijkteam';
    for (const h of [forVolunteer, forProfessional]) {
      const current = (await (await coordinator.json(`/api/v1/households/${h.id}/trajectory`)).json()) as { trajectory: { version: number } };
      const closed = await coordinator.json(`/api/v1/households/${h.id}/trajectory/close`, {
        method: 'POST', headers: { 'x-csrf-token': coordinator.csrf },
        body: { version: current.trajectory.version, closedOn: today, reason: 'completed', evaluation, handoverNote: handover },
      });
      assert.equal(closed.status, 200);
    }

    // Closing ended both assignments: the volunteer and the professional reach neither file any more.
    const coach = await as('coach@thuis.demo');
    assert.equal((await coach.page(`/huishoudens/${forVolunteer.id}`)).status, 404);
    assert.equal((await coach.json(`/api/v1/households/${forVolunteer.id}/trajectory`)).status, 404);
    const pro = await as('beroepskracht@thuis.demo');
    assert.equal((await pro.page(`/huishoudens/${forProfessional.id}`)).status, 404);

    const page = await coordinator.page(`/huishoudens/${forProfessional.id}`);
    assert.ok(page.html.includes(evaluation) && page.html.includes(handover), 'the coordinator reads the closing texts');
    assert.match(page.html, /bewaard tot/, 'the retention is shown');
    const api = (await (await coordinator.json(`/api/v1/households/${forProfessional.id}/trajectory`)).json()) as { trajectory: Record<string, unknown> };
    assert.equal(api.trajectory.closingEvaluation, evaluation);
    assert.equal(api.trajectory.handoverNote, handover);

    // Defence in depth: whatever gives a volunteer-class role sight of a closed file, the texts' keys are absent.
    const [stored] = await query<{ id: string }>(`select id from trajectories where household_id = $1`, [forVolunteer.id]);
    const full = { id: stored!.id, status: 'closed', closingEvaluation: evaluation, handoverNote: handover } as unknown as Parameters<typeof trajectoryForRole>[1];
    const shown = trajectoryForRole(callerOf('coach@thuis.demo', 'mvs', 'volunteer').actor, full) as Record<string, unknown>;
    assert.ok(!('closingEvaluation' in shown) && !('handoverNote' in shown), 'the keys are absent, not null');
    assert.equal(shown.status, 'closed');
  });

  test('the dossier offers "Traject starten" to who may manage it, and the page form starts it', async () => {
    const h = await household('GM0606', [{ given: 'Meron', dob: '1999-09-09', relation: 'head' }], 2);
    await assign(h.id, 'coach@thuis.demo');
    const coach = await as('coach@thuis.demo');
    const seen = await coach.page(`/huishoudens/${h.id}`);
    assert.match(seen.html, /nog geen traject/);
    assert.ok(!seen.html.includes('/traject/starten'), 'a volunteer asks her supervisor');
    assert.equal((await coach.post(`/huishoudens/${h.id}/traject/starten`, {})).status, 403);
    const coordinator = await as('coordinator@thuis.demo');
    const dossier = await coordinator.page(`/huishoudens/${h.id}`);
    assert.ok(dossier.html.includes(`action="/huishoudens/${h.id}/traject/starten"`));
    const start = await coordinator.post(`/huishoudens/${h.id}/traject/starten`, {});
    assert.equal(start.status, 303);
    const after = await coordinator.page(`/huishoudens/${h.id}?opgeslagen=trajectory.started`);
    assert.match(after.html, /Het traject is gestart/);
    assert.match(after.html, /0 van \d+ geregeld/);
    assert.ok(after.html.includes(`/huishoudens/${h.id}/traject/afsluiten`));
    const audit = await query(`select 1 from audit_events where subject_household_id = $1 and action = 'trajectory.start'`, [h.id]);
    assert.equal(audit.length, 1);
  });

  test('programme settings: coordinator only; validation; REL-LOCK; a new template item reaches new trajectories', async () => {
    const coach = await as('coach@thuis.demo');
    assert.equal((await coach.page('/instellingen')).status, 403);
    assert.equal((await coach.post('/instellingen/gemeenten/GM0556', { version: '1', trajectoryMonths: '18', keysWithinWeeks: '5', popWithinWeeks: '4' })).status, 403);
    const coordinator = await as('coordinator@thuis.demo');
    const list = await coordinator.page('/instellingen');
    assert.equal(list.status, 200);
    assert.match(list.html, /Vlaardingen/);
    assert.match(list.html, /18 maanden/);
    assert.equal((await coordinator.page('/instellingen/gemeenten/GM0098')).status, 404, 'a municipality the organisation does not serve');
    const form = await coordinator.page('/instellingen/gemeenten/GM0556');
    assert.equal(form.status, 200);
    const fields: Record<string, string> = {};
    for (const m of form.html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) if (m[1] !== '_csrf') fields[m[1]!] = m[2]!;
    for (const m of form.html.matchAll(/<input[^>]*type="(?:radio|checkbox)"[^>]*name="([^"]+)"[^>]*value="([^"]*)"[^>]*checked/g)) fields[m[1]!] = m[2]!;
    for (const m of form.html.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) fields[m[1]!] = /<option value="([^"]*)" selected/.exec(m[2]!)?.[1] ?? '';
    for (const key of Object.keys(fields)) if (/\.active$/.test(key)) delete fields[key];
    for (const m of form.html.matchAll(/name="(items\.\d+\.active)" value="1" checked/g)) fields[m[1]!] = '1';
    assert.equal(fields.trajectoryMonths, '12');
    assert.equal(fields['phases.0.key'], 'basis');

    const bad = await coordinator.post('/instellingen/gemeenten/GM0556', { ...fields, 'phases.1.untilMonth': '2' });
    assert.equal(bad.status, 422);
    assert.match(await bad.text(), /id="f-phases\.1\.untilMonth-err"/);

    const n = Object.keys(fields).filter((k) => /^items\.\d+\.new$/.test(k))[0]!.split('.')[1];
    const good = await coordinator.post('/instellingen/gemeenten/GM0556', {
      ...fields, 'phases.2.untilMonth': '9', 'phases.3.key': 'nazorg', 'phases.3.untilMonth': '12', 'phases.3.contactEveryDays': '42',
      keysWithinWeeks: '10', [`items.${n}.label`]: 'Kennismaking buurthuis', [`items.${n}.dueDays`]: '45', [`items.${n}.active`]: '1',
    });
    assert.equal(good.status, 303);
    const stale = await coordinator.post('/instellingen/gemeenten/GM0556', { ...fields, keysWithinWeeks: '8' });
    assert.equal(stale.status, 409);
    assert.match(await stale.text(), /10 weken/, 'shows the settings as they are now');
    const [om] = await query<{ keys_within_weeks: number; phases: { key: string }[] }>(`select keys_within_weeks, phases from organisation_municipalities where organisation_id = $1 and municipality_code = 'GM0556'`, [t.demo.organisations.mvs]);
    assert.equal(om!.keys_within_weeks, 10);
    assert.deepEqual(om!.phases.map((p) => p.key), ['basis', 'opbouw', 'zelfstandig', 'nazorg']);

    const h = await household('GM0556', [{ given: 'Ali', dob: '1970-01-01', relation: 'head' }], 3);
    const caller = callerOf('coordinator@thuis.demo');
    await inTenant(t.db.database, caller, (tx) => startTrajectories(tx, caller, [h.id]));
    const [traj] = await query<{ phases: { key: string }[] }>(`select phases from trajectories where household_id = $1`, [h.id]);
    assert.equal(traj!.phases.length, 4);
    assert.ok((await query<{ label: string | null }>(`select label from checklist_items where household_id = $1`, [h.id])).some((i) => i.label === 'Kennismaking buurthuis'));

    // The API: read, and a stale PUT answers 409 with the current settings.
    const api = (await (await coordinator.json('/api/v1/programmes/GM0556')).json()) as { version: number; trajectoryMonths: number; phases: unknown[]; keysWithinWeeks: number; popWithinWeeks: number };
    const put = await coordinator.json('/api/v1/programmes/GM0556', { method: 'PUT', headers: { 'x-csrf-token': coordinator.csrf }, body: { version: api.version - 1, trajectoryMonths: 18, phases: api.phases, keysWithinWeeks: 13, popWithinWeeks: 4 } });
    assert.equal(put.status, 409);
    const ok = await coordinator.json('/api/v1/programmes/GM0556', { method: 'PUT', headers: { 'x-csrf-token': coordinator.csrf }, body: { version: api.version, trajectoryMonths: 18, phases: api.phases, keysWithinWeeks: 13, popWithinWeeks: 4 } });
    assert.equal(ok.status, 200);
    assert.equal((await coach.json('/api/v1/programmes/GM0556')).status, 403);
  });

  test('the demo: trajectories with lived-in checklists, overdue items left, one file closed after a move (not a volunteer\'s)', async () => {
    const [counts] = await query<{ trajectories: number; done: number; overdue: number; closed: number }>(`
      select (select count(*)::int from trajectories where organisation_id = $1) as trajectories,
             (select count(*)::int from checklist_items where organisation_id = $1 and status = 'done') as done,
             (select count(*)::int from checklist_items where organisation_id = $1 and status = 'open' and due_on < current_date) as overdue,
             (select count(*)::int from trajectories where organisation_id = $1 and status = 'closed' and close_reason = 'moved') as closed`, [t.demo.organisations.mvs]);
    assert.ok(counts!.trajectories >= 20);
    assert.ok(counts!.done > 0 && counts!.overdue > 0);
    assert.ok(counts!.closed >= 1);
    const volunteerClosed = await query(`select 1 from trajectories tr join coach_assignments ca on ca.household_id = tr.household_id and ca.ended_at is null
      join users u on u.id = ca.coach_id where tr.status = 'closed' and u.role = 'volunteer' and tr.closing_evaluation like 'Het gezin heeft%'`);
    assert.equal(volunteerClosed.length, 0);
  });
});
