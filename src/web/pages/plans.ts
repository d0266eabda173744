import type { FieldError } from '../../platform/errors.ts';
import { formatDate, type Translate } from '../../platform/i18n/index.ts';
import type {
  AwaitingPlan, Fields, FieldValue, LayerSuggestions, MergeConflict, PlanAction, PlanConfig, PlanDomain, PlanGoal, PlanOverview, PlanState, PlanSummary, PlanView, ScorePoint,
} from '../../features/plans/index.ts';
import { trendOf, VNG_AANDACHTSPUNTEN, VNG_HOOFDDOELEN } from '../../features/plans/index.ts';
import { ACTION_OWNERS, GOAL_STATUSES, SCORE_MAX, SCORE_MIN } from '../../features/plans/schema.ts';
import { maxSensitivity } from '../../platform/policy.ts';
import { addDays } from '../../features/households/index.ts';
import { alert, csrfField, html, type Html } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';
import { domainLabel, offerLabel } from './plan-settings.ts';
import { summary } from './trajectories.ts';
import { proposalItem } from './group-enrolments.ts';
import { todayIso } from '../../platform/dates.ts';

// The plan pages, phone first: a coach writes a POP with a newcomer during a home visit. No script: every change
// is a small form (POST, then 303 back to the plan at the part that changed). Free text gets dir="auto".

// --- Labels shared with other plan pages ----------------------------------------------------------------------

/** A self-reliance score's label: the organisation's own five, or the translated defaults. */
export function scoreLabel(t: Translate, config: Pick<PlanConfig, 'scoreLabels'>, score: number): string {
  return config.scoreLabels?.[score - 1] ?? t(`plan.score.${score}`);
}

/**
 * Who does an action: the member's first name, the partner's name, or the kind of owner. On a POP the newcomer is
 * its person (`person`, a first name): the coach reads "Amina", not "Ikzelf".
 */
export function actionWho(t: Translate, a: Pick<PlanAction, 'owner' | 'ownerMemberName' | 'ownerPartner'>, person?: string | null): string {
  if (a.owner === 'newcomer' && person) return person;
  if (a.owner === 'member' && a.ownerMemberName) return a.ownerMemberName;
  if (a.owner === 'partner' && a.ownerPartner) return a.ownerPartner;
  return t(`plan.action_owner.${a.owner}`);
}

/** "Hoofddoel: Betaald werken" (an ontwikkelwens is the newcomer's own words). */
export function vngLabel(t: Translate, g: Pick<PlanGoal, 'vngKind' | 'vngValue'>): string | null {
  if (!g.vngKind || !g.vngValue) return null;
  const value = g.vngKind === 'ontwikkelwens' ? g.vngValue : t(`plan.vng.${g.vngKind}.${g.vngValue}`);
  return `${t(`plan.vng_kind.${g.vngKind}`)}: ${value}`;
}

export function trendText(t: Translate, scores: readonly ScorePoint[]): string | null {
  const trend = trendOf(scores);
  return trend ? t(`plans.trend.${trend}`) : null;
}

/** "Persoonlijk plan van Amina Haddad"; the household plan with the head's family name when it is known. */
export function planTitle(t: Translate, p: { kind: string; memberName: string | null }, familyName?: string | null): string {
  if (p.kind === 'household') return familyName ? t('plans.title_household', { name: familyName }) : t('plan.kind.household');
  return t('plans.title_personal', { name: p.memberName ?? '' });
}

const TREND_ARROW = { up: '↑', down: '↓', same: '→' } as const;

// --- Small form parts with ids of their own (several forms on one page carry the same field names) -------------

export interface PlanPageState {
  /** Which form the values and errors belong to: new-goal, goal-<id>, domain-<key>, action-<goalId>, reject. */
  form?: string;
  values?: Record<string, string>;
  errors?: FieldError[];
  /** A key of plans.saved.* after a 303. */
  saved?: string;
  mergedWith?: string | null;
  /** REL-LOCK on the plan: someone changed it before the status change (409). */
  conflict?: PlanState;
  /** Prefill the new goal: from a pyramid offer, or a domain. */
  prefill?: { text?: string; domainKey?: string; offerKey?: string };
}

interface Ctl {
  t: Translate;
  form: string;
  state: PlanPageState;
}

const fid = (form: string, name: string) => `f-${form}-${name}`;

function mine(c: Ctl): { values: Record<string, string>; errors: FieldError[] } {
  return c.state.form === c.form ? { values: c.state.values ?? {}, errors: c.state.errors ?? [] } : { values: {}, errors: [] };
}

function errorOf(c: Ctl, name: string): FieldError | undefined {
  return mine(c).errors.find((e) => e.field === name);
}

function valueOf(c: Ctl, name: string, fallback: string | number | null | undefined): string {
  const v = mine(c).values;
  return c.state.form === c.form && name in v ? v[name]! : fallback === null || fallback === undefined ? '' : String(fallback);
}

function describedBy(...ids: (string | false | undefined)[]): Html {
  const list = ids.filter(Boolean).join(' ');
  return list ? html` aria-describedby="${list}"` : html``;
}

function fieldError(c: Ctl, name: string): Html {
  const e = errorOf(c, name);
  return e ? html`<div class="utrecht-form-field-error-message" id="${fid(c.form, name)}-err">${c.t(e.message)}</div>` : html``;
}

function textInput(c: Ctl, o: { name: string; label: string; value?: string | number | null; type?: 'text' | 'date'; required?: boolean; description?: string; maxlength?: number; min?: string; max?: string; autoDir?: boolean }): Html {
  const id = fid(c.form, o.name);
  const error = errorOf(c, o.name);
  return html`<div class="utrecht-form-field utrecht-form-field--text${error ? ' utrecht-form-field--invalid' : ''}">
    <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${o.label}</label></div>
    ${o.description ? html`<div class="utrecht-form-field-description" id="${id}-desc">${o.description}</div>` : ''}
    ${fieldError(c, o.name)}
    <div class="utrecht-form-field__input">
      <input class="utrecht-textbox utrecht-textbox--html-input${error ? ' utrecht-textbox--invalid' : ''}" id="${id}" name="${o.name}" type="${o.type ?? 'text'}"
        value="${valueOf(c, o.name, o.value)}"${o.required ? html` required` : ''}${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${o.min ? html` min="${o.min}"` : ''}${o.max ? html` max="${o.max}"` : ''}${o.autoDir === false ? '' : html` dir="auto"`}
        ${describedBy(o.description && `${id}-desc`, error && `${id}-err`)}${error ? html` aria-invalid="true"` : ''}>
    </div>
  </div>`;
}

function textArea(c: Ctl, o: { name: string; label: string; value?: string | null; required?: boolean; description?: string; rows?: number; maxlength?: number }): Html {
  const id = fid(c.form, o.name);
  const error = errorOf(c, o.name);
  return html`<div class="utrecht-form-field utrecht-form-field--text${error ? ' utrecht-form-field--invalid' : ''}">
    <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${o.label}</label></div>
    ${o.description ? html`<div class="utrecht-form-field-description" id="${id}-desc">${o.description}</div>` : ''}
    ${fieldError(c, o.name)}
    <div class="utrecht-form-field__input">
      <textarea class="utrecht-textarea utrecht-textarea--html-textarea${error ? ' utrecht-textarea--invalid' : ''}" id="${id}" name="${o.name}" rows="${o.rows ?? 3}" dir="auto"
        ${o.required ? html`required` : ''}${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${describedBy(o.description && `${id}-desc`, error && `${id}-err`)}${error ? html` aria-invalid="true"` : ''}>${valueOf(c, o.name, o.value)}</textarea>
    </div>
  </div>`;
}

