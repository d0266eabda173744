import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import { conflict, found, notFound, type Caller, type Outcome } from '../../platform/context.ts';
import { isUuid } from '../../platform/validation.ts';
import { householdScope } from '../households/index.ts';
import type { FollowUpDoneInput } from './inputs.ts';
import type { FollowUpStatus, VisitOutcome, VisitTopic } from './schema.ts';
import { todayIso } from '../../platform/dates.ts';

// Follow-ups of walk-in visits: tasks for the one they were assigned to (the coach a visitor was referred to, or
// the infopunt worker who made a new appointment). Each sees only her own; "Klaar" closes one at the version read.

export interface FollowUpView {
  id: string;
  dueOn: string;
  /** Short and practical, typed at the desk; never logged (LOG-CLEAN). */
  description: string;
  status: FollowUpStatus;
  version: number;
  topic: VisitTopic;
  outcome: VisitOutcome;
  infopuntName: string;
  visitOn: string;
  /** The linked household: its id only when she may open the dossier; the reference also when she linked it herself. */
  householdId: string | null;
  householdReference: string | null;
  loggedByName: string | null;
}

function columns(caller: Caller) {
  const { actor } = caller;
  // Whether the caller may see the household at all (her caseload scope), computed as the dossier would.
  const visible = sql`exists (select 1 from households h where h.id = f.household_id and ${householdScope(actor)})`;
  return sql`f.id, f.due_on::text as "dueOn", f.description, f.status, f.version, v.topic, v.outcome, i.name as "infopuntName",
    v.occurred_on::text as "visitOn",
    case when f.household_id is not null and ${visible} then f.household_id end as "householdId",
    case when f.household_id is not null and (${visible} or v.logged_by = ${actor.userId})
         then (select h.reference from households h where h.id = f.household_id) end as "householdReference",
    u.display_name as "loggedByName"`;
}

const FROM = sql`infopunt_follow_ups f
  join infopunt_visits v on v.id = f.visit_id
  join infopunten i on i.id = v.infopunt_id
  left join users u on u.id = v.logged_by`;

export interface FollowUpList {
  items: FollowUpView[];
  /** Open follow-ups assigned to her in all (the list may show fewer). */
  total: number;
  /** Of those, past their due date. */
  overdue: number;
}

/** The caller's open follow-ups, the earliest due first (audited with counts). */
export async function listMyFollowUps(tx: Tx, caller: Caller, options: { limit?: number; today?: string } = {}): Promise<FollowUpList> {
  const me = caller.actor.userId;
  const today = options.today ?? todayIso();
  const limit = Math.max(1, Math.min(options.limit ?? 50, 200));
  const counts = rowsOf<{ total: number; overdue: number }>(await tx.execute(sql`
    select count(*)::int as total, count(*) filter (where due_on < ${today})::int as overdue
      from infopunt_follow_ups where assigned_to = ${me} and status = 'open'`))[0] ?? { total: 0, overdue: 0 };
  const items = counts.total === 0 ? [] : rowsOf<FollowUpView>(await tx.execute(sql`
    select ${columns(caller)} from ${FROM}
     where f.assigned_to = ${me} and f.status = 'open'
     order by f.due_on, f.created_at, f.id limit ${limit}`));
  await writeAudit(tx, caller.audit, {
    action: 'infopunt_follow_up.list', result: 'ok', recordType: 'infopunt_follow_up',
    detail: { returned: items.length, total: counts.total, overdue: counts.overdue },
  });
  return { items, total: counts.total, overdue: counts.overdue };
}

async function hidden(tx: Tx, caller: Caller, id: string): Promise<Outcome<FollowUpView>> {
  await writeAudit(tx, caller.audit, {
    action: 'access.denied', result: 'not_found', recordType: 'infopunt_follow_up', recordId: isUuid(id) ? id : undefined,
    detail: { attempted: 'infopunt_follow_up.complete' },
  });
  return notFound();
}

/**
 * "Klaar": the one it is assigned to marks her follow-up done at the version she read (REL-LOCK). Someone
 * else's follow-up, another organisation's and a random id answer alike (404, audited).
 */
export async function completeFollowUp(tx: Tx, caller: Caller, id: string, given: FollowUpDoneInput | (() => FollowUpDoneInput)): Promise<Outcome<FollowUpView>> {
  if (!isUuid(id)) return hidden(tx, caller, id);
  const me = caller.actor.userId;
  const load = async () => rowsOf<FollowUpView & { householdKey: string | null }>(await tx.execute(sql`
    select ${columns(caller)}, f.household_id as "householdKey" from ${FROM} where f.id = ${id} and f.assigned_to = ${me}`))[0];
  const before = await load();
  if (!before) return hidden(tx, caller, id);
  // The body is parsed only now: someone else's follow-up answers 404 whatever was sent.
  const input = typeof given === 'function' ? given() : given;
  const updated = rowsOf<{ id: string }>(await tx.execute(sql`
    update infopunt_follow_ups set status = 'done', done_at = now(), done_by = ${me}, version = version + 1
     where id = ${id} and assigned_to = ${me} and status = 'open' and version = ${input.version} returning id`));
  const { householdKey, ...current } = (await load())!;
  if (updated.length === 0) return conflict(current);
  await writeAudit(tx, caller.audit, {
    action: 'infopunt_follow_up.complete', result: 'ok', recordType: 'infopunt_follow_up', recordId: id,
    subjectHouseholdId: householdKey ?? undefined, detail: { version: current.version, overdue: current.dueOn < todayIso() },
  });
  return found(current);
}

/**
 * A household's new coach takes over the open follow-ups the infopunt addressed to the coach before her: the
 * task belongs with whoever guides the family now (the old coach no longer reaches the household).
 */
export async function handOverFollowUps(tx: Tx, householdId: string, fromCoachId: string, toCoachId: string): Promise<number> {
  const moved = await tx.execute(sql`
    update infopunt_follow_ups set assigned_to = ${toCoachId}, version = version + 1
     where household_id = ${householdId} and assigned_to = ${fromCoachId} and status = 'open'
       -- A new appointment at the infopunt stays with whoever logged it, even if that was the old coach.
       and visit_id in (select id from infopunt_visits where household_id = ${householdId} and outcome <> 'follow_up')
    returning id`);
  return rowsOf<{ id: string }>(moved).length;
}
