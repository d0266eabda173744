import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { householdsOf, startTestApp, type TestApp } from '../support/app.ts';
import { DEMO_PASSWORD } from '../../src/features/demo/seed.ts';
import { createApiToken, disableUser } from '../../src/platform/auth/service.ts';
import { totpCode } from '../../src/platform/auth/totp.ts';
import { TEST_DB_KIND } from '../support/db.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.close());

const SESSION = '__Host-thuis_session';
const CLI = { requestId: 'test', origin: null, actorUserId: null, actorRole: 'operator', organisationId: null };

describe(`sessions and login on ${TEST_DB_KIND}`, () => {
  test('the session cookie is __Host-, Secure, HttpOnly, SameSite=Lax, Path=/ (SES-COOKIE)', async () => {
    const c = t.client();
    await c.page('/inloggen');
    const response = await c.post('/inloggen', { email: 'coach@thuis.demo', password: DEMO_PASSWORD });
    const cookie = response.headers.getSetCookie().find((s) => s.startsWith(`${SESSION}=`))!;
    assert.ok(cookie, 'session cookie set');
    assert.match(cookie, /; Secure/);
    assert.match(cookie, /; HttpOnly/);
    assert.match(cookie, /; SameSite=Lax/);
    assert.match(cookie, /; Path=\//);
    assert.doesNotMatch(cookie, /Domain=/i);
  });

  test('login issues a new session id, even over an existing session', async () => {
    const c = t.client();
    await c.login(t, 'coach@thuis.demo');
    const first = c.cookies.get(SESSION);
    await c.page('/inloggen');
    await c.post('/inloggen', { email: 'coach@thuis.demo', password: DEMO_PASSWORD });
    assert.notEqual(c.cookies.get(SESSION), first);
  });

  test('the session id stored in the database is a hash, not the cookie value', async () => {
    const c = t.client();
    await c.login(t, 'coach@thuis.demo');
    const { rows } = await t.db.database.raw.query<{ n: number }>('select count(*)::int as n from sessions where id = $1', [c.cookies.get(SESSION)]);
    assert.equal(rows[0]!.n, 0);
  });

  test('an idle session ends after the idle timeout', async () => {
    const c = t.client();
    await c.login(t, 'coach@thuis.demo');
    assert.equal((await c.page('/huishoudens')).status, 200);
    await t.db.database.raw.query(`update sessions set last_seen_at = now() - interval '31 minutes' where user_id = $1`, [t.demo.users['coach@thuis.demo']]);
    const after = await c.request('/huishoudens');
    assert.equal(after.status, 303);
    assert.equal(after.headers.get('location'), '/inloggen');
  });

  test('a session ends at its absolute lifetime even when active', async () => {
    const c = t.client();
    await c.login(t, 'coach2@thuis.demo');
    await t.db.database.raw.query(`update sessions set expires_at = now() - interval '1 second' where user_id = $1`, [t.demo.users['coach2@thuis.demo']]);
    assert.equal((await c.request('/api/v1/households')).status, 401);
  });

  test('logout ends the session at once', async () => {
    const c = t.client();
    await c.login(t, 'coach@thuis.demo');
    const cookie = c.cookies.get(SESSION)!;
    await c.post('/uitloggen', {});
    const replay = await t.app.request('/api/v1/households', { headers: { cookie: `${SESSION}=${cookie}` } });
    assert.equal(replay.status, 401);
  });

  test('disabling an account ends its sessions and tokens at once, and it cannot log in again', async () => {
    const c = t.client();
    await c.login(t, 'coach2@thuis.demo');
    assert.equal((await c.request('/api/v1/households')).status, 200);
    const { token } = await createApiToken(t.db.database, t.demo.users['coach2@thuis.demo']!, 'before-disable', CLI);
    assert.equal((await t.app.request('/api/v1/me', { headers: { authorization: `Bearer ${token}` } })).status, 200);
    await disableUser(t.db.database, t.demo.users['coach2@thuis.demo']!, CLI);
    assert.equal((await c.request('/api/v1/households')).status, 401);
    assert.equal((await t.app.request('/api/v1/me', { headers: { authorization: `Bearer ${token}` } })).status, 401);
    const again = t.client();
    await again.page('/inloggen');
    assert.equal((await again.post('/inloggen', { email: 'coach2@thuis.demo', password: DEMO_PASSWORD })).status, 401);
  });

  test('a coordinator who passed only the password cannot reach a dossier (SES-MFA)', async () => {
    const c = t.client();
    await c.page('/inloggen');
    const response = await c.post('/inloggen', { email: 'coordinator@thuis.demo', password: DEMO_PASSWORD });
    assert.equal(response.headers.get('location'), '/tweestapsverificatie');
    const target = (await householdsOf(t, 'mvs'))[0]!.id;
    const page = await c.request(`/huishoudens/${target}`);
    assert.equal(page.status, 303);
    assert.equal(page.headers.get('location'), '/tweestapsverificatie');
    assert.equal((await c.request(`/api/v1/households/${target}`)).status, 403);
  });

  test('enrolling TOTP at first login: a wrong code is refused, the right one lets her in with a new session id', async () => {
    const c = t.client();
    await c.page('/inloggen');
    await c.post('/inloggen', { email: 'regisseur@thuis.demo', password: DEMO_PASSWORD });
    const before = c.cookies.get(SESSION);
    const page = await c.page('/tweestapsverificatie');
    const secret = page.html.match(/name="enrolSecret" value="([A-Z2-7]{32})"/)![1]!;
    assert.equal((await c.post('/tweestapsverificatie', { code: '000000', enrolSecret: secret })).status, 401);
    const ok = await c.post('/tweestapsverificatie', { code: totpCode(secret), enrolSecret: secret });
    assert.equal(ok.status, 303);
    assert.notEqual(c.cookies.get(SESSION), before);
    assert.equal((await c.page('/huishoudens')).status, 200);
    const { rows } = await t.db.database.raw.query<{ totp_enabled: boolean }>('select totp_enabled from users where email = $1', ['regisseur@thuis.demo']);
    assert.equal(rows[0]!.totp_enabled, true);
  });

  test('a session waiting for its second factor expires after 5 minutes', async () => {
    const c = t.client();
    await c.page('/inloggen');
    await c.post('/inloggen', { email: 'coordinator@thuis.demo', password: DEMO_PASSWORD });
    assert.equal((await c.page('/tweestapsverificatie')).status, 200);
    await t.db.database.raw.query(`update sessions set created_at = now() - interval '6 minutes' where user_id = $1 and not mfa_passed`, [t.demo.users['coordinator@thuis.demo']]);
    const after = await c.request('/tweestapsverificatie');
    assert.equal(after.status, 303);
    assert.equal(after.headers.get('location'), '/inloggen');
  });

  test('after five wrong codes the account gets 429 and the waiting session is ended', async () => {
    const c = t.client();
    await c.page('/inloggen');
    await c.post('/inloggen', { email: 'beroepskracht@thuis.demo', password: DEMO_PASSWORD });
    const page = await c.page('/tweestapsverificatie');
    const secret = page.html.match(/name="enrolSecret" value="([A-Z2-7]{32})"/)![1]!;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await c.post('/tweestapsverificatie', { code: '000000', enrolSecret: secret })).status);
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
    assert.equal((await c.request('/tweestapsverificatie')).headers.get('location'), '/inloggen', 'the session is gone');
  });

  test('a TOTP code that was just used cannot be used again for a second login', async () => {
    const { generateTotpSecret } = await import('../../src/platform/auth/totp.ts');
    const secret = generateTotpSecret();
    await t.db.database.raw.query('update users set totp_secret = $1, totp_enabled = true, totp_last_step = null where email = $2', [t.deps.secretBox.seal(secret), 'coordinator@thuis.demo']);
    const code = totpCode(secret);
    const first = t.client();
    await first.page('/inloggen');
    await first.post('/inloggen', { email: 'coordinator@thuis.demo', password: DEMO_PASSWORD });
    await first.page('/tweestapsverificatie');
    assert.equal((await first.post('/tweestapsverificatie', { code })).status, 303);
    const second = t.client();
    await second.page('/inloggen');
    await second.post('/inloggen', { email: 'coordinator@thuis.demo', password: DEMO_PASSWORD });
    await second.page('/tweestapsverificatie');
    assert.equal((await second.post('/tweestapsverificatie', { code })).status, 401);
  });

  test('a forged POST without the CSRF token is rejected and changes nothing (SES-CSRF)', async () => {
    const c = t.client();
    await c.login(t, 'coach@thuis.demo');
    const household = (await householdsOf(t, 'mvs')).find((h) => h.coach_id === t.demo.users['coach@thuis.demo'])!;
    const count = async () => (await t.db.database.raw.query<{ n: number }>('select count(*)::int as n from journal_notes where household_id = $1', [household.id])).rows[0]!.n;
    const start = await count();
    const form = { occurredOn: '2026-01-02', kind: 'phone', durationMinutes: '5', text: 'forged' };
    const noToken = await c.request(`/huishoudens/${household.id}/notities`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
    assert.equal(noToken.status, 403);
    const wrongToken = await c.request(`/huishoudens/${household.id}/notities`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...form, _csrf: 'x'.repeat(32) }).toString() });
    assert.equal(wrongToken.status, 403);
    const crossSite = await c.request(`/huishoudens/${household.id}/notities`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', host: 'localhost' }, body: new URLSearchParams({ ...form, _csrf: c.csrf }).toString() });
    assert.equal(crossSite.status, 403);
    const apiNoToken = await c.json(`/api/v1/households/${household.id}/notes`, { method: 'POST', body: { ...form, durationMinutes: 5 } });
    assert.equal(apiNoToken.status, 403);
    assert.equal(apiNoToken.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.equal(await count(), start);
  });

  test('the login form itself is protected against login CSRF', async () => {
    const c = t.client();
    const response = await c.request('/inloggen', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=coach%40thuis.demo&password=x' });
    assert.equal(response.status, 403);
  });
});

