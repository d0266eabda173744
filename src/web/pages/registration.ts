import type { FieldError } from '../../platform/errors.ts';
import { formatDate, type Locale } from '../../platform/i18n/index.ts';
import { COMMON_LANGUAGES, COMMON_ORIGINS, COUNTRY_CODES, languageName, regionName, type HouseholdView, type MergePreview } from '../../features/households/index.ts';
import { DUTCH_LEVELS, LEARNING_ROUTES, RELATIONS, SEXES, TARGET_GROUPS } from '../../features/households/schema.ts';
import { alert, csrfField, field, html, select, type Html } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';

// Registration by hand, editing a household and merging two records. Forms work without JavaScript: the
// member rows are numbered fields (members.0.givenNames …); "add a person" re-renders with one more row.

export type FormValues = Record<string, string>;

export interface HouseholdFormState {
  values: FormValues;
  rows: number;
  errors?: FieldError[];
  /** Probable duplicates found before registering (create only). */
  /** Only households inside the caller's scope: one outside it is never named, nor counted. */
  duplicates?: { householdId: string; reference: string }[];
  /** REL-LOCK: the values stored now, per field name, where they differ from what was submitted (edit only). */
  stored?: FormValues;
}

export const HOUSEHOLD_FIELDS = ['reference', 'municipalityCode', 'addressLine', 'postcode', 'city', 'coaLinkDate', 'housingDate', 'benefitStartDate'] as const;
export const MEMBER_FIELDS = [
  'id', 'relation', 'givenNames', 'familyName', 'originalName', 'birthDay', 'birthMonth', 'birthYear', 'sex', 'countryOfOrigin', 'languages',
  'dutchLevel', 'interpreterLanguage', 'targetGroup', 'vNumber', 'bsn', 'phone', 'email', 'statusDate', 'duoNoticeDate', 'pipDate', 'learningRoute',
] as const;

/** The form's values for a stored household: what the edit form starts with and what a conflict compares to. */
export function valuesOf(household: HouseholdView): FormValues {
  const v: FormValues = {};
  for (const key of HOUSEHOLD_FIELDS) v[key] = String((household as unknown as Record<string, unknown>)[key] ?? '');
  household.members.forEach((m, i) => {
    const p = `members.${i}.`;
    const dob = m.dateOfBirth ?? '';
    Object.assign(v, {
      [`${p}id`]: m.id, [`${p}relation`]: m.relation, [`${p}givenNames`]: m.givenNames, [`${p}familyName`]: m.familyName,
      [`${p}originalName`]: m.originalName ?? '',
      [`${p}birthYear`]: dob.slice(0, 4),
      [`${p}birthMonth`]: dob && m.birthPrecision !== 'year' ? String(Number(dob.slice(5, 7))) : '',
      [`${p}birthDay`]: dob && m.birthPrecision === 'day' ? String(Number(dob.slice(8, 10))) : '',
      [`${p}sex`]: m.sex, [`${p}countryOfOrigin`]: m.countryOfOrigin ?? '', [`${p}languages`]: m.languages.join(', '),
      [`${p}dutchLevel`]: m.dutchLevel ?? '', [`${p}interpreterLanguage`]: m.interpreterLanguage ?? '', [`${p}targetGroup`]: m.targetGroup ?? '',
      [`${p}phone`]: m.phone ?? '', [`${p}email`]: m.email ?? '', [`${p}statusDate`]: m.statusDate ?? '', [`${p}duoNoticeDate`]: m.duoNoticeDate ?? '',
      [`${p}pipDate`]: m.pipDate ?? '', [`${p}learningRoute`]: m.learningRoute ?? '',
    });
  });
  return v;
}


const countryOptionsCache = new Map<Locale, { value: string; label: string }[]>();
/** Countries by name in the page's language, the common countries of origin first. */
function countryOptions(ctx: PageContext): { value: string; label: string }[] {
  let cached = countryOptionsCache.get(ctx.locale);
  if (!cached) {
    const collator = new Intl.Collator(ctx.locale);
    const common = COMMON_ORIGINS.map((c) => ({ value: c, label: regionName(ctx.locale, c) }));
    const rest = COUNTRY_CODES.filter((c) => !COMMON_ORIGINS.includes(c))
      .map((c) => ({ value: c, label: regionName(ctx.locale, c) }))
      .sort((a, b) => collator.compare(a.label, b.label));
    cached = [...common, ...rest];
    countryOptionsCache.set(ctx.locale, cached);
  }
  return [{ value: '', label: ctx.t('registration.choose') }, ...cached];
}

const blank = (ctx: PageContext) => ({ value: '', label: ctx.t('registration.choose') });

