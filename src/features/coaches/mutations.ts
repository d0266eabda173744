import { sql } from 'drizzle-orm';
import { rowsOf, type Database, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import { conflict, forbidden, found, notFound, type Caller, type Outcome } from '../../platform/context.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { can } from '../../platform/policy.ts';
import { visibleHousehold } from '../households/index.ts';
import type { AssignInput, CapacityInput, ReassignInput, ProfileInput } from './inputs.ts';
import { allCoaches, currentProfile, isUuid, organisationMunicipalities, profileAccess, type CoachView } from './queries.ts';

function invalid(fields: FieldError[]): AppError {
  return new AppError('VALIDATION', { fields });
}

const textArray = (values: readonly string[]) => sql`array[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::text[]`;

/**
 * Save a coach's profile (REL-LOCK): the update names the version it read; when someone saved in between,
 * nothing is written and the profile as it is now comes back as a conflict.
 */
export async function updateProfile(tx: Tx, caller: Caller, userId: string, input: ProfileInput): Promise<Outcome<CoachView>> {
  const access = await profileAccess(tx, caller, userId);
  if (!access.ok) return access;
  const served = new Set((await organisationMunicipalities(tx, caller.actor)).map((m) => m.code));
  if (input.municipalityCodes.some((code) => !served.has(code))) throw invalid([{ field: 'municipalityCodes', message: 'validation.municipality_not_served' }]);
  // The supervisor is written afterwards as system (setSupervisor); check it here so a wrong one changes nothing.
  if (access.value.asCoordinator && input.supervisorId !== undefined) {
    const ok = rowsOf<{ id: string }>(await tx.execute(sql`select id from users where id = ${input.supervisorId} and organisation_id = ${caller.actor.organisationId}
      and role = 'professional' and disabled_at is null and id <> ${userId}`));
    if (!ok[0]) throw invalid([{ field: 'supervisorId', message: 'coaches.unknown_supervisor' }]);
  }
  const org = caller.actor.organisationId;
  const v = {
    languages: textArray(input.languages),
    municipalities: textArray(input.municipalityCodes),
    areas: textArray(input.postcodeAreas),
    availability: textArray(input.availability),
    preferences: textArray(input.preferences),
    trainings: textArray(input.trainings),
  };
  const saved =
    input.version === 0
      ? rowsOf<{ version: number }>(
          await tx.execute(sql`
            insert into coach_profiles (user_id, organisation_id, languages, municipality_codes, postcode_areas, availability, preferences,
                                        vog_date, trainings, max_load, note)
            values (${userId}, ${org}, ${v.languages}, ${v.municipalities}, ${v.areas}, ${v.availability}, ${v.preferences},
                    ${input.vogDate}, ${v.trainings}, ${input.maxLoad}, ${input.note})
            on conflict (user_id) do nothing
            returning version`),
        )
      : rowsOf<{ version: number }>(
          await tx.execute(sql`
            update coach_profiles set languages = ${v.languages}, municipality_codes = ${v.municipalities}, postcode_areas = ${v.areas},
                   availability = ${v.availability}, preferences = ${v.preferences}, vog_date = ${input.vogDate}, trainings = ${v.trainings},
                   max_load = ${input.maxLoad}, note = ${input.note}, version = version + 1, updated_at = now()
             where user_id = ${userId} and organisation_id = ${org} and version = ${input.version}
            returning version`),
        );
  const current = await currentProfile(tx, caller.actor, userId);
  if (!current) return notFound();
  if (saved.length === 0) return conflict(current);
  await writeAudit(tx, caller.audit, {
    action: 'coach.profile_update', result: 'ok', recordType: 'coach', recordId: userId,
    detail: { own: userId === caller.actor.userId, version: current.version },
  });
  return found(current);
}

/**
 * Set a volunteer's supervising professional. The app role has no UPDATE grant on users (the account table
 * is the platform's), so this one column is written as the system role — only after the policy check here,
 * with the organisation written into every statement, and audited in the same transaction.
 */
export async function setSupervisor(database: Database, caller: Caller, userId: string, supervisorId: string): Promise<Outcome<{ changed: boolean }>> {
  return database.system(async (tx) => {
    const org = caller.actor.organisationId;
    if (!can(caller.actor, 'coach.manage')) {
      await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'denied', recordType: 'coach', detail: { attempted: 'coach.supervisor' } });
      return forbidden();
    }
    const coach = isUuid(userId)
      ? rowsOf<{ role: string; supervisorId: string | null }>(await tx.execute(sql`select role, supervisor_id as "supervisorId" from users
          where id = ${userId} and organisation_id = ${org} and role in ('volunteer', 'professional') and disabled_at is null`))[0]
      : undefined;
    if (!coach) {
      await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'not_found', recordType: 'coach', recordId: isUuid(userId) ? userId : undefined });
      return notFound();
    }
    if (coach.supervisorId === supervisorId) return found({ changed: false });
    const supervisor = isUuid(supervisorId)
      ? rowsOf<{ id: string }>(await tx.execute(sql`select id from users where id = ${supervisorId} and organisation_id = ${org}
          and role = 'professional' and disabled_at is null and id <> ${userId}`))[0]
      : undefined;
    if (!supervisor) throw invalid([{ field: 'supervisorId', message: 'coaches.unknown_supervisor' }]);
    await tx.execute(sql`update users set supervisor_id = ${supervisorId} where id = ${userId} and organisation_id = ${org}`);
    await writeAudit(tx, caller.audit, { action: 'coach.supervisor_update', result: 'ok', recordType: 'coach', recordId: userId, detail: { supervisorId } });
    return found({ changed: true });
  });
}

