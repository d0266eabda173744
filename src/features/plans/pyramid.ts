import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import type { AuditAction } from '../../platform/audit/events.ts';
import { AppError } from '../../platform/errors.ts';
import { conflict, forbidden, found, notFound, type Caller, type Outcome } from '../../platform/context.ts';
import { isoDate } from '../../platform/validation.ts';
import { auditForbidden } from '../households/index.ts';
import { PYRAMID_LAYERS, type PyramidLayer } from '../households/schema.ts';
import { isUuid, planAccess, planWritable, type PlanAccess } from './access.ts';
import { loadPlanConfig, type DomainSetting, type PyramidOffer } from './config.ts';
import { todayIso } from '../../platform/dates.ts';

// Each person's layer of the pyramid (seed 000: Basis, Laag 1, 2, 3) with its history, and what a layer brings:
// the recommended individual topics and group programmes of the municipality's configuration.

/** Audit kinds; they belong in AUDIT_ACTIONS (platform/audit/events.ts, the lead's file). */
export const PYRAMID_AUDIT = { read: 'pyramid.read', update: 'pyramid.update' } as const satisfies Record<string, AuditAction>;

export interface LayerChange {
  layer: PyramidLayer;
  since: string;
  recordedByName: string | null;
}

/** A person's layers over time, newest first (the first is the current one once a change was recorded). */
export async function layerHistory(tx: Tx, memberId: string): Promise<LayerChange[]> {
  return rowsOf<LayerChange>(await tx.execute(sql`
    select p.layer, p.since::text as since, u.display_name as "recordedByName"
      from pyramid_layer_history p left join users u on u.id = p.recorded_by
     where p.member_id = ${memberId}
     order by p.since desc, p.created_at desc, p.id`));
}

export interface LayerOffers {
  layer: PyramidLayer;
  individual: PyramidOffer[];
  group: PyramidOffer[];
}

export interface PyramidView {
  householdId: string;
  householdReference: string;
  memberId: string;
  memberName: string;
  layer: PyramidLayer;
  history: LayerChange[];
  /** Per layer what it brings (the municipality's configuration, or seed 000's table). */
  offers: LayerOffers[];
  /** The domains, for the label of the domain an offer belongs to. */
  domains: DomainSetting[];
  canWrite: boolean;
  fileClosed: boolean;
}

export const LayerChangeInput = z.object({
  layer: z.enum(PYRAMID_LAYERS),
  // The layer the form showed: when someone else changed it meanwhile, the change is refused (REL-LOCK).
  currentLayer: z.enum(PYRAMID_LAYERS),
  since: z.preprocess(
    (v) => (v === undefined || (typeof v === 'string' && v.trim() === '') ? todayIso() : v),
    isoDate.refine((d) => d <= todayIso(), 'validation.date_in_future'),
  ),
});
export type LayerChangeInput = z.infer<typeof LayerChangeInput>;

async function memberOf(tx: Tx, caller: Caller, householdId: string, memberId: string, attempted: string): Promise<{ name: string; layer: PyramidLayer; createdOn: string } | null> {
  const row = isUuid(memberId)
    ? rowsOf<{ name: string; layer: PyramidLayer; createdOn: string }>(await tx.execute(sql`
        select given_names || ' ' || family_name as name, pyramid_layer as layer, created_at::date::text as "createdOn"
          from household_members where id = ${memberId} and household_id = ${householdId}`))[0]
    : undefined;
  if (row) return row;
  // AUTH-HIDE: a member of another household answers as a random id.
  await writeAudit(tx, caller.audit, {
    action: 'access.denied', result: 'not_found', recordType: 'household_member', recordId: isUuid(memberId) ? memberId : undefined,
    subjectHouseholdId: householdId, detail: { attempted },
  });
  return null;
}

async function loadView(tx: Tx, access: PlanAccess, memberId: string, member: { name: string; layer: PyramidLayer }): Promise<PyramidView> {
  const household = rowsOf<{ reference: string; organisationId: string }>(await tx.execute(sql`
    select reference, organisation_id as "organisationId" from households where id = ${access.householdId}`))[0]!;
  const config = await loadPlanConfig(tx, household.organisationId, access.municipalityCode);
  return {
    householdId: access.householdId,
    householdReference: household.reference,
    memberId,
    memberName: member.name,
    layer: member.layer,
    history: await layerHistory(tx, memberId),
    offers: PYRAMID_LAYERS.map((layer) => ({
      layer,
      individual: config.offers.filter((o) => o.layer === layer && o.kind === 'individual'),
      group: config.offers.filter((o) => o.layer === layer && o.kind === 'group'),
    })),
    domains: config.domains,
    canWrite: planWritable(access),
    fileClosed: access.permissions.fileClosed,
  };
}

