// Browser end-to-end tests: what a coach sees on her phone, what a professional sees after her second
// factor, tenant isolation as a page shows it (AUTH-HIDE), form errors, Arabic right-to-left, WCAG 2.2 AA
// (axe-core) on every page kind at phone and desktop width, and the skip link.
//
// Run: node_modules/.bin/node --test --test-concurrency=1 tests/e2e/
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { totpCode } from '../../src/platform/auth/totp.ts';
import { assertAccessible, coachHouseholds, DESKTOP, enrolmentSecret, fillLogin, fitsWidth, householdIdsOf, login, loginWithTotp, navigation, newPage, noteCount, PASSWORD, PHONE, screenshot, suite, switchLanguage, VIEWPORTS, type Harness } from './support.ts';

const s = suite();
before(() => s.setUp());
after(() => s.tearDown());

const COACH = 'coach@thuis.demo';
const PROFESSIONAL = 'beroepskracht@thuis.demo';
const OTHER_COACH = 'coach@andere.demo';
const SENSITIVE_MARKER = 'praktijkondersteuner GGZ';

function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

async function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => el === el.ownerDocument.activeElement);
}

/** No horizontal scrolling: the document is not wider than the viewport. */

async function mainText(page: Page): Promise<string> {
  return (await page.locator('#main').innerText()).trim();
}

async function borderColor(locator: Locator): Promise<string> {
  return locator.evaluate((el) => el.ownerDocument.defaultView.getComputedStyle(el).borderBlockEndColor);
}

/** The household of `coach@thuis.demo` holding the professional's sensitive note (the seed puts it in her first). */
async function householdWithSensitiveNote(h: Harness): Promise<{ id: string; reference: string }> {
  const [first] = await coachHouseholds(h, COACH);
  assert.ok(first);
  const { rows } = await h.db.raw.query<{ n: number }>(
    `select count(*)::int as n from journal_notes where household_id = $1 and sensitivity = 'sensitive' and text like $2`,
    [first.id, `%${SENSITIVE_MARKER}%`],
  );
  assert.equal(rows[0]?.n, 1, 'the seed wrote one sensitive note in the first household of the volunteer');
  return first;
}

