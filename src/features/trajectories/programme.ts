import { sql, type SQL } from 'drizzle-orm';
import { addDays, addMonths } from '../households/index.ts';
import type { ChecklistAppliesTo, ChecklistOwner, ChecklistScope, Phase } from './schema.ts';

// The one date arithmetic of the project (households/deadlines.ts), re-exported for this feature's users.
export { addDays, addMonths };

// The programme an organisation runs per municipality (seed 000/002): intensive guidance at first,
// tapering off. Pure rules here; the database only stores a municipality's deviation from them.

export const TRAJECTORY_MONTHS = [12, 18] as const;
export type TrajectoryMonths = (typeof TRAJECTORY_MONTHS)[number];

/** Phase keys with a translated label (`trajectory.phase.<key>`); an organisation may name its own. */
export const KNOWN_PHASE_KEYS = ['basis', 'opbouw', 'zelfstandig'] as const;

/** The settings page offers this many phase rows; empty rows are ignored. */
export const MAX_PHASES = 5;

/** Default phases: "basis op orde" in the first 3 months (contact weekly), then building up, then on her own. */
export function defaultPhases(months: number): Phase[] {
  return [
    { key: 'basis', untilMonth: 3, contactEveryDays: 7 },
    { key: 'opbouw', untilMonth: 6, contactEveryDays: 14 },
    { key: 'zelfstandig', untilMonth: months, contactEveryDays: 28 },
  ];
}

/** RETAIN: an inburgering file is kept 10 years after the trajectory closes (SECURITY.md RETAIN), then destroyed. */
export const RETENTION_YEARS_AFTER_CLOSE = 10;

export interface DefaultChecklistItem {
  key: string;
  dueDays: number;
  owner: ChecklistOwner;
  scope: ChecklistScope;
  appliesTo: ChecklistAppliesTo;
}

/**
 * The default "basis op orde" checklist, in the order a coach works through it. Due days count from the
 * housing date. A household-scope item with appliesTo other than 'all' is made only when the household has
 * such a member (kinderbijslag only with a child). Labels: `checklist.item.<key>`.
 */
export const DEFAULT_CHECKLIST: readonly DefaultChecklistItem[] = [
  { key: 'brp', dueDays: 7, owner: 'coach', scope: 'person', appliesTo: 'all' },
  { key: 'energy_water', dueDays: 7, owner: 'coach', scope: 'household', appliesTo: 'all' },
  { key: 'bank_account', dueDays: 14, owner: 'coach', scope: 'person', appliesTo: 'adults' },
  { key: 'health_insurance', dueDays: 14, owner: 'coach', scope: 'person', appliesTo: 'adults' },
  { key: 'welfare_benefit', dueDays: 14, owner: 'formulierenteam', scope: 'household', appliesTo: 'all' },
  { key: 'ontzorgen', dueDays: 14, owner: 'coach', scope: 'household', appliesTo: 'all' },
  { key: 'gp', dueDays: 14, owner: 'coach', scope: 'household', appliesTo: 'all' },
  { key: 'school', dueDays: 14, owner: 'coach', scope: 'person', appliesTo: 'school_age' },
  { key: 'digid', dueDays: 21, owner: 'coach', scope: 'person', appliesTo: 'adults' },
  { key: 'inburgering', dueDays: 28, owner: 'newcomer', scope: 'person', appliesTo: 'adults' },
  { key: 'zorgtoeslag', dueDays: 30, owner: 'formulierenteam', scope: 'household', appliesTo: 'all' },
  { key: 'huurtoeslag', dueDays: 30, owner: 'formulierenteam', scope: 'household', appliesTo: 'all' },
  { key: 'child_benefit', dueDays: 30, owner: 'formulierenteam', scope: 'household', appliesTo: 'children' },
  { key: 'home_insurance', dueDays: 30, owner: 'coach', scope: 'household', appliesTo: 'all' },
  { key: 'childcare', dueDays: 30, owner: 'newcomer', scope: 'person', appliesTo: 'under_4' },
  { key: 'dentist', dueDays: 60, owner: 'newcomer', scope: 'household', appliesTo: 'all' },
  { key: 'library', dueDays: 60, owner: 'newcomer', scope: 'household', appliesTo: 'all' },
];

