import type { FieldError } from '../../platform/errors.ts';
import type { Translate } from '../../platform/i18n/index.ts';
import type { DomainSetting, PyramidOffer } from '../../features/plans/config.ts';
import type { DomainRow, OfferRow, PlanSettingsView } from '../../features/plans/settings.ts';
import { PYRAMID_LAYERS } from '../../features/households/schema.ts';
import { OFFER_KINDS, SCORE_MAX } from '../../features/plans/schema.ts';
import { alert, checkbox, csrfField, field, html, select, type Html } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';
import { summary } from './trajectories.ts';

// The plan settings per municipality: life domains, score labels, the pyramid's offers, and the approval switch
// (organisation-wide, a small form of its own). For coordinators and administrators (programme.configure). The
// municipality's settings are one form with one version (REL-LOCK), cut into sections that each end in a save
// button: every button saves the whole form.

/** A domain's label: the organisation's own name for it, or the translation of a built-in key. */
export function domainLabel(t: Translate, domains: readonly Pick<DomainSetting, 'key' | 'label'>[], key: string): string {
  const own = domains.find((d) => d.key === key)?.label;
  if (own) return own;
  const translated = t(`plan.domain.${key}`);
  return translated === `plan.domain.${key}` ? key : translated;
}

/** An offer's label: its own, or the translation of a built-in key. */
export function offerLabel(t: Translate, offer: Pick<PyramidOffer, 'key' | 'label'>): string {
  if (offer.label) return offer.label;
  return offer.key ? t(`pyramid.offer.${offer.key}`) : '';
}

/** The translated name of a domain, ignoring the organisation's own label (what an empty label falls back to). */
function builtInName(t: Translate, key: string): string {
  const translated = t(`plan.domain.${key}`);
  return translated === `plan.domain.${key}` ? key : translated;
}

const last = (form: Record<string, string[]>, key: string): string | undefined => form[key]?.at(-1);

export interface ParsedPlanSettings {
  data: Record<string, unknown>;
  /** The form row of each listed domain and offer (empty "new" rows are left out), to put errors back. */
  domainRows: number[];
  offerRows: number[];
  values: Record<string, string>;
}

/** The flat form as PlanSettingsInput parses it; empty "new" rows are left out. */
export function planSettingsFromForm(form: Record<string, string[]>): ParsedPlanSettings {
  const values: Record<string, string> = {};
  for (const key of Object.keys(form)) values[key] = last(form, key) ?? '';
  const domains: Record<string, unknown>[] = [];
  const domainRows: number[] = [];
  for (let n = 0; values[`domains.${n}.position`] !== undefined; n++) {
    const isNew = values[`domains.${n}.new`] === '1';
    if (isNew && !(values[`domains.${n}.label`] ?? '').trim()) continue;
    domains.push({
      ...(isNew ? {} : { key: values[`domains.${n}.key`] }),
      label: values[`domains.${n}.label`],
      sensitiveByDefault: values[`domains.${n}.sensitiveByDefault`] === '1',
      active: values[`domains.${n}.active`] === '1',
      position: values[`domains.${n}.position`],
    });
    domainRows.push(n);
  }
  const offers: Record<string, unknown>[] = [];
  const offerRows: number[] = [];
  for (let n = 0; values[`offers.${n}.layer`] !== undefined; n++) {
    const isNew = values[`offers.${n}.new`] === '1';
    if (isNew && !(values[`offers.${n}.label`] ?? '').trim()) continue;
    offers.push({
      id: values[`offers.${n}.id`],
      key: values[`offers.${n}.key`],
      layer: values[`offers.${n}.layer`],
      kind: values[`offers.${n}.kind`],
      label: values[`offers.${n}.label`],
      domainKey: values[`offers.${n}.domainKey`],
      active: values[`offers.${n}.active`] === '1',
    });
    offerRows.push(n);
  }
  return {
    data: {
      version: values.version,
      // The page has a form of its own for the organisation-wide switch; only a form that showed it may set it.
      ...(values.approvalRequiredWas !== undefined ? { approvalRequired: values.approvalRequired === '1', approvalRequiredWas: values.approvalRequiredWas === '1' } : {}),
      scoreLabels: Array.from({ length: SCORE_MAX }, (_, n) => values[`scoreLabels.${n}`] ?? ''),
      domains,
      offers,
    },
    domainRows,
    offerRows,
    values,
  };
}