/** The error summary of these forms: each entry links to its field and names it with the form's own label. */
function errorList(ctx: PageContext, errors: FieldError[] | undefined): Html {
  if (!errors?.length) return html``;
  const { t } = ctx;
  const label = (name: string) => {
    const m = /^members\.(\d+)\.(\w+)$/.exec(name);
    if (m) return `${t('registration.person_n', { count: Number(m[1]) + 1 })}: ${t(`registration.field.${m[2]}`)}`;
    return t(`registration.field.${name}`);
  };
  const target = (name: string) => (name.endsWith('.dateOfBirth') ? name.replace('dateOfBirth', 'birthDay') : name);
  return alert('error', 'alert', html`
    <p class="utrecht-paragraph"><strong>${t('form.errors_heading', { count: errors.length })}</strong></p>
    <ul class="utrecht-unordered-list thuis-link-list">
      ${errors.map((e) => html`<li><a class="utrecht-link" href="#f-${target(e.field)}">${label(e.field)}: ${t(e.message)}</a></li>`)}
    </ul>`, { id: 'error-summary', focus: true });
}

interface FormOptions {
  mode: 'create' | 'edit';
  action: string;
  municipalities: { code: string; name: string }[];
  identity: boolean;
  /** Masked identity numbers of the stored members (edit), by member id. */
  masked?: Map<string, { bsn: string | null; vNumber: string | null }>;
}

function storedNote(ctx: PageContext, state: HouseholdFormState, name: string, display?: (v: string) => string): string | undefined {
  if (!state.stored || !(name in state.stored)) return undefined;
  const value = state.stored[name]!;
  return ctx.t('registration.conflict_stored', { name: value === '' ? ctx.t('registration.conflict_empty') : display ? display(value) : value });
}

function householdForm(ctx: PageContext, state: HouseholdFormState, o: FormOptions): Html {
  const { t } = ctx;
  const v = state.values;
  const errors = state.errors;
  const note = (name: string, display?: (v: string) => string) => storedNote(ctx, state, name, display);
  const muniName = (code: string) => o.municipalities.find((m) => m.code === code)?.name ?? code;
  const dateField = (name: string, description?: string) => {
    const stored = note(name, (d) => formatDate(ctx.locale, d));
    return field({ t, name, label: t(`registration.field.${name}`), type: 'date', value: v[name], errors, description: [description, stored].filter(Boolean).join(' ') || undefined });
  };
  return html`
    ${errorList(ctx, errors)}
    ${state.stored ? alert('warning', 'alert', html`<p class="utrecht-paragraph"><strong>${t('registration.conflict_heading')}</strong></p>
      <p class="utrecht-paragraph">${t('registration.conflict_text')}</p>`, errors?.length ? {} : { id: 'conflict', focus: true }) : ''}
    ${state.duplicates?.length ? duplicateWarning(ctx, state.duplicates) : ''}
    <form method="post" action="${o.action}" class="thuis-form thuis-registration" novalidate>
      ${csrfField(ctx.csrfToken)}
      <input type="hidden" name="rows" value="${state.rows}">
      ${o.mode === 'edit' ? html`<input type="hidden" name="version" value="${v.version ?? ''}">` : ''}
      <fieldset class="thuis-fieldset">
        <legend class="utrecht-heading-2">${t('registration.household_legend')}</legend>
        ${field({ t, name: 'reference', label: t('registration.field.reference'), value: v.reference, required: true, errors, description: [t('registration.reference_help'), note('reference')].filter(Boolean).join(' ') })}
        ${select({ t, name: 'municipalityCode', label: t('registration.field.municipalityCode'), value: v.municipalityCode, errors, description: note('municipalityCode', muniName),
          options: [blank(ctx), ...o.municipalities.map((m) => ({ value: m.code, label: m.name }))] })}
        ${field({ t, name: 'addressLine', label: t('registration.field.addressLine'), value: v.addressLine, autocomplete: 'off', errors, description: note('addressLine') })}
        ${field({ t, name: 'postcode', label: t('registration.field.postcode'), value: v.postcode, autocomplete: 'off', errors, description: [t('registration.postcode_help'), note('postcode')].filter(Boolean).join(' ') })}
        ${field({ t, name: 'city', label: t('registration.field.city'), value: v.city, autocomplete: 'off', errors, description: note('city') })}
      </fieldset>
      <fieldset class="thuis-fieldset">
        <legend class="utrecht-heading-2">${t('registration.dates_legend')}</legend>
        ${dateField('coaLinkDate')}
        ${dateField('housingDate', t('registration.housing_help'))}
        ${dateField('benefitStartDate', t('registration.benefit_help'))}
      </fieldset>
      ${Array.from({ length: state.rows }, (_, i) => memberRow(ctx, state, o, i))}
      <button class="utrecht-button utrecht-button--secondary-action" type="submit" name="action" value="add_row">${t('registration.add_row')}</button>
      <button class="utrecht-button utrecht-button--primary-action" type="submit" name="action" value="save">${o.mode === 'create' ? t('registration.submit_create') : t('registration.submit_edit')}</button>
      ${state.duplicates?.length ? html`<button class="utrecht-button utrecht-button--secondary-action" type="submit" name="action" value="confirm_duplicate">${t('registration.confirm_duplicate')}</button>` : ''}
    </form>`;
}

