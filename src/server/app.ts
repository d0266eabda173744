import { bodyLimit } from 'hono/body-limit';
import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { AppError, ERROR_STATUS, errorMessageKey, type ErrorCode } from '../platform/errors.ts';
import type { AppEnv, Ctx, Deps } from '../platform/http/context.ts';
import { csrfProtection } from '../platform/http/csrf.ts';
import { authenticate, requestContext, searchRateLimit, securityHeaders } from '../platform/http/middleware.ts';
import { translator } from '../platform/i18n/index.ts';
import { apiV1 } from '../api/v1.ts';
import { errorPage } from '../web/pages/misc.ts';
import { webRoutes } from '../web/routes.ts';
import { pageContext } from '../web/support.ts';

const resolveAsset = (spec: string) => fileURLToPath(import.meta.resolve(spec));
const ASSETS: Record<string, string> = {
  'utrecht-theme.css': resolveAsset('@utrecht/design-tokens/dist/theme.css'),
  'utrecht-components.css': resolveAsset('@utrecht/component-library-css/dist/index.css'),
  'thuis.css': fileURLToPath(new URL('../../public/thuis.css', import.meta.url)),
};

// Each feature keeps its own styles in public/css/<feature>.css; they are served after thuis.css as one file.
const FEATURE_CSS = new URL('../../public/css/', import.meta.url);

function loadAssets() {
  const out = new Map<string, { body: string; etag: string }>();
  for (const [name, path] of Object.entries(ASSETS)) {
    let body = readFileSync(path, 'utf8');
    if (name === 'thuis.css') {
      for (const file of readdirSync(FEATURE_CSS).filter((f) => f.endsWith('.css')).sort()) body += `\n${readFileSync(new URL(file, FEATURE_CSS), 'utf8')}`;
    }
    out.set(name, { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` });
  }
  return out;
}

const MAX_BODY_BYTES = 21 * 1024 * 1024;

function problem(c: Ctx, code: ErrorCode, error?: AppError) {
  const t = c.get('t') ?? translator('nl');
  const status = ERROR_STATUS[code];
  const body: Record<string, unknown> = { type: `https://thuis.example/problems/${code.toLowerCase()}`, title: t(errorMessageKey(code)), status };
  if (error?.fields.length) body.errors = error.fields.map((f) => ({ field: f.field, code: f.message, message: t(f.message) }));
  if (error?.retryAfterSeconds) c.header('Retry-After', String(error.retryAfterSeconds));
  if (error?.current !== undefined) body.current = error.current;
  return c.body(JSON.stringify(body), status as 400, { 'Content-Type': 'application/problem+json; charset=utf-8' });
}

function handleError(c: Ctx, code: ErrorCode, error?: AppError) {
  if (c.req.path.startsWith('/api/')) return problem(c, code, error);
  if (code === 'UNAUTHENTICATED') return c.redirect('/inloggen', 303);
  if (code === 'MFA_REQUIRED') return c.redirect('/tweestapsverificatie', 303);
  if (error?.retryAfterSeconds) c.header('Retry-After', String(error.retryAfterSeconds));
  const status = ERROR_STATUS[code];
  const shown = [403, 404, 429].includes(status) ? status : status >= 500 ? 500 : 400;
  return c.html(errorPage(pageContext(c), shown, errorMessageKey(code)), status as 400);
}

export function createApp(deps: Deps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const assets = loadAssets();

  app.use('*', requestContext(deps));
  app.use('*', securityHeaders());

  app.get('/assets/:name', (c) => {
    const asset = assets.get(c.req.param('name'));
    if (!asset) return c.text('Not found', 404);
    if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304);
    return c.body(asset.body, 200, { 'Content-Type': 'text/css; charset=utf-8', ETag: asset.etag, 'Cache-Control': 'public, max-age=3600' });
  });

  app.get('/healthz', async (c) => {
    try {
      await deps.database.raw.query('select 1');
      return c.json({ status: 'ok', database: { kind: deps.database.kind, status: 'ok' } });
    } catch {
      return c.json({ status: 'unavailable', database: { kind: deps.database.kind, status: 'unreachable' } }, 503);
    }
  });

  app.use('*', authenticate());
  // Before the CSRF check reads a form: no body bigger than the largest upload (an import file of 20 MB) is
  // ever read into memory. Features check their own, smaller limits (attachments: 10 MB) with a message.
  app.use('*', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => handleError(c, 'TOO_LARGE') }));
  app.use('*', csrfProtection());
  app.use('*', searchRateLimit());
  app.route('/api/v1', apiV1());
  app.route('/', webRoutes());

  app.notFound((c) => handleError(c, 'NOT_FOUND'));
  app.onError((error, c) => {
    if (error instanceof AppError) return handleError(c, error.code, error);
    // Only the error's class and a database error code: messages and stacks can quote SQL parameters
    // (names, note texts), which must never reach a log (LOG-CLEAN).
    const cause = (error as { cause?: { code?: unknown } }).cause;
    const code = typeof cause?.code === 'string' ? cause.code : undefined;
    c.get('log')?.error({ err: { type: error.name, ...(code ? { pgCode: code } : {}) } }, 'unhandled error');
    return handleError(c, 'INTERNAL');
  });
  return app;
}
