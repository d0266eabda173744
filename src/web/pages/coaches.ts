import type { Paged } from '../../platform/context.ts';
import type { FieldError } from '../../platform/errors.ts';
import { formatDate } from '../../platform/i18n/index.ts';
import {
  COMMON_LANGUAGES,
  languageName,
  reasonText,
  type AssignmentView,
  type CoachOverview,
  type CoachView,
  type HandoverPlan,
  type HouseholdSuggestions,
  type WaitingHousehold,
} from '../../features/coaches/index.ts';
import { COACH_PREFERENCES, DAYPARTS, WEEKDAYS } from '../../features/coaches/schema.ts';
import { alert, csrfField, field, html, select, textarea, type Html } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';
import { pagination } from './pagination.ts';

export interface FormState {
  values?: Record<string, string | string[]>;
  errors?: FieldError[];
}

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[v.length - 1] : v);
const many = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The error summary with this feature's own field labels (the shared one knows only the shared fields). */
function errorList(ctx: PageContext, errors: FieldError[] | undefined, label: (field: string) => string): Html {
  if (!errors?.length) return html``;
  const { t } = ctx;
  return alert('error', 'alert', html`
    <p class="utrecht-paragraph thuis-error-summary__heading"><strong>${t('form.errors_heading', { count: errors.length })}</strong></p>
    <ul class="utrecht-unordered-list thuis-error-summary__list">
      ${errors.map((e) => html`<li><a class="utrecht-link" href="#f-${e.field}">${label(e.field)}: ${t(e.message)}</a></li>`)}
    </ul>`, { id: 'error-summary', focus: true });
}

function fieldError(ctx: PageContext, errors: FieldError[] | undefined, name: string): Html {
  const error = errors?.find((e) => e.field === name);
  return error ? html`<div class="utrecht-form-field-error-message" id="f-${name}-err">${ctx.t(error.message)}</div>` : html``;
}

/** A group of checkboxes sharing one name, in a fieldset with a legend (WCAG 1.3.1). */
function checkboxGroup(ctx: PageContext, o: { name: string; legend: string; description?: string; options: { value: string; label: string; lang?: string }[]; checked: readonly string[]; errors?: FieldError[] }): Html {
  const error = o.errors?.find((e) => e.field === o.name);
  return html`<fieldset class="utrecht-form-fieldset thuis-fieldset${error ? ' utrecht-form-fieldset--invalid' : ''}" id="f-${o.name}"
      ${o.description || error ? html`aria-describedby="${[o.description ? `f-${o.name}-desc` : '', error ? `f-${o.name}-err` : ''].filter(Boolean).join(' ')}"` : ''}>
    <legend class="utrecht-form-fieldset__legend thuis-coach-legend">${o.legend}</legend>
    ${o.description ? html`<div class="utrecht-form-field-description" id="f-${o.name}-desc">${o.description}</div>` : ''}
    ${fieldError(ctx, o.errors, o.name)}
    <div class="thuis-coach-checks">
      ${o.options.map((opt) => html`<div class="utrecht-form-field utrecht-form-field--checkbox">
        <div class="utrecht-form-field__input">
          <input class="utrecht-checkbox utrecht-checkbox--html-input thuis-checkbox" type="checkbox" id="f-${o.name}-${opt.value}" name="${o.name}" value="${opt.value}" ${o.checked.includes(opt.value) ? 'checked' : ''}>
        </div>
        <div class="utrecht-form-field__label"><label class="utrecht-form-label utrecht-form-label--checkbox" for="f-${o.name}-${opt.value}">${opt.label}</label></div>
      </div>`)}
    </div>
  </fieldset>`;
}

function plainCheckbox(o: { name: string; label: string; checked?: boolean; describedBy?: string }): Html {
  return html`<div class="utrecht-form-field utrecht-form-field--checkbox">
    <div class="utrecht-form-field__input">
      <input class="utrecht-checkbox utrecht-checkbox--html-input thuis-checkbox" type="checkbox" id="f-${o.name}" name="${o.name}" value="1" ${o.checked ? 'checked' : ''}
        ${o.describedBy ? html`aria-describedby="${o.describedBy}"` : ''}>
    </div>
    <div class="utrecht-form-field__label"><label class="utrecht-form-label utrecht-form-label--checkbox" for="f-${o.name}">${o.label}</label></div>
  </div>`;
}

