import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import { conflict, forbidden, found, type Caller, type Outcome } from '../../platform/context.ts';
import { FILE_CLOSED, auditForbidden, householdScope } from '../households/index.ts';
import type { PlanAccess, PlanFacts } from './access.ts';
import { loadPlanConfig } from './config.ts';
import { freezeVersion } from './freeze.ts';
import type { PlanVersionInput, RejectInput } from './inputs.ts';
import { PLAN_AUDIT, todayIso, writablePlan } from './plans.ts';
import type { PlanKind, PlanStatus } from './schema.ts';

// Establishing a plan ("Plan vaststellen"). Where the organisation requires it, a plan a volunteer submits waits
// for a professional's approval; the approver cannot approve her own submission. Approval and rejection are kept
// in plan_decisions and audited without their reason (LOG-CLEAN). REL-LOCK on the plan's version throughout.

export interface PlanState {
  id: string;
  status: PlanStatus;
  version: number;
  establishedOn: string | null;
  rejectionReason: string | null;
  submittedByName: string | null;
  decidedByName: string | null;
  updatedByName: string | null;
  updatedAt: string;
}

async function planState(tx: Tx, planId: string): Promise<PlanState> {
  const row = rowsOf<PlanState & { updatedAt: string | Date }>(await tx.execute(sql`
    select p.id, p.status, p.version, p.established_on::text as "establishedOn", p.rejection_reason as "rejectionReason",
           su.display_name as "submittedByName", du.display_name as "decidedByName", uu.display_name as "updatedByName", p.updated_at as "updatedAt"
      from plans p left join users su on su.id = p.submitted_by left join users du on du.id = p.decided_by left join users uu on uu.id = p.updated_by
     where p.id = ${planId}`))[0]!;
  return { ...row, updatedAt: new Date(row.updatedAt).toISOString() };
}

/** A status change that only lands on the version read and in the expected status; else 409 with the plan now. */
async function transition(tx: Tx, planId: string, version: number, from: readonly PlanStatus[], set: ReturnType<typeof sql>): Promise<Outcome<PlanState>> {
  const updated = rowsOf<{ id: string }>(await tx.execute(sql`
    update plans set ${set}, version = version + 1, updated_at = now()
     where id = ${planId} and version = ${version} and status in (${sql.join(from.map((s) => sql`${s}`), sql`, `)}) returning id`));
  const now = await planState(tx, planId);
  return updated.length ? found(now) : conflict(now);
}

function audited(tx: Tx, caller: Caller, action: (typeof PLAN_AUDIT)['submit' | 'approve' | 'reject'], plan: PlanFacts, access: PlanAccess, state: PlanState, extra: Record<string, string | number | boolean | null> = {}) {
  return writeAudit(tx, caller.audit, {
    action, result: 'ok', recordType: 'plan', recordId: plan.id, subjectHouseholdId: access.householdId,
    ...(plan.memberId ? { subjectPersonId: plan.memberId } : {}),
    detail: { kind: plan.kind, status: state.status, version: state.version, ...extra },
  });
}

/**
 * "Plan vaststellen": a volunteer's plan waits for approval where the organisation requires it; otherwise it is
 * established today and a version is frozen.
 */
export async function submitPlan(tx: Tx, caller: Caller, planId: string, input: PlanVersionInput, today = todayIso()): Promise<Outcome<PlanState>> {
  const open = await writablePlan(tx, caller, planId);
  if (!open.ok) return open;
  const { plan, access } = open.value;
  const config = await loadPlanConfig(tx, caller.actor.organisationId, access.municipalityCode);
  const needsApproval = config.approvalRequired && caller.actor.role === 'volunteer';
  const me = caller.actor.userId;
  const result = await transition(tx, plan.id, input.version, ['draft', 'rejected'], needsApproval
    ? sql`status = 'awaiting_approval', submitted_by = ${me}, submitted_at = now(), rejection_reason = null, decided_by = null, decided_at = null, updated_by = ${me}`
    : sql`status = 'established', established_on = ${today}, submitted_by = ${me}, submitted_at = now(), rejection_reason = null, decided_by = null, decided_at = null, updated_by = ${me}`);
  if (!result.ok) return result;
  if (!needsApproval) await freezeVersion(tx, caller, plan.id, 'established');
  await audited(tx, caller, PLAN_AUDIT.submit, plan, access, result.value, { approval: needsApproval });
  return result;
}

