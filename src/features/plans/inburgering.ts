import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import type { AuditAction } from '../../platform/audit/events.ts';
import { conflict, forbidden, found, notFound, type Caller, type Outcome } from '../../platform/context.ts';
import { isoDate } from '../../platform/validation.ts';
import { auditForbidden, integrationTermEnds, pipDue, visibleHousehold, type HouseholdPermissions } from '../households/index.ts';
import type { LearningRoute, TargetGroup } from '../households/schema.ts';
import { isUuid, type PlanAccess } from './access.ts';
import { EXAM_LEVELS, EXAM_SKILLS, MILESTONE_KINDS, MILESTONE_RESULTS, type ExamLevel, type ExamSkill, type MilestoneKind, type MilestoneResult } from './schema.ts';
import { todayIso } from '../../platform/dates.ts';

// The legal backbone beside the plan (Wet inburgering 2021): the municipality's PIP with its goals, the learning
// route, and the milestones PVT, MAP, KNM and the exams per skill. The municipality's regisseur reads it for her
// residents; the coach and the organisation's professionals keep it up to date.

/**
 * Audit kinds of this feature. They belong in AUDIT_ACTIONS (platform/audit/events.ts, the lead's file); the
 * cast keeps the type check green until they are listed there.
 */
export const INBURGERING_AUDIT = {
  read: 'inburgering.read',
  milestoneCreate: 'inburgering.milestone_create',
  milestoneUpdate: 'inburgering.milestone_update',
  milestoneDelete: 'inburgering.milestone_delete',
  pipGoalCreate: 'inburgering.pip_goal_create',
  pipGoalDelete: 'inburgering.pip_goal_delete',
} as const satisfies Record<string, AuditAction>;

/** Asylum status holders take each exam twice for free (DOMAIN.md); other target groups pay themselves. */
export const FREE_EXAM_ATTEMPTS = 2;
/** The MAP ends after at least 40 hours of practice; the PVT takes at least 12 hours (Wet inburgering 2021). */
export const MAP_MIN_HOURS = 40;
export const PVT_MIN_HOURS = 12;
export const MAX_HOURS = 2000;

export interface MilestoneView {
  id: string;
  kind: MilestoneKind;
  skill: ExamSkill | null;
  level: ExamLevel | null;
  date: string | null;
  result: MilestoneResult;
  hours: number | null;
  version: number;
  recordedByName: string | null;
  updatedAt: string;
}

export interface PipGoalView {
  id: string;
  text: string;
  createdAt: string;
}

export interface ExamSkillSummary {
  skill: ExamSkill;
  /** Attempts taken: exams of this skill with a result (passed or failed). */
  attempts: number;
  passed: boolean;
  /** The latest exam of this skill (by date), or null. */
  latest: MilestoneView | null;
  /** Free attempts left for an asylum status holder; null for other target groups (nothing to show). */
  freeAttemptsLeft: number | null;
}

export interface InburgeringView {
  householdId: string;
  householdReference: string;
  memberId: string;
  memberName: string;
  /** The given names, for sentences about the person ("Een asielstatushouder …: dat geldt ook voor Amal"). */
  firstName: string;
  /** The name in the person's own script (shown with dir="auto"). */
  originalName: string | null;
  targetGroup: TargetGroup | null;
  learningRoute: LearningRoute | null;
  duoNoticeDate: string | null;
  /** The PIP must be set by this date (10 weeks after DUO's notice), or null without a notice date. */
  pipDueOn: string | null;
  pipDate: string | null;
  /** The integration term ends three years after the PIP. */
  integrationTermEndsOn: string | null;
  pipGoals: PipGoalView[];
  /** PVT, MAP, KNM, then exams per skill; oldest first within a kind. */
  milestones: MilestoneView[];
  exams: ExamSkillSummary[];
  /** Whether the free attempts rule applies to this person (asylum status holder). */
  freeAttempts: boolean;
  /** May add, change and delete milestones and PIP goals now (permission, and the file is open). */
  canUpdate: boolean;
  fileClosed: boolean;
  /** The caller may read the plan (not the municipality's regisseur): pages link to it. */
  canReadPlan: boolean;
}

