import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import { AppError } from '../../platform/errors.ts';
import { conflict, forbidden, found, notFound, type Caller, type Outcome } from '../../platform/context.ts';
import { can, type HouseholdRelation } from '../../platform/policy.ts';
import { auditForbidden, visibleHousehold } from '../households/index.ts';
import type { CloseInput } from './inputs.ts';
import { appliesToSql, currentPhase, defaultPhases, RETENTION_YEARS_AFTER_CLOSE } from './programme.ts';
import type { CloseReason, Phase } from './schema.ts';
import { ensureTemplates } from './templates.ts';
import { isUuid } from '../../platform/validation.ts';
import { releaseForClosedTrajectory } from '../groups/index.ts';
import { todayIso } from '../../platform/dates.ts';
export { todayIso };

/**
 * Start a trajectory (and its basis-op-orde checklist from the municipality's template) for each of these
 * households of the caller's organisation that has a housing date and no trajectory yet. Set-based (one
 * statement per table, whatever the number of households) and idempotent. Returns how many started.
 *
 * The caller has settled the permission (registration, import, trajectory.manage): this only ever touches the
 * caller's own organisation. A household whose trajectory was closed is not started again: its file is
 * read-only and its retention period runs (RETAIN).
 */
export async function startTrajectories(tx: Tx, caller: Caller, householdIds: readonly string[]): Promise<number> {
  const ids = [...new Set(householdIds.filter((id) => isUuid(id)))];
  if (ids.length === 0) return 0;
  const org = caller.actor.organisationId;
  await ensureTemplates(tx, org);
  const idArray = `{${ids.join(',')}}`;
  const start = sql`s.started_on`;
  const rows = rowsOf<{ started: number }>(
    await tx.execute(sql`
      with started as (
        insert into trajectories (organisation_id, household_id, municipality_code, started_on, planned_end_on, duration_months, phases)
        select h.organisation_id, h.id, h.municipality_code, h.housing_date,
               (h.housing_date + make_interval(months => coalesce(om.trajectory_months, 12)))::date,
               coalesce(om.trajectory_months, 12),
               coalesce(om.phases, case when om.trajectory_months = 18 then ${JSON.stringify(defaultPhases(18))}::jsonb
                                        else ${JSON.stringify(defaultPhases(12))}::jsonb end)
          from households h
          left join organisation_municipalities om on om.organisation_id = h.organisation_id and om.municipality_code = h.municipality_code
         where h.id = any(${idArray}::uuid[]) and h.organisation_id = ${org} and h.housing_date is not null
           and not exists (select 1 from trajectories x where x.household_id = h.id)
        on conflict (household_id) where status = 'open' do nothing
        returning id, household_id, organisation_id, municipality_code, started_on
      ),
      items as (
        insert into checklist_items (organisation_id, household_id, trajectory_id, member_id, template_item_id, item_key, label, due_on, owner, position)
        select s.organisation_id, s.household_id, s.id, m.id, ti.id, ti.item_key, ti.label, s.started_on + ti.due_days, ti.owner, ti.position
          from started s
          join checklist_template_items ti on ti.organisation_id = s.organisation_id and ti.municipality_code = s.municipality_code and ti.active
          left join household_members m on ti.scope = 'person' and m.household_id = s.household_id
                                       and ${appliesToSql(sql`ti.applies_to`, 'm', start)}
         where (ti.scope = 'person' and m.id is not null)
            or (ti.scope = 'household' and (ti.applies_to = 'all' or exists (
                 select 1 from household_members hm where hm.household_id = s.household_id
                    and ${appliesToSql(sql`ti.applies_to`, 'hm', start)})))
        returning 1
      )
      select (select count(*)::int from started) as started, (select count(*)::int from items) as items`),
  );
  const started = rows[0]?.started ?? 0;
  if (started > 0) {
    await writeAudit(tx, caller.audit, {
      action: 'trajectory.start',
      result: 'ok',
      recordType: 'trajectory',
      ...(ids.length === 1 ? { subjectHouseholdId: ids[0] } : {}),
      detail: { households: started },
    });
  }
  return started;
}

export interface TrajectoryView {
  id: string;
  householdId: string;
  municipalityCode: string;
  startedOn: string;
  plannedEndOn: string;
  durationMonths: number;
  phases: Phase[];
  status: 'open' | 'closed';
  closedOn: string | null;
  closeReason: CloseReason | null;
  movedToMunicipalityCode: string | null;
  movedToMunicipalityName: string | null;
  closingEvaluation: string | null;
  handoverNote: string | null;
  closedByName: string | null;
  retentionUntil: string | null;
  version: number;
  /** Derived for today. */
  currentPhase: { key: string; contactEveryDays: number; index: number } | null;
  monthsElapsed: number;
}