/** Who may decide on a plan: plan.approve on the household, and not the one who submitted it. */
export async function decidablePlan(tx: Tx, caller: Caller, planId: string, attempted: string): Promise<Outcome<{ plan: PlanFacts; access: PlanAccess }>> {
  const open = await writablePlan(tx, caller, planId, attempted);
  if (!open.ok) return open;
  const { access, plan } = open.value;
  const submittedBy = rowsOf<{ submittedBy: string | null }>(await tx.execute(sql`select submitted_by as "submittedBy" from plans where id = ${plan.id}`))[0]!.submittedBy;
  if (!access.permissions.canApprovePlan || submittedBy === caller.actor.userId) {
    await auditForbidden(tx, caller, access.householdId, attempted);
    return forbidden();
  }
  return open;
}

/** Approve a plan that waits for it: established today, decision kept, a version frozen. */
export async function approvePlan(tx: Tx, caller: Caller, planId: string, input: PlanVersionInput, today = todayIso()): Promise<Outcome<PlanState>> {
  const open = await decidablePlan(tx, caller, planId, 'plan.approve');
  if (!open.ok) return open;
  const { plan, access } = open.value;
  const me = caller.actor.userId;
  const result = await transition(tx, plan.id, input.version, ['awaiting_approval'],
    sql`status = 'established', established_on = ${today}, decided_by = ${me}, decided_at = now(), rejection_reason = null, updated_by = ${me}`);
  if (!result.ok) return result;
  await tx.execute(sql`insert into plan_decisions (organisation_id, household_id, plan_id, decision, decided_by)
    values (${caller.actor.organisationId}, ${access.householdId}, ${plan.id}, 'approved', ${me})`);
  await freezeVersion(tx, caller, plan.id, 'established');
  await audited(tx, caller, PLAN_AUDIT.approve, plan, access, result.value);
  return result;
}

/** Send a plan back to the coach with a reason (required); she changes it and submits it again. */
export async function rejectPlan(tx: Tx, caller: Caller, planId: string, input: RejectInput): Promise<Outcome<PlanState>> {
  const open = await decidablePlan(tx, caller, planId, 'plan.approve');
  if (!open.ok) return open;
  const { plan, access } = open.value;
  const me = caller.actor.userId;
  const result = await transition(tx, plan.id, input.version, ['awaiting_approval'],
    sql`status = 'rejected', rejection_reason = ${input.reason}, decided_by = ${me}, decided_at = now(), updated_by = ${me}`);
  if (!result.ok) return result;
  await tx.execute(sql`insert into plan_decisions (organisation_id, household_id, plan_id, decision, reason, decided_by)
    values (${caller.actor.organisationId}, ${access.householdId}, ${plan.id}, 'rejected', ${input.reason}, ${me})`);
  // The reason is free text: the audit says only that it was given (LOG-CLEAN).
  await audited(tx, caller, PLAN_AUDIT.reject, plan, access, result.value, { reason: true });
  return result;
}

export interface AwaitingPlan {
  id: string;
  kind: PlanKind;
  householdId: string;
  householdReference: string;
  memberName: string | null;
  submittedByName: string | null;
  submittedAt: string;
  version: number;
}

/** The roles that may approve a plan at all (policy.ts plan.approve); the household scope does the rest. */
const APPROVER_ROLES: ReadonlySet<string> = new Set(['coordinator', 'professional']);

/**
 * Plans waiting for approval that the caller may approve: in households she may see (householdScope), on an open
 * file, and not submitted by herself. One audited list read.
 */
export async function listAwaitingApproval(tx: Tx, caller: Caller): Promise<Outcome<AwaitingPlan[]>> {
  if (!APPROVER_ROLES.has(caller.actor.role)) {
    await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'denied', recordType: 'plan', detail: { attempted: 'plan.approve' } });
    return forbidden();
  }
  const rows = rowsOf<AwaitingPlan & { submittedAt: string | Date }>(await tx.execute(sql`
    select p.id, p.kind, p.household_id as "householdId", h.reference as "householdReference",
           case when m.id is null then null else m.given_names || ' ' || m.family_name end as "memberName",
           su.display_name as "submittedByName", p.submitted_at as "submittedAt", p.version
      from plans p join households h on h.id = p.household_id
      left join household_members m on m.id = p.member_id
      left join users su on su.id = p.submitted_by
     where p.status = 'awaiting_approval' and ${householdScope(caller.actor)} and not ${FILE_CLOSED}
       -- Only the plans of the household's current trajectory: an older one's can no longer be approved.
       and p.trajectory_id = (select t.id from trajectories t where t.household_id = h.id order by t.started_on desc, t.created_at desc limit 1)
       and p.submitted_by is distinct from ${caller.actor.userId}
     order by p.submitted_at, p.id
     limit 200`));
  await writeAudit(tx, caller.audit, { action: PLAN_AUDIT.list, result: 'ok', recordType: 'plan', detail: { awaiting: rows.length } });
  return found(rows.map((r) => ({ ...r, submittedAt: new Date(r.submittedAt).toISOString() })));
}
