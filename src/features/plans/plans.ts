import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import type { AuditAction } from '../../platform/audit/events.ts';
import { forbidden, found, notFound, type Caller, type Outcome } from '../../platform/context.ts';
import type { Actor } from '../../platform/policy.ts';
import { auditForbidden, popDue } from '../households/index.ts';
import type { PyramidLayer } from '../households/schema.ts';
import { isUuid, partVisibleSql, planAccess, planWritable, resolvePlan, type PlanAccess, type PlanFacts } from './access.ts';
import { loadPlanConfig, type PlanConfig, type PyramidOffer } from './config.ts';
import { filterForActor, loadPlanDocument, type PlanDocument } from './document.ts';
import type { PlanKind, PlanStatus } from './schema.ts';
import { todayIso } from '../../platform/dates.ts';
export { todayIso };

// The plans of a household (a household plan and a POP per adult, per trajectory) and the plan as one role reads
// it. Plans are made on first sight for the household's open trajectory; a closed trajectory's plans are read-only.

/**
 * Audit kinds of the plans feature. They belong in AUDIT_ACTIONS (platform/audit/events.ts, the lead's file); the
 * cast keeps the type check green until they are listed there. Details never hold free text (LOG-CLEAN).
 */
export const PLAN_AUDIT = {
  read: 'plan.read',
  list: 'plan.list',
  create: 'plan.create',
  domainUpdate: 'plan.domain_update',
  goalCreate: 'plan.goal_create',
  goalUpdate: 'plan.goal_update',
  actionCreate: 'plan.action_create',
  actionUpdate: 'plan.action_update',
  proposalCreate: 'plan.proposal_create',
  submit: 'plan.submit',
  approve: 'plan.approve',
  reject: 'plan.reject',
} as const satisfies Record<string, AuditAction>;

/** Who gets a POP: 18 or older today; a head or partner without a date of birth counts as an adult. `m` is the member alias. */
export function adultSql(today: string, alias = 'm'): SQL {
  const m = sql.raw(alias);
  return sql`(${m}.date_of_birth <= (${today}::date - interval '18 years')::date
              or (${m}.date_of_birth is null and ${m}.relation in ('head', 'partner')))`;
}

/**
 * Make the household plan and a POP per adult for each household's latest trajectory, when that one is open.
 * Set-based and idempotent (the partial unique indexes settle two at once). The caller has settled the permission.
 */
export async function ensurePlans(tx: Tx, householdIds: readonly string[], userId: string | null, today = todayIso()): Promise<number> {
  const ids = [...new Set(householdIds.filter(isUuid))];
  if (ids.length === 0) return 0;
  const rows = rowsOf<{ created: number }>(await tx.execute(sql`
    with latest as (
      select distinct on (t.household_id) t.id, t.household_id, t.organisation_id, t.status
        from trajectories t where t.household_id = any(${`{${ids.join(',')}}`}::uuid[])
       order by t.household_id, t.started_on desc, t.created_at desc
    ),
    open as (select * from latest where status = 'open'),
    household_plans as (
      insert into plans (organisation_id, household_id, trajectory_id, member_id, kind, created_by, updated_by)
      select o.organisation_id, o.household_id, o.id, null, 'household', ${userId}::uuid, ${userId}::uuid from open o
      on conflict (trajectory_id) where member_id is null do nothing
      returning 1
    ),
    pops as (
      insert into plans (organisation_id, household_id, trajectory_id, member_id, kind, created_by, updated_by)
      select o.organisation_id, o.household_id, o.id, m.id, 'personal', ${userId}::uuid, ${userId}::uuid
        from open o join household_members m on m.household_id = o.household_id
       where ${adultSql(today)}
      on conflict (trajectory_id, member_id) where member_id is not null do nothing
      returning 1
    )
    select (select count(*)::int from household_plans) + (select count(*)::int from pops) as created`));
  return rows[0]?.created ?? 0;
}

export interface PlanSummary {
  /** null: not made yet (the overview makes it; the dossier only shows it is due). */
  id: string | null;
  kind: PlanKind;
  memberId: string | null;
  memberName: string | null;
  status: PlanStatus | null;
  establishedOn: string | null;
  /** Goals this role may see (AUTH-FIELDS: a hidden goal is not counted either). */
  goals: number;
  openActions: number;
  overdueActions: number;
  /** For a POP: the local target (housing date + popWithinWeeks), and whether it passed without an established POP. */
  popDueOn: string | null;
  popLate: boolean;
}

