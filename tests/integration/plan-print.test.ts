// The plan on paper (issue 4): the HTML print view and the PDF in nl/en/ar, access (AUTH-HIDE, AUTH-FIELDS,
// the regisseur's 403), the audit of every printout (LOG-READ, LOG-CLEAN) and the API. PDFs are read back with
// pdf.js: no poppler in CI.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readPdf } from '../support/pdf.ts';
import { signedInAs, startTestApp, type TestApp } from '../support/app.ts';
import { TEST_DB_KIND } from '../support/db.ts';
import { createApiToken } from '../../src/platform/auth/service.ts';
import { translator } from '../../src/platform/i18n/index.ts';

let t: TestApp;
const as = signedInAs(() => t);
const ar = translator('ar');
const nl = translator('nl');
const en = translator('en');

const ARABIC_GOAL = 'أريد أن أتعلم اللغة الهولندية';
const ARABIC_SITUATION = 'لا أستطيع بعد استخدام DigiD وحدي. أحتاج مساعدة لفتح الرسائل من البلدية.';
const DUTCH_GOAL = 'Ik wil weer werken als kapper, eerst 8 uur per week.';
const HIDDEN_GOAL = 'Ik slaap beter sinds de gesprekken';
const PARTNER = 'UWV Werkplein Vlaardingen';
// Tigrinya, as a newcomer from Eritrea may write it: the PDF draws it with Noto Sans Ethiopic, not as boxes.
const TIGRINYA_ACTION = 'ምስ ኣማኒ ናብ ቤት ጽሕፈት ምኻድ';

async function query<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await t.db.database.raw.query<T>(text, params)).rows;
}

interface Fixture { householdId: string; reference: string; memberId: string; planId: string; householdPlanId: string; longPlanId: string }
let f: Fixture;

