import type { FieldError } from '../../platform/errors.ts';
import { formatDate, type Translate } from '../../platform/i18n/index.ts';
import { PYRAMID_LAYERS } from '../../features/households/schema.ts';
import type { DeleteTarget, ExamSkillSummary, InburgeringView, MilestoneView } from '../../features/plans/inburgering.ts';
import type { PyramidView } from '../../features/plans/pyramid.ts';
import { EXAM_LEVELS, EXAM_SKILLS, MILESTONE_KINDS, MILESTONE_RESULTS, type MilestoneKind, type MilestoneResult } from '../../features/plans/schema.ts';
import { alert, csrfField, html, type Html } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';
import { domainLabel, offerLabel } from './plan-settings.ts';
import { summary } from './trajectories.ts';
import { todayIso } from '../../platform/dates.ts';

// A person's inburgering (PIP, learning route, PVT, MAP, KNM, exams) and her pyramid layer. Phone first: the
// coach keeps these up to date during a home visit. No script: every action is a small form.

const KIND_ORDER: readonly MilestoneKind[] = MILESTONE_KINDS;

/** The result of a milestone in words: the PVT is signed, the MAP ends with a final talk, exams are passed. */
export function resultLabel(t: Translate, kind: MilestoneKind, result: MilestoneResult): string {
  return kind === 'pvt' || kind === 'map' ? t(`inburgering.result.${kind}.${result}`) : t(`inburgering.result.exam.${result}`);
}

/** "Examen lezen, A2" / "PVT". The level is joined by a message per level, so Arabic gets its own comma. */
export function milestoneTitle(t: Translate, m: Pick<MilestoneView, 'kind' | 'skill' | 'level'>): string {
  if (m.kind !== 'exam') return t(`inburgering.kind.${m.kind}`);
  const skill = m.skill ? t('inburgering.exam_of', { name: t(`inburgering.skill.${m.skill}`) }) : t('inburgering.kind.exam');
  return m.level ? t(`inburgering.with_level.${m.level}`, { name: skill }) : skill;
}

function milestoneLine(ctx: PageContext, m: MilestoneView): string {
  const { t, locale } = ctx;
  const parts = [resultLabel(t, m.kind, m.result)];
  if (m.date) parts.push(formatDate(locale, m.date));
  if (m.hours !== null) parts.push(t('inburgering.hours_count', { count: m.hours }));
  return parts.join(' · ');
}

function freeAttemptsText(t: Translate, s: ExamSkillSummary): string | null {
  if (s.freeAttemptsLeft === null) return null;
  if (s.passed) return t('inburgering.exam_passed');
  return t('inburgering.free_attempts_left', { count: s.freeAttemptsLeft });
}

/**
 * The compact box beside the POP on the plan page: learning route, PIP date and goals, milestones with their
 * results, free exam attempts left, and the way to the full page.
 */
export function inburgeringAside(ctx: PageContext, householdId: string, view: InburgeringView): Html {
  const { t, locale } = ctx;
  const headingId = `inburgering-aside-${view.memberId}`;
  const free = view.freeAttempts ? view.exams.filter((e) => e.attempts > 0 || e.latest) : [];
  return html`<aside class="thuis-card thuis-inburgering-aside" aria-labelledby="${headingId}">
    <h2 class="utrecht-heading-3 thuis-card__title" id="${headingId}">${t('inburgering.aside_title')}</h2>
    <dl class="thuis-facts">
      <div><dt>${t('registration.field.learningRoute')}</dt><dd>${view.learningRoute ? t(`registration.route.${view.learningRoute}`) : t('common.unknown')}</dd></div>
      <div><dt>${t('registration.field.pipDate')}</dt><dd>${view.pipDate ? formatDate(locale, view.pipDate) : t('inburgering.not_yet')}</dd></div>
      ${view.integrationTermEndsOn ? html`<div><dt>${t('inburgering.term_ends')}</dt><dd>${formatDate(locale, view.integrationTermEndsOn)}</dd></div>` : ''}
    </dl>
    ${view.pipGoals.length ? html`<h3 class="utrecht-heading-4">${t('inburgering.pip_goals')}</h3>
      <ul class="utrecht-unordered-list thuis-inburgering-aside__list">${view.pipGoals.map((g) => html`<li dir="auto">${g.text}</li>`)}</ul>` : ''}
    <h3 class="utrecht-heading-4">${t('inburgering.milestones')}</h3>
    ${view.milestones.length
      ? html`<ul class="utrecht-unordered-list thuis-inburgering-aside__list">${view.milestones.map((m) => html`<li><strong>${milestoneTitle(t, m)}</strong>: ${milestoneLine(ctx, m)}</li>`)}</ul>`
      : html`<p class="utrecht-paragraph">${t('inburgering.no_milestones')}</p>`}
    ${free.length ? html`<h3 class="utrecht-heading-4">${t('inburgering.free_attempts')}</h3>
      <ul class="utrecht-unordered-list thuis-inburgering-aside__list">${free.map((s) => html`<li>${t(`inburgering.skill_title.${s.skill}`)}: ${freeAttemptsText(t, s)}</li>`)}</ul>` : ''}
    <p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/huishoudens/${householdId}/personen/${view.memberId}/inburgering">${t('inburgering.all_about')}</a></p>
  </aside>`;
}

