import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Database, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { forbidden, found, inTenant, offsetOf, type Caller, type Outcome, type Paged } from '../../platform/context.ts';
import { can, canAtInfopunt } from '../../platform/policy.ts';
import { addDays, FILE_CLOSED } from '../households/index.ts';
import { infopuntAccess } from './access.ts';
import { needsFollowUp, type VisitFilterInput, type VisitInput } from './inputs.ts';
import type { FollowUpStatus, VisitAuthority, VisitOutcome, VisitTopic } from './schema.ts';
import { todayIso } from '../../platform/dates.ts';

// Walk-in visits (issue 5): logged in seconds, anonymous by default, optionally linked to a household found with
// the lookup; a follow-up outcome becomes a task for the right person. Lists are scoped (AUTH-LISTS): who works at
// an infopunt sees the visits she logged herself; only the coordinator lists every visit of the organisation.

/** A follow-up is due at most this many days ahead. */
const MAX_DUE_DAYS = 365;
/** A follow-up's default due date: a week after the visit. */
export const DEFAULT_DUE_DAYS = 7;
/** The field error of a household she may not link (unknown, another organisation's, a closed file). */
const UNKNOWN_HOUSEHOLD = 'validation.infopunten_household_unknown';

export interface VisitView {
  id: string;
  infopuntId: string;
  infopuntName: string;
  occurredOn: string;
  /** When it was logged (ISO 8601, UTC): the desk shows the local time. */
  loggedAt: string;
  topic: VisitTopic;
  authority: VisitAuthority;
  language: string;
  withInterpreter: boolean;
  durationMinutes: number;
  outcome: VisitOutcome;
  /** The linked household's reference: the only thing about it a visit list shows. */
  householdReference: string | null;
  /** The coordinator's list of every visit names who logged each; the key is absent in one's own list. */
  loggedByName?: string;
  followUp: { status: FollowUpStatus; dueOn: string } | null;
}

export interface LoggedVisit {
  visit: VisitView;
  /** False when the idempotency key matched an earlier visit and that one is returned (REL-IDEM). */
  created: boolean;
  /** The follow-up task, when the outcome asks for one: who it is for and when it is due. */
  followUp: { id: string; assignedTo: string; assignedToMe: boolean; dueOn: string } | null;
}

const VISIT_COLUMNS = sql`v.id, v.infopunt_id as "infopuntId", i.name as "infopuntName", v.occurred_on::text as "occurredOn",
  to_char(v.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "loggedAt", v.topic, v.authority, v.language,
  v.with_interpreter as "withInterpreter", v.duration_minutes as "durationMinutes", v.outcome, h.reference as "householdReference",
  case when f.id is null then null else json_build_object('status', f.status, 'dueOn', f.due_on::text) end as "followUp"`;

const VISIT_FROM = sql`infopunt_visits v
  join infopunten i on i.id = v.infopunt_id
  left join households h on h.id = v.household_id
  left join infopunt_follow_ups f on f.visit_id = v.id`;

async function loadVisit(tx: Tx, visitId: string): Promise<VisitView> {
  return rowsOf<VisitView>(await tx.execute(sql`select ${VISIT_COLUMNS} from ${VISIT_FROM} where v.id = ${visitId}`))[0]!;
}

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION', { fields: [{ field, message }] });
}

/**
 * Log one visit at an infopunt where the caller may log (she works there, or she is the coordinator). A replay
 * with the same idempotency key returns the first visit and adds nothing (a double tap, a retry on a poor line).
 */
