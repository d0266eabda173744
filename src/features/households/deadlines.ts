import { sql, type SQL } from 'drizzle-orm';

// Deadlines are computed from dates, never typed by hand (DOMAIN.md, legal backbone). Each rule is written
// once in TypeScript (for pages) and once as SQL (for worklists that filter thousands of households);
// tests/unit/deadlines.test.ts holds the two to each other.

/** Wet inburgering: the municipality sets the PIP within 10 weeks of DUO's notice. */
export const PIP_WEEKS_AFTER_NOTICE = 10;
/** The integration term: 3 years from the day after the PIP's date. */
export const INTEGRATION_TERM_YEARS = 3;
/** Ontzorgen: rent, energy and health insurance paid from the benefit for the first 6 months. */
export const ONTZORGEN_MONTHS = 6;

function parse(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}
function format(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  const d = parse(iso);
  d.setUTCDate(d.getUTCDate() + days);
  return format(d);
}

/** Calendar months, clamped to the month's last day (31 January + 1 month = 28/29 February), as PostgreSQL does. */
export function addMonths(iso: string, months: number): string {
  const d = parse(iso);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return format(d);
}

export const pipDue = (duoNoticeDate: string): string => addDays(duoNoticeDate, PIP_WEEKS_AFTER_NOTICE * 7);
export const integrationTermEnds = (pipDate: string): string => addMonths(addDays(pipDate, 1), INTEGRATION_TERM_YEARS * 12);
export const ontzorgenEnds = (benefitStartDate: string): string => addMonths(benefitStartDate, ONTZORGEN_MONTHS);
/** Local target (seed 004): keys within N weeks of the status. */
export const keysTarget = (statusDate: string, keysWithinWeeks: number): string => addDays(statusDate, keysWithinWeeks * 7);
/** Local target (seed 004): a POP within N weeks of housing. */
export const popDue = (housingDate: string, popWithinWeeks: number): string => addDays(housingDate, popWithinWeeks * 7);

// The same rules in SQL, on date columns or expressions.
// Constants are typed (::int): `date + $1` alone is ambiguous to PostgreSQL (date + integer or date + interval).
export const pipDueSql = (duoNoticeDate: SQL): SQL => sql`(${duoNoticeDate} + ${PIP_WEEKS_AFTER_NOTICE * 7}::int)`;
export const integrationTermEndsSql = (pipDate: SQL): SQL => sql`((${pipDate} + 1) + make_interval(years => ${INTEGRATION_TERM_YEARS}::int))::date`;
export const ontzorgenEndsSql = (benefitStartDate: SQL): SQL => sql`(${benefitStartDate} + make_interval(months => ${ONTZORGEN_MONTHS}::int))::date`;
export const popDueSql = (housingDate: SQL, popWithinWeeks: SQL): SQL => sql`(${housingDate} + 7 * ${popWithinWeeks})`;

export interface MemberDeadlineFacts {
  statusDate: string | null;
  duoNoticeDate: string | null;
  pipDate: string | null;
}
export interface HouseholdDeadlineFacts {
  housingDate: string | null;
  benefitStartDate: string | null;
}
export interface LocalTargets {
  keysWithinWeeks: number;
  popWithinWeeks: number;
}

export type DeadlineKind = 'pip_due' | 'integration_term_ends' | 'ontzorgen_ends' | 'keys_target' | 'pop_due';

export interface Deadline {
  kind: DeadlineKind;
  on: string;
  /** The deadline has been met (the PIP is set, the keys came in time); it stays visible, but not as a signal. */
  met: boolean;
  /** pop_due: the day it was met (the last adult's POP established), or null while unmet. */
  metOn?: string | null;
}

/** The deadlines of one person, given her household's dates and the municipality's local targets. */
export function memberDeadlines(member: MemberDeadlineFacts, household: HouseholdDeadlineFacts, targets: LocalTargets): Deadline[] {
  const out: Deadline[] = [];
  if (member.duoNoticeDate) out.push({ kind: 'pip_due', on: pipDue(member.duoNoticeDate), met: member.pipDate !== null });
  if (member.pipDate) out.push({ kind: 'integration_term_ends', on: integrationTermEnds(member.pipDate), met: false });
  if (member.statusDate) {
    const target = keysTarget(member.statusDate, targets.keysWithinWeeks);
    out.push({ kind: 'keys_target', on: target, met: household.housingDate !== null && household.housingDate <= target });
  }
  return out;
}

// ---- The POP deadline (seed 004: a POP within N weeks of housing) ----------------------------------------------
// Met when every adult of the household has a POP (plans.kind = 'personal') of the household's latest trajectory
// that was established; it was met on the day the last of them was. An adult is a member of 18 or older on the
// housing date, or a head or partner whose date of birth is unknown (the plans feature makes a POP for them).

const ADULT_RELATIONS: ReadonlySet<string> = new Set(['head', 'partner']);
/** The local target when a municipality has none configured: a POP within 4 weeks of housing. */
export const DEFAULT_POP_WITHIN_WEEKS = 4;

/** Whether a member counts as an adult for the POP deadline (18 on the housing date, clamped as PostgreSQL does). */
export function isPopAdult(member: { dateOfBirth: string | null; relation: string }, housingDate: string): boolean {
  if (member.dateOfBirth === null) return ADULT_RELATIONS.has(member.relation);
  return addMonths(member.dateOfBirth, 18 * 12) <= housingDate;
}

/**
 * The POP deadline's state from the adults' POPs: for each adult, the day her POP was established (null: no POP,
 * or not established). Met when there is at least one adult and every one has an established POP.
 */
export function popDeadlineState(adultPopsEstablishedOn: readonly (string | null)[]): { met: boolean; metOn: string | null } {
  if (adultPopsEstablishedOn.length === 0 || adultPopsEstablishedOn.some((d) => d === null)) return { met: false, metOn: null };
  return { met: true, metOn: (adultPopsEstablishedOn as string[]).reduce((a, b) => (b > a ? b : a)) };
}

/** isPopAdult() in SQL for member alias `m` and a housing date expression. */
export const isPopAdultSql = (member: string, housingDate: SQL): SQL => {
  const m = sql.raw(member);
  return sql`(case when ${m}.date_of_birth is null then ${m}.relation in ('head', 'partner')
                   else (${m}.date_of_birth + make_interval(years => 18))::date <= ${housingDate} end)`;
};

/**
 * popDeadlineState() as an aggregate over a household's adults left-joined to their POPs (no adult: one row of
 * nulls, unmet): the day it was met, or null while it is not. "Mijn werk" groups households by it.
 */
export const popMetOnAggregateSql = (establishedOn: SQL): SQL =>
  sql`(case when count(*) > 0 and count(${establishedOn}) = count(*) then max(${establishedOn}) end)`;

/**
 * The deadlines of the household as a whole. `pop`: the adults' POP state (popDeadlineState); without it (a role
 * that may not read plans) the POP deadline is left out rather than shown as missed.
 */
export function householdDeadlines(household: HouseholdDeadlineFacts, targets: LocalTargets, pop?: { met: boolean; metOn: string | null } | null): Deadline[] {
  const out: Deadline[] = [];
  if (household.benefitStartDate) out.push({ kind: 'ontzorgen_ends', on: ontzorgenEnds(household.benefitStartDate), met: false });
  if (household.housingDate && pop) out.push({ kind: 'pop_due', on: popDue(household.housingDate, targets.popWithinWeeks), met: pop.met, metOn: pop.metOn });
  return out;
}