/**
 * The organisation's default maximum of households per coach. The app role has neither an UPDATE grant nor
 * a tenant UPDATE policy on organisations, so after the policy check this single column is written as the
 * system role, limited to the caller's own organisation, and audited in that transaction.
 */
export async function setCoachCapacity(database: Database, caller: Caller, input: CapacityInput): Promise<Outcome<{ coachCapacity: number }>> {
  return database.system(async (tx) => {
    if (!can(caller.actor, 'coach.manage')) {
      await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'denied', recordType: 'organisation', detail: { attempted: 'coach.capacity' } });
      return forbidden();
    }
    const before = rowsOf<{ c: number }>(await tx.execute(sql`select coach_capacity as c from organisations where id = ${caller.actor.organisationId}`))[0];
    if (!before) return notFound();
    await tx.execute(sql`update organisations set coach_capacity = ${input.coachCapacity} where id = ${caller.actor.organisationId}`);
    await writeAudit(tx, caller.audit, {
      action: 'coach.capacity_update', result: 'ok', recordType: 'organisation', recordId: caller.actor.organisationId,
      detail: { from: before.c, to: input.coachCapacity },
    });
    return found({ coachCapacity: input.coachCapacity });
  });
}

export interface Assigned {
  householdId: string;
  coachId: string;
  /** False when this coach already guided the household: nothing changed. */
  changed: boolean;
}

/** Confirm a suggestion: end the household's active assignment and start the new one (coordinator). */
export async function assignCoach(tx: Tx, caller: Caller, householdId: string, input: AssignInput): Promise<Outcome<Assigned>> {
  if (!can(caller.actor, 'coach.manage')) {
    await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'denied', recordType: 'household', detail: { attempted: 'coach.assign' } });
    return forbidden();
  }
  const visible = await visibleHousehold(tx, caller, householdId);
  if (!visible || !visible.relation.sameOrganisation) return notFound();
  if (visible.relation.fileClosed) {
    await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'denied', recordType: 'household', recordId: householdId, subjectHouseholdId: householdId, detail: { attempted: 'coach.assign', reason: 'file_closed' } });
    return forbidden();
  }
  const coach = (await allCoaches(tx, caller.actor)).find((c) => c.id === input.coachId);
  if (!coach) throw invalid([{ field: 'coachId', message: 'validation.unknown_coach' }]);
  const active = rowsOf<{ coachId: string }>(
    await tx.execute(sql`select coach_id as "coachId" from coach_assignments where household_id = ${householdId} and ended_at is null`),
  )[0];
  if (active?.coachId === coach.id) return found({ householdId, coachId: coach.id, changed: false });
  if (coach.load >= coach.maxLoad && !input.allowOverCapacity) throw invalid([{ field: 'allowOverCapacity', message: 'coaches.over_capacity' }]);
  await tx.execute(sql`update coach_assignments set ended_at = now() where household_id = ${householdId} and ended_at is null`);
  await tx.execute(sql`insert into coach_assignments (organisation_id, household_id, coach_id, assigned_by)
    values (${caller.actor.organisationId}, ${householdId}, ${coach.id}, ${caller.actor.userId})`);
  await writeAudit(tx, caller.audit, {
    action: 'coach.assign', result: 'ok', recordType: 'household', recordId: householdId, subjectHouseholdId: householdId,
    detail: { coachId: coach.id, overCapacity: coach.load >= coach.maxLoad },
  });
  return found({ householdId, coachId: coach.id, changed: true });
}

