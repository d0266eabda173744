// The journey of issue 4 in one run, as the people who do it: a volunteer coach writes a POP with a newcomer
// during a home visit on her phone and adds an action for the formulierenteam; her supervising professional
// approves it; three months later an evaluation raises two scores; the two versions are compared; the plan is
// printed in Arabic (HTML and PDF). Then every plan page, as each role sees it, on a phone and in Arabic.
// axe (WCAG 2.2 AA) on every page on the way.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before } from 'node:test';
import { readPdf } from '../support/pdf.ts';
import type { Page } from 'playwright-core';
import { startTrajectories } from '../../src/features/trajectories/index.ts';
import { addDays } from '../../src/features/households/index.ts';
import type { Harness } from './support.ts';
import { assertAccessible, DESKTOP, fitsWidth, login, loginWithTotp, navigation, newPage, PHONE, screenshot, suite, switchLanguage } from './support.ts';

const s = suite();
before(() => s.setUp());
after(() => s.tearDown());

const COACH = 'coach@thuis.demo'; // Anne Jansen, volunteer, supervised by Sanne
const PROFESSIONAL = 'beroepskracht@thuis.demo';
const today = new Date().toISOString().slice(0, 10);

/** A household housed ten days ago in Vlaardingen, coached by Anne, with its trajectory started: Amina and her son. */
async function newHousehold(h: Harness): Promise<{ id: string; amina: string }> {
  const id = randomUUID();
  const amina = randomUUID();
  const org = h.demo.organisations.mvs!;
  await h.db.raw.query(`insert into households (id, organisation_id, reference, municipality_code, housing_date) values ($1, $2, $3, 'GM0622', $4)`,
    [id, org, `E2E-${id.slice(0, 6)}`, addDays(today, -10)]);
  await h.db.raw.query(`insert into household_members (id, household_id, organisation_id, given_names, family_name, date_of_birth, relation, languages, target_group)
    values ($1, $2, $3, 'Amina', 'Haddad', '1988-04-12', 'head', '{ar}', 'asielstatushouder'),
           (gen_random_uuid(), $2, $3, 'Omar', 'Haddad', '2015-09-01', 'child', '{ar}', 'asielstatushouder')`, [amina, id, org]);
  await h.db.raw.query(`insert into coach_assignments (organisation_id, household_id, coach_id) values ($1, $2, $3)`, [org, id, h.demo.users[COACH]]);
  await h.db.system((tx) => startTrajectories(tx, {
    actor: { userId: h.demo.users['coordinator@thuis.demo']!, organisationId: org, organisationKind: 'welfare', municipalTask: true, role: 'coordinator', regieMunicipalityCodes: [], mfaPassed: true },
    audit: { requestId: 'e2e', origin: null, actorUserId: null, actorRole: null, organisationId: null },
  }, [id]));
  return { id, amina };
}

async function one<T>(h: Harness, text: string, params: unknown[]): Promise<T> {
  const { rows } = await h.db.raw.query<T>(text, params);
  assert.equal(rows.length, 1, text);
  return rows[0]!;
}

async function submit(page: Page, form: ReturnType<Page['locator']>) {
  const response = await navigation(page, () => form.locator('button[type=submit]').last().click());
  assert.ok(response.status() < 400, `${page.url()} answered ${response.status()}`);
  return response;
}

