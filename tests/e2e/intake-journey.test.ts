// The journey of issue 3 in one run, as the people who do it: a coordinator imports the municipality's list,
// fixes the one wrong row, commits, and links a coach to the new household from the suggestions; that coach,
// on her phone during the first home visit, opens "Mijn werk" and ticks off items of the basis op orde.
// axe (WCAG 2.2 AA) on every page on the way.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { assertAccessible, fillLogin, fitsWidth, loginWithTotp, navigation, newPage, PASSWORD, PHONE, screenshot, suite } from './support.ts';

const s = suite();
before(() => s.setUp());
after(() => s.tearDown());

const COORDINATOR = 'coordinator@thuis.demo';
const COACH = 'coach2@thuis.demo'; // Youssef El Amrani: speaks Arabic, works in Vlaardingen
const FILE = fileURLToPath(new URL('../fixtures/import/aanmelding-met-fout.csv', import.meta.url));

s.e2e('import → fix → commit → coach from the suggestions → the coach ticks off the basis op orde on her phone', async (t, h) => {
  const { context, page } = await newPage(h, PHONE);
  t.after(() => context.close());

  // 1. The coordinator imports the list; row 4 has a date that does not exist.
  await loginWithTotp(h, page, COORDINATOR);
  await page.goto('/import');
  await page.locator('#f-file').setInputFiles(FILE);
  await navigation(page, () => page.locator('form.thuis-import-upload button[type=submit]').click());
  assert.match(await page.locator('#rij-4').innerText(), /Geboortedatum: Dit is geen bestaande datum/);
  await assertAccessible(page, 'journey: dry run with a wrong row');

  // 2. She fixes it in the page and commits everything at once.
  await navigation(page, () => page.locator('#rij-4 a.thuis-import-fix').click());
  await page.locator('#f-geboortedatum').fill('21-02-2020');
  await navigation(page, () => page.locator('form.thuis-form button[type=submit]').click());
  assert.match(await page.locator('#rij-4').innerText(), /Goed/);
  await page.locator('#f-mode-all_or_nothing').check();
  await navigation(page, () => page.locator('form[action$="/vastleggen"] button[type=submit]').click());
  await page.locator('#main', { hasText: 'huishoudens aangemaakt' }).waitFor({ timeout: 30_000 });
  await page.waitForLoadState('load');
  await assertAccessible(page, 'journey: import finished');

  // The Nasser household came in with its trajectory and checklist (it has a housing date).
  const { rows } = await h.db.raw.query<{ id: string; items: number }>(
    `select h.id, (select count(*)::int from checklist_items c where c.household_id = h.id) as items
       from households h join household_members m on m.household_id = h.id
      where h.reference like 'IMP-%' and m.family_name = 'Nasser' and m.relation = 'head'`);
  assert.equal(rows.length, 1, 'one Nasser household was created');
  const household = rows[0]!;
  assert.ok(household.items > 10, `its basis op orde was generated (${household.items} items)`);

  // 3. She opens the coach suggestions and links Youssef: he speaks Arabic and works in Vlaardingen.
  assert.equal((await page.goto(`/huishoudens/${household.id}/koppelen`))?.status(), 200);
  const youssef = h.demo.users[COACH]!;
  const option = page.locator(`#f-coachId-${youssef}`);
  assert.equal(await option.count(), 1, 'Youssef is among the suggestions');
  const card = page.locator('li.thuis-coach-suggestion', { has: option });
  assert.match(await card.innerText(), /Arabisch/, 'the reasons name the shared language');
  await assertAccessible(page, 'journey: coach suggestions');
  await screenshot(page, 'journey3-suggestions-phone');
  await option.check();
  const overCapacity = page.locator('input[name=allowOverCapacity]');
  if (await overCapacity.count()) await overCapacity.check();
  await navigation(page, () => page.getByRole('button', { name: 'Coach koppelen' }).click());
  assert.match(await page.locator('#coach').innerText(), /Youssef El Amrani/);

  // 4. Youssef, on his phone: the new household is on "Mijn werk", and he ticks off two items during the visit.
  await context.clearCookies();
  await fillLogin(page, COACH, PASSWORD);
  assert.equal(new URL(page.url()).pathname, '/mijn-werk');
  assert.ok(await page.locator(`main a[href^="/huishoudens/${household.id}"]`).count() >= 1, 'the new household has signals in Mijn werk');
  await assertAccessible(page, 'journey: Mijn werk of the coach');
  await screenshot(page, 'journey3-mijn-werk-phone');
  assert.equal((await page.goto(`/huishoudens/${household.id}/basis-op-orde`))?.status(), 200);
  const doneBefore = Number(/^(\d+)/.exec(await page.locator('.thuis-checklist__progress').innerText())![1]);
  for (let i = 0; i < 2; i++) {
    const card = page.locator('li.thuis-checklist__item:not(.thuis-checklist__item--closed)').first();
    await navigation(page, () => card.locator('button.thuis-checklist__done').click());
  }
  assert.equal(Number(/^(\d+)/.exec(await page.locator('.thuis-checklist__progress').innerText())![1]), doneBefore + 2);
  assert.ok(await fitsWidth(page), 'the checklist fits the phone');
  await assertAccessible(page, 'journey: checklist after two ticks');
  await screenshot(page, 'journey3-checklist-phone');
  const { rows: done } = await h.db.raw.query<{ n: number }>(
    `select count(*)::int as n from checklist_items where household_id = $1 and status = 'done' and updated_by = $2`, [household.id, youssef]);
  assert.equal(done[0]!.n, 2, 'the two ticks are stored as his');
});
