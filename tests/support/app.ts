import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Hono } from 'hono';
import { createLogger } from '../../src/platform/logger.ts';
import { parseEnv } from '../../src/platform/env.ts';
import type { AppEnv, Deps } from '../../src/platform/http/context.ts';
import { totpCode, generateTotpSecret } from '../../src/platform/auth/totp.ts';
import { createApp } from '../../src/server/app.ts';
import { buildDeps } from '../../src/server/start.ts';
import { DEMO_PASSWORD, seedDemo, type DemoResult } from '../../src/features/demo/seed.ts';
import { openTestDatabase, type TestDatabase } from './db.ts';
import { CookieJar } from './cookie-jar.ts';
import type { Writable } from 'node:stream';

export const SEED_CONTEXT = { requestId: 'test-seed', origin: null, actorUserId: null, actorRole: null, organisationId: null };

export interface TestApp {
  app: Hono<AppEnv>;
  deps: Deps;
  db: TestDatabase;
  demo: DemoResult;
  logLines: string[];
  client(): TestClient;
  close(): Promise<void>;
}

export async function startTestApp(options: { env?: Record<string, string>; households?: number } = {}): Promise<TestApp> {
  const db = await openTestDatabase();
  const demo = await seedDemo(db.database, { households: options.households ?? 20, context: SEED_CONTEXT });
  const env = parseEnv({ LOG_LEVEL: 'info', THUIS_TRUST_PROXY: '1', THUIS_LOGIN_RATE_PER_MINUTE: '1000', THUIS_SECRET_KEY: randomBytes(32).toString('base64'), ...options.env });
  const logLines: string[] = [];
  const sink = { write: (line: string) => { logLines.push(line); return true; } } as unknown as Writable;
  const deps = buildDeps(env, db.database, createLogger('info', sink));
  const app = createApp(deps);
  return {
    app, deps, db, demo, logLines,
    client: () => new TestClient(app),
    close: () => db.dispose(),
  };
}

/** A tiny browser stand-in: a cookie jar, the CSRF token from the last page, and form posts. */
export class TestClient {
  private readonly jar = new CookieJar();
  readonly cookies = this.jar.cookies;
  csrf = '';
  ip = `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
  private readonly app: Hono<AppEnv>;
  constructor(app: Hono<AppEnv>) {
    this.app = app;
  }

  async request(path: string, init: Omit<RequestInit, 'headers'> & { headers?: Record<string, string> } = {}): Promise<Response> {
    const cookie = this.jar.header;
    const headers: Record<string, string> = { 'x-forwarded-for': this.ip, ...(cookie ? { cookie } : {}), ...init.headers };
    const response = await this.app.request(path, { ...init, headers });
    this.jar.absorb(response);
    return response;
  }

  async page(path: string): Promise<{ status: number; html: string; response: Response }> {
    const response = await this.request(path);
    const html = await response.text();
    const match = html.match(/name="_csrf" value="([^"]+)"/);
    if (match) this.csrf = match[1]!;
    return { status: response.status, html, response };
  }

  async post(path: string, form: Record<string, string>): Promise<Response> {
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: this.csrf, ...form }).toString(),
    });
  }

  /** Log in through the pages, passing the second factor when the role needs it. */
  async login(t: TestApp, email: string, password = DEMO_PASSWORD): Promise<void> {
    await this.page('/inloggen');
    const response = await this.post('/inloggen', { email, password });
    if (response.status !== 303) throw new Error(`login of ${email} failed with ${response.status}`);
    if (response.headers.get('location') === '/tweestapsverificatie') {
      const secret = generateTotpSecret();
      await t.db.database.system((tx) => tx.execute(sql`update users set totp_secret = ${t.deps.secretBox.seal(secret)}, totp_enabled = true, totp_last_step = null where lower(email) = ${email}`));
      await this.page('/tweestapsverificatie');
      const mfa = await this.post('/tweestapsverificatie', { code: totpCode(secret) });
      if (mfa.status !== 303) throw new Error(`second factor of ${email} failed with ${mfa.status}`);
    }
    await this.page('/huishoudens');
  }

  json(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
    return this.request(path, {
      method: init.method ?? 'GET',
      headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
  }
}

/** Households of one organisation with their current coach, straight from the database (the test oracle). */
/** One signed-in client per e-mail address, made on first use and shared by the tests of a file. */
export function signedInAs(app: () => TestApp): (email: string) => Promise<TestClient> {
  const clients = new Map<string, TestClient>();
  return async (email) => {
    let client = clients.get(email);
    if (!client) {
      client = app().client();
      await client.login(app(), email);
      clients.set(email, client);
    }
    return client;
  };
}

export async function householdsOf(t: TestApp, organisation: string) {
  const { rows } = await t.db.database.raw.query<{ id: string; coach_id: string | null; municipality_code: string }>(
    `select h.id, ca.coach_id, h.municipality_code from households h
       left join coach_assignments ca on ca.household_id = h.id and ca.ended_at is null
      where h.organisation_id = $1 order by h.reference`,
    [t.demo.organisations[organisation]],
  );
  return rows;
}