interface Option {
  value: string;
  label: string;
}

function selectField(c: Ctl, o: { name: string; label: string; value?: string | null; options: Option[]; groups?: { label: string; options: Option[] }[]; description?: string }): Html {
  const id = fid(c.form, o.name);
  const error = errorOf(c, o.name);
  const current = valueOf(c, o.name, o.value);
  const option = (opt: Option) => html`<option value="${opt.value}"${current === opt.value ? html` selected` : ''}>${opt.label}</option>`;
  return html`<div class="utrecht-form-field${error ? ' utrecht-form-field--invalid' : ''}">
    <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${o.label}</label></div>
    ${o.description ? html`<div class="utrecht-form-field-description" id="${id}-desc">${o.description}</div>` : ''}
    ${fieldError(c, o.name)}
    <div class="utrecht-form-field__input">
      <select class="utrecht-select utrecht-select--html-select${error ? ' utrecht-select--invalid' : ''}" id="${id}" name="${o.name}"
        ${describedBy(o.description && `${id}-desc`, error && `${id}-err`)}${error ? html` aria-invalid="true"` : ''}>
        ${o.options.map(option)}
        ${(o.groups ?? []).map((g) => html`<optgroup label="${g.label}">${g.options.map(option)}</optgroup>`)}
      </select>
    </div>
  </div>`;
}

/** A checkbox with its label beside it and its description under the label, one block (tied by aria-describedby). */
function checkField(c: Ctl, o: { name: string; label: string; checked: boolean; description?: string }): Html {
  const id = fid(c.form, o.name);
  const submitted = c.state.form === c.form && c.state.values;
  const checked = submitted ? c.state.values![o.name] === '1' : o.checked;
  return html`<div class="utrecht-form-field thuis-plan-check">
    <input class="utrecht-checkbox utrecht-checkbox--html-input thuis-checkbox thuis-plan-check__box" type="checkbox" id="${id}" name="${o.name}" value="1"${checked ? html` checked` : ''}${o.description ? html` aria-describedby="${id}-desc"` : ''}>
    <div class="thuis-plan-check__text">
      <label class="utrecht-form-label utrecht-form-label--checkbox thuis-plan-check__label" for="${id}">${o.label}</label>
      ${o.description ? html`<div class="utrecht-form-field-description thuis-plan-check-desc" id="${id}-desc">${o.description}</div>` : ''}
    </div>
  </div>`;
}

function radioGroup(c: Ctl, o: { name: string; legend: string; value: string; options: Option[] }): Html {
  const id = fid(c.form, o.name);
  const error = errorOf(c, o.name);
  const current = valueOf(c, o.name, o.value);
  return html`<fieldset class="utrecht-form-fieldset thuis-fieldset${error ? ' utrecht-form-fieldset--invalid' : ''}" id="${id}"${error ? html` aria-describedby="${id}-err"` : ''}>
    <legend class="utrecht-form-fieldset__legend">${o.legend}</legend>
    ${fieldError(c, o.name)}
    ${o.options.map((opt) => html`<div class="utrecht-form-field utrecht-form-field--radio thuis-radio">
      <input class="utrecht-radio-button utrecht-radio-button--html-input" type="radio" id="${id}-${opt.value || 'none'}" name="${o.name}" value="${opt.value}"${current === opt.value ? html` checked` : ''}>
      <label class="utrecht-form-label utrecht-form-label--radio" for="${id}-${opt.value || 'none'}">${opt.label}</label>
    </div>`)}
  </fieldset>`;
}

/** The values a form showed, sent back so a later change by someone else can be merged (REL-LOCK). */
export function encodeField(v: FieldValue | undefined): string {
  return v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? '1' : '') : String(v);
}

function baseInputs(fields: Fields): Html {
  return html`${Object.entries(fields).map(([k, v]) => html`<input type="hidden" name="base.${k}" value="${encodeField(v)}">`)}`;
}

/** The sensitivity checkboxes, only for who may set them (AUTH-FIELDS); the marker says the form had them. */
function sensitivityFields(c: Ctl, part: { sensitive: boolean; shared: boolean }): Html {
  return html`<fieldset class="utrecht-form-fieldset thuis-fieldset thuis-plan-sensitivity">
    <legend class="utrecht-form-fieldset__legend">${c.t('plans.sensitivity_legend')}</legend>
    <input type="hidden" name="sensitivity" value="1">
    ${checkField(c, { name: 'sensitive', label: c.t('plans.field.sensitive'), checked: part.sensitive, description: c.t('plans.sensitive_help') })}
    ${checkField(c, { name: 'shared', label: c.t('plans.field.shared'), checked: part.shared })}
  </fieldset>`;
}

function submitButton(label: string, hidden?: string, kind: 'primary' | 'secondary' = 'primary'): Html {
  return html`<button class="utrecht-button utrecht-button--${kind}-action" type="submit">${label}${hidden ? html`<span class="thuis-visually-hidden">: ${hidden}</span>` : ''}</button>`;
}

const today = todayIso;

/** Whether to say a part is sensitive and whether it is shared: only to the roles that decide it (AUTH-FIELDS). */
function seesSensitivity(ctx: PageContext): boolean {
  return !!ctx.user && maxSensitivity(ctx.user.role) === 'sensitive';
}

// --- The plan page -----------------------------------------------------------------------------------------------

export interface PlanPageData {
  view: PlanView;
  nextEvaluation: { dueOn: string; overdue: boolean; lastHeldOn: string | null } | null;
  /** The inburgering box beside a POP (features/plans/inburgering.ts, rendered by pages/inburgering.ts). */
  aside: ((ctx: PageContext) => Html) | null;
}

const FIELD_LABEL_KEYS: Record<string, string> = {
  text: 'plans.field.text', domainKey: 'plans.field.domain', vng: 'plans.field.vng', vngWish: 'plans.field.vng_wish', vngKind: 'plans.field.vng',
  vngValue: 'plans.field.vng', status: 'plans.field.status', targetDate: 'plans.field.target_date', situation: 'plans.field.situation',
  score: 'plans.field.score', description: 'plans.field.description', owner: 'plans.field.owner', ownerMemberId: 'plans.field.owner_member',
  ownerPartner: 'plans.field.owner_partner', dueOn: 'plans.field.due_on', reason: 'plans.field.reason', sensitive: 'plans.field.sensitive',
  shared: 'plans.field.shared', offerKey: 'plans.field.offer',
};

export function fieldLabel(t: Translate, field: string): string {
  const key = FIELD_LABEL_KEYS[field];
  return key ? t(key) : field;
}

function scoreOptions(t: Translate, config: PlanConfig): Option[] {
  const out: Option[] = [];
  for (let n = SCORE_MIN; n <= SCORE_MAX; n++) out.push({ value: String(n), label: `${n} – ${scoreLabel(t, config, n)}` });
  return [...out, { value: '', label: t('plans.score_none') }];
}