function parse(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

/** Whole months from `from` to `to` (0 in the first month). */
export function monthsBetween(from: string, to: string): number {
  const a = parse(from);
  const b = parse(to);
  let months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
  if (addMonths(from, months) > to) months -= 1;
  return months;
}

/** Age in whole years on a day (as PostgreSQL's age()). */
export function ageOn(dateOfBirth: string, day: string): number {
  return Math.floor(monthsBetween(dateOfBirth, day) / 12);
}

/** Whether a member of this age (null: unknown birth date) is one an item applies to; unknown counts as an adult. */
export function appliesToAge(appliesTo: ChecklistAppliesTo, age: number | null): boolean {
  switch (appliesTo) {
    case 'all':
      return true;
    case 'adults':
      return age === null || age >= 18;
    case 'children':
      return age !== null && age < 18;
    case 'school_age':
      return age !== null && age >= 4 && age < 18;
    case 'under_4':
      return age !== null && age < 4;
  }
}

/** The same rule in SQL, for a member alias `m` and the trajectory start `startedOn` (a date expression). */
export function appliesToSql(appliesTo: SQL, member: string, startedOn: SQL): SQL {
  const dob = sql.raw(`${member}.date_of_birth`);
  const age = sql`extract(year from age(${startedOn}, ${dob}))`;
  return sql`(case ${appliesTo}
    when 'all' then true
    when 'adults' then (${dob} is null or ${age} >= 18)
    when 'children' then (${dob} is not null and ${age} < 18)
    when 'school_age' then (${dob} is not null and ${age} >= 4 and ${age} < 18)
    when 'under_4' then (${dob} is not null and ${age} < 4)
    else false end)`;
}

export interface PhaseNow {
  phase: Phase;
  index: number;
  monthsElapsed: number;
}

/** The phase a trajectory is in on `today`: the first whose end lies after today; the last one after that. */
export function currentPhase(trajectory: { startedOn: string; phases: readonly Phase[] }, today: string): PhaseNow {
  const monthsElapsed = Math.max(0, monthsBetween(trajectory.startedOn, today));
  const phases = trajectory.phases.length ? trajectory.phases : defaultPhases(12);
  let index = phases.findIndex((p) => addMonths(trajectory.startedOn, p.untilMonth) > today);
  if (index < 0) index = phases.length - 1;
  return { phase: phases[index]!, index, monthsElapsed };
}

/**
 * SQL: the contact interval in days of the current phase of trajectory alias `alias` (for "Mijn werk":
 * a household without contact for longer than this is signalled). Same rule as currentPhase(). `today`
 * defaults to current_date.
 */
export function phaseContactDaysSql(alias: string, today?: string): SQL {
  const t = sql.raw(alias);
  const day = today ? sql`${today}::date` : sql`current_date`;
  return sql`coalesce(
    (select (p.value->>'contactEveryDays')::int from jsonb_array_elements(${t}.phases) with ordinality as p(value, n)
      where (${t}.started_on + make_interval(months => (p.value->>'untilMonth')::int))::date > ${day}
      order by p.n limit 1),
    (${t}.phases->-1->>'contactEveryDays')::int)`;
}

export interface PhaseProblem {
  row: number;
  field: 'key' | 'untilMonth' | 'contactEveryDays';
  message: string;
}

/** Phases must end in increasing months, the last no later than the duration; the last runs to the end. */
export function validatePhases(phases: readonly Phase[], months: number): PhaseProblem[] {
  const problems: PhaseProblem[] = [];
  if (phases.length === 0) problems.push({ row: 0, field: 'key', message: 'trajectory.validation.phases_required' });
  phases.forEach((p, i) => {
    if (i > 0 && p.untilMonth <= phases[i - 1]!.untilMonth) problems.push({ row: i, field: 'untilMonth', message: 'trajectory.validation.months_increasing' });
    if (p.untilMonth > months) problems.push({ row: i, field: 'untilMonth', message: 'trajectory.validation.month_after_end' });
  });
  return problems;
}
