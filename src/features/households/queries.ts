import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import { forbidden, found, notFound, offsetOf, type Caller, type Outcome, type Page, type Paged } from '../../platform/context.ts';
import { can, householdVisible, noteVisibleSql, type HouseholdRelation } from '../../platform/policy.ts';
import { FILE_CLOSED, householdScope, relationColumns } from './scope.ts';
import { DEFAULT_POP_WITHIN_WEEKS, householdDeadlines, isPopAdult, memberDeadlines, popDeadlineState, type Deadline, type LocalTargets } from './deadlines.ts';
import { findProbableDuplicates } from './duplicates.ts';
import { maskIdentity, type MaskedIdentity } from './identity.ts';
import type { BirthPrecision, DutchLevel, LearningRoute, PyramidLayer, Sex, TargetGroup } from './schema.ts';
import { isUuid } from '../../platform/validation.ts';
import { todayIso } from '../../platform/dates.ts';

/**
 * The display name of the household's coach (alias `h`), for the caseload and the dossier alike: the active one,
 * or for a closed file (whose assignment ended when it was closed) the last one.
 */
const ACTIVE_COACH_NAME = sql`(select u.display_name from coach_assignments ca join users u on u.id = ca.coach_id
  where ca.household_id = h.id and (ca.ended_at is null or ${FILE_CLOSED})
  order by ca.ended_at is null desc, ca.ended_at desc, ca.started_at desc limit 1)`;

export interface CaseloadItem {
  id: string;
  reference: string;
  municipalityCode: string;
  municipalityName: string;
  housingDate: string | null;
  memberCount: number;
  headName: string | null;
  coachName: string | null;
  lastContactOn: string | null;
}