const KIND_ORDER = sql.raw(`case m.kind when 'pvt' then 0 when 'map' then 1 when 'knm' then 2 else 3 end`);
const SKILL_ORDER = sql.raw(`case m.skill when 'lezen' then 0 when 'luisteren' then 1 when 'schrijven' then 2 when 'spreken' then 3 else 4 end`);

async function loadMilestones(tx: Tx, where: ReturnType<typeof sql>): Promise<MilestoneView[]> {
  const rows = rowsOf<MilestoneView & { updatedAt: string | Date }>(await tx.execute(sql`
    select m.id, m.kind, m.skill, m.level, m.date::text as date, m.result, m.hours, m.version,
           u.display_name as "recordedByName", m.updated_at as "updatedAt"
      from inburgering_milestones m left join users u on u.id = m.recorded_by
     where ${where}
     order by ${KIND_ORDER}, ${SKILL_ORDER}, m.date nulls last, m.created_at, m.id`));
  return rows.map((r) => ({ ...r, updatedAt: new Date(r.updatedAt).toISOString() }));
}

/**
 * Per skill: attempts with a result, whether it is passed, and for an asylum status holder the free attempts
 * left (the first two attempts are free; a passed or failed exam counts as an attempt, a planned one does not).
 */
export function examSummary(targetGroup: TargetGroup | null, milestones: readonly MilestoneView[]): ExamSkillSummary[] {
  const free = targetGroup === 'asielstatushouder';
  return EXAM_SKILLS.map((skill) => {
    const exams = milestones.filter((m) => m.kind === 'exam' && m.skill === skill);
    const attempts = exams.filter((m) => m.result === 'passed' || m.result === 'failed').length;
    // Undated (planned, no date yet) sorts last: it is the next attempt.
    const dated = [...exams].sort((a, b) => (a.date ?? '9999-12-31').localeCompare(b.date ?? '9999-12-31'));
    return {
      skill,
      attempts,
      passed: exams.some((m) => m.result === 'passed'),
      latest: dated.at(-1) ?? null,
      freeAttemptsLeft: free ? Math.max(0, FREE_EXAM_ATTEMPTS - attempts) : null,
    };
  });
}

/** The view of one person's inburgering, without access checks or audit (the callers did both). */
async function loadView(tx: Tx, householdId: string, memberId: string, permissions: HouseholdPermissions): Promise<InburgeringView | null> {
  const member = rowsOf<{
    memberName: string; firstName: string; originalName: string | null; targetGroup: TargetGroup | null; learningRoute: LearningRoute | null;
    duoNoticeDate: string | null; pipDate: string | null; householdReference: string;
  }>(await tx.execute(sql`
    select m.given_names || ' ' || m.family_name as "memberName", m.given_names as "firstName", m.original_name as "originalName", m.target_group as "targetGroup",
           m.learning_route as "learningRoute", m.duo_notice_date::text as "duoNoticeDate", m.pip_date::text as "pipDate",
           h.reference as "householdReference"
      from household_members m join households h on h.id = m.household_id
     where m.id = ${memberId} and m.household_id = ${householdId}`))[0];
  if (!member) return null;
  const pipGoals = rowsOf<PipGoalView & { createdAt: string | Date }>(await tx.execute(sql`
    select id, text, created_at as "createdAt" from pip_goals where member_id = ${memberId} and household_id = ${householdId}
     order by position, created_at, id`)).map((g) => ({ ...g, createdAt: new Date(g.createdAt).toISOString() }));
  const milestones = await loadMilestones(tx, sql`m.member_id = ${memberId} and m.household_id = ${householdId}`);
  return {
    householdId,
    householdReference: member.householdReference,
    memberId,
    memberName: member.memberName,
    firstName: member.firstName,
    originalName: member.originalName,
    targetGroup: member.targetGroup,
    learningRoute: member.learningRoute,
    duoNoticeDate: member.duoNoticeDate,
    pipDueOn: member.duoNoticeDate ? pipDue(member.duoNoticeDate) : null,
    pipDate: member.pipDate,
    integrationTermEndsOn: member.pipDate ? integrationTermEnds(member.pipDate) : null,
    pipGoals,
    milestones,
    exams: examSummary(member.targetGroup, milestones),
    freeAttempts: member.targetGroup === 'asielstatushouder',
    // inburgering.update is refused on a closed file by the policy already.
    canUpdate: permissions.canUpdateInburgering,
    fileClosed: permissions.fileClosed,
    canReadPlan: permissions.canReadPlan,
  };
}

