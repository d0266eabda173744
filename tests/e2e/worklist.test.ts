// Browser journey of "Mijn werk": the volunteer lands on her worklist after login at phone width, sees her
// new household's 27 overdue items as ONE entry (count, since when, the three most urgent) with a link, adds a note with a photographed letter and sees it listed; the professional (second
// factor) sees her volunteers' signals and the weekly digests; a talk due in Mijn werk is recorded on the phone and the
// versions compared. axe on every page, once in Arabic.
//
// Run: node_modules/.bin/node --test tests/e2e/worklist.test.ts
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before } from 'node:test';
import { addDays, addMonths } from '../../src/features/households/deadlines.ts';
import { assertAccessible, coachHouseholds, DESKTOP, fillLogin, fitsWidth, loginWithTotp, navigation, newPage, PHONE, screenshot, suite, switchLanguage, type Harness } from './support.ts';

const s = suite();
before(() => s.setUp());
after(() => s.tearDown());

const COACH = 'coach@thuis.demo';
const PROFESSIONAL = 'beroepskracht@thuis.demo';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const today = new Date().toISOString().slice(0, 10);


/** An open trajectory with 27 overdue items and one soon-due item in the volunteer's household (as the owner). */
async function arrangeSignals(h: Harness, household: { id: string }): Promise<void> {
  const { rows } = await h.db.raw.query<{ organisation_id: string; municipality_code: string }>('select organisation_id, municipality_code from households where id = $1', [household.id]);
  const { organisation_id: org, municipality_code: code } = rows[0]!;
  await h.db.raw.query('delete from trajectories where household_id = $1', [household.id]);
  const started = addDays(today, -100);
  const phases = JSON.stringify([{ key: 'basis', untilMonth: 3, contactEveryDays: 7 }, { key: 'opbouw', untilMonth: 12, contactEveryDays: 14 }]);
  const trajectory = (await h.db.raw.query<{ id: string }>(
    `insert into trajectories (organisation_id, household_id, municipality_code, started_on, planned_end_on, duration_months, phases)
     values ($1, $2, $3, $4, $5, 12, $6::jsonb) returning id`, [org, household.id, code, started, addMonths(started, 12), phases])).rows[0]!.id;
  await h.db.raw.query(
    `insert into checklist_items (organisation_id, household_id, trajectory_id, item_key, label, due_on, owner)
     values ($1, $2, $3, null, 'DigiD aanvragen (e2e)', $4, 'coach'), ($1, $2, $3, null, 'Bankrekening openen (e2e)', $5, 'coach')`,
    [org, household.id, trajectory, addDays(today, -40), addDays(today, 4)]);
  // 26 more overdue items, all younger than the DigiD one: a new household with its basis-op-orde list behind.
  await h.db.raw.query(
    `insert into checklist_items (organisation_id, household_id, trajectory_id, item_key, label, due_on, owner)
     select $1, $2, $3, null, 'Taak ' || n || ' (e2e)', $4::date + n, 'coach' from generate_series(1, 26) as n`,
    [org, household.id, trajectory, addDays(today, -35)]);
}