s.e2e('volunteer at phone size: her 5 households, a journal note with interpreter, never the sensitive note', async (t, h) => {
  const { context, page } = await newPage(h, PHONE);
  t.after(() => context.close());
  await login(page, COACH);
  await page.goto('/huishoudens');

  assert.equal(await page.locator('h1').innerText(), 'Mijn huishoudens');
  const mine = await coachHouseholds(h, COACH);
  assert.equal(mine.length, 5);
  const cards = page.locator('main .thuis-cards > li');
  assert.equal(await cards.count(), 5, 'exactly her five households are listed');
  const references = await cards.locator('dl > div:first-child dd').allInnerTexts();
  assert.deepEqual(references.toSorted(), mine.map((m) => m.reference).toSorted());
  assert.equal(await page.locator('main p[role=status]').innerText(), '5 huishoudens');
  // No horizontal scrolling at phone width.
  assert.ok(await fitsWidth(page), 'caseload fits the phone width');

  // Her first household holds the professional's sensitive note: she must not see it, in any of her households.
  const sensitive = await householdWithSensitiveNote(h);
  for (const household of mine) {
    const response = await page.goto(`/huishoudens/${household.id}`);
    assert.equal(response?.status(), 200);
    assert.ok(!(await page.content()).includes(SENSITIVE_MARKER), `the sensitive note is not in the HTML of ${household.reference}`);
    // Her own sensitive notes she does see; none written by someone else.
    for (const author of await page.locator('.thuis-note--sensitive .thuis-note__author').allInnerTexts()) {
      assert.equal(author, 'Vastgelegd door Anne Jansen', `only her own sensitive notes in ${household.reference}`);
    }
  }

  // Open the household from the list, as she would.
  await page.goto('/huishoudens');
  await navigation(page, () => page.locator(`main a[href="/huishoudens/${sensitive.id}"]`).click());
  assert.equal(new URL(page.url()).pathname, `/huishoudens/${sensitive.id}`);
  assert.match(await page.locator('h1').innerText(), /^Huishouden /);
  assert.ok(await fitsWidth(page), 'household page fits the phone width');
  const before = await noteCount(h, sensitive.id);

  const text = `E2E ${randomUUID().slice(0, 8)}: samen naar de bibliotheek geweest en een pas aangevraagd.`;
  const occurredOn = daysAgo(1);
  await page.getByLabel('Datum van het contact').fill(occurredOn);
  await page.getByLabel('Soort contact').selectOption('phone');
  await page.getByLabel('Duur in minuten').fill('45');
  await page.getByLabel('Met tolk').check();
  await page.getByLabel('Verslag').fill(text);
  const response = await navigation(page, () => page.getByRole('button', { name: 'Opslaan' }).click());
  assert.equal(response.status(), 200);

  const url = new URL(page.url());
  assert.equal(url.pathname, `/huishoudens/${sensitive.id}`);
  assert.equal(url.searchParams.get('opgeslagen'), 'journal.saved');
  assert.equal(await page.locator('main [role=status].utrecht-alert').innerText(), 'Het contactmoment is opgeslagen.');
  const note = page.locator('#journaal .thuis-note', { hasText: text });
  assert.equal(await note.count(), 1, 'the new note is in the journal');
  const meta = await note.locator('.thuis-note__meta').innerText();
  assert.match(meta, /telefonisch/);
  assert.match(meta, /45 minuten/);
  assert.match(meta, /met tolk/);
  assert.equal(await note.locator('.thuis-note__author').innerText(), 'Vastgelegd door Anne Jansen');
  assert.ok(!(await page.content()).includes(SENSITIVE_MARKER));
  await screenshot(page, 'journey-phone-nl-household-saved');

  assert.equal(await noteCount(h, sensitive.id), before + 1);
  const { rows } = await h.db.raw.query<{ kind: string; duration_minutes: number; with_interpreter: boolean; occurred_on: string; sensitivity: string; author_id: string }>(
    'select kind, duration_minutes, with_interpreter, occurred_on::text, sensitivity, author_id from journal_notes where text = $1',
    [text],
  );
  assert.deepEqual(rows, [{ kind: 'phone', duration_minutes: 45, with_interpreter: true, occurred_on: occurredOn, sensitivity: 'normal', author_id: h.demo.users[COACH] }]);

  // Logging out ends the session: the dossier is gone, even with the browser's back button.
  await navigation(page, () => page.getByRole('button', { name: 'Uitloggen' }).click());
  assert.equal(new URL(page.url()).pathname, '/inloggen');
  assert.equal(await page.locator('main [role=status]').innerText(), 'U bent uitgelogd.');
  await page.goto(`/huishoudens/${sensitive.id}`);
  assert.equal(new URL(page.url()).pathname, '/inloggen');
});

s.e2e('professional: forced TOTP enrolment, then her caseload and the sensitive note', async (t, h) => {
  const { context, page } = await newPage(h, PHONE);
  t.after(() => context.close());
  await fillLogin(page, PROFESSIONAL, PASSWORD);
  assert.equal(new URL(page.url()).pathname, '/tweestapsverificatie');
  assert.equal(await page.locator('h1').innerText(), 'Tweestapsverificatie');
  assert.equal(await page.locator('nav.thuis-nav').count(), 0, 'no navigation before the second factor');
  assert.ok(await page.locator('figure.thuis-qr svg').isVisible(), 'the QR code is shown');

  // Until the second factor passed, the caseload sends her back.
  await page.goto('/huishoudens');
  assert.equal(new URL(page.url()).pathname, '/tweestapsverificatie');

  const secret = await enrolmentSecret(page);
  const wrong = String((Number(totpCode(secret)) + 500_000) % 1_000_000).padStart(6, '0');
  await page.locator('#f-code').fill(wrong);
  const rejected = await navigation(page, () => page.getByRole('button', { name: 'Bevestigen' }).click());
  assert.equal(rejected.status(), 401);
  assert.match(await page.locator('main [role=alert]').innerText(), /klopt niet/);
  assert.equal(await enrolmentSecret(page), secret, 'a wrong code keeps the same enrolment key');

  // A code works once: remember its time step, so the next sign-in of this account uses a later one.
  const step = Math.floor(Date.now() / 30_000);
  await page.locator('#f-code').fill(totpCode(secret, step * 30_000));
  await navigation(page, () => page.getByRole('button', { name: 'Bevestigen' }).click());
  assert.equal(new URL(page.url()).pathname, '/mijn-werk');
  h.totpSecrets.set(PROFESSIONAL, secret);
  h.totpSteps.set(PROFESSIONAL, step);
  await page.goto('/huishoudens');
  assert.equal(await page.locator('h1').innerText(), 'Mijn huishoudens');
  // Her own five households and the ten of the two volunteers she supervises.
  assert.equal(await page.locator('main p[role=status]').innerText(), '15 huishoudens');

  const sensitive = await householdWithSensitiveNote(h);
  const response = await page.goto(`/huishoudens/${sensitive.id}`);
  assert.equal(response?.status(), 200);
  const note = page.locator('#journaal .thuis-note--sensitive', { hasText: SENSITIVE_MARKER });
  assert.equal(await note.count(), 1, 'the professional sees her sensitive note');
  assert.match(await note.innerText(), /vertrouwelijk/);
  assert.equal(await page.getByLabel('Vertrouwelijkheid').count(), 1, 'she may write sensitive notes');
  await screenshot(page, 'journey-phone-nl-professional-household');
});

