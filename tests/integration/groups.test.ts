// The group programme catalogue and its editions (issue 5): the default catalogue (once, also when opened twice at
// once), the display rule for built-in names, the coordinator's forms and API with REL-LOCK and translated field
// errors, schedules generated and changed per session, trainers and interpreters, the demo editions, and access:
// configure only for the coordinator, AUTH-HIDE, AUTH-LISTS, and who gets the pages at all.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp, type TestClient, signedInAs } from '../support/app.ts';
import { TEST_DB_KIND } from '../support/db.ts';
import { whileHeld } from '../support/locks.ts';
import { addDays } from '../../src/features/households/index.ts';
import type { EditionView, ProgrammeView, SessionView } from '../../src/features/groups/index.ts';
import { DEMO_EDITIONS } from '../../src/features/groups/demo-catalogue.ts';
import { translator } from '../../src/platform/i18n/index.ts';

let t: TestApp;
const as = signedInAs(() => t);
const today = new Date().toISOString().slice(0, 10);
/** The trainer's own section ("Mijn groepen"), as the page words it. */
const MINE = translator('nl')('groups.mine_heading');

before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

async function query<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await t.db.database.raw.query<T>(text, params)).rows;
}

const mvs = () => t.demo.organisations.mvs!;
const other = () => t.demo.organisations.other!;
const userId = (email: string) => t.demo.users[email]!;

async function programmeOf(offerKey: string, org = mvs()): Promise<{ id: string; version: number }> {
  return (await query<{ id: string; version: number }>(`select id, version from group_programmes where organisation_id = $1 and offer_key = $2`, [org, offerKey]))[0]!;
}

async function editionByTitle(title: string): Promise<{ id: string; version: number; status: string; capacity: number }> {
  return (await query<{ id: string; version: number; status: string; capacity: number }>(`select id, version, status, capacity from group_editions where title = $1`, [title]))[0]!;
}

async function sessionsOf(editionId: string) {
  return query<{ id: string; number: number; date: string; start_minute: number; end_minute: number; place: string; address: string; cancelled: boolean; version: number }>(
    `select id, number, date::text as date, start_minute, end_minute, place, address, cancelled, version from group_sessions where edition_id = $1 order by number`, [editionId]);
}

