import { sql } from 'drizzle-orm';
import { rowsOf, type Database, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import { conflict, forbidden, found, inTenant, notFound, tenantOf, type Caller, type Outcome } from '../../platform/context.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { can } from '../../platform/policy.ts';
import { visibleHousehold } from '../households/index.ts';
import type { AssignInput, CapacityInput, OwnProfileInput, ReassignInput, ProfileInput } from './inputs.ts';
import { allCoaches, currentProfile, isUuid, organisationMunicipalities, profileAccess, type CoachView } from './queries.ts';
import { FILE_CLOSED } from '../households/index.ts';
import { handOverFollowUps } from '../infopunten/index.ts';

function invalid(fields: FieldError[]): AppError {
  return new AppError('VALIDATION', { fields });
}

const textArray = (values: readonly string[]) => sql`array[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::text[]`;

/** The coordinator's fields a coach sent with another value than the one stored. */
function coordinatorFieldsChanged(input: OwnProfileInput, stored: CoachView): string[] {
  const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);
  const changed: string[] = [];
  if (input.vogDate !== undefined && input.vogDate !== stored.vogDate) changed.push('vogDate');
  if (input.trainings !== undefined && !sameList(input.trainings, stored.trainings)) changed.push('trainings');
  if (input.maxLoad !== undefined && input.maxLoad !== stored.ownMaxLoad) changed.push('maxLoad');
  return changed;
}

/**
 * Save a coach's profile (REL-LOCK): the update names the version it read; when someone saved in between,
 * nothing is written and the profile as it is now comes back as a conflict.
 *
 * On her own profile a coach changes what she offers (languages, areas, availability, preferences, note); the
 * VOG date, trainings and maximum load are the coordinator's: sent with another value they are refused (403,
 * nothing written), and the stored values stay as they are.
 */