s.e2e('a POP written on a phone, approved, evaluated three months later, compared and printed in Arabic', async (t, h) => {
  const { id: householdId, amina } = await newHousehold(h);

  // 1. Anne, on her phone during the home visit, opens the household's plans: the POPs are there.
  const { context, page } = await newPage(h, PHONE);
  t.after(() => context.close());
  await login(page, COACH);
  assert.equal((await page.goto(`/huishoudens/${householdId}/plan`))?.status(), 200);
  await assertAccessible(page, 'plans overview');
  const pop = await one<{ id: string; status: string }>(h, `select id, status from plans where member_id = $1`, [amina]);
  assert.equal(pop.status, 'draft');
  await navigation(page, () => page.locator(`a[href="/plannen/${pop.id}"]`).first().click());
  assert.equal(new URL(page.url()).pathname, `/plannen/${pop.id}`);
  await assertAccessible(page, 'POP, empty');
  assert.ok(await fitsWidth(page), 'the plan fits a phone');

  // 2. The situation in two domains with the intake scores, in Amina's words.
  for (const [domain, situation] of [['werk_inkomen', 'Amina werkte in Aleppo acht jaar als kapper.'], ['onderwijs', 'Volgt taalles op A1-niveau.']] as const) {
    const section = page.locator(`#leefgebied-${domain}`);
    await section.locator('details > summary').first().click();
    const form = section.locator(`form[action$="/leefgebieden/${domain}"]`);
    await form.locator('textarea[name=situation]').fill(situation);
    await form.locator('input[name=score][value="2"]').check();
    await submit(page, form);
  }
  // 3. Her goal, as she says it, and an action for the formulierenteam.
  const newGoal = page.locator('#nieuw-doel form');
  await newGoal.locator('select[name=domainKey]').selectOption('werk_inkomen');
  await newGoal.locator('[name=text]').fill('Ik wil weer werken als kapper, eerst acht uur per week.');
  await submit(page, newGoal);
  const goal = page.locator('li.thuis-plan-goal', { hasText: 'kapper, eerst acht uur' });
  assert.equal(await goal.count(), 1, 'the goal is on the plan');
  await goal.locator('details > summary').first().click();
  const actionForm = goal.locator('form[action$="/acties"]');
  await actionForm.locator('[name=description]').fill('Diploma laten waarderen bij IDW');
  await actionForm.locator('select[name=owner]').selectOption('formulierenteam');
  await actionForm.locator('[name=dueOn]').fill(addDays(today, 21));
  await submit(page, actionForm);
  assert.match(await page.locator('li.thuis-plan-goal', { hasText: 'kapper, eerst acht uur' }).innerText(), /Diploma laten waarderen bij IDW[\s\S]*Formulierenteam/);
  await assertAccessible(page, 'POP with a goal and an action');
  await screenshot(page, 'plans1-pop-phone');

  // 4. She submits it: the organisation wants a professional's approval of a volunteer's plan.
  await submit(page, page.locator('form[action$="/vaststellen"]'));
  assert.equal((await one<{ status: string }>(h, 'select status from plans where id = $1', [pop.id])).status, 'awaiting_approval');

  // 5. Sanne, at the office, finds it waiting for her and approves it: version 1 is frozen.
  const desk = await newPage(h, DESKTOP);
  t.after(() => desk.context.close());
  await loginWithTotp(h, desk.page, PROFESSIONAL);
  assert.equal((await desk.page.goto('/plannen/te-beoordelen'))?.status(), 200);
  await assertAccessible(desk.page, 'plans awaiting approval');
  await navigation(desk.page, () => desk.page.locator(`a[href^="/plannen/${pop.id}"]`).first().click());
  await submit(desk.page, desk.page.locator('form[action$="/goedkeuren"]'));
  const approved = await one<{ status: string; versions: number; decisions: number }>(h,
    `select status, (select count(*)::int from plan_versions v where v.plan_id = p.id) as versions,
            (select count(*)::int from audit_events a where a.action = 'plan.approve' and a.record_id = p.id::text) as decisions
       from plans p where id = $1`, [pop.id]);
  assert.deepEqual(approved, { status: 'established', versions: 1, decisions: 1 });

  // 6. Three months later (the clock of this plan moved back): the evaluation talk is due. Two scores go up.
  await h.db.raw.query(`update plans set established_on = established_on - 92 where id = $1`, [pop.id]);
  await h.db.raw.query(`update trajectories set started_on = started_on - 92, planned_end_on = planned_end_on - 92 where household_id = $1`, [householdId]);
  await h.db.raw.query(`update domain_scores set scored_on = scored_on - 92 where plan_id = $1`, [pop.id]);
  assert.equal((await page.goto(`/plannen/${pop.id}/evaluaties/nieuw`))?.status(), 200);
  await assertAccessible(page, 'evaluation form');
  const evaluation = page.locator(`form[action="/plannen/${pop.id}/evaluaties/nieuw"]`);
  await evaluation.locator(`input[name=presentMemberIds][value="${amina}"]`).check();
  await evaluation.locator('input[name="score.werk_inkomen"][value="4"]').check();
  await evaluation.locator('input[name="score.onderwijs"][value="3"]').check();
  await evaluation.locator('input[type=radio][value="in_progress"]').first().check();
  await evaluation.locator('textarea[name=agreements]').fill('Amina gaat in januari proefdraaien bij een kapsalon.');
  await submit(page, evaluation);
  const after = await one<{ evaluations: number; versions: number }>(h,
    `select (select count(*)::int from evaluations where plan_id = $1) as evaluations, (select count(*)::int from plan_versions where plan_id = $1) as versions`, [pop.id]);
  assert.deepEqual(after, { evaluations: 1, versions: 2 });

  // 7. The two versions side by side: the scores went from 2 to 4 and from 2 to 3.
  assert.equal((await page.goto(`/plannen/${pop.id}/versies`))?.status(), 200);
  await assertAccessible(page, 'versions');
  assert.equal((await page.goto(`/plannen/${pop.id}/versies/vergelijken?a=1&b=2`))?.status(), 200);
  const comparison = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
  assert.match(comparison, /2\s*→\s*4/, 'werk en inkomen went up from 2 to 4');
  assert.match(comparison, /2\s*→\s*3/, 'school en leren went up from 2 to 3');
  await assertAccessible(page, 'versions compared');
  assert.ok(await fitsWidth(page), 'the comparison fits a phone');
  await screenshot(page, 'plans2-compare-phone');

  // 8. The plan for Amina in Arabic: the print view right to left, and the PDF.
  assert.equal((await page.goto(`/plannen/${pop.id}/afdrukken?taal=ar`))?.status(), 200);
  assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
  await assertAccessible(page, 'print view in Arabic');
  assert.ok(await fitsWidth(page), 'the Arabic print view fits a phone');
  await screenshot(page, 'plans3-print-ar-phone');
  const pdf = await page.request.get(`/plannen/${pop.id}/pdf?taal=ar`);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  const bytes = await pdf.body();
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  const text = (await readPdf(bytes)).text.replace(/\s+/g, '');
  assert.ok(text.includes('الخطةالشخصية'), 'the fixed labels are in Arabic');
  assert.ok(text.includes('Ikwilweerwerkenalskapper'), 'the goal is printed as Amina said it');
});

