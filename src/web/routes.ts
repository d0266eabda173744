import { Hono } from 'hono';

import { z } from 'zod';
import { completeMfa, createApiToken, endSession, listApiTokens, login, logout, revokeApiToken } from '../platform/auth/service.ts';
import { generateTotpSecret } from '../platform/auth/totp.ts';
import { inTenant } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { auditContext, callerOf, type AppEnv, type Ctx } from '../platform/http/context.ts';
import { cookieNames, setCookie } from '../platform/http/cookies.ts';
import { isLocale } from '../platform/i18n/index.ts';
import { writeAudit } from '../platform/audit/trail.ts';
import { pageQuery, parseInput } from '../platform/validation.ts';
import { listCaseload } from '../features/households/index.ts';
import { renderHouseholdPage } from './household-sections.ts';
import { journalRoutes } from './routes/journal.ts';
import { registrationRoutes } from './routes/registration.ts';
import { importsRoutes } from './routes/imports.ts';
import { trajectoriesRoutes } from './routes/trajectories.ts';
import { coachesRoutes } from './routes/coaches.ts';
import { worklistRoutes } from './routes/worklist.ts';
import { plansRoutes } from './routes/plans.ts';
import { evaluationsRoutes } from './routes/evaluations.ts';
import { planPrintRoutes } from './routes/plan-print.ts';
import { planSettingsRoutes } from './routes/plan-settings.ts';
import { inburgeringRoutes } from './routes/inburgering.ts';
import { groupsRoutes } from './routes/groups.ts';
import { groupEnrolmentsRoutes } from './routes/group-enrolments.ts';
import { groupAttendanceRoutes } from './routes/group-attendance.ts';
import { infopuntenRoutes } from './routes/infopunten.ts';
import { infopuntStatisticsRoutes } from './routes/infopunt-statistics.ts';
import { formOf, homeOf, pageContext, requireSignedIn } from './support.ts';
import { loginPage, mfaPage } from './pages/auth.ts';
import { caseloadPage } from './pages/households.ts';
import { accountPage, startPage } from './pages/misc.ts';
import { can } from '../platform/policy.ts';

const FEATURE_ROUTES = [
  registrationRoutes, importsRoutes, trajectoriesRoutes, coachesRoutes, worklistRoutes, journalRoutes,
  plansRoutes, evaluationsRoutes, planPrintRoutes, planSettingsRoutes, inburgeringRoutes,
  groupsRoutes, groupEnrolmentsRoutes, groupAttendanceRoutes, infopuntenRoutes, infopuntStatisticsRoutes,
];

const LoginForm = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1000) });