/**
 * For the plan page beside the POP: the person's inburgering as the plan's reader may see it. No audit of its
 * own (the plan read is audited). Null when the role may not read it or the member is not of this household.
 */
export async function loadInburgering(tx: Tx, _caller: Caller, access: PlanAccess, memberId: string): Promise<InburgeringView | null> {
  if (!access.permissions.canReadInburgering || !isUuid(memberId)) return null;
  return loadView(tx, access.householdId, memberId, access.permissions);
}

interface MemberAccess {
  householdId: string;
  memberId: string;
  permissions: HouseholdPermissions;
}

/**
 * Who reaches one person's inburgering (AUTH-SCOPE, AUTH-HIDE). The household must be visible and the person one
 * of its members — a malformed, unknown or foreign member id answers as a random one (404, audited). Reading
 * needs inburgering.read (the regisseur has it for her residents), writing inburgering.update (403, audited).
 */
export async function inburgeringAccess(tx: Tx, caller: Caller, householdId: string, memberId: string, attempted: 'inburgering.read' | 'inburgering.update'): Promise<Outcome<MemberAccess>> {
  const visible = await visibleHousehold(tx, caller, householdId);
  if (!visible) return notFound();
  const member = isUuid(memberId)
    ? rowsOf<{ id: string }>(await tx.execute(sql`select id from household_members where id = ${memberId} and household_id = ${householdId}`))[0]
    : undefined;
  if (!member) {
    await writeAudit(tx, caller.audit, {
      action: 'access.denied', result: 'not_found', recordType: 'household_member', recordId: isUuid(memberId) ? memberId : undefined,
      subjectHouseholdId: householdId, detail: { attempted },
    });
    return notFound();
  }
  const allowed = attempted === 'inburgering.read' ? visible.permissions.canReadInburgering : visible.permissions.canUpdateInburgering;
  if (!allowed) {
    await auditForbidden(tx, caller, householdId, attempted);
    return forbidden();
  }
  return found({ householdId, memberId, permissions: visible.permissions });
}

/** One person's inburgering page: an audited read (LOG-READ). */
export async function readInburgering(tx: Tx, caller: Caller, householdId: string, memberId: string): Promise<Outcome<InburgeringView>> {
  const access = await inburgeringAccess(tx, caller, householdId, memberId, 'inburgering.read');
  if (!access.ok) return access;
  const view = (await loadView(tx, householdId, memberId, access.value.permissions))!;
  await writeAudit(tx, caller.audit, {
    action: INBURGERING_AUDIT.read, result: 'ok', recordType: 'household_member', recordId: memberId,
    subjectHouseholdId: householdId, subjectPersonId: memberId,
    detail: { milestones: view.milestones.length, pipGoals: view.pipGoals.length },
  });
  return found(view);
}

// ---- input ----

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalDate = z.preprocess(emptyToUndefined, isoDate.optional());
const today = todayIso;

const milestoneShape = {
  kind: z.enum(MILESTONE_KINDS),
  skill: z.preprocess(emptyToUndefined, z.enum(EXAM_SKILLS).optional()),
  level: z.preprocess(emptyToUndefined, z.enum(EXAM_LEVELS).optional()),
  date: optionalDate,
  result: z.preprocess((v) => emptyToUndefined(v) ?? 'planned', z.enum(MILESTONE_RESULTS)),
  hours: z.preprocess(emptyToUndefined, z.coerce.number().int('validation.inburgering_hours').min(0, 'validation.inburgering_hours').max(MAX_HOURS, 'validation.inburgering_hours').optional()),
};

