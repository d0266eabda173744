import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import type { Caller } from '../../platform/context.ts';
import { loadPlanDocument, type PlanDocument } from './document.ts';
import type { VersionReason } from './schema.ts';

/**
 * Freeze the plan as it is now into a numbered version (when it is established, and at every evaluation). The
 * snapshot is the whole plan with its sensitivity flags; whoever shows it filters it (document.ts
 * filterForActor). Numbers are consecutive per plan; the unique index settles two freezes at once.
 */
export async function freezeVersion(tx: Tx, caller: Caller, planId: string, reason: VersionReason, evaluationId: string | null = null): Promise<{ id: string; number: number; snapshot: PlanDocument }> {
  const snapshot = (await loadPlanDocument(tx, planId))!;
  const row = rowsOf<{ id: string; number: number }>(await tx.execute(sql`
    insert into plan_versions (organisation_id, household_id, plan_id, number, reason, evaluation_id, snapshot, frozen_by)
    select p.organisation_id, p.household_id, p.id,
           coalesce((select max(v.number) from plan_versions v where v.plan_id = p.id), 0) + 1,
           ${reason}, ${evaluationId}, ${JSON.stringify(snapshot)}::jsonb, ${caller.actor.userId}
      from plans p where p.id = ${planId}
    returning id, number`))[0]!;
  return { ...row, snapshot };
}
