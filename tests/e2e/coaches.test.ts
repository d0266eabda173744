// Browser check of coach matching: the coordinator (with her second factor) at phone width opens the coach
// groups, a waiting household's suggestions, confirms the top one; a volunteer edits her own profile with the
// week grid. axe (WCAG 2.2 AA) on every page, once in Arabic (right-to-left).
//
// Run: node_modules/.bin/node --test tests/e2e/coaches.test.ts
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { assertAccessible, fitsWidth, login, loginWithTotp, navigation, newPage, PHONE, screenshot, suite, switchLanguage } from './support.ts';

const s = suite();
before(() => s.setUp());
after(() => s.tearDown());


s.e2e('coordinator at phone size: coach groups, suggestions for a waiting household, confirm the top one; Arabic too', async (t, h) => {
  const { context, page } = await newPage(h, PHONE);
  t.after(() => context.close());
  await loginWithTotp(h, page, 'coordinator@thuis.demo');

  await navigation(page, () => page.locator('nav.thuis-nav a[href="/coaches"]').click());
  assert.equal(await page.locator('h1').innerText(), 'Coaches en coachgroepen');
  assert.ok(await page.getByRole('heading', { name: 'Coachgroep van Sanne de Vries' }).isVisible());
  assert.ok((await page.locator('#main').innerText()).includes('ouder dan 3 jaar'), 'an expired VOG is flagged in words');
  assert.ok(await fitsWidth(page), 'no horizontal scrolling at 390px');
  await assertAccessible(page, 'coaches overview (nl, phone)');
  await screenshot(page, 'coaches-overview-phone');

  const waitingCard = page.locator('#wachtend .thuis-card').first();
  const reference = (await waitingCard.locator('h3').innerText()).trim();
  await navigation(page, () => waitingCard.getByRole('link', { name: /Coach zoeken/ }).click());
  assert.match(new URL(page.url()).pathname, /^\/huishoudens\/[0-9a-f-]{36}\/koppelen$/);
  const householdId = new URL(page.url()).pathname.split('/')[2]!;
  assert.equal(await page.locator('h1').innerText(), 'Coach koppelen');
  assert.ok((await page.locator('#main').innerText()).includes(reference));
  const checked = page.locator('input[name="coachId"]:checked');
  assert.equal(await checked.count(), 1, 'the top suggestion with a free place is pre-selected');
  const chosenId = await checked.getAttribute('value');
  const chosenName = (await page.locator(`label[for="f-coachId-${chosenId}"] strong`).first().innerText()).trim();
  assert.ok(await fitsWidth(page));
  await assertAccessible(page, 'coach suggestions (nl, phone)');
  await screenshot(page, 'coaches-suggestions-phone');

  await navigation(page, () => page.getByRole('button', { name: 'Coach koppelen' }).click());
  assert.equal(new URL(page.url()).pathname, `/huishoudens/${householdId}`);
  const coachSection = page.locator('#coach');
  assert.ok((await coachSection.innerText()).includes(chosenName), 'the dossier shows the new coach');
  assert.ok(await coachSection.getByRole('link', { name: 'Andere coach koppelen' }).isVisible());
  const { rows } = await h.db.raw.query<{ coach_id: string }>('select coach_id from coach_assignments where household_id = $1 and ended_at is null', [householdId]);
  assert.equal(rows[0]?.coach_id, chosenId);
  await assertAccessible(page, 'dossier with the coach section (nl, phone)');

  // The handover page of the volunteer with an Arabic-speaking caseload.
  await page.goto(`/coaches/${h.demo.users['coach2@thuis.demo']}/overdragen`);
  assert.equal(await page.locator('h1').innerText(), 'Huishoudens overdragen');
  await assertAccessible(page, 'handover (nl, phone)');
  await screenshot(page, 'coaches-handover-phone');

  await switchLanguage(page, 'ar');
  assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
  await page.goto('/coaches');
  assert.ok(await fitsWidth(page));
  await assertAccessible(page, 'coaches overview (ar, phone)');
  await screenshot(page, 'coaches-overview-ar-phone');
  await page.goto(`/huishoudens/${householdId}/koppelen`);
  await assertAccessible(page, 'coach suggestions (ar, phone)');
  await screenshot(page, 'coaches-suggestions-ar-phone');
  await page.goto(`/coaches/${h.demo.users['coach4@thuis.demo']}`);
  await assertAccessible(page, 'coach profile by the coordinator (ar, phone)');
  await screenshot(page, 'coaches-profile-ar-phone');
});

s.e2e('a volunteer edits her own profile on her phone: languages, a week grid, postcode areas', async (t, h) => {
  const { context, page } = await newPage(h, PHONE);
  t.after(() => context.close());
  await login(page, 'coach@thuis.demo');
  await page.goto('/account/profiel');
  assert.equal(await page.locator('h1').innerText(), 'Mijn coachprofiel');
  assert.ok(await fitsWidth(page), 'the week grid fits 390px');
  await assertAccessible(page, 'own profile (nl, phone)');
  await screenshot(page, 'coaches-profile-phone');

  await page.getByLabel('Arabisch (ar)').check();
  await page.getByLabel('vrijdag avond').check();
  await page.locator('#f-postcodeAreas').fill('3131, 3134');
  await navigation(page, () => page.getByRole('button', { name: 'Profiel opslaan' }).click());
  assert.equal(new URL(page.url()).pathname, '/account/profiel');
  assert.ok(await page.getByRole('status').filter({ hasText: 'Het profiel is opgeslagen.' }).isVisible());
  assert.ok(await page.getByLabel('Arabisch (ar)').isChecked());
  assert.ok(await page.getByLabel('vrijdag avond').isChecked());
  const { rows } = await h.db.raw.query<{ languages: string[]; postcode_areas: string[] }>('select languages, postcode_areas from coach_profiles where user_id = $1', [h.demo.users['coach@thuis.demo']]);
  assert.ok(rows[0]!.languages.includes('ar'));
  assert.deepEqual(rows[0]!.postcode_areas, ['3131', '3134']);

  // A wrong postcode area: the error summary takes focus and names the field.
  await page.locator('#f-postcodeAreas').fill('31A1');
  const response = await navigation(page, () => page.getByRole('button', { name: 'Profiel opslaan' }).click());
  assert.equal(response.status(), 422);
  assert.ok((await page.locator('#error-summary').innerText()).includes('Postcodegebieden'));
  await assertAccessible(page, 'own profile with an error (nl, phone)');
});