type MilestoneFields = { kind: MilestoneKind; skill?: ExamSkill; level?: ExamLevel; date?: string; result: MilestoneResult; hours?: number };

/** The rules that tie the fields of a milestone together; messages land next to the field they concern. */
function milestoneRules(v: MilestoneFields, ctx: z.RefinementCtx): void {
  if (v.kind === 'exam' && !v.skill) ctx.addIssue({ code: 'custom', path: ['skill'], message: 'validation.inburgering_exam_needs_skill' });
  // The PVT ends with signing and the MAP with a final talk: neither can be failed.
  if ((v.kind === 'pvt' || v.kind === 'map') && v.result === 'failed') ctx.addIssue({ code: 'custom', path: ['result'], message: 'validation.invalid_choice' });
  if (v.result !== 'planned' && !v.date) ctx.addIssue({ code: 'custom', path: ['date'], message: 'validation.inburgering_result_needs_date' });
  if (v.result !== 'planned' && v.date && v.date > today()) ctx.addIssue({ code: 'custom', path: ['date'], message: 'validation.date_in_future' });
  if (v.kind === 'map' && v.result === 'passed' && (v.hours === undefined || v.hours < MAP_MIN_HOURS)) {
    ctx.addIssue({ code: 'custom', path: ['hours'], message: 'validation.inburgering_map_hours' });
  }
}

/** A new milestone. Skill and level belong to an exam, hours to the PVT and the MAP; the rest is dropped. */
export const MilestoneInput = z.object(milestoneShape).superRefine(milestoneRules);
export type MilestoneInput = z.infer<typeof MilestoneInput>;

/** A change to a milestone, with the version it was read at (REL-LOCK). */
export const MilestoneUpdateInput = z.object({ ...milestoneShape, version: z.coerce.number().int().min(1) }).superRefine(milestoneRules);
export type MilestoneUpdateInput = z.infer<typeof MilestoneUpdateInput>;

export const MilestoneDeleteInput = z.object({ version: z.coerce.number().int().min(1) });
export type MilestoneDeleteInput = z.infer<typeof MilestoneDeleteInput>;

export const PipGoalInput = z.object({ text: z.string().trim().min(1).max(500) });
export type PipGoalInput = z.infer<typeof PipGoalInput>;

function normalised(input: MilestoneFields) {
  const exam = input.kind === 'exam';
  return {
    skill: exam ? (input.skill ?? null) : null,
    level: exam ? (input.level ?? null) : null,
    hours: input.kind === 'pvt' || input.kind === 'map' ? (input.hours ?? null) : null,
    date: input.date ?? null,
    result: input.result,
  };
}

// ---- writes ----

async function hiddenRecord(tx: Tx, caller: Caller, householdId: string, recordType: string, id: string, attempted: string): Promise<Outcome<never>> {
  await writeAudit(tx, caller.audit, {
    action: 'access.denied', result: 'not_found', recordType, recordId: isUuid(id) ? id : undefined, subjectHouseholdId: householdId, detail: { attempted },
  });
  return notFound();
}

async function loadMilestone(tx: Tx, householdId: string, memberId: string, milestoneId: string): Promise<MilestoneView | null> {
  if (!isUuid(milestoneId)) return null;
  return (await loadMilestones(tx, sql`m.id = ${milestoneId} and m.member_id = ${memberId} and m.household_id = ${householdId}`))[0] ?? null;
}

/** Audit detail without free text (LOG-CLEAN): the kind, skill, level and result are value-list keys. */
function milestoneDetail(m: Pick<MilestoneView, 'kind' | 'skill' | 'level' | 'result' | 'version'>): Record<string, string | number | null> {
  return { kind: m.kind, skill: m.skill, level: m.level, result: m.result, version: m.version };
}