export async function updateProfile(tx: Tx, caller: Caller, userId: string, input: ProfileInput | OwnProfileInput): Promise<Outcome<CoachView>> {
  const access = await profileAccess(tx, caller, userId);
  if (!access.ok) return access;
  const asCoordinator = access.value.asCoordinator;
  if (!asCoordinator) {
    const stored = await currentProfile(tx, caller.actor, userId);
    if (!stored) return notFound();
    const changed = coordinatorFieldsChanged(input, stored);
    if (changed.length) {
      // A stale form is a conflict first: the coordinator may have changed the value since it was read.
      if (stored.version !== input.version) return conflict(stored);
      await writeAudit(tx, caller.audit, {
        action: 'access.denied', result: 'denied', recordType: 'coach', recordId: userId,
        detail: { attempted: 'coach.profile_coordinator_fields', fields: changed.join(',') },
      });
      return forbidden();
    }
  }
  const served = new Set((await organisationMunicipalities(tx, caller.actor)).map((m) => m.code));
  if (input.municipalityCodes.some((code) => !served.has(code))) throw invalid([{ field: 'municipalityCodes', message: 'validation.municipality_not_served' }]);
  const supervisorId = asCoordinator && 'supervisorId' in input ? input.supervisorId : undefined;
  // The supervisor is written as system (saveProfile, setSupervisor); checked here too so a wrong one changes nothing.
  if (supervisorId !== undefined) {
    const ok = rowsOf<{ id: string }>(await tx.execute(sql`select id from users where id = ${supervisorId} and organisation_id = ${caller.actor.organisationId}
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
  };
  // What only the coordinator writes; on her own profile the stored values (or, for a new profile, none) stay.
  const managed = asCoordinator
    ? { vogDate: input.vogDate ?? null, trainings: textArray(input.trainings ?? []), maxLoad: input.maxLoad ?? null }
    : null;
  const saved =
    input.version === 0
      ? rowsOf<{ version: number }>(
          await tx.execute(sql`
            insert into coach_profiles (user_id, organisation_id, languages, municipality_codes, postcode_areas, availability, preferences,
                                        vog_date, trainings, max_load, note)
            values (${userId}, ${org}, ${v.languages}, ${v.municipalities}, ${v.areas}, ${v.availability}, ${v.preferences},
                    ${managed ? managed.vogDate : null}, ${managed ? managed.trainings : sql`'{}'::text[]`}, ${managed ? managed.maxLoad : null}, ${input.note})
            on conflict (user_id) do nothing
            returning version`),
        )
      : rowsOf<{ version: number }>(
          await tx.execute(sql`
            update coach_profiles set languages = ${v.languages}, municipality_codes = ${v.municipalities}, postcode_areas = ${v.areas},
                   availability = ${v.availability}, preferences = ${v.preferences},
                   ${managed ? sql`vog_date = ${managed.vogDate}, trainings = ${managed.trainings}, max_load = ${managed.maxLoad},` : sql``}
                   note = ${input.note}, version = version + 1, updated_at = now()
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

/** Thrown inside a transaction to roll it back while handing an outcome to the caller. */
class Rollback<T> extends Error {
  readonly outcome: T;
  constructor(outcome: T) {
    super('rollback');
    this.outcome = outcome;
  }
}

/**
 * The coordinator's save of a profile together with a volunteer's supervising professional, in one
 * transaction: the supervisor is checked before anything is written, then written as the system role (the
 * app role has no UPDATE grant on users), then the transaction drops to the tenant's app role exactly as
 * inTenant does, and the profile is saved under row-level security. A stale version, a validation error or any
 * other failure of the profile rolls back the supervisor too: never half a save.
 * Without a supervisor change this is simply updateProfile in a tenant transaction.
 */
export async function saveProfile(database: Database, caller: Caller, userId: string, input: ProfileInput | OwnProfileInput): Promise<Outcome<CoachView>> {
  const supervisorId = can(caller.actor, 'coach.manage') && 'supervisorId' in input ? input.supervisorId : undefined;
  if (supervisorId === undefined) return inTenant(database, caller, (tx) => updateProfile(tx, caller, userId, input));
  try {
    return await database.system(async (tx) => {
      const set = await writeSupervisor(tx, caller, userId, supervisorId);
      if (!set.ok) return set;
      const tenant = tenantOf(caller.actor);
      await tx.execute(sql`select set_config('thuis.org_id', ${tenant.organisationId}, true),
                                  set_config('thuis.regie_codes', ${tenant.regieMunicipalityCodes.join(',')}, true),
                                  set_config('role', 'thuis_app', true)`);
      const saved = await updateProfile(tx, caller, userId, input);
      if (!saved.ok) throw new Rollback(saved);
      // Read after both writes, in this transaction: the profile carries the new supervisor already.
      return saved;
    });
  } catch (error) {
    if (error instanceof Rollback) return error.outcome as Outcome<CoachView>;
    throw error;
  }
}

/**
 * Check and write a volunteer's supervisor inside a system transaction (the policy check first, the organisation
 * in every statement, audited). A professional has no supervisor: nothing changes for her.
 */
async function writeSupervisor(tx: Tx, caller: Caller, userId: string, supervisorId: string): Promise<Outcome<{ changed: boolean }>> {
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
  const supervisor = isUuid(supervisorId)
    ? rowsOf<{ id: string }>(await tx.execute(sql`select id from users where id = ${supervisorId} and organisation_id = ${org}
        and role = 'professional' and disabled_at is null and id <> ${userId}`))[0]
    : undefined;
  if (!supervisor) throw invalid([{ field: 'supervisorId', message: 'coaches.unknown_supervisor' }]);
  if (coach.role !== 'volunteer' || coach.supervisorId === supervisorId) return found({ changed: false });
  await tx.execute(sql`update users set supervisor_id = ${supervisorId} where id = ${userId} and organisation_id = ${org}`);
  await writeAudit(tx, caller.audit, { action: 'coach.supervisor_update', result: 'ok', recordType: 'coach', recordId: userId, detail: { supervisorId } });
  return found({ changed: true });
}

/**
 * Set a volunteer's supervising professional. The app role has no UPDATE grant on users (the account table
 * is the platform's), so this one column is written as the system role — only after the policy check here,
 * with the organisation written into every statement, and audited in the same transaction.
 */
export async function setSupervisor(database: Database, caller: Caller, userId: string, supervisorId: string): Promise<Outcome<{ changed: boolean }>> {
  return database.system((tx) => writeSupervisor(tx, caller, userId, supervisorId));
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
  if (active) await handOverFollowUps(tx, householdId, active.coachId, coach.id);
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
  const active = rowsOf<{ id: string; closed: boolean }>(await tx.execute(sql`select ca.household_id as id, ${FILE_CLOSED} as closed
      from coach_assignments ca join households h on h.id = ca.household_id
     where ca.coach_id = ${fromCoachId} and ca.organisation_id = ${org} and h.organisation_id = ${org} and ca.ended_at is null`));
  const hers = new Set(active.map((r) => r.id));
  // A closed file is read-only and in its retention period: it is handed to no one (assignCoach refuses it too).
  const closed = new Set(active.filter((r) => r.closed).map((r) => r.id));
  const refused = input.assignments.filter((a) => closed.has(a.householdId)).map((a) => a.householdId);
  if (refused.length) {
    // As assignCoach: refused as a whole (nothing moves), audited per closed household.
    for (const id of new Set(refused)) {
      await writeAudit(tx, caller.audit, {
        action: 'access.denied', result: 'denied', recordType: 'household', recordId: id, subjectHouseholdId: id,
        detail: { attempted: 'coach.reassign', reason: 'file_closed' },
      });
    }
    return forbidden();
  }
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
  await tx.execute(sql`update coach_assignments set ended_at = now()
    where coach_id = ${fromCoachId} and ended_at is null and household_id = any(${sql.param(ids)}::uuid[])`);
  const moving = input.assignments.filter((a): a is { householdId: string; coachId: string } => a.coachId !== null);
  if (moving.length) {
    await tx.execute(sql`insert into coach_assignments (organisation_id, household_id, coach_id, assigned_by, handover_note)
      values ${sql.join(moving.map((a) => sql`(${org}, ${a.householdId}, ${a.coachId}, ${caller.actor.userId}, ${input.handoverNote})`), sql`, `)}`);
    for (const a of moving) await handOverFollowUps(tx, a.householdId, fromCoachId, a.coachId);
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
