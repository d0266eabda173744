import type { FieldError } from '../../platform/errors.ts';
import type { Translate } from '../../platform/i18n/index.ts';
import type { MunicipalitySummary, ProgrammeView } from '../../features/trajectories/index.ts';
import { MAX_PHASES, TRAJECTORY_MONTHS } from '../../features/trajectories/index.ts';
import { CHECKLIST_APPLIES_TO, CHECKLIST_OWNERS, CHECKLIST_SCOPES } from '../../features/trajectories/schema.ts';
import { defaultEvaluationWeeks } from '../../features/plans/config.ts';
import { alert, checkbox, csrfField, field, html, select, type Html } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';
import { itemLabel, phaseLabel, summary } from './trajectories.ts';

// The programme per municipality (maatwerk per gemeente): duration, phases, local targets and the
// "basis op orde" template, and per phase how often an evaluation talk is due (issue 4). The plan settings
// (domains, scores, pyramid) have a page of their own, linked from here. For coordinators and administrators.

export function settingsPage(ctx: PageContext, municipalities: MunicipalitySummary[], savedCode?: string): Html {
  const { t } = ctx;
  const saved = savedCode ? municipalities.find((m) => m.code === savedCode) : undefined;
  return layout(ctx, t('settings.title'), html`
    <h1 class="utrecht-heading-1">${t('settings.title')}</h1>
    ${saved ? alert('ok', 'status', html`<p class="utrecht-paragraph">${t('settings.saved', { name: saved.name })}</p>`) : ''}
    <h2 class="utrecht-heading-2">${t('settings.programmes_heading')}</h2>
    <p class="utrecht-paragraph">${t('settings.programmes_help')}</p>
    ${municipalities.length === 0 ? html`<p class="utrecht-paragraph">${t('settings.no_municipalities')}</p>` : html`
    <ul class="thuis-cards">
      ${municipalities.map((m) => html`<li class="thuis-card">
        <h3 class="utrecht-heading-3 thuis-card__title"><a class="utrecht-link" href="/instellingen/gemeenten/${m.code}">${m.name}</a></h3>
        <dl class="thuis-facts">
          <div><dt>${t('settings.duration')}</dt><dd>${t('trajectory.months', { count: m.trajectoryMonths })}</dd></div>
          <div><dt>${t('settings.phases')}</dt><dd>${m.customPhases ? t('settings.phases_own') : t('settings.phases_default')}</dd></div>
          <div><dt>${t('settings.keys_within_weeks')}</dt><dd>${t('settings.weeks', { count: m.keysWithinWeeks })}</dd></div>
          <div><dt>${t('settings.pop_within_weeks')}</dt><dd>${t('settings.weeks', { count: m.popWithinWeeks })}</dd></div>
          <div><dt>${t('settings.checklist_items')}</dt><dd>${m.activeItems}</dd></div>
        </dl>
        <p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/instellingen/gemeenten/${m.code}/plannen">${t('plan_settings.link')}</a></p>
      </li>`)}
    </ul>`}`);
}

export interface ProgrammeFormState {
  values?: Record<string, string>;
  errors?: FieldError[];
  /** REL-LOCK: the settings as someone else saved them meanwhile. */
  conflict?: ProgrammeView;
}

const last = (form: Record<string, string[]>, key: string): string | undefined => form[key]?.at(-1);

/**
 * The flat form as the input ProgrammeInput parses: empty phase rows are left out (phaseRows maps a listed
 * phase back to its row), an empty "new item" row too. `values` is the form as typed, for showing it again.
 */
