import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import type { AuditAction } from '../../platform/audit/events.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { conflict, forbidden, found, notFound, type Caller, type Outcome } from '../../platform/context.ts';
import type { Actor } from '../../platform/policy.ts';
import { auditForbidden } from '../households/index.ts';
import { isUuid, partVisible, planWritable, resolvePlan, type PlanAccess, type PlanFacts } from './access.ts';
import { loadPlanConfig } from './config.ts';
import { domainVisible, filterForActor, loadPlanDocument, type PlanDocument, type PlanDomain, type PlanGoal } from './document.ts';
import type { EvaluationInput } from './evaluation-inputs.ts';
import { freezeVersion } from './freeze.ts';
import type { GoalStatus, PlanKind, PlanStatus } from './schema.ts';
import { nextEvaluation, type NextEvaluation } from './schedule.ts';

// Evaluation talks (voortgangsgesprekken): who was there, a new self-reliance score per domain, progress per goal
// and what was agreed, saved in one transaction that also freezes a numbered version of the plan. A volunteer
// works only with the domains and goals she may see (AUTH-FIELDS): a submission that names a hidden one is
// refused whole, exactly as one naming a goal that does not exist (AUTH-HIDE).

/** Audit kinds of evaluations and versions (platform/audit/events.ts). Details never hold free text (LOG-CLEAN). */
export const EVALUATION_AUDIT = {
  list: 'evaluation.list',
  read: 'evaluation.read',
  create: 'evaluation.create',
  versionList: 'plan_version.list',
  versionRead: 'plan_version.read',
  versionCompare: 'plan_version.compare',
} as const satisfies Record<string, AuditAction>;

/** What a page says about the plan an evaluation or version belongs to. */
export interface PlanHeading {
  id: string;
  householdId: string;
  householdReference: string;
  kind: PlanKind;
  memberId: string | null;
  /** The POP's person (full name), or null for the household plan. */
  memberName: string | null;
  status: PlanStatus;
  establishedOn: string | null;
}

export function headingOf(doc: PlanDocument): PlanHeading {
  return {
    id: doc.id, householdId: doc.householdId, householdReference: doc.householdReference, kind: doc.kind,
    memberId: doc.memberId, memberName: doc.memberName, status: doc.status, establishedOn: doc.establishedOn,
  };
}

export interface MemberChoice {
  id: string;
  firstName: string;
}

export interface EvaluationScore {
  domainKey: string;
  /** The organisation's own label, or null for the translated `plan.domain.<key>`. */
  label: string | null;
  score: number;
  /** The score before this talk (intake or an earlier talk), or null. */
  previous: number | null;
}

export interface EvaluationProgress {
  goalId: string;
  domainKey: string;
  /** The goal's text as it is now (the version frozen at the talk holds the text of then). */
  text: string;
  statusBefore: GoalStatus;
  statusAfter: GoalStatus;
  note: string | null;
}

export interface EvaluationView {
  id: string;
  planId: string;
  householdId: string;
  heldOn: string;
  presentMembers: MemberChoice[];
  presentOthers: string | null;
  agreements: string | null;
  recordedByName: string | null;
  createdAt: string;
  /** The plan version frozen by this talk. */
  versionNumber: number | null;
  scores: EvaluationScore[];
  goals: EvaluationProgress[];
}

export interface EvaluationSummary {
  id: string;
  heldOn: string;
  recordedByName: string | null;
  versionNumber: number | null;
  /** Scores and goals this role may see. */
  scores: number;
  goals: number;
}

/**
 * A domain is hidden from a role when she may not read its situation and scores (document.ts domainVisible): a
 * sensitive situation she may not see, or a sensitive-by-default domain nobody wrote a situation for yet.
 */
export function domainHidden(actor: Actor, domain: PlanDomain): boolean {
  return !domainVisible(actor, domain);
}

const toIso = (v: string | Date): string => new Date(v).toISOString();

async function householdMembers(tx: Tx, householdId: string): Promise<MemberChoice[]> {
  return rowsOf<MemberChoice>(await tx.execute(sql`
    select id, split_part(given_names, ' ', 1) as "firstName" from household_members where household_id = ${householdId}
     order by case relation when 'head' then 0 when 'partner' then 1 when 'other' then 2 else 3 end, date_of_birth nulls last, id`));
}