s.e2e('volunteer on her phone: lands on Mijn werk, sees overdue items, adds a note with a photo of a letter', async (t, h) => {
  const mine = await coachHouseholds(h, COACH);
  const household = mine[1]!;
  await arrangeSignals(h, household);

  const { context, page } = await newPage(h, PHONE);
  t.after(() => context.close());
  await fillLogin(page, COACH, 'thuis-demo-2026');
  assert.equal(new URL(page.url()).pathname, '/mijn-werk', 'a coach lands on Mijn werk');
  assert.equal(await page.locator('h1').innerText(), 'Mijn werk');
  const overdue = page.locator('section.thuis-worklist__section--overdue');
  assert.match(await overdue.locator('h2').innerText(), /^Te laat: \d+ huishoudens?, \d+ taken$/);
  const link = overdue.locator(`a[href="/huishoudens/${household.id}/basis-op-orde"]`);
  assert.equal(await link.count(), 1, 'the household\'s 27 overdue items are one entry with one link to the checklist');
  assert.match(await link.innerText(), new RegExp(`${household.reference}[\\s\\S]*27 taken te laat · sinds \\d+ \\w+`));
  const entry = overdue.locator('li.thuis-signal', { has: page.locator(`a[href="/huishoudens/${household.id}/basis-op-orde"]`) });
  const tasks = await entry.locator('.thuis-signal__tasks li').allInnerTexts();
  assert.deepEqual(tasks, ['DigiD aanvragen (e2e)', 'Taak 1 (e2e)', 'Taak 2 (e2e)', 'en nog 24'], 'the three most urgent by name, the rest counted');
  const soon = page.locator('section.thuis-worklist__section--due_soon li.thuis-signal', { hasText: 'Bankrekening openen (e2e)' });
  assert.match(await soon.locator('a').innerText(), /1 taak binnenkort af · over 4 dagen/);
  assert.ok(await fitsWidth(page), 'Mijn werk fits the phone width');
  const height = await page.locator('html').evaluate((el) => el.scrollHeight);
  // 3,000 px before issue 5; the compact infopunt follow-up section (Anne has one in the demo) adds about 140 px.
  assert.ok(height < 3200, `Mijn werk stays short on a phone (${height}px)`);
  await assertAccessible(page, 'Mijn werk (volunteer, phone)');
  await screenshot(page, 'worklist-phone-nl-volunteer');

  // A note with a photographed letter.
  await page.goto(`/huishoudens/${household.id}`);
  const text = `E2E ${randomUUID().slice(0, 8)}: brief van de gemeente samen gelezen.`;
  await page.getByLabel('Verslag').fill(text);
  await page.getByLabel('Brief of foto toevoegen').setInputFiles({ name: 'brief-gemeente.png', mimeType: 'image/png', buffer: PNG });
  await assertAccessible(page, 'household with the note form (volunteer, phone)');
  const response = await navigation(page, () => page.getByRole('button', { name: 'Opslaan' }).click());
  assert.equal(response.status(), 200);
  const note = page.locator('#journaal .thuis-note', { hasText: text });
  assert.equal(await note.count(), 1);
  const attachment = note.locator('.thuis-attachment');
  assert.equal(await attachment.locator('a').innerText(), 'brief-gemeente.png');
  assert.match(await attachment.locator('.thuis-attachment__meta').innerText(), /afbeelding \(PNG\), \d+ B/);
  assert.match((await attachment.locator('a').getAttribute('href'))!, /^\/bijlagen\/[0-9a-f-]{36}$/);
  assert.ok(await fitsWidth(page));
  await assertAccessible(page, 'household with an attachment (volunteer, phone)');
  await screenshot(page, 'worklist-phone-nl-attachment');

  // Once in Arabic, right to left.
  await page.goto('/mijn-werk');
  await switchLanguage(page, 'ar');
  assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
  assert.equal(await page.locator('h1').innerText(), 'عملي');
  assert.ok(await fitsWidth(page));
  await assertAccessible(page, 'Mijn werk in Arabic (phone)');
  await screenshot(page, 'worklist-phone-ar-volunteer');
  await switchLanguage(page, 'nl');
});

s.e2e('professional: her volunteers\' signals and the weekly digests', async (t, h) => {
  const { context, page } = await newPage(h, PHONE);
  t.after(() => context.close());
  await loginWithTotp(h, page, PROFESSIONAL);
  assert.equal(new URL(page.url()).pathname, '/mijn-werk');
  assert.equal(await page.locator('#volunteers-heading').innerText(), 'Huishoudens van mijn vrijwilligers');
  const anne = page.locator('.thuis-worklist__coach h3', { hasText: 'Anne Jansen' });
  assert.equal(await anne.count(), 1);
  assert.match(await anne.innerText(), /^Anne Jansen \(\d+\)$/);
  const anneSection = page.locator('section.thuis-worklist__coach', { has: page.locator('h3', { hasText: 'Anne Jansen' }) });
  assert.ok(await anneSection.locator('a[href$="/basis-op-orde"]').count() >= 1, 'her volunteer\'s checklist signals link to the checklist');
  assert.ok(await anneSection.locator('.thuis-signal').count() <= 20, 'a few rows per volunteer and list, the rest counted');
  assert.ok(await fitsWidth(page));
  await assertAccessible(page, 'Mijn werk (professional, phone)');
  await screenshot(page, 'worklist-phone-nl-professional');

  await navigation(page, () => page.getByRole('link', { name: 'Weekoverzichten' }).click());
  assert.equal(new URL(page.url()).pathname, '/mijn-werk/overzichten');
  const first = page.locator('main .thuis-signal a').first();
  assert.match(await first.innerText(), /Weekoverzicht \d{4}-W\d{2}/);
  await assertAccessible(page, 'digest list (professional, phone)');
  await navigation(page, () => first.click());
  assert.match(new URL(page.url()).pathname, /^\/mijn-werk\/overzichten\/[0-9a-f-]{36}$/);
  assert.match(await page.locator('h1').innerText(), /^Weekoverzicht \d{4}-W\d{2}$/);
  await assertAccessible(page, 'digest (professional, phone)');
  await screenshot(page, 'worklist-phone-nl-digest');
});