// ---- the full page ----

/** What the page shows after a failed write: the form's errors, or someone else's change (409). */
export interface InburgeringPageState {
  /** Which form: 'new' (add a milestone), 'goal' (add a PIP goal) or a milestone id. */
  target?: string;
  values?: Record<string, string>;
  errors?: FieldError[];
  /** REL-LOCK: the milestone as someone else left it. */
  conflict?: MilestoneView;
  saved?: string;
}

interface Option {
  value: string;
  label: string;
}

function errorOf(errors: FieldError[] | undefined, name: string): FieldError | undefined {
  return errors?.find((e) => e.field === name);
}

/** A field with an id of its own (the same field name appears on every milestone card). */
function control(t: Translate, o: { id: string; name: string; label: string; value: string; error?: FieldError; hint?: string; type?: 'text' | 'date' | 'number'; options?: Option[]; min?: number; max?: number }): Html {
  const describedBy = [o.hint ? `${o.id}-hint` : '', o.error ? `${o.id}-err` : ''].filter(Boolean).join(' ');
  const aria = html`${describedBy ? html`aria-describedby="${describedBy}"` : ''} ${o.error ? html`aria-invalid="true"` : ''}`;
  const input = o.options
    ? html`<select class="utrecht-select utrecht-select--html-select${o.error ? ' utrecht-select--invalid' : ''}" id="${o.id}" name="${o.name}" ${aria}>
        ${o.options.map((opt) => html`<option value="${opt.value}" ${o.value === opt.value ? 'selected' : ''}>${opt.label}</option>`)}
      </select>`
    : html`<input class="utrecht-textbox utrecht-textbox--html-input${o.error ? ' utrecht-textbox--invalid' : ''}" id="${o.id}" name="${o.name}" type="${o.type ?? 'text'}"
        value="${o.value}" ${o.type === 'number' ? html`inputmode="numeric" min="${o.min ?? 0}" max="${o.max ?? 2000}"` : ''} ${aria}>`;
  return html`<div class="utrecht-form-field${o.error ? ' utrecht-form-field--invalid' : ''}">
    <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${o.id}">${o.label}</label></div>
    ${o.hint ? html`<div class="utrecht-form-field-description" id="${o.id}-hint">${o.hint}</div>` : ''}
    ${o.error ? html`<div class="utrecht-form-field-error-message" id="${o.id}-err">${t(o.error.message)}</div>` : ''}
    <div class="utrecht-form-field__input">${input}</div>
  </div>`;
}

const FIELDS = ['kind', 'skill', 'level', 'date', 'result', 'hours'] as const;