/** One evaluation as `actor` may see it: scores of hidden domains and progress on hidden goals are left out. */
async function loadEvaluation(tx: Tx, actor: Actor, doc: PlanDocument, evaluationId: string): Promise<EvaluationView | null> {
  const head = rowsOf<{ id: string; planId: string; householdId: string; heldOn: string; presentMemberIds: string[] | null; presentOthers: string | null; agreements: string | null; recordedByName: string | null; createdAt: string | Date; versionNumber: number | null }>(
    await tx.execute(sql`
      select e.id, e.plan_id as "planId", e.household_id as "householdId", e.held_on::text as "heldOn",
             to_json(e.present_member_ids) as "presentMemberIds", e.present_others as "presentOthers", e.agreements,
             u.display_name as "recordedByName", e.created_at as "createdAt",
             (select v.number from plan_versions v where v.evaluation_id = e.id order by v.number limit 1) as "versionNumber"
        from evaluations e left join users u on u.id = e.recorded_by
       where e.id = ${evaluationId} and e.plan_id = ${doc.id}`),
  )[0];
  if (!head) return null;
  const members = await householdMembers(tx, doc.householdId);
  const present = new Set(head.presentMemberIds ?? []);
  // The score before this talk: the latest earlier one by day, then by when it was recorded (two talks on one day).
  const scoreRows = rowsOf<{ domainKey: string; score: number; previous: number | null }>(await tx.execute(sql`
    select s.domain_key as "domainKey", s.score,
           (select p.score from domain_scores p
             where p.plan_id = s.plan_id and p.domain_key = s.domain_key and p.id <> s.id and (p.scored_on, p.created_at) < (s.scored_on, s.created_at)
             order by p.scored_on desc, p.created_at desc limit 1) as previous
      from domain_scores s where s.evaluation_id = ${evaluationId}`));
  const scores: EvaluationScore[] = [];
  for (const domain of doc.domains) {
    const row = scoreRows.find((r) => r.domainKey === domain.key);
    if (!row || domainHidden(actor, domain)) continue;
    scores.push({ domainKey: domain.key, label: domain.label, score: row.score, previous: row.previous });
  }
  // updated_by too: the author keeps sight of a sensitive goal only while she is its last writer (partVisible).
  const progress = rowsOf<EvaluationProgress & { sensitive: boolean; shared: boolean; authorId: string | null; updatedBy: string | null }>(await tx.execute(sql`
    select gp.goal_id as "goalId", g.domain_key as "domainKey", g.text, gp.status_before as "statusBefore", gp.status_after as "statusAfter",
           gp.note, g.sensitive, g.shared, g.author_id as "authorId", g.updated_by as "updatedBy"
      from evaluation_goal_progress gp join plan_goals g on g.id = gp.goal_id
     where gp.evaluation_id = ${evaluationId}
     order by g.position, g.created_at, g.id`));
  return {
    id: head.id,
    planId: head.planId,
    householdId: head.householdId,
    heldOn: head.heldOn,
    presentMembers: members.filter((m) => present.has(m.id)),
    presentOthers: head.presentOthers,
    agreements: head.agreements,
    recordedByName: head.recordedByName,
    createdAt: toIso(head.createdAt),
    versionNumber: head.versionNumber,
    scores,
    goals: progress.filter((p) => partVisible(actor, p)).map(({ sensitive: _s, shared: _h, authorId: _a, updatedBy: _u, ...p }) => p),
  };
}

async function auditHidden(tx: Tx, caller: Caller, householdId: string, recordType: string, id: string, attempted: string): Promise<void> {
  await writeAudit(tx, caller.audit, {
    action: 'access.denied', result: 'not_found', recordType, recordId: isUuid(id) ? id : undefined, subjectHouseholdId: householdId, detail: { attempted },
  });
}

/**
 * A plan an evaluation may be recorded on: write permission, an open trajectory (planWritable) and an
 * established plan. Anything else is 403, audited; unknown and foreign plans are 404 (resolvePlan).
 */
async function writablePlan(tx: Tx, caller: Caller, planId: string): Promise<Outcome<{ plan: PlanFacts; access: PlanAccess }>> {
  const resolved = await resolvePlan(tx, caller, planId, 'plan.write');
  if (!resolved.ok) return resolved;
  const { plan, access } = resolved.value;
  // A plan of an older trajectory is history, even when the household has a newer open one (as plans.ts planOpenFor).
  if (!planWritable(access) || access.trajectory?.id !== plan.trajectoryId || plan.status !== 'established') {
    await auditForbidden(tx, caller, plan.householdId, 'plan.write');
    return forbidden();
  }
  return resolved;
}