function vngSelect(c: Ctl, goal: Pick<PlanGoal, 'vngKind' | 'vngValue'> | null): Html {
  const { t } = c;
  const current = goal?.vngKind === 'ontwikkelwens' ? 'ontwikkelwens' : goal?.vngKind ? `${goal.vngKind}:${goal.vngValue ?? ''}` : '';
  return html`${selectField(c, {
    name: 'vng', label: t('plans.field.vng'), value: current, description: t('plans.vng_help'),
    options: [{ value: '', label: t('plans.vng_none') }, { value: 'ontwikkelwens', label: t('plans.vng_wish_option') }],
    groups: [
      { label: t('plan.vng_kind.hoofddoel'), options: VNG_HOOFDDOELEN.map((v) => ({ value: `hoofddoel:${v}`, label: t(`plan.vng.hoofddoel.${v}`) })) },
      { label: t('plan.vng_kind.aandachtspunt'), options: VNG_AANDACHTSPUNTEN.map((v) => ({ value: `aandachtspunt:${v}`, label: t(`plan.vng.aandachtspunt.${v}`) })) },
    ],
  })}
  ${textInput(c, { name: 'vngWish', label: t('plans.field.vng_wish'), description: t('plans.vng_wish_help'), value: goal?.vngKind === 'ontwikkelwens' ? goal.vngValue : '', maxlength: 200 })}`;
}

function goalFields(c: Ctl, view: PlanView, goal: PlanGoal | null): Html {
  const { t } = c;
  const domains = view.plan.domains;
  const prefill = goal ? null : c.state.prefill;
  return html`
    ${textArea(c, { name: 'text', label: t('plans.field.text'), value: goal?.text ?? prefill?.text ?? '', required: true, rows: 2, maxlength: 500, description: t('plans.goal_hint') })}
    ${selectField(c, { name: 'domainKey', label: t('plans.field.domain'), value: goal?.domainKey ?? prefill?.domainKey ?? domains[0]?.key ?? '', options: domains.map((d) => ({ value: d.key, label: domainLabel(t, domains, d.key) })) })}
    ${selectField(c, { name: 'status', label: t('plans.field.status'), value: goal?.status ?? 'open', options: GOAL_STATUSES.map((s) => ({ value: s, label: t(`plan.goal_status.${s}`) })) })}
    ${textInput(c, { name: 'targetDate', label: t('plans.field.target_date'), type: 'date', value: goal?.targetDate ?? '', autoDir: false })}
    ${vngSelect(c, goal)}
    ${view.permissions.canWriteSensitive ? sensitivityFields(c, goal ?? { sensitive: view.config.domains.find((d) => d.key === (prefill?.domainKey ?? ''))?.sensitiveByDefault ?? false, shared: false }) : ''}`;
}

function goalBase(g: PlanGoal): Fields {
  return { domainKey: g.domainKey, text: g.text, vngKind: g.vngKind, vngValue: g.vngValue, status: g.status, targetDate: g.targetDate, sensitive: g.sensitive, shared: g.shared };
}

/** Who "the newcomer" of an action is on the coach's screen: the POP's person by first name, or the family. */
function personOf(t: Translate, view: PlanView): string | null {
  if (!view.plan.memberId) return t('plans.owner_household');
  return view.members.find((m) => m.id === view.plan.memberId)?.firstName ?? null;
}

function actionCard(ctx: PageContext, view: PlanView, a: PlanAction): Html {
  const { t, locale } = ctx;
  const late = a.status === 'open' && a.dueOn !== null && a.dueOn < today();
  const url = `/plannen/${view.plan.id}/acties/${a.id}`;
  const statusForm = (status: 'done' | 'cancelled' | 'open', label: string, kind: 'primary' | 'secondary') => html`<form method="post" action="${url}" class="thuis-plan-inline-form">
      ${csrfField(ctx.csrfToken)}<input type="hidden" name="version" value="${a.version}"><input type="hidden" name="base.status" value="${a.status}">
      <input type="hidden" name="status" value="${status}">
      ${submitButton(label, a.description, kind)}
    </form>`;
  return html`<li class="thuis-plan-action thuis-plan-action--${late ? 'late' : a.status}" id="actie-${a.id}">
    <p class="utrecht-paragraph thuis-plan-action__what" dir="auto">${a.description}</p>
    <dl class="thuis-facts">
      <div><dt>${t('plans.field.owner')}</dt><dd dir="auto">${actionWho(t, a, personOf(ctx.t, view))}</dd></div>
      <div><dt>${t('plans.field.due_on')}</dt><dd>${a.dueOn ? formatDate(locale, a.dueOn) : t('plans.no_date')}${late ? html` <strong class="thuis-plan-late">(${t('plans.late')})</strong>` : ''}</dd></div>
      <div><dt>${t('plans.field.status')}</dt><dd>${t(`plan.action_status.${a.status}`)}${a.status === 'done' && a.doneOn ? ` (${formatDate(locale, a.doneOn)})` : ''}</dd></div>
    </dl>
    ${view.permissions.canWrite ? html`<div class="thuis-plan-buttons">
      ${a.status === 'open'
        ? html`${statusForm('done', t('plans.action_done'), 'primary')}${statusForm('cancelled', t('plans.action_cancel'), 'secondary')}`
        : statusForm('open', t('plans.action_reopen'), 'secondary')}
    </div>` : ''}
  </li>`;
}

function addActionForm(ctx: PageContext, view: PlanView, goal: PlanGoal, state: PlanPageState): Html {
  const { t } = ctx;
  const c: Ctl = { t, form: `action-${goal.id}`, state };
  const open = state.form === c.form;
  const person = personOf(ctx.t, view);
  return html`<details class="thuis-plan-more"${open ? html` open` : ''}>
    <summary>${t('plans.action_add')}<span class="thuis-visually-hidden">: ${goal.text}</span></summary>
    <form method="post" action="/plannen/${view.plan.id}/doelen/${goal.id}/acties" class="thuis-form thuis-plan-form" novalidate>
      ${csrfField(ctx.csrfToken)}
      ${textInput(c, { name: 'description', label: t('plans.field.description'), required: true, maxlength: 300 })}
      ${selectField(c, { name: 'owner', label: t('plans.field.owner'), value: 'newcomer', options: ACTION_OWNERS.map((o) => ({ value: o, label: o === 'newcomer' && person ? person : t(`plan.action_owner.${o}`) })) })}
      ${selectField(c, { name: 'ownerMemberId', label: t('plans.field.owner_member'), value: '', description: t('plans.owner_member_help'),
        options: [{ value: '', label: t('plans.choose') }, ...view.members.map((m) => ({ value: m.id, label: m.firstName }))] })}
      ${textInput(c, { name: 'ownerPartner', label: t('plans.field.owner_partner'), description: t('plans.owner_partner_help'), maxlength: 120 })}
      ${textInput(c, { name: 'dueOn', label: t('plans.field.due_on'), type: 'date', autoDir: false })}
      ${submitButton(t('plans.action_add_submit'))}
    </form>
  </details>`;
}

function editGoalForm(ctx: PageContext, view: PlanView, goal: PlanGoal, state: PlanPageState): Html {
  const { t } = ctx;
  const c: Ctl = { t, form: `goal-${goal.id}`, state };
  return html`<details class="thuis-plan-more"${state.form === c.form ? html` open` : ''}>
    <summary>${t('plans.goal_edit')}<span class="thuis-visually-hidden">: ${goal.text}</span></summary>
    <form method="post" action="/plannen/${view.plan.id}/doelen/${goal.id}" class="thuis-form thuis-plan-form" novalidate>
      ${csrfField(ctx.csrfToken)}
      <input type="hidden" name="version" value="${goal.version}">
      ${baseInputs(goalBase(goal))}
      ${goalFields(c, view, goal)}
      ${submitButton(t('plans.save'))}
    </form>
  </details>`;
}

