// Registration in the browser: a coordinator registers a household on her phone (with "add a person", no
// JavaScript), meets a probable duplicate, merges the demo's double record; the dossier with its deadlines;
// a volunteer's edit form; Arabic right-to-left. axe-core (WCAG 2.2 AA) on every page.
//
// Run: node_modules/.bin/node --test tests/e2e/registration.test.ts
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Page } from 'playwright-core';
import { assertAccessible, coachHouseholds, fitsWidth, login, loginWithTotp, navigation, newPage, screenshot, suite, switchLanguage } from './support.ts';

const s = suite();
before(() => s.setUp());
after(() => s.tearDown());

const COORDINATOR = 'coordinator@thuis.demo';
const COACH = 'coach@thuis.demo';
const byId = (page: Page, id: string) => page.locator(`[id="${id}"]`);


s.e2e('a coordinator registers a household on her phone, meets a duplicate and merges the double record', async (_t, h) => {
  const { context, page } = await newPage(h);
  try {
    await loginWithTotp(h, page, COORDINATOR);
    await page.goto('/huishoudens');
    await navigation(page, () => page.getByRole('link', { name: 'Nieuw huishouden registreren' }).click());
    assert.equal(new URL(page.url()).pathname, '/huishoudens/nieuw');
    await assertAccessible(page, 'registration form');
    assert.ok(await fitsWidth(page), 'the form fits a phone');

    await byId(page, 'f-reference').fill('E2E-001');
    await byId(page, 'f-municipalityCode').selectOption('GM0622');
    await byId(page, 'f-postcode').fill('3131 ab');
    await byId(page, 'f-housingDate').fill('2026-02-01');
    await byId(page, 'f-members.0.relation').selectOption('head');
    await byId(page, 'f-members.0.givenNames').fill('Abd al-Rahman');
    await byId(page, 'f-members.0.familyName').fill('Yusuf');
    await byId(page, 'f-members.0.originalName').fill('عبد الرحمن يوسف');
    await byId(page, 'f-members.0.birthMonth').selectOption('5');
    await byId(page, 'f-members.0.birthYear').fill('1983');
    await byId(page, 'f-members.0.countryOfOrigin').selectOption('SY');
    await byId(page, 'f-members.0.bsn').fill('123456781');
    await navigation(page, () => page.getByRole('button', { name: 'Nog een persoon toevoegen' }).click());
    assert.equal(await byId(page, 'f-members.2.givenNames').count(), 1, 'a third row');
    assert.equal(await byId(page, 'f-members.0.givenNames').inputValue(), 'Abd al-Rahman', 'values are kept');
    assert.equal(await byId(page, 'f-members.0.bsn').inputValue(), '', 'a BSN is never sent back to the browser');
    await byId(page, 'f-members.0.bsn').fill('123456781');
    await byId(page, 'f-members.2.givenNames').fill('Huda');
    await byId(page, 'f-members.2.familyName').fill('Yusuf');
    await byId(page, 'f-members.2.relation').selectOption('child');
    await byId(page, 'f-members.2.birthYear').fill('2015');
    const invalid = await navigation(page, () => page.getByRole('button', { name: 'Huishouden registreren' }).click());
    assert.equal(invalid.status(), 422);
    assert.ok(await page.locator('#error-summary').isVisible());
    assert.match(await page.locator('#error-summary').innerText(), /elfproef/);
    await assertAccessible(page, 'registration form with errors');
    await screenshot(page, 'registration-errors-phone');
    await byId(page, 'f-members.0.bsn').fill('123456782');
    const created = await navigation(page, () => page.getByRole('button', { name: 'Huishouden registreren' }).click());
    assert.equal(created.status(), 200);
    assert.match(new URL(page.url()).pathname, /^\/huishoudens\/[0-9a-f-]{36}$/);
    assert.match(await page.locator('#main').innerText(), /•••••6782/);
    assert.doesNotMatch(await page.content(), /123456782/);
    await assertAccessible(page, 'dossier after registration');
    await screenshot(page, 'registration-dossier-phone');

    // The demo's double record: registering the same man again warns first.
    await page.goto('/huishoudens/nieuw');
    await byId(page, 'f-reference').fill('E2E-002');
    await byId(page, 'f-municipalityCode').selectOption('GM0622');
    await byId(page, 'f-members.0.givenNames').fill('Mohamed');
    await byId(page, 'f-members.0.familyName').fill('Elhassan');
    await byId(page, 'f-members.0.birthDay').fill('12');
    await byId(page, 'f-members.0.birthMonth').selectOption('4');
    await byId(page, 'f-members.0.birthYear').fill('1987');
    const warned = await navigation(page, () => page.getByRole('button', { name: 'Huishouden registreren' }).click());
    assert.equal(warned.status(), 409);
    assert.ok(await page.getByRole('button', { name: 'Toch registreren' }).isVisible());
    await assertAccessible(page, 'duplicate warning');
    await screenshot(page, 'registration-duplicate-phone');
    await navigation(page, () => page.getByRole('link', { name: 'Open huishouden A-2026-017' }).click());
    await navigation(page, () => page.getByRole('link', { name: 'Vergelijken met A-2026-031' }).first().click());
    await assertAccessible(page, 'merge comparison');
    await screenshot(page, 'registration-merge-phone');
    await navigation(page, () => page.getByRole('button', { name: /A-2026-031 samenvoegen/ }).click());
    assert.match(await page.locator('#main').innerText(), /samengevoegd/);
    await navigation(page, () => page.getByRole('link', { name: 'Samenvoegen met een andere registratie' }).click());
    await assertAccessible(page, 'merge start');

    await page.goto('/huishoudens');
    await navigation(page, () => page.getByRole('link', { name: 'Mohammed Al-Hassan' }).first().click());
    await navigation(page, () => page.getByRole('link', { name: 'Gegevens wijzigen' }).click());
    await assertAccessible(page, 'edit form (coordinator)');

    await switchLanguage(page, 'ar');
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    await assertAccessible(page, 'edit form in Arabic');
    await page.goto('/huishoudens/nieuw');
    await assertAccessible(page, 'registration form in Arabic');
    assert.ok(await fitsWidth(page));
    await screenshot(page, 'registration-form-ar-phone');
    await switchLanguage(page, 'nl');
  } finally {
    await context.close();
  }
});

s.e2e('a volunteer sees the dossier with its deadlines and edits the basics on her phone', async (_t, h) => {
  const { context, page } = await newPage(h);
  try {
    await login(page, COACH);
    const [first] = await coachHouseholds(h, COACH);
    await page.goto(`/huishoudens/${first!.id}`);
    assert.doesNotMatch(await page.locator('#main').innerText(), /BSN/);
    await assertAccessible(page, 'dossier (volunteer)');
    await screenshot(page, 'registration-dossier-volunteer-phone');
    await navigation(page, () => page.getByRole('link', { name: 'Gegevens wijzigen' }).click());
    assert.equal(await page.locator('[name$=".bsn"]').count(), 0);
    await assertAccessible(page, 'edit form (volunteer)');
    await byId(page, 'f-members.0.phone').fill('06 11112222');
    await navigation(page, () => page.getByRole('button', { name: 'Wijzigingen opslaan' }).click());
    assert.match(await page.locator('#main').innerText(), /De wijzigingen zijn opgeslagen/);
    assert.match(await page.locator('#main').innerText(), /06 11112222/);
    await switchLanguage(page, 'ar');
    await assertAccessible(page, 'dossier in Arabic');
    await screenshot(page, 'registration-dossier-ar-phone');
  } finally {
    await context.close();
  }
});