function memberRow(ctx: PageContext, state: HouseholdFormState, o: FormOptions, i: number): Html {
  const { t, locale } = ctx;
  const p = `members.${i}.`;
  const v = state.values;
  const errors = state.errors;
  const note = (name: string, display?: (v: string) => string) => storedNote(ctx, state, `${p}${name}`, display);
  const label = (name: string) => t(`registration.field.${name}`);
  const opt = (list: readonly string[], prefix: string) => [blank(ctx), ...list.map((x) => ({ value: x, label: t(`${prefix}.${x}`) }))];
  const sel = (name: string, options: { value: string; label: string }[], description?: string) =>
    select({ t, name: `${p}${name}`, label: label(name), value: v[`${p}${name}`], errors, options,
      description: [description, note(name, (x) => options.find((o2) => o2.value === x)?.label ?? x)].filter(Boolean).join(' ') || undefined });
  const text = (name: string, extra: { description?: string; autocomplete?: string; inputmode?: 'numeric' | 'text'; type?: 'text' | 'email' } = {}) =>
    field({ t, name: `${p}${name}`, label: label(name), value: v[`${p}${name}`], errors, type: extra.type, inputmode: extra.inputmode, autocomplete: extra.autocomplete ?? 'off',
      description: [extra.description, note(name)].filter(Boolean).join(' ') || undefined });
  const date = (name: string, description?: string) =>
    field({ t, name: `${p}${name}`, label: label(name), type: 'date', value: v[`${p}${name}`], errors,
      description: [description, note(name, (d) => formatDate(locale, d))].filter(Boolean).join(' ') || undefined });
  const birthError = errors?.find((e) => e.field === `${p}dateOfBirth`);
  const birthStored = ['birthDay', 'birthMonth', 'birthYear'].some((k) => state.stored && `${p}${k}` in state.stored)
    ? t('registration.conflict_stored', { name: [state.stored![`${p}birthDay`] ?? v[`${p}birthDay`], state.stored![`${p}birthMonth`] ?? v[`${p}birthMonth`], state.stored![`${p}birthYear`] ?? v[`${p}birthYear`]].map((x) => x || '?').join('-') })
    : '';
  const id = v[`${p}id`];
  const masked = id ? o.masked?.get(id) : undefined;
  const months = Array.from({ length: 12 }, (_, m) => ({ value: String(m + 1), label: new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, m, 1))) }));
  return html`<fieldset class="thuis-fieldset thuis-member-row">
    <legend class="utrecht-heading-2">${t('registration.person_n', { count: i + 1 })}</legend>
    ${id ? html`<input type="hidden" name="${p}id" value="${id}">` : ''}
    ${sel('relation', RELATIONS.map((r) => ({ value: r, label: t(`relation.${r}`) })))}
    ${text('givenNames', { description: t('registration.latin_help') })}
    ${text('familyName')}
    <div class="utrecht-form-field utrecht-form-field--text">
      <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="f-${p}originalName">${label('originalName')}</label></div>
      <div class="utrecht-form-field-description" id="f-${p}originalName-desc">${[t('registration.original_help'), note('originalName')].filter(Boolean).join(' ')}</div>
      <div class="utrecht-form-field__input">
        <input class="utrecht-textbox utrecht-textbox--html-input" id="f-${p}originalName" name="${p}originalName" type="text" dir="auto" autocomplete="off"
          value="${v[`${p}originalName`] ?? ''}" aria-describedby="f-${p}originalName-desc">
      </div>
    </div>
    <fieldset class="thuis-fieldset thuis-birth${birthError ? ' utrecht-form-field--invalid' : ''}" ${birthError || birthStored ? html`aria-describedby="f-${p}dateOfBirth-err"` : ''}>
      <legend class="utrecht-form-label">${label('dateOfBirth')}</legend>
      <p class="utrecht-form-field-description" id="f-${p}dateOfBirth-desc">${t('registration.birth_help')}</p>
      ${birthError || birthStored ? html`<p class="utrecht-form-field-error-message" id="f-${p}dateOfBirth-err">${birthError ? t(birthError.message) : ''} ${birthStored}</p>` : ''}
      <div class="thuis-birth__parts">
        ${field({ t, name: `${p}birthDay`, label: t('registration.birth_day'), inputmode: 'numeric', value: v[`${p}birthDay`] })}
        ${select({ t, name: `${p}birthMonth`, label: t('registration.birth_month'), value: v[`${p}birthMonth`], options: [{ value: '', label: t('registration.unknown') }, ...months] })}
        ${field({ t, name: `${p}birthYear`, label: t('registration.birth_year'), inputmode: 'numeric', value: v[`${p}birthYear`] })}
      </div>
    </fieldset>
    ${sel('sex', SEXES.map((s) => ({ value: s, label: t(`registration.sex.${s}`) })))}
    ${sel('countryOfOrigin', countryOptions(ctx))}
    ${text('languages', { description: t('registration.languages_help') })}
    ${sel('dutchLevel', opt(DUTCH_LEVELS, 'registration.dutch'))}
    ${sel('interpreterLanguage', [{ value: '', label: t('registration.no_interpreter') }, ...COMMON_LANGUAGES.map((l) => ({ value: l, label: languageName(locale, l) }))])}
    ${sel('targetGroup', opt(TARGET_GROUPS, 'registration.target'))}
    ${o.identity ? html`
      ${text('vNumber', { inputmode: 'numeric', description: masked?.vNumber ? t('registration.identity_known', { name: masked.vNumber }) : t('registration.v_number_help') })}
      ${text('bsn', { inputmode: 'numeric', description: masked?.bsn ? t('registration.identity_known', { name: masked.bsn }) : t('registration.bsn_help') })}` : ''}
    ${text('phone', { inputmode: 'text' })}
    ${text('email', { type: 'email' })}
    ${date('statusDate')}
    ${date('duoNoticeDate', t('registration.duo_help'))}
    ${date('pipDate')}
    ${sel('learningRoute', opt(LEARNING_ROUTES, 'registration.route'))}
  </fieldset>`;
}