function goalCard(ctx: PageContext, view: PlanView, goal: PlanGoal, state: PlanPageState): Html {
  const { t, locale } = ctx;
  const vng = vngLabel(t, goal);
  const pro = seesSensitivity(ctx);
  return html`<li class="thuis-card thuis-plan-goal thuis-plan-goal--${goal.status}" id="doel-${goal.id}">
    <h4 class="utrecht-heading-4 thuis-plan-goal__text" dir="auto">${goal.text}</h4>
    <dl class="thuis-facts">
      <div><dt>${t('plans.field.status')}</dt><dd>${t(`plan.goal_status.${goal.status}`)}</dd></div>
      <div><dt>${t('plans.field.target_date')}</dt><dd>${goal.targetDate ? formatDate(locale, goal.targetDate) : t('plans.no_date')}</dd></div>
      ${vng ? html`<div><dt>${t('plans.vng_tag')}</dt><dd dir="auto">${vng}</dd></div>` : ''}
      ${pro && goal.sensitive ? html`<div><dt>${t('plans.field.sensitive')}</dt><dd>${goal.shared ? t('plans.sensitive_shared_short') : t('plans.sensitive_hidden_short')}</dd></div>` : ''}
    </dl>
    <h5 class="utrecht-heading-5 thuis-plan-actions__heading">${t('plans.actions_heading', { count: goal.actions.length })}</h5>
    ${goal.actions.length ? html`<ul class="thuis-plan-actions">${goal.actions.map((a) => actionCard(ctx, view, a))}</ul>` : html`<p class="utrecht-paragraph">${t('plans.no_actions')}</p>`}
    ${view.permissions.canWrite ? html`${addActionForm(ctx, view, goal, state)}${editGoalForm(ctx, view, goal, state)}` : ''}
  </li>`;
}

function scoreBlock(ctx: PageContext, view: PlanView, d: PlanDomain): Html {
  const { t, locale } = ctx;
  const last = d.scores[d.scores.length - 1];
  if (!last) return html``;
  const trend = trendOf(d.scores);
  return html`<p class="utrecht-paragraph thuis-plan-score">
      <strong>${t('plans.field.score')}:</strong> ${last.score} – ${scoreLabel(t, view.config, last.score)}
      ${trend ? html`<span class="thuis-plan-trend thuis-plan-trend--${trend}"><span aria-hidden="true">${TREND_ARROW[trend]}</span> ${t(`plans.trend.${trend}`)}</span>` : ''}
    </p>
    ${d.scores.length > 1 ? html`<details class="thuis-plan-more">
      <summary>${t('plans.score_history', { count: d.scores.length })}</summary>
      <ol class="thuis-plan-history">
        ${d.scores.map((s) => html`<li>${formatDate(locale, s.scoredOn)}: ${s.score} – ${scoreLabel(t, view.config, s.score)} (${s.evaluationId ? t('plans.score_at_evaluation') : t('plans.score_at_intake')})</li>`)}
      </ol>
    </details>` : ''}`;
}

/** The situation, intake score and sensitivity of one domain: `open` when it is the only thing in its disclosure. */
function domainFormBody(ctx: PageContext, view: PlanView, d: PlanDomain, state: PlanPageState): Html {
  const { t } = ctx;
  const c: Ctl = { t, form: `domain-${d.key}`, state };
  const intake = d.scores.find((s) => s.evaluationId === null);
  const base: Fields = { situation: d.entry?.situation ?? null, score: intake?.score ?? null, sensitive: d.entry?.sensitive ?? d.sensitiveByDefault, shared: d.entry?.shared ?? false };
  return html`<form method="post" action="/plannen/${view.plan.id}/leefgebieden/${d.key}" class="thuis-form thuis-plan-form" novalidate>
      ${csrfField(ctx.csrfToken)}
      <input type="hidden" name="version" value="${d.entry?.version ?? 0}">
      ${baseInputs(base)}
      ${textArea(c, { name: 'situation', label: t('plans.field.situation'), value: d.entry?.situation ?? '', rows: 3, maxlength: 2000, description: t('plans.situation_help') })}
      ${radioGroup(c, { name: 'score', legend: t('plans.score_legend'), value: encodeField(intake?.score ?? null), options: scoreOptions(t, view.config) })}
      ${view.permissions.canWriteSensitive ? sensitivityFields(c, { sensitive: base.sensitive === true, shared: base.shared === true }) : ''}
      ${submitButton(t('plans.save'))}
    </form>`;
}

function domainForm(ctx: PageContext, view: PlanView, d: PlanDomain, state: PlanPageState): Html {
  const { t } = ctx;
  const label = domainLabel(t, view.plan.domains, d.key);
  return html`<details class="thuis-plan-more"${state.form === `domain-${d.key}` ? html` open` : ''}>
    <summary>${d.entry ? t('plans.domain_edit') : t('plans.domain_fill')}<span class="thuis-visually-hidden">: ${label}</span></summary>
    ${domainFormBody(ctx, view, d, state)}
  </details>`;
}

function goalAddLink(ctx: PageContext, view: PlanView, d: PlanDomain, label: string): Html {
  return html`<p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/plannen/${view.plan.id}?leefgebied=${d.key}#nieuw-doel">${ctx.t('plans.goal_add_in', { name: label })}</a></p>`;
}

/** A domain with something in it (situation, score or goals), or one the professional keeps (hidden from this role). */
function domainFilled(view: PlanView, d: PlanDomain): boolean {
  return !!d.hidden || !!d.entry?.situation || d.scores.length > 0 || view.plan.goals.some((g) => g.domainKey === d.key);
}

function domainSection(ctx: PageContext, view: PlanView, d: PlanDomain, state: PlanPageState): Html {
  const { t } = ctx;
  const goals = view.plan.goals.filter((g) => g.domainKey === d.key);
  const label = domainLabel(t, view.plan.domains, d.key);
  const pro = seesSensitivity(ctx);
  return html`<section class="thuis-plan-domain" id="leefgebied-${d.key}" aria-labelledby="leefgebied-${d.key}-heading">
    <h3 class="utrecht-heading-3" id="leefgebied-${d.key}-heading">${label}</h3>
    ${d.hidden
      ? html`<p class="utrecht-paragraph thuis-plan-empty">${t('plans.domain_hidden')}</p>`
      : html`${d.entry?.situation ? html`<p class="utrecht-paragraph thuis-plan-situation" dir="auto">${d.entry.situation}</p>` : ''}
        ${pro && d.entry?.sensitive ? html`<p class="utrecht-paragraph thuis-plan-badge">${d.entry.shared ? t('plans.sensitive_shared') : t('plans.sensitive_hidden')}</p>` : ''}
        ${scoreBlock(ctx, view, d)}
        ${view.permissions.canWrite ? domainForm(ctx, view, d, state) : ''}`}
    ${goals.length ? html`<ul class="thuis-plan-goals">${goals.map((g) => goalCard(ctx, view, g, state))}</ul>` : ''}
    ${view.permissions.canWrite ? goalAddLink(ctx, view, d, label) : ''}
  </section>`;
}

/**
 * The domains nobody wrote anything in yet, in one short list: each name opens its form (situation, score) and a
 * link to add a goal there. Read-only, the names only.
 */