const strip = (body: string) => body.replace(/name="_csrf" value="[^"]+"/g, '')
  .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'ID').replace(/test-[\w-]+|req[-_][\w-]+/g, 'REQ')
  // The language switch links back to the path asked for.
  .replace(/terug=[^"]*/g, 'terug=PATH');

const csrf = (c: TestClient) => ({ 'x-csrf-token': c.csrf });

/** The programme form as the page has it for a programme, as a browser would post it. */
function programmeForm(p: ProgrammeView): Record<string, string | string[]> {
  return {
    version: String(p.version), name: p.name, description: p.description, municipalityCode: p.municipalityCode ?? '', layers: p.layers, languages: p.languages,
    otherLanguages: '', sessionCount: String(p.sessionCount), maxParticipants: String(p.maxParticipants), completionRule: p.completionRule,
    completionPercent: String(p.completionPercent), ...(p.certificate ? { certificate: '1' } : {}), countsFor: p.countsFor ?? '',
    minimumHours: p.minimumHours === null ? '' : String(p.minimumHours), ...(p.active ? { active: '1' } : {}),
  };
}

/** Post a form with repeated names (checkbox lists). */
function postAll(c: TestClient, path: string, form: Record<string, string | string[]>): Promise<Response> {
  const body = new URLSearchParams({ _csrf: c.csrf });
  for (const [k, v] of Object.entries(form)) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
  return c.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
}

async function apiProgramme(c: TestClient, id: string): Promise<ProgrammeView> {
  const response = await c.json(`/api/v1/group-programmes/${id}`);
  assert.equal(response.status, 200);
  return (await response.json()) as ProgrammeView;
}

describe(`group programmes: catalogue and editions on ${TEST_DB_KIND}`, () => {
  test('the default catalogue is created once per organisation, also when two people open it at the same moment', async () => {
    assert.equal((await query<{ n: number }>(`select count(*)::int as n from group_programmes where organisation_id = $1`, [other()]))[0]!.n, 0, 'nothing before anyone opened it');
    const olga = await as('coordinator@andere.demo');
    const otto = await as('coach@andere.demo');
    const [a, b, c] = await Promise.all([olga.page('/groepen'), otto.page('/groepen'), olga.json('/api/v1/group-programmes')]);
    assert.deepEqual([a.status, b.status, c.status], [200, 200, 200]);
    const rows = await query<{ offer_key: string; n: number }>(`select offer_key, count(*)::int as n from group_programmes where organisation_id = $1 group by offer_key order by offer_key`, [other()]);
    assert.equal(rows.length, 10);
    assert.ok(rows.every((r) => r.n === 1), 'each built-in once');
    const seeds = await query<{ n: number }>(`select count(*)::int as n from audit_events where action = 'group_catalogue.seed' and record_id = $1`, [other()]);
    assert.equal(seeds[0]!.n, 1, 'audited once');
    // Opening it again changes nothing.
    await olga.page('/groepen');
    assert.equal((await query<{ n: number }>(`select count(*)::int as n from group_programmes where organisation_id = $1`, [other()]))[0]!.n, 10);
    // The unique index holds the line even for a writer that skips the check.
    await assert.rejects(query(`insert into group_programmes (organisation_id, offer_key, name, session_count, max_participants) values ($1, 'pvt', 'PVT', 4, 15)`, [other()]));
  });

  test('the built-in programmes: the PVT in four workshops, six weeks of empowerment, the pyramid\'s group topics in their layers', async () => {
    const coordinator = await as('coordinator@thuis.demo');
    const response = await coordinator.json('/api/v1/group-programmes');
    const { items } = (await response.json()) as { items: ProgrammeView[] };
    const byKey = new Map(items.map((p) => [p.offerKey, p]));
    const pvt = byKey.get('pvt')!;
    assert.deepEqual([pvt.name, pvt.sessionCount, pvt.maxParticipants, pvt.completionRule, pvt.countsFor, pvt.minimumHours, pvt.certificate, pvt.municipalityCode],
      ['Participatieverklaring: vier workshops', 4, 15, 'all', 'pvt', 12, false, null]);
    const empowerment = byKey.get('empowerment')!;
    assert.deepEqual([empowerment.sessionCount, empowerment.maxParticipants, empowerment.completionRule, empowerment.completionPercent, empowerment.certificate], [6, 15, 'percent', 80, true]);
    assert.deepEqual(byKey.get('zelfportret')!.layers, ['basis', 'laag1']);
    assert.deepEqual(byKey.get('info_samenleving')!.layers, ['basis', 'laag1', 'laag2']);
    assert.equal(byKey.get('gezonde_relatie')!.name, 'Gezonde relatie: zelfbeschikking, huiselijk geweld, LHBTIQA+');
    assert.ok(items.every((p) => p.builtInName && p.builtInDescription));
    assert.deepEqual(items.slice(0, 2).map((p) => p.offerKey), ['pvt', 'empowerment'], 'the main programmes first');
    assert.equal((await query<{ n: number }>(`select count(*)::int as n from audit_events where action = 'group_catalogue.seed' and record_id = $1`, [mvs()]))[0]!.n, 1);
  });

  test('the demo: four editions at different spots in town, with Tom Trainer and an Arabic interpreter', async () => {
    const running = await editionByTitle(DEMO_EDITIONS.empowermentRunning.title);
    const sessions = await sessionsOf(running.id);
    assert.equal(sessions.length, 6);
    assert.equal(sessions[0]!.date, addDays(today, -21));
    assert.equal(sessions.filter((s) => s.date < today).length, 3, 'three sessions past');
    assert.equal(running.capacity, 15);
    assert.ok(new Set(sessions.map((s) => s.place)).size >= 3, 'different places');
    assert.ok(sessions.every((s) => s.address.endsWith('Vlaardingen')));
    const earlier = await sessionsOf((await editionByTitle(DEMO_EDITIONS.empowermentEarlier.title)).id);
    assert.equal(earlier.length, 6);
    assert.ok(earlier.at(-1)!.date <= addDays(today, -50) && earlier.at(-1)!.date >= addDays(today, -70), 'ended about two months ago');
    const pvt = await editionByTitle(DEMO_EDITIONS.pvtSchiedam.title);
    const pvtSessions = await sessionsOf(pvt.id);
    assert.equal(pvtSessions.length, 4);
    assert.ok(pvtSessions.every((s) => s.date < today && s.date >= addDays(today, -35) && s.end_minute - s.start_minute === 180), 'four times three hours, in the last five weeks');
    assert.notEqual(pvt.status, 'cancelled');
    const upcoming = await sessionsOf((await editionByTitle(DEMO_EDITIONS.samenlevingMaassluis.title)).id);
    assert.equal(upcoming[0]!.date, addDays(today, 14));
    for (const [key, e] of Object.entries(DEMO_EDITIONS)) {
      const row = (await query<{ offer_key: string; interpreters: { name: string; language: string }[]; trainer: boolean }>(
        `select p.offer_key, e.interpreters, exists (select 1 from group_edition_staff s where s.edition_id = e.id and s.user_id = $2) as trainer
           from group_editions e join group_programmes p on p.id = e.programme_id where e.title = $1`, [e.title, userId('trainer@thuis.demo')]))[0]!;
      assert.equal(row.offer_key, e.offerKey, key);
      assert.ok(row.trainer, `${key}: Tom trains it`);
      assert.equal(row.interpreters[0]!.language, 'ar', `${key}: an Arabic interpreter`);
    }
  });

  test('pages render for the coordinator, a volunteer, a trainer, a professional and infopunt staff; the trainer sees her groups first', async () => {
    const running = await editionByTitle(DEMO_EDITIONS.empowermentRunning.title);
    const pvt = await programmeOf('pvt');
    for (const email of ['coordinator@thuis.demo', 'coach@thuis.demo', 'trainer@thuis.demo', 'beroepskracht@thuis.demo', 'infopunt@thuis.demo', 'formulieren@thuis.demo']) {
      const c = await as(email);
      for (const path of ['/groepen', '/groepen?gemeente=GM0622', `/groepen/edities/${running.id}`, `/groepen/programmas/${pvt.id}`]) {
        const page = await c.page(path);
        assert.equal(page.status, 200, `${email} ${path}`);
      }
    }
    const trainer = await as('trainer@thuis.demo');
    const { html } = await trainer.page('/groepen');
    const mine = html.indexOf(MINE);
    assert.ok(mine > 0 && mine < html.indexOf('Alle programma'), 'her own groups before the catalogue');
    const next = (await sessionsOf(running.id)).find((s) => s.date >= today)!;
    assert.match(html, new RegExp(`href="/groepen/edities/${running.id}/sessies/${next.id}"`), 'a link to the next session\'s attendance');
    const pvtEdition = await editionByTitle(DEMO_EDITIONS.pvtSchiedam.title);
    const lastPvt = (await sessionsOf(pvtEdition.id)).at(-1)!;
    assert.match(html, new RegExp(`href="/groepen/edities/${pvtEdition.id}/sessies/${lastPvt.id}"`), 'and to the last one held, where nothing is next');
    // A volunteer who trains nothing has no such section; infopunt staff neither.
    assert.ok(!(await (await as('coach@thuis.demo')).page('/groepen')).html.includes(MINE));
    // The catalogue per municipality: the Maassluis edition is not listed under Vlaardingen.
    const coordinator = await as('coordinator@thuis.demo');
    const vlaardingen = await coordinator.page('/groepen?gemeente=GM0622');
    assert.match(vlaardingen.html, /<option value="GM0622" selected>/);
    assert.ok(vlaardingen.html.includes(DEMO_EDITIONS.empowermentRunning.title));
    assert.ok(!vlaardingen.html.includes(DEMO_EDITIONS.samenlevingMaassluis.title));
    // Free places and the waitlist are counts (capacity minus those enrolled), never names.
    const enrolled = (await query<{ n: number }>(`select count(*)::int as n from group_enrolments where edition_id = $1 and status in ('enrolled','completed','not_completed')`, [running.id]))[0]!.n;
    const card = vlaardingen.html.slice(vlaardingen.html.indexOf(DEMO_EDITIONS.empowermentRunning.title));
    const free = 15 - enrolled;
    assert.match(card, free === 0 ? /vol/ : new RegExp(`${free} plek(ken)? vrij`));
  });

  test('the edition page: facts, the schedule with past and next marked, trainers and interpreters; attendance links only for who takes it', async () => {
    const running = await editionByTitle(DEMO_EDITIONS.empowermentRunning.title);
    const sessions = await sessionsOf(running.id);
    const trainer = await as('trainer@thuis.demo');
    const { html } = await trainer.page(`/groepen/edities/${running.id}`);
    assert.match(html, /Bijeenkomst 6/);
    assert.equal(html.match(/thuis-group-mark--past/g)?.length, 3);
    assert.match(html, /thuis-group-mark--today|thuis-group-mark--next/);
    assert.match(html, /Tom Trainer/);
    assert.match(html, /Samira Haddad \(tolk\)/);
    assert.match(html, /Arabisch/);
    assert.match(html, new RegExp(`href="/groepen/edities/${running.id}/sessies/${sessions[0]!.id}"`));
    assert.ok(!html.includes(`/rooster/`), 'a trainer does not change the schedule');
    assert.match(html, /Bibliotheek Vlaardingen/);
    const volunteer = await as('coach@thuis.demo');
    const seen = (await volunteer.page(`/groepen/edities/${running.id}`)).html;
    assert.ok(!seen.includes(`/sessies/`), 'no attendance for a volunteer who is not a trainer');
    assert.ok(!seen.includes('/wijzigen'));
    const coordinator = await as('coordinator@thuis.demo');
    const full = (await coordinator.page(`/groepen/edities/${running.id}`)).html;
    assert.match(full, new RegExp(`/groepen/edities/${running.id}/rooster/${sessions[0]!.id}`));
    assert.match(full, /Trainers kiezen/);
    // The API: the same facts with the sessions and counts, and no participants.
    const api = (await (await trainer.json(`/api/v1/group-editions/${running.id}`)).json()) as EditionView;
    assert.equal(api.sessions.length, 6);
    assert.equal(api.displayStatus, 'running');
    assert.equal(api.permissions.attendance, true);
    assert.equal(api.permissions.configure, false);
    assert.ok(!('participants' in api) && !('enrolments' in api));
    assert.deepEqual(Object.keys(api.sessions[0]!).sort(), ['address', 'cancelled', 'date', 'endMinute', 'id', 'number', 'place', 'startMinute', 'version']);
  });

  test('Arabic interface: a built-in name in Arabic; once the organisation renames it, its own words as written', async () => {
    const reader = t.client();
    await reader.login(t, 'coach2@thuis.demo');
    await reader.page('/taal?l=ar&terug=/groepen');
    let { html } = await reader.page('/groepen');
    assert.match(html, /إعلان المشاركة: أربع ورشات/);
    assert.match(html, /dir="rtl"/);
    const coordinator = await as('coordinator@thuis.demo');
    const zelfportret = await programmeOf('zelfportret');
    const current = await apiProgramme(coordinator, zelfportret.id);
    const renamed = await coordinator.json(`/api/v1/group-programmes/${zelfportret.id}`, { method: 'PATCH', headers: csrf(coordinator), body: { version: current.version, name: 'Zelfportret in De Wester' } });
    assert.equal(renamed.status, 200);
    const after = (await renamed.json()) as ProgrammeView;
    assert.equal(after.builtInName, false);
    assert.equal(after.builtInDescription, true);
    ({ html } = await reader.page('/groepen'));
    assert.match(html, /<span dir="auto">Zelfportret in De Wester<\/span>/, 'as written, marked dir="auto"');
    assert.match(html, /مجموعة آمنة للحديث عمّا مررت به وعن شعورك/, 'the untouched description still in Arabic');
  });

  test('a programme of one\'s own: the form creates it; field errors are translated, next to the field and in a summary', async () => {
    const coordinator = await as('coordinator@thuis.demo');
    const page = await coordinator.page('/groepen/programmas/nieuw');
    assert.equal(page.status, 200);
    const bad = await postAll(coordinator, '/groepen/programmas/nieuw', {
      name: '', description: '', municipalityCode: 'GM0606', languages: ['nl'], otherLanguages: 'x1', sessionCount: '0', maxParticipants: '15',
      completionRule: 'all', completionPercent: '', countsFor: 'pvt', minimumHours: '8', active: '1',
    });
    assert.equal(bad.status, 422);
    const html = await bad.text();
    assert.match(html, /id="error-summary"/);
    assert.match(html, /<div class="utrecht-form-field-error-message" id="f-name-err">Vul dit in/);
    assert.match(html, /aria-describedby="f-name-err"/);
    assert.match(html, /id="f-layers-err"/);
    assert.match(html, /id="f-otherLanguages-err">Gebruik een taalcode/);
    assert.match(html, /Voor de PVT zijn minstens 12 uur nodig/);
    assert.match(html, /href="#f-sessionCount"/);
    assert.match(html, /value="x1"/, 'what was typed stays');
    assert.equal((await query<{ n: number }>(`select count(*)::int as n from group_programmes where organisation_id = $1 and offer_key is null`, [mvs()]))[0]!.n, 0);

    const good = await postAll(coordinator, '/groepen/programmas/nieuw', {
      name: 'Taalcafé', description: 'Elke week samen Nederlands praten.', municipalityCode: 'GM0606', layers: ['basis', 'laag1'], languages: ['nl', 'ar'],
      otherLanguages: 'ti', sessionCount: '10', maxParticipants: '20', completionRule: 'percent', completionPercent: '70', countsFor: '', minimumHours: '', active: '1',
    });
    assert.equal(good.status, 303);
    const id = /\/groepen\/programmas\/([0-9a-f-]{36})\?opgeslagen=1/.exec(good.headers.get('location') ?? '')![1]!;
    const created = await apiProgramme(coordinator, id);
    assert.deepEqual([created.name, created.municipalityCode, created.languages, created.sessionCount, created.completionPercent, created.certificate, created.offerKey],
      ['Taalcafé', 'GM0606', ['nl', 'ar', 'ti'], 10, 70, false, null]);
    assert.match((await coordinator.page(`/groepen/programmas/${id}?opgeslagen=1`)).html, /Uw wijziging is opgeslagen/);
    // Listed for Schiedam, not for Vlaardingen.
    assert.ok((await coordinator.page('/groepen?gemeente=GM0606')).html.includes('Taalcafé'));
    assert.ok(!(await coordinator.page('/groepen?gemeente=GM0622')).html.includes('Taalcafé'));
    // A municipality the organisation does not serve is refused.
    const foreign = await coordinator.json('/api/v1/group-programmes', { method: 'POST', headers: csrf(coordinator), body: {
      name: 'Elders', layers: ['basis'], languages: ['nl'], sessionCount: 2, maxParticipants: 5, completionRule: 'all', municipalityCode: 'GM0098',
    } });
    assert.equal(foreign.status, 422);
    assert.deepEqual(((await foreign.json()) as { errors: { field: string }[] }).errors.map((e) => e.field), ['municipalityCode']);
    const audit = await query<{ detail: Record<string, unknown> }>(`select detail from audit_events where action = 'group_programme.create' and record_id = $1`, [id]);
    assert.equal(audit.length, 1);
    assert.ok(!JSON.stringify(audit[0]!.detail).includes('Taalcaf'), 'LOG-CLEAN');
  });

  test('REL-LOCK on a programme: a stale write answers 409 with the programme as it is now; of 20 parallel stale writes exactly one wins', async () => {
    const coordinator = await as('coordinator@thuis.demo');
    const knm = await programmeOf('armoede_krachtcirkel');
    const read = await apiProgramme(coordinator, knm.id);
    // The form, opened now, goes stale when the API changes the programme.
    const form = await coordinator.page(`/groepen/programmas/${knm.id}`);
    assert.match(form.html, new RegExp(`name="version" value="${read.version}"`));
    const first = await coordinator.json(`/api/v1/group-programmes/${knm.id}`, { method: 'PATCH', headers: csrf(coordinator), body: { version: read.version, maxParticipants: 10 } });
    assert.equal(first.status, 200);
    const stale = await coordinator.json(`/api/v1/group-programmes/${knm.id}`, { method: 'PATCH', headers: csrf(coordinator), body: { version: read.version, maxParticipants: 14 } });
    assert.equal(stale.status, 409);
    const problem = (await stale.json()) as { current: ProgrammeView };
    assert.equal(problem.current.maxParticipants, 10);
    assert.equal(problem.current.version, read.version + 1);

    const staleForm = await postAll(coordinator, `/groepen/programmas/${knm.id}`, { ...programmeForm(read), maxParticipants: '16' });
    assert.equal(staleForm.status, 409);
    const html = await staleForm.text();
    assert.match(html, /Iemand anders heeft dit intussen veranderd/);
    assert.match(html, /<dt>Hoogstens zoveel deelnemers<\/dt><dd dir="auto">10<\/dd>/, 'shows what changed');
    assert.match(html, /name="maxParticipants"\s+type="number" value="16"/, 'keeps what she typed');
    assert.match(html, new RegExp(`name="version" value="${read.version + 1}"`), 'on top of the current version');

    const current = await apiProgramme(coordinator, knm.id);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => coordinator.json(`/api/v1/group-programmes/${knm.id}`, {
      method: 'PATCH', headers: csrf(coordinator), body: { version: current.version, maxParticipants: 5 + i },
    })));
    const statuses = results.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 200).length, 1, statuses.join(','));
    assert.equal(statuses.filter((s) => s === 409).length, 19);
    const winner = (await results[statuses.indexOf(200)]!.json()) as ProgrammeView;
    const final = await apiProgramme(coordinator, knm.id);
    assert.equal(final.version, current.version + 1);
    assert.equal(final.maxParticipants, winner.maxParticipants, 'the final state is the winner\'s');
  });

  test('a new edition from the form: its sessions generated weekly, trainers and interpreters; field errors first', async () => {
    const coordinator = await as('coordinator@thuis.demo');
    const pvt = await programmeOf('pvt');
    const page = await coordinator.page(`/groepen/edities/nieuw?programma=${pvt.id}`);
    assert.equal(page.status, 200);
    assert.match(page.html, /We maken 4 bijeenkomsten/);
    assert.match(page.html, /type="time"/);
    const base = {
      programmeId: pvt.id, title: 'Voorjaar 2027, Schiedam', municipalityCode: 'GM0606', language: 'ar', capacity: '', firstDate: '2027-03-18', everyWeeks: '1',
      startTime: '13:00', endTime: '16:00', place: 'Bibliotheek Schiedam', address: 'Lange Haven 39, 3111 CC Schiedam',
      trainerIds: [userId('trainer@thuis.demo')], 'interpreters.0.name': '', 'interpreters.0.language': '', 'interpreters.1.name': 'Yonas (tolk)', 'interpreters.1.language': 'ti',
    };
    const bad = await postAll(coordinator, '/groepen/edities/nieuw', { ...base, firstDate: '2027-02-30', endTime: '12:00', place: ' ', capacity: '16' });
    assert.equal(bad.status, 422);
    const html = await bad.text();
    assert.match(html, /id="f-firstDate-err">Vul een bestaande datum in|id="f-firstDate-err">/);
    assert.match(html, /id="f-endTime-err">De eindtijd moet na de begintijd liggen/);
    assert.match(html, /id="f-place-err">Vul dit in/);
    assert.equal((await query(`select 1 from group_editions where title = $1`, [base.title])).length, 0, 'nothing stored');
    const tooMany = await postAll(coordinator, '/groepen/edities/nieuw', { ...base, capacity: '16' });
    assert.equal(tooMany.status, 422);
    assert.match(await tooMany.text(), /Zoveel plaatsen heeft het programma niet/);

    const created = await postAll(coordinator, '/groepen/edities/nieuw', base);
    assert.equal(created.status, 303);
    const id = /^\/groepen\/edities\/([0-9a-f-]{36})\?opgeslagen=1$/.exec(created.headers.get('location') ?? '')![1]!;
    const sessions = await sessionsOf(id);
    assert.deepEqual(sessions.map((s) => s.date), ['2027-03-18', '2027-03-25', '2027-04-01', '2027-04-08'], 'weekly, on Thursdays, across the change to summer time');
    assert.ok(sessions.every((s) => s.start_minute === 780 && s.end_minute === 960 && s.place === 'Bibliotheek Schiedam'));
    const edition = (await (await coordinator.json(`/api/v1/group-editions/${id}`)).json()) as EditionView;
    assert.equal(edition.capacity, 15, 'the programme\'s maximum');
    assert.equal(edition.language, 'ar');
    assert.equal(edition.scheduledHours, 12);
    assert.deepEqual(edition.interpreters, [{ name: 'Yonas (tolk)', language: 'ti' }]);
    assert.deepEqual(edition.trainers.map((u) => u.name), ['Tom Trainer']);
    assert.equal(edition.status, 'planned');
    const view = (await coordinator.page(`/groepen/edities/${id}?opgeslagen=1`)).html;
    assert.match(view, /Voorjaar 2027, Schiedam/);
    assert.match(view, /donderdag 18 maart 2027, 13:00–16:00/);
    assert.match(view, /Yonas \(tolk\) <\/span>|Yonas \(tolk\)<\/span> \(Tigrinya\)|Yonas \(tolk\)<\/span>/);
    const audit = await query<{ action: string }>(`select action from audit_events where record_id = $1 and action like 'group_%' order by id`, [id]);
    assert.deepEqual(audit.map((a) => a.action).slice(0, 2), ['group_edition.create', 'group_session.create']);

    // A programme of another organisation answers like a random id.
    const foreignProgramme = await programmeOf('pvt', other());
    const foreign = await coordinator.json('/api/v1/group-editions', { method: 'POST', headers: csrf(coordinator), body: { ...base, trainerIds: [], interpreters: [], programmeId: foreignProgramme.id, capacity: undefined } });
    const random = await coordinator.json('/api/v1/group-editions', { method: 'POST', headers: csrf(coordinator), body: { ...base, trainerIds: [], interpreters: [], programmeId: randomUUID(), capacity: undefined } });
    assert.equal(foreign.status, 404);
    assert.equal(random.status, 404);
    // A trainer from another organisation is not a choice.
    const otherTrainer = await coordinator.json('/api/v1/group-editions', { method: 'POST', headers: csrf(coordinator), body: { ...base, interpreters: [], capacity: undefined, trainerIds: [userId('coach@andere.demo')] } });
    assert.equal(otherTrainer.status, 422);
  });

  test('sessions change one by one (date, time, place, cancelled) with REL-LOCK per session; the end stays after the start', async () => {
    const coordinator = await as('coordinator@thuis.demo');
    const edition = await editionByTitle(DEMO_EDITIONS.samenlevingMaassluis.title);
    const [first, second] = await sessionsOf(edition.id);
    const form = await coordinator.page(`/groepen/edities/${edition.id}/rooster/${second!.id}`);
    assert.equal(form.status, 200);
    assert.match(form.html, /Bijeenkomst 2 wijzigen/);
    const moved = await coordinator.post(`/groepen/edities/${edition.id}/rooster/${second!.id}`, {
      version: String(second!.version), date: addDays(second!.date, 1), startTime: '18:30', endTime: '20:30', place: 'Sporthal Het Balkon', address: 'Balkonstraat 14, 3143 CB Maassluis',
    });
    assert.equal(moved.status, 303);
    const after = (await sessionsOf(edition.id))[1]!;
    assert.deepEqual([after.date, after.start_minute, after.end_minute, after.place, after.cancelled, after.version], [addDays(second!.date, 1), 1110, 1230, 'Sporthal Het Balkon', false, second!.version + 1]);
    // Someone else's older form: 409 with the session as it is now.
    const stale = await coordinator.post(`/groepen/edities/${edition.id}/rooster/${second!.id}`, {
      version: String(second!.version), date: second!.date, startTime: '19:00', endTime: '21:00', place: second!.place, address: second!.address, cancelled: '1',
    });
    assert.equal(stale.status, 409);
    const html = await stale.text();
    assert.match(html, /Iemand anders heeft dit intussen veranderd/);
    assert.match(html, /Sporthal Het Balkon/);
    assert.equal((await sessionsOf(edition.id))[1]!.cancelled, false, 'nothing changed');
    // The API: the end before the start is refused; cancelling one session.
    const inverted = await coordinator.json(`/api/v1/group-editions/${edition.id}/sessions/${first!.id}`, { method: 'PATCH', headers: csrf(coordinator), body: { version: first!.version, endTime: '18:00' } });
    assert.equal(inverted.status, 422);
    assert.deepEqual(((await inverted.json()) as { errors: { field: string }[] }).errors.map((e) => e.field), ['endTime']);
    const cancelled = await coordinator.json(`/api/v1/group-editions/${edition.id}/sessions/${first!.id}`, { method: 'PATCH', headers: csrf(coordinator), body: { version: first!.version, cancelled: true } });
    assert.equal(cancelled.status, 200);
    assert.equal(((await cancelled.json()) as SessionView).cancelled, true);
    assert.match((await coordinator.page(`/groepen/edities/${edition.id}`)).html, /Gaat niet door/);
    // A session of another edition answers 404, like a random id.
    const running = await editionByTitle(DEMO_EDITIONS.empowermentRunning.title);
    const elsewhere = await coordinator.json(`/api/v1/group-editions/${running.id}/sessions/${first!.id}`, { method: 'PATCH', headers: csrf(coordinator), body: { version: 1, cancelled: true } });
    assert.equal(elsewhere.status, 404);
    await coordinator.json(`/api/v1/group-editions/${edition.id}/sessions/${first!.id}`, { method: 'PATCH', headers: csrf(coordinator), body: { version: first!.version + 1, cancelled: false } });
  });

  test('capacity, cancelling and the close: places never below those enrolled nor above the programme; a closed edition stays as it was', async () => {
    const coordinator = await as('coordinator@thuis.demo');
    const pvt = await programmeOf('pvt');
    const created = await coordinator.json('/api/v1/group-editions', { method: 'POST', headers: csrf(coordinator), body: {
      programmeId: pvt.id, title: 'Capaciteit test', municipalityCode: 'GM0622', language: 'nl', capacity: 3, firstDate: addDays(today, 30),
      startTime: '09:00', endTime: '12:00', place: 'Stadskantoor Vlaardingen',
    } });
    assert.equal(created.status, 201);
    const edition = (await created.json()) as EditionView;
    assert.equal(edition.capacity, 3);
    const members = await query<{ id: string; household_id: string }>(
      `select m.id, m.household_id from household_members m join households h on h.id = m.household_id where h.organisation_id = $1 order by m.id limit 3`, [mvs()]);
    for (const m of members) {
      await query(`insert into group_enrolments (organisation_id, edition_id, household_id, member_id, status, enrolled_at) values ($1, $2, $3, $4, 'enrolled', now())`, [mvs(), edition.id, m.household_id, m.id]);
    }
    // One more asks for a place and waits.
    const waiting = (await query<{ id: string; household_id: string }>(
      `select m.id, m.household_id from household_members m join households h on h.id = m.household_id where h.organisation_id = $1 order by m.id offset 3 limit 1`, [mvs()]))[0]!;
    await query(`insert into group_enrolments (organisation_id, edition_id, household_id, member_id, status) values ($1, $2, $3, $4, 'waitlisted')`, [mvs(), edition.id, waiting.household_id, waiting.id]);
    const page = await coordinator.page(`/groepen/edities/${edition.id}`);
    assert.match(page.html, /3 plaatsen, vol/);
    assert.match(page.html, /1 op de wachtlijst/);
    const lower = await coordinator.json(`/api/v1/group-editions/${edition.id}`, { method: 'PATCH', headers: csrf(coordinator), body: { version: edition.version, capacity: 2 } });
    assert.equal(lower.status, 422);
    assert.deepEqual(((await lower.json()) as { errors: { field: string }[] }).errors.map((e) => e.field), ['capacity']);
    const above = await coordinator.json(`/api/v1/group-editions/${edition.id}`, { method: 'PATCH', headers: csrf(coordinator), body: { version: edition.version, capacity: 16 } });
    assert.equal(above.status, 422);
    // Raising within the programme's maximum, through the form, with an interpreter added and the title changed.
    const form = await coordinator.page(`/groepen/edities/${edition.id}/wijzigen`);
    assert.equal(form.status, 200);
    const raised = await coordinator.post(`/groepen/edities/${edition.id}/wijzigen`, {
      version: String(edition.version), title: 'Capaciteit test, meer plaatsen', municipalityCode: 'GM0622', language: 'nl', capacity: '5', status: 'planned',
      'interpreters.0.name': 'Samira Haddad (tolk)', 'interpreters.0.language': 'ar',
    });
    assert.equal(raised.status, 303);
    const now = (await (await coordinator.json(`/api/v1/group-editions/${edition.id}`)).json()) as EditionView;
    assert.deepEqual([now.title, now.capacity, now.freePlaces, now.waitlisted, now.interpreters.length, now.version], ['Capaciteit test, meer plaatsen', 5, 1, 0, 1, edition.version + 1], 'the one waiting moved up');
    assert.equal((await query<{ status: string }>(`select status from group_enrolments where member_id = $1 and edition_id = $2`, [waiting.id, edition.id]))[0]!.status, 'enrolled');
    const update = await query<{ detail: Record<string, unknown> }>(`select detail from audit_events where action = 'group_edition.update' and record_id = $1`, [edition.id]);
    assert.deepEqual(update[0]!.detail, { changed: 'title,capacity,interpreters', status: 'planned', capacity: 5, movedUp: 1 }, 'LOG-CLEAN: which fields, never their text');
    // The form read before that change is stale now.
    const stale = await coordinator.post(`/groepen/edities/${edition.id}/wijzigen`, {
      version: String(edition.version), title: 'Oud', municipalityCode: 'GM0622', language: 'nl', capacity: '4', status: 'planned',
    });
    assert.equal(stale.status, 409);
    assert.match(await stale.text(), /Capaciteit test, meer plaatsen/);
    // Cancelling.
    const cancel = await coordinator.post(`/groepen/edities/${edition.id}/wijzigen`, {
      version: String(now.version), title: now.title, municipalityCode: 'GM0622', language: 'nl', capacity: '5', status: 'cancelled', 'interpreters.0.name': 'Samira Haddad (tolk)', 'interpreters.0.language': 'ar',
    });
    assert.equal(cancel.status, 303);
    assert.match((await coordinator.page(`/groepen/edities/${edition.id}`)).html, /Deze groep gaat niet door/);
    // Completed is set by the close, never here; a closed edition is not changed any more (403, audited).
    const refused = await coordinator.json(`/api/v1/group-editions/${edition.id}`, { method: 'PATCH', headers: csrf(coordinator), body: { version: now.version + 1, status: 'completed' } });
    assert.equal(refused.status, 422);
    await query(`update group_editions set status = 'completed', closed_at = now() where id = $1`, [edition.id]);
    const closed = await coordinator.json(`/api/v1/group-editions/${edition.id}`, { method: 'PATCH', headers: csrf(coordinator), body: { version: now.version + 1, title: 'Te laat' } });
    assert.equal(closed.status, 403);
    assert.equal((await coordinator.page(`/groepen/edities/${edition.id}/wijzigen`)).status, 403);
    const session = (await sessionsOf(edition.id))[0]!;
    assert.equal((await coordinator.json(`/api/v1/group-editions/${edition.id}/sessions/${session.id}`, { method: 'PATCH', headers: csrf(coordinator), body: { version: session.version, place: 'Elders' } })).status, 403);
    assert.match((await coordinator.page(`/groepen/edities/${edition.id}`)).html, /Deze groep is afgesloten/);
  });

  test('trainers: users of the organisation who train, guide or coordinate; the edition\'s version guards the list', async () => {
    const coordinator = await as('coordinator@thuis.demo');
    const edition = await editionByTitle(DEMO_EDITIONS.samenlevingMaassluis.title);
    const page = await coordinator.page(`/groepen/edities/${edition.id}/trainers`);
    assert.equal(page.status, 200);
    assert.match(page.html, /Youssef El Amrani \(vrijwillige coach\)/);
    assert.ok(!page.html.includes('Ingrid Infopunt'), 'infopunt staff do not train');
    const current = (await (await coordinator.json(`/api/v1/group-editions/${edition.id}`)).json()) as EditionView;
    const invalid = await coordinator.json(`/api/v1/group-editions/${edition.id}/trainers`, { method: 'PUT', headers: csrf(coordinator), body: { version: current.version, userIds: [userId('coordinator@andere.demo')] } });
    assert.equal(invalid.status, 422);
    const ingrid = await coordinator.json(`/api/v1/group-editions/${edition.id}/trainers`, { method: 'PUT', headers: csrf(coordinator), body: { version: current.version, userIds: [userId('infopunt@thuis.demo')] } });
    assert.equal(ingrid.status, 422);
    const saved = await coordinator.post(`/groepen/edities/${edition.id}/trainers`, { version: String(current.version), userIds: userId('coach2@thuis.demo') });
    assert.equal(saved.status, 303);
    const after = (await (await coordinator.json(`/api/v1/group-editions/${edition.id}`)).json()) as EditionView;
    assert.deepEqual(after.trainers.map((u) => u.name), ['Youssef El Amrani']);
    const stale = await coordinator.json(`/api/v1/group-editions/${edition.id}/trainers`, { method: 'PUT', headers: csrf(coordinator), body: { version: current.version, userIds: [] } });
    assert.equal(stale.status, 409);
    // Youssef, a volunteer, now trains it: his groups first, attendance on his edition; Tom no longer sees it as his.
    const youssef = await as('coach2@thuis.demo');
    const home = (await youssef.page('/groepen')).html;
    assert.ok(home.includes(MINE) && home.includes(DEMO_EDITIONS.samenlevingMaassluis.title));
    const api = (await (await youssef.json(`/api/v1/group-editions/${edition.id}`)).json()) as EditionView;
    assert.equal(api.permissions.attendance, true);
    const tom = (await (await as('trainer@thuis.demo')).page('/groepen')).html;
    assert.ok(!tom.slice(0, tom.indexOf('Alle programma')).includes(DEMO_EDITIONS.samenlevingMaassluis.title));
    const back = await coordinator.json(`/api/v1/group-editions/${edition.id}/trainers`, { method: 'PUT', headers: csrf(coordinator), body: { version: after.version, userIds: [userId('trainer@thuis.demo')] } });
    assert.equal(back.status, 200);
    const audit = await query<{ detail: Record<string, unknown> }>(`select detail from audit_events where action = 'group_edition.staff_update' and record_id = $1 order by id`, [edition.id]);
    assert.deepEqual(audit.map((a) => a.detail), [{ trainers: 1, added: 1, removed: 1 }, { trainers: 1, added: 1, removed: 1 }]);
  });

  test('only the coordinator configures: a volunteer, a trainer or a professional posting forms or calling the API gets 403, audited, and nothing changes', async () => {
    const pvt = await programmeOf('pvt');
    const edition = await editionByTitle(DEMO_EDITIONS.empowermentRunning.title);
    const session = (await sessionsOf(edition.id))[5]!;
    const before = await query<{ version: number }>(`select version from group_programmes where id = $1 union all select version from group_editions where id = $2 union all select version from group_sessions where id = $3`, [pvt.id, edition.id, session.id]);
    for (const email of ['coach@thuis.demo', 'trainer@thuis.demo', 'beroepskracht@thuis.demo']) {
      const c = await as(email);
      await c.page('/groepen');
      const posts = [
        postAll(c, '/groepen/programmas/nieuw', { name: 'X', layers: ['basis'], languages: ['nl'], sessionCount: '2', maxParticipants: '5', completionRule: 'all', active: '1' }),
        postAll(c, `/groepen/programmas/${pvt.id}`, { version: String(pvt.version), name: 'X', layers: ['basis'], languages: ['nl'], sessionCount: '4', maxParticipants: '5', completionRule: 'all', countsFor: 'pvt', minimumHours: '12' }),
        c.post(`/groepen/edities/${edition.id}/wijzigen`, { version: String(edition.version), title: 'X', municipalityCode: 'GM0622', language: 'nl', capacity: '5', status: 'cancelled' }),
        c.post(`/groepen/edities/${edition.id}/trainers`, { version: String(edition.version) }),
        c.post(`/groepen/edities/${edition.id}/rooster/${session.id}`, { version: String(session.version), date: today, startTime: '10:00', endTime: '11:00', place: 'X' }),
        c.post('/groepen/edities/nieuw', { programmeId: pvt.id }),
        c.json(`/api/v1/group-programmes/${pvt.id}`, { method: 'PATCH', headers: csrf(c), body: { version: pvt.version, name: 'X' } }),
        c.json('/api/v1/group-editions', { method: 'POST', headers: csrf(c), body: { programmeId: pvt.id } }),
        c.json(`/api/v1/group-editions/${edition.id}`, { method: 'PATCH', headers: csrf(c), body: { version: edition.version, capacity: 1 } }),
        c.json(`/api/v1/group-editions/${edition.id}/sessions/${session.id}`, { method: 'PATCH', headers: csrf(c), body: { version: session.version, cancelled: true } }),
        c.json(`/api/v1/group-editions/${edition.id}/trainers`, { method: 'PUT', headers: csrf(c), body: { version: edition.version, userIds: [] } }),
      ];
      const statuses = (await Promise.all(posts)).map((r) => r.status);
      assert.ok(statuses.every((s) => s === 403), `${email}: ${statuses.join(',')}`);
      for (const path of ['/groepen/programmas/nieuw', `/groepen/edities/nieuw?programma=${pvt.id}`, `/groepen/edities/${edition.id}/wijzigen`, `/groepen/edities/${edition.id}/trainers`, `/groepen/edities/${edition.id}/rooster/${session.id}`]) {
        assert.equal((await c.page(path)).status, 403, `${email} GET ${path}`);
      }
      const denied = await query<{ n: number }>(`select count(*)::int as n from audit_events where action = 'access.denied' and actor_user_id = $1 and detail->>'attempted' = 'group.configure'`, [userId(email)]);
      assert.ok(denied[0]!.n >= 16, `${email}: every refusal audited (${denied[0]!.n})`);
    }
    const after = await query<{ version: number }>(`select version from group_programmes where id = $1 union all select version from group_editions where id = $2 union all select version from group_sessions where id = $3`, [pvt.id, edition.id, session.id]);
    assert.deepEqual(after, before, 'nothing changed');
    assert.equal((await query(`select 1 from group_programmes where name = 'X'`)).length, 0);
  });

  test('AUTH-HIDE: an edition or programme of another organisation, a malformed id and a random id answer alike (404), audited', async () => {
    const olga = await as('coordinator@andere.demo');
    const edition = await editionByTitle(DEMO_EDITIONS.empowermentRunning.title);
    const pvt = await programmeOf('pvt');
    for (const [kind, foreignId] of [['edities', edition.id], ['programmas', pvt.id]] as const) {
      const pages = await Promise.all([foreignId, 'abc', randomUUID()].map((id) => olga.page(`/groepen/${kind}/${id}`)));
      assert.deepEqual(pages.map((p) => p.status), [404, 404, 404], kind);
      assert.equal(strip(pages[0]!.html), strip(pages[2]!.html), `${kind}: same body as a random id`);
      assert.equal(strip(pages[1]!.html), strip(pages[2]!.html), `${kind}: same body as a malformed id`);
    }
    const api = await Promise.all([
      olga.json(`/api/v1/group-editions/${edition.id}`), olga.json(`/api/v1/group-editions/${randomUUID()}`), olga.json('/api/v1/group-editions/abc'),
      olga.json(`/api/v1/group-programmes/${pvt.id}`), olga.json(`/api/v1/group-editions/${edition.id}`, { method: 'PATCH', headers: csrf(olga), body: { version: edition.version, title: 'Overgenomen' } }),
      olga.json(`/api/v1/group-programmes/${pvt.id}`, { method: 'PATCH', headers: csrf(olga), body: { version: pvt.version, name: 'Overgenomen' } }),
      olga.json(`/api/v1/group-editions/${edition.id}/trainers`, { method: 'PUT', headers: csrf(olga), body: { version: edition.version, userIds: [] } }),
    ]);
    assert.deepEqual(api.map((r) => r.status), [404, 404, 404, 404, 404, 404, 404]);
    const bodies = await Promise.all(api.slice(0, 3).map(async (r) => strip(JSON.stringify({ ...((await r.json()) as Record<string, unknown>), requestId: null, instance: null }))));
    assert.equal(bodies[0], bodies[1]);
    assert.equal(bodies[0], bodies[2]);
    const denied = await query<{ record_type: string; result: string }>(`select record_type, result from audit_events where action = 'access.denied' and actor_user_id = $1 and record_id in ($2, $3)`, [userId('coordinator@andere.demo'), edition.id, pvt.id]);
    assert.ok(denied.length >= 6 && denied.every((d) => d.result === 'not_found'));
    assert.equal((await editionByTitle(DEMO_EDITIONS.empowermentRunning.title)).version, edition.version, 'nothing changed');
  });

  test('AUTH-LISTS: each organisation lists only its own programmes and editions, on the page and in the API', async () => {
    const olga = await as('coordinator@andere.demo');
    const mvsEditions = await query<{ id: string; title: string }>(`select id, title from group_editions where organisation_id = $1`, [mvs()]);
    assert.ok(mvsEditions.length >= 4);
    const { items } = (await (await olga.json('/api/v1/group-editions')).json()) as { items: { id: string }[] };
    assert.ok(items.every((e) => !mvsEditions.some((m) => m.id === e.id)));
    const programmes = (await (await olga.json('/api/v1/group-programmes')).json()) as { items: { id: string }[] };
    const mvsProgrammes = (await query<{ id: string }>(`select id from group_programmes where organisation_id = $1`, [mvs()])).map((r) => r.id);
    assert.ok(programmes.items.length === 10 && programmes.items.every((p) => !mvsProgrammes.includes(p.id)));
    const page = (await olga.page('/groepen')).html;
    for (const e of mvsEditions) assert.ok(!page.includes(e.id) && !page.includes(e.title), e.title);
    // The filters of the API: per municipality and per status as shown.
    const coordinator = await as('coordinator@thuis.demo');
    const running = (await (await coordinator.json('/api/v1/group-editions?status=running&municipality=GM0622')).json()) as { items: { title: string; displayStatus: string; municipalityCode: string }[] };
    assert.ok(running.items.some((e) => e.title === DEMO_EDITIONS.empowermentRunning.title));
    assert.ok(running.items.every((e) => e.displayStatus === 'running' && e.municipalityCode === 'GM0622'));
    assert.equal((await coordinator.json('/api/v1/group-editions?status=over')).status, 422);
  });

  test('roles without the catalogue (regisseur, partner, monitor) get 403 on the pages and the API', async () => {
    const edition = await editionByTitle(DEMO_EDITIONS.empowermentRunning.title);
    for (const email of ['regisseur@thuis.demo', 'partner@thuis.demo', 'monitor@thuis.demo']) {
      const c = await as(email);
      assert.equal((await c.page('/groepen')).status, 403, email);
      assert.equal((await c.page(`/groepen/edities/${edition.id}`)).status, 403, email);
      assert.equal((await c.json('/api/v1/group-programmes')).status, 403, email);
      assert.equal((await c.json('/api/v1/group-editions')).status, 403, email);
      assert.equal((await c.json(`/api/v1/group-editions/${edition.id}`)).status, 403, email);
      assert.ok(!(await c.page('/start')).html.includes('href="/groepen"'), `${email}: no menu item`);
    }
  });

  // PostgreSQL only: PGlite has one connection, so nothing runs while another transaction holds a lock.
  if (TEST_DB_KIND === 'postgres') {
    test('REL-LOCK: lowering the capacity waits for an enrolment in flight and counts it; never fewer places than people (PostgreSQL only)', async () => {
      const coordinator = await as('coordinator@thuis.demo');
      const created = await coordinator.json('/api/v1/group-editions', { method: 'POST', headers: csrf(coordinator), body: {
        programmeId: (await programmeOf('empowerment')).id, title: `Capaciteit race ${randomUUID().slice(0, 6)}`, municipalityCode: 'GM0622', language: 'nl', capacity: 5,
        firstDate: addDays(today, 30), startTime: '09:00', endTime: '12:00', place: 'Bibliotheek',
      } });
      assert.equal(created.status, 201);
      const edition = (await created.json()) as EditionView;
      const members = await query<{ id: string; household_id: string }>(
        `select m.id, m.household_id from household_members m join households h on h.id = m.household_id where h.organisation_id = $1 order by m.id limit 3`, [mvs()]);
      for (const m of members.slice(0, 2)) {
        await query(`insert into group_enrolments (organisation_id, edition_id, household_id, member_id, status, enrolled_at) values ($1, $2, $3, $4, 'enrolled', now())`, [mvs(), edition.id, m.household_id, m.id]);
      }
      const third = members[2]!;
      // An enrolment in flight holds the edition (as enrolMember does) and takes a third place.
      const { result, waited } = await whileHeld(t, [
        [`select 1 from group_editions where id = $1 for update`, [edition.id]],
        [`insert into group_enrolments (organisation_id, edition_id, household_id, member_id, status, enrolled_at) values ($1, $2, $3, $4, 'enrolled', now())`, [mvs(), edition.id, third.household_id, third.id]],
      ], () => coordinator.json(`/api/v1/group-editions/${edition.id}`, { method: 'PATCH', headers: csrf(coordinator), body: { version: edition.version, capacity: 2 } }));
      assert.ok(waited, 'the change waited for the edition');
      assert.equal(result.status, 422);
      const [now] = await query<{ capacity: number; enrolled: number }>(`select e.capacity, (select count(*)::int from group_enrolments en where en.edition_id = e.id and en.status = 'enrolled') as enrolled
        from group_editions e where e.id = $1`, [edition.id]);
      assert.deepEqual([now!.capacity, now!.enrolled], [5, 3]);
    });
  }
});


