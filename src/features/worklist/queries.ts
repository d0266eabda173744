import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import { forbidden, found, type Caller, type Outcome } from '../../platform/context.ts';
import { can, maxSensitivity, noteVisibleSql } from '../../platform/policy.ts';
import { DEFAULT_POP_WITHIN_WEEKS, householdScope, isPopAdultSql, ontzorgenEndsSql, pipDueSql, popDueSql, popMetOnAggregateSql } from '../households/index.ts';
import { EVALUATION_SOON_DAYS, partVisibleSql, planEvaluationDueSql } from '../plans/index.ts';
import { listMyFollowUps, type FollowUpList } from '../infopunten/index.ts';
import { isUuid } from '../../platform/validation.ts';
import { todayIso } from '../../platform/dates.ts';

// "Mijn werk": the signals a coach, a supervisor or a coordinator acts on. Each signal is one set-based query
// that starts from the caller's household scope (AUTH-LISTS), ranks in SQL and returns only the rows shown,
// so the page costs the same for five households as for an organisation of fifty thousand.
// Every entry is one household (or, for deadlines, one household's deadline): the task lists group a
// household's overdue or soon-due items in SQL into one entry with a count, the oldest due date and the few
// most urgent items, so a new household with thirty open items is one card, not thirty. "Te laat" holds the
// checklist items and the plan's actions together (only actions under goals the caller may see, AUTH-FIELDS).

export const SECTION_KEYS = ['overdue', 'due_soon', 'no_contact', 'deadlines', 'approvals'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];
/** The lists of tasks (checklist items; overdue: also plan actions), one entry per household. */
export const CHECKLIST_SECTIONS = ['overdue', 'due_soon'] as const;
export type ChecklistSectionKey = (typeof CHECKLIST_SECTIONS)[number];
export const SIGNAL_KINDS = [
  'checklist_overdue', 'checklist_due', 'no_contact', 'pip_due', 'ontzorgen_ends', 'trajectory_ends',
  // issue 4: a household's overdue tasks that are all plan actions, an evaluation talk due, the POP deadline
  // passed, and plans awaiting the professional's approval.
  'plan_actions_overdue', 'evaluation_due', 'pop_due', 'plan_approval',
] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

/** Open checklist items due within this many days are "binnenkort". */
export const DUE_SOON_DAYS = 14;
/** A PIP due within this many days (or overdue) is signalled. */
export const PIP_WINDOW_DAYS = 30;
/** The end of ontzorgen within this many days. */
export const ONTZORGEN_WINDOW_DAYS = 30;
/** The planned end of an open trajectory within this many days (or past it: time to close). */
export const TRAJECTORY_END_WINDOW_DAYS = 60;
/** Households per list; the rest is counted ("en nog N huishoudens") or paged (coordinator). */
export const DEFAULT_LIMIT = 50;
/** The most urgent tasks named on a household's entry; the rest is counted ("en nog N"). */
export const TASKS_PER_HOUSEHOLD = 3;
/** A plan action due the same day as checklist items is named after them. */
const PLAN_TASK_POSITION = 1_000_000;

export interface WorklistOptions {
  /** ISO date; default today (UTC). */
  today?: string;
  /** Rows per list (per coach for a grouped list). */
  limit?: number;
  /** Page of the lists (coordinator); 1-based. */
  page?: number;
  /** Professional: rows per list for each supervised volunteer (her own lists get `limit`); default 5. */
  perVolunteer?: number;
  /** Coordinator: only households of this coach, or 'none' for households without a coach. */
  coach?: string | null;
  /** 'coach' groups every list per coach (the professional's view and the digests); default per role. */
  groupBy?: 'coach' | 'none';
  /** Grouped lists: at most this many coaches (own group first, then most signals); default 50. */
  maxGroups?: number;
  /** 'digest' leaves the worklist.read audit entry to the digest (it records digest.create instead). */
  purpose?: 'view' | 'digest';
}

/** One of the most urgent tasks of a household's entry: a checklist item, or an action of the plan. */
export interface SignalTask {
  itemKey: string | null;
  /** A checklist item's own label, or a plan action's description. */
  label: string | null;
  /** For a per-person item, or an action in a person's POP, that person's first given name (coaches only). */
  memberFirstName: string | null;
  /** Due date. */
  on: string;
  /** A plan action: the plan it belongs to; null for a checklist item. */
  planId: string | null;
}

