import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import { conflict, forbidden, found, notFound, type Caller, type Outcome } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { can, type Actor } from '../../platform/policy.ts';
import { startTrajectories } from '../trajectories/index.ts';
import { findProbableDuplicates, nameKey } from './duplicates.ts';
import type { HouseholdInput, HouseholdUpdateInput, MemberInput, MemberUpdateInput } from './inputs.ts';
import { auditForbidden, loadHousehold, visibleHousehold, type HouseholdPermissions } from './queries.ts';
import { householdScope } from './scope.ts';
import { isUuid } from '../../platform/validation.ts';

/**
 * A probable duplicate found before registering: which new person, and the household she may already be in.
 * Only households inside the caller's scope are ever named (AUTH-LISTS); one outside it does not block and is
 * not revealed — the audit entry of the registration names it for the coordinator, who sees everything.
 */
export interface DuplicateWarning {
  /** Index into the input's members. */
  member: number;
  householdId: string;
  reference: string;
}

export type CreateOutcome = Outcome<{ id: string }> | { ok: false; error: 'DUPLICATES'; duplicates: DuplicateWarning[] };

/**
 * Identity numbers may be written at registration (no relation exists yet) by a coordinator or professional of
 * an organisation with a municipal task (AUTH-BSN); afterwards policy.can('identity.write', relation) decides.
 */
export function canWriteIdentityAtCreation(actor: Actor): boolean {
  return can(actor, 'household.create') && actor.municipalTask && (actor.role === 'coordinator' || actor.role === 'professional');
}


const hasIdentity = (m: { bsn?: string | null; vNumber?: string | null }) => m.bsn !== undefined || m.vNumber !== undefined;

async function municipalityServed(tx: Tx, actor: Actor, code: string): Promise<boolean> {
  const rows = rowsOf<{ ok: boolean }>(
    await tx.execute(sql`select exists (select 1 from organisation_municipalities
                          where organisation_id = ${actor.organisationId} and municipality_code = ${code}) as ok`),
  );
  return rows[0]?.ok === true;
}

async function referenceTaken(tx: Tx, actor: Actor, reference: string, except?: string): Promise<boolean> {
  const rows = rowsOf<{ ok: boolean }>(
    await tx.execute(sql`select exists (select 1 from households where organisation_id = ${actor.organisationId}
                          and reference = ${reference} ${except ? sql`and id <> ${except}` : sql``}) as ok`),
  );
  return rows[0]?.ok === true;
}

