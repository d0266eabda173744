import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { householdsOf, startTestApp, type TestApp, type TestClient, signedInAs } from '../support/app.ts';
import { TEST_DB_KIND } from '../support/db.ts';
import { createUser } from '../../src/features/demo/seed.ts';

let t: TestApp;
const as = signedInAs(() => t);

before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

const id = (email: string) => t.demo.users[email]!;
const COORDINATOR = 'coordinator@thuis.demo';

async function apiJson(client: TestClient, path: string, method = 'GET', body?: unknown) {
  const response = await client.json(`/api/v1${path}`, { method, ...(body !== undefined ? { body } : {}), headers: method === 'GET' ? {} : { 'x-csrf-token': client.csrf } });
  const text = await response.text();
  return { status: response.status, text, body: text ? JSON.parse(text) : null };
}

/** Households of MVS without an active coach whose file is not closed (the oracle of the wait list). */
async function waiting(): Promise<string[]> {
  const { rows } = await t.db.database.raw.query<{ id: string }>(
    `select h.id from households h where h.organisation_id = $1
        and not exists (select 1 from coach_assignments ca where ca.household_id = h.id and ca.ended_at is null)
        and not coalesce((select t.status = 'closed' from trajectories t where t.household_id = h.id order by t.started_on desc, t.created_at desc limit 1), false)
      order by h.housing_date nulls last, h.reference`, [t.demo.organisations.mvs]);
  return rows.map((r) => r.id);
}

async function auditRows(action: string) {
  const { rows } = await t.db.database.raw.query<{ record_id: string | null; subject_household_id: string | null; detail: unknown; actor_user_id: string | null }>(
    'select record_id, subject_household_id, detail, actor_user_id from audit_events where action = $1 order by id', [action]);
  return rows;
}