describe('rate limits', () => {
  test('the 11th login attempt in a minute answers 429 with Retry-After (SES-RATE)', async () => {
    const limited = await startTestApp({ env: { THUIS_LOGIN_RATE_PER_MINUTE: '10' }, households: 2 });
    try {
      const c = limited.client();
      await c.page('/inloggen');
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 11; i++) {
        last = await c.post('/inloggen', { email: 'coach@thuis.demo', password: `wrong-${i}-password` });
        statuses.push(last.status);
      }
      assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401));
      assert.equal(statuses[10], 429);
      assert.ok(Number(last!.headers.get('retry-after')) > 0);
      // Another address is limited too once the account itself has had its ten tries.
      const other = limited.client();
      await other.page('/inloggen');
      assert.equal((await other.post('/inloggen', { email: 'coach@thuis.demo', password: DEMO_PASSWORD })).status, 429);
    } finally {
      await limited.close();
    }
  });
});


describe('search rate limit', () => {
  test('the 6th search in a minute answers 429 with Retry-After, in the API and in the pages (SES-RATE)', async () => {
    const limited = await startTestApp({ env: { THUIS_SEARCH_RATE_PER_MINUTE: '5' }, households: 2 });
    try {
      const c = limited.client();
      await c.login(limited, 'coach@thuis.demo');
      const statuses: number[] = [];
      const search = (q: string) => c.json('/api/v1/households/search', { method: 'POST', body: { q }, headers: { 'x-csrf-token': c.csrf } });
      for (let i = 0; i < 5; i++) statuses.push((await search(`name${i}`)).status);
      assert.deepEqual(statuses, [200, 200, 200, 200, 200]);
      const api = await search('more');
      assert.equal(api.status, 429);
      assert.ok(Number(api.headers.get('retry-after')) > 0);
      const page = await c.post('/huishoudens/zoeken', { q: 'more' });
      assert.equal(page.status, 429);
      assert.equal((await c.request('/huishoudens')).status, 200, 'the list itself stays available');
    } finally {
      await limited.close();
    }
  });
});

