import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/policy.ts';

// The household scope of platform/policy.ts written as SQL, so lists, counts and searches filter in the
// database and never fetch what the caller may not see (AUTH-LISTS). `h` is the households alias.
// tests/integration/scope.test.ts holds this to householdVisible() for every role and relation.
export function householdScope(actor: Actor): SQL {
  const me = actor.userId;
  const org = actor.organisationId;
  switch (actor.role) {
    case 'coordinator':
      return sql`h.organisation_id = ${org}`;
    case 'professional':
      return sql`h.organisation_id = ${org} and exists (
        select 1 from coach_assignments ca join users cu on cu.id = ca.coach_id
         where ca.household_id = h.id and ca.ended_at is null and (ca.coach_id = ${me} or cu.supervisor_id = ${me}))`;
    case 'volunteer':
      return sql`h.organisation_id = ${org} and exists (
        select 1 from coach_assignments ca where ca.household_id = h.id and ca.ended_at is null and ca.coach_id = ${me})`;
    case 'regisseur':
      if (actor.organisationKind !== 'municipality' || actor.regieMunicipalityCodes.length === 0) return sql`false`;
      return sql`h.municipality_code in (${sql.join(actor.regieMunicipalityCodes.map((c) => sql`${c}`), sql`, `)})`;
    default:
      return sql`false`;
  }
}

/** The household's latest trajectory is closed: its file is read-only (issue 3, closing; RETAIN has started). */
export const FILE_CLOSED = sql`((select t.status = 'closed' from trajectories t where t.household_id = h.id
  order by t.started_on desc, t.created_at desc limit 1) is true)`;

/** The facts platform/policy.ts judges a single household by. */
export function relationColumns(actor: Actor): SQL {
  const me = actor.userId;
  const codes = actor.regieMunicipalityCodes.length
    ? sql`h.municipality_code in (${sql.join(actor.regieMunicipalityCodes.map((c) => sql`${c}`), sql`, `)})`
    : sql`false`;
  return sql`
    (h.organisation_id = ${actor.organisationId}) as "sameOrganisation",
    exists (select 1 from coach_assignments ca where ca.household_id = h.id and ca.ended_at is null
             and ca.coach_id = ${me}) as "assignedCoach",
    exists (select 1 from coach_assignments ca join users cu on cu.id = ca.coach_id
             where ca.household_id = h.id and ca.ended_at is null and cu.supervisor_id = ${me}) as "supervisesCoach",
    (${codes}) as "regieMunicipality",
    ${FILE_CLOSED} as "fileClosed"`;
}
