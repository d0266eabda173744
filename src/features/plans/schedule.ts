import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { addDays, currentPhase, defaultPhases, MAX_PHASES } from '../trajectories/index.ts';
import type { Phase } from '../trajectories/schema.ts';
import { defaultEvaluationWeeks, evaluationWeeks } from './config.ts';
import type { PlanStatus } from './schema.ts';
import { todayIso } from '../../platform/dates.ts';

// When the next evaluation talk (voortgangsgesprek) of a plan is due. Written once in TypeScript (the plan
// page) and once in SQL (set-based lists such as "Mijn werk"); tests/unit/evaluations.test.ts holds the two to
// each other on many cases.
//
// The rule: only an established plan of an open trajectory has a talk due. The first is due the phase's
// interval after the plan was established, each next one the interval after the last talk held. The phase is
// the one the trajectory is in on that base date (phases end `untilMonth` months after the start).

/** "Mijn werk" signals a talk due within this many days, or overdue. */
export const EVALUATION_SOON_DAYS = 14;

export interface ScheduleFacts {
  planStatus: PlanStatus;
  establishedOn: string | null;
  lastHeldOn: string | null;
  trajectory: { status: 'open' | 'closed'; startedOn: string; phases: readonly Phase[] } | null;
}

/** The date the next talk is due, or null when none is (a draft, rejected or waiting plan; a closed file). */
export function evaluationDueOn(f: ScheduleFacts): string | null {
  if (f.planStatus !== 'established' || !f.establishedOn) return null;
  if (!f.trajectory || f.trajectory.status !== 'open') return null;
  // The later of the two: a plan established again after a talk counts from its new date.
  const base = f.lastHeldOn && f.lastHeldOn > f.establishedOn ? f.lastHeldOn : f.establishedOn;
  const { index } = currentPhase(f.trajectory, base);
  return addDays(base, evaluationWeeks(f.trajectory.phases, index) * 7);
}

export interface SqlScheduleFacts {
  planStatus: SQL;
  establishedOn: SQL;
  lastHeldOn: SQL;
  trajectoryStatus: SQL;
  startedOn: SQL;
  phases: SQL;
}

/**
 * evaluationDueOn() as a SQL date expression (null when no talk is due). The base date is computed once per
 * row (`offset 0` keeps the planner from copying its subquery into every use); the phase is the first whose end
 * lies after it, else the last (as currentPhase()); a trajectory without phases falls back to the default phases,
 * as currentPhase() does. Up to MAX_PHASES phases (all a programme can have) are read with a plain CASE, which
 * costs a few field lookups per plan where a set-returning function and a sort cost ten times as much; a longer
 * list (none today) takes the general path.
 */
export function evaluationDueOnSql(f: SqlScheduleFacts): SQL {
  const defaults = JSON.stringify(defaultPhases(12));
  const phases = sql`(case when jsonb_array_length(${f.phases}) > 0 then ${f.phases} else ${defaults}::jsonb end)`;
  const weeksOf = (element: SQL, first: SQL) =>
    sql`coalesce((${element}->>'evaluationEveryWeeks')::int, case when ${first} then ${defaultEvaluationWeeks(0)}::int else ${defaultEvaluationWeeks(1)}::int end)`;
  const endOf = (element: SQL) => sql`(${f.startedOn} + make_interval(months => (${element}->>'untilMonth')::int))::date`;
  const nth = (i: number) => sql`(b.ph->${sql.raw(String(i))})`;
  const fast = sql.join(Array.from({ length: MAX_PHASES }, (_, i) =>
    sql`when jsonb_array_length(b.ph) > ${sql.raw(String(i))} and ${endOf(nth(i))} > b.base then ${weeksOf(nth(i), sql.raw(i === 0 ? 'true' : 'false'))}`), sql` `);
  const general = sql`(select ${weeksOf(sql`e.p`, sql`e.i = 1`)}
        from jsonb_array_elements(b.ph) with ordinality as e(p, i)
       order by (${endOf(sql`e.p`)} > b.base) desc, case when ${endOf(sql`e.p`)} > b.base then e.i else -e.i end
       limit 1)`;
  const last = sql`(b.ph->-1)`;
  return sql`(case when ${f.planStatus} = 'established' and ${f.establishedOn} is not null and ${f.trajectoryStatus} = 'open' then (
    select b.base + 7 * (case when jsonb_array_length(b.ph) > ${sql.raw(String(MAX_PHASES))} then ${general}
                              else (case ${fast} else ${weeksOf(last, sql`jsonb_array_length(b.ph) = 1`)} end) end)
      from (select greatest(${f.establishedOn}, ${f.lastHeldOn}) as base, ${phases} as ph offset 0) b
  ) end)`;
}

/** The date of the last talk held of plan alias `plan` (evaluations_plan_idx). */
export function lastHeldOnSql(plan: string): SQL {
  return sql`(select max(e.held_on) from evaluations e where e.plan_id = ${sql.raw(plan)}.id)`;
}

/**
 * The due date of the next talk for plan alias `plan` joined to its trajectory alias `trajectory`. `lastHeldOn`:
 * the last talk's date when the caller has it at hand (an organisation-wide list aggregates the evaluations once
 * instead of looking each plan up); by default it is looked up per plan.
 */
export function planEvaluationDueSql(plan = 'p', trajectory = 't', lastHeldOn: SQL = lastHeldOnSql(plan)): SQL {
  const p = sql.raw(plan);
  const t = sql.raw(trajectory);
  return evaluationDueOnSql({
    planStatus: sql`${p}.status`,
    establishedOn: sql`${p}.established_on`,
    lastHeldOn,
    trajectoryStatus: sql`${t}.status`,
    startedOn: sql`${t}.started_on`,
    phases: sql`${t}.phases`,
  });
}

export interface NextEvaluation {
  dueOn: string;
  /** The due date has passed (a talk due today is not overdue yet). */
  overdue: boolean;
  lastHeldOn: string | null;
}

/**
 * The next talk of a plan, or null when none is due. No access check and no audit: the caller (the plan page,
 * the API) resolved the plan for the actor first.
 */
export async function nextEvaluation(tx: Tx, planId: string, today: string = todayIso()): Promise<NextEvaluation | null> {
  const row = rowsOf<{ planStatus: PlanStatus; establishedOn: string | null; lastHeldOn: string | null; status: 'open' | 'closed'; startedOn: string; phases: Phase[] }>(
    await tx.execute(sql`
      select p.status as "planStatus", p.established_on::text as "establishedOn", ${lastHeldOnSql('p')}::text as "lastHeldOn",
             t.status, t.started_on::text as "startedOn", t.phases
        from plans p join trajectories t on t.id = p.trajectory_id
       where p.id = ${planId}`),
  )[0];
  if (!row) return null;
  const dueOn = evaluationDueOn({
    planStatus: row.planStatus,
    establishedOn: row.establishedOn,
    lastHeldOn: row.lastHeldOn,
    trajectory: { status: row.status, startedOn: row.startedOn, phases: row.phases ?? [] },
  });
  return dueOn ? { dueOn, overdue: dueOn < today, lastHeldOn: row.lastHeldOn } : null;
}
