// A person's inburgering (PIP goals, PVT, MAP, KNM, exams) and pyramid layer: access per role (the regisseur
// reads, never writes; AUTH-HIDE for other households and organisations), the free-attempts rule, validation
// next to the field, REL-LOCK, the layer history, a closed file, the API and the audit trail.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp, signedInAs } from '../support/app.ts';
import { TEST_DB_KIND } from '../support/db.ts';
import { inTenant, type Caller } from '../../src/platform/context.ts';
import { addDays, integrationTermEnds } from '../../src/features/households/index.ts';
import { examSummary, loadInburgering, type MilestoneView } from '../../src/features/plans/inburgering.ts';
import { changeLayer, layerHistory } from '../../src/features/plans/pyramid.ts';
import { planAccess } from '../../src/features/plans/access.ts';
import { translator } from '../../src/platform/i18n/index.ts';
import { milestoneTitle } from '../../src/web/pages/inburgering.ts';

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

interface Fixture {
  id: string;
  adult: string;
  partner: string;
}

/** A household in Vlaardingen (the regisseur's municipality) with an open trajectory, coached by Anne. */
async function household(opts: { org?: 'mvs' | 'other'; municipality?: string; targetGroup?: string; coach?: string | null; closed?: boolean } = {}): Promise<Fixture> {
  const org = t.demo.organisations[opts.org ?? 'mvs']!;
  const municipality = opts.municipality ?? (opts.org === 'other' ? 'GM0098' : 'GM0622');
  const id = randomUUID();
  await query(`insert into households (id, organisation_id, reference, municipality_code, housing_date) values ($1, $2, $3, $4, $5)`,
    [id, org, `I-${id.slice(0, 8)}`, municipality, addDays(today, -60)]);
  const [adult] = await query<{ id: string }>(`insert into household_members (household_id, organisation_id, given_names, family_name, relation, target_group, learning_route, pip_date, duo_notice_date)
    values ($1, $2, 'Amal', 'Haddad', 'head', $3, 'b1', $4, $5) returning id`, [id, org, opts.targetGroup ?? 'asielstatushouder', addDays(today, -30), addDays(today, -90)]);
  const [partner] = await query<{ id: string }>(`insert into household_members (household_id, organisation_id, given_names, family_name, relation) values ($1, $2, 'Samir', 'Haddad', 'partner') returning id`, [id, org]);
  await query(`insert into trajectories (organisation_id, household_id, municipality_code, started_on, planned_end_on, duration_months, phases, status, closed_on, close_reason)
    values ($1, $2, $3, $4, $5, 12, '[{"key":"basis","untilMonth":3,"contactEveryDays":7},{"key":"zelfstandig","untilMonth":12,"contactEveryDays":28}]'::jsonb, $6, $7, $8)`,
    [org, id, municipality, addDays(today, -60), addDays(today, 300), opts.closed ? 'closed' : 'open', opts.closed ? today : null, opts.closed ? 'completed' : null]);
  const coach = opts.coach === undefined ? (opts.org === 'other' ? 'coach@andere.demo' : 'coach@thuis.demo') : opts.coach;
  if (coach) await query(`insert into coach_assignments (organisation_id, household_id, coach_id) values ($1, $2, $3)`, [org, id, t.demo.users[coach]]);
  return { id, adult: adult!.id, partner: partner!.id };
}

const pageOf = (f: Fixture, member = f.adult) => `/huishoudens/${f.id}/personen/${member}/inburgering`;
const apiOf = (f: Fixture, member = f.adult) => `/api/v1/households/${f.id}/members/${member}`;

async function milestones(memberId: string) {
  return query<{ id: string; kind: string; skill: string | null; level: string | null; result: string; hours: number | null; version: number; date: string | null }>(
    `select id, kind, skill, level, result, hours, version, date::text from inburgering_milestones where member_id = $1 order by created_at, id`, [memberId]);
}

async function auditOf(action: string, recordId: string) {
  return query<{ result: string; detail: Record<string, unknown> | null; actor_role: string }>(`select result, detail, actor_role from audit_events where action = $1 and record_id = $2 order by id`, [action, recordId]);
}