function milestoneFields(ctx: PageContext, prefix: string, m: Partial<MilestoneView> | null, state: InburgeringPageState | null): Html {
  const { t } = ctx;
  const v = state?.values;
  const value = (name: string, fallback: string | number | null | undefined) => (v ? (v[name] ?? '') : fallback === null || fallback === undefined ? '' : String(fallback));
  const none = { value: '', label: t('inburgering.choose_none') };
  const common = (name: (typeof FIELDS)[number]) => ({ id: `${prefix}-${name}`, name, error: errorOf(state?.errors, name) });
  return html`
    ${control(t, { ...common('kind'), label: t('inburgering.field.kind'), value: value('kind', m?.kind ?? 'exam'), options: KIND_ORDER.map((k) => ({ value: k, label: t(`inburgering.kind.${k}`) })) })}
    ${control(t, { ...common('skill'), label: t('inburgering.field.skill'), hint: t('inburgering.hint.skill'), value: value('skill', m?.skill), options: [none, ...EXAM_SKILLS.map((s) => ({ value: s, label: t(`inburgering.skill.${s}`) }))] })}
    ${control(t, { ...common('level'), label: t('inburgering.field.level'), hint: t('inburgering.hint.level'), value: value('level', m?.level), options: [none, ...EXAM_LEVELS.map((l) => ({ value: l, label: l.toUpperCase() }))] })}
    ${control(t, { ...common('date'), label: t('inburgering.field.date'), hint: t('inburgering.hint.date'), type: 'date', value: value('date', m?.date) })}
    ${control(t, { ...common('result'), label: t('inburgering.field.result'), hint: t('inburgering.hint.result'), value: value('result', m?.result ?? 'planned'), options: MILESTONE_RESULTS.map((r) => ({ value: r, label: t(`inburgering.result_option.${r}`) })) })}
    ${control(t, { ...common('hours'), label: t('inburgering.field.hours'), hint: t('inburgering.hint.hours'), type: 'number', value: value('hours', m?.hours) })}`;
}

function milestoneCard(ctx: PageContext, view: InburgeringView, m: MilestoneView, state: InburgeringPageState, level: 4 | 5 = 4): Html {
  const { t, locale } = ctx;
  const base = `/huishoudens/${view.householdId}/personen/${view.memberId}/inburgering/mijlpalen/${m.id}`;
  const mine = state.target === m.id ? state : null;
  const open = Boolean(mine?.errors?.length || mine?.conflict);
  return html`<li class="thuis-card thuis-milestone thuis-milestone--${m.result}" id="mijlpaal-${m.id}">
    ${level === 4 ? html`<h4 class="utrecht-heading-4 thuis-card__title">${milestoneTitle(t, m)}</h4>` : html`<h5 class="utrecht-heading-5 thuis-card__title">${milestoneTitle(t, m)}</h5>`}
    <dl class="thuis-facts">
      <div><dt>${t('inburgering.field.result')}</dt><dd>${resultLabel(t, m.kind, m.result)}</dd></div>
      ${m.date ? html`<div><dt>${t('inburgering.field.date')}</dt><dd>${formatDate(locale, m.date)}</dd></div>` : ''}
      ${m.hours !== null ? html`<div><dt>${t('inburgering.field.hours')}</dt><dd>${t('inburgering.hours_count', { count: m.hours })}</dd></div>` : ''}
      ${m.recordedByName ? html`<div><dt>${t('inburgering.recorded_by')}</dt><dd>${m.recordedByName}</dd></div>` : ''}
    </dl>
    ${view.canUpdate ? html`<details class="thuis-milestone__edit"${open ? ' open' : ''}>
        <summary>${t('inburgering.edit')}<span class="thuis-visually-hidden">: ${milestoneTitle(t, m)}</span></summary>
        <form method="post" action="${base}" class="thuis-form" novalidate>
          ${csrfField(ctx.csrfToken)}
          <input type="hidden" name="version" value="${mine?.conflict ? mine.conflict.version : m.version}">
          ${milestoneFields(ctx, `f-${m.id}`, m, mine && !mine.conflict ? mine : mine?.conflict ? { values: mine.values } : null)}
          <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('inburgering.save')}</button>
        </form>
        <p class="utrecht-paragraph thuis-milestone__delete">
          <a class="utrecht-link thuis-link-target" href="${base}/verwijderen">${t('inburgering.delete')}<span class="thuis-visually-hidden">: ${milestoneTitle(t, m)}</span></a>
        </p>
      </details>` : ''}
  </li>`;
}

function labelOf(t: Translate): (field: string) => string {
  return (field: string) => (field === 'text' ? t('inburgering.field.goal') : field === 'version' ? t('inburgering.field.version') : t(`inburgering.field.${field}`));
}

