// Infopunten (issue 5): the walk-in desk (five anonymous visits and one linked visit with a follow-up, as
// Ingrid), REL-IDEM on a double tap, AUTH-LISTS on visit lists, AUTH-HIDE and 403 on infopunten, the minimal
// household lookup, the linked visit in the household's journal and the follow-up in "Mijn werk", validation,
// the coordinator's infopunten (hours, staff, REL-LOCK), and the audit trail (LOG-READ, LOG-CLEAN).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp, type TestClient, signedInAs } from '../support/app.ts';
import { TEST_DB_KIND } from '../support/db.ts';
import { addDays } from '../../src/features/households/index.ts';
import { InfopuntInput } from '../../src/features/infopunten/index.ts';
import { parseInput } from '../../src/platform/validation.ts';
import { AppError } from '../../src/platform/errors.ts';
import { inTenant, type Caller } from '../../src/platform/context.ts';
import { assignCoach } from '../../src/features/coaches/index.ts';

let t: TestApp;
const as = signedInAs(() => t);

before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

const today = new Date().toISOString().slice(0, 10);

async function query<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await t.db.database.raw.query<T>(text, params)).rows;
}

async function infopunt(name: string): Promise<string> {
  return (await query<{ id: string }>(`select id from infopunten where name = $1`, [name]))[0]!.id;
}
const VLAARDINGEN = () => infopunt('Infopunt Vlaardingen Centrum');
const MAASSLUIS = () => infopunt('Infopunt Maassluis');

const user = (email: string) => t.demo.users[email]!;

/** A quick log as the desk's form sends it: an anonymous "letter read, 10 minutes, answered" unless told otherwise. */
function visitForm(infopuntId: string, extra: Record<string, string> = {}): Record<string, string> {
  return { infopuntId, idempotencyKey: randomUUID(), topic: 'letter', authority: 'none', durationMinutes: '10', outcome: 'answered', language: 'nl', withInterpreter: '0', ...extra };
}

/** A household of the demo organisation with an open file, coached by `coach` (or by nobody). */
async function household(coach: string | null, family = 'Haddad', dob = '1985-06-01'): Promise<{ id: string; reference: string }> {
  const org = t.demo.organisations.mvs!;
  const id = randomUUID();
  const reference = `IP-${id.slice(0, 8)}`;
  await query(`insert into households (id, organisation_id, reference, municipality_code, housing_date) values ($1, $2, $3, 'GM0622', $4)`, [id, org, reference, addDays(today, -30)]);
  await query(`insert into household_members (household_id, organisation_id, given_names, family_name, date_of_birth, relation) values ($1, $2, 'Amal Noor', $3, $4, 'head')`, [id, org, family, dob]);
  await query(`insert into household_members (household_id, organisation_id, given_names, family_name, date_of_birth, relation) values ($1, $2, 'Samir', $3, '1983-02-02', 'partner')`, [id, org, family]);
  if (coach) await query(`insert into coach_assignments (organisation_id, household_id, coach_id) values ($1, $2, $3)`, [org, id, user(coach)]);
  return { id, reference };
}

async function auditOf(action: string, actor: string) {
  return query<{ result: string; detail: Record<string, unknown> | null; record_id: string | null; subject_household_id: string | null }>(
    `select result, detail, record_id, subject_household_id from audit_events where action = $1 and actor_user_id = $2 order by id`, [action, user(actor)]);
}

function hiddenValue(html: string, name: string): string {
  return html.match(new RegExp(`name="${name}" value="([^"]*)"`))![1]!;
}

async function apiAs(client: TestClient, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const response = await client.json(`/api/v1${path}`, { ...init, headers: { 'x-csrf-token': client.csrf, ...init.headers } });
  return { status: response.status, body: response.status === 204 ? null : await response.json() as any };
}