/**
 * An established POP whose first talk is overdue (established 60 days ago, first phase: 6 weeks), with domain
 * situations, intake scores and an open goal, and version 1 frozen, in one of the volunteer's households.
 */
async function arrangeTalkDue(h: Harness, household: { id: string }): Promise<string> {
  const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => h.db.raw.query<T>(text, params);
  const { organisation_id: org, municipality_code: code } = (await q<{ organisation_id: string; municipality_code: string }>('select organisation_id, municipality_code from households where id = $1', [household.id])).rows[0]!;
  await q('delete from trajectories where household_id = $1', [household.id]);
  const started = addDays(today, -70);
  const phases = JSON.stringify([{ key: 'basis', untilMonth: 3, contactEveryDays: 7 }, { key: 'opbouw', untilMonth: 12, contactEveryDays: 14 }]);
  const trajectory = (await q<{ id: string }>(`insert into trajectories (organisation_id, household_id, municipality_code, started_on, planned_end_on, duration_months, phases)
    values ($1, $2, $3, $4, $5, 12, $6::jsonb) returning id`, [org, household.id, code, started, addMonths(started, 12), phases])).rows[0]!.id;
  const head = (await q<{ id: string }>(`select id from household_members where household_id = $1 order by (relation = 'head') desc, id limit 1`, [household.id])).rows[0]!.id;
  const plan = (await q<{ id: string }>(`insert into plans (organisation_id, household_id, trajectory_id, member_id, kind, status, established_on)
    values ($1, $2, $3, $4, 'personal', 'established', $5) returning id`, [org, household.id, trajectory, head, addDays(today, -60)])).rows[0]!.id;
  for (const [key, situation, score] of [['wonen', 'Nog geen gordijnen (e2e).', 2], ['financien', 'Post stapelt zich op (e2e).', 3]] as const) {
    await q(`insert into plan_domain_entries (organisation_id, household_id, plan_id, domain_key, situation) values ($1, $2, $3, $4, $5)`, [org, household.id, plan, key, situation]);
    await q(`insert into domain_scores (organisation_id, household_id, plan_id, domain_key, score, scored_on) values ($1, $2, $3, $4, $5, $6)`, [org, household.id, plan, key, score, addDays(today, -60)]);
  }
  await q(`insert into plan_goals (organisation_id, household_id, plan_id, domain_key, text) values ($1, $2, $3, 'wonen', 'Ik richt mijn huis in (e2e).')`, [org, household.id, plan]);
  const { freezeVersion } = await import('../../src/features/plans/freeze.ts');
  await h.db.system((tx) => freezeVersion(tx, { actor: { userId: h.demo.users[COACH]!, organisationId: org, organisationKind: 'welfare', municipalTask: true, role: 'volunteer', regieMunicipalityCodes: [], mfaPassed: true }, audit: { requestId: 'e2e', origin: null, actorUserId: null, actorRole: null, organisationId: null } }, plan, 'established'));
  return plan;
}