describe(`coaches and matching on ${TEST_DB_KIND}`, () => {
  test('the coordinator sees every coach by coach group, with load, VOG flags in words, and the households waiting', async () => {
    const coordinator = await as(COORDINATOR);
    const page = await coordinator.page('/coaches');
    assert.equal(page.status, 200);
    assert.match(page.html, /Coachgroep van Sanne de Vries/);
    for (const name of ['Anne Jansen', 'Youssef El Amrani', 'Semhar Tesfay', 'Farid Ahmadi', 'Marieke Bos']) assert.ok(page.html.includes(name), name);
    assert.ok(!page.html.includes('Otto Overkant'), 'no coach of another organisation');
    assert.match(page.html, /5 van 5 huishoudens — <strong class="thuis-coach-flag">vol<\/strong>/, 'a full coach is marked in words');
    assert.match(page.html, /ouder dan 3 jaar/, 'the expired VOG is flagged in text');
    assert.match(page.html, /Geen VOG bekend/, 'a missing VOG is flagged in text');
    const open = await waiting();
    assert.ok(open.length > 0);
    for (const h of open.slice(0, 5)) assert.ok(page.html.includes(`/huishoudens/${h}/koppelen`), 'each waiting household links to its suggestions');
    // The wait list shows no names of household members.
    const { rows } = await t.db.database.raw.query<{ family_name: string }>('select family_name from household_members where household_id = $1', [open[0]]);
    assert.ok(rows.every((r) => !page.html.includes(`>${r.family_name}<`)));
    const api = await apiJson(coordinator, '/coaches?pageSize=100');
    assert.equal(api.status, 200);
    assert.equal(api.body.coachCapacity, 5);
    const anne = api.body.items.find((c: { id: string }) => c.id === id('coach@thuis.demo'));
    assert.deepEqual({ load: anne.load, max: anne.effectiveMaxLoad, group: anne.groupName }, { load: 5, max: 5, group: 'Sanne de Vries' });
    const waitingApi = await apiJson(coordinator, '/coaches/waiting-households?pageSize=100');
    assert.equal(waitingApi.body.total, open.length);
    assert.deepEqual(Object.keys(waitingApi.body.items[0]).sort(), ['housingDate', 'id', 'languages', 'memberCount', 'municipalityCode', 'municipalityName', 'reference']);
  });

  test('a volunteer gets 403 on every coordinator page and endpoint', async () => {
    const coach = await as('coach@thuis.demo');
    const household = (await waiting())[0]!;
    assert.equal((await coach.page('/coaches')).status, 403);
    assert.equal((await coach.page(`/coaches/${id('coach2@thuis.demo')}`)).status, 403);
    assert.equal((await coach.page(`/coaches/${id('coach2@thuis.demo')}/overdragen`)).status, 403);
    assert.equal((await coach.page(`/huishoudens/${household}/koppelen`)).status, 403);
    assert.equal((await coach.post(`/huishoudens/${household}/koppelen`, { coachId: id('coach@thuis.demo') })).status, 403);
    assert.equal((await coach.post('/coaches/capaciteit', { coachCapacity: '9' })).status, 403);
    for (const [path, method, body] of [
      ['/coaches', 'GET'], ['/coaches/waiting-households', 'GET'], [`/coaches/${id('coach2@thuis.demo')}`, 'GET'],
      [`/households/${household}/coach-suggestions`, 'GET'], [`/households/${household}/coach`, 'POST', { coachId: id('coach@thuis.demo') }],
      [`/coaches/${id('coach2@thuis.demo')}/handover`, 'GET'],
      [`/coaches/${id('coach2@thuis.demo')}/reassign`, 'POST', { handoverNote: 'x', assignments: [{ householdId: household, coachId: null }] }],
      ['/coach-capacity', 'PUT', { coachCapacity: 9 }],
    ] as [string, string, unknown?][]) {
      assert.equal((await apiJson(coach, path, method, body)).status, 403, `${method} ${path}`);
    }
    const { rows } = await t.db.database.raw.query<{ c: number }>('select coach_capacity as c from organisations where id = $1', [t.demo.organisations.mvs]);
    assert.equal(rows[0]!.c, 5, 'nothing changed');
    assert.equal((await householdsOf(t, 'mvs')).find((h) => h.id === household)!.coach_id, null);
  });

  test('the coordinator of another organisation gets 404 for an MVS household or coach, exactly as for a random id', async () => {
    const outsider = await as('coordinator@andere.demo');
    const household = (await waiting())[0]!;
    const coach = id('coach2@thuis.demo');
    for (const [foreign, random] of [
      [`/households/${household}/coach-suggestions`, `/households/${randomUUID()}/coach-suggestions`],
      [`/coaches/${coach}`, `/coaches/${randomUUID()}`],
      [`/coaches/${coach}/handover`, `/coaches/${randomUUID()}/handover`],
    ]) {
      const a = await apiJson(outsider, foreign!);
      const b = await apiJson(outsider, random!);
      assert.equal(a.status, 404, foreign);
      assert.equal(b.status, 404);
      assert.equal(a.text, b.text);
    }
    const assign = await apiJson(outsider, `/households/${household}/coach`, 'POST', { coachId: id('coach@andere.demo') });
    assert.equal(assign.status, 404);
    const strip = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, '').replace(/terug=[^"]+"/g, '"');
    const foreignPage = await outsider.page(`/huishoudens/${household}/koppelen`);
    const randomPage = await outsider.page(`/huishoudens/${randomUUID()}/koppelen`);
    assert.equal(foreignPage.status, 404);
    assert.equal(strip(foreignPage.html), strip(randomPage.html));
    // Her own suggestions never offer a coach of MVS.
    const own = (await householdsOf(t, 'other'))[0]!.id;
    const mine = await apiJson(outsider, `/households/${own}/coach-suggestions`);
    assert.equal(mine.status, 200);
    assert.deepEqual(mine.body.items.map((s: { coachId: string }) => s.coachId), [id('coach@andere.demo')]);
  });

  test('suggestions rank every coach of the organisation with reasons in plain Dutch, full coaches last and never hidden', async () => {
    const coordinator = await as(COORDINATOR);
    const household = (await waiting())[0]!;
    const result = await apiJson(coordinator, `/households/${household}/coach-suggestions`);
    assert.equal(result.status, 200);
    const items = result.body.items as { coachId: string; full: boolean; reasons: { code: string; text: string; positive: boolean }[] }[];
    const mvsCoaches = ['coach@thuis.demo', 'coach2@thuis.demo', 'beroepskracht@thuis.demo', 'coach3@thuis.demo', 'coach4@thuis.demo', 'coach5@thuis.demo'].map(id);
    assert.deepEqual(items.map((i) => i.coachId).sort(), [...mvsCoaches].sort());
    assert.ok(!items.some((i) => i.coachId === id('coach@andere.demo')), 'never a coach of another organisation');
    const firstFull = items.findIndex((i) => i.full);
    assert.ok(firstFull > 0 && items.slice(firstFull).every((i) => i.full), 'full coaches come last');
    const anne = items.find((i) => i.coachId === id('coach@thuis.demo'))!;
    assert.ok(anne.full && anne.reasons.some((r) => r.text === 'Vol: 5 van 5 huishoudens'));
    for (const item of items) assert.ok(item.reasons.length >= 3 && item.reasons.every((r) => r.text && !r.text.startsWith('coaches.')));
    assert.ok(items.some((i) => i.reasons.some((r) => /^Nog \d+ plaats(en)? vrij$/.test(r.text))));
    const page = await coordinator.page(`/huishoudens/${household}/koppelen`);
    assert.equal(page.status, 200);
    assert.match(page.html, /type="radio" name="coachId"/);
    assert.match(page.html, /Ik weet dat deze coach vol zit/);
    const audit = (await auditRows('coach.suggestions')).filter((r) => r.record_id === household);
    assert.equal(audit.length, 2);
  });

  test('confirming a coach: beyond her maximum needs an explicit confirmation (422 otherwise); the assignment is audited with ids only', async () => {
    const coordinator = await as(COORDINATOR);
    const [first, second] = await waiting();
    const anne = id('coach@thuis.demo');
    const refused = await apiJson(coordinator, `/households/${first}/coach`, 'POST', { coachId: anne });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.errors[0].field, 'allowOverCapacity');
    assert.match(refused.body.errors[0].message, /maximum/);
    const page = await coordinator.post(`/huishoudens/${first}/koppelen`, { coachId: anne });
    assert.equal(page.status, 422);
    assert.match(await page.text(), /heeft al het maximum aantal huishoudens/);
    assert.equal((await householdsOf(t, 'mvs')).find((h) => h.id === first)!.coach_id, null, 'nothing assigned');

    const semhar = id('coach3@thuis.demo');
    const ok = await coordinator.post(`/huishoudens/${first}/koppelen`, { coachId: semhar });
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get('location'), `/huishoudens/${first}?opgeslagen=coaches.assigned#coach`);
    const dossier = await coordinator.page(`/huishoudens/${first}`);
    assert.match(dossier.html, /Semhar Tesfay/);
    assert.match(dossier.html, /Andere coach koppelen/);

    // Another coach for the same household: the first assignment ends, history keeps both.
    const over = await apiJson(coordinator, `/households/${first}/coach`, 'POST', { coachId: anne, allowOverCapacity: true });
    assert.equal(over.status, 200);
    assert.equal(over.body.changed, true);
    const { rows } = await t.db.database.raw.query<{ coach_id: string; ended_at: unknown; assigned_by: string }>(
      'select coach_id, ended_at, assigned_by from coach_assignments where household_id = $1 order by started_at, ended_at nulls last', [first]);
    assert.equal(rows.length, 2);
    assert.equal(rows.filter((r) => r.ended_at === null).length, 1);
    assert.equal(rows.find((r) => r.ended_at === null)!.coach_id, anne);
    assert.ok(rows.every((r) => r.assigned_by === id(COORDINATOR)));
    const history = await coordinator.page(`/huishoudens/${first}`);
    assert.match(history.html, /Coaches van dit huishouden/);
    assert.ok(history.html.includes('Semhar Tesfay') && history.html.includes('Anne Jansen'));
    const audit = (await auditRows('coach.assign')).filter((r) => r.subject_household_id === first);
    assert.equal(audit.length, 2);
    assert.deepEqual(Object.keys(audit[1]!.detail as object).sort(), ['coachId', 'overCapacity']);

    // Unknown coach (a coach of another organisation) → 422, not a silent success.
    const foreign = await apiJson(coordinator, `/households/${second}/coach`, 'POST', { coachId: id('coach@andere.demo') });
    assert.equal(foreign.status, 422);
  });

  test('a volunteer edits her own profile; a stale version answers 409 showing what changed (REL-LOCK)', async () => {
    const coach = await as('coach3@thuis.demo');
    const page = await coach.page('/account/profiel');
    assert.equal(page.status, 200);
    assert.match(page.html, /Mijn coachprofiel/);
    assert.match(page.html, /<th scope="row">maandag<\/th>/);
    const version = page.html.match(/name="version" value="(\d+)"/)![1]!;
    const form = new URLSearchParams({ _csrf: coach.csrf, version, languagesOther: 'am', postcodeAreas: '3141, 3142', note: '' });
    for (const v of ['ti', 'nl', 'ar']) form.append('languages', v);
    form.append('municipalityCodes', 'GM0556');
    form.append('availability', 'mon_evening');
    form.append('preferences', 'women');
    const post = (body: URLSearchParams) => coach.request('/account/profiel', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
    const saved = await post(form);
    assert.equal(saved.status, 303);
    const api = await apiJson(coach, '/me/coach-profile');
    assert.deepEqual(api.body.languages, ['ti', 'nl', 'ar', 'am']);
    assert.deepEqual(api.body.availability, ['mon_evening']);
    assert.equal(api.body.version, Number(version) + 1);

    // The same form again carries the old version: 409, the form shows both values.
    form.set('note', 'Mijn versie');
    const stale = await post(form);
    assert.equal(stale.status, 409);
    const html = await stale.text();
    assert.match(html, /Iemand anders heeft dit profiel intussen gewijzigd/);
    assert.match(html, new RegExp(`name="version" value="${Number(version) + 1}"`), 'the form now carries the current version');

    const staleApi = await apiJson(coach, '/me/coach-profile', 'PUT', { version: Number(version), languages: ['ti'] });
    assert.equal(staleApi.status, 409);
    assert.equal(staleApi.body.current.version, Number(version) + 1);
    assert.deepEqual(staleApi.body.current.languages, ['ti', 'nl', 'ar', 'am']);

    const invalid = await apiJson(coach, '/me/coach-profile', 'PUT', { version: Number(version) + 1, postcodeAreas: ['31A'], municipalityCodes: ['GM0098'] });
    assert.equal(invalid.status, 422);
    const foreignMunicipality = await apiJson(coach, '/me/coach-profile', 'PUT', { version: Number(version) + 1, municipalityCodes: ['GM0098'] });
    assert.equal(foreignMunicipality.status, 422);
    assert.equal(foreignMunicipality.body.errors[0].code, 'validation.municipality_not_served');

    // Not someone else's profile.
    assert.equal((await apiJson(coach, `/coaches/${id('coach4@thuis.demo')}`, 'PUT', { version: 1 })).status, 403);
    assert.equal((await apiJson(coach, `/coaches/${id('coach4@thuis.demo')}`)).status, 403);
  });

  test('VOG date, trainings and maximum are the coordinator\'s: read-only on a coach\'s own profile, refused (403, nothing changed) from her form and API', async () => {
    const coach = await as('coach4@thuis.demo');
    const me = id('coach4@thuis.demo');
    const coordinator = await as(COORDINATOR);
    // The coordinator records them.
    const start = await apiJson(coordinator, `/coaches/${me}`);
    const set = await apiJson(coordinator, `/coaches/${me}`, 'PUT', { ...start.body, vogDate: '2025-03-01', trainings: ['Basistraining'], maxLoad: 2, supervisorId: undefined });
    assert.equal(set.status, 200, set.text);
    const stored = (await apiJson(coach, '/me/coach-profile')).body;
    assert.deepEqual({ vog: stored.vogDate, trainings: stored.trainings, max: stored.maxLoad }, { vog: '2025-03-01', trainings: ['Basistraining'], max: 2 });

    // Her own form shows them, but not as fields.
    const page = await coach.page('/account/profiel');
    assert.equal(page.status, 200);
    for (const name of ['vogDate', 'trainings', 'maxLoad', 'supervisorId']) assert.doesNotMatch(page.html, new RegExp(`name="${name}"`), name);
    assert.match(page.html, /Basistraining/);
    assert.match(page.html, /houdt de coördinator bij/);

    const post = (fields: Record<string, string>) => coach.request('/account/profiel', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: coach.csrf, version: String(stored.version), note: 'Eigen notitie', ...fields }).toString(),
    });
    const forgedForms: Record<string, string>[] = [{ vogDate: '2026-01-01' }, { trainings: 'Basistraining\nTraumasensitief werken' }, { maxLoad: '50' }];
    for (const forged of forgedForms) {
      assert.equal((await post(forged)).status, 403, JSON.stringify(forged));
    }
    for (const forged of [{ vogDate: null }, { trainings: [] }, { maxLoad: 50 }]) {
      assert.equal((await apiJson(coach, '/me/coach-profile', 'PUT', { ...stored, ...forged })).status, 403, JSON.stringify(forged));
      assert.equal((await apiJson(coach, `/coaches/${me}`, 'PUT', { ...stored, ...forged })).status, 403, `own id: ${JSON.stringify(forged)}`);
    }
    const after = (await apiJson(coach, '/me/coach-profile')).body;
    assert.deepEqual(after, stored, 'nothing changed');
    assert.ok((await auditRows('access.denied')).some((r) => r.record_id === me && (r.detail as { attempted?: string })?.attempted === 'coach.profile_coordinator_fields'));

    // What is hers still saves: without those fields, or with them unchanged (a client sending back what it read).
    assert.equal((await post({})).status, 303);
    const roundTrip = await apiJson(coach, '/me/coach-profile', 'PUT', { ...(await apiJson(coach, '/me/coach-profile')).body, note: 'Via de API' });
    assert.equal(roundTrip.status, 200, roundTrip.text);
    assert.deepEqual({ vog: roundTrip.body.vogDate, trainings: roundTrip.body.trainings, max: roundTrip.body.maxLoad, note: roundTrip.body.note },
      { vog: '2025-03-01', trainings: ['Basistraining'], max: 2, note: 'Via de API' });
  });

  test('the coordinator edits a profile and a volunteer\'s supervisor (as system, audited), and the default capacity', async () => {
    const coordinator = await as(COORDINATOR);
    const farid = id('coach4@thuis.demo');
    const page = await coordinator.page(`/coaches/${farid}`);
    assert.equal(page.status, 200);
    assert.match(page.html, /Profiel van Farid Ahmadi/);
    assert.match(page.html, /name="supervisorId"/);
    const current = await apiJson(coordinator, `/coaches/${farid}`);
    const wrong = await apiJson(coordinator, `/coaches/${farid}`, 'PUT', { ...current.body, maxLoad: 3, supervisorId: id(COORDINATOR) });
    assert.equal(wrong.status, 422, 'a supervisor must be a professional');
    assert.equal((await apiJson(coordinator, `/coaches/${farid}`)).body.version, current.body.version, 'a wrong supervisor changes nothing');
    const saved = await apiJson(coordinator, `/coaches/${farid}`, 'PUT', { version: current.body.version, languages: ['prs', 'fa'], maxLoad: 3, supervisorId: id('beroepskracht@thuis.demo') });
    assert.equal(saved.status, 200, saved.text);
    assert.equal(saved.body.effectiveMaxLoad, 3);

    // A second professional takes Farid over: written as system, audited, visible on the overview.
    const hash = (await t.db.database.raw.query<{ h: string }>('select password_hash as h from users where id = $1', [farid])).rows[0]!.h;
    const pieter = await t.db.database.system((tx) => createUser(tx, { organisationId: t.demo.organisations.mvs!, email: 'pieter.test@thuis.demo', name: 'Pieter Beroeps', role: 'professional', passwordHash: hash }));
    const moved = await apiJson(coordinator, `/coaches/${farid}`, 'PUT', { version: saved.body.version, languages: ['prs', 'fa'], maxLoad: 3, supervisorId: pieter });
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.body.supervisorId, pieter);
    assert.equal((await t.db.database.raw.query<{ s: string }>('select supervisor_id as s from users where id = $1', [farid])).rows[0]!.s, pieter);
    const supervisorAudit = await auditRows('coach.supervisor_update');
    assert.equal(supervisorAudit.length, 1);
    assert.equal(supervisorAudit[0]!.record_id, farid);
    assert.equal(supervisorAudit[0]!.actor_user_id, id(COORDINATOR));
    assert.match((await coordinator.page('/coaches')).html, /Coachgroep van Pieter Beroeps/);
    // Back, so the rest of this file sees the demo's coach groups.
    assert.equal((await apiJson(coordinator, `/coaches/${farid}`, 'PUT', { version: moved.body.version, languages: ['prs', 'fa'], maxLoad: 3, supervisorId: id('beroepskracht@thuis.demo') })).status, 200);

    const capacity = await coordinator.post('/coaches/capaciteit', { coachCapacity: '6' });
    assert.equal(capacity.status, 303);
    const { rows } = await t.db.database.raw.query<{ c: number }>('select coach_capacity as c from organisations where id = $1', [t.demo.organisations.mvs]);
    assert.equal(rows[0]!.c, 6);
    const bad = await coordinator.post('/coaches/capaciteit', { coachCapacity: '0' });
    assert.equal(bad.status, 422);
    assert.equal((await apiJson(coordinator, '/coach-capacity', 'PUT', { coachCapacity: 5 })).status, 200);
    const audit = await auditRows('coach.capacity_update');
    assert.equal(audit.length, 2);
    assert.deepEqual(audit[0]!.detail, { from: 5, to: 6 });
  });

  test('bulk reassignment: one transaction, one handover note the new coach sees and a volunteer of another household does not', async () => {
    const coordinator = await as(COORDINATOR);
    const youssef = id('coach2@thuis.demo');
    const hers = (await householdsOf(t, 'mvs')).filter((h) => h.coach_id === youssef).map((h) => h.id);
    assert.equal(hers.length, 5);
    const page = await coordinator.page(`/coaches/${youssef}/overdragen`);
    assert.equal(page.status, 200);
    for (const h of hers) assert.ok(page.html.includes(`name="coach-${h}"`));
    assert.match(page.html, /Geen coach \(wachtlijst\)/);

    const plan = await apiJson(coordinator, `/coaches/${youssef}/handover`);
    assert.equal(plan.status, 200);
    assert.ok(plan.body.households.every((h: { suggestions: { coachId: string }[] }) => h.suggestions.every((s) => s.coachId !== youssef)));

    // The note is required.
    const body = new URLSearchParams({ _csrf: coordinator.csrf, handoverNote: '' });
    for (const h of hers) body.append('household', h);
    const semhar = id('coach3@thuis.demo');
    const farid = id('coach4@thuis.demo');
    body.append(`coach-${hers[0]}`, semhar);
    body.append(`coach-${hers[1]}`, farid);
    body.append(`coach-${hers[2]}`, farid);
    body.append(`coach-${hers[3]}`, '');
    body.append(`coach-${hers[4]}`, '');
    const post = (b: URLSearchParams) => coordinator.request(`/coaches/${youssef}/overdragen`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: b.toString() });
    const missing = await post(body);
    assert.equal(missing.status, 422);
    assert.match(await missing.text(), /Overdrachtsnotitie/);
    assert.equal((await householdsOf(t, 'mvs')).filter((h) => h.coach_id === youssef).length, 5, 'nothing moved');

    const NOTE = 'Warme overdracht: dinsdag afspraak bij de gemeente over de uitkering; contactpersoon is de oudste zoon.';
    body.set('handoverNote', NOTE);
    body.set('stopTakingHouseholds', '1');
    const done = await post(body);
    assert.equal(done.status, 303);
    const after = await householdsOf(t, 'mvs');
    assert.equal(after.find((h) => h.id === hers[0])!.coach_id, semhar);
    assert.equal(after.find((h) => h.id === hers[1])!.coach_id, farid);
    assert.equal(after.find((h) => h.id === hers[3])!.coach_id, null, 'to the wait list');
    assert.equal(after.filter((h) => h.coach_id === youssef).length, 0);
    const { rows } = await t.db.database.raw.query<{ n: number }>('select count(*)::int as n from coach_assignments where handover_note = $1 and ended_at is null', [NOTE]);
    assert.equal(rows[0]!.n, 3);
    const profile = await apiJson(coordinator, `/coaches/${youssef}`);
    assert.equal(profile.body.maxLoad, 0, 'she takes no new households');

    // The new coach sees the note on the dossier, in the page and through the API-independent dossier.
    const semharClient = await as('coach3@thuis.demo');
    const dossier = await semharClient.page(`/huishoudens/${hers[0]}`);
    assert.equal(dossier.status, 200);
    assert.ok(dossier.html.includes(NOTE.slice(0, 40)));
    assert.doesNotMatch(dossier.html, /Coaches van dit huishouden/, 'a volunteer does not get the assignment history');
    // A volunteer of another household cannot open it, and never sees the note anywhere.
    const anne = await as('coach@thuis.demo');
    assert.equal((await anne.page(`/huishoudens/${hers[0]}`)).status, 404);
    for (const own of (await householdsOf(t, 'mvs')).filter((h) => h.coach_id === id('coach@thuis.demo'))) {
      assert.ok(!(await anne.page(`/huishoudens/${own.id}`)).html.includes(NOTE.slice(0, 40)));
    }
    // The professional supervising Semhar sees the note and the history.
    const sanne = await as('beroepskracht@thuis.demo');
    const supervised = await sanne.page(`/huishoudens/${hers[0]}`);
    assert.ok(supervised.html.includes(NOTE.slice(0, 40)));
    assert.match(supervised.html, /Coaches van dit huishouden/);

    // Audited per household and as a whole, with counts and ids but never the note.
    const audit = await auditRows('coach.reassign');
    assert.equal(audit.length, 6);
    assert.ok(audit.every((r) => !JSON.stringify(r.detail).includes('Warme')));
    const summary = audit.find((r) => r.record_id === youssef)!;
    assert.deepEqual(summary.detail, { moved: 3, waitlisted: 2, overCapacity: false, stopTakingHouseholds: true });
    assert.equal(t.logLines.some((l) => l.includes('Warme overdracht')), false);
  });

  test('bulk reassignment refuses a household that is not hers and a target beyond capacity without confirmation', async () => {
    const coordinator = await as(COORDINATOR);
    const anne = id('coach@thuis.demo');
    const hers = (await householdsOf(t, 'mvs')).filter((h) => h.coach_id === anne).map((h) => h.id);
    const notHers = (await householdsOf(t, 'mvs')).find((h) => h.coach_id && h.coach_id !== anne)!.id;
    const wrong = await apiJson(coordinator, `/coaches/${anne}/reassign`, 'POST', { handoverNote: 'x', assignments: [{ householdId: notHers, coachId: null }] });
    assert.equal(wrong.status, 422);
    // Marieke has a maximum of 3: four households at once is too many unless confirmed.
    const marieke = id('coach5@thuis.demo');
    const four = hers.slice(0, 4).map((h) => ({ householdId: h, coachId: marieke }));
    const refused = await apiJson(coordinator, `/coaches/${anne}/reassign`, 'POST', { handoverNote: 'Overdracht', assignments: four });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.errors[0].field, 'allowOverCapacity');
    assert.equal((await householdsOf(t, 'mvs')).filter((h) => h.coach_id === anne).length, hers.length, 'all or nothing');
    const confirmed = await apiJson(coordinator, `/coaches/${anne}/reassign`, 'POST', { handoverNote: 'Overdracht', assignments: four, allowOverCapacity: true });
    assert.equal(confirmed.status, 200);
    assert.deepEqual(confirmed.body, { moved: 4, waitlisted: 0 });
  });
  test('a closed file is left out of a handover and refused in a bulk reassignment (403, audited, nothing moves)', async () => {
    const coordinator = await as(COORDINATOR);
    // The coach with the most households that have an open trajectory hands over; Semhar or Farid takes over.
    const { rows: busiest } = await t.db.database.raw.query<{ coach_id: string }>(
      `select ca.coach_id from coach_assignments ca join households h on h.id = ca.household_id
        where ca.ended_at is null and h.organisation_id = $1 and exists (select 1 from trajectories t where t.household_id = h.id and t.status = 'open')
        group by ca.coach_id order by count(*) desc, ca.coach_id limit 1`, [t.demo.organisations.mvs]);
    const leaving = busiest[0]!.coach_id;
    const target = leaving === id('coach4@thuis.demo') ? id('coach3@thuis.demo') : id('coach4@thuis.demo');
    const { rows: files } = await t.db.database.raw.query<{ id: string }>(
      `select h.id from households h join coach_assignments ca on ca.household_id = h.id and ca.ended_at is null
        where ca.coach_id = $1 and exists (select 1 from trajectories t where t.household_id = h.id and t.status = 'open') order by h.reference`, [leaving]);
    assert.ok(files.length >= 2, 'the leaving coach guides two households with a trajectory');
    const [closed, open] = [files[0]!.id, files[1]!.id];
    // A file closed while its coach stayed assigned (as before closing ended the assignment, and in the demo).
    await t.db.database.raw.query(`update trajectories set status = 'closed', closed_on = current_date, close_reason = 'completed',
      retention_until = current_date + interval '10 years', version = version + 1 where household_id = $1`, [closed]);

    const plan = await apiJson(coordinator, `/coaches/${leaving}/handover`);
    assert.equal(plan.status, 200);
    const planned = plan.body.households.map((h: { id: string }) => h.id);
    assert.ok(!planned.includes(closed), 'the closed file is not handed over');
    assert.ok(planned.includes(open));
    const page = await coordinator.page(`/coaches/${leaving}/overdragen`);
    assert.ok(!page.html.includes(`name="coach-${closed}"`));
    assert.ok(page.html.includes(`name="coach-${open}"`));

    for (const coachId of [target, null]) {
      const refused = await apiJson(coordinator, `/coaches/${leaving}/reassign`, 'POST', {
        handoverNote: 'Overdracht', allowOverCapacity: true, assignments: [{ householdId: open, coachId: target }, { householdId: closed, coachId }],
      });
      assert.equal(refused.status, 403, `closed file to ${coachId ?? 'the wait list'}`);
    }
    const { rows } = await t.db.database.raw.query<{ household_id: string; coach_id: string }>(
      'select household_id, coach_id from coach_assignments where household_id = any($1::uuid[]) and ended_at is null order by household_id', [[closed, open]]);
    assert.deepEqual(rows.map((r) => r.coach_id), [leaving, leaving], 'nothing moved');
    assert.ok((await auditRows('access.denied')).some((r) => r.record_id === closed && (r.detail as { reason?: string })?.reason === 'file_closed'));
  });

  test('closing a trajectory ends the coach assignment in the same transaction; the dossier keeps the last coach as history', async () => {
    const coordinator = await as(COORDINATOR);
    const coach = id('coach@thuis.demo');
    const { rows: files } = await t.db.database.raw.query<{ id: string }>(
      `select h.id from households h join coach_assignments ca on ca.household_id = h.id and ca.ended_at is null
        where ca.coach_id = $1 and exists (select 1 from trajectories t where t.household_id = h.id and t.status = 'open') order by h.reference limit 1`, [coach]);
    const household = files[0]!.id;
    const anne = await as('coach@thuis.demo');
    assert.equal((await anne.page(`/huishoudens/${household}`)).status, 200);
    const loadBefore = (await apiJson(coordinator, `/coaches/${coach}`)).body.load;

    const read = await apiJson(coordinator, `/households/${household}/trajectory`);
    const closed = await apiJson(coordinator, `/households/${household}/trajectory/close`, 'POST', {
      version: read.body.trajectory.version, closedOn: new Date().toISOString().slice(0, 10), reason: 'completed', evaluation: 'Goed afgerond.',
    });
    assert.equal(closed.status, 200, closed.text);
    const { rows } = await t.db.database.raw.query<{ coach_id: string; ended_at: unknown }>('select coach_id, ended_at from coach_assignments where household_id = $1', [household]);
    assert.ok(rows.length >= 1 && rows.every((r) => r.ended_at !== null), 'no active assignment after closing');
    const audit = (await auditRows('trajectory.close')).find((r) => r.subject_household_id === household)!;
    assert.equal((audit.detail as { endedCoachId: string }).endedCoachId, coach);

    // The coach no longer has the file, nor counts it in her load; it does not wait for a new coach either.
    assert.equal((await anne.page(`/huishoudens/${household}`)).status, 404);
    assert.equal((await apiJson(coordinator, `/coaches/${coach}`)).body.load, loadBefore - 1);
    assert.ok(!(await waiting()).includes(household));
    assert.equal((await apiJson(coordinator, `/households/${household}/coach`, 'POST', { coachId: id('coach3@thuis.demo'), allowOverCapacity: true })).status, 403);

    // The coordinator's dossier shows the last coach, no link to a new one, and the history.
    const dossier = await coordinator.page(`/huishoudens/${household}`);
    assert.equal(dossier.status, 200);
    assert.match(dossier.html, /<dt>Laatste coach<\/dt><dd>Anne Jansen<\/dd>/);
    assert.match(dossier.html, /Het dossier is afgesloten/);
    assert.doesNotMatch(dossier.html, /\/koppelen"/);
    assert.match(dossier.html, /Coaches van dit huishouden/);
    const api = await apiJson(coordinator, `/households/${household}`);
    assert.equal(api.body.coachName, 'Anne Jansen');
  });

  test('profile and supervisor save in one transaction: a failing supervisor write leaves the profile as it was', async () => {
    const coordinator = await as(COORDINATOR);
    const farid = id('coach4@thuis.demo');
    const hash = (await t.db.database.raw.query<{ h: string }>('select password_hash as h from users where id = $1', [farid])).rows[0]!.h;
    const other = await t.db.database.system((tx) => createUser(tx, { organisationId: t.demo.organisations.mvs!, email: 'tweede.test@thuis.demo', name: 'Tweede Beroeps', role: 'professional', passwordHash: hash }));
    const before = (await apiJson(coordinator, `/coaches/${farid}`)).body;
    // Fault injection: the second step (the supervisor, written as system) fails.
    await t.db.database.raw.exec(`create function test_refuse_supervisor() returns trigger language plpgsql as $$
        begin raise exception 'supervisor write refused (test)'; end $$;
      create trigger test_refuse_supervisor before update of supervisor_id on users for each row execute function test_refuse_supervisor();`);
    try {
      const failed = await apiJson(coordinator, `/coaches/${farid}`, 'PUT', { version: before.version, languages: ['prs'], note: 'Half opgeslagen?', supervisorId: other });
      assert.equal(failed.status, 500);
      const page = await coordinator.post(`/coaches/${farid}`, { version: String(before.version), languages: 'nl', note: 'Half opgeslagen?', supervisorId: other });
      assert.equal(page.status, 500);
    } finally {
      await t.db.database.raw.exec('drop trigger test_refuse_supervisor on users; drop function test_refuse_supervisor();');
    }
    const after = (await apiJson(coordinator, `/coaches/${farid}`)).body;
    assert.deepEqual(after, before, 'neither the profile nor the supervisor changed');
    // Without the fault the same save goes through, both parts at once.
    const saved = await apiJson(coordinator, `/coaches/${farid}`, 'PUT', { version: before.version, languages: ['prs'], note: 'Heel opgeslagen', supervisorId: other });
    assert.equal(saved.status, 200, saved.text);
    assert.deepEqual({ note: saved.body.note, supervisorId: saved.body.supervisorId, version: saved.body.version }, { note: 'Heel opgeslagen', supervisorId: other, version: before.version + 1 });
  });
});
