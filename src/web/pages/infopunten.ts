import type { FieldError } from '../../platform/errors.ts';
import { direction, formatDate, type Locale, type Translate } from '../../platform/i18n/index.ts';
import { COMMON_LANGUAGES, languageName } from '../../features/households/index.ts';
import {
  DURATION_CHOICES, FOLLOW_UP_DESCRIPTION_MAX, PERIODS_PER_DAY, STAFF_KINDS, VISIT_AUTHORITIES, VISIT_OUTCOMES, VISIT_TOPICS,
  type FollowUpList, type FollowUpView, type InfopuntDetail, type InfopuntView, type LookupResult, type OpeningHoursView, type OwnVisits,
  type VisitList, type VisitView,
} from '../../features/infopunten/index.ts';
import { WEEKDAYS } from '../../features/coaches/schema.ts';
import { alert, csrfField, html, type Html } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';
import { pagination } from './pagination.ts';

// The infopunt pages (issue 5): the walk-in desk (a quick log form filled in seconds on a phone or at a desk,
// one's own visits and follow-ups, the opening hours), the list of visits, and the coordinator's infopunten with
// their opening hours and staff. No script: chips are radio buttons, the lookup is a second submit button of
// the same form, so nothing typed is lost.

// ---- small building blocks -------------------------------------------------------------------------------------

const errorOf = (errors: FieldError[] | undefined, name: string) => errors?.find((e) => e.field === name);

/** An error summary naming each field by its own label, linking to the field. */
function summary(t: Translate, errors: FieldError[] | undefined, labelOf: (field: string) => string): Html {
  if (!errors?.length) return html``;
  return alert('error', 'alert', html`
    <p class="utrecht-paragraph thuis-error-summary__heading"><strong>${t('form.errors_heading', { count: errors.length })}</strong></p>
    <ul class="utrecht-unordered-list thuis-error-summary__list">
      ${errors.map((e) => html`<li><a class="utrecht-link" href="#f-${e.field.replaceAll('.', '-')}">${joinLabel(labelOf(e.field))} ${t(e.message)}</a></li>`)}
    </ul>`, { id: 'error-summary', focus: true });
}

/** "Uitkomst:" before a message, but "Wat moet er gebeuren?" keeps its question mark alone. */
const joinLabel = (label: string) => (/[?:؟]$/.test(label) ? label : `${label}:`);

function errorText(t: Translate, id: string, error: FieldError | undefined): Html {
  return error ? html`<div class="utrecht-form-field-error-message" id="${id}-err">${t(error.message)}</div>` : html``;
}

/**
 * A group of large radio "chips" in a fieldset. The first radio carries the field's id, so the error summary's
 * link lands on it; the error and the description are tied to the group.
 */