export interface PlanOverview {
  householdId: string;
  householdReference: string;
  trajectory: PlanAccess['trajectory'];
  plans: PlanSummary[];
  canWrite: boolean;
  canApprove: boolean;
  /** Who may start a trajectory (for the link to the dossier when there is none). */
  canManageTrajectory: boolean;
}

/** The household plan and each adult's POP of one trajectory, for the dossier and the overview. */
export async function planSummaries(tx: Tx, actor: Actor, access: Pick<PlanAccess, 'householdId' | 'housingDate' | 'trajectory'>, config: Pick<PlanConfig, 'popWithinWeeks'>, today = todayIso()): Promise<PlanSummary[]> {
  const trajectory = access.trajectory;
  if (!trajectory) return [];
  const plans = rowsOf<{ id: string; kind: PlanKind; memberId: string | null; status: PlanStatus; establishedOn: string | null; goals: number; openActions: number; overdueActions: number }>(await tx.execute(sql`
    select p.id, p.kind, p.member_id as "memberId", p.status, p.established_on::text as "establishedOn",
           (select count(*)::int from plan_goals g where g.plan_id = p.id and ${partVisibleSql(actor, 'g')}) as goals,
           (select count(*)::int from plan_actions a join plan_goals g on g.id = a.goal_id
             where a.plan_id = p.id and a.status = 'open' and ${partVisibleSql(actor, 'g')}) as "openActions",
           (select count(*)::int from plan_actions a join plan_goals g on g.id = a.goal_id
             where a.plan_id = p.id and a.status = 'open' and a.due_on < ${today}::date and ${partVisibleSql(actor, 'g')}) as "overdueActions"
      from plans p where p.trajectory_id = ${trajectory.id}`));
  // Adults now, plus anyone who has a POP already (a POP stays when a date of birth is corrected).
  const members = rowsOf<{ id: string; name: string; adult: boolean }>(await tx.execute(sql`
    select m.id, m.given_names || ' ' || m.family_name as name, ${adultSql(today)} as adult
      from household_members m where m.household_id = ${access.householdId}
     order by case m.relation when 'head' then 0 when 'partner' then 1 when 'other' then 2 else 3 end, m.date_of_birth nulls last, m.id`));
  const due = access.housingDate ? popDue(access.housingDate, config.popWithinWeeks) : null;
  const empty = { goals: 0, openActions: 0, overdueActions: 0, status: null, establishedOn: null, id: null };
  const household = plans.find((p) => p.kind === 'household');
  const out: PlanSummary[] = [{ ...empty, ...(household ?? {}), kind: 'household', memberId: null, memberName: null, popDueOn: null, popLate: false }];
  for (const m of members) {
    const pop = plans.find((p) => p.memberId === m.id);
    if (!pop && !m.adult) continue;
    const status = pop?.status ?? null;
    const established = status === 'established';
    out.push({
      ...empty, ...(pop ?? {}), kind: 'personal', memberId: m.id, memberName: m.name, popDueOn: due,
      // Late: the target passed and the POP is not established (an open trajectory only: a closed file is history).
      popLate: trajectory.status === 'open' && due !== null && due < today && !established,
    });
  }
  return out;
}

/**
 * The plan overview of a household: plans are made on first sight for the open trajectory (who may write them),
 * then listed with their state. Audited as one read (plan.list) with counts only.
 */
export async function listPlans(tx: Tx, caller: Caller, householdId: string, today = todayIso()): Promise<Outcome<PlanOverview>> {
  const access = await planAccess(tx, caller, householdId, 'plan.read');
  if (!access.ok) return access;
  const a = access.value;
  if (a.trajectory?.status === 'open' && planWritable(a)) {
    const created = await ensurePlans(tx, [householdId], caller.actor.userId, today);
    if (created > 0) await writeAudit(tx, caller.audit, { action: PLAN_AUDIT.create, result: 'ok', recordType: 'plan', subjectHouseholdId: householdId, detail: { plans: created } });
  }
  const config = await loadPlanConfig(tx, caller.actor.organisationId, a.municipalityCode);
  const plans = await planSummaries(tx, caller.actor, a, config, today);
  const reference = rowsOf<{ reference: string }>(await tx.execute(sql`select reference from households where id = ${householdId}`))[0]!.reference;
  await writeAudit(tx, caller.audit, {
    action: PLAN_AUDIT.list, result: 'ok', recordType: 'plan', recordId: a.trajectory?.id, subjectHouseholdId: householdId,
    detail: { plans: plans.filter((p) => p.id).length, goals: plans.reduce((n, p) => n + p.goals, 0) },
  });
  return found({
    householdId, householdReference: reference, trajectory: a.trajectory, plans,
    canWrite: planWritable(a), canApprove: a.permissions.canApprovePlan, canManageTrajectory: a.permissions.canManageTrajectory,
  });
}