describe('TOTP seeds at rest', () => {
  test('the seed is stored sealed with a key outside the database; a seed that does not open gives no way in', async () => {
    const s = await startTestApp({ households: 1 });
    try {
      const c = s.client();
      await c.page('/inloggen');
      await c.post('/inloggen', { email: 'beroepskracht@thuis.demo', password: DEMO_PASSWORD });
      const page = await c.page('/tweestapsverificatie');
      const secret = page.html.match(/name="enrolSecret" value="([A-Z2-7]{32})"/)![1]!;
      assert.equal((await c.post('/tweestapsverificatie', { code: totpCode(secret), enrolSecret: secret })).status, 303);
      const { rows } = await s.db.database.raw.query<{ totp_secret: string }>('select totp_secret from users where email = $1', ['beroepskracht@thuis.demo']);
      assert.ok(!rows[0]!.totp_secret.includes(secret));
      assert.equal(s.deps.secretBox.open(rows[0]!.totp_secret), secret);
      // Someone with write access to the database plants a seed of their own, unsealed: it does not work.
      const planted = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
      await s.db.database.raw.query('update users set totp_secret = $1, totp_last_step = null where email = $2', [planted, 'beroepskracht@thuis.demo']);
      const d = s.client();
      await d.page('/inloggen');
      await d.post('/inloggen', { email: 'beroepskracht@thuis.demo', password: DEMO_PASSWORD });
      await d.page('/tweestapsverificatie');
      assert.equal((await d.post('/tweestapsverificatie', { code: totpCode(planted) })).status, 401);
    } finally {
      await s.close();
    }
  });
});