function chips(o: { t: Translate; name: string; legend: string; options: { value: string; label: string }[]; value: string | undefined; errors?: FieldError[]; description?: string; wide?: boolean; short?: boolean }): Html {
  const id = `f-${o.name}`;
  const error = errorOf(o.errors, o.name);
  const describedBy = [o.description ? `${id}-desc` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ');
  return html`<fieldset class="thuis-fieldset thuis-chips-field${error ? ' thuis-chips-field--invalid' : ''}" ${describedBy ? html`aria-describedby="${describedBy}"` : ''}>
    <legend class="thuis-chips-field__legend">${o.legend}</legend>
    ${o.description ? html`<div class="utrecht-form-field-description" id="${id}-desc">${o.description}</div>` : ''}
    ${errorText(o.t, id, error)}
    <div class="thuis-chips${o.wide ? ' thuis-chips--wide' : ''}${o.short ? ' thuis-chips--short' : ''}">
      ${o.options.map((opt, i) => html`<label class="thuis-chip" for="${i === 0 ? id : `${id}-${opt.value}`}">
        <input type="radio" name="${o.name}" id="${i === 0 ? id : `${id}-${opt.value}`}" value="${opt.value}" ${o.value === opt.value ? 'checked' : ''}
          ${error ? html`aria-invalid="true"` : ''}>
        <span class="thuis-chip__label">${opt.label}</span>
      </label>`)}
    </div>
  </fieldset>`;
}

function textInput(o: { t: Translate; name: string; label: string; value?: string | null; errors?: FieldError[]; type?: string; description?: string; maxlength?: number; autocomplete?: string; min?: string; max?: string; dir?: boolean }): Html {
  const id = `f-${o.name.replaceAll('.', '-')}`;
  const error = errorOf(o.errors, o.name);
  const describedBy = [o.description ? `${id}-desc` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ');
  return html`<div class="utrecht-form-field utrecht-form-field--text${error ? ' utrecht-form-field--invalid' : ''}">
    <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${o.label}</label></div>
    ${o.description ? html`<div class="utrecht-form-field-description" id="${id}-desc">${o.description}</div>` : ''}
    ${errorText(o.t, id, error)}
    <div class="utrecht-form-field__input">
      <input class="utrecht-textbox utrecht-textbox--html-input${error ? ' utrecht-textbox--invalid' : ''}" id="${id}" name="${o.name}"
        type="${o.type ?? 'text'}" value="${o.value ?? ''}" autocomplete="${o.autocomplete ?? 'off'}"
        ${o.maxlength ? html`maxlength="${o.maxlength}"` : ''} ${o.min ? html`min="${o.min}"` : ''} ${o.max ? html`max="${o.max}"` : ''}
        ${o.dir ? html`dir="auto"` : ''}
        ${describedBy ? html`aria-describedby="${describedBy}"` : ''} ${error ? html`aria-invalid="true"` : ''}>
    </div>
  </div>`;
}

function selectInput(o: { t: Translate; name: string; label: string; value?: string; errors?: FieldError[]; groups: { label?: string; options: { value: string; label: string }[] }[] }): Html {
  const id = `f-${o.name}`;
  const error = errorOf(o.errors, o.name);
  const option = (opt: { value: string; label: string }) => html`<option value="${opt.value}" ${o.value === opt.value ? 'selected' : ''}>${opt.label}</option>`;
  return html`<div class="utrecht-form-field${error ? ' utrecht-form-field--invalid' : ''}">
    <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${o.label}</label></div>
    ${errorText(o.t, id, error)}
    <div class="utrecht-form-field__input">
      <select class="utrecht-select utrecht-select--html-select${error ? ' utrecht-select--invalid' : ''}" id="${id}" name="${o.name}"
        ${error ? html`aria-invalid="true" aria-describedby="${id}-err"` : ''}>
        ${o.groups.map((g) => (g.label ? html`<optgroup label="${g.label}">${g.options.map(option)}</optgroup>` : g.options.map(option)))}
      </select>
    </div>
  </div>`;
}

/** "14:05" in Dutch time, whatever the server's zone. */
export function localTime(locale: Locale, iso: string): string {
  return new Intl.DateTimeFormat(locale === 'ar' ? 'ar-u-nu-latn' : locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/Amsterdam' }).format(new Date(iso));
}

/** Languages beyond the common ones that a visitor may speak; the select offers them after the common ones. */
const MORE_LANGUAGES = ['bg', 'de', 'es', 'hy', 'it', 'ka', 'ln', 'mn', 'ne', 'om', 'pl', 'pt', 'ro', 'sq', 'ur', 'zh'];

function languageGroups(ctx: PageContext): { label?: string; options: { value: string; label: string }[] }[] {
  const { t, locale } = ctx;
  const name = (code: string) => ({ value: code, label: languageName(locale, code) });
  const common = COMMON_LANGUAGES.filter((c) => c !== 'nl').map(name);
  const more = MORE_LANGUAGES.filter((c) => !COMMON_LANGUAGES.includes(c)).map(name).sort((a, b) => a.label.localeCompare(b.label, locale));
  return [{ options: [name('nl')] }, { label: t('infopunten.desk.languages_common'), options: common }, { label: t('infopunten.desk.languages_more'), options: more }];
}

/** The opening hours of one infopunt, per weekday. */
export function openingHours(ctx: PageContext, hours: OpeningHoursView[]): Html {
  const { t } = ctx;
  if (hours.length === 0) return html`<p class="utrecht-paragraph">${t('infopunten.hours.none')}</p>`;
  const days = WEEKDAYS.filter((d) => hours.some((h) => h.day === d));
  // Right to left, "09:00–12:00" would show as "12:00–09:00": each range is isolated left to right (LRI … PDI).
  const rtl = direction(ctx.locale) === 'rtl';
  const range = (h: OpeningHoursView) => (rtl ? `\u2066${h.from}–${h.to}\u2069` : `${h.from}–${h.to}`);
  return html`<dl class="thuis-facts thuis-hours">
    ${days.map((d) => html`<div><dt>${t(`infopunt.day.${d}`)}</dt><dd>${hours.filter((h) => h.day === d).map((h) => range(h)).join(', ')}</dd></div>`)}
  </dl>`;
}

function visitLine(ctx: PageContext, v: VisitView, options: { date?: boolean; infopunt?: boolean } = {}): Html {
  const { t, locale } = ctx;
  return html`<li class="thuis-visit">
    <span class="thuis-visit__when">${options.date ? html`${formatDate(locale, v.occurredOn)} ` : ''}<time datetime="${v.loggedAt}">${localTime(locale, v.loggedAt)}</time></span>
    <span class="thuis-visit__what">${t(`infopunt.topic.${v.topic}`)} · ${t(`infopunt.authority.${v.authority}`)} · ${t(`infopunt.outcome.${v.outcome}`)}
      · ${t('journal.minutes', { count: v.durationMinutes })}${options.infopunt ? html` · ${v.infopuntName}` : ''}</span>
    ${v.householdReference ? html`<span class="thuis-visit__household">${t('infopunten.visit.linked', { name: v.householdReference })}</span>` : ''}
    ${v.followUp ? html`<span class="thuis-visit__follow-up">${t(`infopunt.follow_up_status.${v.followUp.status}`)} · ${t('infopunten.follow_up.due', { name: formatDate(locale, v.followUp.dueOn) })}</span>` : ''}
  </li>`;
}

/** One open follow-up with its "Klaar" button; `back` is where the button returns to. */
export function followUpItem(ctx: PageContext, f: FollowUpView, today: string, back: '/infopunt' | '/mijn-werk'): Html {
  const { t, locale } = ctx;
  const late = f.dueOn < today;
  const household = f.householdReference
    ? f.householdId
      ? html`<a class="utrecht-link" href="/huishoudens/${f.householdId}">${f.householdReference}</a>`
      : html`${f.householdReference}`
    : html`${t('infopunten.follow_up.anonymous')}`;
  return html`<li class="thuis-card thuis-follow-up${late ? ' thuis-follow-up--late' : ''}" id="vervolg-${f.id}">
    <p class="thuis-follow-up__due"><strong>${late ? t('infopunten.follow_up.overdue', { name: formatDate(locale, f.dueOn) }) : t('infopunten.follow_up.due', { name: formatDate(locale, f.dueOn) })}</strong></p>
    <p class="utrecht-paragraph thuis-follow-up__what" dir="auto">${f.description}</p>
    <p class="thuis-follow-up__meta">${t(`infopunt.topic.${f.topic}`)} · ${t(`infopunt.outcome.${f.outcome}`)} · ${household}</p>
    <p class="thuis-follow-up__meta">${t('infopunten.follow_up.from_visit', { name: `\u2068${f.infopuntName}\u2069, ${formatDate(locale, f.visitOn)}` })}${f.loggedByName ? html` · ${t('journal.by', { name: f.loggedByName })}` : ''}</p>
    <form method="post" action="/infopunt/vervolg/${f.id}/klaar" class="thuis-follow-up__form">
      ${csrfField(ctx.csrfToken)}
      <input type="hidden" name="version" value="${f.version}">
      <input type="hidden" name="terug" value="${back}">
      <button class="utrecht-button utrecht-button--secondary-action thuis-follow-up__done" type="submit"
        aria-describedby="vervolg-${f.id}-label">${t('infopunten.follow_up.done')}</button>
      <span class="thuis-visually-hidden" id="vervolg-${f.id}-label">${f.description}</span>
    </form>
  </li>`;
}

/**
 * "Mijn werk": her infopunt follow-ups as short entries like the other signals: the task first (what she has to
 * do), then the due date, topic and the household's reference, and "Klaar". The visit is in the household's journal.
 */
export function followUpSignals(ctx: PageContext, list: FollowUpList, today: string): Html {
  const { t, locale } = ctx;
  return html`<section aria-labelledby="follow-ups-heading" class="thuis-worklist__section thuis-worklist__section--infopunt" id="vervolgafspraken">
    <h2 class="utrecht-heading-2 thuis-worklist__heading" id="follow-ups-heading">${t('infopunten.follow_up.worklist_heading', { count: list.total })}</h2>
    <ul class="thuis-signals">
      ${list.items.map((f) => {
        const late = f.dueOn < today;
        const date = dayMonth(locale, f.dueOn, today);
        return html`<li class="thuis-signal thuis-follow-up-signal${late ? ' thuis-follow-up-signal--late' : ''}" id="vervolg-${f.id}">
          <span class="thuis-follow-up-signal__what" dir="auto" id="vervolg-${f.id}-label">${f.description}</span>
          <span class="thuis-follow-up-signal__who"><span class="thuis-follow-up-signal__due">${late ? t('infopunten.follow_up.overdue', { name: date }) : t('infopunten.follow_up.due', { name: date })}</span>
            · ${t(`infopunt.topic.${f.topic}`)}${f.householdReference
            ? html` · ${f.householdId ? html`<a class="utrecht-link" href="/huishoudens/${f.householdId}">${f.householdReference}</a>` : f.householdReference}` : ''}</span>
          <form method="post" action="/infopunt/vervolg/${f.id}/klaar" class="thuis-follow-up-signal__form">
            ${csrfField(ctx.csrfToken)}
            <input type="hidden" name="version" value="${f.version}">
            <input type="hidden" name="terug" value="/mijn-werk">
            <button class="utrecht-button utrecht-button--secondary-action thuis-follow-up__done" type="submit" aria-describedby="vervolg-${f.id}-label">${t('infopunten.follow_up.done')}</button>
          </form>
        </li>`;
      })}
    </ul>
    ${list.total > list.items.length ? html`<p class="utrecht-paragraph thuis-worklist__more">${t('infopunten.follow_up.more', { count: list.total - list.items.length })}</p>` : ''}
  </section>`;
}

/** "28 november": the year only when it is not this year's. */
function dayMonth(locale: Locale, iso: string, today: string): string {
  const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', timeZone: 'UTC' };
  if (iso.slice(0, 4) !== today.slice(0, 4)) options.year = 'numeric';
  return new Intl.DateTimeFormat(locale === 'ar' ? 'ar-u-nu-latn' : locale, options).format(new Date(`${iso}T00:00:00Z`));
}

export function followUpList(ctx: PageContext, list: FollowUpList, today: string, back: '/infopunt' | '/mijn-werk', headingLevel: 2 | 3 = 2): Html {
  const { t } = ctx;
  const heading = t('infopunten.follow_up.heading', { count: list.total });
  return html`<section aria-labelledby="follow-ups-heading" class="thuis-section thuis-follow-ups" id="vervolgafspraken">
    ${headingLevel === 2
      ? html`<h2 class="utrecht-heading-2" id="follow-ups-heading">${heading}</h2>`
      : html`<h3 class="utrecht-heading-3" id="follow-ups-heading">${heading}</h3>`}
    ${list.items.length === 0
      ? html`<p class="utrecht-paragraph">${t('infopunten.follow_up.none')}</p>`
      : html`<ul class="thuis-follow-up-list">${list.items.map((f) => followUpItem(ctx, f, today, back))}</ul>`}
    ${list.total > list.items.length ? html`<p class="utrecht-paragraph">${t('infopunten.follow_up.more', { count: list.total - list.items.length })}</p>` : ''}
  </section>`;
}

// ---- the walk-in desk --------------------------------------------------------------------------------------------

export interface DeskData {
  today: string;
  /** Every infopunt she may see (for the opening hours). */
  infopunten: InfopuntView[];
  /** The ones she may log at. */
  loggable: InfopuntView[];
  current: InfopuntView | null;
  own: OwnVisits | null;
  followUps: FollowUpList;
  /** She may look households up (infopunt.find_household) to link a visit. */
  canLookup: boolean;
  /** The coordinator: links to every visit and to the infopunten's settings. */
  canConfigure: boolean;
  canSeeStatistics: boolean;
}

export interface DeskState {
  values?: Record<string, string>;
  errors?: FieldError[];
  /** The visit was saved (303 back here). */
  saved?: boolean;
  /** A follow-up was marked done, or someone had done it already. */
  done?: 'done' | 'already';
  /** A follow-up changed since it was read (REL-LOCK). */
  followUpConflict?: boolean;
  /** The result of a household lookup. */
  lookup?: LookupResult[];
  /** The household the visit will be linked to (chosen earlier, the form came back). */
  linked?: LookupResult | null;
}

const DESK_FIELDS = [
  'topic', 'authority', 'durationMinutes', 'outcome', 'language', 'withInterpreter', 'followUpDueOn', 'followUpDescription',
  'householdId', 'reference', 'familyName', 'dateOfBirth', 'infopuntId', 'idempotencyKey',
];

function deskLabel(t: Translate, field: string): string {
  return DESK_FIELDS.includes(field) ? t(`infopunten.field.${field}`) : t('infopunten.field.other');
}

function householdLink(ctx: PageContext, v: Record<string, string>, state: DeskState): Html {
  const { t } = ctx;
  const results = state.lookup;
  const linked = state.linked ?? null;
  // Candidates to choose from: the lookup's results, or the one already chosen. One exact match is chosen at once.
  const options = results ?? (linked ? [linked] : []);
  const chosen = options.some((o) => o.householdId === v.householdId) ? v.householdId! : results?.length === 1 ? results[0]!.householdId : '';
  // What the summary says is what saving now does: anonymous, or linked to the one chosen.
  const chosenOption = options.find((o) => o.householdId === chosen);
  const open = Boolean(results || linked || ['reference', 'familyName', 'dateOfBirth', 'householdId'].some((f) => errorOf(state.errors, f)));
  const who = (r: LookupResult) => `${r.reference} · ${r.givenName} ${r.familyInitial}.`;
  // In a sentence the name is isolated (FSI … PDI, like <bdi>): a Latin name in an Arabic sentence keeps its dot.
  return html`<details class="thuis-desk__link" ${open ? 'open' : ''}>
    <summary class="thuis-desk__link-summary">${chosenOption
      ? html`<span class="thuis-desk__link-state">${t('infopunten.link.summary_linked', { name: `\u2068${who(chosenOption)}\u2069` })}</span>`
      : html`<span class="thuis-desk__link-state">${t('infopunten.link.anonymous')}</span> <span class="thuis-desk__link-action">${t('infopunten.link.summary')}</span>`}</summary>
    <p class="utrecht-paragraph">${t('infopunten.link.help')}</p>
    ${textInput({ t, name: 'reference', label: t('infopunten.field.reference'), value: v.reference, errors: state.errors, autocomplete: 'off' })}
    <p class="utrecht-paragraph thuis-desk__or">${t('infopunten.link.or')}</p>
    <div class="thuis-desk__pair">
      ${textInput({ t, name: 'familyName', label: t('infopunten.field.familyName'), value: v.familyName, errors: state.errors, autocomplete: 'off', dir: true })}
      ${textInput({ t, name: 'dateOfBirth', label: t('infopunten.field.dateOfBirth'), type: 'date', value: v.dateOfBirth, errors: state.errors })}
    </div>
    <button class="utrecht-button utrecht-button--secondary-action thuis-desk__search" type="submit" formaction="/infopunt/zoeken" formnovalidate>${t('infopunten.link.search')}</button>
    ${results && results.length === 0 ? html`<p class="utrecht-paragraph" role="status">${t('infopunten.link.no_results')}</p>` : ''}
    ${options.length
      ? html`<fieldset class="thuis-fieldset" ${errorOf(state.errors, 'householdId') ? html`aria-describedby="f-householdId-err"` : ''}>
          <legend>${results ? t('infopunten.link.results', { count: results.length }) : t('infopunten.field.householdId')}</legend>
          ${errorText(t, 'f-householdId', errorOf(state.errors, 'householdId'))}
          <div class="thuis-radio"><input type="radio" name="householdId" id="f-householdId" value="" ${chosen === '' ? 'checked' : ''}>
            <label for="f-householdId">${t('infopunten.link.none')}</label></div>
          ${options.map((r) => html`<div class="thuis-radio"><input type="radio" name="householdId" id="f-householdId-${r.householdId}" value="${r.householdId}"
              ${chosen === r.householdId ? 'checked' : ''}>
            <label for="f-householdId-${r.householdId}"><bdi>${who(r)}</bdi></label></div>`)}
        </fieldset>`
      : errorOf(state.errors, 'householdId')
        ? html`<input type="hidden" name="householdId" value="">${errorText(t, 'f-householdId', errorOf(state.errors, 'householdId'))}`
        : ''}
  </details>`;
}

/**
 * The authorities in the order a formulierenteam meets them most: the tax office's allowances and the
 * municipality first, "none" (the default) last. The taxonomy itself keeps its own order for statistics.
 */
const AUTHORITY_ORDER = [
  'belastingdienst_toeslagen', 'gemeente', 'health_insurer', 'uwv', 'duo', 'svb', 'housing_corporation', 'energy_supplier', 'cak',
  'other', 'none',
] as const;

/**
 * The quick form. The common case ("a letter from the Belastingdienst, 10 minutes, answered") is three taps: a
 * topic, an authority, save; duration and outcome have their defaults. What is rarely needed waits behind a
 * disclosure (language and interpreter, the household link) and the follow-up only shows for an outcome that
 * needs one, so the page stays short; the save button stays at the bottom of the screen while the form is in view.
 */
function logForm(ctx: PageContext, data: DeskData, current: InfopuntView, state: DeskState): Html {
  const { t, locale } = ctx;
  const v = state.values ?? {};
  const errors = state.errors;
  const dueDefault = new Date(Date.parse(`${data.today}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
  const language = v.language ?? 'nl';
  const interpreter = v.withInterpreter === '1';
  const talkOpen = language !== 'nl' || interpreter || Boolean(errorOf(errors, 'language') || errorOf(errors, 'withInterpreter'));
  // An authority the order does not know yet goes just before "other".
  const rank = (k: string) => { const i = (AUTHORITY_ORDER as readonly string[]).indexOf(k); return i < 0 ? AUTHORITY_ORDER.indexOf('other') - 0.5 : i; };
  const authorities = [...VISIT_AUTHORITIES].sort((a, b) => rank(a) - rank(b));
  return html`<form method="post" action="/infopunt/bezoeken" class="thuis-form thuis-desk" novalidate aria-labelledby="log-heading">
    ${csrfField(ctx.csrfToken)}
    <input type="hidden" name="infopuntId" value="${current.id}">
    <input type="hidden" name="idempotencyKey" value="${v.idempotencyKey ?? crypto.randomUUID()}">
    ${chips({ t, name: 'topic', legend: t('infopunten.field.topic'), value: v.topic, errors, wide: true,
      options: VISIT_TOPICS.map((k) => ({ value: k, label: t(`infopunt.topic.${k}`) })) })}
    ${chips({ t, name: 'authority', legend: t('infopunten.field.authority'), value: v.authority ?? 'none', errors, wide: true,
      options: authorities.map((k) => ({ value: k, label: t(`infopunt.authority.${k}`) })) })}
    ${chips({ t, name: 'durationMinutes', legend: t('infopunten.desk.duration_legend'), value: v.durationMinutes ?? '10', errors, short: true,
      options: DURATION_CHOICES.map((m) => ({ value: String(m), label: String(m) })) })}
    ${chips({ t, name: 'outcome', legend: t('infopunten.field.outcome'), value: v.outcome ?? 'answered', errors, wide: true,
      options: VISIT_OUTCOMES.map((k) => ({ value: k, label: t(`infopunt.outcome.${k}`) })) })}
    <fieldset class="thuis-fieldset thuis-desk__follow-up" aria-describedby="follow-up-help">
      <legend>${t('infopunten.desk.follow_up_legend')}</legend>
      <p class="utrecht-form-field-description" id="follow-up-help">${t('infopunten.desk.follow_up_help')}</p>
      ${textInput({ t, name: 'followUpDescription', label: t('infopunten.field.followUpDescription'), value: v.followUpDescription, errors, maxlength: FOLLOW_UP_DESCRIPTION_MAX, dir: true,
        description: t('infopunten.desk.follow_up_description_help', { count: FOLLOW_UP_DESCRIPTION_MAX }) })}
      ${textInput({ t, name: 'followUpDueOn', label: t('infopunten.field.followUpDueOn'), type: 'date', value: v.followUpDueOn ?? dueDefault, errors, min: data.today })}
    </fieldset>
    <details class="thuis-desk__more" ${talkOpen ? 'open' : ''}>
      <summary class="thuis-desk__more-summary">${t('infopunten.desk.talk_summary', { name: `${languageName(locale, language)}, ${interpreter ? t('infopunten.desk.with_interpreter') : t('infopunten.desk.without_interpreter')}` })}</summary>
      <div class="thuis-desk__pair">
        ${selectInput({ t, name: 'language', label: t('infopunten.field.language'), value: language, errors, groups: languageGroups(ctx) })}
        ${chips({ t, name: 'withInterpreter', legend: t('infopunten.field.withInterpreter'), value: v.withInterpreter ?? '0', errors, short: true,
          options: [{ value: '0', label: t('infopunten.desk.no') }, { value: '1', label: t('infopunten.desk.yes') }] })}
      </div>
    </details>
    ${data.canLookup ? householdLink(ctx, v, state) : html`<p class="utrecht-paragraph thuis-desk__anonymous">${t('infopunten.desk.anonymous')}</p>`}
    <div class="thuis-desk__actions">
      <button class="utrecht-button utrecht-button--primary-action thuis-desk__save" type="submit">${t('infopunten.desk.save')}</button>
    </div>
  </form>`;
}

function chooser(ctx: PageContext, data: DeskData): Html {
  const { t } = ctx;
  if (data.loggable.length < 2 || !data.current) return html``;
  return html`<form method="get" action="/infopunt" class="thuis-search thuis-desk__chooser">
    <div class="utrecht-form-field">
      <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="f-punt">${t('infopunten.desk.choose')}</label></div>
      <div class="utrecht-form-field__input">
        <select class="utrecht-select utrecht-select--html-select" id="f-punt" name="punt">
          ${data.loggable.map((i) => html`<option value="${i.id}" ${i.id === data.current!.id ? 'selected' : ''}>${i.name}</option>`)}
        </select>
      </div>
    </div>
    <button class="utrecht-button utrecht-button--secondary-action" type="submit">${t('infopunten.desk.choose_submit')}</button>
  </form>`;
}

function ownVisitsSection(ctx: PageContext, own: OwnVisits, all: boolean): Html {
  const { t } = ctx;
  return html`<section aria-labelledby="own-visits-heading" class="thuis-section" id="bezoeken">
    <h2 class="utrecht-heading-2" id="own-visits-heading">${t('infopunten.own.heading')}</h2>
    <h3 class="utrecht-heading-3">${t('infopunten.own.today', { count: own.countToday })}</h3>
    ${own.todayItems.length === 0 ? html`<p class="utrecht-paragraph">${t('infopunten.own.none_today')}</p>` : html`<ul class="thuis-visits">${own.todayItems.map((v) => visitLine(ctx, v, { infopunt: true }))}</ul>`}
    <h3 class="utrecht-heading-3">${t('infopunten.own.week', { count: own.countWeek })}</h3>
    ${own.weekItems.length === 0 ? html`<p class="utrecht-paragraph">${t('infopunten.own.none_week')}</p>` : html`<ul class="thuis-visits">${own.weekItems.map((v) => visitLine(ctx, v, { date: true, infopunt: true }))}</ul>`}
    <p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/infopunt/bezoeken">${t(all ? 'infopunten.visits.title_all' : 'infopunten.own.all_link')}</a></p>
  </section>`;
}

function hoursSection(ctx: PageContext, infopunten: InfopuntView[]): Html {
  const { t } = ctx;
  return html`<section aria-labelledby="hours-heading" class="thuis-section" id="openingstijden">
    <h2 class="utrecht-heading-2" id="hours-heading">${t('infopunten.hours.heading')}</h2>
    ${infopunten.length === 0 ? html`<p class="utrecht-paragraph">${t('infopunten.list.none')}</p>` : html`
    <ul class="thuis-cards thuis-infopunt-cards">
      ${infopunten.filter((i) => i.active).map((i) => html`<li class="thuis-card">
        <h3 class="utrecht-heading-3 thuis-card__title">${i.name}</h3>
        <p class="utrecht-paragraph">${i.address ? html`<span dir="auto">${i.address}</span> · ` : ''}${i.municipalityName}${i.worksHere ? html` · ${t(`infopunt.staff_kind.${i.worksHere}`)}` : ''}</p>
        ${openingHours(ctx, i.openingHours)}
      </li>`)}
    </ul>`}
  </section>`;
}

export function deskPage(ctx: PageContext, data: DeskData, state: DeskState = {}): Html {
  const { t } = ctx;
  const current = data.current;
  const title = current ? current.name : t('infopunten.desk.title');
  return layout(ctx, title, html`
    <h1 class="utrecht-heading-1">${title}</h1>
    ${state.saved && data.own ? alert('ok', 'status', html`<p class="utrecht-paragraph">${t('infopunten.desk.saved', { count: data.own.countToday })}</p>`) : ''}
    ${state.done ? alert('ok', 'status', html`<p class="utrecht-paragraph">${t(state.done === 'done' ? 'infopunten.follow_up.done_saved' : 'infopunten.follow_up.done_already')}</p>`) : ''}
    ${state.followUpConflict ? alert('warning', 'alert', html`<p class="utrecht-paragraph">${t('infopunten.follow_up.conflict')}</p>`) : ''}
    ${current ? html`<p class="utrecht-paragraph">${t('infopunten.desk.intro')}</p>` : ''}
    ${chooser(ctx, data)}
    ${current
      ? html`<section aria-labelledby="log-heading" class="thuis-section">
          <h2 class="utrecht-heading-2" id="log-heading">${t('infopunten.desk.log_heading')}</h2>
          ${summary(t, state.errors, (f) => deskLabel(t, f))}
          ${logForm(ctx, data, current, state)}
        </section>`
      : html`<p class="utrecht-paragraph">${data.canConfigure ? t('infopunten.desk.none_configured') : t('infopunten.desk.not_staff')}</p>`}
    ${followUpList(ctx, data.followUps, data.today, '/infopunt')}
    ${data.own ? ownVisitsSection(ctx, data.own, data.canConfigure) : ''}
    ${hoursSection(ctx, data.infopunten)}
    <ul class="thuis-actions">
      ${data.canConfigure ? html`<li><a class="utrecht-link" href="/infopunten">${t('infopunten.list.manage')}</a></li>` : ''}
      ${data.canSeeStatistics ? html`<li><a class="utrecht-link" href="/infopunt/statistiek">${t('infopunten.desk.statistics')}</a></li>` : ''}
    </ul>`);
}

// ---- the list of visits ------------------------------------------------------------------------------------------

export interface VisitsPageData {
  list: VisitList | null;
  infopunten: InfopuntView[];
  filter: { infopuntId?: string; from?: string; to?: string };
  errors?: FieldError[];
}

export function visitsPage(ctx: PageContext, data: VisitsPageData): Html {
  const { t, locale } = ctx;
  const list = data.list;
  const all = list?.scope === 'all';
  const f = data.filter;
  const query = (page: number) => {
    const p = new URLSearchParams();
    if (f.infopuntId) p.set('punt', f.infopuntId);
    if (f.from) p.set('van', f.from);
    if (f.to) p.set('tot', f.to);
    p.set('page', String(page));
    return `/infopunt/bezoeken?${p.toString()}`;
  };
  const labelOf = (field: string) => t(field === 'from' ? 'infopunten.visits.from' : field === 'to' ? 'infopunten.visits.to' : 'infopunten.visits.infopunt');
  const title = all ? t('infopunten.visits.title_all') : t('infopunten.visits.title_own');
  return layout(ctx, title, html`
    <p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/infopunt">${t('infopunten.desk.back')}</a></p>
    <h1 class="utrecht-heading-1">${title}</h1>
    <p class="utrecht-paragraph">${all ? t('infopunten.visits.intro_all') : t('infopunten.visits.intro_own')}</p>
    ${summary(t, data.errors, labelOf)}
    <form method="get" action="/infopunt/bezoeken" class="thuis-search thuis-visits-filter" novalidate>
      ${selectInput({ t, name: 'punt', label: t('infopunten.visits.infopunt'), value: f.infopuntId ?? '', errors: data.errors?.map((e) => (e.field === 'infopuntId' ? { ...e, field: 'punt' } : e)),
        groups: [{ options: [{ value: '', label: t('infopunten.visits.all_infopunten') }, ...data.infopunten.map((i) => ({ value: i.id, label: i.name }))] }] })}
      ${textInput({ t, name: 'van', label: t('infopunten.visits.from'), type: 'date', value: f.from, errors: data.errors?.map((e) => (e.field === 'from' ? { ...e, field: 'van' } : e)) })}
      ${textInput({ t, name: 'tot', label: t('infopunten.visits.to'), type: 'date', value: f.to, errors: data.errors?.map((e) => (e.field === 'to' ? { ...e, field: 'tot' } : e)) })}
      <button class="utrecht-button utrecht-button--secondary-action" type="submit">${t('infopunten.visits.filter')}</button>
    </form>
    ${list ? html`
      <p class="utrecht-paragraph" role="status">${t('infopunten.visits.count', { count: list.total })}</p>
      ${list.items.length === 0 ? '' : html`<div class="thuis-table-wrap" tabindex="0" role="region" aria-labelledby="visits-caption">
        <table class="thuis-visits-table">
          <caption id="visits-caption" class="thuis-visually-hidden">${title}</caption>
          <thead><tr>
            <th scope="col">${t('infopunten.visits.col_when')}</th>
            <th scope="col">${t('infopunten.visits.infopunt')}</th>
            <th scope="col">${t('infopunten.visits.col_question')}</th>
            <th scope="col">${t('infopunten.field.outcome')}</th>
            <th scope="col">${t('infopunten.visits.col_talk')}</th>
            <th scope="col">${t('infopunten.visits.col_household')}</th>
            ${all ? html`<th scope="col">${t('infopunten.visits.col_logged_by')}</th>` : ''}
          </tr></thead>
          <tbody>
            ${list.items.map((v) => html`<tr>
              <td>${formatDate(locale, v.occurredOn)} <time datetime="${v.loggedAt}">${localTime(locale, v.loggedAt)}</time></td>
              <td>${v.infopuntName}</td>
              <td>${t(`infopunt.topic.${v.topic}`)} <span class="thuis-visits-table__sub">${t(`infopunt.authority.${v.authority}`)}</span></td>
              <td>${t(`infopunt.outcome.${v.outcome}`)}${v.followUp ? html` (${t(`infopunt.follow_up_status.${v.followUp.status}`)})` : ''}</td>
              <td>${t('journal.minutes', { count: v.durationMinutes })} · ${languageName(locale, v.language)}${v.withInterpreter ? html`, ${t('journal.with_interpreter')}` : ''}</td>
              <td>${v.householdReference ?? t('infopunten.visits.anonymous')}</td>
              ${all ? html`<td>${v.loggedByName ?? ''}</td>` : ''}
            </tr>`)}
          </tbody>
        </table>
      </div>`}
      ${pagination(ctx, list, query)}` : ''}`);
}

// ---- the coordinator's infopunten --------------------------------------------------------------------------------

export interface InfopuntFormState {
  values?: Record<string, string>;
  errors?: FieldError[];
  /** REL-LOCK: the infopunt as someone else left it. */
  conflict?: InfopuntView;
}

export interface StaffFormState {
  values?: Record<string, string>;
  errors?: FieldError[];
  conflict?: InfopuntView;
}

/** Rows per weekday on the hours form: the periods there are, one empty row more, at least two. */
function rowsFor(hours: OpeningHoursView[], day: string, values: Record<string, string> | undefined): number {
  const filled = values
    ? Array.from({ length: PERIODS_PER_DAY }, (_, r) => r).filter((r) => values[`hours-${day}-${r}-from`] || values[`hours-${day}-${r}-to`]).length
    : hours.filter((h) => h.day === day).length;
  return Math.min(PERIODS_PER_DAY, Math.max(2, filled + 1));
}

function hourValues(hours: OpeningHoursView[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const day of WEEKDAYS) {
    hours.filter((h) => h.day === day).forEach((h, r) => {
      out[`hours-${day}-${r}-from`] = h.from;
      out[`hours-${day}-${r}-to`] = h.to;
    });
  }
  return out;
}

/** Labels of the infopunt form's fields, for the error summary. */
function infopuntLabel(t: Translate, field: string): string {
  const hour = /^hours-(\w+)-(\d+)-(from|to)$/.exec(field);
  if (hour) return `${t(`infopunt.day.${hour[1]}`)}, ${t(hour[3] === 'from' ? 'infopunten.hours.from' : 'infopunten.hours.to')} (${t('infopunten.hours.period', { count: Number(hour[2]) + 1 })})`;
  if (['name', 'municipalityCode', 'address', 'active', 'version'].includes(field)) return t(`infopunten.field.${field}`);
  return t('infopunten.field.other');
}

/**
 * One period of a day as it reads aloud and on paper: "van [09:00] tot [12:00]". The visible labels are the two
 * short words; the day and the period's number complete them for a screen reader. Errors follow the row.
 */
function hoursPeriod(t: Translate, day: string, r: number, v: Record<string, string>, errors: FieldError[] | undefined): Html {
  const field = (end: 'from' | 'to') => {
    const name = `hours-${day}-${r}-${end}`;
    const error = errorOf(errors, name);
    return html`<label class="thuis-hours-period__label" for="f-${name}">${t(`infopunten.hours.${end}`)}<span class="thuis-visually-hidden"> (${t(`infopunt.day.${day}`)}, ${t('infopunten.hours.period', { count: r + 1 })})</span></label>
      <input class="utrecht-textbox utrecht-textbox--html-input thuis-hours-period__input${error ? ' utrecht-textbox--invalid' : ''}" id="f-${name}" name="${name}" type="time"
        value="${v[name] ?? ''}" autocomplete="off" ${error ? html`aria-invalid="true" aria-describedby="f-${name}-err"` : ''}>`;
  };
  const rowErrors = (['from', 'to'] as const).map((end) => ({ id: `f-hours-${day}-${r}-${end}`, error: errorOf(errors, `hours-${day}-${r}-${end}`) })).filter((e) => e.error);
  return html`<div class="thuis-hours-period${rowErrors.length ? ' thuis-hours-period--invalid' : ''}">
    ${field('from')}${field('to')}
    ${rowErrors.map((e) => errorText(t, e.id, e.error))}
  </div>`;
}

function infopuntForm(ctx: PageContext, o: { action: string; values: Record<string, string>; errors?: FieldError[]; municipalities: { code: string; name: string }[]; hours: OpeningHoursView[]; version?: number; submit: string }): Html {
  const { t } = ctx;
  const v = o.values;
  return html`<form method="post" action="${o.action}" class="thuis-form thuis-infopunt-form" novalidate>
    ${csrfField(ctx.csrfToken)}
    ${o.version !== undefined ? html`<input type="hidden" name="version" value="${o.version}">` : ''}
    ${textInput({ t, name: 'name', label: t('infopunten.field.name'), value: v.name, errors: o.errors, maxlength: 120, dir: true })}
    ${selectInput({ t, name: 'municipalityCode', label: t('infopunten.field.municipalityCode'), value: v.municipalityCode, errors: o.errors,
      groups: [{ options: o.municipalities.map((m) => ({ value: m.code, label: m.name })) }] })}
    ${textInput({ t, name: 'address', label: t('infopunten.field.address'), value: v.address, errors: o.errors, maxlength: 200, dir: true, autocomplete: 'street-address' })}
    <fieldset class="thuis-fieldset thuis-hours-form" aria-describedby="hours-help">
      <legend>${t('infopunten.hours.heading')}</legend>
      <p class="utrecht-form-field-description" id="hours-help">${t('infopunten.hours.help')}</p>
      ${WEEKDAYS.map((day) => html`<div class="thuis-hours-day" role="group" aria-labelledby="hours-${day}">
        <span class="thuis-hours-day__name" id="hours-${day}">${t(`infopunt.day.${day}`)}</span>
        <div class="thuis-hours-day__periods">
          ${Array.from({ length: rowsFor(o.hours, day, o.errors ? v : undefined) }, (_, r) => hoursPeriod(t, day, r, v, o.errors))}
        </div>
      </div>`)}
    </fieldset>
    <div class="utrecht-form-field utrecht-form-field--checkbox">
      <div class="utrecht-form-field__input">
        <input class="utrecht-checkbox utrecht-checkbox--html-input thuis-checkbox" type="checkbox" id="f-active" name="active" value="1" ${v.active !== '0' ? 'checked' : ''}>
      </div>
      <div class="utrecht-form-field__label"><label class="utrecht-form-label utrecht-form-label--checkbox" for="f-active">${t('infopunten.field.active')}</label></div>
    </div>
    <button class="utrecht-button utrecht-button--primary-action" type="submit">${o.submit}</button>
  </form>`;
}

export interface InfopuntenPageData {
  infopunten: InfopuntView[];
  canConfigure: boolean;
  municipalities: { code: string; name: string }[];
  saved?: string;
}

export function infopuntenPage(ctx: PageContext, data: InfopuntenPageData, state: InfopuntFormState = {}): Html {
  const { t } = ctx;
  const values = state.values ?? { municipalityCode: data.municipalities[0]?.code ?? '', active: '1' };
  return layout(ctx, t('infopunten.list.title'), html`
    <p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/infopunt">${t('infopunten.desk.back')}</a></p>
    <h1 class="utrecht-heading-1">${t('infopunten.list.title')}</h1>
    ${data.saved ? alert('ok', 'status', html`<p class="utrecht-paragraph">${t('infopunten.list.created')}</p>`) : ''}
    ${data.infopunten.length === 0 ? html`<p class="utrecht-paragraph">${t('infopunten.list.none')}</p>` : html`
    <ul class="thuis-cards thuis-infopunt-cards">
      ${data.infopunten.map((i) => html`<li class="thuis-card${i.active ? '' : ' thuis-infopunt--inactive'}">
        <h2 class="utrecht-heading-3 thuis-card__title"><a class="utrecht-link" href="/infopunten/${i.id}">${i.name}</a></h2>
        <p class="utrecht-paragraph">${i.address ? html`<span dir="auto">${i.address}</span> · ` : ''}${i.municipalityName}${i.active ? '' : html` · <strong>${t('infopunten.list.inactive')}</strong>`}</p>
        ${openingHours(ctx, i.openingHours)}
        ${i.staff ? html`<p class="utrecht-paragraph">${t('infopunten.staff.count', { count: i.staff.length })}</p>` : ''}
      </li>`)}
    </ul>`}
    ${data.canConfigure
      ? html`<section aria-labelledby="new-heading" class="thuis-section" id="nieuw">
          <h2 class="utrecht-heading-2" id="new-heading">${t('infopunten.list.new')}</h2>
          ${summary(t, state.errors, (f) => infopuntLabel(t, f))}
          ${infopuntForm(ctx, { action: '/infopunten', values, errors: state.errors, municipalities: data.municipalities, hours: [], submit: t('infopunten.list.create') })}
        </section>`
      : ''}`);
}

export function infopuntPage(ctx: PageContext, detail: InfopuntDetail, state: { facts?: InfopuntFormState; staff?: StaffFormState; saved?: string } = {}): Html {
  const { t } = ctx;
  const i = detail.infopunt;
  const configure = i.staff !== undefined;
  const factsState = state.facts ?? {};
  const conflictView = factsState.conflict;
  const base = conflictView ?? i;
  const values = factsState.values && !conflictView
    ? factsState.values
    : { name: base.name, municipalityCode: base.municipalityCode, address: base.address, active: base.active ? '1' : '0', ...hourValues(base.openingHours) };
  return layout(ctx, i.name, html`
    <p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="${configure ? '/infopunten' : '/infopunt'}">${t(configure ? 'infopunten.list.back' : 'infopunten.desk.back')}</a></p>
    <h1 class="utrecht-heading-1">${i.name}</h1>
    ${state.saved ? alert('ok', 'status', html`<p class="utrecht-paragraph">${t(state.saved === 'staff' ? 'infopunten.staff.saved' : 'infopunten.detail.saved')}</p>`) : ''}
    <dl class="thuis-facts thuis-facts--wide">
      <div><dt>${t('infopunten.field.municipalityCode')}</dt><dd>${i.municipalityName}</dd></div>
      ${i.address ? html`<div><dt>${t('infopunten.field.address')}</dt><dd dir="auto">${i.address}</dd></div>` : ''}
      <div><dt>${t('infopunten.detail.status')}</dt><dd>${i.active ? t('infopunten.list.active') : t('infopunten.list.inactive')}</dd></div>
      ${i.worksHere ? html`<div><dt>${t('infopunten.detail.you')}</dt><dd>${t(`infopunt.staff_kind.${i.worksHere}`)}</dd></div>` : ''}
    </dl>
    <section aria-labelledby="hours-heading" class="thuis-section">
      <h2 class="utrecht-heading-2" id="hours-heading">${t('infopunten.hours.heading')}</h2>
      ${openingHours(ctx, i.openingHours)}
    </section>
    ${configure ? html`
      <section aria-labelledby="edit-heading" class="thuis-section">
        <h2 class="utrecht-heading-2" id="edit-heading">${t('infopunten.detail.edit')}</h2>
        ${conflictView ? alert('warning', 'alert', html`<p class="utrecht-paragraph">${t('infopunten.detail.conflict')}</p>`) : ''}
        ${summary(t, factsState.errors, (f) => infopuntLabel(t, f))}
        ${infopuntForm(ctx, { action: `/infopunten/${i.id}`, values, errors: factsState.errors, municipalities: detail.municipalities, hours: base.openingHours, version: base.version, submit: t('infopunten.detail.save') })}
      </section>
      ${staffSection(ctx, detail, state.staff ?? {})}` : ''}`);
}

function staffSection(ctx: PageContext, detail: InfopuntDetail, state: StaffFormState): Html {
  const { t } = ctx;
  const i = state.conflict ?? detail.infopunt;
  const staff = i.staff ?? [];
  const working = new Set(staff.map((s) => s.userId));
  const free = detail.candidates.filter((c) => !working.has(c.userId));
  const v = state.conflict ? {} : state.values ?? {};
  const kindOptions = (current: string) => [
    ...STAFF_KINDS.map((k) => ({ value: k, label: t(`infopunt.staff_kind.${k}`) })),
    { value: '', label: t('infopunten.staff.remove') },
  ].map((o) => html`<option value="${o.value}" ${current === o.value ? 'selected' : ''}>${o.label}</option>`);
  const labelOf = (field: string) => (field.startsWith('add') ? t('infopunten.staff.add_person') : t('infopunten.staff.heading'));
  return html`<section aria-labelledby="staff-heading" class="thuis-section" id="medewerkers">
    <h2 class="utrecht-heading-2" id="staff-heading">${t('infopunten.staff.heading')}</h2>
    <p class="utrecht-paragraph">${t('infopunten.staff.help')}</p>
    ${state.conflict ? alert('warning', 'alert', html`<p class="utrecht-paragraph">${t('infopunten.detail.conflict')}</p>`) : ''}
    ${summary(t, state.errors, labelOf)}
    <form method="post" action="/infopunten/${i.id}/medewerkers" class="thuis-form" novalidate>
      ${csrfField(ctx.csrfToken)}
      <input type="hidden" name="version" value="${i.version}">
      ${staff.length === 0 ? html`<p class="utrecht-paragraph">${t('infopunten.staff.none')}</p>` : html`
      <ul class="thuis-staff-list">
        ${staff.map((s) => html`<li class="thuis-staff">
          <div class="utrecht-form-field">
            <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="f-kind-${s.userId}">${s.name} <span class="thuis-staff__role">(${t(`role.${s.role}`)})</span></label></div>
            <div class="utrecht-form-field__input">
              <select class="utrecht-select utrecht-select--html-select" id="f-kind-${s.userId}" name="kind-${s.userId}">${kindOptions(v[`kind-${s.userId}`] ?? s.kind)}</select>
            </div>
          </div>
        </li>`)}
      </ul>`}
      ${free.length ? html`<fieldset class="thuis-fieldset">
        <legend>${t('infopunten.staff.add')}</legend>
        ${selectInput({ t, name: 'addUser', label: t('infopunten.staff.add_person'), value: v.addUser ?? '', errors: state.errors,
          groups: [{ options: [{ value: '', label: t('infopunten.staff.add_nobody') }, ...free.map((c) => ({ value: c.userId, label: `${c.name} (${t(`role.${c.role}`)})` }))] }] })}
        ${selectInput({ t, name: 'addKind', label: t('infopunten.staff.add_kind'), value: v.addKind ?? 'staff', errors: state.errors,
          groups: [{ options: STAFF_KINDS.map((k) => ({ value: k, label: t(`infopunt.staff_kind.${k}`) })) }] })}
      </fieldset>` : ''}
      <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('infopunten.staff.save')}</button>
    </form>
  </section>`;
}