s.e2e('volunteer on her phone: a talk due in Mijn werk, recorded during the visit, versions compared (and in Arabic)', async (t, h) => {
  const mine = await coachHouseholds(h, COACH);
  const household = mine[2]!;
  const plan = await arrangeTalkDue(h, household);
  const { context, page } = await newPage(h, PHONE);
  t.after(() => context.close());
  await fillLogin(page, COACH, 'thuis-demo-2026');
  const due = page.locator(`section.thuis-worklist__section--deadlines a[href="/plannen/${plan}/evaluaties/nieuw"]`);
  assert.equal(await due.count(), 1, 'the overdue talk is a deadline with a link to its form');
  assert.match(await due.innerText(), /Voortgangsgesprek is te laat: dat moest uiterlijk/);

  await navigation(page, () => due.click());
  assert.equal(await page.locator('h1').innerText(), 'Voortgangsgesprek vastleggen');
  assert.ok(await fitsWidth(page), 'the form fits the phone');
  await assertAccessible(page, 'evaluation form (volunteer, phone)');
  // Nobody ticked as present: the error is said next to the field and in the summary.
  const invalid = await navigation(page, () => page.getByRole('button', { name: 'Gesprek opslaan' }).click());
  assert.equal(invalid.status(), 422);
  assert.match(await page.locator('#error-summary').innerText(), /Kies wie erbij was/);
  assert.ok(await fitsWidth(page));
  await assertAccessible(page, 'evaluation form with errors (volunteer, phone)');
  await screenshot(page, 'evaluation-form-error-phone-nl');

  await page.locator('#f-presentMemberIds').check();
  await page.getByLabel('Anderen die erbij waren').fill('tolk Arabisch');
  await page.getByRole('group', { name: 'Wonen' }).getByLabel('4 – Voldoende zelfredzaam').check();
  await page.getByRole('group', { name: 'Geld en rekeningen' }).getByLabel('4 – Voldoende zelfredzaam').check();
  await page.getByRole('group', { name: 'Ik richt mijn huis in (e2e).' }).getByLabel('Bezig').check();
  await page.getByLabel('Afspraken').fill('Over zes weken weer een gesprek (e2e).');
  await screenshot(page, 'evaluation-form-phone-nl');
  const saved = await navigation(page, () => page.getByRole('button', { name: 'Gesprek opslaan' }).click());
  assert.equal(saved.status(), 200);
  assert.match(new URL(page.url()).pathname, new RegExp(`^/plannen/${plan}/evaluaties/[0-9a-f-]{36}$`));
  assert.match(await page.locator('main').innerText(), /Het gesprek is opgeslagen/);
  assert.ok(await fitsWidth(page));
  await assertAccessible(page, 'evaluation read back (volunteer, phone)');

  await navigation(page, () => page.getByRole('link', { name: 'vergelijk met de versie ervoor' }).click());
  assert.equal(await page.locator('h1').innerText(), 'Versie 1 en versie 2 naast elkaar');
  const text = await page.locator('main').innerText();
  assert.match(text, /Score: 2 → 4 \(hoger\)/);
  assert.match(text, /Score: 3 → 4 \(hoger\)/);
  assert.ok(await fitsWidth(page), 'the comparison fits the phone: the columns stack');
  await assertAccessible(page, 'versions compared (volunteer, phone)');
  await screenshot(page, 'versions-compare-phone-nl');

  await switchLanguage(page, 'ar');
  assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
  assert.match(await page.locator('main').innerText(), /من 2 إلى 4/);
  assert.ok(await fitsWidth(page));
  await assertAccessible(page, 'versions compared in Arabic (phone)');
  await screenshot(page, 'versions-compare-phone-ar');
  await switchLanguage(page, 'nl');

  // On a wide screen the two versions stand side by side.
  await page.setViewportSize(DESKTOP);
  const columns = (await page.evaluate("getComputedStyle(document.querySelector('.thuis-compare__cols')).gridTemplateColumns")) as string;
  assert.equal(columns.split(' ').length, 2, columns);
  await assertAccessible(page, 'versions compared (desktop)');
  await screenshot(page, 'versions-compare-desktop-nl');
  await navigation(page, () => page.getByRole('link', { name: 'Terug naar de versies' }).click());
  await assertAccessible(page, 'versions list (desktop)');
});
