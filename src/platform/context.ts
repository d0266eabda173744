import { AppError } from './errors.ts';
import type { AuditContext } from './audit/events.ts';
import type { Database, TenantContext, Tx } from './db/client.ts';
import type { Actor } from './policy.ts';

/** Everything a feature function needs to know about who calls it, from a page, the API or the CLI. */
export interface Caller {
  actor: Actor;
  audit: AuditContext;
}

export function tenantOf(actor: Actor): TenantContext {
  return { organisationId: actor.organisationId, regieMunicipalityCodes: actor.regieMunicipalityCodes };
}

/** Run a feature function in one transaction under the tenant's row-level security. */
export function inTenant<T>(database: Database, caller: Caller, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return database.asTenant(tenantOf(caller.actor), fn);
}

export interface Page {
  page: number;
  pageSize: number;
}

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export function offsetOf(page: Page): number {
  return (page.page - 1) * page.pageSize;
}

/**
 * Access outcomes come back as values, not exceptions, so the audit entry of a denial commits with the
 * transaction instead of rolling back with it. Routes turn them into 404/403 with unwrap().
 */
export type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: 'NOT_FOUND' | 'FORBIDDEN' }
  // REL-LOCK: the caller wrote against an old version; `current` is the record as it is now.
  | { ok: false; error: 'CONFLICT'; current: unknown };

export const found = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const notFound = <T>(): Outcome<T> => ({ ok: false, error: 'NOT_FOUND' });
export const forbidden = <T>(): Outcome<T> => ({ ok: false, error: 'FORBIDDEN' });
export const conflict = <T>(current: unknown): Outcome<T> => ({ ok: false, error: 'CONFLICT', current });

/** Turn a failed Outcome into the AppError routes throw (404/403/409 with the current record). */
export function failure(result: { ok: false; error: 'NOT_FOUND' | 'FORBIDDEN' } | { ok: false; error: 'CONFLICT'; current: unknown }): AppError {
  return new AppError(result.error, result.error === 'CONFLICT' ? { current: result.current } : {});
}
