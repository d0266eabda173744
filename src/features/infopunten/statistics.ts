import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import { forbidden, found, type Caller, type Outcome } from '../../platform/context.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { can } from '../../platform/policy.ts';
import { isUuid, parseInput } from '../../platform/validation.ts';
import { VISIT_AUTHORITIES, VISIT_OUTCOMES, VISIT_TOPICS, type VisitAuthority, type VisitOutcome, type VisitTopic } from './schema.ts';
import { todayIso } from '../../platform/dates.ts';

// Statistics of the walk-in questions per week, topic, authority, infopunt and outcome (issue 5), for the
// coordinator and professionals (every infopunt of the organisation) and the infopunt's own staff (the infopunten
// where they work). Only counts leave this module: no visit, no person, no household.
//
// No small-cell suppression: a visit is an anonymous count of a walk-in question, not a person, and the readers are
// the organisation's own staff who log these visits themselves; a cell of 1 or 2 identifies nobody (the monitor's
// person-based aggregates for the municipality are another matter and do suppress).
//
// Two set-based queries answer the whole page, whatever the period: one for the weeks (zero-filled by
// generate_series in SQL, ISO weeks from date_trunc('week')), one with GROUPING SETS for the totals and every
// category (topic, authority, outcome, infopunt, topic × authority). Both read a date range of one organisation
// (index infopunt_visits (organisation_id, occurred_on)) or of a few infopunten ((infopunt_id, occurred_on)).
// Each aggregates the visits once at a coarse key (per day; per topic, authority, outcome and infopunt) and
// derives the rest from those few rows: at 300,000 visits over two years that halves the time of the naive form.

/** The longest period one view covers: about two years of ISO weeks. */
export const MAX_WEEKS = 106;
/** The default period: this ISO week and the 12 before it. */
export const DEFAULT_WEEKS = 13;

const DAY = 86_400_000;

