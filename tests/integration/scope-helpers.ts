import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/platform/db/client.ts';
import { tenantOf } from '../../src/platform/context.ts';
import type { Actor, HouseholdRelation } from '../../src/platform/policy.ts';
import { householdScope as scopeSql } from '../../src/features/households/index.ts';
import { actorFor } from '../../src/platform/auth/service.ts';
import type { TestApp } from '../support/app.ts';

/** Ids the SQL scope returns for an actor, run under row-level security like a real request. */
export async function householdScope(t: TestApp, actor: Actor): Promise<string[]> {
  return t.db.database.asTenant(tenantOf(actor), async (tx) =>
    rowsOf<{ id: string }>(await tx.execute(sql`select h.id from households h where ${scopeSql(actor)}`)).map((r) => r.id),
  );
}

export const householdRelationForTest = {
  async actorFor(t: TestApp, email: string): Promise<Actor> {
    const { rows } = await t.db.database.raw.query<{ id: string; organisation_id: string; kind: 'welfare'; role: Actor['role']; email: string; display_name: string; name: string; municipal_task: boolean }>(
      `select u.id, u.organisation_id, o.kind, u.role, u.email, u.display_name, o.name, o.municipal_task from users u join organisations o on o.id = u.organisation_id where u.email = $1`, [email]);
    const u = rows[0]!;
    const { rows: codes } = await t.db.database.raw.query<{ code: string }>(`select municipality_code as code from organisation_municipalities where organisation_id = $1`, [u.organisation_id]);
    return actorFor(
      { id: u.id, email: u.email, displayName: u.display_name, role: u.role, organisationId: u.organisation_id, organisationName: u.name, organisationKind: u.kind, municipalTask: u.municipal_task, locale: 'nl', totpEnabled: true },
      u.role === 'regisseur' && u.kind === ('municipality' as string) ? codes.map((c) => c.code) : [],
      true,
    );
  },
  /**
   * The facts of the relation, written here independently of the production SQL (scope.ts) and read by the
   * owner outside row-level security: the oracle's own view of the data.
   */
  async relation(t: TestApp, actor: Actor, householdId: string): Promise<HouseholdRelation> {
    const { rows } = await t.db.database.raw.query<HouseholdRelation>(
      `select h.organisation_id = $2 as "sameOrganisation",
              exists (select 1 from coach_assignments a where a.household_id = h.id and a.ended_at is null and a.coach_id = $3) as "assignedCoach",
              exists (select 1 from coach_assignments a, users u where a.household_id = h.id and a.ended_at is null
                        and u.id = a.coach_id and u.supervisor_id = $3) as "supervisesCoach",
              h.municipality_code = any($4::text[]) as "regieMunicipality",
              (select t.status = 'closed' from trajectories t where t.household_id = h.id
                order by t.started_on desc, t.created_at desc limit 1) is true as "fileClosed"
         from households h where h.id = $1`,
      [householdId, actor.organisationId, actor.userId, actor.regieMunicipalityCodes]);
    return rows[0]!;
  },
};