/** A household of MVS in Vlaardingen, coached by the volunteer Anne, with a POP full of mixed Arabic and Dutch. */
async function makeFixture(): Promise<Fixture> {
  const org = t.demo.organisations.mvs!;
  const householdId = randomUUID();
  const reference = `PR-${householdId.slice(0, 6).toUpperCase()}`;
  await query(`insert into households (id, organisation_id, reference, municipality_code, housing_date) values ($1, $2, $3, 'GM0622', current_date - 40)`, [householdId, org, reference]);
  const members = await query<{ id: string }>(`insert into household_members (household_id, organisation_id, given_names, family_name, date_of_birth, relation, pyramid_layer)
    values ($1, $2, 'Amina', 'Haddad', '1990-04-02', 'head', 'laag1'), ($1, $2, 'Karim', 'Haddad', '1988-01-09', 'partner', 'basis') returning id`, [householdId, org]);
  const trajectory = (await query<{ id: string }>(`insert into trajectories (organisation_id, household_id, municipality_code, started_on, planned_end_on, duration_months, phases)
    values ($1, $2, 'GM0622', current_date - 40, current_date + 500, 18, '[{"key":"start","untilMonth":3,"contactEveryDays":7},{"key":"verder","untilMonth":18,"contactEveryDays":14}]'::jsonb) returning id`, [org, householdId]))[0]!.id;
  await query(`insert into coach_assignments (organisation_id, household_id, coach_id) values ($1, $2, $3)`, [org, householdId, t.demo.users['coach@thuis.demo']]);
  const plan = async (memberId: string | null, status: string) => (await query<{ id: string }>(
    `insert into plans (organisation_id, household_id, trajectory_id, member_id, kind, status, established_on) values ($1, $2, $3, $4, $5, $6, $7) returning id`,
    [org, householdId, trajectory, memberId, memberId ? 'personal' : 'household', status, status === 'established' ? '2026-03-02' : null]))[0]!.id;
  const planId = await plan(members[0]!.id, 'established');
  const householdPlanId = await plan(null, 'draft');
  const longPlanId = await plan(members[1]!.id, 'draft');
  const entry = (p: string, domain: string, situation: string) => query(
    `insert into plan_domain_entries (organisation_id, household_id, plan_id, domain_key, situation) values ($1, $2, $3, $4, $5)`, [org, householdId, p, domain, situation]);
  await entry(planId, 'onderwijs', ARABIC_SITUATION);
  await entry(planId, 'werk_inkomen', 'Amina werkte in Aleppo 8 jaar als kapper.');
  const evaluation = (await query<{ id: string }>(`insert into evaluations (organisation_id, household_id, plan_id, held_on) values ($1, $2, $3, '2026-03-20') returning id`, [org, householdId, planId]))[0]!.id;
  await query(`insert into domain_scores (organisation_id, household_id, plan_id, domain_key, score, scored_on) values ($1, $2, $3, 'onderwijs', 2, '2026-03-02')`, [org, householdId, planId]);
  await query(`insert into domain_scores (organisation_id, household_id, plan_id, domain_key, score, scored_on, evaluation_id) values ($1, $2, $3, 'onderwijs', 3, '2026-03-20', $4)`, [org, householdId, planId, evaluation]);
  const goal = async (p: string, domain: string, text: string, extra: { status?: string; target?: string; sensitive?: boolean; author?: string } = {}) => (await query<{ id: string }>(
    `insert into plan_goals (organisation_id, household_id, plan_id, domain_key, text, status, target_date, sensitive, author_id) values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
    [org, householdId, p, domain, text, extra.status ?? 'open', extra.target ?? null, extra.sensitive ?? false, extra.author ?? null]))[0]!.id;
  const action = (p: string, goalId: string, description: string, owner: string, due: string | null, partner: string | null = null) => query(
    `insert into plan_actions (organisation_id, household_id, plan_id, goal_id, description, owner, owner_partner, due_on) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [org, householdId, p, goalId, description, owner, partner, due]);
  const learn = await goal(planId, 'onderwijs', ARABIC_GOAL, { status: 'in_progress', target: '2026-12-01' });
  await action(planId, learn, 'DigiD aanvragen met hulp', 'formulierenteam', '2026-04-30');
  const work = await goal(planId, 'werk_inkomen', DUTCH_GOAL, { target: '2026-09-01' });
  await action(planId, work, 'Gesprek over een proefplaats', 'partner', '2026-05-01', PARTNER);
  await action(planId, work, TIGRINYA_ACTION, 'newcomer', null);
  // Health, written by the professional and not shared: a volunteer never sees it (AUTH-FIELDS).
  await goal(planId, 'zorg_welzijn', HIDDEN_GOAL, { sensitive: true, author: t.demo.users['beroepskracht@thuis.demo'] });
  await query(`insert into enrolment_proposals (organisation_id, household_id, plan_id, offer_key) values ($1, $2, $3, 'info_samenleving')`, [org, householdId, planId]);
  // A long plan: page breaks and wrapping of long texts in both directions.
  for (let i = 1; i <= 40; i++) {
    const g = await goal(longPlanId, 'participatie', `Doel ${i}: ik wil meedoen in de buurt en nieuwe mensen leren kennen, ook als dat in het begin moeilijk is. أريد أن أشارك في الحي وأتعرف على أشخاص جدد ${i}.`);
    await action(longPlanId, g, `Actie ${i}: samen naar het buurthuis op dinsdag en daarna bespreken hoe het ging.`, 'coach', '2026-06-01');
  }
  return { householdId, reference, memberId: members[0]!.id, planId, householdPlanId, longPlanId };
}

before(async () => {
  t = await startTestApp();
  f = await makeFixture();
});
after(async () => t.close());

const squash = (s: string) => s.replace(/\s+/g, '');
const has = (text: string, part: string) => squash(text).includes(squash(part));

async function printAudits(requestId: string | null) {
  return query<{ action: string; result: string; record_id: string; subject_household_id: string; subject_person_id: string | null; detail: Record<string, unknown> }>(
    `select action, result, record_id::text, subject_household_id::text, subject_person_id::text, detail from audit_events where request_id = $1 order by at`, [requestId]);
}

describe(`plan print view and PDF on ${TEST_DB_KIND}`, () => {
  test('the HTML print view in Arabic: its own page, lang and dir of the chosen language, labels translated, free text as written', async () => {
    const coach = await as('coach@thuis.demo');
    const { status, html, response } = await coach.page(`/plannen/${f.planId}/afdrukken?taal=ar`);
    assert.equal(status, 200);
    assert.match(html, /<html lang="ar" dir="rtl">/);
    assert.ok(!html.includes('thuis-nav'), 'no navigation of the app');
    assert.ok(html.includes(`<h1 class="utrecht-heading-1">${ar('plan.kind.personal')}</h1>`));
    assert.ok(html.includes(ar('plan.domain.onderwijs')) && html.includes(ar('plan_print.goals')) && html.includes(ar('plan_print.situation')));
    assert.ok(html.includes(`dir="auto">${ARABIC_GOAL}</p>`), 'the goal as written, in its own direction');
    assert.ok(html.includes(`dir="auto">${ARABIC_SITUATION}</p>`));
    assert.ok(html.includes(`dir="auto">${DUTCH_GOAL}</p>`));
    // The printout's own plain words for the score, first person for a POP, not the professional scale.
    assert.ok(html.includes(`${ar('plan_print.score_value', { count: 3 })}: ${ar('plan_print.score_words.personal.3')}`));
    assert.ok(!html.includes(ar('plan.score.3')));
    // One label for the target date of a goal and the due date of an action: two goals and two actions have one.
    assert.equal(html.split(`<dt>${ar('plan_print.ready_by')}</dt>`).length - 1, 4);
    assert.ok(html.includes(ar('plan_print.trend_up')), 'the trend in words');
    assert.ok(html.includes(ar('pyramid.layer.laag1')), 'the POP shows the pyramid layer');
    assert.ok(html.includes(ar('plan.status.established')));
    assert.ok(html.includes(PARTNER) && html.includes(ar('plan.action_owner.formulierenteam')));
    assert.ok(html.includes('Amina Haddad') && html.includes(f.reference));
    assert.ok(html.includes(ar('pyramid.offer.info_samenleving')), 'the proposed group programme');
    assert.ok(html.includes('Stichting Thuis in MVS'), 'the organisation in the footer');
    // The language switch and the PDF of the same language.
    assert.ok(html.includes(`href="/plannen/${f.planId}/afdrukken?taal=nl" lang="nl" hreflang="nl"`));
    assert.ok(html.includes(`href="/plannen/${f.planId}/pdf?taal=ar"`));
    assert.ok(!html.includes(nl('plan_print.goals') + '<'), 'no Dutch labels');
    // AUTH-FIELDS: the volunteer's printout never holds the unshared health goal.
    assert.ok(!html.includes(HIDDEN_GOAL));
    const audits = await printAudits(response.headers.get('x-request-id'));
    assert.deepEqual(audits.map((a) => [a.action, a.result, a.record_id, a.subject_household_id, a.subject_person_id]), [['plan.print', 'ok', f.planId, f.householdId, f.memberId]]);
    assert.deepEqual(audits[0]!.detail, { format: 'html', locale: 'ar' }, 'LOG-CLEAN: no free text');
  });

  test('Dutch and English print views; an unknown language falls back to Dutch; a professional sees the health goal', async () => {
    const professional = await as('beroepskracht@thuis.demo');
    const dutch = await professional.page(`/plannen/${f.planId}/afdrukken?taal=nl`);
    assert.match(dutch.html, /<html lang="nl" dir="ltr">/);
    assert.ok(dutch.html.includes(nl('plan_print.goals')) && dutch.html.includes(nl('plan_print.intro_personal')));
    assert.ok(dutch.html.includes(HIDDEN_GOAL), 'the sensitive class sees it');
    assert.ok(dutch.html.includes('1 dec 2026'), 'dates in Dutch');
    const english = await professional.page(`/plannen/${f.planId}/afdrukken?taal=en`);
    assert.match(english.html, /<html lang="en" dir="ltr">/);
    assert.ok(english.html.includes(en('plan_print.actions')) && english.html.includes('Dec 1, 2026'));
    const unknown = await professional.page(`/plannen/${f.planId}/afdrukken?taal=xx`);
    assert.equal(unknown.status, 200);
    assert.match(unknown.html, /<html lang="nl" dir="ltr">/);
    const household = await professional.page(`/plannen/${f.householdPlanId}/afdrukken?taal=nl`);
    assert.ok(household.html.includes(nl('plan.kind.household')) && household.html.includes(nl('plan_print.empty')));
  });

  test('the Arabic PDF: a download, right to left, shaped Arabic that reads back in logical order, Latin inside it as written', async () => {
    const coach = await as('coach@thuis.demo');
    const response = await coach.request(`/plannen/${f.planId}/pdf?taal=ar`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/pdf');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    const disposition = response.headers.get('content-disposition') ?? '';
    assert.match(disposition, new RegExp(`^attachment; filename="plan-${f.reference}-pop-[0-9a-f]{8}-ar\\.pdf"$`));
    assert.ok(!/amina|haddad/i.test(disposition), 'no name in the file name');
    const bytes = new Uint8Array(await response.arrayBuffer());
    const raw = Buffer.from(bytes).toString('latin1');
    assert.match(raw, /\/BaseFont \/[A-Z]{6}\+IBMPlexSansArabic-Regular/, 'the Arabic font embedded as a subset');
    assert.match(raw, /\/BaseFont \/[A-Z]{6}\+NotoSans-Regular/);
    assert.match(raw, /\/BaseFont \/[A-Z]{6}\+NotoSansEthiopic-Regular/, 'Tigrinya in its own font');
    const pdf = await readPdf(bytes);
    assert.ok(has(pdf.text, TIGRINYA_ACTION), 'Tigrinya comes back as written');
    assert.equal(pdf.info.Language, 'ar');
    assert.equal(pdf.info.Title, `${ar('plan.kind.personal')} · ${f.reference}`);
    assert.ok(has(pdf.text, ARABIC_GOAL), pdf.text.slice(0, 400));
    assert.ok(has(pdf.text, ARABIC_SITUATION), 'lam-alef and the Latin DigiD come back as written');
    assert.ok(has(pdf.text, DUTCH_GOAL));
    assert.ok(has(pdf.text, ar('plan_print.goals')) && has(pdf.text, ar('plan.domain.onderwijs')) && has(pdf.text, ar('plan_print.trend_up')));
    assert.ok(has(pdf.text, PARTNER) && has(pdf.text, 'Amina Haddad'));
    assert.ok(has(pdf.text, ar('plan_print.page', { page: 1, pages: pdf.pages.length })), 'the footer');
    assert.ok(!has(pdf.text, HIDDEN_GOAL), 'AUTH-FIELDS: a volunteer\'s PDF never holds the hidden goal');
    const audits = await printAudits(response.headers.get('x-request-id'));
    assert.deepEqual(audits.map((a) => [a.action, a.detail]), [['plan.print', { format: 'pdf', locale: 'ar' }]]);
  });

  test('Dutch and English PDFs; an unknown language gives Dutch; the professional\'s PDF has the health goal; long plans break over pages', async () => {
    const professional = await as('beroepskracht@thuis.demo');
    const dutch = await readPdf(new Uint8Array(await (await professional.request(`/plannen/${f.planId}/pdf?taal=nl`)).arrayBuffer()));
    assert.equal(dutch.info.Language, 'nl');
    assert.ok(has(dutch.text, nl('plan_print.goals')) && has(dutch.text, HIDDEN_GOAL) && has(dutch.text, ARABIC_GOAL));
    const english = await readPdf(new Uint8Array(await (await professional.request(`/plannen/${f.planId}/pdf?taal=en`)).arrayBuffer()));
    assert.equal(english.info.Language, 'en');
    assert.ok(has(english.text, en('plan_print.actions')) && has(english.text, 'Dec 1, 2026'));
    const unknown = await professional.request(`/plannen/${f.planId}/pdf?taal=fr`);
    assert.match(unknown.headers.get('content-disposition') ?? '', /-nl\.pdf"$/);
    assert.equal((await readPdf(new Uint8Array(await unknown.arrayBuffer()))).info.Language, 'nl');
    const long = await readPdf(new Uint8Array(await (await professional.request(`/plannen/${f.longPlanId}/pdf?taal=ar`)).arrayBuffer()));
    assert.ok(long.pages.length >= 3, `${long.pages.length} pages`);
    for (let n = 1; n <= 40; n++) assert.ok(has(long.text, `أريد أن أشارك في الحي وأتعرف على أشخاص جدد ${n}.`), `goal ${n} is complete`);
    long.pages.forEach((page, i) => assert.ok(has(page, ar('plan_print.page', { page: i + 1, pages: long.pages.length })), `footer on page ${i + 1}`));
  });

  test('AUTH-HIDE: another organisation, a random and a malformed id answer 404 alike, audited; the regisseur gets no plan', async () => {
    const outsider = await as('coordinator@andere.demo');
    for (const path of [`/plannen/${f.planId}/afdrukken?taal=nl`, `/plannen/${f.planId}/pdf?taal=ar`, `/plannen/${randomUUID()}/pdf`, '/plannen/not-a-plan/afdrukken']) {
      const response = await outsider.request(path);
      assert.equal(response.status, 404, path);
      assert.ok(!(await response.text()).includes('Amina'));
    }
    const denied = await query<{ n: number }>(`select count(*)::int as n from audit_events where actor_user_id = $1 and action = 'access.denied' and detail->>'attempted' = 'plan.print'`, [t.demo.users['coordinator@andere.demo']]);
    assert.ok(denied[0]!.n >= 2, 'the random and the malformed id are audited by resolvePlan');
    assert.equal((await query<{ n: number }>(`select count(*)::int as n from audit_events where action = 'plan.print' and actor_user_id = $1`, [t.demo.users['coordinator@andere.demo']]))[0]!.n, 0);
    const regisseur = await as('regisseur@thuis.demo');
    const forbidden = await regisseur.request(`/plannen/${f.planId}/pdf?taal=nl`);
    // The regisseur sees the household (403 on its plan overview), but row-level security keeps the plan rows of
    // the welfare organisation from her: a plan id answers as a foreign one, 404, audited.
    assert.equal(forbidden.status, 404);
    assert.notEqual(forbidden.headers.get('content-type'), 'application/pdf');
    const regieDenied = await printAudits(forbidden.headers.get('x-request-id'));
    assert.deepEqual(regieDenied.map((a) => [a.action, a.result]), [['access.denied', 'not_found']]);
  });

  test('API: GET /plans/{id}/pdf with ?lang, for a bearer token; filtered for the role; 404 for another organisation', async () => {
    const context = { requestId: 'test', origin: 'cli', actorUserId: null, actorRole: 'operator', organisationId: null };
    const coachToken = (await createApiToken(t.db.database, t.demo.users['coach@thuis.demo']!, 'print', context)).token;
    const outsiderToken = (await createApiToken(t.db.database, t.demo.users['coordinator@andere.demo']!, 'print', context)).token;
    const api = (path: string, token: string) => t.app.request(`/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
    const response = await api(`/plans/${f.planId}/pdf?lang=ar`, coachToken);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/pdf');
    assert.match(response.headers.get('content-disposition') ?? '', /^attachment; filename="plan-.*-ar\.pdf"$/);
    const pdf = await readPdf(new Uint8Array(await response.arrayBuffer()));
    assert.equal(pdf.info.Language, 'ar');
    assert.ok(has(pdf.text, ARABIC_GOAL) && !has(pdf.text, HIDDEN_GOAL));
    const fallback = await readPdf(new Uint8Array(await (await api(`/plans/${f.planId}/pdf?lang=xx`, coachToken)).arrayBuffer()));
    assert.equal(fallback.info.Language, 'nl');
    assert.equal((await api(`/plans/${f.planId}/pdf`, outsiderToken)).status, 404);
    assert.equal((await api(`/plans/${randomUUID()}/pdf`, coachToken)).status, 404);
    const audits = await query<{ detail: Record<string, unknown> }>(`select detail from audit_events where action = 'plan.print' and actor_user_id = $1 order by at desc limit 2`, [t.demo.users['coach@thuis.demo']]);
    assert.deepEqual(audits.map((a) => a.detail).reverse(), [{ format: 'pdf', locale: 'ar' }, { format: 'pdf', locale: 'nl' }]);
  });
});