function duplicateWarning(ctx: PageContext, duplicates: { householdId: string; reference: string }[]): Html {
  const { t } = ctx;
  const shown = new Map(duplicates.map((d) => [d.householdId, d.reference]));
  return alert('warning', 'alert', html`
    <p class="utrecht-paragraph"><strong>${t('registration.duplicates_title')}</strong></p>
    <p class="utrecht-paragraph">${t('registration.duplicates_text')}</p>
    <ul class="utrecht-unordered-list thuis-link-list">
      ${[...shown].map(([id, reference]) => html`<li><a class="utrecht-link" href="/huishoudens/${id}">${t('registration.open_household', { name: reference })}</a></li>`)}
    </ul>
    <p class="utrecht-paragraph">${t('registration.duplicates_confirm_help')}</p>`, { id: 'duplicates', focus: true });
}

export function registrationPage(ctx: PageContext, state: HouseholdFormState, o: Omit<FormOptions, 'mode' | 'action'>): Html {
  const { t } = ctx;
  return layout(ctx, t('registration.title'), html`
    <p class="utrecht-paragraph"><a class="utrecht-link" href="/huishoudens">${t('household.back')}</a></p>
    <h1 class="utrecht-heading-1">${t('registration.title')}</h1>
    <p class="utrecht-paragraph">${t('registration.intro')}</p>
    ${householdForm(ctx, state, { ...o, mode: 'create', action: '/huishoudens/nieuw' })}`);
}

export function editPage(ctx: PageContext, household: HouseholdView, state: HouseholdFormState, o: Omit<FormOptions, 'mode' | 'action'>): Html {
  const { t } = ctx;
  return layout(ctx, t('registration.edit_title', { name: household.reference }), html`
    <p class="utrecht-paragraph"><a class="utrecht-link" href="/huishoudens/${household.id}">${t('registration.back_to_household')}</a></p>
    <h1 class="utrecht-heading-1">${t('registration.edit_title', { name: household.reference })}</h1>
    ${householdForm(ctx, state, { ...o, mode: 'edit', action: `/huishoudens/${household.id}/bewerken` })}`);
}

