// Shared setup of the browser end-to-end tests: an in-process Thuis server on a fresh PGlite database
// with the demo seed, Debian's Chromium driven by playwright-core, axe-core for WCAG checks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { parseEnv, EnvError, type Env } from '../../src/platform/env.ts';
import { openDatabase } from '../../src/platform/db/open.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import type { Database } from '../../src/platform/db/client.ts';
import { DEMO_PASSWORD, seedDemo, type DemoResult } from '../../src/features/demo/seed.ts';
import { totpCode } from '../../src/platform/auth/totp.ts';
import { startServer, type Running } from '../../src/server/start.ts';

// Debian's Chromium (playwright's own browser download is not available); overridable for other systems.
export const CHROMIUM = process.env.THUIS_CHROMIUM ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = fs.existsSync(CHROMIUM);
export const SKIP_MESSAGE = `${CHROMIUM} not found: browser end-to-end tests skipped (install the Debian package "chromium"; CI does)`;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

export const PHONE = { width: 390, height: 844 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;
export type Viewport = { width: number; height: number };
export const VIEWPORTS: { name: 'phone' | 'desktop'; size: Viewport }[] = [
  { name: 'phone', size: PHONE },
  { name: 'desktop', size: DESKTOP },
];

export const PASSWORD = DEMO_PASSWORD;
export const SHOTS_DIR = '/tmp/shots';
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export interface Harness {
  url: string;
  db: Database;
  demo: DemoResult;
  browser: Browser;
  running: Running;
  /** TOTP secrets of the accounts that enrolled during this run, by e-mail address. */
  totpSecrets: Map<string, string>;
  /** The last TOTP time step used per account: Thuis accepts each code only once. */
  totpSteps: Map<string, number>;
  close(): Promise<void>;
}

function testEnv(dir: string): Env {
  const source = {
    ...process.env,
    THUIS_DATA_DIR: dir,
    PORT: '0',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    // Whatever the developer's shell says: this run uses its own PGlite and its own address.
    DATABASE_URL: undefined,
    THUIS_PUBLIC_URL: undefined,
    THUIS_INSECURE_COOKIES: '0',
    THUIS_TRUST_PROXY: '0',
    NODE_ENV: 'test',
    // Every test logs in from 127.0.0.1; the production limit of 10 a minute would throttle the suite itself.
    THUIS_LOGIN_RATE_PER_MINUTE: '500',
  } as const;
  try {
    return parseEnv(source);
  } catch (error) {
    // src/platform/env.ts only accepts PORT >= 1; 0 (any free port) is then set after validation.
    if (!(error instanceof EnvError) || !/PORT/.test(error.message)) throw error;
    return { ...parseEnv({ ...source, PORT: undefined }), PORT: 0 };
  }
}

export async function startHarness(): Promise<Harness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thuis-e2e-'));
  const env = testEnv(dir);
  const db = await openDatabase(env);
  let running: Running | undefined;
  let browser: Browser | undefined;
  try {
    await migrate(db);
    const demo = await seedDemo(db, {
      households: 20,
      context: { requestId: 'e2e', origin: null, actorUserId: null, actorRole: null, organisationId: null },
    });
    running = await startServer(env, { database: db, background: false });
    const address = running.server.address();
    assert.ok(address && typeof address === 'object' && address.port > 0, 'the server listens on a real port');
    const url = new URL(running.url);
    if (url.port !== String(address.port)) url.port = String(address.port);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    fs.mkdirSync(SHOTS_DIR, { recursive: true });
    const h: Harness = {
      url: url.origin,
      db,
      demo,
      browser,
      running,
      totpSecrets: new Map(),
      totpSteps: new Map(),
      close: async () => {
        await browser?.close().catch(() => {});
        await running?.stop().catch(() => {});
        await db.close().catch(() => {});
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
    return h;
  } catch (error) {
    await browser?.close().catch(() => {});
    await running?.stop().catch(() => {});
    await db.close().catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * One file's tests share a server; `e2e` registers a test that is skipped with a clear message when
 * Chromium is missing, and otherwise receives the harness.
 */
export function suite() {
  let harness: Harness | undefined;
  return {
    async setUp() {
      if (HAS_CHROMIUM) harness = await startHarness();
    },
    async tearDown() {
      await harness?.close();
      harness = undefined;
    },
    e2e(name: string, fn: (t: TestContext, h: Harness) => Promise<void>) {
      return test(name, async (t) => {
        if (!HAS_CHROMIUM) {
          t.skip(SKIP_MESSAGE);
          return;
        }
        assert.ok(harness, 'the e2e harness started');
        await fn(t, harness);
      });
    },
  };
}

/** A fresh browser context (own cookies) with Dutch as the browser language, like most coaches' phones. */
export async function newPage(h: Harness, viewport: Viewport = PHONE, locale = 'nl-NL'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await h.browser.newContext({ viewport, locale, baseURL: h.url });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  const page = await context.newPage();
  return { context, page };
}

/**
 * Run `action` (a click or a form submit) and return the response of the document it ends on,
 * after any redirect (POST → 303 → GET).
 */
export async function navigation(page: Page, action: () => Promise<unknown>): Promise<Response> {
  const final = page.waitForEvent('response', (r) => r.request().isNavigationRequest() && r.frame() === page.mainFrame() && (r.status() < 300 || r.status() >= 400));
  const [response] = await Promise.all([final, action()]);
  await page.waitForLoadState('load');
  return response;
}

export async function fillLogin(page: Page, email: string, password: string): Promise<Response> {
  const response = await page.goto('/inloggen');
  assert.equal(response?.status(), 200);
  await page.locator('#f-email').fill(email);
  await page.locator('#f-password').fill(password);
  return navigation(page, () => page.locator('main form button[type=submit]').click());
}

/** No horizontal scrolling: the page fits the viewport's width (phone layouts, right to left too). */
export async function fitsWidth(page: Page): Promise<boolean> {
  return page.locator('html').evaluate((el) => el.scrollWidth <= el.clientWidth);
}

/** Where a role lands after login: coaches and coordinators on "Mijn werk", the regisseur on the caseload. */
export const HOME = '/mijn-werk';

/** Log in a role without a second factor; ends on her start page ("Mijn werk" for a coach). */
export async function login(page: Page, email: string, home = HOME): Promise<void> {
  await fillLogin(page, email, PASSWORD);
  assert.equal(new URL(page.url()).pathname, home, `${email} lands on ${home}`);
}

/** The enrolment key shown on the MFA page, without the grouping spaces. */
export async function enrolmentSecret(page: Page): Promise<string> {
  const shown = await page.getByTestId('totp-secret').innerText();
  const secret = shown.replace(/\s+/g, '');
  assert.match(secret, /^[A-Z2-7]{32}$/, 'the enrolment key is 32 base32 characters');
  return secret;
}

/** Log in a role that needs TOTP: enrol on the first login, use the stored secret afterwards. */
export async function loginWithTotp(h: Harness, page: Page, email: string, home = HOME): Promise<void> {
  await fillLogin(page, email, PASSWORD);
  assert.equal(new URL(page.url()).pathname, '/tweestapsverificatie', `${email} is asked for a second factor`);
  let secret = h.totpSecrets.get(email);
  if (!secret) {
    secret = await enrolmentSecret(page);
    h.totpSecrets.set(email, secret);
  }
  // A code is accepted once; a quick second login uses the next step (allowed for clock drift), or waits.
  let step = Math.max(Math.floor(Date.now() / 30_000), (h.totpSteps.get(email) ?? -1) + 1);
  while (step > Math.floor(Date.now() / 30_000) + 1) await new Promise((r) => setTimeout(r, 1000));
  h.totpSteps.set(email, step);
  await page.locator('#f-code').fill(totpCode(secret, step * 30_000));
  await navigation(page, () => page.locator('main form button[type=submit]').click());
  assert.equal(new URL(page.url()).pathname, home, `${email} lands on ${home} after the second factor`);
}

/** Switch the interface language the way a user does: with the language links in the header. */
export async function switchLanguage(page: Page, locale: 'nl' | 'en' | 'ar'): Promise<void> {
  const link = page.locator(`nav.thuis-lang a[hreflang="${locale}"]`);
  await navigation(page, () => link.click());
  assert.equal(await page.locator('html').getAttribute('lang'), locale);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`), fullPage: true });
}

/** axe-core with the WCAG 2.2 AA tags; fails with every violation's rule, help text and target nodes. */
export async function assertAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const report = results.violations
    .map((v) => `  [${v.impact ?? '?'}] ${v.id}: ${v.help} (${v.helpUrl})\n${v.nodes
      .map((n) => `      ${n.target.join(' ')}\n        ${n.failureSummary?.replace(/\n/g, '\n        ') ?? ''}`)
      .join('\n')}`)
    .join('\n');
  assert.equal(results.violations.length, 0, `axe found ${results.violations.length} violation(s) on ${label} (${page.url()}):\n${report}`);
}

/** The ids of an organisation's households, in reference order. */
export async function householdIdsOf(h: Harness, organisation: 'mvs' | 'other'): Promise<string[]> {
  const { rows } = await h.db.raw.query<{ id: string }>(
    'select id from households where organisation_id = $1 order by reference',
    [h.demo.organisations[organisation]],
  );
  return rows.map((r) => r.id);
}

export async function coachHouseholds(h: Harness, email: string): Promise<{ id: string; reference: string }[]> {
  const { rows } = await h.db.raw.query<{ id: string; reference: string }>(
    `select h.id, h.reference from coach_assignments ca join households h on h.id = ca.household_id
      where ca.coach_id = $1 and ca.ended_at is null order by ca.started_at, ca.household_id`,
    [h.demo.users[email]],
  );
  return rows;
}

export async function noteCount(h: Harness, householdId: string): Promise<number> {
  const { rows } = await h.db.raw.query<{ n: number }>('select count(*)::int as n from journal_notes where household_id = $1', [householdId]);
  return rows[0]?.n ?? 0;
}