export interface EvaluationFormData {
  plan: PlanHeading;
  /** The domains the caller may see, with their score history (oldest first). */
  domains: PlanDomain[];
  /** The goals the caller may see. */
  goals: PlanGoal[];
  members: MemberChoice[];
  /** The organisation's own five score labels, or null for the translated `plan.score.<n>`. */
  scoreLabels: string[] | null;
  next: NextEvaluation | null;
}

/** What the form of a new evaluation needs (audited as a read of the plan's parts shown). */
export async function evaluationForm(tx: Tx, caller: Caller, planId: string): Promise<Outcome<EvaluationFormData>> {
  const writable = await writablePlan(tx, caller, planId);
  if (!writable.ok) return writable;
  const config = await loadPlanConfig(tx, caller.actor.organisationId, writable.value.access.municipalityCode);
  const doc = (await loadPlanDocument(tx, planId, config))!;
  const visible = filterForActor(caller.actor, doc);
  const domains = doc.domains.filter((d) => !domainHidden(caller.actor, d));
  await writeAudit(tx, caller.audit, {
    action: EVALUATION_AUDIT.read, result: 'ok', recordType: 'plan', recordId: planId, subjectHouseholdId: doc.householdId,
    detail: { form: true, domains: domains.length, goals: visible.goals.length },
  });
  return found({
    plan: headingOf(doc), domains, goals: visible.goals, members: await householdMembers(tx, doc.householdId),
    scoreLabels: config.scoreLabels, next: await nextEvaluation(tx, planId),
  });
}

/** The goals someone else changed since the writer read them (REL-LOCK), as they are now. */
export interface EvaluationConflict {
  goals: { id: string; text: string; status: GoalStatus; version: number; updatedByName: string | null; updatedAt: string }[];
}

export interface RecordedEvaluation {
  evaluation: EvaluationView;
  /** REL-IDEM: this submission key was used before; nothing new was recorded. */
  replayed: boolean;
}

async function replayOf(tx: Tx, caller: Caller, doc: PlanDocument | null, planId: string, submissionKey: string): Promise<EvaluationView | null> {
  const existing = rowsOf<{ id: string }>(await tx.execute(sql`
    select id from evaluations where plan_id = ${planId} and submission_key = ${submissionKey}`))[0];
  if (!existing) return null;
  const plan = doc ?? (await loadPlanDocument(tx, planId))!;
  return loadEvaluation(tx, caller.actor, plan, existing.id);
}

/**
 * Record an evaluation talk in one transaction: the talk, a score per domain given, progress per goal (with the
 * goal's new status), then a frozen version of the plan. REL-IDEM on the submission key; REL-LOCK per goal whose
 * status changes. Throws AppError VALIDATION for field errors (nothing is saved).
 */