/** One entry of a list: always one household. */
export interface Signal {
  kind: SignalKind;
  householdId: string;
  reference: string;
  /** First given name of the head of household, for coaches who visit the family; null for coordinators. */
  headFirstName: string | null;
  coachId: string | null;
  /** The date the signal is about: the oldest overdue due date, the next due date, the last contact (or trajectory start), the deadline. */
  on: string;
  /** Days late (overdue: of the oldest item; no contact) or days left (due soon: to the next item; deadlines; negative when passed). */
  days: number;
  phaseKey: string | null;
  contactEveryDays: number | null;
  /** Task entries: the household's tasks in this list; pip_due: members with a PIP due; evaluation_due, plan_approval: plans; pop_due: adults without an established POP; otherwise null. */
  count: number | null;
  /** Checklist entries: the most urgent items (at most TASKS_PER_HOUSEHOLD), oldest due date first; otherwise empty. */
  tasks: SignalTask[];
  /** Where to act. */
  href: string;
}

export interface SectionView {
  key: SectionKey;
  /** Entries in the whole list (households; for deadlines, a household's deadlines count apart). */
  total: number;
  /** Checklist lists: open items over all the list's households; null for the other lists. */
  taskTotal: number | null;
  /** The entries shown (a page, or the first few). */
  items: Signal[];
}

export interface CoachGroup {
  /** null: the caller's whole scope (volunteer, coordinator). */
  coachId: string | null;
  coachName: string | null;
  /** The caller's own households (the professional's "Mijn huishoudens"). */
  mine: boolean;
  total: number;
  sections: SectionView[];
}

export interface Worklist {
  today: string;
  view: 'own' | 'supervisor' | 'organisation';
  groups: CoachGroup[];
  /** Entries per list over the whole scope (households for the checklist lists). */
  totals: Record<SectionKey, number>;
  /** Open items in the checklist lists over the whole scope. */
  taskTotals: Record<ChecklistSectionKey, number>;
  page: number;
  pageSize: number;
  coach: string | null;
  /** Coordinator: the coaches she may filter by. */
  coaches: { id: string; name: string }[];
  /** Grouped lists: coaches left out beyond `maxGroups` (those with the fewest signals). */
  moreGroups: number;
  /**
   * Open follow-ups of infopunt visits assigned to the caller herself (a visitor referred to her as coach, or an
   * appointment she made at an infopunt), earliest due first. Not in a digest.
   */
  infopuntFollowUps?: FollowUpList;
}

/** Follow-ups shown on "Mijn werk"; the rest is counted. */
export const FOLLOW_UPS_SHOWN = 20;


interface Row {
  kind: SignalKind;
  householdId: string;
  reference: string;
  coachId: string | null;
  on: string;
  days: number;
  phaseKey: string | null;
  contactEveryDays: number | null;
  count: number | null;
  groupKey: string;
  total: number;
  taskTotal: number | null;
  inWindow: boolean;
  headFirstName: string | null;
  tasks: SignalTask[] | null;
  /** The plan to act on (plan_actions_overdue, evaluation_due, plan_approval), when there is one. */
  target: string | null;
}

/** The columns every signal query produces, in this order (one row per household, or per household's deadline). */
const HIT_COLUMNS = `household_id, reference, coach_id, kind, on_, days, phase_key, every, n, sort_key, tie, target`;

function isChecklist(key: SectionKey): key is ChecklistSectionKey {
  return (CHECKLIST_SECTIONS as readonly string[]).includes(key);
}

function hrefOf(row: Row): string {
  switch (row.kind) {
    case 'checklist_overdue':
    case 'checklist_due':
      return `/huishoudens/${row.householdId}/basis-op-orde`;
    case 'no_contact':
      return `/huishoudens/${row.householdId}#note-form-heading`;
    case 'plan_actions_overdue':
      return row.target ? `/plannen/${row.target}` : `/huishoudens/${row.householdId}/plan`;
    case 'evaluation_due':
      // One plan: straight to the talk's form; several: the household's plans.
      return row.target && row.count === 1 ? `/plannen/${row.target}/evaluaties/nieuw` : `/huishoudens/${row.householdId}/plan`;
    case 'plan_approval':
      return row.target && row.count === 1 ? `/plannen/${row.target}` : `/huishoudens/${row.householdId}/plan`;
    case 'pop_due':
      return `/huishoudens/${row.householdId}/plan`;
    default:
      return `/huishoudens/${row.householdId}`;
  }
}