function emptyDomains(ctx: PageContext, view: PlanView, empty: PlanDomain[], state: PlanPageState): Html {
  const { t } = ctx;
  if (!empty.length) return html``;
  const names = empty.map((d) => domainLabel(t, view.plan.domains, d.key));
  if (!view.permissions.canWrite) {
    return html`<p class="utrecht-paragraph thuis-plan-empty-line"><strong>${t('plans.domains_empty')}:</strong> ${names.join(', ')}</p>`;
  }
  return html`<section class="thuis-plan-empty-domains" id="leefgebieden-leeg" aria-labelledby="leefgebieden-leeg-heading">
    <h3 class="utrecht-heading-3" id="leefgebieden-leeg-heading">${t('plans.domains_empty')}</h3>
    <p class="utrecht-paragraph">${t('plans.domains_empty_help')}</p>
    <ul class="thuis-plan-empty-list">
      ${empty.map((d, i) => html`<li id="leefgebied-${d.key}">
        <details class="thuis-plan-more thuis-plan-empty-domain"${state.form === `domain-${d.key}` ? html` open` : ''}>
          <summary>${names[i]}</summary>
          ${domainFormBody(ctx, view, d, state)}
          ${goalAddLink(ctx, view, d, names[i]!)}
        </details>
      </li>`)}
    </ul>
  </section>`;
}

function newGoalForm(ctx: PageContext, view: PlanView, state: PlanPageState): Html {
  const { t } = ctx;
  const c: Ctl = { t, form: 'new-goal', state };
  const offerKey = state.form === 'new-goal' ? state.values?.offerKey : state.prefill?.offerKey;
  return html`<section class="thuis-section" id="nieuw-doel" aria-labelledby="nieuw-doel-heading">
    <h2 class="utrecht-heading-2" id="nieuw-doel-heading">${t('plans.goal_new_heading')}</h2>
    ${offerKey ? html`<p class="utrecht-paragraph">${t('plans.goal_from_offer', { name: offerLabel(t, { key: offerKey, label: null }) })}</p>` : ''}
    <form method="post" action="/plannen/${view.plan.id}/doelen" class="thuis-form thuis-plan-form" novalidate>
      ${csrfField(ctx.csrfToken)}
      ${offerKey ? html`<input type="hidden" name="offerKey" value="${offerKey}">` : ''}
      ${goalFields(c, view, null)}
      ${submitButton(t('plans.goal_add_submit'))}
    </form>
  </section>`;
}

function suggestionsSection(ctx: PageContext, view: PlanView): Html {
  const { t } = ctx;
  const { plan } = view;
  if (view.suggestions.length === 0) return html``;
  const layerBlock = (s: LayerSuggestions) => {
    const individual = s.offers.filter((o) => o.kind === 'individual');
    const group = s.offers.filter((o) => o.kind === 'group');
    return html`<div class="thuis-plan-layer">
      <h3 class="utrecht-heading-3">${t('plans.layer')}: ${t(`pyramid.layer.${s.layer}`)} — ${s.members.map((m) => m.firstName).join(', ')}</h3>
      <ul class="thuis-actions">${s.members.map((m) => html`<li><a class="utrecht-link" href="/huishoudens/${plan.householdId}/personen/${m.id}/piramide">${t('plans.layer_link', { name: m.firstName })}</a></li>`)}</ul>
      ${individual.length ? html`<h4 class="utrecht-heading-4">${t('pyramid.kind.individual')}</h4>
        <ul class="thuis-plan-offers">${individual.map((o) => html`<li class="thuis-plan-offer">
          <span class="thuis-plan-offer__label">${offerLabel(t, o)}</span>
          ${o.taken ? html`<span class="thuis-plan-offer__taken">${t('plans.offer_taken')}</span>`
            : view.permissions.canWrite && o.key ? html`<a class="utrecht-link thuis-link-target" href="/plannen/${plan.id}?overnemen=${o.key}#nieuw-doel">${t('plans.offer_take')}<span class="thuis-visually-hidden">: ${offerLabel(t, o)}</span></a>` : ''}
        </li>`)}</ul>` : ''}
      ${group.length ? html`<h4 class="utrecht-heading-4">${t('pyramid.kind.group')}</h4>
        <ul class="thuis-plan-offers">${group.map((o) => html`<li class="thuis-plan-offer">
          <span class="thuis-plan-offer__label">${offerLabel(t, o)}</span>
          ${o.taken ? html`<span class="thuis-plan-offer__taken">${t('plans.offer_proposed')}</span>`
            : view.permissions.canWrite ? html`<form method="post" action="/plannen/${plan.id}/voorstellen" class="thuis-plan-inline-form">
                ${csrfField(ctx.csrfToken)}
                ${o.key ? html`<input type="hidden" name="offerKey" value="${o.key}">` : html`<input type="hidden" name="label" value="${o.label ?? ''}">`}
                ${submitButton(t('plans.offer_propose'), offerLabel(t, o), 'secondary')}
              </form>` : ''}
        </li>`)}</ul>` : ''}
    </div>`;
  };
  return html`<section class="thuis-section" id="piramide" aria-labelledby="piramide-heading">
    <h2 class="utrecht-heading-2" id="piramide-heading">${t('plans.pyramid_heading')}</h2>
    <p class="utrecht-paragraph">${t('plans.pyramid_help')}</p>
    ${view.suggestions.map(layerBlock)}
  </section>`;
}

function proposalsBlock(ctx: PageContext, view: PlanView): Html {
  const { t } = ctx;
  const proposals = view.plan.proposals.filter((p) => p.status !== 'withdrawn');
  if (!proposals.length) return html``;
  return html`<section class="thuis-section" id="voorstellen" aria-labelledby="voorstellen-heading">
    <h2 class="utrecht-heading-2" id="voorstellen-heading">${t('plans.proposals_heading')}</h2>
    <ul class="utrecht-unordered-list thuis-enrol-proposals">${proposals.map((p) => proposalItem(ctx, view.plan.householdId, p, view.access.permissions.canWritePlan))}</ul>
  </section>`;
}

/** A plan sent back: the reason stands at the top, where the coach looks first. */
function rejectedNotice(ctx: PageContext, view: PlanView): Html {
  const { t } = ctx;
  const { plan } = view;
  if (plan.status !== 'rejected') return html``;
  return alert('warning', 'status', html`<p class="utrecht-paragraph"><strong>${t('plans.rejected_by', { name: plan.decidedByName ?? t('common.unknown') })}</strong></p>
    <p class="utrecht-paragraph thuis-plan-reason" dir="auto">${plan.rejectionReason ?? ''}</p>
    <p class="utrecht-paragraph">${t('plans.rejected_next')}${view.permissions.canSubmit ? html` <a class="utrecht-link" href="#vaststellen">${t('plans.todo_to_submit')}</a>` : ''}</p>`);
}

/**
 * The plan's state and what can be decided on it, at the end: the coach establishes the plan once it is written,
 * the professional approves or sends it back after reading it (the "Nu te doen" strip links here).
 */
