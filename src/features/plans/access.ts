import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import { forbidden, found, notFound, type Caller, type Outcome } from '../../platform/context.ts';
import { maxSensitivity, type Actor, type HouseholdRelation } from '../../platform/policy.ts';
import { auditForbidden, visibleHousehold, type HouseholdPermissions } from '../households/index.ts';
import type { Phase } from '../trajectories/schema.ts';
import type { PlanKind, PlanStatus } from './schema.ts';
import { isUuid } from '../../platform/validation.ts';

// Who reaches a plan and which of its parts (AUTH-SCOPE, AUTH-FIELDS, AUTH-HIDE). Every plan function starts here.


export { isUuid };

/** The facts of a plan part that decide whether a role may see it. */
export interface PartFacts {
  sensitive: boolean;
  shared: boolean;
  authorId: string | null;
  /** Who changed it last; absent or null: the author. */
  updatedBy?: string | null;
}

/**
 * AUTH-FIELDS for plan parts (domain situations, goals and what hangs under them): a role below the sensitive
 * class (a volunteer) sees a sensitive part only when a professional marked it shared, or when she wrote it and
 * nobody changed it since — once a professional adds to it, it is the professional's to share.
 */
export function partVisible(actor: Actor, part: PartFacts): boolean {
  if (maxSensitivity(actor.role) === 'sensitive') return true;
  if (!part.sensitive || part.shared) return true;
  return part.authorId === actor.userId && (part.updatedBy ?? part.authorId) === actor.userId;
}

/** partVisible() as SQL on a table alias with sensitive, shared and author_id: hidden parts never leave the database. */
export function partVisibleSql(actor: Actor, alias: string): SQL {
  if (maxSensitivity(actor.role) === 'sensitive') return sql`true`;
  const a = sql.raw(alias);
  return sql`(not ${a}.sensitive or ${a}.shared or coalesce(${a}.author_id = ${actor.userId} and coalesce(${a}.updated_by, ${a}.author_id) = ${actor.userId}, false))`;
}

export interface TrajectoryFacts {
  id: string;
  status: 'open' | 'closed';
  startedOn: string;
  phases: Phase[];
}

export interface PlanAccess {
  householdId: string;
  relation: HouseholdRelation;
  permissions: HouseholdPermissions;
  municipalityCode: string;
  housingDate: string | null;
  /** The household's latest trajectory; plans hang under it. */
  trajectory: TrajectoryFacts | null;
}

/**
 * The plan side of one household: not visible → 404 (audited by visibleHousehold); visible but no plan access
 * (the municipality's regisseur) → 403, audited.
 */
export async function planAccess(tx: Tx, caller: Caller, householdId: string, attempted: string): Promise<Outcome<PlanAccess>> {
  const visible = await visibleHousehold(tx, caller, householdId);
  if (!visible) return notFound();
  if (!visible.permissions.canReadPlan) {
    await auditForbidden(tx, caller, householdId, attempted);
    return forbidden();
  }
  const facts = rowsOf<{ municipalityCode: string; housingDate: string | null }>(await tx.execute(sql`
    select municipality_code as "municipalityCode", housing_date::text as "housingDate" from households where id = ${householdId}`))[0]!;
  const trajectory = rowsOf<TrajectoryFacts>(await tx.execute(sql`
    select id, status, started_on::text as "startedOn", phases from trajectories where household_id = ${householdId}
     order by started_on desc, created_at desc limit 1`))[0] ?? null;
  return found({ householdId, relation: visible.relation, permissions: visible.permissions, ...facts, trajectory });
}

export interface PlanFacts {
  id: string;
  householdId: string;
  trajectoryId: string;
  memberId: string | null;
  kind: PlanKind;
  status: PlanStatus;
  version: number;
}

/** A plan by its id, with the access to its household. Malformed, unknown and foreign ids answer alike (404). */
export async function resolvePlan(tx: Tx, caller: Caller, planId: string, attempted: string): Promise<Outcome<{ plan: PlanFacts; access: PlanAccess }>> {
  const plan = isUuid(planId)
    ? rowsOf<PlanFacts>(await tx.execute(sql`
        select id, household_id as "householdId", trajectory_id as "trajectoryId", member_id as "memberId", kind, status, version
          from plans where id = ${planId}`))[0]
    : undefined;
  if (!plan) {
    await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'not_found', recordType: 'plan', recordId: isUuid(planId) ? planId : undefined, detail: { attempted } });
    return notFound();
  }
  const access = await planAccess(tx, caller, plan.householdId, attempted);
  if (!access.ok) return access;
  return found({ plan, access: access.value });
}

/** Whether the plan may be changed now: write permission, and an open trajectory (a closed file is read-only). */
export function planWritable(access: PlanAccess): boolean {
  return access.permissions.canWritePlan && access.trajectory?.status === 'open';
}
