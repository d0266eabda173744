import type { FieldError } from '../../platform/errors.ts';
import { formatDate, type Locale, type Translate } from '../../platform/i18n/index.ts';
import type { Counts, InfopuntStatistics, StatisticsQuery, StatisticsScope, WeekCount } from '../../features/infopunten/statistics.ts';
import { addDays, DEFAULT_WEEKS, isoWeekOf, mondayOf } from '../../features/infopunten/statistics.ts';
import { barChart, columnChart, formatNumber, formatPercent, type ChartDatum } from '../charts.ts';
import { field, html, select, type Html } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';
import { summary } from './trajectories.ts';

// The statistics of the walk-in questions: a filter (GET, nothing personal in it), the totals, then per week,
// topic, authority, infopunt and outcome a chart with its table, and the topic × authority cross-tab. The same
// numbers as a CSV for Excel.

export const STATISTICS_PATH = '/infopunt/statistiek';

export interface StatisticsPageData {
  scope: StatisticsScope;
  /** The filter as typed, to fill the form again. */
  query: StatisticsQuery;
  statistics?: InfopuntStatistics;
  errors?: FieldError[];
  today: string;
}

const FIELDS = ['from', 'to', 'infopunt', 'municipality'] as const;

/** The query string of a filter (empty values left out), for links that keep the filter. */
export function queryString(query: Record<string, string | undefined | null>): string {
  const params = new URLSearchParams();
  for (const key of FIELDS) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** An ISO week ("2026-W05") kept left-to-right inside a sentence of any direction (Unicode isolate). */
export function isolate(text: string): string {
  return `\u2066${text}\u2069`;
}

function weekRange(first: string, last: string): string {
  return `${isolate(first)} – ${isolate(last)}`;
}

// formatDate's format (dateStyle medium, UTC), built once per locale: the weeks' table has up to 106 dates.
const dateFormats = new Map<Locale, Intl.DateTimeFormat>();
function weekDate(locale: Locale, iso: string): string {
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale === 'ar' ? 'ar-u-nu-latn' : locale, { dateStyle: 'medium', timeZone: 'UTC' });
    dateFormats.set(locale, format);
  }
  return format.format(new Date(`${iso}T00:00:00Z`));
}

function dateRange(locale: Locale, from: string, to: string): string {
  return `${formatDate(locale, from)} – ${formatDate(locale, to)}`;
}

function filterForm(ctx: PageContext, data: StatisticsPageData, filter: InfopuntStatistics['filter'] | undefined): Html {
  const { t } = ctx;
  const errors = data.errors;
  // Shown as typed after an error; otherwise the period in force, as ISO weeks or the dates given.
  const shown = (name: 'from' | 'to') => str(data.query[name]) ?? (filter ? (name === 'from' ? filter.firstWeek : filter.lastWeek) : '');
  const labelOf = (f: string) => t(`infopunt_statistics.filter.${FIELDS.includes(f as (typeof FIELDS)[number]) ? f : 'from'}`);
  const { scope } = data;
  return html`<form method="get" action="${STATISTICS_PATH}" class="thuis-form thuis-stats-filter" aria-labelledby="stats-filter-title">
    <h2 class="utrecht-heading-2" id="stats-filter-title">${t('infopunt_statistics.filter.title')}</h2>
    ${summary(t, errors, labelOf)}
    <div class="thuis-stats-filter__period">
      ${field({ t, name: 'from', label: t('infopunt_statistics.filter.from'), value: shown('from'), description: t('infopunt_statistics.filter.period_hint'), errors })}
      ${field({ t, name: 'to', label: t('infopunt_statistics.filter.to'), value: shown('to'), description: t('infopunt_statistics.filter.period_hint'), errors })}
    </div>
    ${scope.infopunten.length > 1 ? select({
      t, name: 'infopunt', label: t('infopunt_statistics.filter.infopunt'), value: str(data.query.infopunt) ?? '', errors,
      options: [{ value: '', label: t('infopunt_statistics.filter.all_infopunten') },
        ...scope.infopunten.map((i) => ({ value: i.id, label: i.active ? i.name : t('infopunt_statistics.filter.closed', { name: i.name }) }))],
    }) : ''}
    ${scope.municipalities.length > 1 ? select({
      t, name: 'municipality', label: t('infopunt_statistics.filter.municipality'), value: str(data.query.municipality) ?? '', errors,
      options: [{ value: '', label: t('infopunt_statistics.filter.all_municipalities') }, ...scope.municipalities.map((m) => ({ value: m.code, label: m.name }))],
    }) : ''}
    <div><button class="utrecht-button utrecht-button--primary-action" type="submit">${t('infopunt_statistics.filter.submit')}</button></div>
  </form>`;
}

