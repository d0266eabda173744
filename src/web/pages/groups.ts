import type { FieldError } from '../../platform/errors.ts';
import type { Locale, Translate } from '../../platform/i18n/index.ts';
import { COMMON_LANGUAGES, languageName } from '../../features/households/index.ts';
import { PYRAMID_LAYERS } from '../../features/households/schema.ts';
import {
  nextSession, programmeText, timeOf, todayIso,
  type EditionSummary, type EditionView, type ProgrammeView, type SessionView, type TrainerView,
} from '../../features/groups/index.ts';
import { COMPLETION_RULES, INBURGERING_PARTS, type EditionStatus } from '../../features/groups/schema.ts';
import { alert, csrfField, html, select, type Html } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';

// The group programme catalogue, an edition's page and the coordinator's forms (issue 5). Phone first: cards and
// lists rather than tables; no script: every action is a form. Texts the organisation wrote get dir="auto".

export type FormValues = Record<string, string[]>;

export interface FormState {
  values?: FormValues;
  errors?: FieldError[];
  /** REL-LOCK: the record as someone else left it; the form keeps the caller's values on top of its version. */
  conflict?: unknown;
}

const one = (values: FormValues | undefined, name: string): string | undefined => values?.[name]?.at(-1);
const many = (values: FormValues | undefined, name: string): string[] => values?.[name] ?? [];

/** Languages a programme or edition is offered in: Dutch first, then those often needed at an intake. */
export const LANGUAGE_CHOICES: readonly string[] = ['nl', ...COMMON_LANGUAGES.filter((l) => l !== 'nl')];

function localeTag(locale: Locale): string {
  return locale === 'ar' ? 'ar-u-nu-latn' : locale;
}

