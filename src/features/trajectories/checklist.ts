import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import { AppError } from '../../platform/errors.ts';
import { conflict, forbidden, found, notFound, type Caller, type Outcome } from '../../platform/context.ts';
import { maxSensitivity, type Actor } from '../../platform/policy.ts';
import { auditForbidden } from '../households/index.ts';
import type { ChecklistItemInput, ChecklistUpdateInput } from './inputs.ts';
import type { ChecklistOwner, ChecklistStatus } from './schema.ts';
import { checklistProgress, loadTrajectory, todayIso, trajectoryAccess, type ChecklistProgress, type TrajectoryView } from './trajectories.ts';
import { isUuid } from '../../platform/validation.ts';


export interface ChecklistItemView {
  id: string;
  /** A built-in item (label: `checklist.item.<key>`), or null for one with its own label. */
  itemKey: string | null;
  label: string | null;
  memberId: string | null;
  /** First name of the person a per-person item is for. */
  memberName: string | null;
  dueOn: string;
  owner: ChecklistOwner;
  status: ChecklistStatus;
  doneOn: string | null;
  note: string | null;
  notApplicableReason: string | null;
  version: number;
  updatedByName: string | null;
  updatedAt: string;
}

/** The closing evaluation and the warm-handover note: free text about the family (AUTH-FIELDS). */
const SENSITIVE_TRAJECTORY_KEYS = ['closingEvaluation', 'handoverNote'] as const;
type SensitiveTrajectoryKey = (typeof SENSITIVE_TRAJECTORY_KEYS)[number];

/** A trajectory as one role may receive it: the sensitive keys are absent (not null) below the sensitive class. */
export type TrajectoryForRole = Omit<TrajectoryView, SensitiveTrajectoryKey> & Partial<Pick<TrajectoryView, SensitiveTrajectoryKey>>;

/**
 * AUTH-FIELDS: only a role that may receive sensitive sections (coordinator, professional) gets the closing
 * evaluation and the handover note; for everyone else (a volunteer) the keys are left out altogether.
 */
export function trajectoryForRole(actor: Actor, trajectory: TrajectoryView): TrajectoryForRole;
export function trajectoryForRole(actor: Actor, trajectory: TrajectoryView | null): TrajectoryForRole | null;
export function trajectoryForRole(actor: Actor, trajectory: TrajectoryView | null): TrajectoryForRole | null {
  if (!trajectory || maxSensitivity(actor.role) === 'sensitive') return trajectory;
  const { closingEvaluation: _evaluation, handoverNote: _handover, ...rest } = trajectory;
  return rest;
}

export interface ChecklistView {
  trajectory: TrajectoryForRole | null;
  items: ChecklistItemView[];
  progress: ChecklistProgress | null;
  /** For the person choice when adding an item: first names only. */
  members: { id: string; firstName: string }[];
  canUpdate: boolean;
}

const ITEM_COLUMNS = sql`ci.id, ci.item_key as "itemKey", ci.label, ci.member_id as "memberId",
  split_part(m.given_names, ' ', 1) as "memberName", ci.due_on::text as "dueOn", ci.owner, ci.status,
  ci.done_on::text as "doneOn", ci.note, ci.not_applicable_reason as "notApplicableReason", ci.version,
  u.display_name as "updatedByName", ci.updated_at as "updatedAt"`;

async function loadItems(tx: Tx, where: ReturnType<typeof sql>): Promise<ChecklistItemView[]> {
  const rows = rowsOf<ChecklistItemView & { updatedAt: string | Date }>(
    await tx.execute(sql`select ${ITEM_COLUMNS}
      from checklist_items ci
      left join household_members m on m.id = ci.member_id
      left join users u on u.id = ci.updated_by
     where ${where}
     order by ci.due_on, ci.position, m.date_of_birth nulls first, ci.id`),
  );
  return rows.map((r) => ({ ...r, updatedAt: new Date(r.updatedAt).toISOString() }));
}

async function loadItem(tx: Tx, householdId: string, itemId: string): Promise<ChecklistItemView | null> {
  return (await loadItems(tx, sql`ci.id = ${itemId} and ci.household_id = ${householdId}`))[0] ?? null;
}

/** The checklist of a household's latest trajectory (audited read; the regisseur's view stops at 403). */
export async function readChecklist(tx: Tx, caller: Caller, householdId: string): Promise<Outcome<ChecklistView>> {
  const access = await trajectoryAccess(tx, caller, householdId, 'checklist.read');
  if (!access.ok) return access;
  const trajectory = await loadTrajectory(tx, householdId);
  const items = trajectory ? await loadItems(tx, sql`ci.household_id = ${householdId} and ci.trajectory_id = ${trajectory.id}`) : [];
  const progress = trajectory ? await checklistProgress(tx, trajectory) : null;
  const members = rowsOf<{ id: string; firstName: string }>(await tx.execute(sql`
    select id, split_part(given_names, ' ', 1) as "firstName" from household_members where household_id = ${householdId}
     order by case relation when 'head' then 0 when 'partner' then 1 else 2 end, date_of_birth nulls last, id`));
  await writeAudit(tx, caller.audit, { action: 'checklist.read', result: 'ok', recordType: 'trajectory', recordId: trajectory?.id, subjectHouseholdId: householdId, detail: { items: items.length } });
  return found({ trajectory: trajectoryForRole(caller.actor, trajectory), items, progress, members, canUpdate: access.value.canUpdateChecklist && trajectory?.status === 'open' });
}