export async function logVisit(tx: Tx, caller: Caller, infopuntId: string, input: VisitInput, today = todayIso()): Promise<Outcome<LoggedVisit>> {
  const access = await infopuntAccess(tx, caller, infopuntId, 'infopunt.log');
  if (!access.ok) return access;
  const { actor } = caller;
  if (input.idempotencyKey) {
    const earlier = await replayOf(tx, caller, input.idempotencyKey);
    if (earlier) return found(earlier);
  }
  if (!access.value.active) throw invalid('infopuntId', 'validation.infopunten_inactive');

  // The link: only for who may look households up, only to an open file of her own organisation.
  let household: { id: string; coachId: string | null } | null = null;
  if (input.householdId) {
    if (!can(actor, 'infopunt.find_household')) {
      await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'denied', recordType: 'household', detail: { attempted: 'infopunt.find_household' } });
      return forbidden();
    }
    household = rowsOf<{ id: string; coachId: string | null }>(await tx.execute(sql`
      select h.id, (select ca.coach_id from coach_assignments ca where ca.household_id = h.id and ca.ended_at is null
                     order by ca.started_at desc limit 1) as "coachId"
        from households h where h.id = ${input.householdId} and h.organisation_id = ${actor.organisationId} and not ${FILE_CLOSED}`))[0] ?? null;
    if (!household) throw invalid('householdId', UNKNOWN_HOUSEHOLD);
  }

  // Whose task the follow-up becomes: a new appointment stays with who logged it; a referral to the coach needs
  // a linked household with a coach; a referral to a partner goes to the coach when there is one, else stays.
  let assignee: string | null = null;
  let dueOn: string | null = null;
  if (needsFollowUp(input.outcome)) {
    const errors: FieldError[] = [];
    if (input.outcome === 'referred_coach' && !household?.coachId) errors.push({ field: 'outcome', message: 'validation.infopunten_needs_coach' });
    dueOn = input.followUpDueOn ?? addDays(today, DEFAULT_DUE_DAYS);
    if (dueOn < today) errors.push({ field: 'followUpDueOn', message: 'validation.infopunten_due_past' });
    else if (dueOn > addDays(today, MAX_DUE_DAYS)) errors.push({ field: 'followUpDueOn', message: 'validation.infopunten_due_far' });
    if (errors.length) throw new AppError('VALIDATION', { fields: errors });
    assignee = input.outcome === 'follow_up' ? actor.userId : household?.coachId ?? actor.userId;
  }

  const inserted = rowsOf<{ id: string }>(await tx.execute(sql`
    insert into infopunt_visits (organisation_id, infopunt_id, logged_by, occurred_on, topic, authority, language, with_interpreter,
                                 duration_minutes, outcome, household_id, idempotency_key)
    values (${actor.organisationId}, ${infopuntId}, ${actor.userId}, ${today}, ${input.topic}, ${input.authority}, ${input.language},
            ${input.withInterpreter}, ${input.durationMinutes}, ${input.outcome}, ${household?.id ?? null}, ${input.idempotencyKey ?? null})
    on conflict (logged_by, idempotency_key) where idempotency_key is not null do nothing
    returning id`));
  if (inserted.length === 0) {
    // The same key committed meanwhile (two taps at once): the first one stands.
    const earlier = await replayOf(tx, caller, input.idempotencyKey!);
    if (earlier) return found(earlier);
    throw new AppError('CONFLICT');
  }
  const visitId = inserted[0]!.id;
  let followUp: LoggedVisit['followUp'] = null;
  if (assignee && dueOn) {
    const id = rowsOf<{ id: string }>(await tx.execute(sql`
      insert into infopunt_follow_ups (organisation_id, visit_id, household_id, assigned_to, due_on, description)
      values (${actor.organisationId}, ${visitId}, ${household?.id ?? null}, ${assignee}, ${dueOn}, ${input.followUpDescription!})
      returning id`))[0]!.id;
    followUp = { id, assignedTo: assignee, assignedToMe: assignee === actor.userId, dueOn };
  }
  // Keys and statuses only: never the follow-up's description (LOG-CLEAN).
  await writeAudit(tx, caller.audit, {
    action: 'infopunt_visit.create', result: 'ok', recordType: 'infopunt_visit', recordId: visitId,
    subjectHouseholdId: household?.id,
    detail: {
      infopunt: infopuntId, topic: input.topic, authority: input.authority, outcome: input.outcome, durationMinutes: input.durationMinutes,
      linked: household !== null, followUp: followUp?.id ?? null, assignedToCoach: followUp ? followUp.assignedTo !== actor.userId : null,
    },
  });
  return found({ visit: await loadVisit(tx, visitId), created: true, followUp });
}

/**
 * logVisit() in its own transaction, for the desk and the API. A household id she may not link answers like an
 * unknown one (422 on the field); the attempt is audited as a denied access in a transaction of its own, since
 * the visit's transaction rolls back with the error (AUTH-HIDE: the denial is audited).
 */
export async function recordVisit(database: Database, caller: Caller, infopuntId: string, input: VisitInput, today?: string): Promise<Outcome<LoggedVisit>> {
  try {
    return await inTenant(database, caller, (tx) => logVisit(tx, caller, infopuntId, input, today));
  } catch (error) {
    if (input.householdId && error instanceof AppError && error.fields.some((f) => f.field === 'householdId' && f.message === UNKNOWN_HOUSEHOLD)) {
      const householdId = input.householdId;
      await inTenant(database, caller, (tx) => writeAudit(tx, caller.audit, {
        action: 'access.denied', result: 'not_found', recordType: 'household', recordId: householdId, detail: { attempted: 'infopunt.find_household' },
      }));
    }
    throw error;
  }
}