s.e2e('AUTH-HIDE: another organisation\'s household looks exactly like one that does not exist', async (t, h) => {
  const { context, page } = await newPage(h, PHONE);
  t.after(() => context.close());
  await login(page, OTHER_COACH);
  const [own] = await householdIdsOf(h, 'other');
  const [foreign] = await householdIdsOf(h, 'mvs');
  assert.ok(own && foreign);

  const ownResponse = await page.goto(`/huishoudens/${own}`);
  assert.equal(ownResponse?.status(), 200, 'her own household opens (the 404 below is not a broken page)');
  const csrf = await page.locator('main form input[name=_csrf]').first().inputValue();

  const foreignResponse = await page.goto(`/huishoudens/${foreign}`);
  const foreignMain = await mainText(page);
  const foreignTitle = await page.title();
  const randomResponse = await page.goto(`/huishoudens/${randomUUID()}`);
  const randomMain = await mainText(page);
  assert.equal(foreignResponse?.status(), 404);
  assert.equal(randomResponse?.status(), 404);
  assert.equal(foreignMain, randomMain, 'same main text');
  assert.equal(foreignTitle, await page.title(), 'same title');
  assert.match(foreignMain, /Niet gevonden/);

  // Writing a note into it is answered the same way, and writes nothing.
  const before = await noteCount(h, foreign);
  const form = { _csrf: csrf, occurredOn: daysAgo(0), kind: 'phone', durationMinutes: '10', text: 'mag niet' };
  const foreignPost = await page.request.post(`/huishoudens/${foreign}/notities`, { form, maxRedirects: 0 });
  const randomPost = await page.request.post(`/huishoudens/${randomUUID()}/notities`, { form, maxRedirects: 0 });
  assert.equal(foreignPost.status(), 404);
  assert.equal(randomPost.status(), 404);
  assert.equal(await noteCount(h, foreign), before);
});

