import type { Context } from 'hono';
import { setCookie as honoSetCookie } from 'hono/cookie';
import type { Env } from '../env.ts';

// SES-COOKIE: __Host- prefix, Secure, HttpOnly, SameSite=Lax, Path=/. Browsers accept Secure cookies on
// https and on http://localhost, so the prefix holds in development too.
export function cookieNames(env: Env) {
  const prefix = env.THUIS_INSECURE_COOKIES === '1' ? '' : '__Host-';
  return { session: `${prefix}thuis_session`, csrf: `${prefix}thuis_csrf`, lang: 'thuis_lang' };
}

export function setCookie(c: Context, name: string, value: string, env: Env, options: { maxAge?: number; httpOnly?: boolean }): void {
  honoSetCookie(c, name, value, {
    path: '/',
    secure: env.THUIS_INSECURE_COOKIES !== '1',
    httpOnly: options.httpOnly ?? true,
    sameSite: 'Lax',
    ...(options.maxAge !== undefined ? { maxAge: options.maxAge } : {}),
  });
}
