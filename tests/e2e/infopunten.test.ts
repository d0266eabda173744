// The infopunt journey of issue 5, as the people who do it: Ingrid, at the walk-in desk on her phone, logs five
// anonymous questions in a few taps each, then one visit she links to a known family and refers to their coach
// with a follow-up. Anne, the coach, finds the follow-up in "Mijn werk" and the visit in the family's journal;
// Ingrid herself cannot open the family's file. axe (WCAG 2.2 AA) on every page on the way.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Page } from 'playwright-core';
import type { Harness } from './support.ts';
import { assertAccessible, coachHouseholds, fitsWidth, login, navigation, newPage, PHONE, screenshot, suite, switchLanguage } from './support.ts';

const s = suite();
before(() => s.setUp());
after(() => s.tearDown());

const INFOPUNT = 'infopunt@thuis.demo'; // Ingrid, staff at Vlaardingen and Schiedam
const COACH = 'coach@thuis.demo'; // Anne Jansen, volunteer coach

async function checkPage(page: Page, label: string): Promise<void> {
  await assertAccessible(page, label);
  assert.ok(await fitsWidth(page), `${label} fits a phone without scrolling sideways`);
  await screenshot(page, `infopunt-${label}`);
}

/** One tap on a chip of the desk's quick form. */
async function tap(page: Page, name: string, value: string): Promise<void> {
  await page.locator(`label.thuis-chip:has(input[name="${name}"][value="${value}"])`).click();
  assert.ok(await page.locator(`input[name="${name}"][value="${value}"]`).isChecked(), `${name} = ${value}`);
}

async function count(h: Harness, text: string, params: unknown[]): Promise<number> {
  const { rows } = await h.db.raw.query<{ n: number }>(text, params);
  return rows[0]!.n;
}

s.e2e('an infopunt volunteer logs five anonymous visits and one linked visit with a follow-up for the coach', async (t, h) => {
  const ingrid = h.demo.users[INFOPUNT]!;
  const visits = () => count(h, 'select count(*)::int as n from infopunt_visits where logged_by = $1', [ingrid]);
  const before = await visits();

  // 1. Ingrid signs in on her phone and lands on the desk of her infopunt.
  const { context, page } = await newPage(h, PHONE);
  t.after(() => context.close());
  await login(page, INFOPUNT, '/infopunt');
  await checkPage(page, 'desk');

  // 2. Five walk-in questions, anonymous: a topic, an authority, save. Duration and outcome keep their defaults.
  const questions: [string, string][] = [
    ['letter', 'belastingdienst_toeslagen'], ['allowances', 'belastingdienst_toeslagen'], ['digid', 'gemeente'],
    ['health_insurance', 'health_insurer'], ['debts', 'none'],
  ];
  for (const [topic, authority] of questions) {
    await tap(page, 'topic', topic);
    await tap(page, 'authority', authority);
    const saved = await navigation(page, () => page.locator('button.thuis-desk__save').click());
    assert.equal(saved.status(), 200);
    assert.match(await page.locator('main').innerText(), /Bezoek opgeslagen/);
  }
  assert.equal(await visits(), before + 5);
  assert.equal(await count(h, `select count(*)::int as n from infopunt_visits where logged_by = $1 and household_id is null and created_at > now() - interval '5 minutes'`, [ingrid]), 5, 'all five anonymous');
  await checkPage(page, 'desk-after-five');

  // 3. A sixth visitor brings a letter from the UWV; Ingrid links the visit to the family by its reference and
  // refers them to their coach, with a follow-up for her.
  const family = (await coachHouseholds(h, COACH))[0]!;
  await tap(page, 'topic', 'letter');
  await tap(page, 'authority', 'uwv');
  await tap(page, 'outcome', 'referred_coach');
  await page.locator('#f-followUpDescription').fill('Brief van het UWV samen doornemen');
  await page.locator('summary.thuis-desk__link-summary').click();
  await page.locator('#f-reference').fill(family.reference);
  await navigation(page, () => page.locator('button.thuis-desk__search').click());
  assert.ok(await page.locator(`input[name="householdId"][value="${(await h.db.raw.query<{ id: string }>('select id from households where reference = $1', [family.reference])).rows[0]!.id}"]`).isChecked(),
    'the one exact match is chosen');
  await checkPage(page, 'desk-linked');
  await navigation(page, () => page.locator('button.thuis-desk__save').click());
  assert.match(await page.locator('main').innerText(), /Bezoek opgeslagen/);
  assert.equal(await visits(), before + 6);
  const { rows: [followUp] } = await h.db.raw.query<{ assignedTo: string; householdId: string }>(`
    select f.assigned_to as "assignedTo", f.household_id as "householdId" from infopunt_follow_ups f
      join infopunt_visits v on v.id = f.visit_id where v.logged_by = $1 order by v.created_at desc limit 1`, [ingrid]);
  assert.equal(followUp!.assignedTo, h.demo.users[COACH], 'the follow-up is a task for the family\'s coach');
  assert.equal(followUp!.householdId, family.id);

  // The desk in Arabic, right to left.
  await switchLanguage(page, 'ar');
  await checkPage(page, 'desk-ar');
  await switchLanguage(page, 'nl');

  // Ingrid sees the minimum: the family's reference, never its file.
  assert.equal((await page.goto(`/huishoudens/${family.id}`))?.status(), 404);

  // 4. Anne finds the follow-up in "Mijn werk" and the visit in the family's journal.
  const coach = await newPage(h, PHONE);
  t.after(() => coach.context.close());
  await login(coach.page, COACH);
  assert.match(await coach.page.locator('main').innerText(), /Brief van het UWV samen doornemen/);
  await checkPage(coach.page, 'coach-worklist');
  await coach.page.goto(`/huishoudens/${family.id}`);
  assert.match(await coach.page.locator('main').innerText(), /UWV/);
  await checkPage(coach.page, 'coach-journal');
});
