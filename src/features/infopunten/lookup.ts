import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import { RateLimiter } from '../../platform/auth/rate-limit.ts';
import { forbidden, found, type Caller, type Outcome } from '../../platform/context.ts';
import { can } from '../../platform/policy.ts';
import { isUuid } from '../../platform/validation.ts';
import { FILE_CLOSED } from '../households/index.ts';
import type { LookupInput } from './inputs.ts';

// The infopunt's minimal household lookup (issue 5): to link a walk-in visit to a household the organisation
// already knows. No browsing and no partial names: a reference, or a family name with a date of birth, matched
// exactly; at most a handful of results, each with only what is needed to ask "is this you?" — the reference,
// a first given name and the initial of the family name. Never a dossier: the infopunt role still gets 404 there.

/** At most this many households per lookup. */
export const LOOKUP_LIMIT = 5;

/** One match: exactly these four keys, nothing more about the household (AUTH-FIELDS). */
export interface LookupResult {
  householdId: string;
  reference: string;
  givenName: string;
  familyInitial: string;
}

/**
 * SES-RATE: lookups have a budget of their own per user, far below the general search budget. References are
 * numbered in a series (A-2026-017), so at the search rate a series could be walked and the organisation's
 * households listed, each with a given name; a desk needs a few lookups an hour.
 */
export const LOOKUP_BUDGET = { limit: 30, windowMinutes: 10 } as const;
/** One budget per running app (its dependencies), shared by the desk's form and the API. */
const budgets = new WeakMap<object, RateLimiter>();

/**
 * Count one lookup of the user against the app's search budget (a search on persons) and then her lookup
 * budget; the verdict says how long to wait when either is spent.
 */
export function spendLookup(app: { searchLimiter: RateLimiter }, userId: string): ReturnType<RateLimiter['hit']> {
  const search = app.searchLimiter.hit(`search:${userId}`);
  if (!search.allowed) return search;
  let limiter = budgets.get(app);
  if (!limiter) {
    limiter = new RateLimiter(LOOKUP_BUDGET.limit, LOOKUP_BUDGET.windowMinutes * 60_000);
    budgets.set(app, limiter);
  }
  return limiter.hit(`lookup:${userId}`);
}

async function refuseLookup(tx: Tx, caller: Caller): Promise<Outcome<never>> {
  await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'denied', recordType: 'household', detail: { attempted: 'infopunt.find_household' } });
  return forbidden();
}

/** Refuse (403, audited) who may not look households up, before her search terms are read or counted. */
export async function requireFindHousehold(tx: Tx, caller: Caller): Promise<Outcome<true>> {
  return can(caller.actor, 'infopunt.find_household') ? found(true) : refuseLookup(tx, caller);
}

/** Compare names without case and with collapsed spaces; a transliteration is not guessed (exact only). */
function normalised(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

const sameName = (column: ReturnType<typeof sql>) => sql`lower(regexp_replace(btrim(${column}), '\\s+', ' ', 'g'))`;

/** Exact matches among the organisation's households whose file is open (a closed file takes no new entries). */
export async function lookupHousehold(tx: Tx, caller: Caller, input: LookupInput): Promise<Outcome<LookupResult[]>> {
  const { actor } = caller;
  if (!can(actor, 'infopunt.find_household')) return refuseLookup(tx, caller);
  const org = actor.organisationId;
  const by = input.reference ? 'reference' : 'name_birth';
  const rows = input.reference
    ? rowsOf<LookupResult>(await tx.execute(sql`
        select h.id as "householdId", h.reference, split_part(btrim(m.given_names), ' ', 1) as "givenName", upper(left(btrim(m.family_name), 1)) as "familyInitial"
          from households h
          cross join lateral (select given_names, family_name from household_members m where m.household_id = h.id
                               order by (m.relation = 'head') desc, m.date_of_birth nulls last, m.id limit 1) m
         where h.organisation_id = ${org} and lower(h.reference) = ${input.reference.trim().toLowerCase()} and not ${FILE_CLOSED}
         order by h.reference limit ${LOOKUP_LIMIT}`))
    : rowsOf<LookupResult>(await tx.execute(sql`
        select distinct on (h.reference, h.id) h.id as "householdId", h.reference, split_part(btrim(m.given_names), ' ', 1) as "givenName",
               upper(left(btrim(m.family_name), 1)) as "familyInitial"
          from household_members m join households h on h.id = m.household_id
         where m.organisation_id = ${org} and m.date_of_birth = ${input.dateOfBirth!}
           and ${sameName(sql`m.family_name`)} = ${normalised(input.familyName!)} and not ${FILE_CLOSED}
         order by h.reference, h.id, m.id limit ${LOOKUP_LIMIT}`));
  // LOG-READ without the search terms (LOG-CLEAN): how she searched and how many households she was shown.
  await writeAudit(tx, caller.audit, {
    action: 'infopunt_visit.household_lookup', result: 'ok', recordType: 'household',
    subjectHouseholdId: rows.length === 1 ? rows[0]!.householdId : undefined,
    detail: { by, results: rows.length },
  });
  return found(rows.map((r) => ({ householdId: r.householdId, reference: r.reference, givenName: r.givenName, familyInitial: r.familyInitial })));
}

/**
 * The same minimum for a household already chosen (the desk shows which household a visit will be linked to
 * after a form comes back with an error). Null when it is not a household she could have found.
 */
export async function linkedHousehold(tx: Tx, caller: Caller, householdId: string): Promise<LookupResult | null> {
  if (!can(caller.actor, 'infopunt.find_household') || !isUuid(householdId)) return null;
  const row = rowsOf<LookupResult>(await tx.execute(sql`
    select h.id as "householdId", h.reference, split_part(btrim(m.given_names), ' ', 1) as "givenName", upper(left(btrim(m.family_name), 1)) as "familyInitial"
      from households h
      cross join lateral (select given_names, family_name from household_members m where m.household_id = h.id
                           order by (m.relation = 'head') desc, m.date_of_birth nulls last, m.id limit 1) m
     where h.id = ${householdId} and h.organisation_id = ${caller.actor.organisationId} and not ${FILE_CLOSED}`))[0];
  if (!row) return null;
  await writeAudit(tx, caller.audit, {
    action: 'infopunt_visit.household_lookup', result: 'ok', recordType: 'household', recordId: row.householdId,
    subjectHouseholdId: row.householdId, detail: { by: 'chosen', results: 1 },
  });
  return row;
}
