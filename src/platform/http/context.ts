import type { Context } from 'hono';
import type { Logger } from 'pino';
import type { AuditContext } from '../audit/events.ts';
import type { AuthenticatedUser, SessionInfo, SessionPolicy } from '../auth/service.ts';
import type { RateLimiter } from '../auth/rate-limit.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import type { Database } from '../db/client.ts';
import type { Env } from '../env.ts';
import type { Locale, Translate } from '../i18n/index.ts';
import type { Caller } from '../context.ts';
import type { Actor } from '../policy.ts';

export interface Deps {
  env: Env;
  database: Database;
  logger: Logger;
  sessionPolicy: SessionPolicy;
  loginLimiter: RateLimiter;
  apiLimiter: RateLimiter;
  searchLimiter: RateLimiter;
  mfaLimiter: RateLimiter;
  secretBox: SecretBox;
}

export interface AppVariables {
  deps: Deps;
  requestId: string;
  log: Logger;
  locale: Locale;
  t: Translate;
  origin: string | null;
  session: SessionInfo | null;
  /** Set for a fully signed-in session or a valid API token. */
  user: AuthenticatedUser | null;
  actor: Actor | null;
  viaToken: boolean;
  /** Token for forms: the session's, or the anonymous double-submit cookie's. */
  csrfToken: string;
}

export type AppEnv = { Variables: AppVariables };
export type Ctx = Context<AppEnv>;

export function auditContext(c: Ctx): AuditContext {
  const actor = c.get('actor');
  const session = c.get('session');
  return {
    requestId: c.get('requestId'),
    origin: c.get('origin'),
    actorUserId: actor?.userId ?? session?.user.id ?? null,
    actorRole: actor?.role ?? session?.user.role ?? null,
    organisationId: actor?.organisationId ?? session?.user.organisationId ?? null,
  };
}

export function callerOf(c: Ctx): Caller {
  const actor = c.get('actor');
  if (!actor) throw new Error('callerOf() used on an unauthenticated route');
  return { actor, audit: auditContext(c) };
}