/** Ready-made periods as links; they keep the infopunt and municipality chosen. */
function presets(ctx: PageContext, data: StatisticsPageData): Html {
  const { t } = ctx;
  const thisMonday = mondayOf(data.today);
  const year = Number(data.today.slice(0, 4));
  const keep = { infopunt: str(data.query.infopunt), municipality: str(data.query.municipality) };
  const weeksBack = (n: number) => ({ from: isoWeekOf(addDays(thisMonday, -(n - 1) * 7)), to: isoWeekOf(thisMonday) });
  const choices: [string, { from: string; to: string }][] = [
    ['weeks13', weeksBack(DEFAULT_WEEKS)],
    ['weeks52', weeksBack(52)],
    ['this_year', { from: `${year}-01-01`, to: data.today }],
    ['last_year', { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` }],
    ['years2', weeksBack(104)],
  ];
  return html`<nav class="thuis-stats-presets" aria-label="${t('infopunt_statistics.presets.label')}">
    <p class="utrecht-paragraph thuis-stats-presets__label" aria-hidden="true">${t('infopunt_statistics.presets.label')}</p>
    <ul class="thuis-stats-presets__list">
      ${choices.map(([key, period]) => html`<li><a class="utrecht-link" href="${STATISTICS_PATH}${queryString({ ...period, ...keep })}">${t(`infopunt_statistics.presets.${key}`)}</a></li>`)}
    </ul>
  </nav>`;
}

function share(locale: Locale, part: number, total: number): string {
  return formatPercent(locale, part, total);
}

function totalsSection(ctx: PageContext, s: InfopuntStatistics): Html {
  const { t, locale } = ctx;
  const { totals } = s;
  const fact = (label: string, value: string) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
  return html`<section class="thuis-section" aria-labelledby="stats-totals">
    <h2 class="utrecht-heading-2" id="stats-totals">${t('infopunt_statistics.totals.title')}</h2>
    <dl class="thuis-facts thuis-stats-totals">
      ${fact(t('infopunt_statistics.totals.visits'), formatNumber(locale, totals.visits))}
      ${fact(t('infopunt_statistics.totals.per_week'), formatNumber(locale, Math.round(totals.visits / Math.max(1, s.filter.weeks))))}
      ${fact(t('infopunt_statistics.totals.minutes'), t('infopunt_statistics.totals.minutes_value', { count: totals.minutes, name: formatNumber(locale, totals.visits ? Math.round(totals.minutes / totals.visits) : 0) }))}
      ${fact(t('infopunt_statistics.totals.interpreter'), t('infopunt_statistics.totals.part', { count: totals.withInterpreter, name: share(locale, totals.withInterpreter, totals.visits) }))}
      ${fact(t('infopunt_statistics.totals.linked'), t('infopunt_statistics.totals.part', { count: totals.linked, name: share(locale, totals.linked, totals.visits) }))}
    </dl>
  </section>`;
}

/** "The most: X, n times. In total m visits." — the sentence a screen reader hears for a bar chart. */
function categorySummary(t: Translate, rows: { label: string; value: number }[], total: number): string {
  const top = rows[0];
  const parts = [t('infopunt_statistics.summary.total', { count: total })];
  if (top && top.value > 0) parts.unshift(t('infopunt_statistics.summary.most', { name: top.label, count: top.value }));
  if (rows[1] && rows[1].value > 0) parts.splice(1, 0, t('infopunt_statistics.summary.second', { name: rows[1].label, count: rows[1].value }));
  return parts.join(' ');
}

/**
 * Over a long period, a label under the first week of each quarter: the month, with the year under January and
 * under the first label (week numbers of two years would repeat and crowd). The period's first week gets a label
 * too when the first quarter starts well after it.
 */
function quarterLabels(locale: Locale, weeks: WeekCount[]): string[] {
  const monthName = new Intl.DateTimeFormat(locale === 'ar' ? 'ar-u-nu-latn' : locale, { month: 'short', timeZone: 'UTC' });
  const monthOf = (w: WeekCount) => Number(w.startsOn.slice(5, 7));
  const starts = weeks.map((w, i) => i > 0 && monthOf(w) !== monthOf(weeks[i - 1]!) && [1, 4, 7, 10].includes(monthOf(w)));
  const firstStart = starts.indexOf(true);
  if (firstStart === -1 || firstStart >= 8) starts[0] = true;
  let labelled = false;
  return weeks.map((w, i) => {
    if (!starts[i]) return '';
    const name = monthName.format(new Date(`${w.startsOn}T00:00:00Z`)).replace(/\.$/, '');
    const withYear = monthOf(w) === 1 || !labelled;
    labelled = true;
    return withYear ? `${name}\n${w.startsOn.slice(0, 4)}` : name;
  });
}

function weekLabel(t: Translate, w: WeekCount): string {
  return w.partial ? t('infopunt_statistics.weeks.partial', { name: w.week }) : w.week;
}

function weeksSection(ctx: PageContext, s: InfopuntStatistics): Html {
  const { t, locale } = ctx;
  const busiest = s.weeks.reduce<WeekCount | null>((best, w) => (!best || w.visits > best.visits ? w : best), null);
  const summaryText = [
    t('infopunt_statistics.summary.weeks', { count: s.totals.visits, pages: s.weeks.length }),
    ...(busiest && busiest.visits > 0 ? [t('infopunt_statistics.summary.busiest_week', { name: isolate(busiest.week), count: busiest.visits })] : []),
    t('infopunt_statistics.summary.average', { count: Math.round(s.totals.visits / Math.max(1, s.weeks.length)) }),
  ].join(' ');
  const long = s.weeks.length > 26;
  const quarters = long ? quarterLabels(locale, s.weeks) : [];
  const data: ChartDatum[] = s.weeks.map((w, i) => ({ label: weekLabel(t, w), value: w.visits, shortLabel: long ? quarters[i]! : String(Number(w.week.slice(6))) }));
  return html`<section class="thuis-section" aria-labelledby="stats-weeks-title">
    <h2 class="utrecht-heading-2" id="stats-weeks-title">${t('infopunt_statistics.weeks.title')}</h2>
    ${columnChart({
      id: 'chart-weeks', locale, data, sparseLabels: long,
      title: t('infopunt_statistics.weeks.title'),
      summary: summaryText,
      caption: t(long ? 'infopunt_statistics.weeks.caption_long' : 'infopunt_statistics.weeks.caption', { name: weekRange(s.filter.firstWeek, s.filter.lastWeek) }),
      table: {
        caption: t('infopunt_statistics.weeks.table'), labelHeader: t('infopunt_statistics.column.week'), valueHeader: t('infopunt_statistics.column.visits'),
        extra: [{ header: t('infopunt_statistics.column.starts_on'), values: s.weeks.map((w) => weekDate(locale, w.startsOn)), text: true }],
        ...(long ? { collapsedSummary: t('infopunt_statistics.weeks.show_table', { count: s.weeks.length }) } : {}),
      },
    })}
  </section>`;
}

function categorySection<K extends string>(ctx: PageContext, s: InfopuntStatistics, o: {
  key: string; rows: (Counts & { key: K })[]; labelOf: (key: K) => string; intro?: Html;
}): Html {
  const { t, locale } = ctx;
  const data = o.rows.map((r) => ({ label: o.labelOf(r.key), value: r.visits }));
  return html`<section class="thuis-section" aria-labelledby="stats-${o.key}-title">
    <h2 class="utrecht-heading-2" id="stats-${o.key}-title">${t(`infopunt_statistics.${o.key}.title`)}</h2>
    ${o.intro ?? ''}
    ${barChart({
      id: `chart-${o.key}`, locale, data,
      title: t(`infopunt_statistics.${o.key}.title`),
      summary: categorySummary(t, data, s.totals.visits),
      caption: t(`infopunt_statistics.${o.key}.caption`),
      table: {
        caption: t(`infopunt_statistics.${o.key}.table`), labelHeader: t(`infopunt_statistics.column.${o.key}`), valueHeader: t('infopunt_statistics.column.visits'),
        extra: [{ header: t('infopunt_statistics.column.share'), values: o.rows.map((r) => share(locale, r.visits, s.totals.visits)) }],
      },
    })}
  </section>`;
}

/** Which authority lies behind which questions: topics as rows, authorities as columns, only those with visits. */
function crossTab(ctx: PageContext, s: InfopuntStatistics): Html {
  const { t, locale } = ctx;
  const topics = s.topics.filter((r) => r.visits > 0);
  const authorities = s.authorities.filter((r) => r.visits > 0);
  const cell = new Map(s.topicAuthority.map((c) => [`${c.topic}|${c.authority}`, c.visits]));
  return html`<section class="thuis-section" aria-labelledby="stats-crosstab-title">
    <h2 class="utrecht-heading-2" id="stats-crosstab-title">${t('infopunt_statistics.crosstab.title')}</h2>
    <p class="utrecht-paragraph">${t('infopunt_statistics.crosstab.intro')}</p>
    <div class="thuis-table-wrap thuis-stats-crosstab" role="region" aria-labelledby="stats-crosstab-caption" tabindex="0">
      <table class="utrecht-table thuis-chart__table">
        <caption class="utrecht-table__caption" id="stats-crosstab-caption">${t('infopunt_statistics.crosstab.table')}</caption>
        <thead class="utrecht-table__header"><tr class="utrecht-table__row">
          <th scope="col" class="utrecht-table__header-cell">${t('infopunt_statistics.column.topics')}</th>
          ${authorities.map((a) => html`<th scope="col" class="utrecht-table__header-cell thuis-chart__number">${t(`infopunt.authority.${a.key}`)}</th>`)}
          <th scope="col" class="utrecht-table__header-cell thuis-chart__number">${t('infopunt_statistics.column.total')}</th>
        </tr></thead>
        <tbody class="utrecht-table__body">
          ${topics.map((topic) => html`<tr class="utrecht-table__row">
            <th scope="row" class="utrecht-table__header-cell">${t(`infopunt.topic.${topic.key}`)}</th>
            ${authorities.map((a) => html`<td class="utrecht-table__cell thuis-chart__number">${formatNumber(locale, cell.get(`${topic.key}|${a.key}`) ?? 0)}</td>`)}
            <td class="utrecht-table__cell thuis-chart__number"><strong>${formatNumber(locale, topic.visits)}</strong></td>
          </tr>`)}
          <tr class="utrecht-table__row thuis-stats-crosstab__total">
            <th scope="row" class="utrecht-table__header-cell">${t('infopunt_statistics.column.total')}</th>
            ${authorities.map((a) => html`<td class="utrecht-table__cell thuis-chart__number"><strong>${formatNumber(locale, a.visits)}</strong></td>`)}
            <td class="utrecht-table__cell thuis-chart__number"><strong>${formatNumber(locale, s.totals.visits)}</strong></td>
          </tr>
        </tbody>
      </table>
    </div>
  </section>`;
}

function infopuntenSection(ctx: PageContext, s: InfopuntStatistics, scope: StatisticsScope): Html {
  const { t, locale } = ctx;
  const municipality = new Map(scope.municipalities.map((m) => [m.code, m.name]));
  const rows = s.infopunten;
  const data = rows.map((r) => ({ label: r.active ? r.name : t('infopunt_statistics.filter.closed', { name: r.name }), value: r.visits }));
  return html`<section class="thuis-section" aria-labelledby="stats-infopunten-title">
    <h2 class="utrecht-heading-2" id="stats-infopunten-title">${t('infopunt_statistics.infopunten.title')}</h2>
    ${barChart({
      id: 'chart-infopunten', locale, data,
      title: t('infopunt_statistics.infopunten.title'),
      summary: categorySummary(t, data, s.totals.visits),
      caption: t('infopunt_statistics.infopunten.caption'),
      table: {
        caption: t('infopunt_statistics.infopunten.table'), labelHeader: t('infopunt_statistics.column.infopunten'), valueHeader: t('infopunt_statistics.column.visits'),
        extra: [{ header: t('infopunt_statistics.column.municipality'), values: rows.map((r) => municipality.get(r.municipalityCode) ?? r.municipalityCode), text: true }],
      },
    })}
  </section>`;
}

export function statisticsPage(ctx: PageContext, data: StatisticsPageData): Html {
  const { t, locale } = ctx;
  const s = data.statistics;
  const { scope } = data;
  const noPlaces = scope.infopunten.length === 0;
  const csvHref = `${STATISTICS_PATH}.csv${queryString({ from: str(data.query.from), to: str(data.query.to), infopunt: str(data.query.infopunt), municipality: str(data.query.municipality) })}`;
  const body = html`
    <h1 class="utrecht-heading-1">${t('infopunt_statistics.title')}</h1>
    <p class="utrecht-paragraph">${t(`infopunt_statistics.intro.${scope.kind}`)}</p>
    ${noPlaces ? html`<p class="utrecht-paragraph">${t(`infopunt_statistics.no_infopunten.${scope.kind}`)}</p>` : ''}
    ${s ? html`<p class="utrecht-paragraph thuis-stats-period"><strong>${t('infopunt_statistics.period', { name: dateRange(locale, s.filter.from, s.filter.to) })}</strong>
      · ${t('infopunt_statistics.period_weeks', { count: s.filter.weeks, name: weekRange(s.filter.firstWeek, s.filter.lastWeek) })}</p>` : ''}
    ${filterForm(ctx, data, s?.filter)}
    ${presets(ctx, data)}
    ${s ? html`
      ${totalsSection(ctx, s)}
      <p class="utrecht-paragraph thuis-stats-download"><a class="utrecht-link" href="${csvHref}" download>${t('infopunt_statistics.download')}</a></p>
      ${s.totals.visits === 0
        ? html`<p class="utrecht-paragraph thuis-stats-empty" role="status">${t('infopunt_statistics.empty')}</p>`
        : html`
          ${weeksSection(ctx, s)}
          ${categorySection(ctx, s, { key: 'topics', rows: s.topics, labelOf: (k) => t(`infopunt.topic.${k}`) })}
          ${categorySection(ctx, s, { key: 'authorities', rows: s.authorities, labelOf: (k) => t(`infopunt.authority.${k}`) })}
          ${crossTab(ctx, s)}
          ${s.infopunten.length > 1 ? infopuntenSection(ctx, s, scope) : ''}
          ${categorySection(ctx, s, { key: 'outcomes', rows: s.outcomes, labelOf: (k) => t(`infopunt.outcome.${k}`) })}`}
    ` : ''}
    <p class="utrecht-paragraph"><a class="utrecht-link" href="/infopunt">${t('infopunt_statistics.back')}</a></p>`;
  return layout(ctx, t('infopunt_statistics.title'), body);
}

/** A CSV cell: quoted when needed, and a leading = + - @ neutralised so Excel never runs it as a formula. */
function cell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The numbers of the page as one CSV (semicolon-separated, UTF-8 with a byte order mark, so Dutch Excel opens it
 * as it is): one row per number with its part of the page, the key and the translated name. Counts only.
 */
export function statisticsCsv(t: Translate, s: InfopuntStatistics, scope: StatisticsScope): string {
  const header = ['section', 'key', 'label', 'visits', 'minutes', 'with_interpreter', 'linked'].map((k) => t(`infopunt_statistics.csv.${k}`));
  const lines: (string | number)[][] = [];
  const section = (key: string) => t(`infopunt_statistics.csv.section_${key}`);
  const counts = (c: Counts) => [c.visits, c.minutes, c.withInterpreter, c.linked];
  lines.push([section('period'), `${s.filter.from}/${s.filter.to}`, `${s.filter.firstWeek} – ${s.filter.lastWeek}`, '', '', '', '']);
  lines.push([section('total'), 'total', t('infopunt_statistics.column.total'), ...counts(s.totals)]);
  for (const w of s.weeks) lines.push([section('week'), w.week, w.startsOn, w.visits, w.minutes, '', '']);
  for (const r of s.topics) lines.push([section('topic'), r.key, t(`infopunt.topic.${r.key}`), ...counts(r)]);
  for (const r of s.authorities) lines.push([section('authority'), r.key, t(`infopunt.authority.${r.key}`), ...counts(r)]);
  for (const r of s.outcomes) lines.push([section('outcome'), r.key, t(`infopunt.outcome.${r.key}`), ...counts(r)]);
  const municipality = new Map(scope.municipalities.map((m) => [m.code, m.name]));
  for (const r of s.infopunten) lines.push([section('infopunt'), r.id, `${r.name} (${municipality.get(r.municipalityCode) ?? r.municipalityCode})`, ...counts(r)]);
  for (const c of s.topicAuthority) {
    lines.push([section('topic_authority'), `${c.topic}/${c.authority}`, `${t(`infopunt.topic.${c.topic}`)} / ${t(`infopunt.authority.${c.authority}`)}`, c.visits, '', '', '']);
  }
  return `\uFEFF${[header, ...lines].map((row) => row.map(cell).join(';')).join('\r\n')}\r\n`;
}

/** The download's name: the period only. */
export function csvFileName(s: InfopuntStatistics): string {
  return `infopunt-statistiek-${s.filter.from}-${s.filter.to}.csv`;
}