/**
 * AUTH-HIDE: an item id that is malformed, does not exist or belongs to another household answers exactly as a
 * random id (404), and the denial is audited like any hidden record.
 */
async function hiddenItem(tx: Tx, caller: Caller, householdId: string, itemId: string): Promise<Outcome<ChecklistItemView>> {
  await writeAudit(tx, caller.audit, {
    action: 'access.denied',
    result: 'not_found',
    recordType: 'checklist_item',
    recordId: isUuid(itemId) ? itemId : undefined,
    subjectHouseholdId: householdId,
    detail: { attempted: 'checklist.update' },
  });
  return notFound();
}

async function writable(tx: Tx, caller: Caller, householdId: string): Promise<Outcome<TrajectoryView>> {
  const access = await trajectoryAccess(tx, caller, householdId, 'checklist.update');
  if (!access.ok) return access;
  const trajectory = await loadTrajectory(tx, householdId);
  // A closed file is read-only (policy: fileClosed), and there is nothing to tick off without a trajectory.
  if (!access.value.canUpdateChecklist || !trajectory || trajectory.status !== 'open') {
    await auditForbidden(tx, caller, householdId, 'checklist.update');
    return forbidden();
  }
  return found(trajectory);
}

/**
 * Tick an item off, mark it not applicable, or open it again. REL-LOCK: the update states the version it
 * read; when someone else changed the item meanwhile, the answer is a conflict with the item as it is now.
 */
export async function updateChecklistItem(tx: Tx, caller: Caller, householdId: string, itemId: string, input: ChecklistUpdateInput): Promise<Outcome<ChecklistItemView>> {
  const open = await writable(tx, caller, householdId);
  if (!open.ok) return open;
  if (!isUuid(itemId)) return hiddenItem(tx, caller, householdId, itemId);
  const doneOn = input.status === 'done' ? input.doneOn : null;
  const reason = input.status === 'not_applicable' ? input.reason : null;
  // A reopened item keeps its note; ticking it off again replaces it.
  const note = input.status === 'done' ? sql`${input.note ?? null}` : sql`note`;
  const updated = rowsOf<{ id: string }>(
    await tx.execute(sql`
      update checklist_items set status = ${input.status}, done_on = ${doneOn}, not_applicable_reason = ${reason}, note = ${note},
             version = version + 1, updated_by = ${caller.actor.userId}, updated_at = now()
       where id = ${itemId} and household_id = ${householdId} and trajectory_id = ${open.value.id} and version = ${input.version}
       returning id`),
  );
  const current = await loadItem(tx, householdId, itemId);
  if (!current) return hiddenItem(tx, caller, householdId, itemId);
  if (updated.length === 0) return conflict(current);
  await writeAudit(tx, caller.audit, {
    action: 'checklist.update',
    result: 'ok',
    recordType: 'checklist_item',
    recordId: itemId,
    subjectHouseholdId: householdId,
    // The status and the item's key; never the note or the reason (free text, LOG-CLEAN).
    detail: { status: input.status, item: current.itemKey, version: current.version },
  });
  return found(current);
}

/** Add an item of one's own to the household's checklist, for the household or one person. */
export async function addChecklistItem(tx: Tx, caller: Caller, householdId: string, input: ChecklistItemInput): Promise<Outcome<ChecklistItemView>> {
  const open = await writable(tx, caller, householdId);
  if (!open.ok) return open;
  if (input.memberId) {
    const member = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from household_members where id = ${input.memberId} and household_id = ${householdId}`));
    if (!member[0]?.n) throw new AppError('VALIDATION', { fields: [{ field: 'memberId', message: 'validation.invalid_choice' }] });
  }
  const inserted = rowsOf<{ id: string }>(
    await tx.execute(sql`
      insert into checklist_items (organisation_id, household_id, trajectory_id, member_id, label, due_on, owner, position, updated_by)
      values (${caller.actor.organisationId}, ${householdId}, ${open.value.id}, ${input.memberId ?? null}, ${input.label}, ${input.dueOn}, ${input.owner},
              1000, ${caller.actor.userId})
      returning id`),
  );
  const id = inserted[0]!.id;
  await writeAudit(tx, caller.audit, { action: 'checklist.create', result: 'ok', recordType: 'checklist_item', recordId: id, subjectHouseholdId: householdId });
  return found((await loadItem(tx, householdId, id))!);
}

export type ChecklistGroup = 'overdue' | 'soon' | 'later' | 'closed';

/** Where an item goes on the checklist page: overdue first, then due within `soonDays`, later, and done / n.a. */
export function groupOf(item: Pick<ChecklistItemView, 'status' | 'dueOn'>, today = todayIso(), soonDays = 14): ChecklistGroup {
  if (item.status !== 'open') return 'closed';
  if (item.dueOn < today) return 'overdue';
  const soon = new Date(Date.parse(`${today}T00:00:00Z`) + soonDays * 86_400_000).toISOString().slice(0, 10);
  return item.dueOn <= soon ? 'soon' : 'later';
}