export interface ChecklistProgress {
  total: number;
  done: number;
  notApplicable: number;
  open: number;
  overdue: number;
}

/** The household's latest trajectory (or null), without access checks: the caller settled visibility. */
export async function loadTrajectory(tx: Tx, householdId: string, today = todayIso()): Promise<TrajectoryView | null> {
  const rows = rowsOf<Omit<TrajectoryView, 'currentPhase' | 'monthsElapsed'>>(
    await tx.execute(sql`
      select t.id, t.household_id as "householdId", t.municipality_code as "municipalityCode",
             t.started_on::text as "startedOn", t.planned_end_on::text as "plannedEndOn", t.duration_months as "durationMonths",
             t.phases, t.status, t.closed_on::text as "closedOn", t.close_reason as "closeReason",
             t.moved_to_municipality_code as "movedToMunicipalityCode", mu.name as "movedToMunicipalityName",
             t.closing_evaluation as "closingEvaluation", t.handover_note as "handoverNote", u.display_name as "closedByName",
             t.retention_until::text as "retentionUntil", t.version
        from trajectories t
        left join municipalities mu on mu.code = t.moved_to_municipality_code
        left join users u on u.id = t.closed_by
       where t.household_id = ${householdId}
       order by t.started_on desc, t.created_at desc limit 1`),
  );
  const t = rows[0];
  if (!t) return null;
  const now = currentPhase(t, today);
  return {
    ...t,
    currentPhase: t.status === 'open' ? { key: now.phase.key, contactEveryDays: now.phase.contactEveryDays, index: now.index } : null,
    monthsElapsed: now.monthsElapsed,
  };
}

/** Counts of one trajectory's checklist (filtered by household too, so the household index serves it). */
export async function checklistProgress(tx: Tx, trajectory: { id: string; householdId: string }, today = todayIso()): Promise<ChecklistProgress> {
  const rows = rowsOf<ChecklistProgress>(
    await tx.execute(sql`
      select count(*)::int as total,
             count(*) filter (where status = 'done')::int as done,
             count(*) filter (where status = 'not_applicable')::int as "notApplicable",
             count(*) filter (where status = 'open')::int as open,
             count(*) filter (where status = 'open' and due_on < ${today}::date)::int as overdue
        from checklist_items where household_id = ${trajectory.householdId} and trajectory_id = ${trajectory.id}`),
  );
  return rows[0]!;
}

export interface TrajectoryAccess {
  relation: HouseholdRelation;
  housingDate: string | null;
  canManage: boolean;
  canUpdateChecklist: boolean;
}

/**
 * Resolve a household for the trajectory and checklist: invisible → 404 (audited by visibleHousehold); visible
 * but of another organisation (the regisseur's view: the coaching programme is the organisation's) → 403.
 */
export async function trajectoryAccess(tx: Tx, caller: Caller, householdId: string, attempted: string): Promise<Outcome<TrajectoryAccess>> {
  const visible = await visibleHousehold(tx, caller, householdId);
  if (!visible) return notFound();
  if (!visible.relation.sameOrganisation) {
    await auditForbidden(tx, caller, householdId, attempted);
    return forbidden();
  }
  const rows = rowsOf<{ housingDate: string | null }>(await tx.execute(sql`select housing_date::text as "housingDate" from households where id = ${householdId}`));
  return found({
    relation: visible.relation,
    housingDate: rows[0]?.housingDate ?? null,
    canManage: can(caller.actor, 'trajectory.manage', visible.relation),
    canUpdateChecklist: can(caller.actor, 'checklist.update', visible.relation),
  });
}

/** Start the trajectory of one household by hand (trajectory.manage). 409 when it has one already. */
export async function startTrajectory(tx: Tx, caller: Caller, householdId: string): Promise<Outcome<TrajectoryView>> {
  const access = await trajectoryAccess(tx, caller, householdId, 'trajectory.manage');
  if (!access.ok) return access;
  if (!access.value.canManage) {
    await auditForbidden(tx, caller, householdId, 'trajectory.manage');
    return forbidden();
  }
  const existing = await loadTrajectory(tx, householdId);
  if (existing) return conflict(existing);
  if (!access.value.housingDate) throw new AppError('VALIDATION', { fields: [{ field: 'housingDate', message: 'trajectory.validation.no_housing_date' }] });
  await startTrajectories(tx, caller, [householdId]);
  const started = await loadTrajectory(tx, householdId);
  return started ? found(started) : notFound();
}