function approvalBlock(ctx: PageContext, view: PlanView, state: PlanPageState): Html {
  const { t, locale } = ctx;
  const { plan, permissions: p } = view;
  const latest = view.decisions[0];
  const parts: Html[] = [];
  if (plan.status === 'awaiting_approval') {
    parts.push(html`<p class="utrecht-paragraph">${view.submittedAt
      ? t('plans.submitted_by_on', { name: plan.submittedByName ?? t('common.unknown'), page: formatDate(locale, view.submittedAt) })
      : t('plans.submitted_by_only', { name: plan.submittedByName ?? t('common.unknown') })}</p>`);
    if (p.ownSubmission && view.access.permissions.canApprovePlan) parts.push(html`<p class="utrecht-paragraph">${t('plans.own_submission')}</p>`);
    else if (!p.canApprove) parts.push(html`<p class="utrecht-paragraph">${t('plans.awaiting_approval')}</p>`);
  }
  if (plan.status === 'established') {
    parts.push(html`<p class="utrecht-paragraph">${latest?.decision === 'approved'
      ? t('plans.approved_by_on', { name: latest.decidedByName ?? t('common.unknown'), page: formatDate(locale, latest.decidedAt) })
      : t('plans.established_on', { name: formatDate(locale, plan.establishedOn ?? '') })}</p>`);
  }
  if (p.canSubmit) {
    const needsApproval = p.approvalRequired && ctx.user?.role === 'volunteer';
    parts.push(html`<form method="post" action="/plannen/${plan.id}/vaststellen" class="thuis-form">
      ${csrfField(ctx.csrfToken)}<input type="hidden" name="version" value="${plan.version}">
      <p class="utrecht-paragraph">${needsApproval ? t('plans.submit_help_approval') : t('plans.submit_help')}</p>
      ${submitButton(t('plans.submit'))}
    </form>`);
  }
  if (p.canApprove) {
    const c: Ctl = { t, form: 'reject', state };
    parts.push(html`<p class="utrecht-paragraph">${t('plans.approve_help')}</p>
      <form method="post" action="/plannen/${plan.id}/goedkeuren" class="thuis-form">
        ${csrfField(ctx.csrfToken)}<input type="hidden" name="version" value="${plan.version}">
        ${submitButton(t('plans.approve'))}
      </form>
      <details class="thuis-plan-more"${state.form === 'reject' ? html` open` : ''}>
        <summary>${t('plans.reject')}</summary>
        <form method="post" action="/plannen/${plan.id}/afkeuren" class="thuis-form" novalidate>
          ${csrfField(ctx.csrfToken)}<input type="hidden" name="version" value="${plan.version}">
          ${textArea(c, { name: 'reason', label: t('plans.field.reason'), required: true, rows: 3, maxlength: 2000, description: t('plans.reason_help') })}
          ${submitButton(t('plans.reject_submit'), undefined, 'secondary')}
        </form>
      </details>`);
  }
  if (!parts.length) return html``;
  const heading = p.canApprove ? t('plans.approval_heading_review') : p.canSubmit ? t('plans.approval_heading') : t('plans.approval_heading_state');
  return html`<section class="thuis-section thuis-plan-approval" id="vaststellen" aria-labelledby="vaststellen-heading">
    <h2 class="utrecht-heading-2" id="vaststellen-heading">${heading}</h2>
    ${parts}
  </section>`;
}

/** Overdue or soon-due open actions are in "Nu te doen" within this many days. */
const ACTION_SOON_DAYS = 14;

/**
 * "Nu te doen", right under the title: what asks for attention now on a long plan — the next talk, actions
 * overdue or due soon, the POP deadline while the plan is not established, and an approval that waits. Each item
 * links to where it is done.
 */
function todoStrip(ctx: PageContext, data: PlanPageData): Html {
  const { t, locale } = ctx;
  const { view } = data;
  const { plan, permissions: p } = view;
  const now = today();
  const soon = addDays(now, ACTION_SOON_DAYS);
  const items: Html[] = [];
  const late = (on: boolean) => (on ? html` <strong class="thuis-plan-late">(${t('plans.late')})</strong>` : '');
  if (plan.status === 'awaiting_approval') {
    items.push(html`<li>${t('plans.todo_awaiting')}${p.canApprove ? html` <a class="utrecht-link thuis-link-target" href="#vaststellen">${t('plans.todo_review')}</a>` : ''}</li>`);
  }
  if (view.popDueOn && plan.status !== 'established') {
    items.push(html`<li class="${view.popLate ? 'thuis-plan-todo--late' : ''}">${t('plans.pop_due')} ${formatDate(locale, view.popDueOn)}${late(view.popLate)}${p.canSubmit && plan.status === 'draft' ? html` <a class="utrecht-link thuis-link-target" href="#vaststellen">${t('plans.todo_to_submit')}</a>` : ''}</li>`);
  }
  const next = data.nextEvaluation;
  if (next) {
    const canHold = p.canWrite && plan.status === 'established';
    items.push(html`<li class="${next.overdue ? 'thuis-plan-todo--late' : ''}">${t('plans.next_evaluation')}: ${formatDate(locale, next.dueOn)}${late(next.overdue)}${canHold ? html` <a class="utrecht-link thuis-link-target" href="/plannen/${plan.id}/evaluaties/nieuw">${t('plans.evaluation_new')}</a>` : ''}</li>`);
  }
  const person = personOf(ctx.t, view);
  for (const g of plan.goals) {
    for (const a of g.actions) {
      if (a.status !== 'open' || !a.dueOn || a.dueOn > soon) continue;
      const overdue = a.dueOn < now;
      items.push(html`<li class="${overdue ? 'thuis-plan-todo--late' : ''}"><a class="utrecht-link" href="#doel-${g.id}" dir="auto">${a.description}</a>
        <span class="thuis-plan-todo__meta">${actionWho(t, a, person)} · ${t('plans.field.due_on').toLowerCase()} ${formatDate(locale, a.dueOn)}${late(overdue)}</span></li>`);
    }
  }
  if (!items.length) return html``;
  return html`<section class="thuis-plan-todo" aria-labelledby="nu-te-doen-heading">
    <h2 class="utrecht-heading-2" id="nu-te-doen-heading">${t('plans.todo_heading')}</h2>
    <ul class="thuis-plan-todo__list">${items}</ul>
  </section>`;
}

function linksBlock(ctx: PageContext, data: PlanPageData): Html {
  const { t, locale } = ctx;
  const { plan, permissions } = data.view;
  const next = data.nextEvaluation;
  const languages = [['nl', 'Nederlands'], ['en', 'English'], ['ar', 'العربية']] as const;
  return html`<section class="thuis-section" id="gesprekken" aria-labelledby="gesprekken-heading">
    <h2 class="utrecht-heading-2" id="gesprekken-heading">${t('plans.evaluation_heading')}</h2>
    <dl class="thuis-facts">
      <div><dt>${t('plans.next_evaluation')}</dt><dd>${next ? html`${formatDate(locale, next.dueOn)}${next.overdue ? html` <strong class="thuis-plan-late">(${t('plans.late')})</strong>` : ''}` : t('plans.next_evaluation_none')}</dd></div>
      ${next?.lastHeldOn ? html`<div><dt>${t('plans.last_evaluation')}</dt><dd>${formatDate(locale, next.lastHeldOn)}</dd></div>` : ''}
    </dl>
    <ul class="thuis-actions">
      ${permissions.canWrite && plan.status === 'established' ? html`<li><a class="utrecht-link" href="/plannen/${plan.id}/evaluaties/nieuw">${t('plans.evaluation_new')}</a></li>` : ''}
      <li><a class="utrecht-link" href="/plannen/${plan.id}/versies">${t('plans.versions')}</a></li>
    </ul>
    <h3 class="utrecht-heading-3">${t('plans.print_heading')}</h3>
    <ul class="thuis-plan-print">
      ${languages.map(([l, name]) => {
        const which = html`<span class="thuis-visually-hidden"> (<span lang="${l}">${name}</span>)</span>`;
        return html`<li><span class="thuis-plan-print__lang" lang="${l}">${name}</span>
          <a class="utrecht-link" href="/plannen/${plan.id}/afdrukken?taal=${l}" hreflang="${l}">${t('plans.print_in')}${which}</a>
          <a class="utrecht-link" href="/plannen/${plan.id}/pdf?taal=${l}" hreflang="${l}">${t('plans.pdf_in')}${which}</a></li>`;
      })}
    </ul>
  </section>`;
}