export interface Reassigned {
  moved: number;
  waitlisted: number;
}

/**
 * A coach leaves: her households go to new coaches (or to the wait list) in one transaction, each new
 * assignment carrying the same warm-handover note. Audited per household and once as a whole — counts and
 * ids only, never the note.
 */
export async function reassignHouseholds(tx: Tx, caller: Caller, fromCoachId: string, input: ReassignInput): Promise<Outcome<Reassigned>> {
  if (!can(caller.actor, 'coach.manage')) {
    await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'denied', recordType: 'coach', detail: { attempted: 'coach.reassign' } });
    return forbidden();
  }
  const access = await profileAccess(tx, caller, fromCoachId);
  if (!access.ok) return access;
  const org = caller.actor.organisationId;
  const hers = new Set(
    rowsOf<{ id: string }>(await tx.execute(sql`select household_id as id from coach_assignments
      where coach_id = ${fromCoachId} and organisation_id = ${org} and ended_at is null`)).map((r) => r.id),
  );
  const coaches = new Map((await allCoaches(tx, caller.actor)).map((c) => [c.id, c]));
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const extra = new Map<string, number>();
  input.assignments.forEach((a, i) => {
    if (!hers.has(a.householdId) || seen.has(a.householdId)) errors.push({ field: `assignments.${i}.householdId`, message: 'coaches.not_her_household' });
    seen.add(a.householdId);
    if (a.coachId === null) return;
    const target = coaches.get(a.coachId);
    if (!target || target.id === fromCoachId) errors.push({ field: `assignments.${i}.coachId`, message: 'validation.unknown_coach' });
    else extra.set(target.id, (extra.get(target.id) ?? 0) + 1);
  });
  if (errors.length) throw invalid(errors);
  const over = [...extra].filter(([id, n]) => coaches.get(id)!.load + n > coaches.get(id)!.maxLoad);
  if (over.length && !input.allowOverCapacity) throw invalid([{ field: 'allowOverCapacity', message: 'coaches.over_capacity_bulk' }]);

  const ids = input.assignments.map((a) => a.householdId);
  const idList = sql.join(ids.map((id) => sql`${id}`), sql`, `);
  await tx.execute(sql`update coach_assignments set ended_at = now()
    where coach_id = ${fromCoachId} and ended_at is null and household_id in (${idList})`);
  const moving = input.assignments.filter((a): a is { householdId: string; coachId: string } => a.coachId !== null);
  if (moving.length) {
    await tx.execute(sql`insert into coach_assignments (organisation_id, household_id, coach_id, assigned_by, handover_note)
      values ${sql.join(moving.map((a) => sql`(${org}, ${a.householdId}, ${a.coachId}, ${caller.actor.userId}, ${input.handoverNote})`), sql`, `)}`);
  }
  if (input.stopTakingHouseholds) {
    await tx.execute(sql`insert into coach_profiles (user_id, organisation_id, max_load) values (${fromCoachId}, ${org}, 0)
      on conflict (user_id) do update set max_load = 0, version = coach_profiles.version + 1, updated_at = now()`);
  }
  for (const a of input.assignments) {
    await writeAudit(tx, caller.audit, {
      action: 'coach.reassign', result: 'ok', recordType: 'household', recordId: a.householdId, subjectHouseholdId: a.householdId,
      detail: { fromCoachId, toCoachId: a.coachId },
    });
  }
  const result = { moved: moving.length, waitlisted: input.assignments.length - moving.length };
  await writeAudit(tx, caller.audit, {
    action: 'coach.reassign', result: 'ok', recordType: 'coach', recordId: fromCoachId,
    detail: { ...result, overCapacity: over.length > 0, stopTakingHouseholds: input.stopTakingHouseholds },
  });
  return found(result);
}
