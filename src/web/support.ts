import { AppError } from '../platform/errors.ts';
import type { Ctx } from '../platform/http/context.ts';
import { can, type Action } from '../platform/policy.ts';
import type { PageContext } from './layout.ts';

// What every page route needs: the page context, the sign-in check and form parsing.

export function pageContext(c: Ctx): PageContext {
  const session = c.get('session');
  const actor = c.get('actor');
  return {
    t: c.get('t'),
    locale: c.get('locale'),
    path: c.req.path,
    csrfToken: c.get('csrfToken'),
    user: c.get('user') ?? session?.user ?? null,
    signedIn: actor !== null,
    canListHouseholds: actor !== null && can(actor, 'household.list'),
    may: (action: Action) => actor !== null && can(actor, action),
  };
}

/** Where a signed-in person starts: "Mijn werk" for coaches, her caseload, or the start page. */
export function homeOf(c: Ctx): string {
  const actor = c.get('actor');
  if (!actor) return '/inloggen';
  if (can(actor, 'worklist.read')) return '/mijn-werk';
  // Infopunt staff start at their walk-in desk, trainers at their groups (issue 5).
  if (actor.role === 'infopunt') return '/infopunt';
  if (actor.role === 'trainer') return '/groepen';
  return can(actor, 'household.list') ? '/huishoudens' : '/start';
}

export function requireSignedIn(c: Ctx): void {
  if (c.get('actor')) return;
  if (c.get('session')?.mfaPending) throw new AppError('MFA_REQUIRED');
  throw new AppError('UNAUTHENTICATED');
}

/** A form's text fields; repeated names keep their last value (use formAll for lists). */
export async function formOf(c: Ctx): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string') out[key] = value;
  return out;
}

/** A form's fields with every value of repeated names (checkbox groups, member rows). */
export async function formAll(c: Ctx): Promise<Record<string, string[]>> {
  const body = await c.req.parseBody({ all: true });
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(body)) {
    const values = Array.isArray(value) ? value : [value];
    out[key] = values.filter((v): v is string => typeof v === 'string');
  }
  return out;
}

/** A form's field errors, or null for any other failure (which the route rethrows). */
export function validationOf(error: unknown): AppError | null {
  return error instanceof AppError && error.code === 'VALIDATION' ? error : null;
}