function languageList(ctx: PageContext, codes: readonly string[]): string {
  return codes.length ? codes.map((c) => languageName(ctx.locale, c)).join(', ') : ctx.t('coaches.none');
}

function vogText(ctx: PageContext, coach: CoachView): Html {
  const { t, locale } = ctx;
  const date = coach.vogDate ? formatDate(locale, coach.vogDate) : '';
  switch (coach.vogStatus) {
    case 'missing':
      return html`<strong class="thuis-coach-flag">${t('coaches.vog_missing')}</strong>`;
    case 'expired':
      return html`${date} — <strong class="thuis-coach-flag">${t('coaches.vog_expired')}</strong>`;
    case 'not_required':
      return html`${t('coaches.vog_not_recorded')}`;
    default:
      return html`${date}`;
  }
}

function loadText(ctx: PageContext, coach: { load: number; maxLoad: number }): Html {
  const full = coach.load >= coach.maxLoad;
  return html`${ctx.t('coaches.load', { page: coach.load, pages: coach.maxLoad })}${full ? html` — <strong class="thuis-coach-flag">${ctx.t('coaches.full')}</strong>` : ''}`;
}

function municipalityNames(ctx: PageContext, codes: readonly string[], names: Map<string, string>): string {
  return codes.length ? codes.map((c) => names.get(c) ?? c).join(', ') : ctx.t('coaches.none');
}

function coachCard(ctx: PageContext, coach: CoachView, names: Map<string, string>): Html {
  const { t } = ctx;
  return html`<li class="thuis-card">
    <h3 class="utrecht-heading-3 thuis-card__title"><a class="utrecht-link" href="/coaches/${coach.id}">${coach.name}</a></h3>
    <dl class="thuis-facts">
      <div><dt>${t('coaches.role')}</dt><dd>${t(`coaches.role_${coach.role}`)}</dd></div>
      <div><dt>${t('coaches.load_label')}</dt><dd>${loadText(ctx, coach)}</dd></div>
      <div><dt>${t('coaches.languages')}</dt><dd>${languageList(ctx, coach.languages)}</dd></div>
      <div><dt>${t('coaches.municipalities')}</dt><dd>${municipalityNames(ctx, coach.municipalityCodes, names)}</dd></div>
      ${coach.postcodeAreas.length ? html`<div><dt>${t('coaches.postcode_areas')}</dt><dd>${coach.postcodeAreas.join(', ')}</dd></div>` : ''}
      <div><dt>${t('coaches.vog')}</dt><dd>${vogText(ctx, coach)}</dd></div>
      <div><dt>${t('coaches.trainings')}</dt><dd>${coach.trainings.length ? coach.trainings.join(', ') : t('coaches.none')}</dd></div>
    </dl>
    <p class="thuis-coach-actions">
      <a class="utrecht-link thuis-coach-link" href="/coaches/${coach.id}">${t('coaches.edit_profile')}<span class="thuis-visually-hidden"> (${coach.name})</span></a>
      ${coach.load > 0 ? html`<a class="utrecht-link thuis-coach-link" href="/coaches/${coach.id}/overdragen">${t('coaches.handover_link')}<span class="thuis-visually-hidden"> (${coach.name})</span></a>` : ''}
    </p>
  </li>`;
}

interface Group {
  name: string | null;
  coaches: CoachView[];
}

function groupsOf(coaches: CoachView[]): Group[] {
  const groups: Group[] = [];
  for (const c of coaches) {
    const last = groups[groups.length - 1];
    const key = c.groupName ?? null;
    if (last && last.name === key && last.coaches[0]?.groupId === c.groupId) last.coaches.push(c);
    else groups.push({ name: key, coaches: [c] });
  }
  return groups;
}