export async function addMilestone(tx: Tx, caller: Caller, householdId: string, memberId: string, input: MilestoneInput): Promise<Outcome<MilestoneView>> {
  const access = await inburgeringAccess(tx, caller, householdId, memberId, 'inburgering.update');
  if (!access.ok) return access;
  const n = normalised(input);
  const id = rowsOf<{ id: string }>(await tx.execute(sql`
    insert into inburgering_milestones (organisation_id, household_id, member_id, kind, skill, level, date, result, hours, recorded_by)
    select h.organisation_id, h.id, ${memberId}, ${input.kind}, ${n.skill}, ${n.level}, ${n.date}, ${n.result}, ${n.hours}, ${caller.actor.userId}
      from households h where h.id = ${householdId}
    returning id`))[0]!.id;
  const view = (await loadMilestone(tx, householdId, memberId, id))!;
  await writeAudit(tx, caller.audit, {
    action: INBURGERING_AUDIT.milestoneCreate, result: 'ok', recordType: 'inburgering_milestone', recordId: id,
    subjectHouseholdId: householdId, subjectPersonId: memberId, detail: milestoneDetail(view),
  });
  return found(view);
}

/** Change a milestone. REL-LOCK: when someone else changed it since it was read, a conflict with it as it is now. */
export async function updateMilestone(tx: Tx, caller: Caller, householdId: string, memberId: string, milestoneId: string, input: MilestoneUpdateInput): Promise<Outcome<MilestoneView>> {
  const access = await inburgeringAccess(tx, caller, householdId, memberId, 'inburgering.update');
  if (!access.ok) return access;
  if (!isUuid(milestoneId)) return hiddenRecord(tx, caller, householdId, 'inburgering_milestone', milestoneId, 'inburgering.update');
  const n = normalised(input);
  const updated = rowsOf<{ id: string }>(await tx.execute(sql`
    update inburgering_milestones set kind = ${input.kind}, skill = ${n.skill}, level = ${n.level}, date = ${n.date}, result = ${n.result},
           hours = ${n.hours}, version = version + 1, recorded_by = ${caller.actor.userId}, updated_at = now()
     where id = ${milestoneId} and member_id = ${memberId} and household_id = ${householdId} and version = ${input.version}
     returning id`));
  const current = await loadMilestone(tx, householdId, memberId, milestoneId);
  if (!current) return hiddenRecord(tx, caller, householdId, 'inburgering_milestone', milestoneId, 'inburgering.update');
  if (updated.length === 0) return conflict(current);
  await writeAudit(tx, caller.audit, {
    action: INBURGERING_AUDIT.milestoneUpdate, result: 'ok', recordType: 'inburgering_milestone', recordId: milestoneId,
    subjectHouseholdId: householdId, subjectPersonId: memberId, detail: milestoneDetail(current),
  });
  return found(current);
}

/** Delete a milestone entered by mistake, at the version read (REL-LOCK: not one someone changed meanwhile). */
export async function deleteMilestone(tx: Tx, caller: Caller, householdId: string, memberId: string, milestoneId: string, input: MilestoneDeleteInput): Promise<Outcome<{ id: string }>> {
  const access = await inburgeringAccess(tx, caller, householdId, memberId, 'inburgering.update');
  if (!access.ok) return access;
  const current = await loadMilestone(tx, householdId, memberId, milestoneId);
  if (!current) return hiddenRecord(tx, caller, householdId, 'inburgering_milestone', milestoneId, 'inburgering.update');
  const deleted = rowsOf<{ id: string }>(await tx.execute(sql`
    delete from inburgering_milestones where id = ${milestoneId} and household_id = ${householdId} and version = ${input.version} returning id`));
  if (deleted.length === 0) return conflict(current);
  await writeAudit(tx, caller.audit, {
    action: INBURGERING_AUDIT.milestoneDelete, result: 'ok', recordType: 'inburgering_milestone', recordId: milestoneId,
    subjectHouseholdId: householdId, subjectPersonId: memberId, detail: milestoneDetail(current),
  });
  return found({ id: milestoneId });
}