/** "Mijn huishoudens": the households the caller may see, filtered and counted in SQL (AUTH-LISTS). */
export async function listCaseload(tx: Tx, caller: Caller, page: Page, search?: string): Promise<Outcome<Paged<CaseloadItem>>> {
  if (!can(caller.actor, 'household.list')) {
    await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'denied', recordType: 'household', detail: { attempted: 'household.list' } });
    return forbidden();
  }
  const scope = householdScope(caller.actor);
  const term = search?.trim() ? `%${search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const searchSql = term
    ? sql`and (h.reference ilike ${term} or exists (select 1 from household_members m
              where m.household_id = h.id and (m.family_name ilike ${term} or m.given_names ilike ${term})))`
    : sql``;
  const totalRows = rowsOf<{ total: number }>(
    await tx.execute(sql`select count(*)::int as total from households h where ${scope} ${searchSql}`),
  );
  const items = rowsOf<CaseloadItem>(
    await tx.execute(sql`
      select h.id, h.reference, h.municipality_code as "municipalityCode", mu.name as "municipalityName",
             h.housing_date::text as "housingDate",
             (select count(*)::int from household_members m where m.household_id = h.id) as "memberCount",
             (select m.given_names || ' ' || m.family_name from household_members m
               where m.household_id = h.id order by (m.relation = 'head') desc, m.date_of_birth nulls last limit 1) as "headName",
             ${ACTIVE_COACH_NAME} as "coachName",
             (select max(n.occurred_on)::text from journal_notes n
               where n.household_id = h.id and ${noteVisibleSql(caller.actor)}) as "lastContactOn"
        from households h join municipalities mu on mu.code = h.municipality_code
       where ${scope} ${searchSql}
       order by h.reference
       limit ${page.pageSize} offset ${offsetOf(page)}`),
  );
  const total = totalRows[0]?.total ?? 0;
  await writeAudit(tx, caller.audit, {
    action: term ? 'household.search' : 'household.list',
    result: 'ok',
    recordType: 'household',
    detail: { page: page.page, returned: items.length, total },
  });
  return found({ items, total, page: page.page, pageSize: page.pageSize });
}

async function householdRelation(tx: Tx, caller: Caller, householdId: string): Promise<HouseholdRelation | null> {
  const rows = rowsOf<HouseholdRelation>(
    await tx.execute(sql`select ${relationColumns(caller.actor)} from households h where h.id = ${householdId}`),
  );
  return rows[0] ?? null;
}

export interface HouseholdPermissions {
  /** The trajectory is closed: the file is read-only (every can* write above is false) and its retention runs. */
  fileClosed: boolean;
  canReadJournal: boolean;
  canWriteNote: boolean;
  canWriteSensitiveNote: boolean;
  canUpdate: boolean;
  /** AUTH-BSN / AUTH-FIELDS: identity numbers (masked) are shown and may be written. */
  canReadIdentity: boolean;
  canWriteIdentity: boolean;
  canMerge: boolean;
  canManageTrajectory: boolean;
  canUpdateChecklist: boolean;
  /** Plans (issue 4): read and write goals, actions, scores, evaluations, the pyramid layer. */
  canReadPlan: boolean;
  canWritePlan: boolean;
  /** Mark plan parts sensitive or shared with the volunteer (AUTH-FIELDS); approve or reject a plan. */
  canWriteSensitivePlan: boolean;
  canApprovePlan: boolean;
  /** The legal backbone beside the plan: PIP goals, PVT, MAP, KNM and exams. */
  canReadInburgering: boolean;
  canUpdateInburgering: boolean;
}

/** A deadline as shown: computed from the dates (deadlines.ts), with whether it has passed unmet. */
export interface DeadlineView extends Deadline {
  overdue: boolean;
  /** The date lies in the past (for an end date: it has ended). */
  passed: boolean;
}

export interface MemberView {
  id: string;
  givenNames: string;
  familyName: string;
  /** The name in the person's own script; shown with dir="auto". */
  originalName: string | null;
  dateOfBirth: string | null;
  birthPrecision: BirthPrecision;
  relation: string;
  sex: Sex;
  countryOfOrigin: string | null;
  languages: string[];
  dutchLevel: DutchLevel | null;
  interpreterLanguage: string | null;
  targetGroup: TargetGroup | null;
  phone: string | null;
  email: string | null;
  statusDate: string | null;
  duoNoticeDate: string | null;
  pipDate: string | null;
  learningRoute: LearningRoute | null;
  pyramidLayer: PyramidLayer;
  /** Present only for who may read identity numbers (AUTH-FIELDS: absent, not null, for everyone else); masked. */
  identity?: MaskedIdentity;
  deadlines: DeadlineView[];
}

export interface HouseholdView {
  id: string;
  reference: string;
  municipalityCode: string;
  municipalityName: string;
  addressLine: string | null;
  postcode: string | null;
  city: string | null;
  coaLinkDate: string | null;
  housingDate: string | null;
  benefitStartDate: string | null;
  coachName: string | null;
  version: number;
  /** The municipality's local targets as configured by the household's organisation. */
  targets: LocalTargets;
  deadlines: DeadlineView[];
  members: MemberView[];
  /** For who may merge: other households with a probable duplicate of one of these members. */
  possibleDuplicates?: { householdId: string; reference: string }[];
  permissions: HouseholdPermissions;
}


/**
 * Resolve a household the caller may see, or null. A foreign id and a non-existent id both give null,
 * and both are audited as a denied access in the caller's (committed) transaction (AUTH-HIDE).
 */
export async function visibleHousehold(
  tx: Tx,
  caller: Caller,
  householdId: string,
): Promise<{ relation: HouseholdRelation; permissions: HouseholdPermissions } | null> {
  const relation = isUuid(householdId) ? await householdRelation(tx, caller, householdId) : null;
  if (!relation || !householdVisible(caller.actor, relation) || !can(caller.actor, 'household.read', relation)) {
    await writeAudit(tx, caller.audit, {
      action: 'access.denied',
      result: 'not_found',
      recordType: 'household',
      recordId: isUuid(householdId) ? householdId : undefined,
      subjectHouseholdId: isUuid(householdId) ? householdId : undefined,
    });
    return null;
  }
  return {
    relation,
    permissions: {
      fileClosed: relation.fileClosed,
      canReadJournal: can(caller.actor, 'journal.read', relation),
      canWriteNote: can(caller.actor, 'journal.create', relation),
      canWriteSensitiveNote: can(caller.actor, 'journal.create_sensitive', relation),
      canUpdate: can(caller.actor, 'household.update', relation),
      canReadIdentity: can(caller.actor, 'identity.read', relation),
      canWriteIdentity: can(caller.actor, 'identity.write', relation),
      canMerge: can(caller.actor, 'household.merge') && relation.sameOrganisation && !relation.fileClosed,
      canManageTrajectory: can(caller.actor, 'trajectory.manage', relation),
      canUpdateChecklist: can(caller.actor, 'checklist.update', relation),
      canReadPlan: can(caller.actor, 'plan.read', relation),
      canWritePlan: can(caller.actor, 'plan.write', relation),
      canWriteSensitivePlan: can(caller.actor, 'plan.write_sensitive', relation),
      canApprovePlan: can(caller.actor, 'plan.approve', relation),
      canReadInburgering: can(caller.actor, 'inburgering.read', relation),
      canUpdateInburgering: can(caller.actor, 'inburgering.update', relation),
    },
  };
}

const MEMBER_COLUMNS = sql`m.id, m.given_names as "givenNames", m.family_name as "familyName", m.original_name as "originalName",
  m.date_of_birth::text as "dateOfBirth", m.birth_precision as "birthPrecision", m.relation, m.sex,
  m.country_of_origin as "countryOfOrigin", m.languages, m.dutch_level as "dutchLevel",
  m.interpreter_language as "interpreterLanguage", m.target_group as "targetGroup", m.phone, m.email,
  m.status_date::text as "statusDate", m.duo_notice_date::text as "duoNoticeDate", m.pip_date::text as "pipDate",
  m.learning_route as "learningRoute", m.pyramid_layer as "pyramidLayer"`;

/** The members of a household, without identity numbers and deadlines (those need the caller and the targets). */
export async function listMembers(tx: Tx, householdId: string): Promise<Omit<MemberView, 'deadlines' | 'identity'>[]> {
  return rowsOf<Omit<MemberView, 'deadlines' | 'identity'>>(
    await tx.execute(sql`
      select ${MEMBER_COLUMNS}
        from household_members m where m.household_id = ${householdId}
       order by case m.relation when 'head' then 0 when 'partner' then 1 when 'other' then 2 else 3 end,
                m.date_of_birth nulls last, m.id`),
  );
}

/** Identity numbers of a household's members, for code paths that checked identity.read/write first. */
export async function identityRows(tx: Tx, householdId: string): Promise<Map<string, { bsn: string | null; vNumber: string | null }>> {
  const rows = rowsOf<{ memberId: string; bsn: string | null; vNumber: string | null }>(
    await tx.execute(sql`select member_id as "memberId", bsn, v_number as "vNumber" from member_identifiers where household_id = ${householdId}`),
  );
  return new Map(rows.map((r) => [r.memberId, { bsn: r.bsn, vNumber: r.vNumber }]));
}

const DEFAULT_TARGETS: LocalTargets = { keysWithinWeeks: 13, popWithinWeeks: DEFAULT_POP_WITHIN_WEEKS };

export const today = todayIso;

/** Deadlines someone must meet; the others (end of ontzorgen, end of the integration term) simply pass. */
const TO_MEET: ReadonlySet<Deadline['kind']> = new Set(['pip_due', 'keys_target', 'pop_due']);

function withOverdue(deadlines: Deadline[], on: string): DeadlineView[] {
  return deadlines.map((d) => ({ ...d, overdue: TO_MEET.has(d.kind) && !d.met && d.on < on, passed: d.on < on }));
}

/**
 * The POP deadline's state (deadlines.ts popDeadlineState): the adults on the housing date and the established
 * date of each one's POP of the latest trajectory. Only for who may read plans (a regisseur reads no plans: the
 * deadline is left out for her rather than shown as missed). Its SQL twin is the POP arm of "Mijn werk", held equal
 * by tests/integration/worklist.test.ts.
 */
async function popState(tx: Tx, householdId: string, housingDate: string, members: { id: string; dateOfBirth: string | null; relation: string }[]): Promise<{ met: boolean; metOn: string | null } | null> {
  const pops = rowsOf<{ memberId: string; establishedOn: string | null }>(
    await tx.execute(sql`
      select p.member_id as "memberId", p.established_on::text as "establishedOn" from plans p
       where p.kind = 'personal' and p.trajectory_id = (select t.id from trajectories t where t.household_id = ${householdId}
                                                         order by t.started_on desc, t.created_at desc limit 1)`),
  );
  const established = new Map(pops.map((p) => [p.memberId, p.establishedOn]));
  const adults = members.filter((m) => isPopAdult(m, housingDate));
  // No adult in the household: nobody gets a POP, so there is no POP deadline to meet or miss.
  if (adults.length === 0) return null;
  return popDeadlineState(adults.map((m) => established.get(m.id) ?? null));
}

/** The household row with its members as the caller may see them: no audit, no visibility check (callers did that). */
export async function loadHousehold(tx: Tx, caller: Caller, householdId: string, permissions: HouseholdPermissions): Promise<HouseholdView> {
  const rows = rowsOf<Omit<HouseholdView, 'members' | 'permissions' | 'deadlines' | 'targets'> & { keysWithinWeeks: number | null; popWithinWeeks: number | null }>(
    await tx.execute(sql`
      select h.id, h.reference, h.municipality_code as "municipalityCode", mu.name as "municipalityName",
             h.address_line as "addressLine", h.postcode, h.city, h.coa_link_date::text as "coaLinkDate",
             h.housing_date::text as "housingDate", h.benefit_start_date::text as "benefitStartDate", h.version,
             ${ACTIVE_COACH_NAME} as "coachName",
             om.keys_within_weeks as "keysWithinWeeks", om.pop_within_weeks as "popWithinWeeks"
        from households h join municipalities mu on mu.code = h.municipality_code
        left join organisation_municipalities om on om.organisation_id = h.organisation_id and om.municipality_code = h.municipality_code
       where h.id = ${householdId}`),
  );
  const { keysWithinWeeks, popWithinWeeks, ...household } = rows[0]!;
  // A regisseur cannot read another organisation's configuration: she sees the deadlines by the default targets.
  const targets: LocalTargets = keysWithinWeeks && popWithinWeeks ? { keysWithinWeeks, popWithinWeeks } : DEFAULT_TARGETS;
  const now = today();
  const identities = permissions.canReadIdentity ? await identityRows(tx, householdId) : null;
  const memberRows = await listMembers(tx, householdId);
  const members: MemberView[] = memberRows.map((m) => ({
    ...m,
    // The key is only there for who may read it (AUTH-FIELDS): absent for everyone else.
    ...(identities ? { identity: maskIdentity(identities.get(m.id)) } : {}),
    deadlines: withOverdue(memberDeadlines(m, household, targets), now),
  }));
  const pop = permissions.canReadPlan && household.housingDate ? await popState(tx, householdId, household.housingDate, memberRows) : null;
  return { ...household, targets, deadlines: withOverdue(householdDeadlines(household, targets, pop), now), members, permissions };
}

/** Open a dossier: one audited read (LOG-READ), or null exactly as for an id that does not exist. */
export async function readHousehold(tx: Tx, caller: Caller, householdId: string): Promise<Outcome<HouseholdView>> {
  const visible = await visibleHousehold(tx, caller, householdId);
  if (!visible) return notFound();
  const view = await loadHousehold(tx, caller, householdId, visible.permissions);
  if (visible.permissions.canMerge) {
    const hits = await findProbableDuplicates(tx, caller.actor.organisationId, view.members, { excludeHouseholdId: householdId });
    const seen = new Map<string, { householdId: string; reference: string }>();
    for (const list of hits.values()) for (const hit of list) seen.set(hit.householdId, hit);
    view.possibleDuplicates = [...seen.values()];
  }
  await writeAudit(tx, caller.audit, {
    action: 'household.read',
    result: 'ok',
    recordType: 'household',
    recordId: householdId,
    subjectHouseholdId: householdId,
  });
  return found(view);
}

/** Audit a visible record with a forbidden action; the route answers 403 (AUTH-HIDE). */
export async function auditForbidden(tx: Tx, caller: Caller, householdId: string, attempted: string): Promise<void> {
  await writeAudit(tx, caller.audit, {
    action: 'access.denied',
    result: 'denied',
    recordType: 'household',
    recordId: householdId,
    subjectHouseholdId: householdId,
    detail: { attempted },
  });
}
