import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors.ts';
import type { AppEnv } from './context.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * SES-CSRF: every state-changing request carries the session's token (form field `_csrf` or header
 * `X-CSRF-Token`) and must not come from another site. Bearer-token API calls carry no ambient credentials.
 */
export function csrfProtection(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (SAFE.has(c.req.method) || c.get('viaToken')) return next();
    // An API call without a session carries no ambient credential to forge (the public certificate check).
    if (c.req.path.startsWith('/api/') && !c.get('session')) return next();
    if (c.req.header('sec-fetch-site') === 'cross-site') throw new AppError('CSRF');
    const origin = c.req.header('origin');
    if (origin && origin !== 'null') {
      const host = c.req.header('host');
      if (!host || new URL(origin).host !== host) throw new AppError('CSRF');
    }
    let given = c.req.header('x-csrf-token');
    if (!given && (c.req.header('content-type') ?? '').match(/form-urlencoded|multipart\/form-data/)) {
      const body = await c.req.parseBody();
      given = typeof body._csrf === 'string' ? body._csrf : undefined;
    }
    if (!given || !same(given, c.get('csrfToken'))) throw new AppError('CSRF');
    return next();
  };
}