export async function addPipGoal(tx: Tx, caller: Caller, householdId: string, memberId: string, input: PipGoalInput): Promise<Outcome<PipGoalView>> {
  const access = await inburgeringAccess(tx, caller, householdId, memberId, 'inburgering.update');
  if (!access.ok) return access;
  const row = rowsOf<PipGoalView & { createdAt: string | Date }>(await tx.execute(sql`
    insert into pip_goals (organisation_id, household_id, member_id, text, position, created_by)
    select h.organisation_id, h.id, ${memberId}, ${input.text},
           coalesce((select max(position) + 1 from pip_goals where member_id = ${memberId}), 0), ${caller.actor.userId}
      from households h where h.id = ${householdId}
    returning id, text, created_at as "createdAt"`))[0]!;
  await writeAudit(tx, caller.audit, {
    action: INBURGERING_AUDIT.pipGoalCreate, result: 'ok', recordType: 'pip_goal', recordId: row.id,
    subjectHouseholdId: householdId, subjectPersonId: memberId,
  });
  return found({ ...row, createdAt: new Date(row.createdAt).toISOString() });
}

/** Remove a PIP goal. An id of another person or household answers as a random one (404, AUTH-HIDE). */
export async function removePipGoal(tx: Tx, caller: Caller, householdId: string, memberId: string, goalId: string): Promise<Outcome<{ id: string }>> {
  const access = await inburgeringAccess(tx, caller, householdId, memberId, 'inburgering.update');
  if (!access.ok) return access;
  if (!isUuid(goalId)) return hiddenRecord(tx, caller, householdId, 'pip_goal', goalId, 'inburgering.update');
  const deleted = rowsOf<{ id: string }>(await tx.execute(sql`
    delete from pip_goals where id = ${goalId} and member_id = ${memberId} and household_id = ${householdId} returning id`));
  if (deleted.length === 0) return hiddenRecord(tx, caller, householdId, 'pip_goal', goalId, 'inburgering.update');
  await writeAudit(tx, caller.audit, {
    action: INBURGERING_AUDIT.pipGoalDelete, result: 'ok', recordType: 'pip_goal', recordId: goalId,
    subjectHouseholdId: householdId, subjectPersonId: memberId,
  });
  return found({ id: goalId });
}

// ---- confirming a delete ----

export type DeleteTarget = { kind: 'milestone'; milestone: MilestoneView } | { kind: 'pip_goal'; goal: PipGoalView };

/**
 * What a delete would remove, for the "Weet u het zeker?" page. Only for who may delete (inburgering.update);
 * an id of another person or household answers as a random one (404, AUTH-HIDE). An audited read (LOG-READ).
 */
export async function readDeleteTarget(tx: Tx, caller: Caller, householdId: string, memberId: string, kind: DeleteTarget['kind'], id: string): Promise<Outcome<{ view: InburgeringView; target: DeleteTarget }>> {
  const access = await inburgeringAccess(tx, caller, householdId, memberId, 'inburgering.update');
  if (!access.ok) return access;
  const recordType = kind === 'milestone' ? 'inburgering_milestone' : 'pip_goal';
  const view = isUuid(id) ? await loadView(tx, householdId, memberId, access.value.permissions) : null;
  const milestone = kind === 'milestone' ? view?.milestones.find((m) => m.id === id) : undefined;
  const goal = kind === 'pip_goal' ? view?.pipGoals.find((g) => g.id === id) : undefined;
  if (!view || (!milestone && !goal)) return hiddenRecord(tx, caller, householdId, recordType, id, 'inburgering.update');
  await writeAudit(tx, caller.audit, {
    action: INBURGERING_AUDIT.read, result: 'ok', recordType, recordId: id,
    subjectHouseholdId: householdId, subjectPersonId: memberId, detail: { purpose: 'confirm_delete' },
  });
  return found({ view, target: milestone ? { kind: 'milestone', milestone } : { kind: 'pip_goal', goal: goal! } });
}