export function mergeStartPage(ctx: PageContext, household: HouseholdView, state: { value?: string; errors?: FieldError[] }): Html {
  const { t } = ctx;
  return layout(ctx, t('registration.merge_title', { name: household.reference }), html`
    <p class="utrecht-paragraph"><a class="utrecht-link" href="/huishoudens/${household.id}">${t('registration.back_to_household')}</a></p>
    <h1 class="utrecht-heading-1">${t('registration.merge_title', { name: household.reference })}</h1>
    <p class="utrecht-paragraph">${t('registration.merge_intro')}</p>
    ${errorList(ctx, state.errors)}
    ${household.possibleDuplicates?.length ? html`<h2 class="utrecht-heading-2">${t('registration.possible_duplicates')}</h2>
      <ul class="utrecht-unordered-list thuis-link-list">${household.possibleDuplicates.map((d) => html`<li><a class="utrecht-link" href="/huishoudens/${household.id}/samenvoegen?met=${d.householdId}">${t('registration.compare_with', { name: d.reference })}</a></li>`)}</ul>` : ''}
    <form method="post" action="/huishoudens/${household.id}/samenvoegen" class="thuis-form" novalidate>
      ${csrfField(ctx.csrfToken)}
      ${field({ t, name: 'duplicateReference', label: t('registration.field.duplicateReference'), value: state.value, required: true, errors: state.errors, description: t('registration.merge_reference_help') })}
      <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('registration.merge_compare')}</button>
    </form>`);
}

function householdSummary(ctx: PageContext, h: HouseholdView, headingId: string): Html {
  const { t, locale } = ctx;
  return html`<section class="thuis-card thuis-merge__side" aria-labelledby="${headingId}">
    <h2 class="utrecht-heading-2" id="${headingId}">${h.reference}</h2>
    <dl class="thuis-facts">
      <div><dt>${t('registration.field.municipalityCode')}</dt><dd>${h.municipalityName}</dd></div>
      <div><dt>${t('registration.field.housingDate')}</dt><dd>${h.housingDate ? formatDate(locale, h.housingDate) : t('common.unknown')}</dd></div>
      <div><dt>${t('household.coach')}</dt><dd>${h.coachName ?? t('household.no_coach')}</dd></div>
    </dl>
    <ul class="utrecht-unordered-list">
      ${h.members.map((m) => html`<li>${m.givenNames} ${m.familyName} (${m.dateOfBirth ? birthDate(ctx, m.dateOfBirth, m.birthPrecision) : t('common.unknown')}, ${t(`relation.${m.relation}`)})</li>`)}
    </ul>
  </section>`;
}

export function mergeComparePage(ctx: PageContext, preview: MergePreview): Html {
  const { t } = ctx;
  const { kept, duplicate, pairs } = preview;
  return layout(ctx, t('registration.merge_title', { name: kept.reference }), html`
    <p class="utrecht-paragraph"><a class="utrecht-link" href="/huishoudens/${kept.id}">${t('registration.back_to_household')}</a></p>
    <h1 class="utrecht-heading-1">${t('registration.merge_title', { name: kept.reference })}</h1>
    <div class="thuis-merge">
      ${householdSummary(ctx, kept, 'merge-kept')}
      ${householdSummary(ctx, duplicate, 'merge-duplicate')}
    </div>
    <h2 class="utrecht-heading-2">${t('registration.merge_what')}</h2>
    <ul class="utrecht-unordered-list">
      ${pairs.map(([k, d]) => html`<li>${t('registration.merge_pair', { name: `${duplicate.members[d]!.givenNames} ${duplicate.members[d]!.familyName} → ${kept.members[k]!.givenNames} ${kept.members[k]!.familyName}` })}</li>`)}
      <li>${t('registration.merge_moved', { count: duplicate.members.length - pairs.length })}</li>
      <li>${t('registration.merge_rest', { name: duplicate.reference })}</li>
    </ul>
    <form method="post" action="/huishoudens/${kept.id}/samenvoegen/bevestigen" class="thuis-form">
      ${csrfField(ctx.csrfToken)}
      <input type="hidden" name="duplicateId" value="${duplicate.id}">
      <input type="hidden" name="version" value="${kept.version}">
      <input type="hidden" name="duplicateVersion" value="${duplicate.version}">
      <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('registration.merge_confirm', { name: duplicate.reference })}</button>
    </form>
    <p class="utrecht-paragraph"><a class="utrecht-link" href="/huishoudens/${kept.id}/samenvoegen">${t('registration.merge_other')}</a></p>`);
}

/** A date of birth as far as it is known: "3 mrt 1988", "maart 1988" or "1988". */
export function birthDate(ctx: PageContext, iso: string, precision: string): string {
  if (precision === 'year') return iso.slice(0, 4);
  if (precision === 'month') {
    return new Intl.DateTimeFormat(ctx.locale === 'ar' ? 'ar-u-nu-latn' : ctx.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
  }
  return formatDate(ctx.locale, iso);
}