export interface PlanMember {
  id: string;
  firstName: string;
  name: string;
  /** The household plan is titled after the head's family name. */
  familyName: string;
  relation: string;
  layer: PyramidLayer;
  adult: boolean;
}

export interface OfferView extends PyramidOffer {
  /** Taken over already: a goal from it (individual) or a proposal (group) in this plan. */
  taken: boolean;
}

export interface LayerSuggestions {
  layer: PyramidLayer;
  /** Whose layer it is (the POP's person, or the adults of the household plan on it). */
  members: { id: string; firstName: string }[];
  offers: OfferView[];
}

export interface PlanPermissions {
  canWrite: boolean;
  /** Mark parts sensitive or shared with the volunteer (AUTH-FIELDS). */
  canWriteSensitive: boolean;
  canSubmit: boolean;
  canApprove: boolean;
  /** The caller submitted it herself: someone else must approve it. */
  ownSubmission: boolean;
  approvalRequired: boolean;
}

export interface PlanDecision {
  decision: 'approved' | 'rejected';
  reason: string | null;
  decidedByName: string | null;
  decidedAt: string;
}

export interface PlanView {
  plan: PlanDocument;
  access: PlanAccess;
  config: PlanConfig;
  members: PlanMember[];
  suggestions: LayerSuggestions[];
  permissions: PlanPermissions;
  decisions: PlanDecision[];
  submittedAt: string | null;
  popDueOn: string | null;
  popLate: boolean;
}

/** Whether this plan may be changed now: planWritable, and the plan belongs to the household's current (open) trajectory. */
export function planOpenFor(access: PlanAccess, plan: Pick<PlanFacts, 'trajectoryId'>): boolean {
  return planWritable(access) && access.trajectory?.id === plan.trajectoryId;
}

/** The plan's own facts a page needs beyond the document. */
async function planExtras(tx: Tx, planId: string): Promise<{ submittedBy: string | null; submittedAt: string | null; decisions: PlanDecision[] }> {
  const head = rowsOf<{ submittedBy: string | null; submittedAt: string | Date | null }>(await tx.execute(sql`
    select submitted_by as "submittedBy", submitted_at as "submittedAt" from plans where id = ${planId}`))[0]!;
  const decisions = rowsOf<PlanDecision & { decidedAt: string | Date }>(await tx.execute(sql`
    select d.decision, d.reason, u.display_name as "decidedByName", d.decided_at as "decidedAt"
      from plan_decisions d left join users u on u.id = d.decided_by where d.plan_id = ${planId} order by d.decided_at desc, d.id`));
  return {
    submittedBy: head.submittedBy,
    submittedAt: head.submittedAt ? new Date(head.submittedAt).toISOString() : null,
    decisions: decisions.map((d) => ({ ...d, decidedAt: new Date(d.decidedAt).toISOString() })),
  };
}

export async function planMembers(tx: Tx, householdId: string, today = todayIso()): Promise<PlanMember[]> {
  return rowsOf<PlanMember>(await tx.execute(sql`
    select m.id, split_part(m.given_names, ' ', 1) as "firstName", m.given_names || ' ' || m.family_name as name, m.family_name as "familyName", m.relation,
           m.pyramid_layer as layer, ${adultSql(today)} as adult
      from household_members m where m.household_id = ${householdId}
     order by case m.relation when 'head' then 0 when 'partner' then 1 when 'other' then 2 else 3 end, m.date_of_birth nulls last, m.id`));
}

/** The pyramid's offers for the plan's layers: the POP's person, or every adult for the household plan. */
export function suggestionsFor(doc: PlanDocument, members: readonly PlanMember[], config: PlanConfig): LayerSuggestions[] {
  const whose = doc.memberId ? members.filter((m) => m.id === doc.memberId) : members.filter((m) => m.adult);
  const layers = [...new Set(whose.map((m) => m.layer))].sort();
  const goalOffers = new Set(doc.goals.map((g) => g.offerKey).filter((k): k is string => !!k));
  const proposed = doc.proposals.filter((p) => p.status !== 'withdrawn');
  return layers.map((layer) => ({
    layer,
    members: whose.filter((m) => m.layer === layer).map((m) => ({ id: m.id, firstName: m.firstName })),
    offers: config.offers.filter((o) => o.layer === layer).map((o) => ({
      ...o,
      taken: o.kind === 'individual'
        ? !!o.key && goalOffers.has(o.key)
        : proposed.some((p) => (o.key ? p.offerKey === o.key : !p.offerKey && p.label === o.label)),
    })),
  }));
}