async function replayOf(tx: Tx, caller: Caller, key: string): Promise<LoggedVisit | null> {
  const row = rowsOf<{ id: string; followUpId: string | null; assignedTo: string | null; dueOn: string | null }>(await tx.execute(sql`
    select v.id, f.id as "followUpId", f.assigned_to as "assignedTo", f.due_on::text as "dueOn"
      from infopunt_visits v left join infopunt_follow_ups f on f.visit_id = v.id
     where v.logged_by = ${caller.actor.userId} and v.idempotency_key = ${key}`))[0];
  if (!row) return null;
  return {
    visit: await loadVisit(tx, row.id),
    created: false,
    followUp: row.followUpId ? { id: row.followUpId, assignedTo: row.assignedTo!, assignedToMe: row.assignedTo === caller.actor.userId, dueOn: row.dueOn! } : null,
  };
}

/** Whether the role logs visits anywhere at all (her own list); the coordinator also lists everyone's. */
function mayListVisits(caller: Caller): boolean {
  return canAtInfopunt(caller.actor, 'infopunt.read', { sameOrganisation: true, staff: false });
}

export interface VisitList extends Paged<VisitView> {
  /** 'own': the visits she logged herself; 'all': every visit of the organisation (the coordinator). */
  scope: 'own' | 'all';
}

/**
 * A page of visits (audited with counts): one's own, or for the coordinator (infopunt.visits_all) every visit
 * of the organisation, filtered by infopunt and period. Newest first.
 */
export async function listVisits(tx: Tx, caller: Caller, filter: VisitFilterInput, options: { scope?: 'own' | 'all' } = {}): Promise<Outcome<VisitList>> {
  const { actor } = caller;
  if (!mayListVisits(caller)) {
    await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'denied', recordType: 'infopunt_visit', detail: { attempted: 'infopunt_visit.list' } });
    return forbidden();
  }
  const scope = options.scope ?? (can(actor, 'infopunt.visits_all') ? 'all' : 'own');
  if (scope === 'all' && !can(actor, 'infopunt.visits_all')) {
    await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'denied', recordType: 'infopunt_visit', detail: { attempted: 'infopunt.visits_all' } });
    return forbidden();
  }
  const conditions: SQL[] = [sql`v.organisation_id = ${actor.organisationId}`];
  if (scope === 'own') conditions.push(sql`v.logged_by = ${actor.userId}`);
  if (filter.infopuntId) conditions.push(sql`v.infopunt_id = ${filter.infopuntId}`);
  if (filter.from) conditions.push(sql`v.occurred_on >= ${filter.from}`);
  if (filter.to) conditions.push(sql`v.occurred_on <= ${filter.to}`);
  const where = sql.join(conditions, sql` and `);
  const total = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from infopunt_visits v where ${where}`))[0]?.n ?? 0;
  const items = rowsOf<VisitView & { loggedByName?: string }>(await tx.execute(sql`
    select ${VISIT_COLUMNS}${scope === 'all' ? sql`, u.display_name as "loggedByName"` : sql``}
      from ${VISIT_FROM} ${scope === 'all' ? sql`join users u on u.id = v.logged_by` : sql``}
     where ${where}
     order by v.occurred_on desc, v.created_at desc, v.id
     limit ${filter.pageSize} offset ${offsetOf(filter)}`));
  await writeAudit(tx, caller.audit, {
    action: 'infopunt_visit.list', result: 'ok', recordType: 'infopunt_visit',
    detail: { scope, page: filter.page, returned: items.length, total, filtered: Boolean(filter.infopuntId || filter.from || filter.to) },
  });
  return found({ items, total, page: filter.page, pageSize: filter.pageSize, scope });
}

/** Monday of the ISO week of a date. */
export function weekStart(iso: string): string {
  const day = (new Date(`${iso}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(iso, -day);
}

export interface OwnVisits {
  today: string;
  weekStart: string;
  /** Her visits today, and earlier this week (newest first). */
  todayItems: VisitView[];
  weekItems: VisitView[];
  countToday: number;
  countWeek: number;
}

/** The desk's "your visits": today and this week, her own only (one audited list). */
export async function ownVisitsThisWeek(tx: Tx, caller: Caller, today = todayIso()): Promise<Outcome<OwnVisits>> {
  const monday = weekStart(today);
  const list = await listVisits(tx, caller, { from: monday, to: today, page: 1, pageSize: 100 }, { scope: 'own' });
  if (!list.ok) return list;
  const todayItems = list.value.items.filter((v) => v.occurredOn === today);
  const countToday = rowsOf<{ n: number }>(await tx.execute(sql`
    select count(*)::int as n from infopunt_visits where logged_by = ${caller.actor.userId} and occurred_on = ${today}`))[0]?.n ?? 0;
  return found({
    today, weekStart: monday, todayItems, weekItems: list.value.items.filter((v) => v.occurredOn !== today),
    countToday, countWeek: list.value.total,
  });
}