export function inburgeringPage(ctx: PageContext, view: InburgeringView, state: InburgeringPageState = {}): Html {
  const { t, locale } = ctx;
  const base = `/huishoudens/${view.householdId}/personen/${view.memberId}/inburgering`;
  const title = t('inburgering.title', { name: view.memberName });
  const idOf = (field: string) => (state.target === 'goal' ? 'f-goal-text' : `${state.target === 'new' || !state.target ? 'f-new' : `f-${state.target}`}-${field}`);
  const theirs = state.conflict;
  const newState = state.target === 'new' ? state : null;
  const goalError = state.target === 'goal' ? errorOf(state.errors, 'text') : undefined;
  return layout(ctx, title, html`
    <p class="utrecht-paragraph thuis-back-links">
      <a class="utrecht-link thuis-link-target" href="/huishoudens/${view.householdId}">${t('inburgering.back_household', { name: view.householdReference })}</a>
      ${view.canReadPlan ? html` · <a class="utrecht-link thuis-link-target" href="/huishoudens/${view.householdId}/plan">${t('inburgering.to_plan')}</a>
        · <a class="utrecht-link thuis-link-target" href="/huishoudens/${view.householdId}/personen/${view.memberId}/piramide">${t('inburgering.to_pyramid')}</a>` : ''}
    </p>
    <h1 class="utrecht-heading-1">${title}</h1>
    ${view.originalName ? html`<p class="utrecht-paragraph" dir="auto" lang="">${view.originalName}</p>` : ''}
    ${state.saved ? alert('ok', 'status', html`<p class="utrecht-paragraph">${t(`inburgering.saved.${state.saved}`)}</p>`) : ''}
    ${view.fileClosed ? alert('info', 'status', html`<p class="utrecht-paragraph">${t('inburgering.closed_read_only')}</p>`) : ''}
    ${theirs ? alert('warning', 'alert', html`
      <p class="utrecht-paragraph"><strong>${t('inburgering.conflict')}</strong></p>
      <p class="utrecht-paragraph">${milestoneTitle(t, theirs)}: ${milestoneLine(ctx, theirs)}${theirs.recordedByName ? html` (${theirs.recordedByName})` : ''}</p>
      <p class="utrecht-paragraph">${t('inburgering.conflict_help')}</p>`, { focus: true }) : ''}
    ${summary(t, state.errors, labelOf(t), idOf)}

    <section class="thuis-section thuis-inburgering-section" aria-labelledby="pip-heading">
      <h2 class="utrecht-heading-2" id="pip-heading">${t('inburgering.pip_heading')}</h2>
      <dl class="thuis-facts thuis-facts--wide">
        <div><dt>${t('registration.field.targetGroup')}</dt><dd>${view.targetGroup ? t(`registration.target.${view.targetGroup}`) : t('common.unknown')}</dd></div>
        <div><dt>${t('registration.field.learningRoute')}</dt><dd>${view.learningRoute ? t(`registration.route.${view.learningRoute}`) : t('common.unknown')}</dd></div>
        ${view.duoNoticeDate ? html`<div><dt>${t('registration.field.duoNoticeDate')}</dt><dd>${formatDate(locale, view.duoNoticeDate)}</dd></div>` : ''}
        ${view.pipDueOn && !view.pipDate ? html`<div><dt>${t('registration.deadline.pip_due')}</dt><dd>${formatDate(locale, view.pipDueOn)}</dd></div>` : ''}
        <div><dt>${t('registration.field.pipDate')}</dt><dd>${view.pipDate ? formatDate(locale, view.pipDate) : t('inburgering.not_yet')}</dd></div>
        ${view.integrationTermEndsOn ? html`<div><dt>${t('registration.deadline.integration_term_ends')}</dt><dd>${formatDate(locale, view.integrationTermEndsOn)}</dd></div>` : ''}
      </dl>
      <p class="utrecht-paragraph">${t('inburgering.pip_facts_help')}</p>
      <h3 class="utrecht-heading-3">${t('inburgering.pip_goals')}</h3>
      ${view.pipGoals.length ? html`<ul class="thuis-pip-goals">${view.pipGoals.map((g) => html`<li class="thuis-pip-goal">
          <span dir="auto">${g.text}</span>
          ${view.canUpdate ? html`<a class="utrecht-link thuis-link-target thuis-pip-goal__remove" href="${base}/pip-doelen/${g.id}/verwijderen">${t('inburgering.remove_goal')}<span class="thuis-visually-hidden">: ${g.text}</span></a>` : ''}
        </li>`)}</ul>` : html`<p class="utrecht-paragraph">${t('inburgering.no_pip_goals')}</p>`}
      ${view.canUpdate ? html`<form method="post" action="${base}/pip-doelen" class="thuis-form" novalidate>
          ${csrfField(ctx.csrfToken)}
          <div class="utrecht-form-field${goalError ? ' utrecht-form-field--invalid' : ''}">
            <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="f-goal-text">${t('inburgering.field.goal')}</label></div>
            <div class="utrecht-form-field-description" id="f-goal-text-hint">${t('inburgering.hint.goal')}</div>
            ${goalError ? html`<div class="utrecht-form-field-error-message" id="f-goal-text-err">${t(goalError.message)}</div>` : ''}
            <div class="utrecht-form-field__input">
              <textarea class="utrecht-textarea utrecht-textarea--html-textarea${goalError ? ' utrecht-textarea--invalid' : ''}" id="f-goal-text" name="text" rows="2" dir="auto" maxlength="500"
                aria-describedby="f-goal-text-hint${goalError ? ' f-goal-text-err' : ''}" ${goalError ? 'aria-invalid="true"' : ''}>${state.target === 'goal' ? (state.values?.text ?? '') : ''}</textarea>
            </div>
          </div>
          <button class="utrecht-button utrecht-button--secondary-action" type="submit">${t('inburgering.add_goal')}</button>
        </form>` : ''}
    </section>

    <section class="thuis-section thuis-inburgering-section" aria-labelledby="milestones-heading">
      <h2 class="utrecht-heading-2" id="milestones-heading">${t('inburgering.milestones')}</h2>
      ${KIND_ORDER.filter((kind) => kind !== 'exam').map((kind) => {
        const list = view.milestones.filter((m) => m.kind === kind);
        return html`<h3 class="utrecht-heading-3">${t(`inburgering.kind_long.${kind}`)}</h3>
          ${list.length ? html`<ul class="thuis-cards thuis-milestones">${list.map((m) => milestoneCard(ctx, view, m, state))}</ul>` : html`<p class="utrecht-paragraph">${t('inburgering.none_of_kind')}</p>`}`;
      })}
      <h3 class="utrecht-heading-3" id="exams-heading">${t('inburgering.kind_long.exam')}</h3>
      ${view.freeAttempts ? html`<p class="utrecht-paragraph">${t('inburgering.free_attempts_help', { name: view.firstName })}</p>` : ''}
      ${view.exams.map((s) => {
        const list = view.milestones.filter((m) => m.kind === 'exam' && m.skill === s.skill);
        return html`<div class="thuis-exam-skill" id="examen-${s.skill}">
          <h4 class="utrecht-heading-4">${t(`inburgering.skill_title.${s.skill}`)}</h4>
          <dl class="thuis-facts">
            <div><dt>${t('inburgering.attempts')}</dt><dd>${s.attempts}</dd></div>
            ${s.freeAttemptsLeft !== null ? html`<div><dt>${t('inburgering.free_attempts')}</dt><dd>${freeAttemptsText(t, s)}</dd></div>` : ''}
          </dl>
          ${list.length ? html`<ul class="thuis-cards thuis-milestones">${list.map((m) => milestoneCard(ctx, view, m, state, 5))}</ul>` : html`<p class="utrecht-paragraph">${t('inburgering.no_exam_yet')}</p>`}
        </div>`;
      })}
      ${(() => {
        // An exam without a skill (entered through the API before the rule) still shows.
        const loose = view.milestones.filter((m) => m.kind === 'exam' && !m.skill);
        return loose.length ? html`<ul class="thuis-cards thuis-milestones">${loose.map((m) => milestoneCard(ctx, view, m, state))}</ul>` : '';
      })()}
    </section>

    ${view.canUpdate ? html`<section class="thuis-section" aria-labelledby="new-milestone-heading" id="nieuw">
      <h2 class="utrecht-heading-2" id="new-milestone-heading">${t('inburgering.add_milestone')}</h2>
      <form method="post" action="${base}" class="thuis-form thuis-milestone-form" novalidate>
        ${csrfField(ctx.csrfToken)}
        ${milestoneFields(ctx, 'f-new', null, newState)}
        <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('inburgering.add_milestone')}</button>
      </form>
    </section>` : ''}`);
}