/** "donderdag 12 maart 2026": a session's day, for people who plan by weekday. */
export function sessionDate(locale: Locale, iso: string): string {
  return new Intl.DateTimeFormat(localeTag(locale), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
}

function shortDate(locale: Locale, iso: string): string {
  return new Intl.DateTimeFormat(localeTag(locale), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
}

export function timeRange(s: Pick<SessionView, 'startMinute' | 'endMinute'>): string {
  return `${timeOf(s.startMinute)}–${timeOf(s.endMinute)}`;
}

function ruleText(t: Translate, p: Pick<ProgrammeView, 'completionRule' | 'completionPercent'>): string {
  return p.completionRule === 'all' ? t('group.rule.all') : t('groups.rule_percent', { count: p.completionPercent });
}

function statusBadge(t: Translate, status: EditionStatus): Html {
  return html`<span class="thuis-group-status thuis-group-status--${status}">${t(`group.edition_status.${status}`)}</span>`;
}

/**
 * The error summary with this page's own field labels; each entry links to its field. `order` lists the fields
 * as the form shows them, so the summary reads top to bottom like the form (interpreter rows come last).
 */
function summary(t: Translate, errors: FieldError[] | undefined, labelOf: (field: string) => string, order: readonly string[] = []): Html {
  if (!errors?.length) return html``;
  const rank = (field: string) => {
    const at = order.indexOf(field);
    const row = /^interpreters\.(\d+)\.(name|language)$/.exec(field);
    return at >= 0 ? at : row ? 1000 + Number(row[1]) * 2 + (row[2] === 'name' ? 0 : 1) : 999;
  };
  const sorted = [...errors].sort((a, b) => rank(a.field) - rank(b.field));
  return alert('error', 'alert', html`
    <p class="utrecht-paragraph thuis-error-summary__heading"><strong>${t('form.errors_heading', { count: errors.length })}</strong></p>
    <ul class="utrecht-unordered-list thuis-error-summary__list">
      ${sorted.map((e) => html`<li><a class="utrecht-link" href="#f-${e.field}">${labelOf(e.field)}: ${t(e.message)}</a></li>`)}
    </ul>`, { id: 'error-summary', focus: true });
}

function errorOf(errors: FieldError[] | undefined, name: string): FieldError | undefined {
  return errors?.find((e) => e.field === name);
}

/** A text-like input; `type` includes time, which the shared field() does not offer. */
function input(t: Translate, o: {
  name: string; label: string; type?: 'text' | 'date' | 'time' | 'number'; value?: string | null; errors?: FieldError[]; required?: boolean;
  description?: string; min?: number; max?: number; maxlength?: number; autoDir?: boolean;
}): Html {
  const id = `f-${o.name}`;
  const error = errorOf(o.errors, o.name);
  const describedBy = [o.description ? `${id}-desc` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ');
  return html`<div class="utrecht-form-field utrecht-form-field--text${error ? ' utrecht-form-field--invalid' : ''}">
    <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${o.label}</label></div>
    ${o.description ? html`<div class="utrecht-form-field-description" id="${id}-desc">${o.description}</div>` : ''}
    ${error ? html`<div class="utrecht-form-field-error-message" id="${id}-err">${t(error.message)}</div>` : ''}
    <div class="utrecht-form-field__input">
      <input class="utrecht-textbox utrecht-textbox--html-input${error ? ' utrecht-textbox--invalid' : ''}" id="${id}" name="${o.name}"
        type="${o.type ?? 'text'}" value="${o.value ?? ''}" ${o.required ? 'required' : ''}
        ${o.type === 'number' ? html`inputmode="numeric"` : ''} ${o.min !== undefined ? html`min="${o.min}"` : ''} ${o.max !== undefined ? html`max="${o.max}"` : ''}
        ${o.maxlength ? html`maxlength="${o.maxlength}"` : ''} ${o.autoDir ? html`dir="auto"` : ''}
        ${describedBy ? html`aria-describedby="${describedBy}"` : ''} ${error ? html`aria-invalid="true"` : ''}>
    </div>
  </div>`;
}

function textArea(t: Translate, o: { name: string; label: string; value?: string; errors?: FieldError[]; description?: string; rows?: number; maxlength?: number }): Html {
  const id = `f-${o.name}`;
  const error = errorOf(o.errors, o.name);
  const describedBy = [o.description ? `${id}-desc` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ');
  return html`<div class="utrecht-form-field utrecht-form-field--text${error ? ' utrecht-form-field--invalid' : ''}">
    <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${o.label}</label></div>
    ${o.description ? html`<div class="utrecht-form-field-description" id="${id}-desc">${o.description}</div>` : ''}
    ${error ? html`<div class="utrecht-form-field-error-message" id="${id}-err">${t(error.message)}</div>` : ''}
    <div class="utrecht-form-field__input">
      <textarea class="utrecht-textarea utrecht-textarea--html-textarea${error ? ' utrecht-textarea--invalid' : ''}" id="${id}" name="${o.name}" rows="${o.rows ?? 4}" dir="auto"
        ${o.maxlength ? html`maxlength="${o.maxlength}"` : ''} ${describedBy ? html`aria-describedby="${describedBy}"` : ''} ${error ? html`aria-invalid="true"` : ''}>${o.value ?? ''}</textarea>
    </div>
  </div>`;
}

/** Checkboxes or radio buttons sharing one name, in a fieldset with a legend (WCAG 1.3.1). */
function choiceGroup(t: Translate, o: {
  type: 'checkbox' | 'radio'; name: string; legend: string; description?: string; options: { value: string; label: string }[];
  checked: readonly string[]; errors?: FieldError[];
}): Html {
  const error = errorOf(o.errors, o.name);
  const describedBy = [o.description ? `f-${o.name}-desc` : '', error ? `f-${o.name}-err` : ''].filter(Boolean).join(' ');
  return html`<fieldset class="utrecht-form-fieldset thuis-fieldset${error ? ' utrecht-form-fieldset--invalid' : ''}" id="f-${o.name}"
      ${describedBy ? html`aria-describedby="${describedBy}"` : ''}>
    <legend class="utrecht-form-fieldset__legend">${o.legend}</legend>
    ${o.description ? html`<div class="utrecht-form-field-description" id="f-${o.name}-desc">${o.description}</div>` : ''}
    ${error ? html`<div class="utrecht-form-field-error-message" id="f-${o.name}-err">${t(error.message)}</div>` : ''}
    <div class="thuis-group-choices">
      ${o.options.map((opt) => html`<div class="thuis-radio">
        <input type="${o.type}" id="f-${o.name}-${opt.value}" name="${o.name}" value="${opt.value}" ${o.checked.includes(opt.value) ? 'checked' : ''}
          ${error ? html`aria-invalid="true"` : ''}>
        <label for="f-${o.name}-${opt.value}">${opt.label}</label>
      </div>`)}
    </div>
  </fieldset>`;
}

function singleCheck(o: { name: string; label: string; checked: boolean; description?: string; id?: string }): Html {
  const id = o.id ?? `f-${o.name}`;
  return html`<div class="thuis-radio thuis-group-check">
    <input type="checkbox" id="${id}" name="${o.name}" value="1" ${o.checked ? 'checked' : ''} ${o.description ? html`aria-describedby="${id}-desc"` : ''}>
    <label for="${id}">${o.label}</label>
  </div>
  ${o.description ? html`<div class="utrecht-form-field-description" id="${id}-desc">${o.description}</div>` : ''}`;
}

function languageOptions(locale: Locale, chosen: readonly string[] = []): { value: string; label: string }[] {
  const codes = [...LANGUAGE_CHOICES, ...chosen.filter((c) => !LANGUAGE_CHOICES.includes(c))];
  return codes.map((code) => ({ value: code, label: languageName(locale, code) }));
}

function municipalityOptions(t: Translate, municipalities: { code: string; name: string }[], all?: string): { value: string; label: string }[] {
  return [...(all ? [{ value: '', label: all }] : []), ...municipalities.map((m) => ({ value: m.code, label: m.name }))];
}

/** The programme's facts as a list: for whom, languages, sessions, group size, rule. */
function programmeFacts(ctx: PageContext, p: ProgrammeView): Html {
  const { t, locale } = ctx;
  return html`<dl class="thuis-facts thuis-group-facts">
    <div><dt>${t('groups.layers')}</dt><dd>${p.layers.map((l) => t(`pyramid.layer.${l}`)).join(', ')}</dd></div>
    <div><dt>${t('groups.languages')}</dt><dd>${p.languages.map((l) => languageName(locale, l)).join(', ')}</dd></div>
    <div><dt>${t('groups.sessions')}</dt><dd>${t('groups.sessions_count', { count: p.sessionCount })}</dd></div>
    <div><dt>${t('groups.group_size')}</dt><dd>${t('groups.group_size_max', { count: p.maxParticipants })}</dd></div>
    <div><dt>${t('groups.rule')}</dt><dd>${ruleText(t, p)}</dd></div>
    <div><dt>${t('groups.municipality')}</dt><dd>${p.municipalityName ?? t('groups.municipality_all')}</dd></div>
  </dl>`;
}

function programmeBadges(ctx: PageContext, p: ProgrammeView): Html {
  const { t } = ctx;
  const badges: Html[] = [];
  if (p.certificate) badges.push(html`<li class="thuis-group-badge thuis-group-badge--certificate">${t('groups.badge_certificate')}</li>`);
  if (p.countsFor) {
    badges.push(html`<li class="thuis-group-badge thuis-group-badge--inburgering">${t(`group.counts_for.${p.countsFor}`)}${p.minimumHours ? html`, ${t('groups.minimum_hours', { count: p.minimumHours })}` : ''}</li>`);
  }
  if (!p.active) badges.push(html`<li class="thuis-group-badge thuis-group-badge--inactive">${t('groups.badge_inactive')}</li>`);
  return badges.length ? html`<ul class="thuis-group-badges" aria-label="${t('groups.badges_label')}">${badges}</ul>` : html``;
}

/** A programme's name as shown: a built-in one in the reader's language, the organisation's own as written. */
function nameOf(t: Translate, p: { offerKey: string | null; name: string; description: string }): Html {
  const text = programmeText(t, p);
  return text.translatedName ? html`${text.name}` : html`<span dir="auto">${text.name}</span>`;
}

function descriptionOf(t: Translate, p: { offerKey: string | null; name: string; description: string }): Html {
  const text = programmeText(t, p);
  if (!text.description) return html``;
  return html`<p class="utrecht-paragraph thuis-group-description"${text.translatedDescription ? '' : html` dir="auto"`}>${text.description}</p>`;
}

function nextSessionText(ctx: PageContext, s: SessionView | null): Html {
  const { t, locale } = ctx;
  if (!s) return html`${t('groups.no_next_session')}`;
  return html`${sessionDate(locale, s.date)}, ${timeRange(s)}, <span dir="auto">${s.place}</span>`;
}

/** One edition in a list: title, status, dates, next session and places. */
function editionItem(ctx: PageContext, e: EditionSummary): Html {
  const { t, locale } = ctx;
  const open = e.displayStatus === 'planned' || e.displayStatus === 'running';
  return html`<li class="thuis-group-edition">
    <p class="thuis-group-edition__title"><a class="utrecht-link thuis-link-target" href="/groepen/edities/${e.id}" dir="auto">${e.title}</a> ${statusBadge(t, e.displayStatus)}</p>
    <dl class="thuis-facts">
      ${e.firstDate ? html`<div><dt>${t('groups.dates')}</dt><dd>${shortDate(locale, e.firstDate)}${e.lastDate && e.lastDate !== e.firstDate ? html` – ${shortDate(locale, e.lastDate)}` : ''}</dd></div>` : ''}
      <div><dt>${t('groups.municipality')}</dt><dd>${e.municipalityName}</dd></div>
      ${open ? html`<div><dt>${t('groups.next_session')}</dt><dd>${nextSessionText(ctx, e.nextSession)}</dd></div>
        <div><dt>${t('groups.places')}</dt><dd>${t('groups.free_places', { count: e.freePlaces })}, ${t('groups.waitlist_count', { count: e.waitlisted })}</dd></div>` : ''}
    </dl>
  </li>`;
}

function editionList(ctx: PageContext, editions: EditionSummary[]): Html {
  const { t } = ctx;
  const current = editions.filter((e) => e.displayStatus === 'planned' || e.displayStatus === 'running');
  const earlier = editions.filter((e) => !current.includes(e));
  return html`${current.length ? html`<ul class="thuis-group-editions">${current.map((e) => editionItem(ctx, e))}</ul>` : html`<p class="utrecht-paragraph">${t('groups.no_editions')}</p>`}
    ${earlier.length ? html`<details class="thuis-group-more">
      <summary>${t('groups.earlier_editions', { count: earlier.length })}</summary>
      <ul class="thuis-group-editions">${earlier.map((e) => editionItem(ctx, e))}</ul>
    </details>` : ''}`;
}

function programmeCard(ctx: PageContext, p: ProgrammeView, editions: EditionSummary[], canConfigure: boolean): Html {
  const { t } = ctx;
  return html`<li class="thuis-card thuis-group-card${p.active ? '' : ' thuis-group-card--inactive'}" id="programma-${p.id}">
    <h2 class="utrecht-heading-3 thuis-card__title"><a class="utrecht-link" href="/groepen/programmas/${p.id}">${nameOf(t, p)}</a></h2>
    ${programmeBadges(ctx, p)}
    ${descriptionOf(t, p)}
    ${programmeFacts(ctx, p)}
    <h3 class="utrecht-heading-4 thuis-group-card__sub">${t('groups.editions_heading')}</h3>
    ${editionList(ctx, editions)}
    ${canConfigure ? html`<ul class="thuis-actions">
      ${p.active ? html`<li><a class="utrecht-link" href="/groepen/edities/nieuw?programma=${p.id}">${t('groups.new_edition')}<span class="thuis-visually-hidden">: ${programmeText(t, p).name}</span></a></li>` : ''}
      <li><a class="utrecht-link" href="/groepen/programmas/${p.id}#wijzigen">${t('groups.edit_programme')}<span class="thuis-visually-hidden">: ${programmeText(t, p).name}</span></a></li>
    </ul>` : ''}
  </li>`;
}

/**
 * "Mijn groepen": the editions the caller trains. On the day of a session its attendance is the one big button;
 * the last session held keeps a link (attendance is often filled in afterwards); after the last session, the close.
 */
function mineSection(ctx: PageContext, mine: EditionSummary[], today = todayIso()): Html {
  const { t } = ctx;
  return html`<section class="thuis-section thuis-group-mine" aria-labelledby="mine-heading">
    <h2 class="utrecht-heading-2" id="mine-heading">${t('groups.mine_heading')}</h2>
    ${mine.length === 0 ? html`<p class="utrecht-paragraph">${t('groups.mine_none')}</p>` : html`<ul class="thuis-cards">
      ${mine.map((e) => {
        const next = e.nextSession;
        const isToday = next?.date === today;
        const held = e.lastHeldSession && e.lastHeldSession.id !== next?.id ? e.lastHeldSession : null;
        return html`<li class="thuis-card">
        <h3 class="utrecht-heading-3 thuis-card__title"><a class="utrecht-link" href="/groepen/edities/${e.id}" dir="auto">${e.title}</a></h3>
        <p class="utrecht-paragraph">${nameOf(t, e.programme)} ${statusBadge(t, e.displayStatus)}</p>
        <dl class="thuis-facts">
          ${next || !held ? html`<div><dt>${isToday ? t('groups.session_today') : t('groups.next_session')}</dt><dd>${nextSessionText(ctx, next)}</dd></div>` : ''}
          ${next?.address ? html`<div><dt>${t('groups.address')}</dt><dd><span dir="auto">${next.address}</span></dd></div>` : ''}
        </dl>
        ${next && isToday ? html`<p class="utrecht-paragraph"><a class="thuis-group-cta" href="/groepen/edities/${e.id}/sessies/${next.id}">${t('groups.take_attendance')}<span class="thuis-visually-hidden">: ${e.title}</span></a></p>` : ''}
        ${!next && held ? html`<p class="utrecht-paragraph">${t('groups.now_all_held')}</p>` : ''}
        <ul class="thuis-actions">
          ${held ? html`<li><a class="utrecht-link" href="/groepen/edities/${e.id}/sessies/${held.id}">${t('groups.attendance_of', { count: held.number })}<span class="thuis-visually-hidden">: ${e.title}</span></a></li>` : ''}
          ${!next && held ? html`<li><a class="utrecht-link" href="/groepen/edities/${e.id}/afsluiten">${t('groups.close_edition')}<span class="thuis-visually-hidden">: ${e.title}</span></a></li>` : ''}
          <li><a class="utrecht-link" href="/groepen/edities/${e.id}">${t('groups.open_edition')}<span class="thuis-visually-hidden">: ${e.title}</span></a></li>
        </ul>
      </li>`;
      })}
    </ul>`}
  </section>`;
}

export interface CatalogueData {
  programmes: ProgrammeView[];
  editions: EditionSummary[];
  /** The editions the caller trains; null when she trains none and is no trainer by role. */
  mine: EditionSummary[] | null;
  municipalities: { code: string; name: string }[];
  municipalityCode: string | undefined;
  canConfigure: boolean;
  saved?: string;
}

export function cataloguePage(ctx: PageContext, d: CatalogueData): Html {
  const { t } = ctx;
  const byProgramme = new Map<string, EditionSummary[]>();
  for (const e of d.editions) byProgramme.set(e.programmeId, [...(byProgramme.get(e.programmeId) ?? []), e]);
  return layout(ctx, t('groups.title'), html`
    <h1 class="utrecht-heading-1">${t('groups.title')}</h1>
    ${d.saved ? alert('ok', 'status', html`<p class="utrecht-paragraph">${t('groups.saved')}</p>`) : ''}
    ${d.mine ? mineSection(ctx, d.mine) : ''}
    <section class="thuis-section" aria-labelledby="catalogue-heading">
      <h2 class="utrecht-heading-2" id="catalogue-heading">${t('groups.catalogue_heading')}</h2>
      <p class="utrecht-paragraph">${t('groups.intro')}</p>
      <form method="get" action="/groepen" class="thuis-group-filter">
        ${select({ t, name: 'gemeente', label: t('groups.filter_label'), value: d.municipalityCode ?? '', options: municipalityOptions(t, d.municipalities, t('groups.municipality_all')) })}
        <button class="utrecht-button utrecht-button--secondary-action" type="submit">${t('groups.filter_submit')}</button>
      </form>
      ${d.canConfigure ? html`<ul class="thuis-actions"><li><a class="utrecht-link" href="/groepen/programmas/nieuw">${t('groups.new_programme')}</a></li></ul>` : ''}
      ${d.programmes.length === 0 ? html`<p class="utrecht-paragraph">${t('groups.empty')}</p>` : html`<ul class="thuis-cards thuis-group-cards">
        ${d.programmes.map((p) => programmeCard(ctx, p, byProgramme.get(p.id) ?? [], d.canConfigure))}
      </ul>`}
    </section>`);
}

// ---- the programme page and its form ----

/** Field labels of the programme form, for the error summary and the conflict box. */
function programmeLabels(t: Translate): Record<string, string> {
  return {
    name: t('groups.field.name'), description: t('groups.field.description'), municipalityCode: t('groups.field.municipality'),
    layers: t('groups.field.layers'), languages: t('groups.field.languages'), otherLanguages: t('groups.field.other_languages'),
    sessionCount: t('groups.field.session_count'), maxParticipants: t('groups.field.max_participants'),
    completionRule: t('groups.field.completion_rule'), completionPercent: t('groups.field.completion_percent'),
    certificate: t('groups.field.certificate'), countsFor: t('groups.field.counts_for'), minimumHours: t('groups.field.minimum_hours'),
    active: t('groups.field.active'),
  };
}

/** A programme as the form's values, so a form and a stored programme compare field by field. */
export function programmeValues(p: ProgrammeView): FormValues {
  return {
    name: [p.name], description: [p.description], municipalityCode: [p.municipalityCode ?? ''], layers: [...p.layers], languages: [...p.languages],
    sessionCount: [String(p.sessionCount)], maxParticipants: [String(p.maxParticipants)], completionRule: [p.completionRule],
    completionPercent: [String(p.completionPercent)], certificate: p.certificate ? ['1'] : [], countsFor: [p.countsFor ?? ''],
    minimumHours: [p.minimumHours === null ? '' : String(p.minimumHours)], active: p.active ? ['1'] : [], version: [String(p.version)],
  };
}

/** A field's value in words, for the conflict box. */
function shownValue(ctx: PageContext, field: string, values: string[]): string {
  const { t, locale } = ctx;
  switch (field) {
    case 'layers': return values.map((l) => t(`pyramid.layer.${l}`)).join(', ');
    case 'languages': return values.map((l) => languageName(locale, l)).join(', ');
    case 'certificate': case 'active': return values.includes('1') ? t('groups.yes') : t('groups.no');
    case 'completionRule': return values[0] ? t(`group.rule.${values[0]}`) : '';
    case 'countsFor': return values[0] ? t(`group.counts_for.${values[0]}`) : t('groups.counts_for_none');
    default: return values.join(', ');
  }
}

function conflictBox(ctx: PageContext, changed: { label: string; theirs: string }[]): Html {
  const { t } = ctx;
  return alert('warning', 'alert', html`
    <p class="utrecht-paragraph"><strong>${t('groups.conflict_heading')}</strong></p>
    ${changed.length ? html`<p class="utrecht-paragraph">${t('groups.conflict_changed')}</p>
      <dl class="thuis-facts">${changed.map((c) => html`<div><dt>${c.label}</dt><dd dir="auto">${c.theirs}</dd></div>`)}</dl>` : ''}
    <p class="utrecht-paragraph">${t('groups.conflict_help')}</p>`, { focus: true });
}

/** Which fields of the form differ from what is stored now. */
function differences(ctx: PageContext, labels: Record<string, string>, theirs: FormValues, mine: FormValues): { label: string; theirs: string }[] {
  const norm = (field: string, v: string[]) => [...v].map((x) => x.trim()).filter((x) => x !== '').sort().join('|');
  return Object.keys(labels).filter((f) => theirs[f] !== undefined && norm(f, theirs[f]!) !== norm(f, mine[f] ?? []))
    .map((f) => ({ label: labels[f]!, theirs: shownValue(ctx, f, theirs[f]!) || '—' }));
}

export interface ProgrammePageData {
  /** null: a new programme. */
  programme: ProgrammeView | null;
  editions: EditionSummary[];
  municipalities: { code: string; name: string }[];
  canConfigure: boolean;
  state: FormState;
  saved?: boolean;
}

function programmeForm(ctx: PageContext, d: ProgrammePageData): Html {
  const { t, locale } = ctx;
  const p = d.programme;
  const errors = d.state.errors;
  const v: FormValues = d.state.values ?? (p ? programmeValues(p) : { completionRule: ['percent'], completionPercent: ['80'], sessionCount: ['4'], maxParticipants: ['12'], languages: ['nl'], active: ['1'] });
  const labels = programmeLabels(t);
  const chosenLanguages = many(v, 'languages');
  const other = chosenLanguages.filter((l) => !LANGUAGE_CHOICES.includes(l));
  const theirs = d.state.conflict as ProgrammeView | undefined;
  const action = p ? `/groepen/programmas/${p.id}` : '/groepen/programmas/nieuw';
  return html`
    ${theirs ? conflictBox(ctx, differences(ctx, labels, programmeValues(theirs), v)) : summary(t, errors, (f) => labels[f] ?? f, Object.keys(labels))}
    <form method="post" action="${action}" class="thuis-form thuis-group-form" novalidate>
      ${csrfField(ctx.csrfToken)}
      ${p ? html`<input type="hidden" name="version" value="${theirs ? theirs.version : (one(v, 'version') ?? p.version)}">` : ''}
      ${input(t, { name: 'name', label: labels.name!, value: one(v, 'name'), errors, required: true, maxlength: 120, autoDir: true,
        description: p?.offerKey ? t('groups.field.builtin_help') : undefined })}
      ${textArea(t, { name: 'description', label: labels.description!, value: one(v, 'description'), errors, maxlength: 2000, description: t('groups.field.description_help') })}
      ${select({ t, name: 'municipalityCode', label: labels.municipalityCode!, value: one(v, 'municipalityCode') ?? '', errors, options: municipalityOptions(t, d.municipalities, t('groups.municipality_all')) })}
      ${choiceGroup(t, { type: 'checkbox', name: 'layers', legend: labels.layers!, errors, checked: many(v, 'layers'), options: PYRAMID_LAYERS.map((l) => ({ value: l, label: t(`pyramid.layer.${l}`) })) })}
      ${choiceGroup(t, { type: 'checkbox', name: 'languages', legend: labels.languages!, errors, checked: chosenLanguages, options: languageOptions(locale) })}
      ${input(t, { name: 'otherLanguages', label: labels.otherLanguages!, value: one(v, 'otherLanguages') ?? other.join(', '), errors, description: t('groups.field.other_languages_help') })}
      ${input(t, { name: 'sessionCount', label: labels.sessionCount!, type: 'number', min: 1, max: 52, value: one(v, 'sessionCount'), errors, required: true })}
      ${input(t, { name: 'maxParticipants', label: labels.maxParticipants!, type: 'number', min: 1, max: 200, value: one(v, 'maxParticipants'), errors, required: true })}
      ${choiceGroup(t, { type: 'radio', name: 'completionRule', legend: labels.completionRule!, errors, checked: [one(v, 'completionRule') ?? 'percent'],
        options: COMPLETION_RULES.map((r) => ({ value: r, label: t(`group.rule.${r}`) })) })}
      ${input(t, { name: 'completionPercent', label: labels.completionPercent!, type: 'number', min: 1, max: 100, value: one(v, 'completionPercent'), errors, description: t('groups.field.completion_percent_help') })}
      ${singleCheck({ name: 'certificate', label: labels.certificate!, checked: many(v, 'certificate').includes('1') })}
      ${choiceGroup(t, { type: 'radio', name: 'countsFor', legend: labels.countsFor!, errors, checked: [one(v, 'countsFor') ?? ''],
        options: [{ value: '', label: t('groups.counts_for_none') }, ...INBURGERING_PARTS.map((k) => ({ value: k, label: t(`group.counts_for.${k}`) }))] })}
      ${input(t, { name: 'minimumHours', label: labels.minimumHours!, type: 'number', min: 1, max: 1000, value: one(v, 'minimumHours'), errors, description: t('groups.field.minimum_hours_help') })}
      ${singleCheck({ name: 'active', label: labels.active!, checked: many(v, 'active').includes('1'), description: t('groups.field.active_help') })}
      <button class="utrecht-button utrecht-button--primary-action" type="submit">${p ? t('groups.save') : t('groups.create_programme')}</button>
    </form>`;
}

export function programmePage(ctx: PageContext, d: ProgrammePageData): Html {
  const { t } = ctx;
  const p = d.programme;
  const title = p ? programmeText(t, p).name : t('groups.programme_new_title');
  return layout(ctx, title, html`
    <p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/groepen">${t('groups.back')}</a></p>
    <h1 class="utrecht-heading-1">${p ? nameOf(t, p) : title}</h1>
    ${d.saved ? alert('ok', 'status', html`<p class="utrecht-paragraph">${t('groups.saved')}</p>`) : ''}
    ${p ? html`${programmeBadges(ctx, p)}${descriptionOf(t, p)}${programmeFacts(ctx, p)}
      <section class="thuis-section" aria-labelledby="editions-heading">
        <h2 class="utrecht-heading-2" id="editions-heading">${t('groups.editions_heading')}</h2>
        ${editionList(ctx, d.editions)}
        ${d.canConfigure && p.active ? html`<ul class="thuis-actions"><li><a class="utrecht-link" href="/groepen/edities/nieuw?programma=${p.id}">${t('groups.new_edition')}</a></li></ul>` : ''}
      </section>` : ''}
    ${d.canConfigure ? html`<section class="thuis-section" aria-labelledby="programme-form-heading" id="wijzigen">
      <h2 class="utrecht-heading-2" id="programme-form-heading">${p ? t('groups.programme_form_heading') : t('groups.programme_new_heading')}</h2>
      ${programmeForm(ctx, d)}
    </section>` : ''}`);
}

// ---- a new edition ----

function editionLabels(t: Translate): Record<string, string> {
  // In the order the edition forms show them: the error summary follows it.
  return {
    programmeId: t('groups.field.programme'), title: t('groups.field.title'), municipalityCode: t('groups.field.municipality'),
    language: t('groups.field.language'), capacity: t('groups.field.capacity'), status: t('groups.field.status'),
    firstDate: t('groups.field.first_date'), date: t('groups.field.date'), everyWeeks: t('groups.field.every_weeks'),
    startTime: t('groups.field.start_time'), endTime: t('groups.field.end_time'), place: t('groups.field.place'),
    address: t('groups.field.address'), cancelled: t('groups.field.cancelled'), trainerIds: t('groups.field.trainers'), userIds: t('groups.field.trainers'),
  };
}

function labelOfEditionField(t: Translate): (field: string) => string {
  const labels = editionLabels(t);
  return (f) => {
    const m = /^interpreters\.(\d+)\.(name|language)$/.exec(f);
    if (m) return `${t('groups.interpreter_row', { count: Number(m[1]) + 1 })}, ${m[2] === 'name' ? t('groups.field.interpreter_name') : t('groups.field.interpreter_language')}`;
    return labels[f] ?? f;
  };
}

/** Rows for interpreters: the ones there are, and empty ones to add (no script: a fixed number of rows). */
function interpreterRows(ctx: PageContext, values: FormValues, errors: FieldError[] | undefined): Html {
  const { t, locale } = ctx;
  const rows: Html[] = [];
  let filled = 0;
  while (values[`interpreters.${filled}.name`]?.[0] || values[`interpreters.${filled}.language`]?.[0]) filled++;
  const total = Math.min(6, Math.max(2, filled + 1));
  for (let i = 0; i < total; i++) {
    const language = one(values, `interpreters.${i}.language`) ?? '';
    rows.push(html`<fieldset class="thuis-fieldset thuis-group-interpreter">
      <legend>${t('groups.interpreter_row', { count: i + 1 })}</legend>
      ${input(t, { name: `interpreters.${i}.name`, label: t('groups.field.interpreter_name'), value: one(values, `interpreters.${i}.name`), errors, maxlength: 120, autoDir: true })}
      ${select({ t, name: `interpreters.${i}.language`, label: t('groups.field.interpreter_language'), value: language, errors,
        options: [{ value: '', label: t('groups.choose_language') }, ...languageOptions(locale, language ? [language] : []).filter((o) => o.value !== 'nl')] })}
    </fieldset>`);
  }
  return html`<fieldset class="utrecht-form-fieldset thuis-fieldset" aria-describedby="interpreters-desc">
    <legend class="utrecht-form-fieldset__legend">${t('groups.interpreters')}</legend>
    <div class="utrecht-form-field-description" id="interpreters-desc">${t('groups.interpreters_help')}</div>
    ${rows}
  </fieldset>`;
}

function trainerLabel(t: Translate, u: TrainerView): string {
  return `${u.name} (${t(`role.${u.role}`)})`;
}

export interface NewEditionData {
  programme: ProgrammeView;
  municipalities: { code: string; name: string }[];
  trainers: TrainerView[];
  state: FormState;
}

export function newEditionPage(ctx: PageContext, d: NewEditionData): Html {
  const { t, locale } = ctx;
  const p = d.programme;
  const errors = d.state.errors;
  const served = p.municipalityCode ? d.municipalities.filter((m) => m.code === p.municipalityCode) : d.municipalities;
  const v: FormValues = d.state.values ?? {
    municipalityCode: [served[0]?.code ?? ''], language: ['nl'], everyWeeks: ['1'], startTime: ['13:30'], endTime: ['15:30'],
    firstDate: [new Date(Date.parse(`${todayIso()}T00:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10)],
  };
  const labelOf = labelOfEditionField(t);
  return layout(ctx, t('groups.edition_new_title'), html`
    <p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/groepen/programmas/${p.id}">${t('groups.back_to_programme')}</a></p>
    <h1 class="utrecht-heading-1">${t('groups.edition_new_title')}</h1>
    <p class="utrecht-paragraph thuis-group-subtitle">${nameOf(t, p)}</p>
    ${summary(t, errors, labelOf, Object.keys(editionLabels(t)))}
    <form method="post" action="/groepen/edities/nieuw" class="thuis-form thuis-group-form" novalidate>
      ${csrfField(ctx.csrfToken)}
      <input type="hidden" name="programmeId" value="${p.id}">
      ${input(t, { name: 'title', label: labelOf('title'), value: one(v, 'title'), errors, required: true, maxlength: 120, autoDir: true, description: t('groups.field.title_help') })}
      ${select({ t, name: 'municipalityCode', label: labelOf('municipalityCode'), value: one(v, 'municipalityCode') ?? '', errors, options: municipalityOptions(t, served) })}
      ${select({ t, name: 'language', label: labelOf('language'), value: one(v, 'language') ?? 'nl', errors, options: languageOptions(locale, p.languages) })}
      ${input(t, { name: 'capacity', label: labelOf('capacity'), type: 'number', min: 1, max: p.maxParticipants, value: one(v, 'capacity'), errors,
        description: t('groups.field.capacity_help', { count: p.maxParticipants }) })}
      <fieldset class="utrecht-form-fieldset thuis-fieldset" aria-describedby="schedule-desc">
        <legend class="utrecht-form-fieldset__legend">${t('groups.schedule_legend')}</legend>
        <div class="utrecht-form-field-description" id="schedule-desc">${t('groups.schedule_help', { count: p.sessionCount })}</div>
        ${input(t, { name: 'firstDate', label: labelOf('firstDate'), type: 'date', value: one(v, 'firstDate'), errors, required: true })}
        ${select({ t, name: 'everyWeeks', label: labelOf('everyWeeks'), value: one(v, 'everyWeeks') ?? '1', errors, options: [1, 2, 3, 4].map((n) => ({ value: String(n), label: t('groups.every_weeks', { count: n }) })) })}
        ${input(t, { name: 'startTime', label: labelOf('startTime'), type: 'time', value: one(v, 'startTime'), errors, required: true })}
        ${input(t, { name: 'endTime', label: labelOf('endTime'), type: 'time', value: one(v, 'endTime'), errors, required: true })}
        ${input(t, { name: 'place', label: labelOf('place'), value: one(v, 'place'), errors, required: true, maxlength: 120, autoDir: true, description: t('groups.field.place_help') })}
        ${input(t, { name: 'address', label: labelOf('address'), value: one(v, 'address'), errors, maxlength: 200, autoDir: true })}
      </fieldset>
      ${choiceGroup(t, { type: 'checkbox', name: 'trainerIds', legend: labelOf('trainerIds'), errors, checked: many(v, 'trainerIds'), description: t('groups.trainers_help'),
        options: d.trainers.map((u) => ({ value: u.userId, label: trainerLabel(t, u) })) })}
      ${interpreterRows(ctx, v, errors)}
      <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('groups.create_edition')}</button>
    </form>`);
}

// ---- the edition page ----

/** Where a session stands: held, today, the next one, later, or cancelled. */
export type SessionTiming = 'past' | 'today' | 'next' | 'later' | 'cancelled';

export type ScheduleSession = Pick<SessionView, 'id' | 'number' | 'date' | 'startMinute' | 'endMinute' | 'place' | 'address' | 'cancelled'>;

export interface ScheduleEntry {
  session: ScheduleSession;
  timing: SessionTiming;
  /** Lines under the place, e.g. the attendance counts for who takes attendance. */
  extra?: Html;
  /** Links under the session (attendance, change). */
  actions?: Html[];
  /** A class for another feature's hook. */
  className?: string;
}

function timingOf(s: ScheduleSession, next: ScheduleSession | null, today: string): SessionTiming {
  if (s.cancelled) return 'cancelled';
  if (s.date < today) return 'past';
  if (s.date === today) return 'today';
  return next?.id === s.id ? 'next' : 'later';
}

/**
 * The one list of an edition's sessions: number, when, where. Everyone sees it; who takes attendance sees it in the
 * attendance section (group-attendance.ts) with each session's counts and links, so the sessions are listed once.
 */
export function scheduleList(ctx: PageContext, entries: ScheduleEntry[]): Html {
  const { t, locale } = ctx;
  return html`<ol class="thuis-group-schedule">
    ${entries.map(({ session: s, timing, extra, actions, className }) => html`<li class="thuis-group-session thuis-group-session--${timing}${className ? ` ${className}` : ''}" id="sessie-${s.id}">
      <p class="thuis-group-session__head"><strong>${t('groups.session_number', { count: s.number })}</strong>
        ${timing === 'later' ? '' : html`<span class="thuis-group-mark thuis-group-mark--${timing}">${t(`groups.session_${timing}`)}</span>`}</p>
      <p class="thuis-group-session__when">${sessionDate(locale, s.date)}, ${timeRange(s)}</p>
      <p class="thuis-group-session__where"><span dir="auto">${s.place}</span>${s.address ? html`<br><span dir="auto" class="thuis-group-session__address">${s.address}</span>` : ''}</p>
      ${extra ?? ''}
      ${actions?.length ? html`<ul class="thuis-actions">${actions.map((a) => html`<li>${a}</li>`)}</ul>` : ''}
    </li>`)}
  </ol>`;
}

/** The link to change one session (the coordinator, while the edition is not closed). */
export function sessionEditLink(ctx: PageContext, editionId: string, s: ScheduleSession): Html {
  const { t } = ctx;
  return html`<a class="utrecht-link" href="/groepen/edities/${editionId}/rooster/${s.id}">${t('groups.edit_session')}<span class="thuis-visually-hidden">: ${t('groups.session_number', { count: s.number })}</span></a>`;
}

/** The schedule for who does not take attendance: when and where, and for the coordinator the link to change it. */
function plainSchedule(ctx: PageContext, e: EditionView, today: string): Html {
  const next = nextSession(e.sessions, today);
  const editable = e.permissions.configure && e.status !== 'completed';
  return scheduleList(ctx, e.sessions.map((s) => ({
    session: s,
    timing: timingOf(s, next, today),
    actions: editable ? [sessionEditLink(ctx, e.id, s)] : [],
  })));
}

/**
 * What matters now, on top: today's session with the way to take attendance, or the next one; after the last
 * session, the way to close the group. A trainer on a phone finds it without scrolling.
 */
function nowBox(ctx: PageContext, e: EditionView, today: string): Html {
  const { t, locale } = ctx;
  if (e.status !== 'planned' && e.status !== 'running') return html``;
  const next = nextSession(e.sessions, today);
  if (next) {
    const isToday = next.date === today;
    return html`<section class="thuis-group-now" aria-labelledby="now-heading">
      <h2 class="utrecht-heading-3 thuis-group-now__heading" id="now-heading">${t(isToday ? 'groups.now_today' : 'groups.now_next', { count: next.number })}</h2>
      <p class="utrecht-paragraph">${sessionDate(locale, next.date)}, ${timeRange(next)}</p>
      <p class="utrecht-paragraph"><span dir="auto">${next.place}</span>${next.address ? html`<br><span dir="auto">${next.address}</span>` : ''}</p>
      ${isToday && e.permissions.attendance
        ? html`<p class="utrecht-paragraph"><a class="thuis-group-cta" href="/groepen/edities/${e.id}/sessies/${next.id}">${t('groups.take_attendance')}</a></p>`
        : ''}
    </section>`;
  }
  if (!e.sessions.some((s) => !s.cancelled && s.date <= today)) return html``;
  return html`<section class="thuis-group-now" aria-labelledby="now-heading">
    <h2 class="utrecht-heading-3 thuis-group-now__heading" id="now-heading">${t('groups.now_all_held')}</h2>
    ${e.permissions.close ? html`<p class="utrecht-paragraph">${t('groups.now_close_help')}</p>
      <p class="utrecht-paragraph"><a class="thuis-group-cta" href="/groepen/edities/${e.id}/afsluiten">${t('groups.close_edition')}</a></p>` : ''}
  </section>`;
}

export function editionPage(ctx: PageContext, e: EditionView, parts: Html[], saved?: boolean, today = todayIso()): Html {
  const { t, locale } = ctx;
  const editable = e.permissions.configure && e.status !== 'completed';
  const open = e.status === 'planned' || e.status === 'running';
  return layout(ctx, e.title, html`
    <p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/groepen">${t('groups.back')}</a></p>
    <h1 class="utrecht-heading-1"><span dir="auto">${e.title}</span></h1>
    <p class="utrecht-paragraph thuis-group-subtitle"><a class="utrecht-link" href="/groepen/programmas/${e.programmeId}">${nameOf(t, e.programme)}</a> ${statusBadge(t, e.displayStatus)}</p>
    ${saved ? alert('ok', 'status', html`<p class="utrecht-paragraph">${t('groups.saved')}</p>`) : ''}
    ${e.status === 'completed' ? alert('info', 'status', html`<p class="utrecht-paragraph">${t('groups.edition_closed')}</p>`) : ''}
    ${e.status === 'cancelled' ? alert('warning', 'status', html`<p class="utrecht-paragraph">${t('groups.edition_cancelled')}</p>`) : ''}
    ${nowBox(ctx, e, today)}
    <section class="thuis-section" aria-labelledby="facts-heading">
      <h2 class="utrecht-heading-2" id="facts-heading">${t('groups.facts_heading')}</h2>
      <dl class="thuis-facts thuis-facts--wide">
        <div><dt>${t('groups.municipality')}</dt><dd>${e.municipalityName}</dd></div>
        <div><dt>${t('groups.language')}</dt><dd>${languageName(locale, e.language)}</dd></div>
        <div><dt>${t('groups.places')}</dt><dd>${t('groups.capacity_value', { count: e.capacity })}, ${t('groups.free_places', { count: e.freePlaces })}</dd></div>
        <div><dt>${t('groups.waitlist')}</dt><dd>${t('groups.waitlist_count', { count: e.waitlisted })}</dd></div>
        <div><dt>${t('groups.rule')}</dt><dd>${ruleText(t, e)}</dd></div>
        <div><dt>${t('groups.hours')}</dt><dd>${t('groups.hours_value', { count: Math.round(e.scheduledHours * 10) / 10 })}${e.minimumHours ? html` (${t('groups.minimum_hours', { count: e.minimumHours })})` : ''}</dd></div>
        ${e.certificate ? html`<div><dt>${t('groups.certificate')}</dt><dd>${t('groups.badge_certificate')}</dd></div>` : ''}
        ${e.countsFor ? html`<div><dt>${t('groups.inburgering')}</dt><dd>${t(`group.counts_for.${e.countsFor}`)}</dd></div>` : ''}
      </dl>
      ${open && !e.permissions.participants && ctx.may('household.list') ? html`<p class="utrecht-paragraph">${t('groups.enrol_hint')}</p>` : ''}
      ${editable ? html`<ul class="thuis-actions"><li><a class="utrecht-link" href="/groepen/edities/${e.id}/wijzigen">${t('groups.edit_edition')}</a></li></ul>` : ''}
    </section>
    ${e.permissions.attendance ? '' : html`<section class="thuis-section" aria-labelledby="schedule-heading">
      <h2 class="utrecht-heading-2" id="schedule-heading">${t('groups.schedule_heading')}</h2>
      ${e.sessions.length ? plainSchedule(ctx, e, today) : html`<p class="utrecht-paragraph">${t('groups.no_sessions')}</p>`}
    </section>`}
    ${parts}
    <section class="thuis-section" aria-labelledby="staff-heading">
      <h2 class="utrecht-heading-2" id="staff-heading">${t('groups.staff_heading')}</h2>
      <dl class="thuis-facts">
        <div><dt>${t('groups.trainers')}</dt><dd>${e.trainers.length ? e.trainers.map((u) => u.name).join(', ') : t('groups.no_trainers')}</dd></div>
        <div><dt>${t('groups.interpreters')}</dt><dd>${e.interpreters.length
          ? e.interpreters.map((i, n) => html`${n ? ', ' : ''}<span dir="auto">${i.name}</span> (${languageName(locale, i.language)})`)
          : t('groups.no_interpreters')}</dd></div>
      </dl>
      ${editable ? html`<ul class="thuis-actions">
        <li><a class="utrecht-link" href="/groepen/edities/${e.id}/trainers">${t('groups.edit_trainers')}</a></li>
        <li><a class="utrecht-link" href="/groepen/edities/${e.id}/wijzigen#tolken">${t('groups.edit_interpreters')}</a></li>
      </ul>` : ''}
    </section>`);
}

// ---- the coordinator's forms on an edition ----

export function editionValues(e: EditionView): FormValues {
  const values: FormValues = {
    version: [String(e.version)], title: [e.title], municipalityCode: [e.municipalityCode], language: [e.language], capacity: [String(e.capacity)],
    status: [e.status === 'cancelled' ? 'cancelled' : 'planned'],
  };
  e.interpreters.forEach((i, n) => {
    values[`interpreters.${n}.name`] = [i.name];
    values[`interpreters.${n}.language`] = [i.language];
  });
  return values;
}

export function editionEditPage(ctx: PageContext, e: EditionView, municipalities: { code: string; name: string }[], state: FormState): Html {
  const { t, locale } = ctx;
  const errors = state.errors;
  const v = state.values ?? editionValues(e);
  const labelOf = labelOfEditionField(t);
  const theirs = state.conflict as EditionView | undefined;
  const labels = { title: labelOf('title'), municipalityCode: labelOf('municipalityCode'), language: labelOf('language'), capacity: labelOf('capacity'), status: labelOf('status') };
  return layout(ctx, t('groups.edition_edit_title'), html`
    <p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/groepen/edities/${e.id}">${t('groups.back_to_edition')}</a></p>
    <h1 class="utrecht-heading-1">${t('groups.edition_edit_title')}</h1>
    <p class="utrecht-paragraph thuis-group-subtitle"><span dir="auto">${e.title}</span></p>
    ${theirs ? conflictBox(ctx, [
        ...differences(ctx, labels, editionValues(theirs), v),
        ...(JSON.stringify(theirs.interpreters) !== JSON.stringify(e.interpreters) ? [{ label: t('groups.interpreters'), theirs: theirs.interpreters.map((i) => `${i.name} (${languageName(locale, i.language)})`).join(', ') || '—' }] : []),
      ]) : summary(t, errors, labelOf, Object.keys(editionLabels(t)))}
    <form method="post" action="/groepen/edities/${e.id}/wijzigen" class="thuis-form thuis-group-form" novalidate>
      ${csrfField(ctx.csrfToken)}
      <input type="hidden" name="version" value="${theirs ? theirs.version : (one(v, 'version') ?? e.version)}">
      ${input(t, { name: 'title', label: labels.title, value: one(v, 'title'), errors, required: true, maxlength: 120, autoDir: true })}
      ${select({ t, name: 'municipalityCode', label: labels.municipalityCode, value: one(v, 'municipalityCode') ?? '', errors, options: municipalityOptions(t, municipalities) })}
      ${select({ t, name: 'language', label: labels.language, value: one(v, 'language') ?? 'nl', errors, options: languageOptions(locale, [e.language]) })}
      ${input(t, { name: 'capacity', label: labels.capacity, type: 'number', min: 1, max: e.programmeMaxParticipants, value: one(v, 'capacity'), errors, required: true,
        description: t('groups.field.capacity_edit_help', { count: e.programmeMaxParticipants }) })}
      ${choiceGroup(t, { type: 'radio', name: 'status', legend: labels.status, errors, checked: [one(v, 'status') ?? 'planned'],
        options: [{ value: 'planned', label: t('groups.status_planned') }, { value: 'cancelled', label: t('groups.status_cancelled') }] })}
      <div id="tolken">${interpreterRows(ctx, v, errors)}</div>
      <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('groups.save')}</button>
    </form>`);
}

export function trainersPage(ctx: PageContext, e: EditionView, eligible: TrainerView[], state: FormState): Html {
  const { t } = ctx;
  const theirs = state.conflict as EditionView | undefined;
  const checked = state.values ? many(state.values, 'userIds') : e.trainers.map((u) => u.userId);
  return layout(ctx, t('groups.trainers_title'), html`
    <p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/groepen/edities/${e.id}">${t('groups.back_to_edition')}</a></p>
    <h1 class="utrecht-heading-1">${t('groups.trainers_title')}</h1>
    <p class="utrecht-paragraph thuis-group-subtitle"><span dir="auto">${e.title}</span></p>
    ${theirs ? conflictBox(ctx, [{ label: t('groups.trainers'), theirs: theirs.trainers.map((u) => u.name).join(', ') || '—' }]) : summary(t, state.errors, labelOfEditionField(t), Object.keys(editionLabels(t)))}
    <form method="post" action="/groepen/edities/${e.id}/trainers" class="thuis-form thuis-group-form" novalidate>
      ${csrfField(ctx.csrfToken)}
      <input type="hidden" name="version" value="${theirs ? theirs.version : e.version}">
      ${choiceGroup(t, { type: 'checkbox', name: 'userIds', legend: t('groups.trainers'), errors: state.errors, checked, description: t('groups.trainers_help'),
        options: eligible.map((u) => ({ value: u.userId, label: trainerLabel(t, u) })) })}
      <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('groups.save')}</button>
    </form>`);
}

export function sessionValues(s: SessionView): FormValues {
  return {
    version: [String(s.version)], date: [s.date], startTime: [timeOf(s.startMinute)], endTime: [timeOf(s.endMinute)], place: [s.place], address: [s.address],
    cancelled: s.cancelled ? ['1'] : [],
  };
}

export function sessionEditPage(ctx: PageContext, e: EditionView, s: SessionView, state: FormState): Html {
  const { t } = ctx;
  const errors = state.errors;
  const v = state.values ?? sessionValues(s);
  const labelOf = labelOfEditionField(t);
  const theirs = state.conflict as SessionView | undefined;
  const labels = { date: labelOf('date'), startTime: labelOf('startTime'), endTime: labelOf('endTime'), place: labelOf('place'), address: labelOf('address'), cancelled: labelOf('cancelled') };
  const title = t('groups.session_edit_title', { count: s.number });
  return layout(ctx, title, html`
    <p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/groepen/edities/${e.id}#sessie-${s.id}">${t('groups.back_to_edition')}</a></p>
    <h1 class="utrecht-heading-1">${title}</h1>
    <p class="utrecht-paragraph thuis-group-subtitle"><span dir="auto">${e.title}</span></p>
    ${theirs ? conflictBox(ctx, differences(ctx, labels, { ...sessionValues(theirs), cancelled: theirs.cancelled ? ['1'] : ['0'] }, { ...v, cancelled: many(v, 'cancelled').includes('1') ? ['1'] : ['0'] })
      .map((c) => (c.label === labels.cancelled ? { ...c, theirs: theirs.cancelled ? t('groups.yes') : t('groups.no') } : c))) : summary(t, errors, labelOf, Object.keys(editionLabels(t)))}
    <form method="post" action="/groepen/edities/${e.id}/rooster/${s.id}" class="thuis-form thuis-group-form" novalidate>
      ${csrfField(ctx.csrfToken)}
      <input type="hidden" name="version" value="${theirs ? theirs.version : (one(v, 'version') ?? s.version)}">
      ${input(t, { name: 'date', label: labels.date, type: 'date', value: one(v, 'date'), errors, required: true })}
      ${input(t, { name: 'startTime', label: labels.startTime, type: 'time', value: one(v, 'startTime'), errors, required: true })}
      ${input(t, { name: 'endTime', label: labels.endTime, type: 'time', value: one(v, 'endTime'), errors, required: true })}
      ${input(t, { name: 'place', label: labels.place, value: one(v, 'place'), errors, required: true, maxlength: 120, autoDir: true, description: t('groups.field.place_help') })}
      ${input(t, { name: 'address', label: labels.address, value: one(v, 'address'), errors, maxlength: 200, autoDir: true })}
      ${singleCheck({ name: 'cancelled', label: labels.cancelled, checked: many(v, 'cancelled').includes('1') })}
      <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('groups.save')}</button>
    </form>`);
}