export async function createHousehold(tx: Tx, caller: Caller, input: HouseholdInput): Promise<CreateOutcome> {
  const { actor } = caller;
  if (!can(actor, 'household.create')) {
    await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'denied', recordType: 'household', detail: { attempted: 'household.create' } });
    return forbidden();
  }
  // AUTH-BSN: refused as a whole, before anything is written.
  if (input.members.some(hasIdentity) && !canWriteIdentityAtCreation(actor)) {
    await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'denied', recordType: 'household', detail: { attempted: 'identity.write' } });
    return forbidden();
  }
  // Choosing a coach is the coordinator's (coach.manage); a professional may register a household as her own.
  if (input.coachId && !can(actor, 'coach.manage') && !(actor.role === 'professional' && input.coachId === actor.userId)) {
    await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'denied', recordType: 'household', detail: { attempted: 'coach.assign' } });
    return forbidden();
  }
  if (!(await municipalityServed(tx, actor, input.municipalityCode))) {
    throw new AppError('VALIDATION', { fields: [{ field: 'municipalityCode', message: 'validation.municipality_not_served' }] });
  }
  let overCapacity = false;
  if (input.coachId) {
    // The same rule as assigning a coach later: an active coach of this organisation, within her maximum unless confirmed.
    const coach = rowsOf<{ load: number; maxLoad: number }>(
      await tx.execute(sql`
        select (select count(*)::int from coach_assignments ca where ca.coach_id = u.id and ca.ended_at is null) as load,
               coalesce(p.max_load, o.coach_capacity) as "maxLoad"
          from users u join organisations o on o.id = u.organisation_id left join coach_profiles p on p.user_id = u.id
         where u.id = ${input.coachId} and u.organisation_id = ${actor.organisationId} and u.disabled_at is null
           and u.role in ('volunteer', 'professional')`),
    )[0];
    if (!coach) throw new AppError('VALIDATION', { fields: [{ field: 'coachId', message: 'validation.unknown_coach' }] });
    overCapacity = coach.load >= coach.maxLoad;
    if (overCapacity && !input.allowOverCapacity) throw new AppError('VALIDATION', { fields: [{ field: 'allowOverCapacity', message: 'coaches.over_capacity' }] });
  }
  if (await referenceTaken(tx, actor, input.reference)) {
    throw new AppError('VALIDATION', { fields: [{ field: 'reference', message: 'validation.reference_taken' }] });
  }
  const duplicates = await probableDuplicates(tx, caller, input.members);
  if (!input.allowDuplicate && duplicates.shown.length) {
    await writeAudit(tx, caller.audit, {
      action: 'household.duplicate_warning', result: 'ok', recordType: 'household',
      detail: { matches: duplicates.shown.length, ...(duplicates.outside.length ? { outsideScopeHouseholdIds: duplicates.outside.join(',') } : {}) },
    });
    return { ok: false, error: 'DUPLICATES', duplicates: duplicates.shown };
  }

  const created = rowsOf<{ id: string }>(
    await tx.execute(sql`insert into households (organisation_id, reference, municipality_code, housing_date, coa_link_date,
                           benefit_start_date, address_line, postcode, city)
                         values (${actor.organisationId}, ${input.reference}, ${input.municipalityCode}, ${input.housingDate ?? null},
                           ${input.coaLinkDate ?? null}, ${input.benefitStartDate ?? null}, ${input.addressLine ?? null},
                           ${input.postcode ?? null}, ${input.city ?? null})
                         returning id`),
  );
  const id = created[0]!.id;
  for (const member of input.members) await insertMember(tx, caller, id, member);
  if (input.coachId) {
    await tx.execute(sql`insert into coach_assignments (organisation_id, household_id, coach_id, assigned_by)
                         values (${actor.organisationId}, ${id}, ${input.coachId}, ${actor.userId})`);
  }
  await writeAudit(tx, caller.audit, {
    action: 'household.create',
    result: 'ok',
    recordType: 'household',
    recordId: id,
    subjectHouseholdId: id,
    detail: {
      members: input.members.length,
      duplicateConfirmed: input.allowDuplicate && duplicates.shown.length > 0,
      // Probable duplicates (ids only), those outside the caller's scope included, so the coordinator finds and merges them.
      ...(duplicates.all.length ? { probableDuplicateHouseholdIds: duplicates.all.join(',') } : {}),
      ...(input.coachId ? { coachId: input.coachId, overCapacity } : {}),
    },
  });
  // The trajectory starts on the housing date (issue 3); without one it starts when the date is set.
  if (input.housingDate) await startTrajectories(tx, caller, [id]);
  return found({ id });
}

/**
 * Probable duplicates of the new people, split by the caller's scope (AUTH-LISTS): `shown` inside it (named, and
 * blocking until confirmed), `outside` the household ids beyond it (never shown, never blocking), `all` both.
 */
async function probableDuplicates(tx: Tx, caller: Caller, members: MemberInput[]): Promise<{ shown: DuplicateWarning[]; outside: string[]; all: string[] }> {
  const hits = await findProbableDuplicates(tx, caller.actor.organisationId, members);
  if (hits.size === 0) return { shown: [], outside: [], all: [] };
  const ids = [...new Set([...hits.values()].flat().map((h) => h.householdId))];
  const visible = new Set(
    rowsOf<{ id: string }>(
      await tx.execute(sql`select h.id from households h where h.id = any(${sql.param(ids)}::uuid[]) and ${householdScope(caller.actor)}`),
    ).map((r) => r.id),
  );
  const shown: DuplicateWarning[] = [];
  for (const [member, list] of hits) {
    for (const hit of list) if (visible.has(hit.householdId)) shown.push({ member, ...hit });
  }
  return { shown, outside: ids.filter((id) => !visible.has(id)), all: ids };
}

const MEMBER_COLUMN: Record<string, string> = {
  givenNames: 'given_names',
  familyName: 'family_name',
  originalName: 'original_name',
  dateOfBirth: 'date_of_birth',
  birthPrecision: 'birth_precision',
  relation: 'relation',
  sex: 'sex',
  countryOfOrigin: 'country_of_origin',
  dutchLevel: 'dutch_level',
  interpreterLanguage: 'interpreter_language',
  targetGroup: 'target_group',
  phone: 'phone',
  email: 'email',
  statusDate: 'status_date',
  duoNoticeDate: 'duo_notice_date',
  pipDate: 'pip_date',
  learningRoute: 'learning_route',
};
const DATE_COLUMNS = new Set(['date_of_birth', 'status_date', 'duo_notice_date', 'pip_date', 'coa_link_date', 'housing_date', 'benefit_start_date']);

function valueSql(column: string, value: unknown): SQL {
  if (value === null || value === undefined) return sql`null`;
  return DATE_COLUMNS.has(column) ? sql`${value}::date` : sql`${value}`;
}