// ---- "Weet u het zeker?" before a delete ----

/** The confirmation step before deleting a PIP goal or a milestone: what goes, a POST button, and the way back. */
export function confirmDeletePage(ctx: PageContext, view: InburgeringView, target: DeleteTarget): Html {
  const { t } = ctx;
  const base = `/huishoudens/${view.householdId}/personen/${view.memberId}/inburgering`;
  const isGoal = target.kind === 'pip_goal';
  const action = isGoal ? `${base}/pip-doelen/${target.goal.id}/verwijderen` : `${base}/mijlpalen/${target.milestone.id}/verwijderen`;
  const back = isGoal ? `${base}#pip-heading` : `${base}#mijlpaal-${target.milestone.id}`;
  const title = t(isGoal ? 'inburgering.confirm.goal_title' : 'inburgering.confirm.milestone_title');
  return layout(ctx, title, html`
    <p class="utrecht-paragraph thuis-back-links">
      <a class="utrecht-link thuis-link-target" href="${back}">${t('inburgering.confirm.back', { name: view.memberName })}</a>
    </p>
    <h1 class="utrecht-heading-1">${title}</h1>
    <p class="utrecht-paragraph">${t('inburgering.confirm.sure')}</p>
    <div class="thuis-card thuis-confirm-delete__item">
      ${isGoal
        ? html`<p class="utrecht-paragraph" dir="auto">${target.goal.text}</p>`
        : html`<p class="utrecht-paragraph"><strong>${milestoneTitle(t, target.milestone)}</strong></p>
          <p class="utrecht-paragraph">${milestoneLine(ctx, target.milestone)}</p>`}
    </div>
    <p class="utrecht-paragraph">${t('inburgering.confirm.cannot_undo')}</p>
    <form method="post" action="${action}" class="thuis-form thuis-confirm-delete">
      ${csrfField(ctx.csrfToken)}
      ${isGoal ? '' : html`<input type="hidden" name="version" value="${target.milestone.version}">`}
      <div class="thuis-confirm-delete__actions">
        <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('inburgering.confirm.yes')}</button>
        <a class="utrecht-link thuis-link-target" href="${back}">${t('inburgering.confirm.no')}</a>
      </div>
    </form>`);
}