export function planPage(ctx: PageContext, data: PlanPageData, state: PlanPageState = {}): Html {
  const { t, locale } = ctx;
  const { view } = data;
  const { plan } = view;
  const member = plan.memberId ? view.members.find((m) => m.id === plan.memberId) : null;
  const head = view.members.find((m) => m.relation === 'head');
  const title = planTitle(t, plan, head?.familyName);
  const closed = view.access.trajectory?.status !== 'open' || view.access.trajectory.id !== plan.trajectoryId;
  const errors = state.form && state.errors?.length ? state.errors : undefined;
  const saved = state.saved ? (state.saved === 'merged' ? t('plans.saved.merged', { name: state.mergedWith ?? t('common.unknown') }) : t(`plans.saved.${state.saved}`)) : null;
  // Filled domains first; the empty ones wait in one short list.
  const filled = plan.domains.filter((d) => domainFilled(view, d));
  const empty = plan.domains.filter((d) => !domainFilled(view, d));
  // The window title lands in browser history: the household's reference, never the name.
  return layout(ctx, t('plans.window_title', { name: plan.householdReference }), html`
    <p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/huishoudens/${plan.householdId}/plan">${t('plans.back_overview')}</a></p>
    <h1 class="utrecht-heading-1">${title}</h1>
    ${saved ? alert('ok', 'status', html`<p class="utrecht-paragraph">${saved}</p>`) : ''}
    ${state.conflict ? alert('warning', 'alert', html`<p class="utrecht-paragraph"><strong>${t('plans.plan_conflict', { name: state.conflict.updatedByName ?? t('common.unknown') })}</strong></p>
      <p class="utrecht-paragraph">${t('plans.plan_conflict_now', { name: t(`plan.status.${state.conflict.status}`) })}</p>`, { focus: true }) : ''}
    ${summary(t, errors, (f) => fieldLabel(t, f), (f) => fid(state.form!, f))}
    ${closed ? alert('info', 'status', html`<p class="utrecht-paragraph">${t('plans.read_only')}</p>`) : ''}
    ${rejectedNotice(ctx, view)}
    ${todoStrip(ctx, data)}
    <dl class="thuis-facts thuis-facts--wide thuis-plan-facts">
      <div><dt>${t('plans.household')}</dt><dd>${plan.householdReference}</dd></div>
      ${member ? html`<div><dt>${t('plans.layer')}</dt><dd>${t(`pyramid.layer.${member.layer}`)}</dd></div>` : ''}
      <div><dt>${t('plans.field.status')}</dt><dd><strong>${t(`plan.status.${plan.status}`)}</strong></dd></div>
      ${plan.establishedOn ? html`<div><dt>${t('plans.established')}</dt><dd>${formatDate(locale, plan.establishedOn)}</dd></div>` : ''}
    </dl>
    ${view.permissions.canWrite ? html`<p class="utrecht-paragraph"><a class="utrecht-link thuis-action-link" href="#nieuw-doel">${t('plans.goal_add')}</a></p>` : ''}
    <div class="thuis-plan-layout${data.aside ? ' thuis-plan-layout--aside' : ''}">
      <div class="thuis-plan-layout__main">
        <section class="thuis-section" id="leefgebieden" aria-labelledby="leefgebieden-heading">
          <h2 class="utrecht-heading-2" id="leefgebieden-heading">${t('plans.domains_heading')}</h2>
          ${filled.map((d) => domainSection(ctx, view, d, state))}
          ${emptyDomains(ctx, view, empty, state)}
        </section>
      </div>
      ${data.aside ? html`<div class="thuis-plan-layout__aside">${data.aside(ctx)}</div>` : ''}
      <div class="thuis-plan-layout__rest">
        ${view.permissions.canWrite ? newGoalForm(ctx, view, state) : ''}
        ${suggestionsSection(ctx, view)}
        ${proposalsBlock(ctx, view)}
        ${linksBlock(ctx, data)}
        ${approvalBlock(ctx, view, state)}
      </div>
    </div>`);
}

// --- The merge page (REL-LOCK: two people changed the same thing) ------------------------------------------------

export interface MergePageData {
  planId: string;
  /** What was changed: a goal, an action or a domain, and its name as shown. */
  subject: string;
  /** Where the merged result is saved (the same form action), and where "cancel" goes. */
  action: string;
  back: string;
  conflict: MergeConflict;
  /** How to show a field's value in words. */
  show: (field: string, value: FieldValue) => string;
  /** Text fields get a box to edit one's own version. */
  textFields: readonly string[];
  /** The form's other fields, as the page would send them (sensitivity marker and the like). */
  extra?: Record<string, string>;
}

export function mergePage(ctx: PageContext, d: MergePageData): Html {
  const { t, locale } = ctx;
  const c = d.conflict;
  const theirName = c.byName ?? t('common.unknown');
  const when = `${formatDate(locale, c.at)} ${new Intl.DateTimeFormat(locale === 'ar' ? 'ar-u-nu-latn' : locale, { timeStyle: 'short', timeZone: 'Europe/Amsterdam' }).format(new Date(c.at))}`;
  const theirsHeading = t('plans.merge.theirs', { name: theirName }) + `, ${when}`;
  const fields = Object.keys(c.theirs);
  return layout(ctx, t('plans.merge.title'), html`
    <p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="${d.back}">${t('plans.merge.cancel')}</a></p>
    <h1 class="utrecht-heading-1">${t('plans.merge.title')}</h1>
    ${alert('warning', 'alert', html`<p class="utrecht-paragraph">${t('plans.merge.intro', { name: theirName })}</p>
      <p class="utrecht-paragraph" dir="auto"><strong>${d.subject}</strong></p>`, { focus: true })}
    <form method="post" action="${d.action}" class="thuis-form thuis-plan-merge" novalidate>
      ${csrfField(ctx.csrfToken)}
      <input type="hidden" name="version" value="${c.version}">
      <input type="hidden" name="resolve" value="1">
      ${Object.entries(d.extra ?? {}).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
      ${fields.map((f) => html`<input type="hidden" name="base.${f}" value="${encodeField(c.theirs[f] ?? null)}">`)}
      ${fields.filter((f) => !c.conflicts.includes(f) && f in c.mine).map((f) => html`<input type="hidden" name="${f}" value="${encodeField(c.merged[f] ?? null)}">`)}
      ${c.conflicts.map((f) => {
        const id = `merge-${f}`;
        const text = d.textFields.includes(f);
        return html`<fieldset class="utrecht-form-fieldset thuis-fieldset thuis-plan-merge__field">
          <legend class="utrecht-form-fieldset__legend">${fieldLabel(t, f)}</legend>
          <div class="thuis-plan-compare">
            <div class="thuis-plan-compare__side">
              <h2 class="utrecht-heading-4">${t('plans.merge.mine')}</h2>
              <p class="utrecht-paragraph thuis-plan-compare__value" dir="auto">${d.show(f, c.mine[f] ?? null) || t('plans.merge.empty')}</p>
            </div>
            <div class="thuis-plan-compare__side">
              <h2 class="utrecht-heading-4">${theirsHeading}</h2>
              <p class="utrecht-paragraph thuis-plan-compare__value" dir="auto">${d.show(f, c.theirs[f] ?? null) || t('plans.merge.empty')}</p>
            </div>
          </div>
          <input type="hidden" name="theirs.${f}" value="${encodeField(c.theirs[f] ?? null)}">
          ${text ? '' : html`<input type="hidden" name="mine.${f}" value="${encodeField(c.mine[f] ?? null)}">`}
          <div class="utrecht-form-field utrecht-form-field--radio thuis-radio">
            <input class="utrecht-radio-button utrecht-radio-button--html-input" type="radio" id="${id}-mine" name="choice.${f}" value="mine" checked>
            <label class="utrecht-form-label utrecht-form-label--radio" for="${id}-mine">${text ? t('plans.merge.keep_mine_edited') : t('plans.merge.keep_mine')}</label>
          </div>
          <div class="utrecht-form-field utrecht-form-field--radio thuis-radio">
            <input class="utrecht-radio-button utrecht-radio-button--html-input" type="radio" id="${id}-theirs" name="choice.${f}" value="theirs">
            <label class="utrecht-form-label utrecht-form-label--radio" for="${id}-theirs">${t('plans.merge.keep_theirs', { name: theirName })}</label>
          </div>
          ${text ? html`<div class="utrecht-form-field utrecht-form-field--text">
            <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}-text">${t('plans.merge.edit_mine')}</label></div>
            <div class="utrecht-form-field__input">
              <textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="${id}-text" name="mine.${f}" rows="4" dir="auto">${encodeField(c.mine[f] ?? null)}</textarea>
            </div>
          </div>` : ''}
        </fieldset>`;
      })}
      ${submitButton(t('plans.merge.save'))}
    </form>`);
}