export interface ReadTrajectory {
  trajectory: TrajectoryView | null;
  progress: ChecklistProgress | null;
  permissions: { canManage: boolean; canUpdateChecklist: boolean };
}

/** The trajectory of a household for the API (audited read). */
export async function readTrajectory(tx: Tx, caller: Caller, householdId: string): Promise<Outcome<ReadTrajectory>> {
  const access = await trajectoryAccess(tx, caller, householdId, 'trajectory.read');
  if (!access.ok) return access;
  const trajectory = await loadTrajectory(tx, householdId);
  const progress = trajectory ? await checklistProgress(tx, trajectory) : null;
  await writeAudit(tx, caller.audit, { action: 'trajectory.read', result: 'ok', recordType: 'trajectory', recordId: trajectory?.id, subjectHouseholdId: householdId });
  return found({ trajectory, progress, permissions: { canManage: access.value.canManage, canUpdateChecklist: access.value.canUpdateChecklist } });
}

/** What the closing form needs: the open trajectory, or why it cannot be closed. */
export async function closingContext(tx: Tx, caller: Caller, householdId: string): Promise<Outcome<TrajectoryView>> {
  const access = await trajectoryAccess(tx, caller, householdId, 'trajectory.close');
  if (!access.ok) return access;
  const trajectory = await loadTrajectory(tx, householdId);
  // Closing needs the right and an open trajectory; a closed file is read-only for everyone.
  if (!access.value.canManage || !trajectory || trajectory.status !== 'open' || access.value.relation.fileClosed) {
    await auditForbidden(tx, caller, householdId, 'trajectory.close');
    return forbidden();
  }
  return found(trajectory);
}

/**
 * Close the trajectory: evaluation, reason, warm handover. The file becomes read-only (policy: fileClosed) and
 * RETAIN starts: retention_until = closed_on + RETENTION_YEARS_AFTER_CLOSE. The active coach assignment ends in
 * the same transaction. REL-LOCK on the trajectory version.
 */
export async function closeTrajectory(tx: Tx, caller: Caller, householdId: string, input: CloseInput): Promise<Outcome<TrajectoryView>> {
  const open = await closingContext(tx, caller, householdId);
  if (!open.ok) return open;
  if (input.closedOn < open.value.startedOn) throw new AppError('VALIDATION', { fields: [{ field: 'closedOn', message: 'trajectory.validation.closed_before_start' }] });
  const moved = input.reason === 'moved' ? (input.movedToMunicipalityCode ?? null) : null;
  if (moved) {
    const known = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from municipalities where code = ${moved}`));
    if (!known[0]?.n) throw new AppError('VALIDATION', { fields: [{ field: 'movedToMunicipalityCode', message: 'validation.invalid_municipality' }] });
  }
  const updated = rowsOf<{ id: string }>(
    await tx.execute(sql`
      update trajectories set status = 'closed', closed_on = ${input.closedOn}, close_reason = ${input.reason},
             moved_to_municipality_code = ${moved}, closing_evaluation = ${input.evaluation}, handover_note = ${input.handoverNote ?? null},
             closed_by = ${caller.actor.userId},
             retention_until = (${input.closedOn}::date + make_interval(years => ${RETENTION_YEARS_AFTER_CLOSE}))::date,
             version = version + 1
       where id = ${open.value.id} and status = 'open' and version = ${input.version}
       returning id`),
  );
  const now = await loadTrajectory(tx, householdId);
  if (updated.length === 0) return conflict(now);
  // The coaching ends with the trajectory: the coach's access to the file ends with it (in this transaction), and
  // a closed file is never handed over to a new coach. Her assignment stays in the history, ended today.
  const ended = rowsOf<{ coachId: string }>(
    await tx.execute(sql`update coach_assignments set ended_at = now()
                          where household_id = ${householdId} and organisation_id = ${caller.actor.organisationId} and ended_at is null
                         returning coach_id as "coachId"`),
  );
  // Places in groups that still run are given up with the file (it becomes read-only); the waitlists move up.
  const releasedPlaces = await releaseForClosedTrajectory(tx, caller, householdId);
  await writeAudit(tx, caller.audit, {
    action: 'trajectory.close',
    result: 'ok',
    recordType: 'trajectory',
    recordId: open.value.id,
    subjectHouseholdId: householdId,
    // Reason codes only; the evaluation and handover are free text and stay out of the trail (LOG-CLEAN).
    detail: { reason: input.reason, movedTo: moved, retentionUntil: now?.retentionUntil ?? null, endedCoachId: ended[0]?.coachId ?? null, releasedPlaces },
  });
  return found(now!);
}