function callerFor(email: string, role: 'volunteer' | 'regisseur'): Caller {
  const organisationId = t.demo.organisations[role === 'regisseur' ? 'gemeente' : 'mvs']!;
  return {
    actor: { userId: t.demo.users[email]!, organisationId, organisationKind: role === 'regisseur' ? 'municipality' : 'welfare', municipalTask: true, role, regieMunicipalityCodes: role === 'regisseur' ? ['GM0622'] : [], mfaPassed: true },
    audit: { requestId: `test-${randomUUID()}`, origin: 'test', actorUserId: t.demo.users[email]!, actorRole: role, organisationId },
  };
}

describe(`inburgering on ${TEST_DB_KIND}`, () => {
  test('the coach records an exam and a PIP goal on a phone-sized form; the page shows them and the integration term; the audit holds no free text', async () => {
    const f = await household();
    const coach = await as('coach@thuis.demo');
    const page = await coach.page(pageOf(f));
    assert.equal(page.status, 200);
    assert.match(page.html, /Inburgering van Amal Haddad/);
    assert.match(page.html, /B1-route/, 'the learning route with the registration\'s label');
    assert.ok(page.html.includes(new Intl.DateTimeFormat('nl', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${integrationTermEnds(addDays(today, -30))}T00:00:00Z`))), 'the end of the integration term');

    const added = await coach.post(pageOf(f), { kind: 'exam', skill: 'lezen', level: 'a2', date: addDays(today, -3), result: 'failed', hours: '' });
    assert.equal(added.status, 303);
    assert.match(added.headers.get('location')!, /opgeslagen=milestone_added#mijlpaal-/);
    const [exam] = await milestones(f.adult);
    assert.deepEqual({ kind: exam!.kind, skill: exam!.skill, level: exam!.level, result: exam!.result, hours: exam!.hours }, { kind: 'exam', skill: 'lezen', level: 'a2', result: 'failed', hours: null });

    const goal = await coach.post(`${pageOf(f)}/pip-doelen`, { text: 'Ik haal mijn taalexamen op B1 binnen 3 jaar.' });
    assert.equal(goal.status, 303);
    const after = await coach.page(pageOf(f));
    assert.match(after.html, /Ik haal mijn taalexamen op B1 binnen 3 jaar\./);
    assert.match(after.html, /Examen lezen, A2/);
    assert.match(after.html, /nog 1 gratis poging/, 'one free attempt left after one failed exam');

    const created = await auditOf('inburgering.milestone_create', exam!.id);
    assert.equal(created.length, 1);
    assert.deepEqual(created[0]!.detail, { kind: 'exam', skill: 'lezen', level: 'a2', result: 'failed', version: 1 });
    const goalRow = (await query<{ id: string }>(`select id from pip_goals where member_id = $1`, [f.adult]))[0]!;
    const goalAudit = await auditOf('inburgering.pip_goal_create', goalRow.id);
    assert.equal(goalAudit.length, 1);
    assert.ok(!JSON.stringify(goalAudit).includes('taalexamen'), 'LOG-CLEAN: no goal text in the audit');
    assert.ok((await auditOf('inburgering.read', f.adult)).length >= 2, 'LOG-READ: every page view is audited');
  });

  test('access: the regisseur reads but gets 403 on writing; a volunteer of another household and another organisation get 404', async () => {
    const f = await household();
    await query(`insert into inburgering_milestones (organisation_id, household_id, member_id, kind, result, date) values ($1, $2, $3, 'pvt', 'passed', $4)`,
      [t.demo.organisations.mvs, f.id, f.adult, addDays(today, -20)]);
    const regisseur = await as('regisseur@thuis.demo');
    const read = await regisseur.page(pageOf(f));
    assert.equal(read.status, 200, 'the regisseur reads the legal backbone of her resident');
    assert.match(read.html, /ondertekend/);
    assert.ok(!read.html.includes(`action="${pageOf(f)}"`), 'no forms for the regisseur');
    assert.ok(!read.html.includes(`/huishoudens/${f.id}/plan"`), 'no link to the plan she may not read');
    const write = await regisseur.post(pageOf(f), { kind: 'knm', result: 'planned' });
    assert.equal(write.status, 403);
    const denied = await query<{ n: number }>(`select count(*)::int as n from audit_events where action = 'access.denied' and result = 'denied' and subject_household_id = $1 and detail->>'attempted' = 'inburgering.update'`, [f.id]);
    assert.equal(denied[0]!.n, 1, 'the refused write is audited');
    const apiRead = await regisseur.json(`${apiOf(f)}/inburgering`);
    assert.equal(apiRead.status, 200);
    const pyramid = await regisseur.page(`/huishoudens/${f.id}/personen/${f.adult}/piramide`);
    assert.equal(pyramid.status, 403, 'the pyramid layer is part of the plan, not hers');

    const other = await as('coach2@thuis.demo');
    assert.equal((await other.page(pageOf(f))).status, 404, 'a volunteer of another household');
    assert.equal((await other.post(pageOf(f), { kind: 'knm', result: 'planned' })).status, 404);
    const foreign = await as('coordinator@andere.demo');
    assert.equal((await foreign.page(pageOf(f))).status, 404, 'another organisation');
    assert.equal((await foreign.json(`${apiOf(f)}/inburgering`)).status, 404);

    // A member of another household under this household's id, a random id and a malformed one answer alike.
    const g = await household();
    const coach = await as('coach@thuis.demo');
    for (const member of [g.adult, randomUUID(), 'niet-een-id']) {
      assert.equal((await coach.page(pageOf(f, member))).status, 404, member);
    }
    const hidden = await query<{ n: number }>(`select count(*)::int as n from audit_events where action = 'access.denied' and record_type = 'household_member' and record_id = $1`, [g.adult]);
    assert.equal(hidden[0]!.n, 1, 'AUTH-HIDE: audited');
    const regie = callerFor('regisseur@thuis.demo', 'regisseur');
    assert.equal(await inTenant(t.db.database, regie, async (tx) => (await planAccess(tx, regie, f.id, 'plan.read')).ok), false, 'the regisseur has no plan access, so H1\'s plan page never calls loadInburgering for her');
  });

  test('free attempts: an asylum status holder takes each exam twice for free; planned exams do not count; other target groups see nothing about it', async () => {
    const f = await household();
    const coach = await as('coach@thuis.demo');
    for (const result of ['failed', 'failed', 'planned']) {
      assert.equal((await coach.post(pageOf(f), { kind: 'exam', skill: 'spreken', level: 'b1', date: result === 'planned' ? addDays(today, 20) : addDays(today, -10), result })).status, 303);
    }
    assert.equal((await coach.post(pageOf(f), { kind: 'exam', skill: 'luisteren', level: 'b1', date: addDays(today, -5), result: 'passed' })).status, 303);
    const json = (await (await coach.json(`${apiOf(f)}/inburgering`)).json()) as { exams: { skill: string; attempts: number; passed: boolean; freeAttemptsLeft: number | null }[]; freeAttempts: boolean };
    const bySkill = Object.fromEntries(json.exams.map((e) => [e.skill, e]));
    assert.equal(json.freeAttempts, true);
    assert.deepEqual(bySkill.spreken, { ...bySkill.spreken, attempts: 2, passed: false, freeAttemptsLeft: 0 });
    assert.deepEqual(bySkill.luisteren, { ...bySkill.luisteren, attempts: 1, passed: true, freeAttemptsLeft: 1 });
    assert.equal(bySkill.lezen!.freeAttemptsLeft, 2);
    const page = await coach.page(pageOf(f));
    assert.match(page.html, /geen gratis poging meer/);

    const g = await household({ targetGroup: 'gezinsvormer' });
    await coach.post(pageOf(g), { kind: 'exam', skill: 'spreken', level: 'b1', date: addDays(today, -10), result: 'failed' });
    const other = (await (await coach.json(`${apiOf(g)}/inburgering`)).json()) as { exams: { freeAttemptsLeft: number | null }[]; freeAttempts: boolean };
    assert.equal(other.freeAttempts, false);
    assert.ok(other.exams.every((e) => e.freeAttemptsLeft === null));
    const otherPage = await coach.page(pageOf(g));
    assert.ok(!/gratis/i.test(otherPage.html), 'nothing about free attempts for a gezinsvormer');

    // The rule itself, on its own.
    const m = (skill: 'lezen', result: 'planned' | 'passed' | 'failed'): MilestoneView => ({ id: randomUUID(), kind: 'exam', skill, level: 'b1', date: today, result, hours: null, version: 1, recordedByName: null, updatedAt: today });
    assert.equal(examSummary('asielstatushouder', [m('lezen', 'failed'), m('lezen', 'failed'), m('lezen', 'failed')])[0]!.freeAttemptsLeft, 0, 'never below zero');
    assert.equal(examSummary('gezinsmigrant_met_asielstatushouder', [m('lezen', 'failed')])[0]!.freeAttemptsLeft, null);
  });

  test('validation: 422 with the message next to the field and in the summary', async () => {
    const f = await household();
    const coach = await as('coach@thuis.demo');
    const noSkill = await coach.post(pageOf(f), { kind: 'exam', skill: '', date: addDays(today, -1), result: 'passed' });
    assert.equal(noSkill.status, 422);
    const html = await noSkill.text();
    assert.match(html, /id="f-new-skill-err">Kies welk onderdeel van het examen/);
    assert.match(html, /aria-describedby="f-new-skill-hint f-new-skill-err"/);
    assert.match(html, /href="#f-new-skill"/, 'the summary links to the field');

    const hours = await coach.post(pageOf(f), { kind: 'map', hours: '2500', result: 'planned' });
    assert.equal(hours.status, 422);
    assert.match(await hours.text(), /id="f-new-hours-err">Vul een heel aantal uur in van 0 tot 2000/);
    const short = await coach.post(pageOf(f), { kind: 'map', hours: '20', result: 'passed', date: addDays(today, -1) });
    assert.equal(short.status, 422);
    assert.match(await short.text(), /minstens 40 uur/);
    const badDate = await coach.post(pageOf(f), { kind: 'knm', date: '2026-02-30', result: 'planned' });
    assert.equal(badDate.status, 422);
    assert.match(await badDate.text(), /id="f-new-date-err">Vul een bestaande datum in/);
    const future = await coach.post(pageOf(f), { kind: 'knm', date: addDays(today, 5), result: 'passed' });
    assert.equal(future.status, 422, 'a result cannot lie in the future');
    const failedPvt = await coach.post(pageOf(f), { kind: 'pvt', date: addDays(today, -1), result: 'failed' });
    assert.equal(failedPvt.status, 422, 'the PVT ends with signing: it is not failed');
    const emptyGoal = await coach.post(`${pageOf(f)}/pip-doelen`, { text: '  ' });
    assert.equal(emptyGoal.status, 422);
    assert.match(await emptyGoal.text(), /id="f-goal-text-err"/);
    assert.equal((await milestones(f.adult)).length, 0, 'nothing was stored');

    const api = await coach.json(`${apiOf(f)}/inburgering/milestones`, { method: 'POST', body: { kind: 'exam', result: 'planned' }, headers: { 'x-csrf-token': coach.csrf } });
    assert.equal(api.status, 422);
    const problem = (await api.json()) as { errors: { field: string; code: string }[] };
    assert.deepEqual(problem.errors.map((x) => [x.field, x.code]), [['skill', 'validation.inburgering_exam_needs_skill']]);
    // A MAP's hours are kept, an exam's are dropped: skill, level and hours belong to their kind.
    const map = await coach.json(`${apiOf(f)}/inburgering/milestones`, { method: 'POST', body: { kind: 'map', hours: 44, result: 'passed', date: addDays(today, -2), skill: 'lezen' }, headers: { 'x-csrf-token': coach.csrf } });
    assert.equal(map.status, 201);
    const body = (await map.json()) as MilestoneView;
    assert.equal(body.hours, 44);
    assert.equal(body.skill, null);
  });

  test('REL-LOCK: a milestone changed by someone else answers 409 with it as it is now; delete states the version too', async () => {
    const f = await household();
    const coach = await as('coach@thuis.demo');
    const professional = await as('beroepskracht@thuis.demo');
    await coach.post(pageOf(f), { kind: 'exam', skill: 'schrijven', level: 'a2', date: addDays(today, 10), result: 'planned' });
    const [m] = await milestones(f.adult);
    // The professional records the result first.
    const first = await professional.post(`${pageOf(f)}/mijlpalen/${m!.id}`, { version: '1', kind: 'exam', skill: 'schrijven', level: 'a2', date: addDays(today, -1), result: 'passed' });
    assert.equal(first.status, 303);
    // The coach, on the version she read, moves the date.
    const stale = await coach.post(`${pageOf(f)}/mijlpalen/${m!.id}`, { version: '1', kind: 'exam', skill: 'schrijven', level: 'a2', date: addDays(today, 12), result: 'planned' });
    assert.equal(stale.status, 409);
    const html = await stale.text();
    assert.match(html, /Iemand anders heeft dit intussen gewijzigd/);
    assert.match(html, /Examen schrijven, A2: gehaald/, 'what the other person did');
    assert.match(html, new RegExp(`name="version" value="2"`), 'the form carries the new version to save again');
    const [now] = await milestones(f.adult);
    assert.equal(now!.result, 'passed', 'the other person\'s work is not lost');

    const api = await coach.json(`${apiOf(f)}/inburgering/milestones/${m!.id}`, { method: 'PATCH', body: { version: 1, kind: 'exam', skill: 'schrijven', result: 'planned' }, headers: { 'x-csrf-token': coach.csrf } });
    assert.equal(api.status, 409);
    const problem = (await api.json()) as { current: MilestoneView };
    assert.equal(problem.current.version, 2);
    assert.equal(problem.current.result, 'passed');

    const staleDelete = await coach.json(`${apiOf(f)}/inburgering/milestones/${m!.id}?version=1`, { method: 'DELETE', headers: { 'x-csrf-token': coach.csrf } });
    assert.equal(staleDelete.status, 409);
    const del = await coach.json(`${apiOf(f)}/inburgering/milestones/${m!.id}?version=2`, { method: 'DELETE', headers: { 'x-csrf-token': coach.csrf } });
    assert.equal(del.status, 204);
    assert.equal((await milestones(f.adult)).length, 0);
    const again = await coach.json(`${apiOf(f)}/inburgering/milestones/${m!.id}?version=2`, { method: 'DELETE', headers: { 'x-csrf-token': coach.csrf } });
    assert.equal(again.status, 404);
  });

  test('the page for a coach: skill headings, exams shown once, the free-attempts rule in the third person, a localised exam title', async () => {
    const f = await household();
    await query(`insert into inburgering_milestones (organisation_id, household_id, member_id, kind, skill, level, result, date) values ($1, $2, $3, 'exam', 'lezen', 'a2', 'passed', $4)`,
      [t.demo.organisations.mvs, f.id, f.adult, addDays(today, -10)]);
    const coach = await as('coach@thuis.demo');
    const { html } = await coach.page(pageOf(f));
    for (const skill of ['Lezen', 'Luisteren', 'Schrijven', 'Spreken']) assert.match(html, new RegExp(`<h4 class="utrecht-heading-4">${skill}</h4>`));
    assert.match(html, /niet meer nodig \(gehaald\)/, 'no "free attempts left: passed"');
    assert.match(html, /Een asielstatushouder doet elk examen 2 keer gratis\. Dat geldt ook voor Amal\./);
    assert.ok(!/doet u/.test(html), 'the coach is not addressed as the newcomer');
    assert.equal(html.match(/thuis-card__title">Examen lezen, A2</g)?.length, 1, 'the exam appears once');
    assert.ok(!html.includes('Examens per onderdeel'));
    // The level is joined by a message: Arabic gets its own comma.
    const exam = { kind: 'exam', skill: 'lezen', level: 'b1' } as const;
    assert.equal(milestoneTitle(translator('nl'), exam), 'Examen lezen, B1');
    assert.equal(milestoneTitle(translator('ar'), exam), 'امتحان القراءة، B1');
  });

  test('deleting asks first: a GET page shows the item and a POST button; only for who may delete; foreign ids answer 404', async () => {
    const f = await household();
    const coach = await as('coach@thuis.demo');
    await coach.post(`${pageOf(f)}/pip-doelen`, { text: 'Ik rond de KNM af voor de zomer.' });
    await coach.post(pageOf(f), { kind: 'knm', result: 'planned' });
    const goal = (await query<{ id: string }>(`select id from pip_goals where member_id = $1`, [f.adult]))[0]!;
    const [knm] = await milestones(f.adult);
    const page = await coach.page(pageOf(f));
    assert.match(page.html, new RegExp(`<a class="utrecht-link thuis-link-target thuis-pip-goal__remove" href="${pageOf(f)}/pip-doelen/${goal.id}/verwijderen"`), 'a link, not an immediate delete');
    assert.ok(page.html.includes(`href="${pageOf(f)}/mijlpalen/${knm!.id}/verwijderen"`));

    const confirmGoal = await coach.page(`${pageOf(f)}/pip-doelen/${goal.id}/verwijderen`);
    assert.equal(confirmGoal.status, 200);
    assert.match(confirmGoal.html, /Weet u het zeker\?/);
    assert.match(confirmGoal.html, /<p class="utrecht-paragraph" dir="auto">Ik rond de KNM af voor de zomer\.<\/p>/);
    assert.match(confirmGoal.html, new RegExp(`<form method="post" action="${pageOf(f)}/pip-doelen/${goal.id}/verwijderen"`));
    assert.equal((await query(`select 1 from pip_goals where id = $1`, [goal.id])).length, 1, 'the GET deletes nothing');

    const confirmMilestone = await coach.page(`${pageOf(f)}/mijlpalen/${knm!.id}/verwijderen`);
    assert.equal(confirmMilestone.status, 200);
    assert.match(confirmMilestone.html, /Kennis van de Nederlandse Maatschappij|KNM/);
    assert.match(confirmMilestone.html, /name="version" value="1"/);
    assert.ok((await auditOf('inburgering.read', knm!.id)).length === 1, 'LOG-READ for the confirmation page');

    // Another person's goal, a random id, a malformed id: all 404, audited.
    assert.equal((await coach.page(`${pageOf(f, f.partner)}/pip-doelen/${goal.id}/verwijderen`)).status, 404);
    assert.equal((await coach.page(`${pageOf(f)}/mijlpalen/${randomUUID()}/verwijderen`)).status, 404);
    assert.equal((await coach.page(`${pageOf(f)}/mijlpalen/x/verwijderen`)).status, 404);
    assert.equal((await (await as('coach2@thuis.demo')).page(`${pageOf(f)}/pip-doelen/${goal.id}/verwijderen`)).status, 404);
    // The regisseur reads the inburgering but may not delete: no confirmation page either.
    assert.equal((await (await as('regisseur@thuis.demo')).page(`${pageOf(f)}/pip-doelen/${goal.id}/verwijderen`)).status, 403);

    // Confirming deletes.
    assert.equal((await coach.post(`${pageOf(f)}/mijlpalen/${knm!.id}/verwijderen`, { version: '1' })).status, 303);
    assert.equal((await milestones(f.adult)).length, 0);
  });

  test('PIP goals: add and remove through the API; a goal of another person answers 404', async () => {
    const f = await household();
    const coach = await as('coach@thuis.demo');
    const headers = { 'x-csrf-token': coach.csrf };
    const res = await coach.json(`${apiOf(f)}/inburgering/pip-goals`, { method: 'POST', body: { text: 'Ik volg de MAP bij het werkplein.' }, headers });
    assert.equal(res.status, 201);
    const goal = (await res.json()) as { id: string };
    assert.equal((await coach.json(`${apiOf(f, f.partner)}/inburgering/pip-goals/${goal.id}`, { method: 'DELETE', headers })).status, 404, 'not this person\'s goal');
    assert.equal((await coach.post(`${pageOf(f)}/pip-doelen/${goal.id}/verwijderen`, {})).status, 303);
    assert.equal((await query(`select 1 from pip_goals where id = $1`, [goal.id])).length, 0);
  });

  test('a closed file is read-only: the page shows everything without forms; every write is refused', async () => {
    const f = await household({ closed: true });
    await query(`insert into pip_goals (organisation_id, household_id, member_id, text) values ($1, $2, $3, 'Ik werk aan mijn Nederlands.')`, [t.demo.organisations.mvs, f.id, f.adult]);
    const coordinator = await as('coordinator@thuis.demo');
    const page = await coordinator.page(pageOf(f));
    assert.equal(page.status, 200);
    assert.match(page.html, /Dit dossier is afgesloten/);
    assert.match(page.html, /Ik werk aan mijn Nederlands\./);
    assert.ok(!page.html.includes('pip-doelen/'), 'no remove buttons');
    assert.ok(!page.html.includes(`action="${pageOf(f)}"`), 'no add form');
    assert.equal((await coordinator.post(pageOf(f), { kind: 'knm', result: 'planned' })).status, 403);
    assert.equal((await coordinator.post(`${pageOf(f)}/pip-doelen`, { text: 'x' })).status, 403);
    const pyramid = await coordinator.page(`/huishoudens/${f.id}/personen/${f.adult}/piramide`);
    assert.equal(pyramid.status, 200);
    assert.ok(!pyramid.html.includes('name="layer"'), 'no layer form on a closed file');
    assert.equal((await coordinator.post(`/huishoudens/${f.id}/personen/${f.adult}/piramide`, { layer: 'laag1', currentLayer: 'basis', since: today })).status, 403);
  });

  test('pyramid: a layer change writes the history (with the layer before it), shows what the new layer brings, refuses a stale change (409)', async () => {
    const f = await household();
    const coach = await as('coach@thuis.demo');
    const url = `/huishoudens/${f.id}/personen/${f.adult}/piramide`;
    const page = await coach.page(url);
    assert.equal(page.status, 200);
    assert.match(page.html, /Laag nu: <strong>Basis<\/strong>/);
    assert.match(page.html, /Diploma&#39;s laten waarderen|Diploma's laten waarderen/, 'what Laag 1 brings, from seed 000');
    assert.match(page.html, /aria-describedby="f-layer-laag1-meaning"/, 'each layer option says what the layer means');
    assert.match(page.html, /id="f-layer-meaning">De basis op orde: wonen, geld, verzekeringen en school\.</);
    const since = addDays(today, -7);
    const moved = await coach.post(url, { layer: 'laag1', currentLayer: 'basis', since });
    assert.equal(moved.status, 303);
    const history = await inTenant(t.db.database, callerFor('coach@thuis.demo', 'volunteer'), (tx) => layerHistory(tx, f.adult));
    assert.deepEqual(history.map((h) => [h.layer, h.recordedByName]), [['laag1', 'Anne Jansen'], ['basis', null]]);
    assert.equal(history[0]!.since, since);
    assert.ok(history[1]!.since <= since, 'the layer before starts at registration (or the change date, if earlier)');
    assert.equal((await query<{ pyramid_layer: string }>(`select pyramid_layer from household_members where id = $1`, [f.adult]))[0]!.pyramid_layer, 'laag1');
    const after = await coach.page(url);
    assert.match(after.html, /Laag nu: <strong>Laag 1<\/strong>/);
    assert.match(after.html, /door Anne Jansen/);

    // Someone who still saw Basis.
    const stale = await coach.post(url, { layer: 'laag2', currentLayer: 'basis', since: today });
    assert.equal(stale.status, 409);
    assert.match(await stale.text(), /Iemand anders heeft de laag intussen veranderd/);
    // The same change twice (a retry) is no new change.
    assert.equal((await coach.post(url, { layer: 'laag1', currentLayer: 'basis', since })).status, 303);
    assert.equal((await query(`select 1 from pyramid_layer_history where member_id = $1`, [f.adult])).length, 2);
    // Dates: not in the future, not before the previous change.
    assert.equal((await coach.post(url, { layer: 'laag2', currentLayer: 'laag1', since: addDays(today, 3) })).status, 422);
    const before = await coach.post(url, { layer: 'laag2', currentLayer: 'laag1', since: addDays(since, -1) });
    assert.equal(before.status, 422);
    assert.match(await before.text(), /id="f-since-err">Deze datum ligt voor de vorige verandering van laag/);
    const audit = await query<{ detail: Record<string, unknown> }>(`select detail from audit_events where action = 'pyramid.update' and record_id = $1`, [f.adult]);
    assert.deepEqual(audit.map((a) => a.detail), [{ from: 'basis', to: 'laag1' }]);

    // The API: the volunteer of another household does not see the person; the coach changes on.
    const other = await as('coach2@thuis.demo');
    assert.equal((await other.json(`${apiOf(f)}/pyramid`)).status, 404);
    const api = await coach.json(`${apiOf(f)}/pyramid`, { method: 'POST', body: { layer: 'laag2', currentLayer: 'laag1' }, headers: { 'x-csrf-token': coach.csrf } });
    assert.equal(api.status, 200);
    const view = (await api.json()) as { layer: string; history: { layer: string; since: string }[] };
    assert.equal(view.layer, 'laag2');
    assert.deepEqual(view.history.map((h) => h.layer), ['laag2', 'laag1', 'basis']);
    assert.equal(view.history[0]!.since, today, 'the date defaults to today');
  });

  test('pyramid REL-LOCK: parallel moves from the same layer → one lands, once in the history; the rest are conflicts or no change', async () => {
    // On PostgreSQL the transactions really overlap: the move must land only on the layer it saw (conditional update).
    const f = await household();
    const caller = callerFor('coach@thuis.demo', 'volunteer');
    const targets = ['laag1', 'laag2', 'laag3'] as const;
    const results = await Promise.all(Array.from({ length: 21 }, (_, n) =>
      inTenant(t.db.database, caller, (tx) => changeLayer(tx, caller, f.id, f.adult, { layer: targets[n % 3]!, currentLayer: 'basis', since: today }))));
    assert.ok(results.every((r) => r.ok || r.error === 'CONFLICT'), 'no errors');
    const history = await inTenant(t.db.database, caller, (tx) => layerHistory(tx, f.adult));
    assert.equal(history.length, 2, 'the layer before and one move, never two moves from Basis');
    const now = (await query<{ pyramid_layer: string }>(`select pyramid_layer from household_members where id = $1`, [f.adult]))[0]!.pyramid_layer;
    assert.equal(history[0]!.layer, now, 'the person is on the layer the history says');
    assert.equal((await query(`select 1 from audit_events where action = 'pyramid.update' and record_id = $1`, [f.adult])).length, 1);
  });

  test('loadInburgering for the plan page: the view without an audit of its own; null for a member of another household', async () => {
    const f = await household();
    const g = await household();
    const caller = callerFor('coach@thuis.demo', 'volunteer');
    const result = await inTenant(t.db.database, caller, async (tx) => {
      const access = await planAccess(tx, caller, f.id, 'plan.read');
      assert.ok(access.ok);
      return { mine: await loadInburgering(tx, caller, access.value, f.adult), theirs: await loadInburgering(tx, caller, access.value, g.adult) };
    });
    assert.equal(result.mine?.memberName, 'Amal Haddad');
    assert.equal(result.mine?.canUpdate, true);
    assert.equal(result.theirs, null);
    assert.equal((await auditOf('inburgering.read', f.adult)).length, 0);
  });
});