// --- Overview, dossier section, approval list ---------------------------------------------------------------------

function summaryFacts(ctx: PageContext, p: PlanSummary): Html {
  const { t, locale } = ctx;
  return html`<dl class="thuis-facts">
    <div><dt>${t('plans.field.status')}</dt><dd>${p.status ? t(`plan.status.${p.status}`) : t('plans.not_started')}</dd></div>
    <div><dt>${t('plans.goals')}</dt><dd>${t('plans.goal_count', { count: p.goals })}</dd></div>
    ${p.openActions ? html`<div><dt>${t('plans.open_actions')}</dt><dd>${t('plans.action_count', { count: p.openActions })}${p.overdueActions ? html` <strong class="thuis-plan-late">(${t('plans.overdue_count', { count: p.overdueActions })})</strong>` : ''}</dd></div>` : ''}
    ${p.establishedOn ? html`<div><dt>${t('plans.established')}</dt><dd>${formatDate(locale, p.establishedOn)}</dd></div>` : ''}
    ${p.kind === 'personal' && p.popDueOn && p.status !== 'established' ? html`<div><dt>${t('plans.pop_due')}</dt><dd>${formatDate(locale, p.popDueOn)}${p.popLate ? html` <strong class="thuis-plan-late">(${t('plans.late')})</strong>` : ''}</dd></div>` : ''}
  </dl>`;
}

export interface PlanSectionData {
  householdId: string;
  trajectory: PlanOverview['trajectory'];
  plans: PlanSummary[];
}

/** The plans on the dossier: the household plan and each POP, in brief. */
export function planSectionView(ctx: PageContext, d: PlanSectionData): Html {
  const { t } = ctx;
  const body = !d.trajectory
    ? html`<p class="utrecht-paragraph">${t('plans.no_trajectory')}</p>`
    : html`<ul class="thuis-cards thuis-plan-summaries">
        ${d.plans.map((p) => html`<li class="thuis-card${p.popLate ? ' thuis-plan-summary--late' : ''}">
          <h3 class="utrecht-heading-3 thuis-card__title">${p.id ? html`<a class="utrecht-link" href="/plannen/${p.id}">${planTitle(t, p)}</a>` : planTitle(t, p)}</h3>
          ${summaryFacts(ctx, p)}
        </li>`)}
      </ul>
      <p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/huishoudens/${d.householdId}/plan">${t('plans.open_overview')}</a></p>`;
  return html`<section aria-labelledby="plans-heading" class="thuis-section" id="plannen">
    <h2 class="utrecht-heading-2" id="plans-heading">${t('plans.heading')}</h2>
    ${body}
  </section>`;
}

export function overviewPage(ctx: PageContext, o: PlanOverview): Html {
  const { t } = ctx;
  let body: Html;
  if (!o.trajectory) {
    body = html`<p class="utrecht-paragraph">${t('plans.no_trajectory')}</p>
      ${o.canManageTrajectory ? html`<p class="utrecht-paragraph"><a class="utrecht-link thuis-action-link" href="/huishoudens/${o.householdId}#traject">${t('plans.start_trajectory')}</a></p>` : ''}`;
  } else {
    body = html`
      ${o.trajectory.status !== 'open' ? alert('info', 'status', html`<p class="utrecht-paragraph">${t('plans.read_only')}</p>`) : ''}
      <ul class="thuis-cards thuis-plan-summaries">
        ${o.plans.map((p) => html`<li class="thuis-card${p.popLate ? ' thuis-plan-summary--late' : ''}">
          <h2 class="utrecht-heading-3 thuis-card__title">${planTitle(t, p)}</h2>
          ${summaryFacts(ctx, p)}
          ${p.id ? html`<p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/plannen/${p.id}">${t('plans.open_plan')}<span class="thuis-visually-hidden">: ${planTitle(t, p)}</span></a></p>` : ''}
        </li>`)}
      </ul>`;
  }
  return layout(ctx, t('plans.overview_window_title', { name: o.householdReference }), html`
    <p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/huishoudens/${o.householdId}">${t('plans.back_dossier')}</a></p>
    <h1 class="utrecht-heading-1">${t('plans.overview_title', { name: o.householdReference })}</h1>
    ${body}
    ${o.canApprove ? html`<p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/plannen/te-beoordelen">${t('plans.awaiting_link')}</a></p>` : ''}`);
}

export function awaitingPage(ctx: PageContext, plans: AwaitingPlan[]): Html {
  const { t, locale } = ctx;
  return layout(ctx, t('plans.awaiting_title'), html`
    <h1 class="utrecht-heading-1">${t('plans.awaiting_title')}</h1>
    <p class="utrecht-paragraph" role="status">${t('plans.awaiting_count', { count: plans.length })}</p>
    ${plans.length ? html`<ul class="thuis-cards">
      ${plans.map((p) => html`<li class="thuis-card">
        <h2 class="utrecht-heading-3 thuis-card__title"><a class="utrecht-link" href="/plannen/${p.id}#vaststellen">${planTitle(t, p)}</a></h2>
        <dl class="thuis-facts">
          <div><dt>${t('plans.household')}</dt><dd>${p.householdReference}</dd></div>
          <div><dt>${t('plans.submitted_by')}</dt><dd>${p.submittedByName ?? t('common.unknown')}</dd></div>
          <div><dt>${t('plans.submitted_at')}</dt><dd>${formatDate(locale, p.submittedAt)}</dd></div>
        </dl>
      </li>`)}
    </ul>` : html`<p class="utrecht-paragraph">${t('plans.awaiting_none')}</p>`}`);
}
