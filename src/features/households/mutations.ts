import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import { forbidden, found, notFound, type Caller, type Outcome } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { can } from '../../platform/policy.ts';
import type { HouseholdInput, MemberInput } from './inputs.ts';
import { auditForbidden, visibleHousehold } from './queries.ts';

export async function createHousehold(tx: Tx, caller: Caller, input: HouseholdInput): Promise<Outcome<{ id: string }>> {
  const { actor } = caller;
  if (!can(actor, 'household.create')) {
    await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'denied', recordType: 'household', detail: { attempted: 'household.create' } });
    return forbidden();
  }
  const municipality = rowsOf<{ ok: boolean }>(
    await tx.execute(sql`select exists (select 1 from organisation_municipalities
                          where organisation_id = ${actor.organisationId} and municipality_code = ${input.municipalityCode}) as ok`),
  );
  if (!municipality[0]?.ok) {
    throw new AppError('VALIDATION', { fields: [{ field: 'municipalityCode', message: 'validation.municipality_not_served' }] });
  }
  if (input.coachId) {
    const coach = rowsOf<{ ok: boolean }>(
      await tx.execute(sql`select exists (select 1 from users where id = ${input.coachId} and disabled_at is null
                            and role in ('volunteer', 'professional')) as ok`),
    );
    if (!coach[0]?.ok) throw new AppError('VALIDATION', { fields: [{ field: 'coachId', message: 'validation.unknown_coach' }] });
  }
  const duplicate = rowsOf<{ ok: boolean }>(
    await tx.execute(sql`select exists (select 1 from households where organisation_id = ${actor.organisationId}
                          and reference = ${input.reference}) as ok`),
  );
  if (duplicate[0]?.ok) throw new AppError('VALIDATION', { fields: [{ field: 'reference', message: 'validation.reference_taken' }] });

  const created = rowsOf<{ id: string }>(
    await tx.execute(sql`insert into households (organisation_id, reference, municipality_code, housing_date)
                         values (${actor.organisationId}, ${input.reference}, ${input.municipalityCode}, ${input.housingDate ?? null})
                         returning id`),
  );
  const id = created[0]!.id;
  for (const member of input.members) await insertMember(tx, caller, id, member);
  if (input.coachId) {
    await tx.execute(sql`insert into coach_assignments (organisation_id, household_id, coach_id)
                         values (${actor.organisationId}, ${id}, ${input.coachId})`);
  }
  await writeAudit(tx, caller.audit, {
    action: 'household.create',
    result: 'ok',
    recordType: 'household',
    recordId: id,
    subjectHouseholdId: id,
    detail: { members: input.members.length },
  });
  return found({ id });
}

async function insertMember(tx: Tx, caller: Caller, householdId: string, member: MemberInput): Promise<string> {
  const rows = rowsOf<{ id: string }>(
    await tx.execute(sql`
      insert into household_members (household_id, organisation_id, given_names, family_name, date_of_birth, relation, languages)
      values (${householdId}, ${caller.actor.organisationId}, ${member.givenNames}, ${member.familyName},
              ${member.dateOfBirth ?? null}, ${member.relation},
              ${`{${member.languages.join(',')}}`}::text[])
      returning id`),
  );
  return rows[0]!.id;
}

/** Add a member to a household the caller may edit. */
export async function addMember(tx: Tx, caller: Caller, householdId: string, member: MemberInput): Promise<Outcome<{ id: string }>> {
  const visible = await visibleHousehold(tx, caller, householdId);
  if (!visible) return notFound();
  if (!visible.permissions.canUpdate) {
    await auditForbidden(tx, caller, householdId, 'household.update');
    return forbidden();
  }
  const id = await insertMember(tx, caller, householdId, member);
  await tx.execute(sql`update households set version = version + 1, updated_at = now() where id = ${householdId}`);
  await writeAudit(tx, caller.audit, {
    action: 'member.create',
    result: 'ok',
    recordType: 'household_member',
    recordId: id,
    subjectHouseholdId: householdId,
    subjectPersonId: id,
  });
  return found({ id });
}