s.e2e('wrong password shows an error; an empty note form shows field errors and a summary, and saves nothing', async (t, h) => {
  const { context, page } = await newPage(h, PHONE);
  t.after(() => context.close());

  const failed = await fillLogin(page, COACH, 'niet-het-wachtwoord');
  assert.equal(failed.status(), 401);
  assert.equal(new URL(page.url()).pathname, '/inloggen');
  assert.match(await page.locator('main [role=alert]').innerText(), /^Dat e-mailadres en wachtwoord horen niet bij elkaar/);
  assert.equal(await page.locator('#f-email').inputValue(), COACH, 'the e-mail address is kept');
  assert.equal(await page.locator('#f-password').inputValue(), '', 'the password is not sent back');

  await login(page, COACH);
  const [, household] = await coachHouseholds(h, COACH);
  assert.ok(household);
  await page.goto(`/huishoudens/${household.id}`);
  const before = await noteCount(h, household.id);
  const journalBefore = await page.locator('#journaal .thuis-note').count();

  // The required, still empty textarea is not shown as an error before anything was submitted.
  const textarea = page.locator('#f-text');
  const emptyColour = await borderColor(textarea);
  await textarea.fill('iets');
  await textarea.blur();
  assert.equal(emptyColour, await borderColor(textarea), 'an empty required textarea looks like a filled one before submit');
  await textarea.fill('');

  await page.getByLabel('Datum van het contact').fill('');
  await page.getByLabel('Duur in minuten').fill('');
  const response = await navigation(page, () => page.getByRole('button', { name: 'Opslaan' }).click());
  assert.equal(response.status(), 422);

  const summary = page.locator('#error-summary');
  assert.ok(await summary.isVisible());
  assert.equal(await summary.getAttribute('role'), 'alert');
  assert.match(await summary.innerText(), /Er zijn \d+ fouten in het formulier/);
  assert.ok(await isFocused(summary), 'focus moves to the error summary');
  for (const [name, message] of [['occurredOn', /bestaande datum/], ['text', /^Vul dit in\.$/]] as const) {
    assert.equal(await summary.locator(`a[href="#f-${name}"]`).count(), 1, `the summary links to ${name}`);
    const control = page.locator(`#f-${name}`);
    const error = page.locator(`#f-${name}-err`);
    assert.match(await error.innerText(), message);
    assert.equal(await control.getAttribute('aria-invalid'), 'true');
    assert.ok((await control.getAttribute('aria-describedby'))?.split(' ').includes(`f-${name}-err`), `${name} is described by its error`);
    // Next to the field: in the same form field, directly above the control.
    const field = page.locator('.utrecht-form-field', { has: control });
    assert.equal(await field.locator(`#f-${name}-err`).count(), 1);
    const [errorBox, controlBox] = [await error.boundingBox(), await control.boundingBox()];
    assert.ok(errorBox && controlBox && errorBox.y < controlBox.y && controlBox.y - (errorBox.y + errorBox.height) < 40);
  }
  assert.notEqual(await borderColor(textarea), emptyColour, 'the textarea is marked invalid after submit');
  await screenshot(page, 'journey-phone-nl-household-errors');

  // The summary link takes her to the field.
  await summary.locator('a[href="#f-text"]').click();
  assert.ok(await isFocused(textarea));

  assert.equal(await noteCount(h, household.id), before, 'nothing saved');
  assert.equal(await page.locator('#journaal .thuis-note').count(), journalBefore);
});

s.e2e('search by name: results come from her own caseload, and the name never appears in a URL', async (t, h) => {
  const { context, page } = await newPage(h, PHONE);
  t.after(() => context.close());
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  await login(page, COACH);
  await page.goto('/huishoudens');
  const [own] = await coachHouseholds(h, COACH);
  const { rows } = await h.db.raw.query<{ family_name: string }>(
    `select family_name from household_members where household_id = $1 order by (relation = 'head') desc limit 1`, [own!.id]);
  const name = rows[0]!.family_name;
  await page.locator('#f-q').fill(name);
  await navigation(page, () => page.locator('form[role=search] button[type=submit]').click());
  assert.equal(new URL(page.url()).pathname, '/huishoudens/zoeken');
  assert.ok(await page.locator(`main a[href="/huishoudens/${own!.id}"]`).count() >= 1, 'her household is found');
  assert.equal(await page.locator('#f-q').inputValue(), name, 'the term stays in the field');
  assert.ok(urls.every((u) => !decodeURIComponent(u).includes(name)), 'no request URL carries the name');
  await screenshot(page, 'journey-phone-nl-search');
  await assertAccessible(page, 'search results (nl, phone)');
});

s.e2e('Arabic: the language links switch to lang="ar" dir="rtl" and the caseload renders', async (t, h) => {
  const { context, page } = await newPage(h, PHONE);
  t.after(() => context.close());
  await login(page, COACH);
  await page.goto('/huishoudens');
  await switchLanguage(page, 'ar');
  assert.equal(new URL(page.url()).pathname, '/huishoudens', 'the language switch returns to the same page');
  assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
  assert.equal(await page.locator('#main').evaluate((el) => el.ownerDocument.defaultView.getComputedStyle(el).direction), 'rtl');
  assert.equal(await page.locator('main .thuis-cards > li').count(), 5);
  assert.equal(await page.locator('nav.thuis-lang [aria-current]').innerText(), 'العربية');
  assert.equal(await page.locator('nav.thuis-nav a[aria-current=page]').innerText(), 'الأسر');
  // Right to left: the brand sits on the right.
  const brand = await page.locator('.thuis-brand').boundingBox();
  assert.ok(brand && brand.x > PHONE.width / 2, 'the brand is on the right in RTL');
  assert.ok(await fitsWidth(page), 'no horizontal scroll in RTL');
  await screenshot(page, 'journey-phone-ar-caseload');

  await switchLanguage(page, 'nl');
  assert.equal(await page.locator('html').getAttribute('dir'), 'ltr');
  assert.equal(await page.locator('h1').innerText(), 'Mijn huishoudens');
});