export function programmeFromForm(form: Record<string, string[]>): { data: Record<string, unknown>; phaseRows: number[]; values: Record<string, string> } {
  const values: Record<string, string> = {};
  for (const key of Object.keys(form)) values[key] = last(form, key) ?? '';
  const phases: Record<string, string>[] = [];
  const phaseRows: number[] = [];
  for (let r = 0; r < MAX_PHASES; r++) {
    const row = {
      key: values[`phases.${r}.key`] ?? '', untilMonth: values[`phases.${r}.untilMonth`] ?? '', contactEveryDays: values[`phases.${r}.contactEveryDays`] ?? '',
      evaluationEveryWeeks: values[`phases.${r}.evaluationEveryWeeks`] ?? '',
    };
    if (!row.key.trim() && !row.untilMonth.trim() && !row.contactEveryDays.trim() && !row.evaluationEveryWeeks.trim()) continue;
    phases.push(row);
    phaseRows.push(r);
  }
  const items: Record<string, unknown>[] = [];
  for (let n = 0; values[`items.${n}.dueDays`] !== undefined; n++) {
    const isNew = values[`items.${n}.new`] === '1';
    if (isNew && !(values[`items.${n}.label`] ?? '').trim()) continue;
    items.push({
      ...(isNew ? {} : { id: values[`items.${n}.id`] }),
      label: values[`items.${n}.label`],
      dueDays: values[`items.${n}.dueDays`],
      owner: values[`items.${n}.owner`],
      scope: values[`items.${n}.scope`],
      appliesTo: values[`items.${n}.appliesTo`],
      active: values[`items.${n}.active`] === '1',
    });
  }
  return {
    data: { version: values.version, trajectoryMonths: values.trajectoryMonths, keysWithinWeeks: values.keysWithinWeeks, popWithinWeeks: values.popWithinWeeks, phases, items },
    phaseRows,
    values,
  };
}

function cellInput(t: Translate, o: { name: string; label: string; value: string; type?: 'text' | 'number'; errors?: FieldError[]; min?: number; max?: number }): Html {
  const id = `f-${o.name}`;
  const error = o.errors?.find((e) => e.field === o.name);
  return html`<label class="thuis-visually-hidden" for="${id}">${o.label}</label>
    <input class="utrecht-textbox utrecht-textbox--html-input${error ? ' utrecht-textbox--invalid' : ''}" id="${id}" name="${o.name}" type="${o.type ?? 'text'}"
      value="${o.value}" ${o.type === 'number' ? html`inputmode="numeric" min="${o.min ?? 1}" max="${o.max ?? 365}"` : ''}
      ${error ? html`aria-invalid="true" aria-describedby="${id}-err"` : ''}>
    ${error ? html`<div class="utrecht-form-field-error-message" id="${id}-err">${t(error.message)}</div>` : ''}`;
}