// ---- the pyramid layer ----

export interface PyramidPageState {
  values?: Record<string, string>;
  errors?: FieldError[];
  /** REL-LOCK: someone else moved her to another layer meanwhile. */
  conflict?: boolean;
  saved?: boolean;
}

export function pyramidPage(ctx: PageContext, view: PyramidView, state: PyramidPageState = {}): Html {
  const { t, locale } = ctx;
  const title = t('inburgering.pyramid.title', { name: view.memberName });
  const today = todayIso();
  const v = state.values;
  const chosen = v?.layer ?? view.layer;
  const sinceError = errorOf(state.errors, 'since');
  const layerError = errorOf(state.errors, 'layer');
  return layout(ctx, title, html`
    <p class="utrecht-paragraph thuis-back-links">
      <a class="utrecht-link thuis-link-target" href="/huishoudens/${view.householdId}">${t('inburgering.back_household', { name: view.householdReference })}</a>
      · <a class="utrecht-link thuis-link-target" href="/huishoudens/${view.householdId}/plan">${t('inburgering.to_plan')}</a>
      · <a class="utrecht-link thuis-link-target" href="/huishoudens/${view.householdId}/personen/${view.memberId}/inburgering">${t('inburgering.to_inburgering')}</a>
    </p>
    <h1 class="utrecht-heading-1">${title}</h1>
    ${state.saved ? alert('ok', 'status', html`<p class="utrecht-paragraph">${t('inburgering.pyramid.saved', { name: t(`pyramid.layer.${view.layer}`) })}</p>`) : ''}
    ${state.conflict ? alert('warning', 'alert', html`<p class="utrecht-paragraph"><strong>${t('inburgering.pyramid.conflict', { name: t(`pyramid.layer.${view.layer}`) })}</strong></p>`, { focus: true }) : ''}
    ${view.fileClosed ? alert('info', 'status', html`<p class="utrecht-paragraph">${t('inburgering.closed_read_only')}</p>`) : ''}
    ${summary(t, state.errors, (f) => t(`inburgering.pyramid.field.${f}`))}
    <p class="utrecht-paragraph thuis-layer-now">${t('inburgering.pyramid.now')} <strong>${t(`pyramid.layer.${view.layer}`)}</strong></p>
    <p class="utrecht-paragraph">${t(`inburgering.pyramid.meaning.${view.layer}`)}</p>

    ${view.canWrite ? html`<section class="thuis-section" aria-labelledby="change-heading">
      <h2 class="utrecht-heading-2" id="change-heading">${t('inburgering.pyramid.change')}</h2>
      <form method="post" action="/huishoudens/${view.householdId}/personen/${view.memberId}/piramide" class="thuis-form" novalidate>
        ${csrfField(ctx.csrfToken)}
        <input type="hidden" name="currentLayer" value="${view.layer}">
        <fieldset class="utrecht-form-fieldset thuis-fieldset" ${layerError ? html`aria-describedby="f-layer-err"` : ''}>
          <legend class="utrecht-form-fieldset__legend">${t('inburgering.pyramid.field.layer')}</legend>
          ${layerError ? html`<div class="utrecht-form-field-error-message" id="f-layer-err">${t(layerError.message)}</div>` : ''}
          ${PYRAMID_LAYERS.map((l, n) => {
            const id = n === 0 ? 'f-layer' : `f-layer-${l}`;
            return html`<div class="utrecht-form-field utrecht-form-field--radio thuis-radio thuis-layer-option">
            <input class="utrecht-radio-button utrecht-radio-button--html-input" type="radio" id="${id}" name="layer" value="${l}" ${chosen === l ? 'checked' : ''} aria-describedby="${id}-meaning">
            <label class="utrecht-form-label utrecht-form-label--radio" for="${id}">${t(`pyramid.layer.${l}`)}</label>
            <div class="utrecht-form-field-description thuis-layer-option__meaning" id="${id}-meaning">${t(`inburgering.pyramid.meaning.${l}`)}</div>
          </div>`;
          })}
        </fieldset>
        <div class="utrecht-form-field${sinceError ? ' utrecht-form-field--invalid' : ''}">
          <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="f-since">${t('inburgering.pyramid.field.since')}</label></div>
          ${sinceError ? html`<div class="utrecht-form-field-error-message" id="f-since-err">${t(sinceError.message)}</div>` : ''}
          <div class="utrecht-form-field__input">
            <input class="utrecht-textbox utrecht-textbox--html-input${sinceError ? ' utrecht-textbox--invalid' : ''}" id="f-since" name="since" type="date" max="${today}"
              value="${v?.since ?? today}" ${sinceError ? html`aria-invalid="true" aria-describedby="f-since-err"` : ''}>
          </div>
        </div>
        <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('inburgering.pyramid.save')}</button>
      </form>
    </section>` : ''}

    <section class="thuis-section" aria-labelledby="history-heading">
      <h2 class="utrecht-heading-2" id="history-heading">${t('inburgering.pyramid.history')}</h2>
      ${view.history.length ? html`<ol class="thuis-layer-history">
        ${view.history.map((h) => html`<li><strong>${t(`pyramid.layer.${h.layer}`)}</strong> ${t('inburgering.pyramid.since', { name: formatDate(locale, h.since) })}
          · ${h.recordedByName ? t('inburgering.pyramid.by', { name: h.recordedByName }) : t('inburgering.pyramid.at_registration')}</li>`)}
      </ol>` : html`<p class="utrecht-paragraph">${t('inburgering.pyramid.no_history', { name: t(`pyramid.layer.${view.layer}`) })}</p>`}
    </section>

    <section class="thuis-section" aria-labelledby="offers-heading">
      <h2 class="utrecht-heading-2" id="offers-heading">${t('inburgering.pyramid.offers')}</h2>
      <p class="utrecht-paragraph">${t('inburgering.pyramid.offers_help')}</p>
      <ul class="thuis-cards thuis-layer-offers">
        ${view.offers.map((o) => html`<li class="thuis-card${o.layer === view.layer ? ' thuis-layer-offers--current' : ''}">
          <h3 class="utrecht-heading-3 thuis-card__title">${t(`pyramid.layer.${o.layer}`)}${o.layer === view.layer ? html` <span class="thuis-layer-offers__now">(${t('inburgering.pyramid.current')})</span>` : ''}</h3>
          <p class="utrecht-paragraph thuis-layer-offers__meaning">${t(`inburgering.pyramid.meaning.${o.layer}`)}</p>
          ${(['individual', 'group'] as const).map((kind) => html`<h4 class="utrecht-heading-4">${t(`pyramid.kind.${kind}`)}</h4>
            ${o[kind].length ? html`<ul class="utrecht-unordered-list">${o[kind].map((offer) => html`<li dir="auto">${offerLabel(t, offer)}${offer.domainKey ? html` <span class="thuis-offer-domain">(${domainLabel(t, view.domains, offer.domainKey)})</span>` : ''}</li>`)}</ul>`
              : html`<p class="utrecht-paragraph">${t('inburgering.pyramid.no_offers')}</p>`}`)}
        </li>`)}
      </ul>
    </section>`);
}