// Every page kind, in Dutch and Arabic (login also English), at phone and desktop width.
interface PageKind {
  name: string;
  locales: ('nl' | 'en' | 'ar')[];
  /** Bring `page` (fresh context, language already chosen) to the page under test. */
  open(page: Page, h: Harness): Promise<void>;
}

const PAGE_KINDS: PageKind[] = [
  { name: 'login', locales: ['nl', 'en', 'ar'], open: async () => {} },
  {
    name: 'login-error', locales: ['nl', 'ar'], open: async (page) => {
      await page.locator('#f-email').fill(COACH);
      await page.locator('#f-password').fill('fout');
      assert.equal((await navigation(page, () => page.locator('main form button[type=submit]').click())).status(), 401);
    },
  },
  {
    name: 'login-invalid', locales: ['nl', 'ar'], open: async (page) => {
      assert.equal((await navigation(page, () => page.locator('main form button[type=submit]').click())).status(), 422);
      assert.equal(await page.locator('#error-summary').count(), 1);
    },
  },
  {
    name: 'mfa-enrolment', locales: ['nl', 'ar'], open: async (page) => {
      // The coordinator needs TOTP too and never finishes enrolment in this suite.
      await page.locator('#f-email').fill('coordinator@thuis.demo');
      await page.locator('#f-password').fill(PASSWORD);
      await navigation(page, () => page.locator('main form button[type=submit]').click());
      assert.equal(new URL(page.url()).pathname, '/tweestapsverificatie');
      assert.equal(await page.getByTestId('totp-secret').count(), 1);
    },
  },
  {
    name: 'caseload', locales: ['nl', 'ar'], open: async (page) => {
      await loginFromHere(page, COACH);
      assert.equal((await page.goto('/huishoudens'))?.status(), 200);
    },
  },
  {
    name: 'caseload-professional', locales: ['nl'], open: async (page, h) => {
      await loginWithTotp(h, page, PROFESSIONAL);
      assert.equal((await page.goto('/huishoudens'))?.status(), 200);
    },
  },
  {
    name: 'household', locales: ['nl', 'ar'], open: async (page, h) => {
      await loginFromHere(page, COACH);
      const [first] = await coachHouseholds(h, COACH);
      assert.equal((await page.goto(`/huishoudens/${first!.id}`))?.status(), 200);
    },
  },
  {
    name: 'household-professional', locales: ['nl'], open: async (page, h) => {
      await loginWithTotp(h, page, PROFESSIONAL);
      const [first] = await coachHouseholds(h, COACH);
      assert.equal((await page.goto(`/huishoudens/${first!.id}`))?.status(), 200);
      assert.equal(await page.locator('.thuis-note--sensitive', { hasText: SENSITIVE_MARKER }).count(), 1);
    },
  },
  {
    name: 'household-form-errors', locales: ['nl', 'ar'], open: async (page, h) => {
      await loginFromHere(page, COACH);
      const [, , third] = await coachHouseholds(h, COACH);
      await page.goto(`/huishoudens/${third!.id}`);
      await page.locator('#f-occurredOn').fill('');
      assert.equal((await navigation(page, () => page.locator('#note-form-heading ~ form button[type=submit]').click())).status(), 422);
    },
  },
  {
    name: 'account', locales: ['nl', 'ar'], open: async (page) => {
      await loginFromHere(page, COACH);
      assert.equal((await page.goto('/account'))?.status(), 200);
    },
  },
  {
    name: 'account-token-created', locales: ['nl', 'ar'], open: async (page) => {
      await loginFromHere(page, COACH);
      await page.goto('/account');
      await page.locator('#f-name').fill(`Rapportage ${randomUUID().slice(0, 4)}`);
      assert.equal((await navigation(page, () => page.locator('main form[action="/account/tokens"] button[type=submit]').click())).status(), 201);
      assert.equal(await page.getByTestId('new-token').count(), 1);
    },
  },
  {
    name: 'start-without-caseload', locales: ['nl', 'ar'], open: async (page) => {
      // A partner organisation's user (trainers start at their groups and infopunt staff at the desk since issue 5).
      await page.locator('#f-email').fill('partner@thuis.demo');
      await page.locator('#f-password').fill(PASSWORD);
      await navigation(page, () => page.locator('main form button[type=submit]').click());
      assert.equal(new URL(page.url()).pathname, '/start');
    },
  },
  {
    name: 'not-found', locales: ['nl', 'ar'], open: async (page) => {
      await loginFromHere(page, COACH);
      assert.equal((await page.goto('/bestaat-niet'))?.status(), 404);
    },
  },
  {
    name: 'not-found-anonymous', locales: ['nl'], open: async (page) => {
      assert.equal((await page.goto('/huishoudens/bestaat-niet/ook-niet'))?.status(), 404);
    },
  },
];

