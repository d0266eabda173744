import { randomUUID } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { getCookie } from 'hono/cookie';
import type { MiddlewareHandler } from 'hono';
import { authenticateToken, loadSession } from '../auth/service.ts';
import { AppError } from '../errors.ts';
import { newSecret } from '../auth/tokens.ts';
import { isLocale, negotiate, translator } from '../i18n/index.ts';
import { cleanForLog } from '../logger.ts';
import type { AppEnv, Deps } from './context.ts';
import { cookieNames, setCookie } from './cookies.ts';

/** Request id, per-request child logger, client origin (X-Forwarded-For only behind a trusted proxy). */
export function requestContext(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID();
    let origin: string | null = null;
    // The proxy appends the address it saw; entries to the left of it come from the client and can be forged.
    if (deps.env.THUIS_TRUST_PROXY === '1') origin = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim() || null;
    if (!origin) {
      try {
        origin = getConnInfo(c).remote.address ?? null;
      } catch {
        origin = null;
      }
    }
    c.set('deps', deps);
    c.set('requestId', requestId);
    c.set('origin', origin ? cleanForLog(origin) : null);
    c.set('session', null);
    c.set('user', null);
    c.set('actor', null);
    c.set('viaToken', false);
    const log = deps.logger.child({ requestId });
    c.set('log', log);
    const started = performance.now();
    await next();
    c.header('X-Request-Id', requestId);
    // Only method, route pattern and status: never a query string, which might carry a search term.
    log.info({ method: c.req.method, route: c.req.routePath, status: c.res.status, ms: Math.round(performance.now() - started) }, 'request');
  };
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/** SECURITY.md "Web hardening", on every response. */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    c.header('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
    c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Cross-Origin-Resource-Policy', 'same-origin');
    if (!c.req.path.startsWith('/assets/')) c.header('Cache-Control', 'no-store');
  };
}

/** The search endpoints of pages and API; terms travel in request bodies. */
const SEARCH_PATHS = new Set(['/huishoudens/zoeken', '/api/v1/households/search']);

/**
 * SES-RATE for searches: every free-text search, page or API, counts against the user's search budget,
 * so nobody can enumerate names by brute force. Answers 429 with Retry-After.
 */
export function searchRateLimit(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const actor = c.get('actor');
    if (c.req.method === 'POST' && actor && SEARCH_PATHS.has(c.req.path)) {
      const verdict = c.get('deps').searchLimiter.hit(`search:${actor.userId}`);
      if (!verdict.allowed) throw new AppError('RATE_LIMITED', { retryAfterSeconds: verdict.retryAfterSeconds });
    }
    await next();
  };
}

/** Session cookie or bearer token → user and actor. A session still waiting for its second factor has no actor. */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const deps = c.get('deps');
    const names = cookieNames(deps.env);
    const authorization = c.req.header('authorization');
    if (authorization?.startsWith('Bearer ')) {
      const found = await authenticateToken(deps.database, authorization.slice(7).trim());
      if (found) {
        c.set('user', found.user);
        c.set('actor', found.actor);
        c.set('viaToken', true);
      }
    } else {
      const token = getCookie(c, names.session);
      const session = token ? await loadSession(deps.database, token, deps.sessionPolicy) : null;
      if (session) {
        c.set('session', session);
        c.set('csrfToken', session.csrfToken);
        if (!session.mfaPending) {
          c.set('user', session.user);
          c.set('actor', session.actor);
        }
      } else if (token) {
        setCookie(c, names.session, '', deps.env, { maxAge: 0 });
      }
    }
    if (!c.get('session')) {
      // Anonymous forms (login) use a double-submit cookie against login CSRF.
      let anon = getCookie(c, names.csrf);
      if (!anon || !/^[\w-]{20,64}$/.test(anon)) {
        anon = newSecret('', 24);
        setCookie(c, names.csrf, anon, deps.env, {});
      }
      c.set('csrfToken', anon);
    }
    const user = c.get('user') ?? c.get('session')?.user;
    const chosen = getCookie(c, names.lang);
    // API clients say what they want per request; a person's choice (cookie, then profile) rules the pages.
    const acceptLanguage = c.req.header('accept-language');
    const locale =
      c.req.path.startsWith('/api/') && acceptLanguage
        ? negotiate(acceptLanguage)
        : isLocale(chosen) ? chosen : isLocale(user?.locale) ? user.locale : negotiate(acceptLanguage);
    c.set('locale', locale);
    c.set('t', translator(locale));
    await next();
  };
}