export function programmeForm(ctx: PageContext, programme: ProgrammeView, state: ProgrammeFormState): Html {
  const { t } = ctx;
  const v = state.values;
  const value = (key: string, fallback: string | number) => (v ? (v[key] ?? '') : String(fallback));
  const months = value('trajectoryMonths', programme.trajectoryMonths);
  const errors = state.errors;
  const itemName = (n: number) => {
    const item = programme.items[n];
    return item ? itemLabel(t, item) : t('settings.new_item');
  };
  const labelOf = (f: string): string => {
    const phase = /^phases\.(\d+)\.(\w+)$/.exec(f);
    if (phase) return `${t('settings.phase_row', { count: Number(phase[1]) + 1 })} – ${t(`settings.phase_${phase[2]}`)}`;
    const item = /^items\.(\d+)\.(\w+)$/.exec(f);
    if (item) return `${itemName(Number(item[1]))} – ${t(`settings.item_${item[2]}`)}`;
    return t(`settings.field.${f}`);
  };
  const theirs = state.conflict;
  const rows = [...programme.items.map((item, n) => ({ n, item })), { n: programme.items.length, item: null }];
  return layout(ctx, t('settings.programme_title', { name: programme.name }), html`
    <p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/instellingen">${t('settings.back')}</a></p>
    <h1 class="utrecht-heading-1">${t('settings.programme_title', { name: programme.name })}</h1>
    <p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/instellingen/gemeenten/${programme.code}/plannen">${t('plan_settings.link')}</a></p>
    ${theirs ? alert('warning', 'alert', html`
      <p class="utrecht-paragraph"><strong>${t('settings.conflict')}</strong></p>
      <dl class="thuis-facts">
        <div><dt>${t('settings.duration')}</dt><dd>${t('trajectory.months', { count: theirs.trajectoryMonths })}</dd></div>
        <div><dt>${t('settings.phases')}</dt><dd>${theirs.phases.map((p) => `${phaseLabel(t, p.key)} (${p.untilMonth}, ${p.contactEveryDays})`).join(' · ')}</dd></div>
        <div><dt>${t('settings.keys_within_weeks')}</dt><dd>${t('settings.weeks', { count: theirs.keysWithinWeeks })}</dd></div>
        <div><dt>${t('settings.pop_within_weeks')}</dt><dd>${t('settings.weeks', { count: theirs.popWithinWeeks })}</dd></div>
      </dl>
      <p class="utrecht-paragraph">${t('settings.conflict_help')}</p>`, { focus: true }) : ''}
    ${summary(t, errors, labelOf)}
    <form method="post" action="/instellingen/gemeenten/${programme.code}" class="thuis-form thuis-settings" novalidate>
      ${csrfField(ctx.csrfToken)}
      <input type="hidden" name="version" value="${theirs?.version ?? programme.version}">
      <fieldset class="utrecht-form-fieldset thuis-fieldset">
        <legend class="utrecht-form-fieldset__legend">${t('settings.duration')}</legend>
        ${TRAJECTORY_MONTHS.map((m) => html`<div class="utrecht-form-field utrecht-form-field--radio thuis-radio">
          <input class="utrecht-radio-button utrecht-radio-button--html-input" type="radio" id="f-trajectoryMonths-${m}" name="trajectoryMonths" value="${m}" ${months === String(m) ? 'checked' : ''}>
          <label class="utrecht-form-label utrecht-form-label--radio" for="f-trajectoryMonths-${m}">${t('trajectory.months', { count: m })}</label>
        </div>`)}
      </fieldset>
      <fieldset class="utrecht-form-fieldset thuis-fieldset">
        <legend class="utrecht-form-fieldset__legend">${t('settings.phases')}</legend>
        <p class="utrecht-paragraph">${t('settings.phases_help')}</p>
        <p class="utrecht-paragraph">${t('settings.evaluation_every_weeks_help', { count: defaultEvaluationWeeks(0), pages: defaultEvaluationWeeks(1) })}</p>
        <div class="thuis-table-wrap">
          <table class="utrecht-table thuis-phases">
            <thead class="utrecht-table__header"><tr class="utrecht-table__row">
              <th scope="col" class="utrecht-table__header-cell">${t('settings.phase_key')}</th>
              <th scope="col" class="utrecht-table__header-cell">${t('settings.phase_untilMonth')}</th>
              <th scope="col" class="utrecht-table__header-cell">${t('settings.phase_contactEveryDays')}</th>
              <th scope="col" class="utrecht-table__header-cell">${t('settings.phase_evaluationEveryWeeks')}</th>
            </tr></thead>
            <tbody class="utrecht-table__body">
              ${Array.from({ length: MAX_PHASES }, (_, r) => {
                const p = programme.phases[r];
                const row = t('settings.phase_row', { count: r + 1 });
                return html`<tr class="utrecht-table__row">
                  <td class="utrecht-table__cell">${cellInput(t, { name: `phases.${r}.key`, label: `${row}: ${t('settings.phase_key')}`, value: value(`phases.${r}.key`, p?.key ?? ''), errors })}</td>
                  <td class="utrecht-table__cell">${cellInput(t, { name: `phases.${r}.untilMonth`, label: `${row}: ${t('settings.phase_untilMonth')}`, value: value(`phases.${r}.untilMonth`, p?.untilMonth ?? ''), type: 'number', max: 18, errors })}</td>
                  <td class="utrecht-table__cell">${cellInput(t, { name: `phases.${r}.contactEveryDays`, label: `${row}: ${t('settings.phase_contactEveryDays')}`, value: value(`phases.${r}.contactEveryDays`, p?.contactEveryDays ?? ''), type: 'number', errors })}</td>
                  <td class="utrecht-table__cell">${cellInput(t, { name: `phases.${r}.evaluationEveryWeeks`, label: `${row}: ${t('settings.phase_evaluationEveryWeeks')}`, value: value(`phases.${r}.evaluationEveryWeeks`, p?.evaluationEveryWeeks ?? ''), type: 'number', max: 52, errors })}</td>
                </tr>`;
              })}
            </tbody>
          </table>
        </div>
      </fieldset>
      <fieldset class="utrecht-form-fieldset thuis-fieldset">
        <legend class="utrecht-form-fieldset__legend">${t('settings.targets')}</legend>
        ${field({ t, name: 'keysWithinWeeks', label: t('settings.field.keysWithinWeeks'), type: 'number', inputmode: 'numeric', min: 1, max: 104, value: value('keysWithinWeeks', programme.keysWithinWeeks), errors })}
        ${field({ t, name: 'popWithinWeeks', label: t('settings.field.popWithinWeeks'), type: 'number', inputmode: 'numeric', min: 1, max: 52, value: value('popWithinWeeks', programme.popWithinWeeks), errors })}
      </fieldset>
      <h2 class="utrecht-heading-2">${t('settings.checklist_heading')}</h2>
      <p class="utrecht-paragraph">${t('settings.checklist_help')}</p>
      ${rows.map(({ n, item }) => {
        const k = (name: string) => `items.${n}.${name}`;
        const val = (name: string, fallback: string | number | boolean) => (v ? (v[k(name)] ?? '') : String(fallback));
        const custom = !item || !item.itemKey;
        return html`<fieldset class="utrecht-form-fieldset thuis-fieldset thuis-template-item${item ? '' : ' thuis-template-item--new'}">
          <legend class="utrecht-form-fieldset__legend">${item ? itemLabel(t, item) : t('settings.new_item')}</legend>
          ${item ? html`<input type="hidden" name="${k('id')}" value="${item.id}">` : html`<input type="hidden" name="${k('new')}" value="1">`}
          ${custom ? field({ t, name: k('label'), label: t('settings.item_label'), value: val('label', item?.label ?? ''), errors }) : ''}
          ${field({ t, name: k('dueDays'), label: t('settings.item_dueDays'), type: 'number', inputmode: 'numeric', min: 0, max: 730, value: val('dueDays', item?.dueDays ?? 14), errors })}
          ${select({ t, name: k('owner'), label: t('settings.item_owner'), value: val('owner', item?.owner ?? 'coach'), errors, options: CHECKLIST_OWNERS.map((o) => ({ value: o, label: t(`checklist.owner.${o}`) })) })}
          ${select({ t, name: k('scope'), label: t('settings.item_scope'), value: val('scope', item?.scope ?? 'household'), errors, options: CHECKLIST_SCOPES.map((o) => ({ value: o, label: t(`settings.scope.${o}`) })) })}
          ${select({ t, name: k('appliesTo'), label: t('settings.item_appliesTo'), value: val('appliesTo', item?.appliesTo ?? 'all'), errors, options: CHECKLIST_APPLIES_TO.map((o) => ({ value: o, label: t(`settings.applies.${o}`) })) })}
          ${checkbox({ name: k('active'), label: t('settings.item_active'), checked: v ? v[k('active')] === '1' : (item?.active ?? true) })}
        </fieldset>`;
      })}
      <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('settings.save')}</button>
    </form>`);
}