/** The plan as the caller may read it (AUTH-FIELDS), with what the page needs around it. One audited read. */
export async function readPlan(tx: Tx, caller: Caller, planId: string, today = todayIso()): Promise<Outcome<PlanView>> {
  const resolved = await resolvePlan(tx, caller, planId, 'plan.read');
  if (!resolved.ok) return resolved;
  const { plan: facts, access } = resolved.value;
  const config = await loadPlanConfig(tx, caller.actor.organisationId, access.municipalityCode);
  const full = (await loadPlanDocument(tx, facts.id, config))!;
  const plan = filterForActor(caller.actor, full);
  const members = await planMembers(tx, access.householdId, today);
  const extras = await planExtras(tx, facts.id);
  const writable = planOpenFor(access, facts);
  const ownSubmission = extras.submittedBy === caller.actor.userId;
  const popDueOn = plan.kind === 'personal' && access.housingDate ? popDue(access.housingDate, config.popWithinWeeks) : null;
  const view: PlanView = {
    plan, access, config, members,
    suggestions: suggestionsFor(plan, members, config),
    decisions: extras.decisions,
    submittedAt: extras.submittedAt,
    popDueOn,
    popLate: popDueOn !== null && access.trajectory?.id === facts.trajectoryId && access.trajectory.status === 'open' && popDueOn < today && plan.status !== 'established',
    permissions: {
      canWrite: writable,
      canWriteSensitive: writable && access.permissions.canWriteSensitivePlan,
      canSubmit: writable && (plan.status === 'draft' || plan.status === 'rejected'),
      canApprove: writable && access.permissions.canApprovePlan && plan.status === 'awaiting_approval' && !ownSubmission,
      ownSubmission,
      approvalRequired: config.approvalRequired,
    },
  };
  await writeAudit(tx, caller.audit, {
    action: PLAN_AUDIT.read, result: 'ok', recordType: 'plan', recordId: facts.id, subjectHouseholdId: access.householdId,
    ...(facts.memberId ? { subjectPersonId: facts.memberId } : {}),
    detail: { kind: facts.kind, status: plan.status, goals: plan.goals.length, actions: plan.goals.reduce((n, g) => n + g.actions.length, 0) },
  });
  return found(view);
}

/**
 * A plan the caller may change now: visible (404 otherwise), plan.write on an open trajectory (403, audited,
 * otherwise — a closed file is read-only).
 */
export async function writablePlan(tx: Tx, caller: Caller, planId: string, attempted = 'plan.write'): Promise<Outcome<{ plan: PlanFacts; access: PlanAccess }>> {
  const resolved = await resolvePlan(tx, caller, planId, attempted);
  if (!resolved.ok) return resolved;
  if (!planOpenFor(resolved.value.access, resolved.value.plan)) {
    await auditForbidden(tx, caller, resolved.value.access.householdId, attempted);
    return forbidden();
  }
  // Every write to a plan locks the plan row first, then its parts: one lock order for goal edits, approvals and
  // evaluations alike, so two writers wait for each other instead of deadlocking.
  await tx.execute(sql`select id from plans where id = ${planId} for update`);
  return resolved;
}

/** AUTH-HIDE for a part of a plan (goal, action, domain): unknown, foreign, malformed and hidden alike, audited. */
export async function hiddenPart<T>(tx: Tx, caller: Caller, householdId: string, recordType: string, id: string, attempted: string): Promise<Outcome<T>> {
  await writeAudit(tx, caller.audit, {
    action: 'access.denied', result: 'not_found', recordType, recordId: isUuid(id) ? id : undefined, subjectHouseholdId: householdId, detail: { attempted },
  });
  return notFound();
}

/** A change to a part of the plan also moves the plan's version on, so an approval is of what the approver read. */
export async function touchPlan(tx: Tx, caller: Caller, planId: string): Promise<void> {
  await tx.execute(sql`update plans set version = version + 1, updated_by = ${caller.actor.userId}, updated_at = now() where id = ${planId}`);
}
