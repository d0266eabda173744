// Browser test of "basis op orde": a volunteer coach on a 390px phone ticks items off during a home visit,
// marks one not applicable (with a reason, after first forgetting it), and sees the progress on the dossier;
// a coordinator opens the programme settings. axe (WCAG 2.2 AA) on every page, once in Arabic.
//
// Run: node_modules/.bin/node --test tests/e2e/trajectories.test.ts
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { totpCode } from '../../src/platform/auth/totp.ts';
import { assertAccessible, coachHouseholds, DESKTOP, enrolmentSecret, fillLogin, fitsWidth, navigation, newPage, PASSWORD, PHONE, screenshot, suite, switchLanguage } from './support.ts';

const s = suite();
before(() => s.setUp());
after(() => s.tearDown());

const COACH = 'coach@thuis.demo';
const COORDINATOR = 'coordinator@thuis.demo';

/** No horizontal scrolling at phone width. */

s.e2e('a volunteer on her phone ticks off basis op orde and sees the progress on the dossier', async (t, h) => {
  const { context, page } = await newPage(h, PHONE);
  t.after(() => context.close());
  await fillLogin(page, COACH, PASSWORD);
  // Her household with the most open items that are due: where a home visit has the most to do.
  const mine = await coachHouseholds(h, COACH);
  const { rows } = await h.db.raw.query<{ household_id: string }>(
    `select household_id from checklist_items where household_id = any($1::uuid[]) and status = 'open'
      group by household_id order by count(*) desc limit 1`, [mine.map((m) => m.id)]);
  const id = rows[0]!.household_id;

  const response = await page.goto(`/huishoudens/${id}/basis-op-orde`);
  assert.equal(response?.status(), 200);
  assert.match(await page.locator('h1').innerText(), /Basis op orde/);
  assert.ok(await fitsWidth(page), 'the checklist fits a 390px screen');
  await assertAccessible(page, 'checklist (phone)');
  await screenshot(page, 'trajectories-checklist-phone');

  const progressBefore = await page.locator('.thuis-checklist__progress').innerText();
  const doneBefore = Number(/^(\d+)/.exec(progressBefore)![1]);

  // Two one-tap ticks.
  for (let i = 0; i < 2; i++) {
    const card = page.locator('li.thuis-checklist__item:not(.thuis-checklist__item--closed)').first();
    await navigation(page, () => card.locator('button.thuis-checklist__done').click());
    assert.match(await page.locator('[role=status]').first().innerText(), /Opgeslagen/);
  }

  // Not applicable: first without a reason (the error sits next to the field), then with one.
  const card = page.locator('li.thuis-checklist__item:not(.thuis-checklist__item--closed)').first();
  const cardId = await card.getAttribute('id');
  await card.locator('summary', { hasText: 'Niet van toepassing' }).click();
  const failed = await navigation(page, () => card.locator('button', { hasText: 'Opslaan als niet van toepassing' }).click());
  assert.equal(failed.status(), 422);
  const again = page.locator(`#${cardId}`);
  assert.ok(await again.locator('.utrecht-form-field-error-message').isVisible(), 'the message is next to the reason');
  await assertAccessible(page, 'checklist with an error');
  await again.locator('input[name=reason]').fill('Heeft al een pas via de school van de kinderen');
  await navigation(page, () => again.locator('button', { hasText: 'Opslaan als niet van toepassing' }).click());
  const progressAfter = await page.locator('.thuis-checklist__progress').innerText();
  assert.equal(Number(/^(\d+)/.exec(progressAfter)![1]), doneBefore + 2);
  await screenshot(page, 'trajectories-checklist-after');

  await page.goto(`/huishoudens/${id}`);
  const section = page.locator('#traject');
  assert.match(await section.innerText(), new RegExp(`${doneBefore + 2} van \\d+ geregeld`));
  assert.match(await section.innerText(), /Contact/);
  await assertAccessible(page, 'dossier with trajectory');
  await screenshot(page, 'trajectories-dossier-phone');

  // Once in Arabic, right to left.
  await page.goto(`/huishoudens/${id}/basis-op-orde`);
  await switchLanguage(page, 'ar');
  assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
  assert.ok(await fitsWidth(page));
  await assertAccessible(page, 'checklist in Arabic');
  await screenshot(page, 'trajectories-checklist-ar');
});

s.e2e('a coordinator opens the programme settings and a municipality\'s programme', async (t, h) => {
  const { context, page } = await newPage(h, DESKTOP);
  t.after(() => context.close());
  await fillLogin(page, COORDINATOR, PASSWORD);
  assert.equal(new URL(page.url()).pathname, '/tweestapsverificatie');
  const secret = await enrolmentSecret(page);
  await page.locator('#f-code').fill(totpCode(secret));
  await navigation(page, () => page.locator('main form button[type=submit]').click());

  const list = await page.goto('/instellingen');
  assert.equal(list?.status(), 200);
  assert.match(await page.locator('main').innerText(), /Vlaardingen/);
  await assertAccessible(page, 'settings');
  await navigation(page, () => page.locator('a', { hasText: 'Vlaardingen' }).click());
  assert.match(new URL(page.url()).pathname, /^\/instellingen\/gemeenten\/GM0622$/);
  assert.equal(await page.locator('#f-trajectoryMonths-18').isChecked(), true, 'Vlaardingen runs 18 months');
  await assertAccessible(page, 'programme settings');
  await screenshot(page, 'trajectories-settings');
  await page.setViewportSize(PHONE);
  await assertAccessible(page, 'programme settings (phone)');
  await screenshot(page, 'trajectories-settings-phone');
});