/** Errors name a row by its place in the submitted lists; the form has empty rows in between. */
export function errorsToForm(errors: FieldError[], parsed: Pick<ParsedPlanSettings, 'domainRows' | 'offerRows'>): FieldError[] {
  return errors.map((e) => {
    const m = /^(domains|offers)\.(\d+)(\..*)?$/.exec(e.field);
    if (!m) return e;
    const rows = m[1] === 'domains' ? parsed.domainRows : parsed.offerRows;
    return { ...e, field: `${m[1]}.${rows[Number(m[2])] ?? 0}${m[3] ?? '.label'}` };
  });
}

export interface PlanSettingsFormState {
  values?: Record<string, string>;
  errors?: FieldError[];
  /** REL-LOCK: someone else saved meanwhile; the form shows the settings as they are now. */
  conflict?: boolean;
  /** REL-LOCK on the approval switch: someone else switched it meanwhile; the form shows it as it is now. */
  approvalConflict?: boolean;
  /** Which form was saved: the municipality's settings or the organisation-wide approval switch. */
  saved?: 'settings' | 'approval';
}

interface FormRowDomain extends DomainRow {
  isNew: boolean;
}

export function planSettingsPage(ctx: PageContext, view: PlanSettingsView, state: PlanSettingsFormState = {}): Html {
  const { t } = ctx;
  const v = state.values;
  const errors = state.errors;
  const value = (key: string, fallback: string | number | null) => (v ? (v[key] ?? '') : fallback === null ? '' : String(fallback));
  const checked = (key: string, fallback: boolean) => (v ? v[key] === '1' : fallback);
  const title = t('plan_settings.title', { name: view.name });
  const domainRows: FormRowDomain[] = [
    ...[...view.domains].sort((a, b) => a.position - b.position).map((d) => ({ ...d, isNew: false })),
    { key: '', label: null, builtIn: false, sensitiveByDefault: false, active: true, position: (Math.max(0, ...view.domains.map((d) => d.position)) + 10), isNew: true },
  ];
  const domainName = (d: Pick<DomainRow, 'key' | 'label' | 'builtIn'>) => (d.builtIn ? builtInName(t, d.key) : d.label ?? t('plan_settings.new_domain'));
  const domainOptions = [{ value: '', label: t('plan_settings.no_domain') }, ...view.domains.map((d) => ({ value: d.key, label: domainLabel(t, view.domains, d.key) }))];
  // Offers: per layer the saved ones, then one empty row for an own offer.
  const offerRows: (OfferRow & { isNew: boolean; n: number })[] = [];
  for (const layer of PYRAMID_LAYERS) {
    for (const o of view.offers.filter((x) => x.layer === layer)) offerRows.push({ ...o, isNew: false, n: offerRows.length });
    offerRows.push({ id: null, key: null, label: null, layer, kind: 'individual', domainKey: null, active: true, position: 0, isNew: true, n: offerRows.length });
  }
  const labelOf = (f: string): string => {
    const d = /^domains\.(\d+)\.(\w+)$/.exec(f);
    if (d) {
      const row = domainRows[Number(d[1])];
      return `${row ? domainName(row) : ''} – ${t(`plan_settings.domain_${d[2]}`)}`;
    }
    const o = /^offers\.(\d+)\.(\w+)$/.exec(f);
    if (o) {
      const row = offerRows[Number(o[1])];
      const name = row && !row.isNew ? offerLabel(t, row) : t('plan_settings.new_offer');
      return `${row ? t(`pyramid.layer.${row.layer}`) : ''}: ${name} – ${t(`plan_settings.offer_${o[2]}`)}`;
    }
    const s = /^scoreLabels\.(\d+)$/.exec(f);
    if (s) return t('plan_settings.score_n', { count: Number(s[1]) + 1 });
    return t(`plan_settings.field.${f}`);
  };
  const saveButton = (section: string) => html`<p class="thuis-plan-settings__save">
    <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('plan_settings.save')}<span class="thuis-visually-hidden">: ${section}</span></button>
  </p>`;
  const sections = [
    ['domains-heading', t('plan_settings.domains_heading')],
    ['scores-heading', t('plan_settings.scores_heading')],
    ['offers-heading', t('plan_settings.offers_heading')],
    ['approval-heading', t('plan_settings.approval_heading')],
  ] as const;
  return layout(ctx, title, html`
    <p class="utrecht-paragraph thuis-back-links">
      <a class="utrecht-link thuis-link-target" href="/instellingen">${t('plan_settings.back')}</a>
      · <a class="utrecht-link thuis-link-target" href="/instellingen/gemeenten/${view.code}">${t('plan_settings.to_programme', { name: view.name })}</a>
    </p>
    <h1 class="utrecht-heading-1">${title}</h1>
    ${state.saved ? alert('ok', 'status', html`<p class="utrecht-paragraph">${t(state.saved === 'approval' ? 'plan_settings.approval_saved' : 'plan_settings.saved')}</p>`) : ''}
    ${state.conflict ? alert('warning', 'alert', html`<p class="utrecht-paragraph"><strong>${t('plan_settings.conflict')}</strong></p>
      <p class="utrecht-paragraph">${t('plan_settings.conflict_help')}</p>`, { focus: true }) : ''}
    ${state.approvalConflict ? alert('warning', 'alert', html`<p class="utrecht-paragraph"><strong>${t('plan_settings.approval_conflict')}</strong></p>
      <p class="utrecht-paragraph">${t(view.approvalRequired ? 'plan_settings.approval_now_on' : 'plan_settings.approval_now_off')}</p>`, { focus: true }) : ''}
    ${summary(t, errors, labelOf)}
    <p class="utrecht-paragraph">${view.customised ? t('plan_settings.customised') : t('plan_settings.defaults')}</p>
    <nav class="thuis-plan-settings__toc" aria-labelledby="toc-heading">
      <h2 class="utrecht-heading-3" id="toc-heading">${t('plan_settings.toc')}</h2>
      <ul class="utrecht-unordered-list">${sections.map(([id, label]) => html`<li><a class="utrecht-link thuis-link-target" href="#${id}">${label}</a></li>`)}</ul>
    </nav>
    <form method="post" action="/instellingen/gemeenten/${view.code}/plannen" class="thuis-form thuis-plan-settings" novalidate>
      ${csrfField(ctx.csrfToken)}
      <input type="hidden" name="version" value="${view.version}">

      <section class="thuis-plan-settings__section" aria-labelledby="domains-heading">
      <h2 class="utrecht-heading-2" id="domains-heading">${t('plan_settings.domains_heading')}</h2>
      <p class="utrecht-paragraph">${t('plan_settings.domains_help')}</p>
      ${domainRows.map((d, n) => {
        const k = (name: string) => `domains.${n}.${name}`;
        return html`<fieldset class="utrecht-form-fieldset thuis-fieldset thuis-settings-domain${d.isNew ? ' thuis-settings-domain--new' : ''}">
          <legend class="utrecht-form-fieldset__legend" dir="auto">${d.isNew ? t('plan_settings.new_domain') : domainName(d)}</legend>
          ${d.isNew ? html`<input type="hidden" name="${k('new')}" value="1">` : html`<input type="hidden" name="${k('key')}" value="${d.key}">`}
          ${field({
            t, name: k('label'), errors,
            label: d.builtIn ? t('plan_settings.domain_label_builtin') : t('plan_settings.domain_label'),
            description: d.builtIn ? t('plan_settings.domain_label_help', { name: builtInName(t, d.key) }) : undefined,
            value: value(k('label'), d.label),
          })}
          ${checkbox({ name: k('sensitiveByDefault'), label: t('plan_settings.domain_sensitiveByDefault'), checked: checked(k('sensitiveByDefault'), d.sensitiveByDefault) })}
          ${checkbox({ name: k('active'), label: t('plan_settings.domain_active'), checked: checked(k('active'), d.active) })}
          ${field({ t, name: k('position'), label: t('plan_settings.domain_position'), type: 'number', inputmode: 'numeric', min: 0, max: 999, value: value(k('position'), d.position), errors })}
        </fieldset>`;
      })}
      ${saveButton(t('plan_settings.domains_heading'))}
      </section>

      <section class="thuis-plan-settings__section" aria-labelledby="scores-heading">
      <h2 class="utrecht-heading-2" id="scores-heading">${t('plan_settings.scores_heading')}</h2>
      <p class="utrecht-paragraph">${t('plan_settings.scores_help')}</p>
      <fieldset class="utrecht-form-fieldset thuis-fieldset">
        <legend class="utrecht-form-fieldset__legend">${t('plan_settings.scores_legend')}</legend>
        ${Array.from({ length: SCORE_MAX }, (_, n) => field({
          t, name: `scoreLabels.${n}`, errors, label: t('plan_settings.score_n', { count: n + 1 }),
          description: t('plan_settings.score_default', { name: t(`plan.score.${n + 1}`) }),
          value: value(`scoreLabels.${n}`, view.scoreLabels[n] ?? null),
        }))}
      </fieldset>
      ${saveButton(t('plan_settings.scores_heading'))}
      </section>

      <section class="thuis-plan-settings__section" aria-labelledby="offers-heading">
      <h2 class="utrecht-heading-2" id="offers-heading">${t('plan_settings.offers_heading')}</h2>
      <p class="utrecht-paragraph">${t('plan_settings.offers_help')}</p>
      ${PYRAMID_LAYERS.map((layer) => html`<fieldset class="utrecht-form-fieldset thuis-fieldset thuis-settings-layer">
        <legend class="utrecht-form-fieldset__legend">${t(`pyramid.layer.${layer}`)}</legend>
        <p class="utrecht-paragraph thuis-settings-layer__meaning">${t(`inburgering.pyramid.meaning.${layer}`)}</p>
        ${offerRows.filter((o) => o.layer === layer).map((o) => {
          const k = (name: string) => `offers.${o.n}.${name}`;
          const ids = html`${o.id ? html`<input type="hidden" name="${k('id')}" value="${o.id}">` : ''}<input type="hidden" name="${k('layer')}" value="${o.layer}">`;
          if (o.key) {
            return html`<div class="thuis-settings-offer">
              ${ids}<input type="hidden" name="${k('key')}" value="${o.key}"><input type="hidden" name="${k('kind')}" value="${o.kind}">
              ${checkbox({ name: k('active'), label: `${offerLabel(t, o)} (${t(`pyramid.kind.${o.kind}`)})`, checked: checked(k('active'), o.active) })}
            </div>`;
          }
          return html`<div class="thuis-settings-offer thuis-settings-offer--own${o.isNew ? ' thuis-settings-offer--new' : ''}" role="group" aria-labelledby="offer-${o.n}-title">
            <p class="utrecht-paragraph thuis-settings-offer__title" id="offer-${o.n}-title" dir="auto"><strong>${o.isNew ? t('plan_settings.new_offer') : offerLabel(t, o)}</strong></p>
            ${ids}${o.isNew ? html`<input type="hidden" name="${k('new')}" value="1">` : ''}
            ${field({ t, name: k('label'), errors, label: t('plan_settings.offer_label'), description: o.isNew ? undefined : t('plan_settings.offer_label_remove'), value: value(k('label'), o.label) })}
            ${select({ t, name: k('kind'), errors, label: t('plan_settings.offer_kind'), value: value(k('kind'), o.kind), options: OFFER_KINDS.map((kind) => ({ value: kind, label: t(`pyramid.kind.${kind}`) })) })}
            ${select({ t, name: k('domainKey'), errors, label: t('plan_settings.offer_domainKey'), value: value(k('domainKey'), o.domainKey), options: domainOptions })}
            ${checkbox({ name: k('active'), label: t('plan_settings.offer_active'), checked: checked(k('active'), o.active) })}
          </div>`;
        })}
      </fieldset>`)}
      ${saveButton(t('plan_settings.offers_heading'))}
      </section>
    </form>

    <section class="thuis-plan-settings__section thuis-card thuis-settings-approval" aria-labelledby="approval-heading" id="goedkeuring">
      <h2 class="utrecht-heading-2" id="approval-heading">${t('plan_settings.approval_heading')}</h2>
      <p class="utrecht-paragraph">${t('plan_settings.approval_help')}</p>
      <form method="post" action="/instellingen/plannen/goedkeuring" class="thuis-form thuis-settings-approval__form" novalidate>
        ${csrfField(ctx.csrfToken)}
        <input type="hidden" name="gemeente" value="${view.code}">
        <input type="hidden" name="approvalRequiredWas" value="${view.approvalRequired ? '1' : '0'}">
        ${checkbox({ name: 'approvalRequired', label: t('plan_settings.field.approvalRequired'), checked: view.approvalRequired })}
        <p class="thuis-plan-settings__save">
          <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('plan_settings.approval_save')}</button>
        </p>
      </form>
    </section>`);
}