export function webRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/', (c) => c.redirect(homeOf(c), 303));

  app.get('/start', (c) => {
    requireSignedIn(c);
    return c.html(startPage(pageContext(c)));
  });

  app.get('/taal', (c) => {
    const locale = c.req.query('l');
    const back = c.req.query('terug') ?? '/';
    if (isLocale(locale)) setCookie(c, cookieNames(c.get('deps').env).lang, locale, c.get('deps').env, { maxAge: 365 * 86400, httpOnly: false });
    // Only a local path: never an open redirect.
    return c.redirect(/^\/(?!\/)[\w\-/]*$/.test(back) ? back : '/', 303);
  });

  app.get('/inloggen', (c) => {
    if (c.get('actor')) return c.redirect(homeOf(c), 303);
    return c.html(loginPage(pageContext(c), { loggedOut: c.req.query('uitgelogd') === '1' }));
  });

  app.post('/inloggen', async (c) => {
    const deps = c.get('deps');
    const form = await formOf(c);
    const ctx = pageContext(c);
    const parsed = LoginForm.safeParse(form);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({ field: String(i.path[0]), message: 'validation.required' }));
      return c.html(loginPage(ctx, { email: form.email, errors }), 422);
    }
    const email = parsed.data.email.toLowerCase();
    const limited = deps.loginLimiter.hit(`ip:${c.get('origin')}`);
    const limitedAccount = deps.loginLimiter.hit(`account:${email}`);
    const verdict = !limited.allowed ? limited : !limitedAccount.allowed ? limitedAccount : null;
    if (verdict && !verdict.allowed) {
      await deps.database.system((tx) => writeAudit(tx, auditContext(c), { action: 'auth.rate_limited', result: 'denied' }));
      c.header('Retry-After', String(verdict.retryAfterSeconds));
      return c.html(loginPage(ctx, { email: form.email, rateLimited: verdict.retryAfterSeconds }), 429);
    }
    const result = await login(deps.database, parsed.data, auditContext(c), deps.sessionPolicy);
    if (!result.ok) return c.html(loginPage(ctx, { email: form.email, failed: true }), 401);
    const previous = c.get('session');
    if (previous) await endSession(deps.database, previous.sessionId);
    // A fresh session id at every login (SES-COOKIE); any earlier session cookie is simply replaced.
    setCookie(c, cookieNames(deps.env).session, result.sessionToken, deps.env, {});
    return c.redirect(result.session.mfaPending ? '/tweestapsverificatie' : '/', 303);
  });

  app.get('/tweestapsverificatie', async (c) => {
    const session = c.get('session');
    if (!session) return c.redirect('/inloggen', 303);
    if (!session.mfaPending) return c.redirect('/', 303);
    const enrolSecret = session.user.totpEnabled ? undefined : generateTotpSecret();
    return c.html(await mfaPage(pageContext(c), { enrolSecret, account: session.user.email }));
  });

  app.post('/tweestapsverificatie', async (c) => {
    const deps = c.get('deps');
    const session = c.get('session');
    if (!session) return c.redirect('/inloggen', 303);
    const form = await formOf(c);
    // Five tries per account per quarter of an hour: guessing a 6-digit code stays hopeless.
    const limited = deps.mfaLimiter.hit(`mfa:${session.user.id}`);
    if (!limited.allowed) {
      await endSession(deps.database, session.sessionId);
      c.header('Retry-After', String(limited.retryAfterSeconds));
      throw new AppError('RATE_LIMITED', { retryAfterSeconds: limited.retryAfterSeconds });
    }
    const enrolSecret = session.user.totpEnabled ? undefined : form.enrolSecret && /^[A-Z2-7]{32}$/.test(form.enrolSecret) ? form.enrolSecret : undefined;
    const result = await completeMfa(deps.database, deps.secretBox, session, { code: form.code ?? '', ...(enrolSecret ? { enrolSecret } : {}) }, auditContext(c));
    if (!result.ok || !result.newSessionToken) {
      return c.html(await mfaPage(pageContext(c), { enrolSecret: session.user.totpEnabled ? undefined : enrolSecret ?? generateTotpSecret(), account: session.user.email, failed: true }), 401);
    }
    setCookie(c, cookieNames(deps.env).session, result.newSessionToken, deps.env, {});
    return c.redirect('/', 303);
  });

  app.post('/uitloggen', async (c) => {
    const deps = c.get('deps');
    const session = c.get('session');
    if (session) await logout(deps.database, session, auditContext(c));
    setCookie(c, cookieNames(deps.env).session, '', deps.env, { maxAge: 0 });
    return c.redirect('/inloggen?uitgelogd=1', 303);
  });

  async function renderCaseload(c: Ctx, pageNumber: unknown, search: string) {
    const page = parseInput(pageQuery, { page: pageNumber ?? 1, pageSize: 25 });
    const caller = callerOf(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => listCaseload(tx, caller, page, search));
    if (!result.ok) throw new AppError(result.error);
    const saved = c.req.query('opgeslagen');
    return c.html(caseloadPage(pageContext(c), result.value, search, saved && /^[a-z_.]+$/.test(saved) ? saved : undefined));
  }

  app.get('/huishoudens', (c) => {
    requireSignedIn(c);
    return renderCaseload(c, c.req.query('page'), '');
  });

  // A results page has no URL of its own (the language switch or a reload lands here): back to the list.
  app.get('/huishoudens/zoeken', (c) => c.redirect('/huishoudens', 303));

  // Search terms are names: they go in the body, not the URL (SECURITY.md, web hardening).
  app.post('/huishoudens/zoeken', async (c) => {
    requireSignedIn(c);
    const form = await formOf(c);
    const search = (form.q ?? '').trim().slice(0, 100);
    if (!search) return c.redirect('/huishoudens', 303);
    return renderCaseload(c, form.page, search);
  });

  // Only an id: /huishoudens/nieuw and other fixed paths of the features must not land here.
  app.get('/huishoudens/:id{[0-9a-fA-F-]{36}}', (c) => {
    requireSignedIn(c);
    return renderHouseholdPage(c, c.req.param('id'));
  });

  app.get('/account', async (c) => {
    requireSignedIn(c);
    const user = c.get('user')!;
    return c.html(accountPage(pageContext(c), await listApiTokens(c.get('deps').database, user.id)));
  });

  app.post('/account/tokens', async (c) => {
    requireSignedIn(c);
    if (c.get('viaToken')) throw new AppError('FORBIDDEN');
    const user = c.get('user')!;
    const form = await formOf(c);
    const name = (form.name ?? '').trim().slice(0, 100) || 'API';
    const created = await createApiToken(c.get('deps').database, user.id, name, auditContext(c));
    return c.html(accountPage(pageContext(c), await listApiTokens(c.get('deps').database, user.id), created.token), 201);
  });

  app.post('/account/tokens/:id/intrekken', async (c) => {
    requireSignedIn(c);
    const user = c.get('user')!;
    const id = c.req.param('id');
    if (!/^[0-9a-f-]{36}$/.test(id) || !(await revokeApiToken(c.get('deps').database, user.id, id, auditContext(c)))) throw new AppError('NOT_FOUND');
    return c.redirect('/account', 303);
  });

  // The features' own pages.
  for (const routes of FEATURE_ROUTES) app.route('/', routes());

  return app;
}