function toTime(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`);
}
function fromTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
export function addDays(iso: string, days: number): string {
  return fromTime(toTime(iso) + days * DAY);
}

/** The Monday of the ISO week of a date. */
export function mondayOf(iso: string): string {
  const weekday = (new Date(toTime(iso)).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(iso, -weekday);
}

/** The ISO week of a date as "2026-W05" (the year is the ISO week-year: 2027-01-01 may be in 2026-W53). */
export function isoWeekOf(iso: string): string {
  const thursday = addDays(mondayOf(iso), 3); // the week belongs to the year of its Thursday
  const year = Number(thursday.slice(0, 4));
  const week = 1 + Math.floor((toTime(thursday) - toTime(`${year}-01-01`)) / (7 * DAY));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday of ISO week `week` of `year`, or null when that week does not exist (week 53 of most years). */
export function mondayOfIsoWeek(year: number, week: number): string | null {
  if (week < 1 || week > 53) return null;
  const monday = addDays(mondayOf(`${String(year).padStart(4, '0')}-01-04`), (week - 1) * 7); // 4 January is always in week 1
  return isoWeekOf(monday) === `${year}-W${String(week).padStart(2, '0')}` ? monday : null;
}

/** One end of the period as typed: an ISO week (2026-W05, also 2026W05 or 2026-w5) or a date (2026-02-03). */
interface PeriodEnd {
  kind: 'week' | 'date';
  /** The first and last day it covers (a week: Monday to Sunday). */
  first: string;
  last: string;
}

export function parsePeriodEnd(value: string): PeriodEnd | null {
  const v = value.trim();
  const week = /^(\d{4})-?[Ww](\d{1,2})$/.exec(v);
  if (week) {
    const monday = mondayOfIsoWeek(Number(week[1]), Number(week[2]));
    return monday ? { kind: 'week', first: monday, last: addDays(monday, 6) } : null;
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const time = toTime(v);
    return !Number.isNaN(time) && fromTime(time) === v ? { kind: 'date', first: v, last: v } : null;
  }
  return null;
}

const blank = (v: unknown) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v);
const periodEnd = z.preprocess(blank, z.string().max(20).transform((value, ctx) => {
  const parsed = parsePeriodEnd(value);
  if (!parsed || parsed.first < '2000-01-01' || parsed.last > '2099-12-31') {
    ctx.addIssue({ code: 'custom', message: 'validation.statistics_week' });
    return z.NEVER;
  }
  return parsed;
}).optional());

/** The filters of the page and the API (GET parameters; nothing personal): period, one infopunt, one municipality. */
export const StatisticsQuery = z.object({
  from: periodEnd,
  to: periodEnd,
  infopunt: z.preprocess(blank, z.string().max(40).optional()),
  municipality: z.preprocess(blank, z.string().max(10).optional()),
});
export type StatisticsQuery = z.input<typeof StatisticsQuery>;

export interface ScopeInfopunt {
  id: string;
  name: string;
  municipalityCode: string;
  active: boolean;
}

/** What the caller may count: every infopunt of her organisation, or the ones where she works. */
export interface StatisticsScope {
  kind: 'organisation' | 'own';
  infopunten: ScopeInfopunt[];
  /** Municipalities of those infopunten, for the filter. */
  municipalities: { code: string; name: string }[];
}

export interface StatisticsFilter {
  /** First and last day counted (inclusive). */
  from: string;
  to: string;
  /** The ISO weeks of those days, e.g. 2026-W01 … 2026-W13. */
  firstWeek: string;
  lastWeek: string;
  weeks: number;
  infopuntId: string | null;
  municipalityCode: string | null;
  /** Whether the period was given (false: the default 13 weeks). */
  custom: boolean;
}

export interface Counts {
  visits: number;
  minutes: number;
  withInterpreter: number;
  /** Visits linked to a known household. */
  linked: number;
}

export interface WeekCount {
  /** ISO week, e.g. 2026-W05. */
  week: string;
  /** Its Monday. */
  startsOn: string;
  /** The period starts or ends inside this week: only part of it is counted. */
  partial: boolean;
  visits: number;
  minutes: number;
}

export interface InfopuntStatistics {
  scope: StatisticsScope['kind'];
  filter: StatisticsFilter;
  totals: Counts;
  weeks: WeekCount[];
  /** Every category, the most frequent first (ties in the taxonomy's order); categories without visits count 0. */
  topics: (Counts & { key: VisitTopic })[];
  authorities: (Counts & { key: VisitAuthority })[];
  outcomes: (Counts & { key: VisitOutcome })[];
  /** Every infopunt in the filter, the busiest first. */
  infopunten: (Counts & ScopeInfopunt)[];
  /** The cross-tab: which authority lies behind which questions; only pairs with visits. */
  topicAuthority: { topic: VisitTopic; authority: VisitAuthority; visits: number }[];
}

/**
 * Whether the caller may see statistics, and of which infopunten. A role without the permission is refused and
 * the refusal audited (the route answers 403: the page exists for everyone, its numbers do not).
 */
export async function statisticsScope(tx: Tx, caller: Caller): Promise<Outcome<StatisticsScope>> {
  const { actor } = caller;
  if (!can(actor, 'infopunt.statistics')) {
    await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'denied', recordType: 'infopunt_statistics', detail: { attempted: 'infopunt.statistics' } });
    return forbidden();
  }
  // AUTH-LISTS: only this organisation's infopunten; an infopunt worker only those where she works.
  const kind: StatisticsScope['kind'] = actor.role === 'infopunt' ? 'own' : 'organisation';
  const infopunten = rowsOf<ScopeInfopunt>(await tx.execute(sql`
    select i.id, i.name, i.municipality_code as "municipalityCode", i.active
      from infopunten i
     where i.organisation_id = ${actor.organisationId}
       ${kind === 'own' ? sql`and exists (select 1 from infopunt_staff s where s.infopunt_id = i.id and s.user_id = ${actor.userId})` : sql``}
     order by i.name, i.id`));
  const codes = [...new Set(infopunten.map((i) => i.municipalityCode))];
  const municipalities = codes.length
    ? rowsOf<{ code: string; name: string }>(await tx.execute(sql`select code, name from municipalities where code = any(${`{${codes.join(',')}}`}::text[]) order by name`))
    : [];
  return found({ kind, infopunten, municipalities });
}

function invalid(fields: FieldError[]): never {
  throw new AppError('VALIDATION', { fields });
}

/**
 * The filter from GET parameters, checked against the caller's scope: the period (default: the last 13 ISO weeks
 * up to this one; at most MAX_WEEKS weeks), one of her infopunten, one of their municipalities. An infopunt she may
 * not count (another organisation's, or one where she does not work) is refused exactly as a random id: not one of
 * the choices.
 */
export function resolveFilter(scope: StatisticsScope, query: StatisticsQuery, today = todayIso()): StatisticsFilter {
  const input = parseInput(StatisticsQuery, query);
  const thisMonday = mondayOf(today);
  const from = input.from?.first ?? (input.to ? addDays(mondayOf(input.to.first), -(DEFAULT_WEEKS - 1) * 7) : addDays(thisMonday, -(DEFAULT_WEEKS - 1) * 7));
  // Only a start: up to this week. Only an end: the 13 weeks up to it.
  const to = input.to?.last ?? addDays(thisMonday, 6);
  const fields: FieldError[] = [];
  if (to < from) fields.push({ field: 'to', message: 'validation.statistics_period_order' });
  const weeks = Math.round((toTime(mondayOf(to)) - toTime(mondayOf(from))) / (7 * DAY)) + 1;
  if (to >= from && weeks > MAX_WEEKS) fields.push({ field: 'to', message: 'validation.statistics_period_too_long' });
  const infopuntId = input.infopunt ?? null;
  if (infopuntId !== null && !(isUuid(infopuntId) && scope.infopunten.some((i) => i.id === infopuntId.toLowerCase()))) {
    fields.push({ field: 'infopunt', message: 'validation.invalid_choice' });
  }
  const municipalityCode = input.municipality ?? null;
  if (municipalityCode !== null && !scope.municipalities.some((m) => m.code === municipalityCode)) {
    fields.push({ field: 'municipality', message: 'validation.invalid_choice' });
  }
  if (fields.length) invalid(fields);
  return {
    from, to, firstWeek: isoWeekOf(from), lastWeek: isoWeekOf(to), weeks,
    infopuntId: infopuntId?.toLowerCase() ?? null, municipalityCode, custom: Boolean(input.from || input.to),
  };
}

/** The infopunten the filter counts: null for "every one of the organisation" (no condition needed). */
function infopuntenIn(scope: StatisticsScope, filter: StatisticsFilter): ScopeInfopunt[] | null {
  if (scope.kind === 'organisation' && !filter.infopuntId && !filter.municipalityCode) return null;
  return scope.infopunten.filter((i) => (!filter.infopuntId || i.id === filter.infopuntId) && (!filter.municipalityCode || i.municipalityCode === filter.municipalityCode));
}

const ZERO: Counts = { visits: 0, minutes: 0, withInterpreter: 0, linked: 0 };

interface GroupRow extends Counts {
  g: number;
  topic: VisitTopic | null;
  authority: VisitAuthority | null;
  outcome: VisitOutcome | null;
  infopuntId: string | null;
}

/** Categories in the taxonomy's order with their counts, then sorted: the most visits first (a stable sort). */
function byCategory<K extends string>(keys: readonly K[], rows: GroupRow[], keyOf: (r: GroupRow) => K | null): (Counts & { key: K })[] {
  const counts = new Map(rows.map((r) => [keyOf(r), r]));
  return keys
    .map((key) => {
      const r = counts.get(key);
      return { key, ...(r ? { visits: r.visits, minutes: r.minutes, withInterpreter: r.withInterpreter, linked: r.linked } : ZERO) };
    })
    .sort((a, b) => b.visits - a.visits);
}

/**
 * The numbers for one filter. Audited as one read of statistics (or one export): the period and the filter's
 * keys, nothing else (LOG-CLEAN).
 */
export async function readStatistics(tx: Tx, caller: Caller, scope: StatisticsScope, filter: StatisticsFilter, options: { export?: boolean } = {}): Promise<InfopuntStatistics> {
  const places = infopuntenIn(scope, filter);
  const where: SQL[] = [sql`v.organisation_id = ${caller.actor.organisationId}`, sql`v.occurred_on between ${filter.from}::date and ${filter.to}::date`];
  if (places !== null) where.push(sql`v.infopunt_id = any(${`{${places.map((p) => p.id).join(',')}}`}::uuid[])`);
  const condition = sql.join(where, sql` and `);

  // Days first (a cheap hash on a date), then their weeks: date_trunc runs per day, not per visit.
  const weekRows = rowsOf<{ startsOn: string; week: string; visits: number; minutes: number }>(await tx.execute(sql`
    with per_day as (
      select v.occurred_on as day, count(*)::int as visits, sum(v.duration_minutes)::int as minutes
        from infopunt_visits v where ${condition}
       group by v.occurred_on),
    per_week as (
      select date_trunc('week', day::timestamp)::date as monday, sum(visits)::int as visits, sum(minutes)::int as minutes
        from per_day group by 1)
    select w.monday::text as "startsOn", to_char(w.monday, 'IYYY-"W"IW') as week,
           coalesce(p.visits, 0)::int as visits, coalesce(p.minutes, 0)::int as minutes
      from (select d::date as monday from generate_series(${mondayOf(filter.from)}::date, ${mondayOf(filter.to)}::date, interval '1 week') as d) w
      left join per_week p on p.monday = w.monday
     order by w.monday`));

  // One hash over the finest combination (a few thousand groups at most), then the grouping sets over those:
  // grouping(topic, authority, outcome, infopunt_id) has a bit 1 where the column is aggregated away.
  const groupRows = rowsOf<GroupRow>(await tx.execute(sql`
    with base as (
      select v.topic, v.authority, v.outcome, v.infopunt_id, count(*)::int as visits, sum(v.duration_minutes)::int as minutes,
             (count(*) filter (where v.with_interpreter))::int as interpreter, count(v.household_id)::int as linked
        from infopunt_visits v where ${condition}
       group by v.topic, v.authority, v.outcome, v.infopunt_id)
    select grouping(topic, authority, outcome, infopunt_id)::int as g, topic, authority, outcome, infopunt_id as "infopuntId",
           -- coalesce: over a period without visits the grand total () still comes back, with sums of nothing.
           coalesce(sum(visits), 0)::int as visits, coalesce(sum(minutes), 0)::int as minutes,
           coalesce(sum(interpreter), 0)::int as "withInterpreter", coalesce(sum(linked), 0)::int as linked
      from base
     group by grouping sets ((), (topic), (authority), (outcome), (infopunt_id), (topic, authority))`));
  const set = (g: number) => groupRows.filter((r) => r.g === g);
  const total = set(0b1111)[0];
  const totals: Counts = total ? { visits: total.visits, minutes: total.minutes, withInterpreter: total.withInterpreter, linked: total.linked } : { ...ZERO };

  const perInfopunt = new Map(set(0b1110).map((r) => [r.infopuntId, r]));
  const infopunten = (places ?? scope.infopunten)
    .map((p) => {
      const r = perInfopunt.get(p.id);
      return { ...p, ...(r ? { visits: r.visits, minutes: r.minutes, withInterpreter: r.withInterpreter, linked: r.linked } : ZERO) };
    })
    .sort((a, b) => b.visits - a.visits);

  const lastMonday = mondayOf(filter.to);
  const weeks = weekRows.map((w) => ({
    ...w,
    partial: (w.startsOn === mondayOf(filter.from) && filter.from !== w.startsOn) || (w.startsOn === lastMonday && filter.to !== addDays(lastMonday, 6)),
  }));

  await writeAudit(tx, caller.audit, {
    action: options.export ? 'infopunt.statistics_export' : 'infopunt.statistics',
    result: 'ok',
    recordType: 'infopunt_statistics',
    ...(filter.infopuntId ? { recordId: filter.infopuntId } : {}),
    detail: { from: filter.from, to: filter.to, weeks: filter.weeks, infopunt: filter.infopuntId, municipality: filter.municipalityCode, scope: scope.kind },
  });

  return {
    scope: scope.kind,
    filter,
    totals,
    weeks,
    topics: byCategory(VISIT_TOPICS, set(0b0111), (r) => r.topic),
    authorities: byCategory(VISIT_AUTHORITIES, set(0b1011), (r) => r.authority),
    outcomes: byCategory(VISIT_OUTCOMES, set(0b1101), (r) => r.outcome),
    infopunten,
    topicAuthority: set(0b0011)
      .map((r) => ({ topic: r.topic!, authority: r.authority!, visits: r.visits }))
      .sort((a, b) => VISIT_TOPICS.indexOf(a.topic) - VISIT_TOPICS.indexOf(b.topic) || VISIT_AUTHORITIES.indexOf(a.authority) - VISIT_AUTHORITIES.indexOf(b.authority)),
  };
}

export type StatisticsResult =
  | { ok: true; scope: StatisticsScope; statistics: InfopuntStatistics }
  | { ok: true; scope: StatisticsScope; errors: FieldError[] };

/**
 * Scope, filter and numbers in one go, for the page, the CSV and the API. A refused role comes back as the
 * Outcome (its audit entry commits with the transaction); invalid filters come back with their field errors.
 */
export async function infopuntStatistics(tx: Tx, caller: Caller, query: StatisticsQuery, options: { today?: string; export?: boolean } = {}): Promise<Outcome<StatisticsResult>> {
  const scope = await statisticsScope(tx, caller);
  if (!scope.ok) return scope;
  let filter: StatisticsFilter;
  try {
    filter = resolveFilter(scope.value, query, options.today);
  } catch (error) {
    if (error instanceof AppError && error.code === 'VALIDATION') return found({ ok: true, scope: scope.value, errors: error.fields });
    throw error;
  }
  return found({ ok: true, scope: scope.value, statistics: await readStatistics(tx, caller, scope.value, filter, options) });
}