export async function recordEvaluation(tx: Tx, caller: Caller, planId: string, input: EvaluationInput): Promise<Outcome<RecordedEvaluation>> {
  const writable = await writablePlan(tx, caller, planId);
  if (!writable.ok) return writable;
  const householdId = writable.value.plan.householdId;
  const audit = (evaluation: EvaluationView, replayed: boolean, statusChanges: number) => writeAudit(tx, caller.audit, {
    action: EVALUATION_AUDIT.create, result: 'ok', recordType: 'evaluation', recordId: evaluation.id, subjectHouseholdId: householdId,
    detail: { plan: planId, replayed, scores: evaluation.scores.length, goals: evaluation.goals.length, statusChanges, version: evaluation.versionNumber },
  });

  // One talk at a time per plan: a second submission (a retry, or a colleague) waits here, then sees the first
  // (REL-IDEM) and freezes the next version number rather than colliding on it.
  await tx.execute(sql`select id from plans where id = ${planId} for update`);
  // A retry of a submission that was saved: the first result, nothing new.
  const replay = await replayOf(tx, caller, null, planId, input.submissionKey);
  if (replay) {
    await audit(replay, true, 0);
    return found({ evaluation: replay, replayed: true });
  }

  const doc = (await loadPlanDocument(tx, planId))!;
  // AUTH-FIELDS / AUTH-HIDE: a goal or domain the caller may not see is answered as one that does not exist.
  for (const g of input.goals) {
    const goal = doc.goals.find((x) => x.id === g.goalId.toLowerCase());
    if (!goal || !partVisible(caller.actor, goal)) {
      await auditHidden(tx, caller, householdId, 'plan_goal', g.goalId, 'plan.write');
      return notFound();
    }
  }
  for (const s of input.scores) {
    const domain = doc.domains.find((d) => d.key === s.domainKey);
    if (!domain || domainHidden(caller.actor, domain)) {
      await auditHidden(tx, caller, householdId, 'plan_domain', s.domainKey, 'plan.write');
      return notFound();
    }
  }

  const members = await householdMembers(tx, householdId);
  const errors: FieldError[] = [];
  if (doc.establishedOn && input.heldOn < doc.establishedOn) errors.push({ field: 'heldOn', message: 'evaluation.error.before_established' });
  if (input.presentMemberIds.some((id) => !members.some((m) => m.id === id))) errors.push({ field: 'presentMemberIds', message: 'validation.invalid_choice' });
  else if (input.presentMemberIds.length === 0 && !input.presentOthers) errors.push({ field: 'presentMemberIds', message: 'evaluation.error.present_required' });
  if (errors.length) throw new AppError('VALIDATION', { fields: errors });

  // REL-LOCK: a status change on a goal someone else changed since it was read is not applied over her change.
  const stale = input.goals
    .map((g) => ({ g, goal: doc.goals.find((x) => x.id === g.goalId.toLowerCase())! }))
    .filter(({ g, goal }) => g.status !== goal.status && g.version !== goal.version)
    .map(({ goal }) => ({ id: goal.id, text: goal.text, status: goal.status, version: goal.version, updatedByName: goal.updatedByName, updatedAt: goal.updatedAt }));
  if (stale.length) return conflict({ goals: stale } satisfies EvaluationConflict);

  const { organisationId, userId } = caller.actor;
  const inserted = rowsOf<{ id: string }>(await tx.execute(sql`
    insert into evaluations (organisation_id, household_id, plan_id, held_on, present_member_ids, present_others, agreements, submission_key, recorded_by)
    values (${organisationId}, ${householdId}, ${planId}, ${input.heldOn}, ${`{${input.presentMemberIds.join(',')}}`}::uuid[],
            ${input.presentOthers ?? null}, ${input.agreements ?? null}, ${input.submissionKey}, ${userId})
    on conflict (plan_id, submission_key) where submission_key is not null do nothing
    returning id`))[0];
  if (!inserted) {
    // The same submission committed meanwhile (a double click on a slow line): answer with that one.
    const first = (await replayOf(tx, caller, doc, planId, input.submissionKey))!;
    await audit(first, true, 0);
    return found({ evaluation: first, replayed: true });
  }
  const evaluationId = inserted.id;

  if (input.scores.length) {
    await tx.execute(sql`
      insert into domain_scores (organisation_id, household_id, plan_id, domain_key, score, scored_on, evaluation_id, recorded_by)
      values ${sql.join(input.scores.map((s) => sql`(${organisationId}, ${householdId}, ${planId}, ${s.domainKey}, ${s.score}, ${input.heldOn}, ${evaluationId}, ${userId})`), sql`, `)}`);
  }
  let statusChanges = 0;
  if (input.goals.length) {
    const rows = input.goals.map((g) => ({ g, goal: doc.goals.find((x) => x.id === g.goalId.toLowerCase())! }));
    await tx.execute(sql`
      insert into evaluation_goal_progress (evaluation_id, goal_id, organisation_id, household_id, status_before, status_after, note)
      values ${sql.join(rows.map(({ g, goal }) => sql`(${evaluationId}, ${goal.id}, ${organisationId}, ${householdId}, ${goal.status}, ${g.status}, ${g.note ?? null})`), sql`, `)}`);
    for (const { g, goal } of rows) {
      if (g.status === goal.status) continue;
      statusChanges++;
      await tx.execute(sql`
        update plan_goals set status = ${g.status}, version = version + 1, updated_by = ${userId}, updated_at = now()
         where id = ${goal.id} and plan_id = ${planId}`);
    }
  }
  // The talk changed the plan (scores, statuses): its version moves, so an approval or edit read before it is stale.
  await tx.execute(sql`update plans set version = version + 1, updated_by = ${userId}, updated_at = now() where id = ${planId}`);
  // The frozen snapshot is the plan as it is now: it serves to read the talk back as well.
  const frozen = await freezeVersion(tx, caller, planId, 'evaluation', evaluationId);
  const evaluation = (await loadEvaluation(tx, caller.actor, frozen.snapshot, evaluationId))!;
  await audit(evaluation, false, statusChanges);
  return found({ evaluation, replayed: false });
}