describe(`infopunten on ${TEST_DB_KIND}`, () => {
  test('the demo: three infopunten with hours and staff, about 150 visits mostly anonymous, letters and allowances most, two open follow-ups', async () => {
    const punten = await query<{ name: string; municipality_code: string; hours: number; staff: number }>(
      `select i.name, i.municipality_code, jsonb_array_length(i.opening_hours)::int as hours, (select count(*)::int from infopunt_staff s where s.infopunt_id = i.id) as staff
         from infopunten i where i.organisation_id = $1 order by i.municipality_code`, [t.demo.organisations.mvs]);
    assert.deepEqual(punten.map((p) => p.municipality_code), ['GM0556', 'GM0606', 'GM0622']);
    assert.ok(punten.every((p) => p.hours > 0 && p.staff > 0));
    const [visits] = await query<{ n: number; linked: number; letters: number; allowances: number; toeslagen: number }>(
      `select count(*)::int as n, count(household_id)::int as linked, count(*) filter (where topic = 'letter')::int as letters,
              count(*) filter (where topic = 'allowances')::int as allowances, count(*) filter (where authority = 'belastingdienst_toeslagen')::int as toeslagen
         from infopunt_visits where organisation_id = $1`, [t.demo.organisations.mvs]);
    assert.ok(visits!.n >= 120 && visits!.n <= 200, `about 150 visits, got ${visits!.n}`);
    assert.ok(visits!.linked >= 1 && visits!.linked < visits!.n / 10, 'most anonymous, a few linked');
    const byTopic = await query<{ topic: string; n: number }>(`select topic, count(*)::int as n from infopunt_visits group by topic order by n desc, topic`);
    assert.deepEqual(byTopic.slice(0, 2).map((r) => r.topic).sort(), ['allowances', 'letter']);
    const byAuthority = await query<{ authority: string }>(`select authority from infopunt_visits where authority <> 'none' group by authority order by count(*) desc limit 1`);
    assert.equal(byAuthority[0]!.authority, 'belastingdienst_toeslagen');
    const open = await query<{ assigned_to: string; outcome: string }>(
      `select f.assigned_to, v.outcome from infopunt_follow_ups f join infopunt_visits v on v.id = f.visit_id where f.status = 'open' order by v.outcome`);
    assert.deepEqual(open.map((o) => [o.assigned_to, o.outcome]), [[user('infopunt@thuis.demo'), 'follow_up'], [user('coach@thuis.demo'), 'referred_coach']]);
  });
  test('the journey: Ingrid logs five anonymous visits and one linked visit with a follow-up; the coach sees it in the journal and in "Mijn werk"; done removes it', async () => {
    const punt = await VLAARDINGEN();
    const anneHousehold = await household('coach@thuis.demo', 'Darwish', '1979-11-23');
    const ingrid = await as('infopunt@thuis.demo');
    const desk = await ingrid.page(`/infopunt?punt=${punt}`);
    assert.equal(desk.status, 200);
    assert.match(desk.html, /<h1 class="utrecht-heading-1">Infopunt Vlaardingen Centrum<\/h1>/);
    // The quick form: topic chips, defaults preselected (none, 10 minutes, answered, Dutch, no interpreter).
    for (const topic of ['letter', 'allowances', 'digid', 'other']) assert.ok(desk.html.includes(`name="topic"`) && desk.html.includes(`value="${topic}"`));
    assert.match(desk.html, /name="durationMinutes" id="f-durationMinutes-10" value="10" checked/);
    assert.match(desk.html, /name="outcome" id="f-outcome" value="answered" checked/);
    assert.match(desk.html, /<option value="nl" selected>/);
    assert.ok(desk.html.includes('formaction="/infopunt/zoeken"'), 'Ingrid may link a household');
    const before = (await query<{ n: number }>(`select count(*)::int as n from infopunt_visits where logged_by = $1 and occurred_on = $2`, [user('infopunt@thuis.demo'), today]))[0]!.n;

    for (let i = 0; i < 5; i++) {
      const response = await ingrid.post('/infopunt/bezoeken', visitForm(punt, { topic: i % 2 ? 'allowances' : 'letter', authority: i % 2 ? 'belastingdienst_toeslagen' : 'none' }));
      assert.equal(response.status, 303);
      assert.equal(response.headers.get('location'), `/infopunt?punt=${punt}&opgeslagen=1`);
    }
    const after5 = await ingrid.page(`/infopunt?punt=${punt}&opgeslagen=1`);
    assert.ok(after5.html.includes(`Bezoek opgeslagen. Vandaag heeft u ${before + 5} bezoeken vastgelegd.`));
    assert.notEqual(hiddenValue(after5.html, 'idempotencyKey'), hiddenValue(desk.html, 'idempotencyKey'), 'a fresh form for the next visitor');

    // The linked visit: look the household up by its reference (a POST; the page keeps what was filled in).
    const fields = visitForm(punt, { topic: 'letter', authority: 'gemeente', outcome: 'referred_coach', durationMinutes: '20', language: 'ar', withInterpreter: '1', followUpDescription: 'Aanvraag kwijtschelding samen invullen' });
    const found = await ingrid.post('/infopunt/zoeken', { ...fields, reference: anneHousehold.reference.toLowerCase() });
    assert.equal(found.status, 200);
    const foundHtml = await found.text();
    assert.ok(foundHtml.includes(`${anneHousehold.reference} · Amal D.`), 'reference, first given name and the initial of the family name');
    assert.ok(!foundHtml.includes('Darwish') && !foundHtml.includes('Noor') && !foundHtml.includes('Samir'), 'nothing more of the household');
    assert.match(foundHtml, new RegExp(`name="householdId" id="f-householdId-${anneHousehold.id}" value="${anneHousehold.id}"\\s+checked`));
    assert.match(foundHtml, /name="outcome" id="f-outcome-referred_coach" value="referred_coach" checked/);
    assert.equal(hiddenValue(foundHtml, 'idempotencyKey'), fields.idempotencyKey);
    const linked = await ingrid.post('/infopunt/bezoeken', { ...fields, householdId: anneHousehold.id });
    assert.equal(linked.status, 303);
    const [visit] = await query<{ id: string; household_id: string; language: string; with_interpreter: boolean; duration_minutes: number }>(
      `select id, household_id, language, with_interpreter, duration_minutes from infopunt_visits where idempotency_key = $1`, [fields.idempotencyKey]);
    assert.deepEqual([visit!.household_id, visit!.language, visit!.with_interpreter, visit!.duration_minutes], [anneHousehold.id, 'ar', true, 20]);
    const [followUp] = await query<{ id: string; assigned_to: string; due_on: string; status: string; version: number }>(
      `select id, assigned_to, due_on::text, status, version from infopunt_follow_ups where visit_id = $1`, [visit!.id]);
    assert.deepEqual([followUp!.assigned_to, followUp!.due_on, followUp!.status], [user('coach@thuis.demo'), addDays(today, 7), 'open'], 'referred to the coach: her task, due in a week');
    const deskNow = await ingrid.page(`/infopunt?punt=${punt}`);
    assert.ok(deskNow.html.includes(`Vandaag: ${before + 6} bezoeken`));
    assert.ok(deskNow.html.includes(`Huishouden ${anneHousehold.reference}`), 'her own list shows the linked reference');

    // Ingrid does not reach the household's file: dossier and journal answer 404.
    assert.equal((await ingrid.page(`/huishoudens/${anneHousehold.id}`)).status, 404);
    assert.equal((await apiAs(ingrid, `/households/${anneHousehold.id}/notes`)).status, 404);

    // The coach: the visit in the journal, marked as an infopunt visit, in the translated vocabulary.
    const anne = await as('coach@thuis.demo');
    const dossier = await anne.page(`/huishoudens/${anneHousehold.id}`);
    assert.equal(dossier.status, 200);
    const entry = dossier.html.slice(dossier.html.indexOf('thuis-note--infopunt'));
    assert.ok(entry.includes('Bezoek infopunt') && entry.includes('Bezoek aan Infopunt Vlaardingen Centrum'));
    for (const text of ['Brief lezen', 'Gemeente', 'Doorverwezen naar de coach', '20 minuten', 'Arabisch', 'met tolk', 'Vastgelegd door Ingrid Infopunt']) assert.ok(entry.includes(text), text);
    const notes = await apiAs(anne, `/households/${anneHousehold.id}/notes`);
    const item = notes.body.items.find((n: { id: string }) => n.id === visit!.id);
    assert.equal(item.kind, 'infopunt_visit');
    assert.deepEqual(item.infopuntVisit, { infopuntName: 'Infopunt Vlaardingen Centrum', topic: 'letter', authority: 'gemeente', outcome: 'referred_coach', language: 'ar' });
    // The professional who supervises Anne reads the journal too; the municipality's regisseur does not.
    assert.ok((await (await as('beroepskracht@thuis.demo')).page(`/huishoudens/${anneHousehold.id}`)).html.includes('thuis-note--infopunt'));
    const regisseur = await as('regisseur@thuis.demo');
    const theirs = await regisseur.page(`/huishoudens/${anneHousehold.id}`);
    assert.ok(theirs.status === 200 && !theirs.html.includes('thuis-note--infopunt'));

    // "Mijn werk": the follow-up with its due date, topic and the household's reference; "Klaar" removes it.
    const work = await anne.page('/mijn-werk');
    assert.ok(work.html.includes('Aanvraag kwijtschelding samen invullen'));
    assert.ok(work.html.includes(`href="/huishoudens/${anneHousehold.id}">${anneHousehold.reference}</a>`));
    const api = await apiAs(anne, '/worklist');
    assert.ok(api.body.infopuntFollowUps.items.some((f: { id: string }) => f.id === followUp!.id));
    const done = await anne.post(`/infopunt/vervolg/${followUp!.id}/klaar`, { version: String(followUp!.version), terug: '/mijn-werk' });
    assert.equal(done.status, 303);
    assert.equal(done.headers.get('location'), '/mijn-werk#vervolgafspraken');
    assert.ok(!(await anne.page('/mijn-werk')).html.includes('Aanvraag kwijtschelding samen invullen'));
    const [after] = await query<{ status: string; done_by: string }>(`select status, done_by from infopunt_follow_ups where id = $1`, [followUp!.id]);
    assert.deepEqual([after!.status, after!.done_by], ['done', user('coach@thuis.demo')]);
    const completed = (await auditOf('infopunt_follow_up.complete', 'coach@thuis.demo')).filter((a) => a.record_id === followUp!.id);
    assert.equal(completed.length, 1);
    assert.equal(completed[0]!.subject_household_id, anneHousehold.id);
    // A second tap on the same version: already done, nothing changes (REL-LOCK answers 409 through the API).
    const again = await apiAs(anne, `/infopunt-follow-ups/${followUp!.id}/done`, { method: 'POST', body: { version: followUp!.version } });
    assert.equal(again.status, 409);
    assert.equal(again.body.current.status, 'done');
  });

  test('REL-IDEM: a double tap or a retry with the same key logs one visit, on the page and through the API', async () => {
    const punt = await VLAARDINGEN();
    const ingrid = await as('infopunt@thuis.demo');
    const form = visitForm(punt, { topic: 'digid' });
    const responses = await Promise.all([ingrid.post('/infopunt/bezoeken', form), ingrid.post('/infopunt/bezoeken', form)]);
    assert.deepEqual(responses.map((r) => r.status), [303, 303]);
    assert.equal((await ingrid.post('/infopunt/bezoeken', form)).status, 303);
    const rows = await query<{ n: number }>(`select count(*)::int as n from infopunt_visits where idempotency_key = $1`, [form.idempotencyKey]);
    assert.equal(rows[0]!.n, 1);

    const key = randomUUID();
    const body = { topic: 'allowances', authority: 'belastingdienst_toeslagen', durationMinutes: 15, outcome: 'follow_up', followUpDescription: 'Toeslagen samen wijzigen' };
    const first = await apiAs(ingrid, `/infopunten/${punt}/visits`, { method: 'POST', body, headers: { 'idempotency-key': key } });
    const second = await apiAs(ingrid, `/infopunten/${punt}/visits`, { method: 'POST', body, headers: { 'idempotency-key': key } });
    assert.deepEqual([first.status, second.status], [201, 200]);
    assert.equal(second.body.replayed, true);
    assert.equal(second.body.visit.id, first.body.visit.id);
    assert.equal(first.body.followUp.assignedToMe, true, 'a new appointment stays with who logged it');
    const followUps = await query<{ n: number }>(`select count(*)::int as n from infopunt_follow_ups where visit_id = $1`, [first.body.visit.id]);
    assert.equal(followUps[0]!.n, 1);
  });

  test('AUTH-LISTS: Ingrid lists only the visits she logged (Fatima\'s are absent, the counts too); the coordinator lists all, filtered and paged', async () => {
    const punt = await VLAARDINGEN();
    const fatima = await as('formulieren@thuis.demo');
    assert.equal((await fatima.post('/infopunt/bezoeken', visitForm(punt, { topic: 'energy' }))).status, 303);
    const ingrid = await as('infopunt@thuis.demo');
    const own = async (client: TestClient, extra = '') => {
      const items: { id: string; loggedByName?: string }[] = [];
      let total = 0;
      for (let page = 1; ; page++) {
        const r = await apiAs(client, `/infopunt-visits?pageSize=100&page=${page}${extra}`);
        assert.equal(r.status, 200);
        items.push(...r.body.items);
        total = r.body.total;
        if (items.length >= total || r.body.items.length === 0) break;
      }
      return { items, total };
    };
    const mine = await own(ingrid);
    const [oracle] = await query<{ n: number }>(`select count(*)::int as n from infopunt_visits where logged_by = $1`, [user('infopunt@thuis.demo')]);
    assert.equal(mine.total, oracle!.n);
    assert.equal(mine.items.length, oracle!.n);
    const theirs = await query<{ id: string }>(`select id from infopunt_visits where logged_by = $1`, [user('formulieren@thuis.demo')]);
    assert.ok(theirs.length > 0);
    const ids = new Set(mine.items.map((i) => i.id));
    assert.ok(theirs.every((v) => !ids.has(v.id)), 'none of Fatima\'s visits');
    assert.ok(mine.items.every((i) => !('loggedByName' in i)));
    assert.equal((await apiAs(ingrid, '/infopunt-visits?scope=all')).status, 403);
    const page = await ingrid.page('/infopunt/bezoeken');
    assert.equal(page.status, 200);
    assert.ok(page.html.includes(`${oracle!.n} bezoeken`));
    assert.ok(!page.html.includes('Fatima Formulierenteam'));

    const carla = await as('coordinator@thuis.demo');
    const [all] = await query<{ n: number }>(`select count(*)::int as n from infopunt_visits where organisation_id = $1`, [t.demo.organisations.mvs]);
    const first = await apiAs(carla, '/infopunt-visits?pageSize=10');
    assert.equal(first.body.scope, 'all');
    assert.equal(first.body.total, all!.n);
    assert.equal(first.body.items.length, 10);
    assert.ok(first.body.items.every((i: { loggedByName?: string }) => typeof i.loggedByName === 'string'));
    const [inPunt] = await query<{ n: number }>(`select count(*)::int as n from infopunt_visits where infopunt_id = $1 and occurred_on >= $2`, [punt, addDays(today, -14)]);
    const filtered = await apiAs(carla, `/infopunt-visits?infopuntId=${punt}&from=${addDays(today, -14)}&to=${today}`);
    assert.equal(filtered.body.total, inPunt!.n);
    const allPage = await carla.page(`/infopunt/bezoeken?punt=${punt}&van=${addDays(today, -14)}&page=1`);
    assert.ok(allPage.html.includes(`${inPunt!.n} bezoeken`) && allPage.html.includes('Vastgelegd door'));
    // The other organisation's coordinator sees none of them.
    const other = await as('coordinator@andere.demo');
    assert.equal((await apiAs(other, '/infopunt-visits')).body.total, 0);
  });

  test('logging where she does not work answers 403 (audited); another organisation\'s infopunt answers 404 like a random id', async () => {
    const ingrid = await as('infopunt@thuis.demo');
    const maassluis = await MAASSLUIS();
    const refused = await ingrid.post('/infopunt/bezoeken', visitForm(maassluis));
    assert.equal(refused.status, 403);
    const denied = (await auditOf('access.denied', 'infopunt@thuis.demo')).filter((a) => a.record_id === maassluis);
    assert.equal(denied.at(-1)!.result, 'denied');
    assert.equal(denied.at(-1)!.detail!.attempted, 'infopunt.log');
    assert.equal((await apiAs(ingrid, `/infopunten/${maassluis}/visits`, { method: 'POST', body: { topic: 'letter', durationMinutes: 5 } })).status, 403);

    const [foreign] = await query<{ id: string }>(`insert into infopunten (organisation_id, municipality_code, name) values ($1, 'GM0098', 'Infopunt Wolvega') returning id`, [t.demo.organisations.other]);
    const random = randomUUID();
    const a = await ingrid.post('/infopunt/bezoeken', visitForm(foreign!.id));
    const b = await ingrid.post('/infopunt/bezoeken', visitForm(random));
    assert.deepEqual([a.status, b.status], [404, 404]);
    const strip = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, '');
    assert.equal(strip(await a.text()), strip(await b.text()));
    const apiA = await apiAs(ingrid, `/infopunten/${foreign!.id}`);
    const apiB = await apiAs(ingrid, `/infopunten/${random}`);
    assert.deepEqual([apiA.status, apiB.status], [404, 404]);
    assert.deepEqual({ ...apiA.body, instance: null, requestId: null }, { ...apiB.body, instance: null, requestId: null });
    assert.equal((await ingrid.page(`/infopunten/${foreign!.id}`)).status, 404);
    assert.equal((await ingrid.page('/infopunten/niet-een-id')).status, 404);
    const hidden = (await auditOf('access.denied', 'infopunt@thuis.demo')).filter((r) => r.record_id === foreign!.id);
    assert.ok(hidden.length >= 2 && hidden.every((r) => r.result === 'not_found'));
    assert.equal((await query<{ n: number }>(`select count(*)::int as n from infopunt_visits where infopunt_id = $1`, [foreign!.id]))[0]!.n, 0);
  });

  test('the lookup: exact matches only, at most five, exactly the four minimal keys; audited with the count and never the terms', async () => {
    const ingrid = await as('infopunt@thuis.demo');
    const target = await household('coach@thuis.demo', 'Tesfamariam', '1991-03-14');
    const byReference = await apiAs(ingrid, '/infopunt-household-lookup', { method: 'POST', body: { reference: target.reference } });
    assert.equal(byReference.status, 200);
    assert.equal(byReference.body.items.length, 1);
    assert.deepEqual(Object.keys(byReference.body.items[0]).sort(), ['familyInitial', 'givenName', 'householdId', 'reference']);
    assert.deepEqual(byReference.body.items[0], { householdId: target.id, reference: target.reference, givenName: 'Amal', familyInitial: 'T' });
    const byName = await apiAs(ingrid, '/infopunt-household-lookup', { method: 'POST', body: { familyName: '  tesfamariam ', dateOfBirth: '1991-03-14' } });
    assert.deepEqual(byName.body.items.map((i: { householdId: string }) => i.householdId), [target.id]);
    // No partial names, no partial references, no other date.
    for (const body of [{ familyName: 'Tesfa', dateOfBirth: '1991-03-14' }, { familyName: 'Tesfamariam', dateOfBirth: '1991-03-15' }, { reference: target.reference.slice(0, -1) }]) {
      assert.deepEqual((await apiAs(ingrid, '/infopunt-household-lookup', { method: 'POST', body })).body.items, [], JSON.stringify(body));
    }
    // Two spellings of one family in the demo: only the exact one comes back.
    const alHassan = await apiAs(ingrid, '/infopunt-household-lookup', { method: 'POST', body: { familyName: 'Al-Hassan', dateOfBirth: '1987-04-12' } });
    assert.deepEqual(alHassan.body.items.map((i: { reference: string }) => i.reference), ['A-2026-017']);
    // At most five, however many share a name and a birthday.
    for (let i = 0; i < 7; i++) await household(null, 'Yilmaz', '1990-01-01');
    const many = await apiAs(ingrid, '/infopunt-household-lookup', { method: 'POST', body: { familyName: 'Yilmaz', dateOfBirth: '1990-01-01' } });
    assert.equal(many.body.items.length, 5);
    // Name without a date of birth, or nothing at all: a field error.
    const incomplete = await apiAs(ingrid, '/infopunt-household-lookup', { method: 'POST', body: { familyName: 'Yilmaz' } });
    assert.equal(incomplete.status, 422);
    assert.deepEqual(incomplete.body.errors.map((f: { field: string }) => f.field), ['dateOfBirth']);
    // Another organisation's household is never found.
    const foreignReference = `W-${randomUUID().slice(0, 8)}`;
    const [foreign] = await query<{ id: string }>(`insert into households (organisation_id, reference, municipality_code) values ($1, $2, 'GM0098') returning id`, [t.demo.organisations.other, foreignReference]);
    await query(`insert into household_members (household_id, organisation_id, given_names, family_name, relation) values ($1, $2, 'Otto', 'Visser', 'head')`, [foreign!.id, t.demo.organisations.other]);
    assert.equal((await apiAs(await as('coordinator@andere.demo'), '/infopunt-household-lookup', { method: 'POST', body: { reference: foreignReference } })).body.items.length, 1, 'its own organisation finds it');
    assert.deepEqual((await apiAs(ingrid, '/infopunt-household-lookup', { method: 'POST', body: { reference: foreignReference } })).body.items, []);
    // A volunteer of the formulierenteam does not look households up (no browsing for her); the desk offers no link.
    const youssef = await as('coach2@thuis.demo');
    assert.equal((await apiAs(youssef, '/infopunt-household-lookup', { method: 'POST', body: { reference: target.reference } })).status, 403);
    const yDesk = await youssef.page('/infopunt');
    assert.equal(yDesk.status, 200);
    assert.ok(yDesk.html.includes('Infopunt Maassluis') && !yDesk.html.includes('formaction="/infopunt/zoeken"'));
    // No wildcards, no prefixes: % and _ are plain characters; case and spaces around do not matter.
    for (const reference of ['%', '_', `${target.reference.slice(0, -1)}_`, `${target.reference.slice(0, 4)}%`, `${target.reference.slice(0, 3)} ${target.reference.slice(3)}`]) {
      assert.deepEqual((await apiAs(ingrid, '/infopunt-household-lookup', { method: 'POST', body: { reference } })).body.items, [], reference);
    }
    assert.deepEqual((await apiAs(ingrid, '/infopunt-household-lookup', { method: 'POST', body: { familyName: 'Tesfa%', dateOfBirth: '1991-03-14' } })).body.items, []);
    assert.equal((await apiAs(ingrid, '/infopunt-household-lookup', { method: 'POST', body: { reference: `  ${target.reference.toLowerCase()} ` } })).body.items.length, 1);
    // SES-RATE: the lookup has a budget of its own (30 per ten minutes, far below the general search budget), so
    // nobody walks a series of references; the next answers 429 with Retry-After, page and API alike.
    const sanne = await as('beroepskracht@thuis.demo');
    const statuses: number[] = [];
    for (let i = 1; i <= 31; i++) {
      statuses.push((await sanne.json('/api/v1/infopunt-household-lookup', { method: 'POST', body: { reference: `A-2026-${String(i).padStart(3, '0')}` }, headers: { 'x-csrf-token': sanne.csrf } })).status);
    }
    assert.deepEqual(statuses, [...Array(30).fill(200), 429]);
    const limited = await sanne.post('/infopunt/zoeken', { reference: target.reference });
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 60, 'the window is ten minutes');
    assert.equal((await apiAs(await as('coordinator@thuis.demo'), '/infopunt-household-lookup', { method: 'POST', body: { reference: target.reference } })).status, 200, 'per user');
    // LOG-READ: one entry per lookup with how and how many; LOG-CLEAN: the terms are nowhere.
    const lookups = await auditOf('infopunt_visit.household_lookup', 'infopunt@thuis.demo');
    assert.ok(lookups.length >= 8);
    assert.deepEqual(lookups.find((l) => l.detail!.results === 5)!.detail, { by: 'name_birth', results: 5 });
    const leaked = await query<{ n: number }>(`select count(*)::int as n from audit_events where audit_events::text ilike '%tesfamariam%' or audit_events::text ilike '%yilmaz%'`);
    assert.equal(leaked[0]!.n, 0);
    assert.ok(!t.logLines.some((l) => /tesfamariam|yilmaz/i.test(l)));
  });

  test('referred to the coach without a linked, coached household answers 422 next to the outcome; validation is translated', async () => {
    const punt = await VLAARDINGEN();
    const ingrid = await as('infopunt@thuis.demo');
    const count = async () => (await query<{ n: number }>(`select count(*)::int as n from infopunt_visits`))[0]!.n;
    const before = await count();
    const anonymous = await ingrid.post('/infopunt/bezoeken', visitForm(punt, { outcome: 'referred_coach', followUpDescription: 'Doorverwijzen naar coach' }));
    assert.equal(anonymous.status, 422);
    const html = await anonymous.text();
    assert.ok(html.includes('id="f-outcome-err">Doorverwijzen naar de coach kan alleen als het bezoek gekoppeld is aan een huishouden met een coach.'));
    assert.ok(html.includes('id="error-summary"') && html.includes('href="#f-outcome">Uitkomst:'));
    assert.match(html, /name="outcome" id="f-outcome-referred_coach" value="referred_coach" checked/, 'what she chose stays');
    const uncoached = await household(null, 'Osman', '1970-05-05');
    const noCoach = await ingrid.post('/infopunt/bezoeken', visitForm(punt, { outcome: 'referred_coach', followUpDescription: 'x', householdId: uncoached.id }));
    assert.equal(noCoach.status, 422);
    // The API says the same with the field's key.
    const api = await apiAs(ingrid, `/infopunten/${punt}/visits`, { method: 'POST', body: { topic: 'letter', durationMinutes: 10, outcome: 'referred_coach', followUpDescription: 'x' } });
    assert.equal(api.status, 422);
    assert.deepEqual(api.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]), [['outcome', 'validation.infopunten_needs_coach']]);
    // Referred to a partner without a household: the task stays with who logged it.
    const partner = await apiAs(ingrid, `/infopunten/${punt}/visits`, { method: 'POST', body: { topic: 'debts', durationMinutes: 30, outcome: 'referred_partner', followUpDescription: 'Schuldhulp bellen' } });
    assert.equal(partner.status, 201);
    assert.equal(partner.body.followUp.assignedToMe, true);

    // No topic, no description, a date in the past: messages in Dutch, and in English after switching.
    const bad = await ingrid.post('/infopunt/bezoeken', visitForm(punt, { topic: '', outcome: 'follow_up', followUpDueOn: addDays(today, -1) }));
    assert.equal(bad.status, 422);
    const badHtml = await bad.text();
    assert.ok(badHtml.includes('id="f-topic-err">Kies een van de mogelijkheden.'));
    assert.ok(badHtml.includes('id="f-followUpDescription-err">Schrijf kort op wat er moet gebeuren.'));
    const past = await ingrid.post('/infopunt/bezoeken', visitForm(punt, { outcome: 'follow_up', followUpDescription: 'Terugkomen', followUpDueOn: addDays(today, -1) }));
    assert.ok((await past.text()).includes('id="f-followUpDueOn-err">Deze datum is al voorbij.'));
    await ingrid.request(`/taal?l=en&terug=/infopunt`);
    const english = await ingrid.post('/infopunt/bezoeken', visitForm(punt, { topic: '' }));
    assert.ok((await english.text()).includes('id="f-topic-err">Choose one of the options.'));
    await ingrid.request(`/taal?l=nl&terug=/infopunt`);
    assert.equal(await count(), before + 1, 'only the referral to a partner was logged');
  });

  test('the coordinator configures an infopunt: hours validated, staff set, REL-LOCK; a volunteer gets 403', async () => {
    const carla = await as('coordinator@thuis.demo');
    const list = await carla.page('/infopunten');
    assert.equal(list.status, 200);
    assert.ok(list.html.includes('Infopunt Schiedam-Oost') && list.html.includes('action="/infopunten"'));
    const form = (extra: Record<string, string>) => ({ name: 'Infopunt Holy', municipalityCode: 'GM0622', address: 'Holysingel 1, 3137 AA Vlaardingen', active: '1', ...extra });
    const overlap = await carla.post('/infopunten', form({ 'hours-mon-0-from': '09:00', 'hours-mon-0-to': '12:00', 'hours-mon-1-from': '11:30', 'hours-mon-1-to': '13:00' }));
    assert.equal(overlap.status, 422);
    assert.ok((await overlap.text()).includes('id="f-hours-mon-1-from-err">Deze tijd overlapt met een andere tijd op dezelfde dag.'));
    const backwards = await carla.post('/infopunten', form({ 'hours-tue-0-from': '14:00', 'hours-tue-0-to': '13:00' }));
    assert.ok((await backwards.text()).includes('id="f-hours-tue-0-to-err">De eindtijd moet na de begintijd liggen.'));
    const elsewhere = await carla.post('/infopunten', form({ municipalityCode: 'GM0098' }));
    assert.ok((await elsewhere.text()).includes('Uw organisatie werkt niet in deze gemeente.'));
    const created = await carla.post('/infopunten', form({ 'hours-mon-0-from': '09:00', 'hours-mon-0-to': '12:00', 'hours-mon-1-from': '13:00', 'hours-mon-1-to': '15:00', 'hours-wed-0-from': '09:30', 'hours-wed-0-to': '11:30' }));
    assert.equal(created.status, 303);
    const id = created.headers.get('location')!.match(/\/infopunten\/([0-9a-f-]{36})/)![1]!;
    const [row] = await query<{ opening_hours: unknown; version: number }>(`select opening_hours, version from infopunten where id = $1`, [id]);
    assert.deepEqual(row!.opening_hours, [{ day: 'mon', from: 540, to: 720 }, { day: 'mon', from: 780, to: 900 }, { day: 'wed', from: 570, to: 690 }]);

    // Staff: Fatima joins as formulierenteam; a trainer cannot work at an infopunt.
    const detail = await carla.page(`/infopunten/${id}`);
    assert.ok(detail.html.includes('09:00–12:00, 13:00–15:00'));
    const staffed = await carla.post(`/infopunten/${id}/medewerkers`, { version: String(row!.version), addUser: user('formulieren@thuis.demo'), addKind: 'formulierenteam' });
    assert.equal(staffed.status, 303);
    assert.deepEqual(await query(`select user_id, kind from infopunt_staff where infopunt_id = $1`, [id]), [{ user_id: user('formulieren@thuis.demo'), kind: 'formulierenteam' }]);
    const trainer = await apiAs(carla, `/infopunten/${id}/staff`, { method: 'PUT', body: { version: row!.version + 1, staff: [{ userId: user('trainer@thuis.demo'), kind: 'staff' }] } });
    assert.equal(trainer.status, 422);
    assert.deepEqual(trainer.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]), [['staff.0.userId', 'validation.infopunten_staff_user']]);
    // REL-LOCK: a change at an old version answers 409 with the infopunt as it is now.
    const stale = await carla.post(`/infopunten/${id}`, { ...form({ name: 'Infopunt Holy-Noord' }), version: String(row!.version) });
    assert.equal(stale.status, 409);
    assert.ok((await stale.text()).includes('Iemand anders heeft dit infopunt intussen gewijzigd.'));
    const patched = await apiAs(carla, `/infopunten/${id}`, { method: 'PATCH', body: { version: row!.version + 1, name: 'Infopunt Holy-Noord', openingHours: [{ day: 'fri', from: '10:00', to: '12:00' }] } });
    assert.equal(patched.status, 200);
    assert.deepEqual([patched.body.name, patched.body.openingHours, patched.body.staff.length], ['Infopunt Holy-Noord', [{ day: 'fri', from: '10:00', to: '12:00' }], 1]);
    const conflict = await apiAs(carla, `/infopunten/${id}`, { method: 'PATCH', body: { version: row!.version, active: false } });
    assert.equal(conflict.status, 409);
    assert.equal(conflict.body.current.name, 'Infopunt Holy-Noord');
    assert.deepEqual((await auditOf('infopunt.staff_update', 'coordinator@thuis.demo')).at(-1)!.detail, { staff: 0, formulierenteam: 1, version: row!.version + 1 });

    // Fatima now works there too: she sees it on her desk; she is not shown who else works there.
    const fatima = await as('formulieren@thuis.demo');
    const fDesk = await fatima.page(`/infopunt?punt=${id}`);
    assert.ok(fDesk.html.includes('<h1 class="utrecht-heading-1">Infopunt Holy-Noord</h1>'));
    const fApi = await apiAs(fatima, `/infopunten/${id}`);
    assert.equal(fApi.body.worksHere, 'formulierenteam');
    assert.ok(!('staff' in fApi.body), 'the staff list is the coordinator\'s');

    // A volunteer reads opening hours but configures nothing.
    const anne = await as('coach@thuis.demo');
    assert.equal((await anne.page('/infopunten')).status, 200);
    assert.ok(!(await anne.page('/infopunten')).html.includes('action="/infopunten"'));
    assert.equal((await anne.post('/infopunten', form({}))).status, 403);
    assert.equal((await anne.post(`/infopunten/${id}`, { ...form({}), version: '9' })).status, 403);
    assert.equal((await anne.post(`/infopunten/${id}/medewerkers`, { version: '9' })).status, 403);
    assert.equal((await apiAs(anne, '/infopunten', { method: 'POST', body: { name: 'X', municipalityCode: 'GM0622', openingHours: [] } })).status, 403);
    assert.ok((await auditOf('access.denied', 'coach@thuis.demo')).some((a) => a.detail?.attempted === 'infopunt.configure'));
    // A trainer has no infopunt pages at all.
    assert.equal((await (await as('trainer@thuis.demo')).page('/infopunt')).status, 403);
  });

  test('opening hours: the schema refuses an end before the start and overlapping periods', () => {
    const fields = (hours: unknown) => {
      try {
        parseInput(InfopuntInput, { name: 'X', municipalityCode: 'GM0622', openingHours: hours });
        return [];
      } catch (error) {
        return (error as AppError).fields;
      }
    };
    assert.deepEqual(fields([{ day: 'mon', from: '09:00', to: '12:00' }, { day: 'mon', from: '12:00', to: '13:00' }, { day: 'tue', from: '11:00', to: '12:00' }]), []);
    assert.deepEqual(fields([{ day: 'mon', from: '09:00', to: '09:00' }]), [{ field: 'openingHours.0.to', message: 'validation.infopunten_hours_order' }]);
    assert.deepEqual(fields([{ day: 'thu', from: '13:00', to: '16:00' }, { day: 'thu', from: '09:00', to: '13:30' }]), [{ field: 'openingHours.0.from', message: 'validation.infopunten_hours_overlap' }]);
    assert.deepEqual(fields([{ day: 'mon', from: '9:00', to: '12:00' }]), [{ field: 'openingHours.0.from', message: 'validation.infopunten_time' }]);
  });

  test('LOG-READ and LOG-CLEAN: lists and lookups are audited with counts; a follow-up\'s description and a searched name appear in no audit entry and no log line', async () => {
    const punt = await VLAARDINGEN();
    const ingrid = await as('infopunt@thuis.demo');
    const before = (await auditOf('infopunt_visit.list', 'infopunt@thuis.demo')).length;
    await apiAs(ingrid, '/infopunt-visits');
    const lists = await auditOf('infopunt_visit.list', 'infopunt@thuis.demo');
    assert.equal(lists.length, before + 1);
    assert.deepEqual(Object.keys(lists.at(-1)!.detail!).sort(), ['filtered', 'page', 'returned', 'scope', 'total']);
    assert.equal(lists.at(-1)!.detail!.scope, 'own');
    const followUpsBefore = (await auditOf('infopunt_follow_up.list', 'infopunt@thuis.demo')).length;
    const mine = await apiAs(ingrid, '/infopunt-follow-ups');
    assert.ok(mine.body.items.some((f: { description: string }) => f.description.startsWith('Formulier zorgtoeslag afmaken')), 'her own open follow-up from the demo');
    assert.equal((await auditOf('infopunt_follow_up.list', 'infopunt@thuis.demo')).length, followUpsBefore + 1);

    const CANARY = `KANARIE-${randomUUID().slice(0, 8)}`;
    const created = await ingrid.post('/infopunt/bezoeken', visitForm(punt, { outcome: 'follow_up', followUpDescription: `Bellen over ${CANARY}` }));
    assert.equal(created.status, 303);
    await ingrid.post('/infopunt/zoeken', visitForm(punt, { familyName: `${CANARY}-naam`, dateOfBirth: '1980-01-01' }));
    await apiAs(ingrid, '/infopunt-household-lookup', { method: 'POST', body: { familyName: `${CANARY}-naam`, dateOfBirth: '1980-01-01' } });
    const [logged] = await query<{ detail: Record<string, unknown> }>(
      `select detail from audit_events where action = 'infopunt_visit.create' and actor_user_id = $1 order by id desc limit 1`, [user('infopunt@thuis.demo')]);
    assert.equal(logged!.detail.outcome, 'follow_up');
    assert.equal(typeof logged!.detail.followUp, 'string');
    const leaked = await query<{ n: number }>(`select count(*)::int as n from audit_events where audit_events::text like $1`, [`%${CANARY}%`]);
    assert.equal(leaked[0]!.n, 0);
    assert.ok(!t.logLines.some((l) => l.includes(CANARY)));
  });

  // Review R2 (security and correctness): refusals before the body, IDOR on links and follow-ups, the lookup's
  // own budget, REL-IDEM across users and in parallel, the journal's paging of notes and visits, the merge.

  test('AUTH-SCOPE: who may not act is refused (403, or 404 where she sees nothing) before her body is read, never 422 first; audited', async () => {
    const vlaardingen = await VLAARDINGEN();
    const maassluis = await MAASSLUIS();
    const youssef = await as('coach2@thuis.demo'); // a volunteer, formulierenteam at Maassluis only
    const ingrid = await as('infopunt@thuis.demo');
    const trainer = await as('trainer@thuis.demo');
    const denied = async (email: string) => (await auditOf('access.denied', email)).length;
    const before = await denied('coach2@thuis.demo');
    // Configuring: the coordinator's, whatever the body.
    assert.equal((await apiAs(youssef, '/infopunten', { method: 'POST', body: {} })).status, 403);
    assert.equal((await apiAs(youssef, `/infopunten/${maassluis}`, { method: 'PATCH', body: {} })).status, 403);
    assert.equal((await apiAs(youssef, `/infopunten/${maassluis}/staff`, { method: 'PUT', body: { staff: 'x' } })).status, 403);
    // Logging where she does not work; an infopunt she cannot see at all.
    assert.equal((await apiAs(youssef, `/infopunten/${vlaardingen}/visits`, { method: 'POST', body: {} })).status, 403);
    assert.equal((await ingrid.post('/infopunt/bezoeken', visitForm(maassluis, { topic: '', durationMinutes: 'x' }))).status, 403);
    const [foreign] = await query<{ id: string }>(`insert into infopunten (organisation_id, municipality_code, name) values ($1, 'GM0098', 'Infopunt Heerenveen') returning id`, [t.demo.organisations.other]);
    const a = await apiAs(ingrid, `/infopunten/${foreign!.id}/visits`, { method: 'POST', body: { topic: 'nope' } });
    const b = await apiAs(ingrid, `/infopunten/${randomUUID()}/visits`, { method: 'POST', body: { topic: 'nope' } });
    assert.deepEqual([a.status, b.status], [404, 404]);
    assert.deepEqual({ ...a.body, instance: null, requestId: null }, { ...b.body, instance: null, requestId: null });
    assert.equal((await apiAs(trainer, `/infopunten/${vlaardingen}/visits`, { method: 'POST', body: {} })).status, 404);
    // The lookup: only for who may look households up.
    assert.equal((await apiAs(youssef, '/infopunt-household-lookup', { method: 'POST', body: {} })).status, 403);
    assert.equal((await apiAs(trainer, '/infopunt-household-lookup', { method: 'POST', body: { familyName: 'x' } })).status, 403);
    assert.equal((await youssef.post('/infopunt/zoeken', { infopuntId: maassluis })).status, 403);
    // A follow-up that is not hers, with a broken body: 404 like a random id.
    const [theirs] = await query<{ id: string }>(`select id from infopunt_follow_ups where assigned_to = $1 and status = 'open' limit 1`, [user('infopunt@thuis.demo')]);
    assert.equal((await apiAs(youssef, `/infopunt-follow-ups/${theirs!.id}/done`, { method: 'POST', body: { version: 'x' } })).status, 404);
    assert.equal((await apiAs(youssef, `/infopunt-follow-ups/${randomUUID()}/done`, { method: 'POST', body: {} })).status, 404);
    assert.equal((await youssef.post(`/infopunt/vervolg/${theirs!.id}/klaar`, { version: '' })).status, 404);
    const entries = (await auditOf('access.denied', 'coach2@thuis.demo')).slice(before);
    for (const attempted of ['infopunt.configure', 'infopunt.log', 'infopunt.find_household', 'infopunt_follow_up.complete']) {
      assert.ok(entries.some((e) => e.detail?.attempted === attempted), attempted);
    }
    assert.equal((await query<{ version: number }>(`select version from infopunt_follow_ups where id = $1`, [theirs!.id]))[0]!.version, 1);
  });

  test('IDOR: a visit links only to an open household of her own organisation (a foreign, closed or made-up id is refused alike, audited); assignedTo in the body is ignored', async () => {
    const punt = await VLAARDINGEN();
    const ingrid = await as('infopunt@thuis.demo');
    const org = t.demo.organisations;
    const [foreign] = await query<{ id: string }>(`insert into households (organisation_id, reference, municipality_code) values ($1, $2, 'GM0098') returning id`, [org.other, `W-${randomUUID().slice(0, 8)}`]);
    const closed = await household('coach@thuis.demo', 'Gesloten', '1960-06-06');
    await query(`insert into trajectories (organisation_id, household_id, municipality_code, started_on, planned_end_on, duration_months, phases, status, closed_on, close_reason)
      values ($1, $2, 'GM0622', $3, $4, 12, '[]'::jsonb, 'closed', $5, 'completed')`, [org.mvs, closed.id, addDays(today, -400), addDays(today, -35), addDays(today, -1)]);
    const count = async () => (await query<{ n: number }>(`select count(*)::int as n from infopunt_visits where logged_by = $1`, [user('infopunt@thuis.demo')]))[0]!.n;
    const visits = await count();
    const bodies: unknown[] = [];
    for (const householdId of [foreign!.id, closed.id, randomUUID()]) {
      const r = await apiAs(ingrid, `/infopunten/${punt}/visits`, { method: 'POST', body: { topic: 'letter', durationMinutes: 10, householdId } });
      assert.equal(r.status, 422, householdId);
      bodies.push(r.body.errors);
      const page = await ingrid.post('/infopunt/bezoeken', visitForm(punt, { householdId }));
      assert.equal(page.status, 422);
      const html = await page.text();
      assert.ok(!html.includes(closed.reference), 'nothing of the household shows');
    }
    assert.deepEqual(bodies[0], bodies[2]);
    assert.deepEqual(bodies[1], bodies[2]);
    assert.equal(await count(), visits, 'nothing logged');
    const refused = (await auditOf('access.denied', 'infopunt@thuis.demo')).filter((e) => e.detail?.attempted === 'infopunt.find_household' && e.result === 'not_found');
    for (const id of [foreign!.id, closed.id]) assert.ok(refused.some((e) => e.record_id === id), `the refused link to ${id} is audited`);
    // Someone else cannot be made the follow-up's assignee: a new appointment is hers.
    const made = await apiAs(ingrid, `/infopunten/${punt}/visits`, { method: 'POST', body: { topic: 'work', durationMinutes: 10, outcome: 'follow_up', followUpDescription: 'Terugbellen', assignedTo: user('coordinator@thuis.demo') } });
    assert.equal(made.status, 201);
    assert.equal((await query<{ assigned_to: string }>(`select assigned_to from infopunt_follow_ups where visit_id = $1`, [made.body.visit.id]))[0]!.assigned_to, user('infopunt@thuis.demo'));
    // She never reaches the file of a household she linked: dossier, journal, plan.
    const linked = await household('coach@thuis.demo', 'Karimi', '1988-08-08');
    assert.equal((await apiAs(ingrid, `/infopunten/${punt}/visits`, { method: 'POST', body: { topic: 'letter', durationMinutes: 10, householdId: linked.id } })).status, 201);
    for (const path of [`/huishoudens/${linked.id}`, `/huishoudens/${linked.id}/plan`, `/huishoudens/${linked.id}/groepen`]) assert.equal((await ingrid.page(path)).status, 404, path);
    const own = await apiAs(ingrid, '/infopunt-visits?pageSize=100');
    const item = own.body.items.find((v: { householdReference: string | null }) => v.householdReference === linked.reference);
    assert.deepEqual(Object.keys(item).sort(), ['authority', 'durationMinutes', 'followUp', 'householdReference', 'id', 'infopuntId', 'infopuntName', 'language', 'loggedAt', 'occurredOn', 'outcome', 'topic', 'withInterpreter']);
  });

  test('follow-ups: someone else\'s answers 404 like a random id (audited, unchanged); "Mijn werk" lists only her own; the household is linked only while she may see it', async () => {
    const punt = await VLAARDINGEN();
    const ingrid = await as('infopunt@thuis.demo');
    const h = await household('coach@thuis.demo', 'Rahimi', '1992-02-02');
    const logged = await apiAs(ingrid, `/infopunten/${punt}/visits`, { method: 'POST', body: { topic: 'housing', durationMinutes: 15, outcome: 'referred_coach', householdId: h.id, followUpDescription: 'Huurtoeslag nakijken' } });
    assert.equal(logged.status, 201);
    const followUpId = logged.body.followUp.id as string;
    assert.equal(logged.body.followUp.assignedToMe, false);
    // Who logged it does not close the coach's task; neither does the coordinator.
    const theirs = await apiAs(ingrid, `/infopunt-follow-ups/${followUpId}/done`, { method: 'POST', body: { version: 1 } });
    const random = await apiAs(ingrid, `/infopunt-follow-ups/${randomUUID()}/done`, { method: 'POST', body: { version: 1 } });
    assert.deepEqual([theirs.status, random.status], [404, 404]);
    assert.deepEqual({ ...theirs.body, instance: null, requestId: null }, { ...random.body, instance: null, requestId: null });
    assert.equal((await apiAs(await as('coordinator@thuis.demo'), `/infopunt-follow-ups/${followUpId}/done`, { method: 'POST', body: { version: 1 } })).status, 404);
    assert.ok((await auditOf('access.denied', 'infopunt@thuis.demo')).some((e) => e.record_id === followUpId && e.result === 'not_found'));
    assert.deepEqual(await query(`select status, version from infopunt_follow_ups where id = $1`, [followUpId]), [{ status: 'open', version: 1 }]);
    // "Mijn werk": the coach's, not her supervisor's nor the coordinator's; the description only for the coach.
    const anne = await as('coach@thuis.demo');
    const mine = await apiAs(anne, '/worklist');
    const entry = mine.body.infopuntFollowUps.items.find((f: { id: string }) => f.id === followUpId);
    assert.deepEqual([entry.householdId, entry.householdReference, entry.description], [h.id, h.reference, 'Huurtoeslag nakijken']);
    for (const email of ['beroepskracht@thuis.demo', 'coordinator@thuis.demo']) {
      const other = await apiAs(await as(email), '/worklist');
      assert.ok(!other.body.infopuntFollowUps.items.some((f: { id: string }) => f.id === followUpId), email);
      assert.ok(!(await (await as(email)).page('/mijn-werk')).html.includes('Huurtoeslag nakijken'), email);
    }
    assert.ok(!JSON.stringify((await apiAs(ingrid, '/infopunt-visits?pageSize=100')).body).includes('Huurtoeslag'), 'who logged it does not see the text again');
    const all = await apiAs(await as('coordinator@thuis.demo'), '/infopunt-visits?pageSize=100');
    assert.equal(all.body.scope, 'all');
    assert.ok(!JSON.stringify(all.body).includes('Huurtoeslag'), 'nor does the coordinator: the text is the assignee\'s task');
    const journal = await apiAs(await as('coach@thuis.demo'), `/households/${h.id}/notes`);
    assert.ok(journal.body.items.some((n: { kind: string }) => n.kind === 'infopunt_visit') && !JSON.stringify(journal.body).includes('Huurtoeslag'), 'nor the journal');
    // The household moves to another coach: Anne keeps her task but no longer the household's reference or link.
    await query(`update coach_assignments set ended_at = now() where household_id = $1 and ended_at is null`, [h.id]);
    await query(`insert into coach_assignments (organisation_id, household_id, coach_id) values ($1, $2, $3)`, [t.demo.organisations.mvs, h.id, user('coach2@thuis.demo')]);
    const later = (await apiAs(anne, '/worklist')).body.infopuntFollowUps.items.find((f: { id: string }) => f.id === followUpId);
    assert.deepEqual([later.householdId, later.householdReference], [null, null]);
    const page = await anne.page('/mijn-werk');
    assert.ok(page.html.includes('Huurtoeslag nakijken') && !page.html.includes(h.reference) && !page.html.includes(`/huishoudens/${h.id}`));
  });

  test('a new coach takes over the open follow-ups the infopunt addressed to the coach before her', async () => {
    const punt = await VLAARDINGEN();
    const family = await household('coach@thuis.demo', 'Khalil', '1990-01-01');
    const ingrid = await as('infopunt@thuis.demo');
    const logged = await ingrid.post('/infopunt/bezoeken', visitForm(punt, { outcome: 'referred_coach', householdId: family.id, followUpDescription: 'Brief samen doornemen' }));
    assert.equal(logged.status, 303);
    const assignee = async () => (await query<{ assigned_to: string; status: string }>(`select assigned_to, status from infopunt_follow_ups where household_id = $1`, [family.id]));
    assert.deepEqual((await assignee()).map((f) => f.assigned_to), [user('coach@thuis.demo')]);
    const coordinator: Caller = {
      actor: { userId: user('coordinator@thuis.demo'), organisationId: t.demo.organisations.mvs!, organisationKind: 'welfare', municipalTask: true, role: 'coordinator', regieMunicipalityCodes: [], mfaPassed: true },
      audit: { requestId: `test-${randomUUID()}`, origin: 'test', actorUserId: user('coordinator@thuis.demo'), actorRole: 'coordinator', organisationId: t.demo.organisations.mvs! },
    };
    const assigned = await inTenant(t.db.database, coordinator, (tx) => assignCoach(tx, coordinator, family.id, { coachId: user('coach2@thuis.demo'), allowOverCapacity: true }));
    assert.equal(assigned.ok, true);
    assert.deepEqual((await assignee()).map((f) => [f.assigned_to, f.status]), [[user('coach2@thuis.demo'), 'open']], 'Youssef has it now');
    const youssef = await as('coach2@thuis.demo');
    assert.ok((await youssef.page('/mijn-werk')).html.includes('Brief samen doornemen'));
    assert.ok(!(await (await as('coach@thuis.demo')).page('/mijn-werk')).html.includes('Brief samen doornemen'));
    // A new appointment at the infopunt that Youssef logged himself (as a professional could) stays his.
    const [visit] = await query<{ id: string }>(`insert into infopunt_visits (organisation_id, infopunt_id, logged_by, occurred_on, topic, duration_minutes, outcome, household_id)
      values ($1, $2, $3, $4, 'letter', 10, 'follow_up', $5) returning id`, [t.demo.organisations.mvs, punt, user('coach2@thuis.demo'), today, family.id]);
    await query(`insert into infopunt_follow_ups (organisation_id, visit_id, household_id, assigned_to, due_on, description) values ($1, $2, $3, $4, $5, 'Terugkomen met de brief')`,
      [t.demo.organisations.mvs, visit!.id, family.id, user('coach2@thuis.demo'), addDays(today, 7)]);
    const back = await inTenant(t.db.database, coordinator, (tx) => assignCoach(tx, coordinator, family.id, { coachId: user('coach@thuis.demo'), allowOverCapacity: true }));
    assert.equal(back.ok, true);
    const rows = await query<{ assigned_to: string; outcome: string }>(`select f.assigned_to, v.outcome from infopunt_follow_ups f join infopunt_visits v on v.id = f.visit_id where f.household_id = $1 order by v.created_at`, [family.id]);
    assert.deepEqual(rows.map((r) => [r.outcome, r.assigned_to]), [['referred_coach', user('coach@thuis.demo')], ['follow_up', user('coach2@thuis.demo')]]);
  });

  test('staff: only users of her own organisation with a role that may work at an infopunt; nothing changes otherwise', async () => {
    const carla = await as('coordinator@thuis.demo');
    const maassluis = await MAASSLUIS();
    const staffBefore = await query(`select user_id, kind from infopunt_staff where infopunt_id = $1 order by user_id`, [maassluis]);
    const { version } = (await query<{ version: number }>(`select version from infopunten where id = $1`, [maassluis]))[0]!;
    for (const userId of [user('coach@andere.demo'), user('coordinator@thuis.demo'), user('regisseur@thuis.demo'), randomUUID()]) {
      const r = await apiAs(carla, `/infopunten/${maassluis}/staff`, { method: 'PUT', body: { version, staff: [{ userId: user('coach2@thuis.demo'), kind: 'formulierenteam' }, { userId, kind: 'staff' }] } });
      assert.equal(r.status, 422, userId);
      assert.deepEqual(r.body.errors.map((e: { field: string }) => e.field), ['staff.1.userId']);
    }
    assert.deepEqual(await query(`select user_id, kind from infopunt_staff where infopunt_id = $1 order by user_id`, [maassluis]), staffBefore);
    assert.equal((await query<{ version: number }>(`select version from infopunten where id = $1`, [maassluis]))[0]!.version, version);
    // The other organisation's coordinator does not reach this infopunt at all.
    const other = await apiAs(await as('coordinator@andere.demo'), `/infopunten/${maassluis}/staff`, { method: 'PUT', body: { version, staff: [] } });
    assert.equal(other.status, 404);
  });

  test('REL-IDEM: a key is per user (another user\'s same key logs her own visit); twelve parallel posts with one key log one visit and one follow-up, no 500', async () => {
    const punt = await VLAARDINGEN();
    const ingrid = await as('infopunt@thuis.demo');
    const fatima = await as('formulieren@thuis.demo');
    const key = randomUUID();
    const body = { topic: 'benefits', authority: 'uwv', durationMinutes: 20, outcome: 'follow_up', followUpDescription: 'Samen het UWV bellen' };
    const post = (client: TestClient) => apiAs(client, `/infopunten/${punt}/visits`, { method: 'POST', body, headers: { 'idempotency-key': key } });
    const parallel = await Promise.all(Array.from({ length: 12 }, () => post(ingrid)));
    assert.deepEqual(parallel.map((r) => r.status).sort(), [...Array(11).fill(200), 201]);
    assert.equal(new Set(parallel.map((r) => r.body.visit.id)).size, 1);
    assert.equal(new Set(parallel.map((r) => r.body.followUp.id)).size, 1);
    const theirs = await post(fatima);
    assert.equal(theirs.status, 201);
    assert.notEqual(theirs.body.visit.id, parallel[0]!.body.visit.id);
    assert.equal(theirs.body.replayed, false);
    const rows = await query<{ logged_by: string; follow_ups: number }>(
      `select v.logged_by, (select count(*)::int from infopunt_follow_ups f where f.visit_id = v.id) as follow_ups from infopunt_visits v where v.idempotency_key = $1 order by v.logged_by`, [key]);
    assert.deepEqual(rows.map((r) => r.follow_ups), [1, 1]);
    assert.deepEqual(new Set(rows.map((r) => r.logged_by)), new Set([user('infopunt@thuis.demo'), user('formulieren@thuis.demo')]));
    assert.equal((await auditOf('infopunt_visit.create', 'infopunt@thuis.demo')).filter((a) => a.record_id === parallel[0]!.body.visit.id).length, 1, 'one create in the trail');
  });

  test('the journal pages notes and linked visits together: every entry once, in order, the total right; a volunteer\'s sensitive-note rule holds', async () => {
    const org = t.demo.organisations.mvs!;
    const punt = await VLAARDINGEN();
    const h = await household('coach@thuis.demo', 'Nouri', '1975-07-07');
    const note = (author: string, on: string, at: string, sensitivity = 'normal') => query(
      `insert into journal_notes (organisation_id, household_id, author_id, occurred_on, kind, duration_minutes, text, sensitivity, created_at) values ($1, $2, $3, $4, 'phone', 10, 'Gebeld.', $5, $6)`,
      [org, h.id, user(author), on, sensitivity, at]);
    const visit = (on: string, at: string) => query(
      `insert into infopunt_visits (organisation_id, infopunt_id, logged_by, occurred_on, topic, duration_minutes, outcome, household_id, created_at) values ($1, $2, $3, $4, 'letter', 10, 'answered', $5, $6)`,
      [org, punt, user('infopunt@thuis.demo'), on, h.id, at]);
    const d = (n: number) => addDays(today, -n);
    await note('coach@thuis.demo', d(1), `${d(1)}T10:00:00Z`);
    await visit(d(1), `${d(1)}T11:00:00Z`);
    await visit(d(1), `${d(1)}T09:00:00Z`);
    await note('beroepskracht@thuis.demo', d(2), `${d(2)}T10:00:00Z`, 'sensitive');
    await visit(d(3), `${d(3)}T10:00:00Z`);
    await note('coach@thuis.demo', d(3), `${d(3)}T12:00:00Z`);
    await note('beroepskracht@thuis.demo', d(4), `${d(4)}T10:00:00Z`);
    await visit(d(5), `${d(5)}T10:00:00Z`);
    const oracle = async (email: string) => (await query<{ id: string }>(`
      select id from (
        select n.id, n.occurred_on, n.created_at from journal_notes n where n.household_id = $1 and (n.sensitivity = 'normal' or $2 or n.author_id = $3)
        union all select v.id, v.occurred_on, v.created_at from infopunt_visits v where v.household_id = $1) e
      order by occurred_on desc, created_at desc, id`, [h.id, email !== 'coach@thuis.demo', user(email)])).map((r) => r.id);
    for (const email of ['coach@thuis.demo', 'beroepskracht@thuis.demo', 'coordinator@thuis.demo']) {
      const client = await as(email);
      const seen: string[] = [];
      let total = -1;
      for (let page = 1; page <= 6; page++) {
        const r = await apiAs(client, `/households/${h.id}/notes?page=${page}&pageSize=2`);
        assert.equal(r.status, 200);
        total = r.body.total;
        seen.push(...r.body.items.map((n: { id: string }) => n.id));
        assert.ok(r.body.items.every((n: { kind: string; infopuntVisit?: unknown; text: string }) => (n.kind === 'infopunt_visit') === (n.infopuntVisit !== undefined)));
      }
      const expected = await oracle(email);
      assert.equal(expected.length, email === 'coach@thuis.demo' ? 7 : 8);
      assert.deepEqual(seen, expected, email);
      assert.equal(total, expected.length, email);
    }
    // The regisseur and the infopunt: no journal at all.
    assert.equal((await apiAs(await as('regisseur@thuis.demo'), `/households/${h.id}/notes`)).status, 403);
    assert.equal((await apiAs(await as('infopunt@thuis.demo'), `/households/${h.id}/notes`)).status, 404);
  });

  test('merging two records moves the linked visits and follow-ups to the kept household: its journal shows them, her list shows its reference', async () => {
    const punt = await VLAARDINGEN();
    const ingrid = await as('infopunt@thuis.demo');
    const kept = await household('coach@thuis.demo', 'Sharif', '1981-01-01');
    const duplicate = await household(null, 'Sharif', '1981-01-01');
    const logged = await apiAs(ingrid, `/infopunten/${punt}/visits`, { method: 'POST', body: { topic: 'school', durationMinutes: 10, outcome: 'follow_up', householdId: duplicate.id, followUpDescription: 'Schoolbrief terugbrengen' } });
    assert.equal(logged.status, 201);
    const versions = await query<{ id: string; version: number }>(`select id, version from households where id in ($1, $2)`, [kept.id, duplicate.id]);
    const v = (id: string) => versions.find((r) => r.id === id)!.version;
    const merged = await apiAs(await as('coordinator@thuis.demo'), `/households/${kept.id}/merge`, { method: 'POST', body: { duplicateId: duplicate.id, version: v(kept.id), duplicateVersion: v(duplicate.id) } });
    assert.equal(merged.status, 200);
    assert.deepEqual(await query(`select household_id from infopunt_visits where id = $1`, [logged.body.visit.id]), [{ household_id: kept.id }]);
    assert.deepEqual(await query(`select household_id from infopunt_follow_ups where id = $1`, [logged.body.followUp.id]), [{ household_id: kept.id }]);
    const journal = await apiAs(await as('coach@thuis.demo'), `/households/${kept.id}/notes`);
    assert.ok(journal.body.items.some((n: { id: string }) => n.id === logged.body.visit.id));
    const own = await apiAs(ingrid, '/infopunt-visits?pageSize=100');
    assert.equal(own.body.items.find((i: { id: string }) => i.id === logged.body.visit.id).householdReference, kept.reference);
    const followUps = await apiAs(ingrid, '/infopunt-follow-ups');
    assert.equal(followUps.body.items.find((f: { id: string }) => f.id === logged.body.followUp.id).householdReference, kept.reference);
  });
});