/** Log in from the login page the context is on (its language already chosen). */
async function loginFromHere(page: Page, email: string): Promise<void> {
  await page.locator('#f-email').fill(email);
  await page.locator('#f-password').fill(PASSWORD);
  await navigation(page, () => page.locator('main form button[type=submit]').click());
  assert.equal(new URL(page.url()).pathname, '/mijn-werk');
}

s.e2e('axe: no WCAG 2.2 AA violations on any page kind, at phone and desktop width', async (t, h) => {
  for (const kind of PAGE_KINDS) {
    for (const locale of kind.locales) {
      await t.test(`${kind.name} (${locale})`, async (t) => {
        const { context, page } = await newPage(h, PHONE);
        t.after(() => context.close());
        await page.goto('/inloggen');
        if (locale !== 'nl') await switchLanguage(page, locale);
        await kind.open(page, h);
        assert.equal(await page.locator('html').getAttribute('lang'), locale);
        for (const viewport of VIEWPORTS) {
          await page.setViewportSize(viewport.size);
          await screenshot(page, `${kind.name}-${viewport.name}-${locale}`);
          await assertAccessible(page, `${kind.name} (${locale}, ${viewport.name})`);
          if (viewport.name === 'phone') {
            assert.ok(await fitsWidth(page), `${kind.name} (${locale}) has no horizontal scroll at phone width`);
          }
        }
      });
    }
  }
});

s.e2e('keyboard: the first Tab reaches the skip link, which is visible and leads to the main content', async (t, h) => {
  for (const [viewport, locale] of [[PHONE, 'nl'], [DESKTOP, 'nl'], [PHONE, 'ar']] as const) {
    const { context, page } = await newPage(h, viewport);
    t.after(() => context.close());
    await page.goto('/inloggen');
    if (locale !== 'nl') await switchLanguage(page, locale);
    const skip = page.locator('a.utrecht-skip-link');
    assert.ok(!(await skip.evaluate((el) => { const r = el.getBoundingClientRect(); return r.width > 1 && r.height > 1 && r.bottom > 0; })), 'hidden until focused');

    await page.keyboard.press('Tab');
    assert.ok(await isFocused(skip), 'Tab focuses the skip link first');
    assert.ok(await skip.isVisible());
    const box = await skip.boundingBox();
    assert.ok(box && box.width >= 44 && box.height >= 24, 'the focused skip link has a real size');
    assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width && box.y + box.height <= viewport.height, 'the focused skip link is inside the viewport');
    assert.ok((await skip.innerText()).trim().length > 0);
    const ratio = await skip.evaluate((el) => {
      const style = el.ownerDocument.defaultView.getComputedStyle(el);
      const luminance = (rgb: string) => {
        const [r, g, b] = (rgb.match(/[\d.]+/g) ?? []).slice(0, 3).map((v: string) => {
          const c = Number(v) / 255;
          return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      };
      const [fg, bg] = [luminance(style.color), luminance(style.backgroundColor)];
      return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    });
    assert.ok(ratio >= 4.5, `the focused skip link's text is readable (contrast ${ratio.toFixed(2)}:1)`);
    await assertAccessible(page, `login with the skip link focused (${locale}, ${viewport.width}px)`);
    await screenshot(page, `skip-link-${viewport.width}-${locale}`);

    await page.keyboard.press('Enter');
    assert.equal(new URL(page.url()).hash, '#main');
    assert.ok(await isFocused(page.locator('#main')), 'the skip link moves focus to the main content');
    await page.keyboard.press('Tab');
    assert.ok(await isFocused(page.locator('#f-email')), 'the next Tab reaches the first field of the form');
  }
});
