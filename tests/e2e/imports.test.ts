// Browser journey of the import at phone width: a coordinator (with her second factor) uploads a file with one
// wrong row, sees what is wrong and why, fixes the row in the page, commits all-or-nothing and sees it finish;
// axe (WCAG 2.2 AA) on every page, once more in Arabic (right-to-left).
//
// Run: node_modules/.bin/node --test tests/e2e/imports.test.ts
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { assertAccessible, fitsWidth, loginWithTotp, navigation, newPage, PHONE, screenshot, suite, switchLanguage } from './support.ts';

const s = suite();
before(() => s.setUp());
after(() => s.tearDown());

const COORDINATOR = 'coordinator@thuis.demo';
const FILE = fileURLToPath(new URL('../fixtures/import/aanmelding-met-fout.csv', import.meta.url));


s.e2e('coordinator at phone width: upload a file, fix the wrong row, commit all-or-nothing, see it finish', async (t, h) => {
  const { context, page } = await newPage(h, PHONE);
  t.after(() => context.close());
  await loginWithTotp(h, page, COORDINATOR);

  await navigation(page, () => page.locator('nav.thuis-nav a[href="/import"]').click());
  assert.equal(await page.locator('h1').innerText(), 'Huishoudens importeren');
  assert.ok(await fitsWidth(page), 'the import page fits a phone');
  await assertAccessible(page, 'import: upload and history');
  await screenshot(page, 'import-1-upload-phone');

  await page.locator('#f-file').setInputFiles(FILE);
  await navigation(page, () => page.locator('form.thuis-import-upload button[type=submit]').click());
  assert.match(new URL(page.url()).pathname, /^\/import\/[0-9a-f-]{36}$/);
  const batchUrl = page.url();
  const wrongRow = page.locator('#rij-4');
  assert.match(await wrongRow.innerText(), /Fout/);
  assert.match(await wrongRow.innerText(), /Geboortedatum: Dit is geen bestaande datum/);
  assert.match(await page.locator('#rij-2').innerText(), /Rij 4 van dit huishouden heeft een fout/);
  assert.ok(await fitsWidth(page), 'the report fits a phone (the table scrolls inside its own region)');
  await assertAccessible(page, 'import: dry-run report');
  await screenshot(page, 'import-2-report-phone');

  // All or nothing is refused while a row is wrong, and says why.
  await page.locator('#f-mode-all_or_nothing').check();
  const refused = await navigation(page, () => page.locator('form[action$="/vastleggen"] button[type=submit]').click());
  assert.equal(refused.status(), 422);
  assert.match(await page.locator('#error-summary').innerText(), /Alles of niets kan nu niet/);
  await assertAccessible(page, 'import: all-or-nothing refused');

  await navigation(page, () => page.locator('#rij-4 a.thuis-import-fix').click());
  assert.equal(await page.locator('h1').innerText(), 'Rij 4 verbeteren');
  assert.equal(await page.locator('#f-geboortedatum').inputValue(), '31-02-2020');
  assert.equal(await page.locator('#f-bsn').inputValue(), '', 'the BSN is never filled in in full');
  assert.equal(await page.locator('#f-v_nummer').inputValue(), '', 'nor the V-nummer');
  assert.doesNotMatch(await page.locator('#main').innerText(), /7411449194/, 'the V-nummer shows only masked');
  await assertAccessible(page, 'import: fix a row');
  await screenshot(page, 'import-3-fix-phone');
  await page.locator('#f-geboortedatum').fill('21-02-2020');
  await navigation(page, () => page.locator('form.thuis-form button[type=submit]').click());
  assert.equal(page.url().split('?')[0], batchUrl);
  assert.match(await page.locator('#main').innerText(), /De rij is opgeslagen en opnieuw gecontroleerd/);
  assert.match(await page.locator('#rij-4').innerText(), /Goed/);

  await page.locator('#f-mode-all_or_nothing').check();
  await navigation(page, () => page.locator('form[action$="/vastleggen"] button[type=submit]').click());
  // While committing, the page refreshes itself (no script); it ends on the result.
  await page.locator('#main', { hasText: 'huishoudens aangemaakt' }).waitFor({ timeout: 20_000 });
  await page.waitForLoadState('load');
  assert.match(await page.locator('#main').innerText(), /Klaar\. Thuis heeft 3 huishoudens aangemaakt/);
  await assertAccessible(page, 'import: finished');
  await screenshot(page, 'import-4-done-phone');
  const { rows } = await h.db.raw.query<{ n: number }>(`select count(*)::int as n from households where reference like 'IMP-%'`);
  assert.equal(rows[0]!.n, 3);
  // Opaque references: IMP-<batch>-<n>, never the file's household keys (10, 11, 12).
  const batchId = new URL(batchUrl).pathname.split('/').at(-1)!;
  const refs = await h.db.raw.query<{ reference: string }>(`select reference from households where import_batch_id = $1 order by reference`, [batchId]);
  assert.deepEqual(refs.rows.map((r) => r.reference), [1, 2, 3].map((n) => `IMP-${batchId.slice(0, 8).toUpperCase()}-${n}`));

  // The same pages in Arabic, right to left.
  await switchLanguage(page, 'ar');
  assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
  await assertAccessible(page, 'import: finished (ar)');
  await page.goto('/import');
  assert.ok(await fitsWidth(page));
  await assertAccessible(page, 'import: upload and history (ar)');
  await screenshot(page, 'import-5-upload-ar');
  await switchLanguage(page, 'nl');
});

s.e2e('the progress page while committing: a <progress> element, refreshing itself, accessible', async (t, h) => {
  const { context, page } = await newPage(h, PHONE);
  t.after(() => context.close());
  await loginWithTotp(h, page, COORDINATOR);
  // Hold a batch in `committing` (as after a stopped process) to look at its page.
  const { rows } = await h.db.raw.query<{ id: string }>(`select id from import_batches where status = 'staged' and file_name like 'aanmelding-coa-week%' limit 1`);
  const id = rows[0]?.id;
  assert.ok(id, 'the demo has a staged import');
  await h.db.raw.query(`update import_batches set status = 'committing', mode = 'valid_only', processed_rows = 4 where id = $1`, [id]);
  const response = await page.goto(`/import/${id}?verversen=nee`);
  assert.equal(response?.status(), 200);
  assert.equal(await page.locator('progress#import-progress').getAttribute('value'), '4');
  await assertAccessible(page, 'import: progress');
  await screenshot(page, 'import-6-progress-phone');
  await h.db.raw.query(`update import_batches set status = 'staged', mode = null, processed_rows = 0 where id = $1`, [id]);
});