export function coachesPage(ctx: PageContext, overview: CoachOverview, waiting: Paged<WaitingHousehold>, state: FormState & { saved?: string } = {}): Html {
  const { t, locale } = ctx;
  const names = new Map(overview.municipalities.map((m) => [m.code, m.name]));
  const label = (f: string) => (f === 'coachCapacity' ? t('coaches.capacity_label') : t('coaches.form'));
  return layout(ctx, t('coaches.title'), html`
    <h1 class="utrecht-heading-1">${t('coaches.title')}</h1>
    ${state.saved ? alert('ok', 'status', html`<p class="utrecht-paragraph">${t(state.saved)}</p>`) : ''}
    <p class="utrecht-paragraph">${t('coaches.intro')}</p>

    <section aria-labelledby="capacity-heading" class="thuis-section">
      <h2 class="utrecht-heading-2" id="capacity-heading">${t('coaches.capacity_heading')}</h2>
      ${errorList(ctx, state.errors, label)}
      <form method="post" action="/coaches/capaciteit" class="thuis-form" novalidate>
        ${csrfField(ctx.csrfToken)}
        ${field({ t, name: 'coachCapacity', label: t('coaches.capacity_label'), type: 'number', inputmode: 'numeric', min: 1, max: 50,
          value: one(state.values?.coachCapacity) ?? overview.coachCapacity, required: true, description: t('coaches.capacity_help'), errors: state.errors })}
        <button class="utrecht-button utrecht-button--secondary-action" type="submit">${t('coaches.capacity_save')}</button>
      </form>
    </section>

    <section aria-labelledby="waiting-heading" class="thuis-section" id="wachtend">
      <h2 class="utrecht-heading-2" id="waiting-heading">${t('coaches.waiting_heading', { count: waiting.total })}</h2>
      ${waiting.items.length === 0 ? html`<p class="utrecht-paragraph">${t('coaches.waiting_empty')}</p>` : html`
      <ul class="thuis-cards">
        ${waiting.items.map((h) => html`<li class="thuis-card">
          <h3 class="utrecht-heading-3 thuis-card__title">${h.reference}</h3>
          <dl class="thuis-facts">
            <div><dt>${t('coaches.municipality')}</dt><dd>${h.municipalityName}</dd></div>
            <div><dt>${t('coaches.housing_date')}</dt><dd>${h.housingDate ? formatDate(locale, h.housingDate) : t('coaches.unknown')}</dd></div>
            <div><dt>${t('coaches.household_size')}</dt><dd>${t('coaches.persons', { count: h.memberCount })}</dd></div>
            <div><dt>${t('coaches.languages')}</dt><dd>${languageList(ctx, h.languages)}</dd></div>
          </dl>
          <p class="thuis-coach-actions"><a class="utrecht-link thuis-coach-link" href="/huishoudens/${h.id}/koppelen">${t('coaches.find_coach')}<span class="thuis-visually-hidden"> (${h.reference})</span></a></p>
        </li>`)}
      </ul>`}
      ${pagination(ctx, waiting, (p) => `/coaches?wachtpagina=${p}#wachtend`)}
    </section>

    <section aria-labelledby="groups-heading" class="thuis-section" id="groepen">
      <h2 class="utrecht-heading-2" id="groups-heading">${t('coaches.groups_heading')}</h2>
      ${overview.coaches.items.length === 0 ? html`<p class="utrecht-paragraph">${t('coaches.no_coaches')}</p>` : ''}
      ${groupsOf(overview.coaches.items).map((g) => html`<section class="thuis-coach-group" aria-label="${g.name ? t('coaches.group_of', { name: g.name }) : t('coaches.group_none')}">
        <h3 class="utrecht-heading-3">${g.name ? t('coaches.group_of', { name: g.name }) : t('coaches.group_none')}</h3>
        <ul class="thuis-cards thuis-cards--coaches">${g.coaches.map((c) => coachCard(ctx, c, names))}</ul>
      </section>`)}
      ${pagination(ctx, overview.coaches, (p) => `/coaches?pagina=${p}#groepen`)}
    </section>`);
}

const PROFILE_FIELDS = ['languages', 'municipalityCodes', 'postcodeAreas', 'availability', 'preferences', 'vogDate', 'trainings', 'maxLoad', 'note', 'supervisorId'] as const;

export interface ProfileOptions {
  profile: CoachView;
  asCoordinator: boolean;
  action: string;
  municipalities: { code: string; name: string }[];
  professionals: { id: string; name: string }[];
  coachCapacity: number;
  saved?: boolean;
  /** REL-LOCK: the profile as someone else saved it while this person was editing. */
  conflict?: CoachView;
}

function profileLabel(ctx: PageContext, f: string): string {
  const key = f.split('.')[0]!;
  return (PROFILE_FIELDS as readonly string[]).includes(key) ? ctx.t(`coaches.field.${key}`) : ctx.t('coaches.form');
}

/** How a profile value reads in the "what changed" table. */
function shown(ctx: PageContext, key: (typeof PROFILE_FIELDS)[number], p: CoachView, names: Map<string, string>, supervisors: Map<string, string>): string {
  const { t, locale } = ctx;
  switch (key) {
    case 'languages':
      return languageList(ctx, p.languages);
    case 'municipalityCodes':
      return municipalityNames(ctx, p.municipalityCodes, names);
    case 'postcodeAreas':
      return p.postcodeAreas.join(', ') || t('coaches.none');
    case 'availability':
      return p.availability.map((s) => slotLabel(ctx, s)).join(', ') || t('coaches.none');
    case 'preferences':
      return p.preferences.map((x) => t(`coaches.preference.${x}`)).join(', ') || t('coaches.none');
    case 'vogDate':
      return p.vogDate ? formatDate(locale, p.vogDate) : t('coaches.none');
    case 'trainings':
      return p.trainings.join(', ') || t('coaches.none');
    case 'maxLoad':
      return p.ownMaxLoad === null ? t('coaches.max_default') : String(p.ownMaxLoad);
    case 'note':
      return p.note ?? t('coaches.none');
    case 'supervisorId':
      return p.supervisorId ? supervisors.get(p.supervisorId) ?? p.supervisorName ?? '' : t('coaches.none');
  }
}

function slotLabel(ctx: PageContext, slot: string): string {
  const [day, part] = slot.split('_');
  return `${ctx.t(`coaches.day.${day}`)} ${ctx.t(`coaches.daypart.${part}`)}`;
}

/** The profile as the form's values (strings), so a re-rendered form and a fresh one read alike. */
export function profileValues(p: CoachView): Record<string, string | string[]> {
  const common = new Set<string>(COMMON_LANGUAGES);
  return {
    version: String(p.version),
    languages: p.languages.filter((l) => common.has(l)),
    languagesOther: p.languages.filter((l) => !common.has(l)).join(', '),
    municipalityCodes: [...p.municipalityCodes],
    postcodeAreas: p.postcodeAreas.join(', '),
    availability: [...p.availability],
    preferences: [...p.preferences],
    vogDate: p.vogDate ?? '',
    trainings: p.trainings.join('\n'),
    maxLoad: p.ownMaxLoad === null ? '' : String(p.ownMaxLoad),
    note: p.note ?? '',
    supervisorId: p.supervisorId ?? '',
  };
}

function availabilityTable(ctx: PageContext, checked: readonly string[]): Html {
  const { t } = ctx;
  return html`<fieldset class="utrecht-form-fieldset thuis-fieldset" id="f-availability">
    <legend class="utrecht-form-fieldset__legend thuis-coach-legend">${t('coaches.field.availability')}</legend>
    <div class="utrecht-form-field-description">${t('coaches.availability_help')}</div>
    <div class="thuis-table-wrap">
      <table class="utrecht-table thuis-coach-week">
        <caption class="thuis-visually-hidden">${t('coaches.field.availability')}</caption>
        <thead><tr><td></td>${DAYPARTS.map((p) => html`<th scope="col">${t(`coaches.daypart.${p}`)}</th>`)}</tr></thead>
        <tbody>
          ${WEEKDAYS.map((d) => html`<tr><th scope="row">${t(`coaches.day.${d}`)}</th>
            ${DAYPARTS.map((p) => html`<td><input class="thuis-checkbox" type="checkbox" name="availability" value="${d}_${p}" id="f-availability-${d}_${p}"
              aria-label="${t(`coaches.day.${d}`)} ${t(`coaches.daypart.${p}`)}" ${checked.includes(`${d}_${p}`) ? 'checked' : ''}></td>`)}
          </tr>`)}
        </tbody>
      </table>
    </div>
  </fieldset>`;
}

export function profilePage(ctx: PageContext, o: ProfileOptions, state: FormState = {}): Html {
  const { t, locale } = ctx;
  const p = o.profile;
  const v = state.values ?? profileValues(p);
  const names = new Map(o.municipalities.map((m) => [m.code, m.name]));
  const supervisors = new Map(o.professionals.map((x) => [x.id, x.name]));
  const title = o.asCoordinator && o.action !== '/account/profiel' ? t('coaches.profile_title_of', { name: p.name }) : t('coaches.profile_title_own');
  const changed = o.conflict
    ? PROFILE_FIELDS.filter((k) => k !== 'supervisorId' && shown(ctx, k, o.conflict!, names, supervisors) !== shown(ctx, k, p, names, supervisors))
    : [];
  // The page title stays generic: a name does not belong in browser history or tab titles.
  return layout(ctx, t('coaches.profile_title'), html`
    <h1 class="utrecht-heading-1">${title}</h1>
    ${o.saved ? alert('ok', 'status', html`<p class="utrecht-paragraph">${t('coaches.profile_saved')}</p>`) : ''}
    ${o.conflict ? alert('warning', 'alert', html`
      <p class="utrecht-paragraph"><strong>${t('coaches.conflict_heading')}</strong></p>
      <p class="utrecht-paragraph">${t('coaches.conflict_help')}</p>
      ${changed.length ? html`<div class="thuis-table-wrap"><table class="utrecht-table thuis-coach-table">
        <caption class="thuis-visually-hidden">${t('coaches.conflict_heading')}</caption>
        <thead><tr><th scope="col">${t('coaches.conflict_field')}</th><th scope="col">${t('coaches.conflict_theirs')}</th><th scope="col">${t('coaches.conflict_yours')}</th></tr></thead>
        <tbody>${changed.map((k) => html`<tr><th scope="row">${t(`coaches.field.${k}`)}</th><td>${shown(ctx, k, o.conflict!, names, supervisors)}</td><td>${shown(ctx, k, p, names, supervisors)}</td></tr>`)}</tbody>
      </table></div>` : ''}`, { focus: true }) : ''}
    ${errorList(ctx, state.errors, (f) => profileLabel(ctx, f))}
    <dl class="thuis-facts thuis-facts--wide">
      <div><dt>${t('coaches.role')}</dt><dd>${t(`coaches.role_${p.role}`)}</dd></div>
      <div><dt>${t('coaches.load_label')}</dt><dd>${loadText(ctx, p)}</dd></div>
      <div><dt>${t('coaches.vog')}</dt><dd>${vogText(ctx, p)}</dd></div>
      ${o.asCoordinator ? '' : html`<div><dt>${t('coaches.trainings')}</dt><dd>${p.trainings.length ? p.trainings.join(', ') : t('coaches.none')}</dd></div>
      <div><dt>${t('coaches.field.maxLoad')}</dt><dd>${p.ownMaxLoad === null ? t('coaches.max_default_count', { count: o.coachCapacity }) : String(p.ownMaxLoad)}</dd></div>`}
      ${p.supervisorName && !o.asCoordinator ? html`<div><dt>${t('coaches.field.supervisorId')}</dt><dd>${p.supervisorName}</dd></div>` : ''}
    </dl>
    ${o.asCoordinator ? '' : html`<p class="utrecht-paragraph thuis-coach-hint">${t('coaches.coordinator_fields_help')}</p>`}
    <form method="post" action="${o.action}" class="thuis-form" novalidate>
      ${csrfField(ctx.csrfToken)}
      <input type="hidden" name="version" value="${o.conflict ? o.conflict.version : one(v.version) ?? String(p.version)}">
      ${checkboxGroup(ctx, {
        name: 'languages', legend: t('coaches.field.languages'), errors: state.errors, checked: many(v.languages),
        options: COMMON_LANGUAGES.map((code) => ({ value: code, label: `${languageName(locale, code)} (${code})` })),
      })}
      ${field({ t, name: 'languagesOther', label: t('coaches.field.languagesOther'), value: one(v.languagesOther), description: t('coaches.languages_other_help'), errors: state.errors })}
      ${checkboxGroup(ctx, {
        name: 'municipalityCodes', legend: t('coaches.field.municipalityCodes'), errors: state.errors, checked: many(v.municipalityCodes),
        options: o.municipalities.map((m) => ({ value: m.code, label: m.name })),
      })}
      ${field({ t, name: 'postcodeAreas', label: t('coaches.field.postcodeAreas'), value: one(v.postcodeAreas), inputmode: 'numeric', description: t('coaches.postcode_areas_help'), errors: state.errors })}
      ${availabilityTable(ctx, many(v.availability))}
      ${checkboxGroup(ctx, {
        name: 'preferences', legend: t('coaches.field.preferences'), errors: state.errors, checked: many(v.preferences), description: t('coaches.preferences_help'),
        options: COACH_PREFERENCES.map((x) => ({ value: x, label: t(`coaches.preference.${x}`) })),
      })}
      ${o.asCoordinator ? html`
      ${field({ t, name: 'vogDate', label: t('coaches.field.vogDate'), type: 'date', value: one(v.vogDate), description: t('coaches.vog_help'), errors: state.errors })}
      ${textarea({ t, name: 'trainings', label: t('coaches.field.trainings'), value: one(v.trainings), rows: 4, errors: state.errors })}
      <p class="utrecht-paragraph thuis-coach-hint">${t('coaches.trainings_help')}</p>
      ${field({ t, name: 'maxLoad', label: t('coaches.field.maxLoad'), type: 'number', inputmode: 'numeric', min: 0, max: 50, value: one(v.maxLoad),
        description: t('coaches.max_load_help', { count: o.coachCapacity }), errors: state.errors })}` : ''}
      ${textarea({ t, name: 'note', label: t('coaches.field.note'), value: one(v.note), rows: 3, errors: state.errors })}
      ${o.asCoordinator && p.role === 'volunteer' ? select({ t, name: 'supervisorId', label: t('coaches.field.supervisorId'), value: one(v.supervisorId) ?? p.supervisorId ?? '',
        description: t('coaches.supervisor_help'), errors: state.errors, options: o.professionals.map((x) => ({ value: x.id, label: x.name })) }) : ''}
      <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('coaches.profile_save')}</button>
    </form>
    ${o.asCoordinator && o.action !== '/account/profiel' ? html`<p class="utrecht-paragraph"><a class="utrecht-link thuis-coach-link" href="/coaches">${t('coaches.back')}</a></p>` : ''}`);
}

function reasonsList(ctx: PageContext, s: HouseholdSuggestions['suggestions'][number], id: string): Html {
  return html`<ul class="thuis-coach-reasons" id="${id}">
    ${s.reasons.map((r) => html`<li class="thuis-coach-reason thuis-coach-reason--${r.positive ? 'plus' : 'minus'}"><span class="thuis-coach-reason__sign" aria-hidden="true">${r.positive ? '+' : '−'}</span> ${reasonText(ctx.t, ctx.locale, r)}</li>`)}
  </ul>`;
}

export function suggestionsPage(ctx: PageContext, data: HouseholdSuggestions, state: FormState = {}): Html {
  const { t } = ctx;
  const chosen = one(state.values?.coachId) ?? data.suggestions.find((s) => !s.full && !s.current)?.coachId ?? '';
  const label = (f: string) => (f === 'allowOverCapacity' ? t('coaches.over_capacity_confirm') : t('coaches.choose_coach'));
  return layout(ctx, t('coaches.suggestions_title'), html`
    <h1 class="utrecht-heading-1">${t('coaches.suggestions_title')}</h1>
    <dl class="thuis-facts thuis-facts--wide">
      <div><dt>${t('coaches.reference')}</dt><dd>${data.reference}</dd></div>
      <div><dt>${t('coaches.municipality')}</dt><dd>${data.municipalityName}</dd></div>
    </dl>
    <p class="utrecht-paragraph">${t('coaches.suggestions_intro')}</p>
    ${errorList(ctx, state.errors, label)}
    ${data.suggestions.length === 0 ? html`<p class="utrecht-paragraph">${t('coaches.no_coaches')}</p>` : html`
    <form method="post" action="/huishoudens/${data.householdId}/koppelen" class="thuis-form" novalidate>
      ${csrfField(ctx.csrfToken)}
      <fieldset class="utrecht-form-fieldset thuis-fieldset" id="f-coachId">
        <legend class="utrecht-form-fieldset__legend thuis-coach-legend">${t('coaches.choose_coach')}</legend>
        ${fieldError(ctx, state.errors, 'coachId')}
        <ol class="thuis-coach-suggestions">
          ${data.suggestions.map((s, i) => html`<li class="thuis-coach-suggestion${s.full ? ' thuis-coach-suggestion--full' : ''}">
            <div class="thuis-coach-suggestion__choice">
              <input class="thuis-coach-radio" type="radio" name="coachId" value="${s.coachId}" id="f-coachId-${s.coachId}" ${chosen === s.coachId ? 'checked' : ''}
                aria-describedby="reasons-${i}">
              <label class="utrecht-form-label" for="f-coachId-${s.coachId}">
                <strong>${s.name}</strong> · ${t(`coaches.role_${s.role}`)} · ${t('coaches.load', { page: s.load, pages: s.maxLoad })}${s.full ? html` · <strong class="thuis-coach-flag">${t('coaches.full')}</strong>` : ''}${s.current ? html` · <strong>${t('coaches.current_coach')}</strong>` : ''}
              </label>
            </div>
            ${reasonsList(ctx, s, `reasons-${i}`)}
          </li>`)}
        </ol>
      </fieldset>
      <div id="f-allowOverCapacity-wrap">
        ${fieldError(ctx, state.errors, 'allowOverCapacity')}
        ${plainCheckbox({ name: 'allowOverCapacity', label: t('coaches.over_capacity_confirm'), checked: one(state.values?.allowOverCapacity) === '1' })}
      </div>
      <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('coaches.assign')}</button>
    </form>`}
    <p class="utrecht-paragraph"><a class="utrecht-link thuis-coach-link" href="/huishoudens/${data.householdId}">${t('coaches.back_to_household')}</a></p>`);
}

export function handoverPage(ctx: PageContext, plan: HandoverPlan, state: FormState = {}): Html {
  const { t } = ctx;
  const v = state.values ?? {};
  const label = (f: string) => {
    if (f === 'handoverNote') return t('coaches.field.handoverNote');
    if (f === 'allowOverCapacity') return t('coaches.over_capacity_confirm');
    const index = Number(f.split('.')[1]);
    const h = plan.households[index];
    return h ? t('coaches.new_coach_for', { name: h.reference }) : t('coaches.form');
  };
  // Errors on assignments.N.coachId are shown next to the select of household N (named coach-<id>).
  const errors = state.errors?.map((e) => {
    const m = e.field.match(/^assignments\.(\d+)\./);
    const h = m ? plan.households[Number(m[1])] : undefined;
    return h ? { ...e, field: `coach-${h.id}` } : e;
  });
  const title = t('coaches.handover_title');
  return layout(ctx, title, html`
    <h1 class="utrecht-heading-1">${title}</h1>
    <p class="utrecht-paragraph">${t('coaches.handover_from', { name: plan.coach.name, count: plan.households.length })}</p>
    ${errorList(ctx, errors, (f) => (f.startsWith('coach-') ? t('coaches.new_coach_for', { name: plan.households.find((h) => `coach-${h.id}` === f)?.reference ?? '' }) : label(f)))}
    ${plan.households.length === 0 ? html`<p class="utrecht-paragraph">${t('coaches.handover_none')}</p>` : html`
    <form method="post" action="/coaches/${plan.coach.id}/overdragen" class="thuis-form" novalidate>
      ${csrfField(ctx.csrfToken)}
      <p class="utrecht-paragraph">${t('coaches.handover_intro')}</p>
      ${plan.households.map((h) => html`<input type="hidden" name="household" value="${h.id}">
        ${select({
          t, name: `coach-${h.id}`, label: t('coaches.new_coach_for', { name: h.reference }),
          description: `${h.municipalityName} · ${t('coaches.persons', { count: h.memberCount })}`,
          value: one(v[`coach-${h.id}`]) ?? h.proposedCoachId ?? '', errors,
          options: [
            { value: '', label: t('coaches.waitlist_option') },
            ...h.suggestions.map((s) => ({
              value: s.coachId,
              label: `${s.name} — ${s.reasons.filter((r) => r.code !== 'availability').map((r) => reasonText(t, ctx.locale, r)).join('; ')}`,
            })),
          ],
        })}`)}
      ${textarea({ t, name: 'handoverNote', label: t('coaches.field.handoverNote'), value: one(v.handoverNote), required: true, rows: 6, errors })}
      <p class="utrecht-paragraph thuis-coach-hint">${t('coaches.handover_note_help')}</p>
      ${fieldError(ctx, errors, 'allowOverCapacity')}
      ${plainCheckbox({ name: 'allowOverCapacity', label: t('coaches.over_capacity_confirm'), checked: one(v.allowOverCapacity) === '1' })}
      ${plainCheckbox({ name: 'stopTakingHouseholds', label: t('coaches.stop_taking', { name: plan.coach.name }), checked: one(v.stopTakingHouseholds) === '1' })}
      <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('coaches.handover_submit')}</button>
    </form>`}
    <p class="utrecht-paragraph"><a class="utrecht-link thuis-coach-link" href="/coaches">${t('coaches.back')}</a></p>`);
}

export interface CoachSectionData {
  householdId: string;
  /** The active assignment, or for a closed file the last one (ended when the file was closed). */
  current: AssignmentView | null;
  closed: boolean;
  history: AssignmentView[] | null;
  showNote: boolean;
  canAssign: boolean;
}

/** The coach part of the dossier: who guides the household, the handover note, and (for staff) the history. */
export function coachSectionView(ctx: PageContext, d: CoachSectionData): Html {
  const { t, locale } = ctx;
  return html`<section aria-labelledby="coach-heading" class="thuis-section" id="coach">
    <h2 class="utrecht-heading-2" id="coach-heading">${t('coaches.section_heading')}</h2>
    ${d.current ? html`<dl class="thuis-facts">
      <div><dt>${d.current.endedAt ? t('coaches.section_last') : t('coaches.section_current')}</dt><dd>${d.current.coachName}</dd></div>
      <div><dt>${t('coaches.section_since')}</dt><dd>${formatDate(locale, d.current.startedAt)}</dd></div>
      ${d.current.endedAt ? html`<div><dt>${t('coaches.history_until')}</dt><dd>${formatDate(locale, d.current.endedAt)}</dd></div>` : ''}
    </dl>` : html`<p class="utrecht-paragraph">${t('coaches.section_none')}</p>`}
    ${d.closed ? html`<p class="utrecht-paragraph">${t('coaches.section_closed')}</p>` : ''}
    ${d.showNote && d.current?.handoverNote ? html`<div class="thuis-note thuis-coach-handover">
      <h3 class="utrecht-heading-3">${t('coaches.handover_note_heading')}</h3>
      <p class="utrecht-paragraph thuis-note__text" dir="auto">${d.current.handoverNote}</p>
      ${d.current.assignedByName ? html`<p class="thuis-note__author">${t('coaches.handover_by', { name: d.current.assignedByName })}</p>` : ''}
    </div>` : ''}
    ${d.canAssign ? html`<p class="utrecht-paragraph"><a class="utrecht-link thuis-coach-link" href="/huishoudens/${d.householdId}/koppelen">${d.current ? t('coaches.link_other') : t('coaches.link_first')}</a></p>` : ''}
    ${d.history && d.history.length > 0 ? html`<div class="thuis-table-wrap"><table class="utrecht-table thuis-coach-table">
      <caption class="thuis-coach-caption">${t('coaches.history_heading')}</caption>
      <thead><tr><th scope="col">${t('coaches.history_coach')}</th><th scope="col">${t('coaches.history_from')}</th><th scope="col">${t('coaches.history_until')}</th><th scope="col">${t('coaches.history_by')}</th></tr></thead>
      <tbody>${d.history.map((a) => html`<tr><th scope="row">${a.coachName}</th><td>${formatDate(locale, a.startedAt)}</td>
        <td>${a.endedAt ? formatDate(locale, a.endedAt) : t('coaches.history_now')}</td><td>${a.assignedByName ?? t('coaches.unknown')}</td></tr>`)}</tbody>
    </table></div>` : ''}
  </section>`;
}