s.e2e('every plan page passes axe and fits a phone, in Dutch and in Arabic, for each role that uses it', async (t, h) => {
  const { id: householdId, amina } = await newHousehold(h);
  const coach = await newPage(h, PHONE);
  t.after(() => coach.context.close());
  await login(coach.page, COACH);
  assert.equal((await coach.page.goto(`/huishoudens/${householdId}/plan`))?.status(), 200);
  const pop = await one<{ id: string }>(h, `select id from plans where member_id = $1`, [amina]);
  const household = await one<{ id: string }>(h, `select id from plans where household_id = $1 and member_id is null`, [householdId]);
  const pages = [
    `/huishoudens/${householdId}`,
    `/huishoudens/${householdId}/plan`,
    `/plannen/${pop.id}`,
    `/plannen/${household.id}`,
    `/plannen/${pop.id}/versies`,
    `/plannen/${pop.id}/afdrukken?taal=nl`,
    `/huishoudens/${householdId}/personen/${amina}/piramide`,
    `/huishoudens/${householdId}/personen/${amina}/inburgering`,
  ];
  for (const locale of ['nl', 'ar'] as const) {
    if (locale === 'ar') await switchLanguage(coach.page, 'ar');
    for (const path of pages) {
      assert.equal((await coach.page.goto(path))?.status(), 200, path);
      await assertAccessible(coach.page, `${path} (${locale}, coach)`);
      assert.ok(await fitsWidth(coach.page), `${path} fits a phone (${locale})`);
    }
    await screenshot(coach.page, `plans4-pop-${locale}-phone`);
  }
  // A goal without text: the message stands next to the field, in Arabic, and the page stays accessible.
  await coach.page.goto(`/plannen/${pop.id}`);
  const refused = await navigation(coach.page, () => coach.page.locator('#nieuw-doel form button[type=submit]').last().click());
  assert.equal(refused.status(), 422);
  await assertAccessible(coach.page, 'plan with a form error (ar)');

  // The coordinator's settings for plans, on a desktop.
  const coordinator = await newPage(h, DESKTOP);
  t.after(() => coordinator.context.close());
  await loginWithTotp(h, coordinator.page, 'coordinator@thuis.demo');
  for (const path of ['/instellingen/gemeenten/GM0622/plannen', '/plannen/te-beoordelen', `/plannen/${pop.id}`]) {
    assert.equal((await coordinator.page.goto(path))?.status(), 200, path);
    await assertAccessible(coordinator.page, `${path} (coordinator)`);
  }
  await screenshot(coordinator.page, 'plans5-settings-desktop');

  // The municipality's regisseur reads the inburgering of her resident, not the plan.
  const regisseur = await newPage(h, PHONE);
  t.after(() => regisseur.context.close());
  await loginWithTotp(h, regisseur.page, 'regisseur@thuis.demo', '/huishoudens');
  assert.equal((await regisseur.page.goto(`/huishoudens/${householdId}/personen/${amina}/inburgering`))?.status(), 200);
  await assertAccessible(regisseur.page, 'inburgering (regisseur)');
  assert.notEqual((await regisseur.page.goto(`/plannen/${pop.id}`))?.status(), 200, 'the regisseur does not see the plan');
});