/**
 * The caller's worklist. Permission, scope and one `worklist.read` audit entry (counts only) are handled here,
 * so pages, the API, the digests and the benchmark all call this one function.
 */
export async function loadWorklist(tx: Tx, caller: Caller, options: WorklistOptions = {}): Promise<Outcome<Worklist>> {
  const { actor } = caller;
  if (!can(actor, 'worklist.read')) {
    await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'denied', recordType: 'worklist', detail: { attempted: 'worklist.read' } });
    return forbidden();
  }
  const today = options.today ?? todayIso();
  const limit = Math.max(1, Math.min(options.limit ?? DEFAULT_LIMIT, 500));
  const view: Worklist['view'] = actor.role === 'coordinator' ? 'organisation' : actor.role === 'professional' ? 'supervisor' : 'own';
  const groupBy = options.groupBy ?? (view === 'supervisor' ? 'coach' : 'none');
  // Paging and the coach filter are the coordinator's tools for an organisation-wide list.
  const page = view === 'organisation' ? Math.max(1, Math.min(options.page ?? 1, 100_000)) : 1;
  const coach = view === 'organisation' && options.coach && (options.coach === 'none' || isUuid(options.coach)) ? options.coach : null;
  const offset = (page - 1) * limit;
  // The professional's page stays readable with ten volunteers: a few rows each, the rest counted.
  const perVolunteer = Math.max(1, Math.min(options.perVolunteer ?? (options.purpose === 'digest' ? limit : 5), limit));
  const upper = view === 'supervisor' && groupBy === 'coach' && perVolunteer < limit
    ? sql`(case when r.group_key = ${actor.userId} then ${offset + limit}::int else ${offset + perVolunteer}::int end)`
    : sql`${offset + limit}::int`;
  // Coaches work with the family and see the head's first name; a coordinator's long lists keep to references.
  const withNames = view !== 'organisation';

  const coachFilter = coach === 'none' ? sql`and ca.coach_id is null` : coach ? sql`and ca.coach_id = ${coach}` : sql``;
  const scoped = sql`scoped as (
    select h.id, h.reference, h.benefit_start_date, h.housing_date, h.municipality_code, ca.coach_id
      from households h
      left join coach_assignments ca on ca.household_id = h.id and ca.ended_at is null
     where ${householdScope(actor)} ${coachFilter})`;
  const d = sql`${today}::date`;
  const org = actor.organisationId;
  // A closed file is read-only: no signals for it (the latest trajectory is closed and none is open).
  const fileOpen = sql`(exists (select 1 from trajectories t0 where t0.household_id = s.id and t0.status = 'open')
    or not exists (select 1 from trajectories t0 where t0.household_id = s.id and t0.status = 'closed'))`;

  // The task lists: open checklist items of an open trajectory in a due-date range (checklist_items_open_due_idx
  // on (organisation_id, due_on) where status = 'open'), and for "Te laat" also the open plan actions of an open
  // trajectory's plans under goals the caller may see (plan_actions_open_due_idx; partVisibleSql on the goal),
  // grouped to one row per household with the task count and the oldest due date. Each arm joins the scope
  // itself, so a volunteer's five households are looked up by index, not the organisation's lists.
  const checklistRange: Record<ChecklistSectionKey, SQL> = {
    overdue: sql`ci.due_on < ${d}`,
    due_soon: sql`ci.due_on >= ${d} and ci.due_on <= ${d} + ${DUE_SOON_DAYS}::int`,
  };
  // A role that sees every plan part needs no look at the goals (AUTH-FIELDS): one join less on the largest list.
  const seesAllGoals = maxSensitivity(actor.role) === 'sensitive';
  const goalJoin = seesAllGoals ? sql`` : sql`join plan_goals g on g.id = a.goal_id`;
  const actionOverdue = sql`a.organisation_id = ${org} and a.status = 'open' and a.due_on < ${d} and ${seesAllGoals ? sql`true` : partVisibleSql(actor, 'g')}`;
  // Each arm counts per household first (a hash aggregate), so the union holds a row per household and kind,
  // not one per task.
  const checklistArm = (key: ChecklistSectionKey) => sql`
      select ci.household_id, s.reference, s.coach_id, min(ci.due_on) as on_, count(*) as n, true as checklist, null::text as target
        from checklist_items ci
        join scoped s on s.id = ci.household_id
        join trajectories t on t.id = ci.trajectory_id and t.status = 'open'
       where ci.organisation_id = ${org} and ci.status = 'open' and ${checklistRange[key]}
       group by ci.household_id, s.reference, s.coach_id`;
  const actionArm = sql`
      select a.household_id, s.reference, s.coach_id, min(a.due_on), count(*), false, (array_agg(a.plan_id::text order by a.due_on, a.plan_id))[1]
        from plan_actions a
        join scoped s on s.id = a.household_id
        ${goalJoin}
        join plans p on p.id = a.plan_id
        join trajectories t on t.id = p.trajectory_id and t.status = 'open'
       where ${actionOverdue}
       group by a.household_id, s.reference, s.coach_id`;
  const taskHits = (key: ChecklistSectionKey) => sql`
      select x.household_id, x.reference, x.coach_id,
             ${key === 'overdue'
               ? sql`case when bool_or(x.checklist) then 'checklist_overdue' else 'plan_actions_overdue' end`
               : sql`'checklist_due'`} as kind,
             min(x.on_) as on_,
             ${key === 'overdue' ? sql`(${d} - min(x.on_))` : sql`(min(x.on_) - ${d})`} as days,
             null::text as phase_key, null::int as every, sum(x.n)::int as n, min(x.on_) as sort_key, x.household_id::text as tie,
             min(x.target) as target
        from (${checklistArm(key)}${key === 'overdue' ? sql` union all ${actionArm}` : sql``}) x
       group by x.household_id, x.reference, x.coach_id`;
  const none = sql`select null::uuid, null::text, null::uuid, null::text, null::date, null::int, null::text, null::int, null::int, null::date, null::text, null::text where false`;
  // The last talk per plan: looked up per plan in a coach's or a supervisor's households; aggregated once over
  // the organisation's evaluations for the coordinator's organisation-wide list.
  const lastHeld = view !== 'organisation'
    ? { join: sql``, value: sql`(select max(e.held_on) from evaluations e where e.plan_id = p.id)` }
    : { join: sql`left join (select e.plan_id, max(e.held_on) as held_on from evaluations e where e.organisation_id = ${org} group by e.plan_id) le on le.plan_id = p.id`, value: sql`le.held_on` };
  // The POP deadline per household (households/deadlines.ts): housing date + the municipality's weeks.
  const popDue = popDueSql(sql`s.housing_date`, sql`coalesce(om.pop_within_weeks, ${DEFAULT_POP_WITHIN_WEEKS}::int)`);

  const signals: Record<SectionKey, SQL> = {
    overdue: taskHits('overdue'),
    due_soon: taskHits('due_soon'),
    // The current phase is the first whose end (start + untilMonth months) lies after today, else the last.
    // The last contact counts only notes the caller may read, as in the caseload: a hidden note must not show
    // through as "recent contact" (noteVisibleSql).
    no_contact: sql`
      select s.id as household_id, s.reference, s.coach_id, 'no_contact' as kind, x.since as on_, (${d} - x.since) as days,
             ph.key as phase_key, ph.every, null::int as n,
             x.since as sort_key, s.id::text as tie, null::text as target
        from scoped s
        join trajectories t on t.household_id = s.id and t.status = 'open'
        cross join lateral (
          select coalesce(max(n.occurred_on), t.started_on) as since from journal_notes n where n.household_id = s.id and ${noteVisibleSql(actor)}
        ) x
        cross join lateral (
          select p->>'key' as key, (p->>'contactEveryDays')::int as every
            from jsonb_array_elements(t.phases) with ordinality as e(p, i)
           order by ((t.started_on + make_interval(months => (p->>'untilMonth')::int))::date > ${d}) desc,
                    case when (t.started_on + make_interval(months => (p->>'untilMonth')::int))::date > ${d} then i else -i end
           limit 1
        ) ph
       where x.since + ph.every < ${d}`,
    deadlines: sql`
      select s.id as household_id, s.reference, s.coach_id, 'pip_due' as kind, min(${pipDueSql(sql`m.duo_notice_date`)}) as on_,
             (min(${pipDueSql(sql`m.duo_notice_date`)}) - ${d}) as days, null::text as phase_key, null::int as every, count(*)::int as n, min(${pipDueSql(sql`m.duo_notice_date`)}) as sort_key, s.id::text as tie,
             null::text as target
        from household_members m
        join scoped s on s.id = m.household_id
       where m.duo_notice_date is not null and m.pip_date is null
         and ${pipDueSql(sql`m.duo_notice_date`)} <= ${d} + ${PIP_WINDOW_DAYS}::int and ${fileOpen}
       group by s.id, s.reference, s.coach_id
      union all
      select s.id, s.reference, s.coach_id, 'ontzorgen_ends', ${ontzorgenEndsSql(sql`s.benefit_start_date`)},
             (${ontzorgenEndsSql(sql`s.benefit_start_date`)} - ${d}), null, null, null, ${ontzorgenEndsSql(sql`s.benefit_start_date`)}, s.id::text, null
        from scoped s
       where s.benefit_start_date is not null
         and ${ontzorgenEndsSql(sql`s.benefit_start_date`)} between ${d} and ${d} + ${ONTZORGEN_WINDOW_DAYS}::int and ${fileOpen}
      union all
      select s.id, s.reference, s.coach_id, 'trajectory_ends', t.planned_end_on, (t.planned_end_on - ${d}), null, null, null, t.planned_end_on, s.id::text, null
        from trajectories t
        join scoped s on s.id = t.household_id
       where t.organisation_id = ${org} and t.status = 'open' and t.planned_end_on <= ${d} + ${TRAJECTORY_END_WINDOW_DAYS}::int
      union all
      -- Evaluation talks due within the window or overdue: one entry per household, its plans counted
      -- (features/plans/schedule.ts; max(held_on) by evaluations_plan_idx). "offset 0": the due date is computed
      -- once per plan, not again for every place it is used.
      select s.id, s.reference, s.coach_id, 'evaluation_due', min(x.due), (min(x.due) - ${d}), null, null, count(*)::int, min(x.due), s.id::text,
             (array_agg(p.id::text order by x.due, p.id))[1]
        from plans p
        join scoped s on s.id = p.household_id
        join trajectories t on t.id = p.trajectory_id and t.status = 'open'
        ${lastHeld.join}
        cross join lateral (select ${planEvaluationDueSql('p', 't', lastHeld.value)} as due offset 0) x
       where p.organisation_id = ${org} and p.status = 'established' and x.due <= ${d} + ${EVALUATION_SOON_DAYS}::int
       group by s.id, s.reference, s.coach_id
      union all
      -- The POP deadline passed while not every adult has an established POP (households/deadlines.ts, set-based:
      -- in an open file the latest trajectory is the open one; n = adults without an established POP).
      select s.id, s.reference, s.coach_id, 'pop_due', x.due, (x.due - ${d}), null, null, (count(m.id) - count(pop.established_on))::int, x.due, s.id::text, null
        from scoped s
        left join organisation_municipalities om on om.organisation_id = ${org} and om.municipality_code = s.municipality_code
        cross join lateral (select ${popDue} as due) x
        left join trajectories t on t.household_id = s.id and t.status = 'open'
        left join household_members m on m.household_id = s.id and ${isPopAdultSql('m', sql`s.housing_date`)}
        left join plans pop on pop.trajectory_id = t.id and pop.member_id = m.id and pop.kind = 'personal'
       where s.housing_date is not null and x.due < ${d} and ${fileOpen}
       group by s.id, s.reference, s.coach_id, x.due
      -- no adult (count(m.id) = 0): no POP and no deadline, as in the dossier
      having count(m.id) > 0 and ${popMetOnAggregateSql(sql`pop.established_on`)} is null`,
    // Plans waiting for a professional's approval (plans_awaiting_idx): only for who may approve them.
    approvals: view === 'own' ? none : sql`
      select s.id, s.reference, s.coach_id, 'plan_approval', min(x.since), (${d} - min(x.since)), null, null, count(*)::int, min(x.since), s.id::text,
             (array_agg(p.id::text order by x.since, p.id))[1]
        from plans p
        join scoped s on s.id = p.household_id
        join trajectories t on t.id = p.trajectory_id and t.status = 'open'
        cross join lateral (select (coalesce(p.submitted_at, p.updated_at) at time zone 'UTC')::date as since) x
       where p.organisation_id = ${org} and p.status = 'awaiting_approval'
       group by s.id, s.reference, s.coach_id`,
  };
  // Households with the oldest overdue item first, the nearest due date first, longest without contact first;
  // deadlines by date.
  const order: Record<SectionKey, SQL> = {
    overdue: sql`sort_key asc, reference, tie`,
    due_soon: sql`sort_key asc, reference, tie`,
    no_contact: sql`sort_key asc, reference, tie`,
    deadlines: sql`sort_key asc, reference, kind, tie`,
    approvals: sql`sort_key asc, reference, tie`,
  };
  const partition = groupBy === 'coach' ? sql`coalesce(coach_id::text, '')` : sql`''`;
  const names = withNames
    ? sql`(select split_part(m.given_names, ' ', 1) from household_members m where m.household_id = r.household_id
            order by (m.relation = 'head') desc, m.date_of_birth nulls last, m.id limit 1)`
    : sql`null::text`;
  // A shown household's most urgent tasks of the list, read only for the entries on the page: its checklist items
  // and (overdue) its visible plan actions, oldest due date first.
  const memberName = withNames ? sql`(select split_part(m.given_names, ' ', 1) from household_members m where m.id = ci.member_id)` : sql`null::text`;
  const popName = withNames ? sql`(select split_part(m.given_names, ' ', 1) from household_members m where m.id = p.member_id)` : sql`null::text`;
  const tasksOf = (key: SectionKey): SQL => isChecklist(key)
    ? sql`(select coalesce(json_agg(json_build_object('itemKey', x.item_key, 'label', x.label, 'memberFirstName', x.member_name, 'on', x.due_on::text, 'planId', x.plan_id)
                                    order by x.due_on, x.position, x.id), '[]'::json)
             from (select * from (
               (select ci.item_key, ci.label, ci.due_on, ci.position, ci.id, ${memberName} as member_name, null::uuid as plan_id
                  from checklist_items ci
                  join trajectories t on t.id = ci.trajectory_id and t.status = 'open'
                 where ci.household_id = r.household_id and ci.organisation_id = ${org} and ci.status = 'open' and ${checklistRange[key]}
                 order by ci.due_on, ci.position, ci.id
                 limit ${TASKS_PER_HOUSEHOLD})
               ${key === 'overdue' ? sql`union all
               (select null::text, a.description, a.due_on, ${PLAN_TASK_POSITION}::int, a.id, ${popName}, a.plan_id
                  from plan_actions a
                  ${goalJoin}
                  join plans p on p.id = a.plan_id
                  join trajectories t on t.id = p.trajectory_id and t.status = 'open'
                 where a.household_id = r.household_id and ${actionOverdue}
                 order by a.due_on, a.id
                 limit ${TASKS_PER_HOUSEHOLD})` : sql``}) u
               order by u.due_on, u.position, u.id
               limit ${TASKS_PER_HOUSEHOLD}) x)`
    : sql`null::json`;

  // An organisation's lists rank tens of thousands of rows: sort them in memory for this transaction only.
  if (view !== 'own') await tx.execute(sql`select set_config('work_mem', '64MB', true)`);

  // Grouped lists (a professional's volunteers, a coordinator's digest): first how many signals each coach has,
  // then rows only for the coaches shown, so a supervisor of many volunteers does not fetch every coach's rows.
  const maxGroups = Math.max(1, options.maxGroups ?? 50);
  const groupTotals = new Map<string, Record<SectionKey, number>>();
  const groupTasks = new Map<string, Record<ChecklistSectionKey, number>>();
  const emptyCounts = () => Object.fromEntries(SECTION_KEYS.map((k) => [k, 0])) as Record<SectionKey, number>;
  const emptyTasks = (): Record<ChecklistSectionKey, number> => ({ overdue: 0, due_soon: 0 });
  const nameOf = new Map<string, string>();
  let selected: string[] = [''];
  let moreGroups = 0;
  if (groupBy === 'coach') {
    for (const key of SECTION_KEYS) {
      const counts = rowsOf<{ groupKey: string; total: number; tasks: number }>(
        await tx.execute(sql`with ${scoped}, hits (${sql.raw(HIT_COLUMNS)}) as (${signals[key]})
          select ${partition} as "groupKey", count(*)::int as total, coalesce(sum(n), 0)::int as tasks from hits group by 1`),
      );
      for (const c of counts) {
        const entry = groupTotals.get(c.groupKey) ?? emptyCounts();
        entry[key] = c.total;
        groupTotals.set(c.groupKey, entry);
        if (isChecklist(key)) {
          const tasks = groupTasks.get(c.groupKey) ?? emptyTasks();
          tasks[key] = c.tasks;
          groupTasks.set(c.groupKey, tasks);
        }
      }
    }
    // The professional sees herself and every volunteer she supervises, with or without signals.
    if (view === 'supervisor') {
      const team = rowsOf<{ id: string; name: string }>(
        await tx.execute(sql`select u.id, u.display_name as name from users u
          where u.organisation_id = ${org} and (u.id = ${actor.userId} or (u.supervisor_id = ${actor.userId} and u.disabled_at is null))`),
      );
      for (const member of team) {
        nameOf.set(member.id, member.name);
        if (!groupTotals.has(member.id)) groupTotals.set(member.id, emptyCounts());
      }
    }
    const sum = (k: string) => SECTION_KEYS.reduce((n, s) => n + groupTotals.get(k)![s], 0);
    // Own households first, then the coaches with the most signals, households without a coach last.
    const ranked = [...groupTotals.keys()].sort((a, b) => Number(b === actor.userId) - Number(a === actor.userId)
      || Number(a === '') - Number(b === '') || sum(b) - sum(a) || (nameOf.get(a) ?? '').localeCompare(nameOf.get(b) ?? '', 'nl') || a.localeCompare(b));
    selected = ranked.slice(0, maxGroups);
    moreGroups = ranked.length - selected.length;
    const unnamed = selected.filter((k) => k !== '' && !nameOf.has(k));
    if (unnamed.length) {
      const names = rowsOf<{ id: string; name: string }>(
        await tx.execute(sql`select id, display_name as name from users where id in (${sql.join(unnamed.map((id) => sql`${id}`), sql`, `)})`),
      );
      for (const n of names) nameOf.set(n.id, n.name);
    }
  }

  // Rows per section and group; the first row of every group always comes back, so a page past the end still
  // carries the totals.
  const rowsBy = new Map<string, Row[]>();
  const withSignals = groupBy === 'coach' ? selected.filter((k) => SECTION_KEYS.some((s) => (groupTotals.get(k)?.[s] ?? 0) > 0)) : selected;
  if (withSignals.length) {
    const only = groupBy === 'coach' ? sql`where ${partition} in (${sql.join(withSignals.map((k) => sql`${k}`), sql`, `)})` : sql``;
    for (const key of SECTION_KEYS) {
      const rows = rowsOf<Row>(
        await tx.execute(sql`
          with ${scoped},
          hits (${sql.raw(HIT_COLUMNS)}) as (${signals[key]}),
          ranked as (
            select hits.*, ${partition} as group_key,
                   row_number() over (partition by ${partition} order by ${order[key]}) as rn,
                   count(*) over (partition by ${partition}) as total,
                   sum(n) over (partition by ${partition}) as task_total
              from hits ${only})
          select r.kind, r.household_id as "householdId", r.reference, r.coach_id as "coachId", r.on_::text as "on",
                 r.days::int as days, r.phase_key as "phaseKey", r.target,
                 r.every as "contactEveryDays", r.n as count, r.group_key as "groupKey", r.total::int as total,
                 ${isChecklist(key) ? sql`r.task_total::int` : sql`null::int`} as "taskTotal",
                 (r.rn > ${offset}::int and r.rn <= ${upper}) as "inWindow",
                 case when r.rn > ${offset}::int and r.rn <= ${upper} then ${names} end as "headFirstName",
                 case when r.rn > ${offset}::int and r.rn <= ${upper} then ${tasksOf(key)} end as tasks
            from ranked r
           where (r.rn > ${offset}::int and r.rn <= ${upper}) or r.rn = 1
           order by r.group_key, r.rn`),
      );
      for (const row of rows) {
        const k = `${key}\u0000${row.groupKey}`;
        const list = rowsBy.get(k);
        if (list) list.push(row);
        else rowsBy.set(k, [row]);
      }
    }
  }

  const totals = emptyCounts();
  const taskTotals = emptyTasks();
  const groups: CoachGroup[] = selected.map((groupKey) => {
    const sectionViews = SECTION_KEYS.map((key): SectionView => {
      const rows = rowsBy.get(`${key}\u0000${groupKey}`) ?? [];
      const total = groupBy === 'coach' ? groupTotals.get(groupKey)?.[key] ?? 0 : rows[0]?.total ?? 0;
      const taskTotal = isChecklist(key) ? (groupBy === 'coach' ? groupTasks.get(groupKey)?.[key] ?? 0 : rows[0]?.taskTotal ?? 0) : null;
      return {
        key,
        total,
        taskTotal,
        items: rows.filter((r) => r.inWindow).map((r) => ({
          kind: r.kind,
          householdId: r.householdId,
          reference: r.reference,
          headFirstName: r.headFirstName,
          coachId: r.coachId,
          on: r.on,
          days: r.days,
          phaseKey: r.phaseKey,
          contactEveryDays: r.contactEveryDays,
          count: r.count,
          tasks: r.tasks ?? [],
          href: hrefOf(r),
        })),
      };
    });
    return {
      coachId: groupKey || null,
      coachName: groupKey ? nameOf.get(groupKey) ?? null : null,
      mine: groupBy === 'coach' ? groupKey === actor.userId : true,
      total: sectionViews.reduce((n, s) => n + s.total, 0),
      sections: sectionViews,
    };
  });
  // Totals over the whole scope, also the coaches left out of a grouped list.
  if (groupBy === 'coach') {
    for (const counts of groupTotals.values()) for (const k of SECTION_KEYS) totals[k] += counts[k];
    for (const counts of groupTasks.values()) for (const k of CHECKLIST_SECTIONS) taskTotals[k] += counts[k];
  } else {
    for (const g of groups) {
      for (const s of g.sections) {
        totals[s.key] += s.total;
        if (isChecklist(s.key)) taskTotals[s.key] += s.taskTotal ?? 0;
      }
    }
  }

  let coaches: Worklist['coaches'] = [];
  if (view === 'organisation' && options.purpose !== 'digest') {
    coaches = rowsOf<{ id: string; name: string }>(
      await tx.execute(sql`
        select u.id, u.display_name as name from users u
         where u.organisation_id = ${org} and u.role in ('volunteer', 'professional', 'coordinator')
           and exists (select 1 from coach_assignments ca where ca.coach_id = u.id and ca.ended_at is null)
         order by u.display_name limit 1000`),
    );
  }

  if (options.purpose !== 'digest') {
    await writeAudit(tx, caller.audit, {
      action: 'worklist.read',
      result: 'ok',
      recordType: 'worklist',
      detail: {
        overdue: totals.overdue, overdueTasks: taskTotals.overdue, dueSoon: totals.due_soon, dueSoonTasks: taskTotals.due_soon,
        noContact: totals.no_contact, deadlines: totals.deadlines, approvals: totals.approvals, page, filtered: coach !== null,
      },
    });
  }
  // Her own infopunt follow-ups: a short list of her own tasks, whatever her view (read and audited apart).
  const infopuntFollowUps = options.purpose !== 'digest' ? await listMyFollowUps(tx, caller, { today, limit: FOLLOW_UPS_SHOWN }) : undefined;
  return found({ today, view, groups, totals, taskTotals, page, pageSize: limit, coach, coaches, moreGroups, ...(infopuntFollowUps ? { infopuntFollowUps } : {}) });
}