/** One evaluation of a plan (audited read); an id of another plan, malformed or unknown, is 404. */
export async function readEvaluation(tx: Tx, caller: Caller, planId: string, evaluationId: string): Promise<Outcome<{ plan: PlanHeading; evaluation: EvaluationView }>> {
  const resolved = await resolvePlan(tx, caller, planId, 'plan.read');
  if (!resolved.ok) return resolved;
  const doc = (await loadPlanDocument(tx, planId))!;
  const evaluation = isUuid(evaluationId) ? await loadEvaluation(tx, caller.actor, doc, evaluationId.toLowerCase()) : null;
  if (!evaluation) {
    await auditHidden(tx, caller, doc.householdId, 'evaluation', evaluationId, 'plan.read');
    return notFound();
  }
  await writeAudit(tx, caller.audit, {
    action: EVALUATION_AUDIT.read, result: 'ok', recordType: 'evaluation', recordId: evaluation.id, subjectHouseholdId: doc.householdId,
    detail: { plan: planId, scores: evaluation.scores.length, goals: evaluation.goals.length },
  });
  return found({ plan: headingOf(doc), evaluation });
}

/** The evaluations of a plan, newest first, with the next one due (audited read, counts only). */
export async function listEvaluations(tx: Tx, caller: Caller, planId: string): Promise<Outcome<{ plan: PlanHeading; items: EvaluationSummary[]; next: NextEvaluation | null }>> {
  const resolved = await resolvePlan(tx, caller, planId, 'plan.read');
  if (!resolved.ok) return resolved;
  const doc = (await loadPlanDocument(tx, planId))!;
  const rows = rowsOf<{ id: string; heldOn: string; recordedByName: string | null; versionNumber: number | null; scoreDomains: string[] | null; goalIds: string[] | null }>(await tx.execute(sql`
    select e.id, e.held_on::text as "heldOn", u.display_name as "recordedByName",
           (select v.number from plan_versions v where v.evaluation_id = e.id order by v.number limit 1) as "versionNumber",
           (select json_agg(s.domain_key) from domain_scores s where s.evaluation_id = e.id) as "scoreDomains",
           (select json_agg(gp.goal_id) from evaluation_goal_progress gp where gp.evaluation_id = e.id) as "goalIds"
      from evaluations e left join users u on u.id = e.recorded_by
     where e.plan_id = ${planId}
     order by e.held_on desc, e.created_at desc`));
  const hiddenDomains = new Set(doc.domains.filter((d) => domainHidden(caller.actor, d)).map((d) => d.key));
  const visibleGoals = new Set(doc.goals.filter((g) => partVisible(caller.actor, g)).map((g) => g.id));
  const items = rows.map((r) => ({
    id: r.id, heldOn: r.heldOn, recordedByName: r.recordedByName, versionNumber: r.versionNumber,
    scores: (r.scoreDomains ?? []).filter((k) => !hiddenDomains.has(k)).length,
    goals: (r.goalIds ?? []).filter((id) => visibleGoals.has(id)).length,
  }));
  await writeAudit(tx, caller.audit, {
    action: EVALUATION_AUDIT.list, result: 'ok', recordType: 'plan', recordId: planId, subjectHouseholdId: doc.householdId, detail: { evaluations: items.length },
  });
  return found({ plan: headingOf(doc), items, next: await nextEvaluation(tx, planId) });
}

/** The next talk of a plan for the API (audited as a read of the plan's schedule). */
export async function readNextEvaluation(tx: Tx, caller: Caller, planId: string): Promise<Outcome<NextEvaluation | null>> {
  const resolved = await resolvePlan(tx, caller, planId, 'plan.read');
  if (!resolved.ok) return resolved;
  const next = await nextEvaluation(tx, planId);
  await writeAudit(tx, caller.audit, {
    action: EVALUATION_AUDIT.read, result: 'ok', recordType: 'plan', recordId: planId, subjectHouseholdId: resolved.value.plan.householdId,
    detail: { schedule: true, due: next !== null, overdue: next?.overdue ?? false },
  });
  return found(next);
}