/** A person's layer, its history and what each layer brings: an audited read of the plan side (plan.read). */
export async function readPyramid(tx: Tx, caller: Caller, householdId: string, memberId: string): Promise<Outcome<PyramidView>> {
  const access = await planAccess(tx, caller, householdId, 'plan.read');
  if (!access.ok) return access;
  const member = await memberOf(tx, caller, householdId, memberId, 'plan.read');
  if (!member) return notFound();
  const view = await loadView(tx, access.value, memberId, member);
  await writeAudit(tx, caller.audit, {
    action: PYRAMID_AUDIT.read, result: 'ok', recordType: 'household_member', recordId: memberId,
    subjectHouseholdId: householdId, subjectPersonId: memberId, detail: { layer: view.layer, changes: view.history.length },
  });
  return found(view);
}

/**
 * Move a person to another layer from a date on. The first change also records the layer she had until then
 * (since she was registered), so the history is complete. REL-LOCK: the change states the layer it saw; when
 * someone else moved her meanwhile, a conflict with the view as it is now. The same layer again is no change.
 */
export async function changeLayer(tx: Tx, caller: Caller, householdId: string, memberId: string, input: LayerChangeInput): Promise<Outcome<PyramidView>> {
  const access = await planAccess(tx, caller, householdId, 'plan.write');
  if (!access.ok) return access;
  const member = await memberOf(tx, caller, householdId, memberId, 'plan.write');
  if (!member) return notFound();
  // plan.write on an open trajectory: a closed file is read-only.
  if (!planWritable(access.value)) {
    await auditForbidden(tx, caller, householdId, 'plan.write');
    return forbidden();
  }
  if (member.layer === input.layer) return found(await loadView(tx, access.value, memberId, member));
  if (member.layer !== input.currentLayer) return conflict(await loadView(tx, access.value, memberId, member));
  const history = await layerHistory(tx, memberId);
  if (history[0] && input.since < history[0].since) {
    throw new AppError('VALIDATION', { fields: [{ field: 'since', message: 'validation.pyramid_since_before_last' }] });
  }
  // REL-LOCK: the move lands only on the layer the form showed. Two moves at once both pass the check above;
  // the second waits for the first's row lock, then finds another layer and becomes a conflict (no lost update,
  // no double history).
  const moved = rowsOf<{ id: string }>(await tx.execute(sql`
    update household_members set pyramid_layer = ${input.layer}
     where id = ${memberId} and household_id = ${householdId} and pyramid_layer = ${input.currentLayer} returning id`));
  if (moved.length === 0) {
    const now = rowsOf<{ layer: PyramidLayer }>(await tx.execute(sql`select pyramid_layer as layer from household_members where id = ${memberId}`))[0]!;
    return conflict(await loadView(tx, access.value, memberId, { ...member, layer: now.layer }));
  }
  const org = sql`(select organisation_id from households where id = ${householdId})`;
  if (history.length === 0) {
    const from = member.createdOn < input.since ? member.createdOn : input.since;
    // Recorded a moment earlier than the change itself, so on the same day it still sorts as the older one.
    await tx.execute(sql`
      insert into pyramid_layer_history (organisation_id, household_id, member_id, layer, since, recorded_by, created_at)
      values (${org}, ${householdId}, ${memberId}, ${member.layer}, ${from}, null, now() - interval '1 second')`);
  }
  await tx.execute(sql`
    insert into pyramid_layer_history (organisation_id, household_id, member_id, layer, since, recorded_by)
    values (${org}, ${householdId}, ${memberId}, ${input.layer}, ${input.since}, ${caller.actor.userId})`);
  await writeAudit(tx, caller.audit, {
    action: PYRAMID_AUDIT.update, result: 'ok', recordType: 'household_member', recordId: memberId,
    subjectHouseholdId: householdId, subjectPersonId: memberId, detail: { from: member.layer, to: input.layer },
  });
  return found(await loadView(tx, access.value, memberId, { ...member, layer: input.layer }));
}