export async function insertMember(tx: Tx, caller: Caller, householdId: string, member: MemberInput): Promise<string> {
  const columns = Object.entries(MEMBER_COLUMN).filter(([key]) => (member as Record<string, unknown>)[key] !== undefined);
  const rows = rowsOf<{ id: string }>(
    await tx.execute(sql`
      insert into household_members (household_id, organisation_id, languages, name_key,
        ${sql.join(columns.map(([, column]) => sql.raw(column)), sql`, `)})
      values (${householdId}, ${caller.actor.organisationId}, ${`{${member.languages.join(',')}}`}::text[],
        ${nameKey(member.givenNames, member.familyName)},
        ${sql.join(columns.map(([key, column]) => valueSql(column, (member as Record<string, unknown>)[key])), sql`, `)})
      returning id`),
  );
  const id = rows[0]!.id;
  if (member.bsn || member.vNumber) {
    await tx.execute(sql`insert into member_identifiers (member_id, organisation_id, household_id, bsn, v_number)
                         values (${id}, ${caller.actor.organisationId}, ${householdId}, ${member.bsn ?? null}, ${member.vNumber ?? null})`);
  }
  return id;
}

/** Add a member to a household the caller may edit. */
export async function addMember(tx: Tx, caller: Caller, householdId: string, member: MemberInput): Promise<Outcome<{ id: string }>> {
  const visible = await visibleHousehold(tx, caller, householdId);
  if (!visible) return notFound();
  if (!visible.permissions.canUpdate) {
    await auditForbidden(tx, caller, householdId, 'household.update');
    return forbidden();
  }
  if (hasIdentity(member) && !visible.permissions.canWriteIdentity) {
    await auditForbidden(tx, caller, householdId, 'identity.write');
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

const HOUSEHOLD_COLUMN: Record<string, string> = {
  reference: 'reference',
  municipalityCode: 'municipality_code',
  addressLine: 'address_line',
  postcode: 'postcode',
  city: 'city',
  coaLinkDate: 'coa_link_date',
  housingDate: 'housing_date',
  benefitStartDate: 'benefit_start_date',
};

type HouseholdPatch = Omit<HouseholdUpdateInput, 'version'>;
type MemberPatch = Omit<MemberUpdateInput, 'version'>;

/** What one edit of the dossier changes; everything in it commits together under one version (REL-LOCK). */
export interface HouseholdEdit {
  version: number;
  household?: HouseholdPatch;
  members?: { id: string; patch: MemberPatch }[];
  newMembers?: MemberInput[];
}

/**
 * Save an edit of a household and (some of) its members. The version the editor read must still be the
 * household's; otherwise nothing changes and the answer is a conflict carrying the household as it is now.
 */
export async function editHousehold(tx: Tx, caller: Caller, householdId: string, edit: HouseholdEdit): Promise<Outcome<{ id: string; version: number }>> {
  const visible = await visibleHousehold(tx, caller, householdId);
  if (!visible) return notFound();
  const { permissions } = visible;
  if (!permissions.canUpdate) {
    await auditForbidden(tx, caller, householdId, 'household.update');
    return forbidden();
  }
  const writesIdentity = (edit.members ?? []).some((m) => hasIdentity(m.patch)) || (edit.newMembers ?? []).some(hasIdentity);
  if (writesIdentity && !permissions.canWriteIdentity) {
    // AUTH-FIELDS: a forbidden field refuses the whole edit; nothing changes.
    await auditForbidden(tx, caller, householdId, 'identity.write');
    return forbidden();
  }
  const patch = edit.household ?? {};
  if (patch.municipalityCode && !(await municipalityServed(tx, caller.actor, patch.municipalityCode))) {
    throw new AppError('VALIDATION', { fields: [{ field: 'municipalityCode', message: 'validation.municipality_not_served' }] });
  }
  if (patch.reference && (await referenceTaken(tx, caller.actor, patch.reference, householdId))) {
    throw new AppError('VALIDATION', { fields: [{ field: 'reference', message: 'validation.reference_taken' }] });
  }
  const memberIds = (edit.members ?? []).map((m) => m.id);
  if (memberIds.length) {
    // An id that is not a UUID names no member: the same 404 as an unknown one (never a database error).
    if (!memberIds.every((id) => isUuid(id))) return notFound();
    const own = rowsOf<{ n: number }>(
      await tx.execute(sql`select count(*)::int as n from household_members
                            where household_id = ${householdId} and id = any(${sql.param(memberIds)}::uuid[])`),
    );
    if (own[0]!.n !== new Set(memberIds).size) return notFound();
  }

  // The version check and the bump in one statement: of concurrent writers with the same version exactly one wins.
  const sets = Object.entries(HOUSEHOLD_COLUMN)
    .filter(([key]) => (patch as Record<string, unknown>)[key] !== undefined)
    .map(([key, column]) => sql`${sql.raw(column)} = ${valueSql(column, (patch as Record<string, unknown>)[key])}`);
  const updated = rowsOf<{ version: number; housingDate: string | null }>(
    await tx.execute(sql`update households set ${sql.join([...sets, sql`version = version + 1`, sql`updated_at = now()`], sql`, `)}
                          where id = ${householdId} and version = ${edit.version}
                          returning version, housing_date::text as "housingDate"`),
  );
  if (updated.length === 0) return conflict(await loadHousehold(tx, caller, householdId, permissions));

  for (const member of edit.members ?? []) await patchMember(tx, caller, householdId, member.id, member.patch);
  const created: string[] = [];
  for (const member of edit.newMembers ?? []) created.push(await insertMember(tx, caller, householdId, member));

  const fields = Object.keys(patch).filter((k) => (patch as Record<string, unknown>)[k] !== undefined);
  if (fields.length || !edit.members?.length) {
    await writeAudit(tx, caller.audit, {
      action: 'household.update', result: 'ok', recordType: 'household', recordId: householdId, subjectHouseholdId: householdId,
      detail: { fields: fields.join(',') },
    });
  }
  for (const member of edit.members ?? []) {
    await writeAudit(tx, caller.audit, {
      action: 'member.update', result: 'ok', recordType: 'household_member', recordId: member.id, subjectHouseholdId: householdId, subjectPersonId: member.id,
      // Which fields, never their values (LOG-CLEAN); identity numbers only as "changed".
      detail: { fields: Object.keys(member.patch).filter((k) => (member.patch as Record<string, unknown>)[k] !== undefined).join(',') },
    });
  }
  for (const id of created) {
    await writeAudit(tx, caller.audit, { action: 'member.create', result: 'ok', recordType: 'household_member', recordId: id, subjectHouseholdId: householdId, subjectPersonId: id });
  }
  if (updated[0]!.housingDate) await startTrajectories(tx, caller, [householdId]);
  return found({ id: householdId, version: updated[0]!.version });
}

async function patchMember(tx: Tx, caller: Caller, householdId: string, memberId: string, patch: MemberPatch): Promise<void> {
  const p = patch as Record<string, unknown>;
  const sets = Object.entries(MEMBER_COLUMN)
    .filter(([key]) => p[key] !== undefined)
    .map(([key, column]) => sql`${sql.raw(column)} = ${valueSql(column, p[key])}`);
  if (patch.languages !== undefined) sets.push(sql`languages = ${`{${patch.languages.join(',')}}`}::text[]`);
  if (patch.givenNames !== undefined || patch.familyName !== undefined) {
    const current = rowsOf<{ givenNames: string; familyName: string }>(
      await tx.execute(sql`select given_names as "givenNames", family_name as "familyName" from household_members where id = ${memberId}`),
    )[0]!;
    sets.push(sql`name_key = ${nameKey(patch.givenNames ?? current.givenNames, patch.familyName ?? current.familyName)}`);
  }
  if (sets.length) await tx.execute(sql`update household_members set ${sql.join(sets, sql`, `)} where id = ${memberId} and household_id = ${householdId}`);
  if (hasIdentity(patch)) {
    const bsn = patch.bsn === undefined ? sql`member_identifiers.bsn` : sql`${patch.bsn}`;
    const vNumber = patch.vNumber === undefined ? sql`member_identifiers.v_number` : sql`${patch.vNumber}`;
    await tx.execute(sql`insert into member_identifiers (member_id, organisation_id, household_id, bsn, v_number)
                         values (${memberId}, ${caller.actor.organisationId}, ${householdId}, ${patch.bsn ?? null}, ${patch.vNumber ?? null})
                         on conflict (member_id) do update set bsn = ${bsn}, v_number = ${vNumber}`);
    await tx.execute(sql`delete from member_identifiers where member_id = ${memberId} and bsn is null and v_number is null`);
  }
}

/** PATCH of the household's own facts. */
export function updateHousehold(tx: Tx, caller: Caller, householdId: string, input: HouseholdUpdateInput) {
  const { version, ...household } = input;
  return editHousehold(tx, caller, householdId, { version, household });
}

/** PATCH of one member, under the household's version. */
export function updateMember(tx: Tx, caller: Caller, householdId: string, memberId: string, input: MemberUpdateInput) {
  const { version, ...patch } = input;
  return editHousehold(tx, caller, householdId, { version, members: [{ id: memberId, patch }] });
}

export type { HouseholdPermissions };
