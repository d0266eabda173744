import type { FieldError } from '../../platform/errors.ts';
import { formatDate, type Translate } from '../../platform/i18n/index.ts';
import type { EvaluationConflict, EvaluationFormData, EvaluationView, PlanHeading } from '../../features/plans/evaluations.ts';
import type { DomainComparison, GoalComparison, PlanComparison, ScoreChange, VersionMeta } from '../../features/plans/versions.ts';
import { GOAL_STATUSES, SCORE_MAX, SCORE_MIN, type GoalStatus } from '../../features/plans/schema.ts';
import { AGREEMENTS_MAX, PRESENT_OTHERS_MAX, PROGRESS_NOTE_MAX } from '../../features/plans/evaluation-inputs.ts';
import { alert, csrfField, html, type Html } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';
import { summary } from './trajectories.ts';

// Evaluation talks (record one on a phone during a home visit, read one back) and the plan's versions (list,
// compare any two side by side). No script: the form is one page of fieldsets; changes in a comparison are
// said in words ("Score: 2 → 4 (hoger)", "Veranderd"), never by colour alone.

const SCORES = Array.from({ length: SCORE_MAX - SCORE_MIN + 1 }, (_, i) => SCORE_MIN + i);

export function domainLabel(t: Translate, d: { key: string; label: string | null }): string {
  if (d.label) return d.label;
  const translated = t(`plan.domain.${d.key}`);
  return translated === `plan.domain.${d.key}` ? d.key : translated;
}

export function scoreLabel(t: Translate, labels: string[] | null, n: number): string {
  return labels?.[n - 1] ?? t(`plan.score.${n}`);
}

function planName(t: Translate, plan: PlanHeading): string {
  return plan.kind === 'personal' && plan.memberName
    ? t('evaluation.plan.personal', { name: plan.memberName })
    : t('evaluation.plan.household', { name: plan.householdReference });
}

function backToPlan(ctx: PageContext, plan: PlanHeading): Html {
  return html`<p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/plannen/${plan.id}">${ctx.t('evaluation.back_to_plan')}</a></p>`;
}

function planLine(ctx: PageContext, plan: PlanHeading): Html {
  return html`<p class="utrecht-paragraph thuis-evaluation__plan"><bdi>${planName(ctx.t, plan)}</bdi></p>`;
}

function goalStatus(t: Translate, status: GoalStatus | null): string {
  return status ? t(`plan.goal_status.${status}`) : t('plan_version.empty');
}

// ---- New evaluation -----------------------------------------------------------------------------------------------

export interface EvaluationFormState {
  /** The submitted form (repeated names keep all their values). */
  values?: Record<string, string[]>;
  errors?: FieldError[];
  /** REL-LOCK: goals someone else changed while this form was open. */
  conflict?: EvaluationConflict;
  /** REL-IDEM: the key of this form, kept when it is shown again after an error. */
  submissionKey: string;
  today: string;
}

const first = (values: Record<string, string[]> | undefined, name: string): string | undefined => values?.[name]?.[0];

/** Where the error summary links to for a field of this form. */
function idOf(field: string): string {
  if (field.startsWith('score.')) return `f-score-${field.slice(6)}`;
  const goal = /^goal\.([^.]+)\.(status|note)$/.exec(field);
  if (goal) return `f-goal-${goal[1]}-${goal[2]}`;
  return `f-${field}`;
}

function errorText(ctx: PageContext, id: string, error: FieldError | undefined): Html {
  return error ? html`<p class="utrecht-form-field-error-message" id="${id}-err">${ctx.t(error.message)}</p>` : html``;
}

function radio(o: { id: string; name: string; value: string; label: string; checked: boolean }): Html {
  return html`<div class="thuis-radio">
    <input class="utrecht-radio-button utrecht-radio-button--html-input" type="radio" id="${o.id}" name="${o.name}" value="${o.value}" ${o.checked ? 'checked' : ''}>
    <label class="utrecht-form-label utrecht-form-label--radio-button" for="${o.id}">${o.label}</label>
  </div>`;
}

function textInput(o: { id: string; name: string; label: string; value?: string; type?: string; description?: string; error?: FieldError; ctx: PageContext; maxlength?: number; max?: string; required?: boolean }): Html {
  const describedBy = [o.description ? `${o.id}-desc` : '', o.error ? `${o.id}-err` : ''].filter(Boolean).join(' ');
  return html`<div class="utrecht-form-field utrecht-form-field--text${o.error ? ' utrecht-form-field--invalid' : ''}">
    <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${o.id}">${o.label}</label></div>
    ${o.description ? html`<div class="utrecht-form-field-description" id="${o.id}-desc">${o.description}</div>` : ''}
    ${o.error ? html`<div class="utrecht-form-field-error-message" id="${o.id}-err">${o.ctx.t(o.error.message)}</div>` : ''}
    <div class="utrecht-form-field__input">
      <input class="utrecht-textbox utrecht-textbox--html-input${o.error ? ' utrecht-textbox--invalid' : ''}" id="${o.id}" name="${o.name}"
        type="${o.type ?? 'text'}" value="${o.value ?? ''}" ${o.type === 'date' ? '' : html`dir="auto"`} ${o.maxlength ? html`maxlength="${o.maxlength}"` : ''}
        ${o.max ? html`max="${o.max}"` : ''} ${o.required ? 'required' : ''}
        ${describedBy ? html`aria-describedby="${describedBy}"` : ''} ${o.error ? html`aria-invalid="true"` : ''}>
    </div>
  </div>`;
}

function conflictBox(ctx: PageContext, conflict: EvaluationConflict): Html {
  const { t, locale } = ctx;
  return alert('warning', 'alert', html`
    <p class="utrecht-paragraph"><strong>${t('evaluation.conflict.heading', { count: conflict.goals.length })}</strong></p>
    <p class="utrecht-paragraph">${t('evaluation.conflict.help')}</p>
    <ul class="utrecht-unordered-list">
      ${conflict.goals.map((g) => html`<li><bdi dir="auto">${g.text}</bdi>: ${t('evaluation.conflict.now', { name: goalStatus(t, g.status) })}
        (${t('evaluation.conflict.by', { name: `${g.updatedByName ?? t('common.unknown')}, ${formatDate(locale, g.updatedAt)}` })})</li>`)}
    </ul>`, { id: 'conflict', focus: true });
}

export function evaluationFormPage(ctx: PageContext, data: EvaluationFormData, state: EvaluationFormState): Html {
  const { t, locale } = ctx;
  const errors = state.errors ?? [];
  const errorOf = (field: string) => errors.find((e) => e.field === field);
  const values = state.values;
  const labelOf = (field: string): string => {
    if (field.startsWith('score.')) {
      const domain = data.domains.find((d) => d.key === field.slice(6));
      return domain ? domainLabel(t, domain) : t('evaluation.scores.heading');
    }
    const goal = /^goal\.([^.]+)\.(status|note)$/.exec(field);
    if (goal) {
      const g = data.goals.find((x) => x.id === goal[1]);
      return `${g?.text ?? t('evaluation.goals.heading')} (${t(goal[2] === 'note' ? 'evaluation.goals.note' : 'evaluation.goals.status')})`;
    }
    const known: Record<string, string> = {
      heldOn: 'evaluation.field.held_on', presentMemberIds: 'evaluation.field.present', presentOthers: 'evaluation.field.present_others', agreements: 'evaluation.field.agreements',
    };
    return t(known[field] ?? 'evaluation.form');
  };
  const presentChecked = new Set(values?.presentMemberIds ?? []);
  const presentError = errorOf('presentMemberIds');
  const next = data.next;

  const members = html`<fieldset class="thuis-fieldset" ${presentError ? html`aria-describedby="f-presentMemberIds-err"` : ''}>
    <legend>${t('evaluation.field.present')}</legend>
    ${errorText(ctx, 'f-presentMemberIds', presentError)}
    ${data.members.map((m, i) => html`<div class="utrecht-form-field utrecht-form-field--checkbox">
      <div class="utrecht-form-field__input">
        <input class="utrecht-checkbox utrecht-checkbox--html-input thuis-checkbox" type="checkbox" id="${i === 0 ? 'f-presentMemberIds' : `f-present-${m.id}`}"
          name="presentMemberIds" value="${m.id}" ${presentChecked.has(m.id) ? 'checked' : ''}>
      </div>
      <div class="utrecht-form-field__label"><label class="utrecht-form-label utrecht-form-label--checkbox" for="${i === 0 ? 'f-presentMemberIds' : `f-present-${m.id}`}"><bdi>${m.firstName}</bdi></label></div>
    </div>`)}
    ${textInput({ ctx, id: 'f-presentOthers', name: 'presentOthers', label: t('evaluation.field.present_others'), description: t('evaluation.field.present_others_help'), value: first(values, 'presentOthers'), maxlength: PRESENT_OTHERS_MAX, error: errorOf('presentOthers') })}
  </fieldset>`;

  const scores = html`<section aria-labelledby="scores-heading" class="thuis-section thuis-evaluation__part">
    <h2 class="utrecht-heading-2" id="scores-heading">${t('evaluation.scores.heading')}</h2>
    <p class="utrecht-paragraph">${t('evaluation.scores.help')}</p>
    ${data.domains.length === 0 ? html`<p class="utrecht-paragraph">${t('evaluation.scores.no_domains')}</p>` : ''}
    ${data.domains.map((d) => {
      const name = `score.${d.key}`;
      const error = errorOf(name);
      const previous = d.scores.length ? d.scores[d.scores.length - 1]!.score : null;
      const chosen = first(values, name) ?? '';
      const base = `f-score-${d.key}`;
      return html`<fieldset class="thuis-fieldset thuis-evaluation__domain" aria-describedby="${base}-prev${error ? ` ${base}-err` : ''}">
        <legend>${domainLabel(t, d)}</legend>
        <p class="utrecht-paragraph thuis-evaluation__previous" id="${base}-prev">${previous === null
          ? t('evaluation.scores.no_previous')
          : t('evaluation.scores.previous', { name: `${previous} – ${scoreLabel(t, data.scoreLabels, previous)}` })}</p>
        ${errorText(ctx, base, error)}
        ${SCORES.map((n, i) => radio({ id: i === 0 ? base : `${base}-${n}`, name, value: String(n), checked: chosen === String(n),
          // The previous score is marked in the list itself, so the coach sees at a glance whether it goes up or down.
          label: `${n} – ${scoreLabel(t, data.scoreLabels, n)}${previous === n ? ` ${t('evaluation.scores.previous_mark')}` : ''}` }))}
        ${radio({ id: `${base}-none`, name, value: '', label: t('evaluation.scores.none'), checked: chosen === '' })}
      </fieldset>`;
    })}
  </section>`;

  const goals = html`<section aria-labelledby="goals-heading" class="thuis-section thuis-evaluation__part">
    <h2 class="utrecht-heading-2" id="goals-heading">${t('evaluation.goals.heading')}</h2>
    ${data.goals.length === 0 ? html`<p class="utrecht-paragraph">${t('evaluation.goals.none')}</p>` : ''}
    ${data.goals.map((g) => {
      const base = `f-goal-${g.id}`;
      const statusName = `goal.${g.id}.status`;
      const noteName = `goal.${g.id}.note`;
      const error = errorOf(statusName);
      // After a conflict the form shows the other person's change: the version read is the current one now.
      const chosen = first(values, statusName) ?? g.status;
      return html`<fieldset class="thuis-fieldset thuis-evaluation__goal" aria-describedby="${base}-now${error ? ` ${base}-status-err` : ''}">
        <legend><bdi dir="auto">${g.text}</bdi></legend>
        <p class="utrecht-paragraph" id="${base}-now">${domainLabel(t, data.domains.find((d) => d.key === g.domainKey) ?? { key: g.domainKey, label: null })} · ${t('evaluation.goals.current', { name: goalStatus(t, g.status) })}</p>
        <input type="hidden" name="goal.${g.id}.version" value="${g.version}">
        ${errorText(ctx, `${base}-status`, error)}
        ${GOAL_STATUSES.map((s, i) => radio({ id: i === 0 ? `${base}-status` : `${base}-${s}`, name: statusName, value: s, label: t(`plan.goal_status.${s}`), checked: chosen === s }))}
        ${textInput({ ctx, id: `${base}-note`, name: noteName, label: t('evaluation.goals.note'), value: first(values, noteName), maxlength: PROGRESS_NOTE_MAX, error: errorOf(noteName) })}
      </fieldset>`;
    })}
  </section>`;

  const agreementsError = errorOf('agreements');
  const body = html`
    ${backToPlan(ctx, data.plan)}
    <h1 class="utrecht-heading-1">${t('evaluation.new.title')}</h1>
    ${planLine(ctx, data.plan)}
    ${state.conflict ? conflictBox(ctx, state.conflict) : summary(t, errors, labelOf, idOf)}
    <p class="utrecht-paragraph">${t('evaluation.new.intro')}</p>
    ${next ? html`<p class="utrecht-paragraph">${t(next.overdue ? 'evaluation.due_overdue' : 'evaluation.due_on', { name: formatDate(locale, next.dueOn) })}</p>` : ''}
    <form method="post" action="/plannen/${data.plan.id}/evaluaties/nieuw" class="thuis-form thuis-evaluation__form">
      ${csrfField(ctx.csrfToken)}
      <input type="hidden" name="submissionKey" value="${state.submissionKey}">
      ${textInput({ ctx, id: 'f-heldOn', name: 'heldOn', type: 'date', label: t('evaluation.field.held_on'), value: first(values, 'heldOn') ?? state.today, max: state.today, required: true, error: errorOf('heldOn') })}
      ${members}
      ${scores}
      ${goals}
      <div class="utrecht-form-field utrecht-form-field--text${agreementsError ? ' utrecht-form-field--invalid' : ''}">
        <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="f-agreements">${t('evaluation.field.agreements')}</label></div>
        <div class="utrecht-form-field-description" id="f-agreements-desc">${t('evaluation.field.agreements_help')}</div>
        ${agreementsError ? html`<div class="utrecht-form-field-error-message" id="f-agreements-err">${t(agreementsError.message)}</div>` : ''}
        <div class="utrecht-form-field__input">
          <textarea class="utrecht-textarea utrecht-textarea--html-textarea" id="f-agreements" name="agreements" rows="5" dir="auto" maxlength="${AGREEMENTS_MAX}"
            aria-describedby="f-agreements-desc${agreementsError ? ' f-agreements-err' : ''}" ${agreementsError ? 'aria-invalid="true"' : ''}>${first(values, 'agreements') ?? ''}</textarea>
        </div>
      </div>
      <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('evaluation.save')}</button>
    </form>`;
  return layout(ctx, t('evaluation.new.title'), body);
}

// ---- One evaluation -----------------------------------------------------------------------------------------------

function changeWord(t: Translate, change: ScoreChange | null): string {
  return change ? t(`plan_version.change.${change}`) : '';
}

/** "4 (hoger)": the score with its change in words, bold when it moved (three columns fit a phone). */
function changeCell(t: Translate, score: number, change: ScoreChange | null): Html {
  const word = changeWord(t, change);
  if (!word) return html`${score}`;
  return change === 'same' ? html`${score} (${word})` : html`<strong>${score} (${word})</strong>`;
}

function scoreChangeOf(previous: number | null, score: number): ScoreChange {
  return previous === null ? 'new' : score > previous ? 'higher' : score < previous ? 'lower' : 'same';
}

export function evaluationPage(ctx: PageContext, plan: PlanHeading, e: EvaluationView, options: { saved?: boolean; replayed?: boolean } = {}): Html {
  const { t, locale } = ctx;
  const present = [...e.presentMembers.map((m) => m.firstName), ...(e.presentOthers ? [e.presentOthers] : [])];
  const body = html`
    ${backToPlan(ctx, plan)}
    <h1 class="utrecht-heading-1">${t('evaluation.view.title', { name: formatDate(locale, e.heldOn) })}</h1>
    ${planLine(ctx, plan)}
    ${options.saved ? alert('ok', 'status', html`<p class="utrecht-paragraph">${t(options.replayed ? 'evaluation.saved_before' : 'evaluation.saved')}</p>`) : ''}
    <dl class="thuis-facts thuis-facts--wide">
      <div><dt>${t('evaluation.field.held_on')}</dt><dd>${formatDate(locale, e.heldOn)}</dd></div>
      <div><dt>${t('evaluation.field.present')}</dt><dd>${present.length ? html`${present.map((p, i) => html`${i ? ', ' : ''}<bdi dir="auto">${p}</bdi>`)}` : t('plan_version.empty')}</dd></div>
      <div><dt>${t('evaluation.view.recorded_by')}</dt><dd>${e.recordedByName ?? t('common.unknown')}</dd></div>
      ${e.versionNumber ? html`<div><dt>${t('evaluation.view.version')}</dt><dd>${t('plan_version.label', { count: e.versionNumber })}
        ${e.versionNumber > 1 ? html` · <a class="utrecht-link" href="/plannen/${plan.id}/versies/vergelijken?a=${e.versionNumber - 1}&amp;b=${e.versionNumber}">${t('evaluation.view.compare_previous')}</a>` : ''}</dd></div>` : ''}
    </dl>
    <section aria-labelledby="ev-scores" class="thuis-section">
      <h2 class="utrecht-heading-2" id="ev-scores">${t('evaluation.view.scores')}</h2>
      ${e.scores.length === 0 ? html`<p class="utrecht-paragraph">${t('evaluation.view.no_scores')}</p>` : html`
      <div class="thuis-table-wrap"><table class="utrecht-table thuis-compare-table">
        <caption class="thuis-visually-hidden">${t('evaluation.view.scores')}</caption>
        <thead class="utrecht-table__header"><tr class="utrecht-table__row">
          <th scope="col" class="utrecht-table__header-cell">${t('plan_version.field.domain')}</th>
          <th scope="col" class="utrecht-table__header-cell">${t('evaluation.view.before')}</th>
          <th scope="col" class="utrecht-table__header-cell">${t('evaluation.view.after')}</th>
        </tr></thead>
        <tbody class="utrecht-table__body">
          ${e.scores.map((s) => html`<tr class="utrecht-table__row">
            <th scope="row" class="utrecht-table__header-cell">${domainLabel(t, { key: s.domainKey, label: s.label })}</th>
            <td class="utrecht-table__cell">${s.previous ?? t('plan_version.empty')}</td>
            <td class="utrecht-table__cell">${changeCell(t, s.score, scoreChangeOf(s.previous, s.score))}</td>
          </tr>`)}
        </tbody>
      </table></div>`}
    </section>
    <section aria-labelledby="ev-goals" class="thuis-section">
      <h2 class="utrecht-heading-2" id="ev-goals">${t('evaluation.view.goals')}</h2>
      ${e.goals.length === 0 ? html`<p class="utrecht-paragraph">${t('evaluation.goals.none')}</p>` : html`
      <ul class="thuis-cards thuis-evaluation__progress">
        ${e.goals.map((g) => html`<li class="thuis-card">
          <h3 class="utrecht-heading-3 thuis-card__title"><bdi dir="auto">${g.text}</bdi></h3>
          <p class="utrecht-paragraph">${g.statusBefore === g.statusAfter
            ? t('evaluation.view.status_same', { name: goalStatus(t, g.statusAfter) })
            : t('evaluation.view.status_change', { name: `${goalStatus(t, g.statusBefore)} ${t('plan_version.arrow')} ${goalStatus(t, g.statusAfter)}` })}</p>
          ${g.note ? html`<p class="utrecht-paragraph thuis-note__text" dir="auto">${g.note}</p>` : ''}
        </li>`)}
      </ul>`}
    </section>
    <section aria-labelledby="ev-agreements" class="thuis-section">
      <h2 class="utrecht-heading-2" id="ev-agreements">${t('evaluation.field.agreements')}</h2>
      ${e.agreements ? html`<p class="utrecht-paragraph thuis-note__text" dir="auto">${e.agreements}</p>` : html`<p class="utrecht-paragraph">${t('evaluation.view.no_agreements')}</p>`}
    </section>
    <p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/plannen/${plan.id}/versies">${t('plan_version.title')}</a></p>`;
  return layout(ctx, t('evaluation.view.title', { name: formatDate(locale, e.heldOn) }), body);
}

// ---- Versions -----------------------------------------------------------------------------------------------------

function reasonText(ctx: PageContext, v: VersionMeta): string {
  return v.reason === 'evaluation'
    ? ctx.t('plan_version.reason.evaluation', { name: v.evaluationHeldOn ? formatDate(ctx.locale, v.evaluationHeldOn) : '' })
    : ctx.t('plan_version.reason.established');
}

function versionOption(ctx: PageContext, v: VersionMeta): string {
  return ctx.t('plan_version.option', { count: v.number, name: reasonText(ctx, v) });
}

function pickForm(ctx: PageContext, planId: string, versions: VersionMeta[], a: number, b: number): Html {
  const { t } = ctx;
  const choice = (id: string, name: string, label: string, chosen: number) => html`<div class="utrecht-form-field">
    <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${label}</label></div>
    <div class="utrecht-form-field__input">
      <select class="utrecht-select utrecht-select--html-select" id="${id}" name="${name}">
        ${versions.map((v) => html`<option value="${v.number}" ${v.number === chosen ? 'selected' : ''}>${versionOption(ctx, v)}</option>`)}
      </select>
    </div>
  </div>`;
  return html`<form method="get" action="/plannen/${planId}/versies/vergelijken" class="thuis-form thuis-compare__pick" aria-labelledby="pick-heading">
    <h2 class="utrecht-heading-2" id="pick-heading">${t('plan_version.compare.heading')}</h2>
    ${choice('f-a', 'a', t('plan_version.compare.a'), a)}
    ${choice('f-b', 'b', t('plan_version.compare.b'), b)}
    <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('plan_version.compare.submit')}</button>
  </form>`;
}

export function versionsPage(ctx: PageContext, plan: PlanHeading, versions: VersionMeta[]): Html {
  const { t, locale } = ctx;
  const latest = versions[versions.length - 1];
  const body = html`
    ${backToPlan(ctx, plan)}
    <h1 class="utrecht-heading-1">${t('plan_version.title')}</h1>
    ${planLine(ctx, plan)}
    <p class="utrecht-paragraph">${t('plan_version.intro')}</p>
    ${versions.length === 0 ? html`<p class="utrecht-paragraph">${t('plan_version.none')}</p>` : html`
    <div class="thuis-table-wrap"><table class="utrecht-table thuis-compare-table">
      <caption class="thuis-visually-hidden">${t('plan_version.title')}</caption>
      <thead class="utrecht-table__header"><tr class="utrecht-table__row">
        <th scope="col" class="utrecht-table__header-cell">${t('plan_version.field.number')}</th>
        <th scope="col" class="utrecht-table__header-cell">${t('plan_version.field.date')}</th>
        <th scope="col" class="utrecht-table__header-cell">${t('plan_version.field.reason')}</th>
        <th scope="col" class="utrecht-table__header-cell">${t('plan_version.field.by')}</th>
      </tr></thead>
      <tbody class="utrecht-table__body">
        ${[...versions].reverse().map((v) => html`<tr class="utrecht-table__row">
          <th scope="row" class="utrecht-table__header-cell">${v.number}</th>
          <td class="utrecht-table__cell">${formatDate(locale, v.frozenAt)}</td>
          <td class="utrecht-table__cell">${v.evaluationId
            ? html`<a class="utrecht-link" href="/plannen/${plan.id}/evaluaties/${v.evaluationId}">${reasonText(ctx, v)}</a>`
            : reasonText(ctx, v)}</td>
          <td class="utrecht-table__cell">${v.frozenByName ?? t('common.unknown')}</td>
        </tr>`)}
      </tbody>
    </table></div>
    ${versions.length === 1 ? html`<p class="utrecht-paragraph">${t('plan_version.only_one')}</p>` : pickForm(ctx, plan.id, versions, versions[versions.length - 2]!.number, latest!.number)}`}`;
  return layout(ctx, t('plan_version.title'), body);
}

function versionHeading(ctx: PageContext, v: VersionMeta): string {
  return `${ctx.t('plan_version.label', { count: v.number })} · ${formatDate(ctx.locale, v.frozenAt)}`;
}

/** "Veranderd" / "Niet veranderd" in words, next to what changed. */
function changedMark(t: Translate, changed: boolean): Html {
  return changed
    ? html`<strong class="thuis-compare__mark thuis-compare__mark--changed">${t('plan_version.changed')}</strong>`
    : html`<span class="thuis-compare__mark">${t('plan_version.unchanged')}</span>`;
}

function textOrEmpty(t: Translate, text: string | null): Html {
  return text ? html`<span dir="auto" class="thuis-note__text">${text}</span>` : html`<span>${t('plan_version.empty')}</span>`;
}

/** Two columns on a wide screen, stacked with a version label on each on a phone. */
function columns(ctx: PageContext, c: PlanComparison, a: Html, b: Html): Html {
  return html`<div class="thuis-compare__cols">
    <div class="thuis-compare__col"><p class="utrecht-paragraph thuis-compare__label">${versionHeading(ctx, c.a)}</p>${a}</div>
    <div class="thuis-compare__col"><p class="utrecht-paragraph thuis-compare__label">${versionHeading(ctx, c.b)}</p>${b}</div>
  </div>`;
}

function scoreLine(t: Translate, d: DomainComparison): string {
  if (d.scoreA === null && d.scoreB === null) return t('plan_version.score_none');
  const line = t('plan_version.score_line', { count: d.scoreA ?? 0, pages: d.scoreB ?? 0 });
  if (d.scoreA === null) return t('plan_version.score_new', { count: d.scoreB ?? 0 });
  if (d.scoreB === null) return t('plan_version.score_gone', { count: d.scoreA });
  return `${line} (${changeWord(t, d.scoreChange)})`;
}

const domainChanged = (d: DomainComparison): boolean => d.situationChanged || (d.scoreChange !== null && d.scoreChange !== 'same');
const goalChanged = (g: GoalComparison): boolean =>
  g.changed || g.presence !== 'both' || g.actionsAdded.length > 0 || g.actionsDone.length > 0 || g.actionsRemoved.length > 0;

/**
 * What changed first, in full; what stayed the same folded away under one disclosure, so a comparison with three
 * changes is not pages long on a phone.
 */
function splitByChange(ctx: PageContext, items: { changed: boolean; block: Html }[]): Html {
  const changed = items.filter((x) => x.changed);
  const same = items.filter((x) => !x.changed);
  return html`${changed.length ? html`<div class="thuis-compare__list">${changed.map((x) => x.block)}</div>` : ''}
    ${same.length ? html`<details class="thuis-compare__same">
      <summary>${ctx.t('plan_version.unchanged_count', { count: same.length })}</summary>
      <div class="thuis-compare__list">${same.map((x) => x.block)}</div>
    </details>` : ''}`;
}

function domainBlock(ctx: PageContext, c: PlanComparison, d: DomainComparison, i: number): Html {
  const { t } = ctx;
  const changed = domainChanged(d);
  return html`<section aria-labelledby="cmp-d-${i}" class="thuis-card thuis-compare__item${changed ? ' thuis-compare__item--changed' : ''}">
    <h3 class="utrecht-heading-3 thuis-card__title" id="cmp-d-${i}">${domainLabel(t, d)} ${changedMark(t, changed)}</h3>
    <p class="utrecht-paragraph"><strong>${scoreLine(t, d)}</strong></p>
    <p class="utrecht-paragraph">${t('plan_version.field.situation')}: ${changedMark(t, d.situationChanged)}</p>
    ${columns(ctx, c, textOrEmpty(t, d.situationA), textOrEmpty(t, d.situationB))}
  </section>`;
}

function actionList(ctx: PageContext, key: string, actions: GoalComparison['actionsAdded']): Html {
  const { t, locale } = ctx;
  if (!actions.length) return html``;
  return html`<p class="utrecht-paragraph"><strong>${t(key, { count: actions.length })}</strong></p>
    <ul class="utrecht-unordered-list">
      ${actions.map((a) => html`<li><bdi dir="auto">${a.description}</bdi>${a.dueOn ? html` · ${formatDate(locale, a.dueOn)}` : ''}</li>`)}
    </ul>`;
}

function goalFacts(ctx: PageContext, g: GoalComparison, side: 'A' | 'B'): Html {
  const { t, locale } = ctx;
  const text = side === 'A' ? g.textA : g.textB;
  const status = side === 'A' ? g.statusA : g.statusB;
  const target = side === 'A' ? g.targetDateA : g.targetDateB;
  if (text === null) return html`<p class="utrecht-paragraph">${t(side === 'A' ? 'plan_version.goal.not_yet' : 'plan_version.goal.gone')}</p>`;
  return html`<dl class="thuis-facts">
    <div><dt>${t('plan_version.field.text')}</dt><dd>${textOrEmpty(t, text)}</dd></div>
    <div><dt>${t('plan_version.field.status')}</dt><dd>${goalStatus(t, status)}</dd></div>
    <div><dt>${t('plan_version.field.target')}</dt><dd>${target ? formatDate(locale, target) : t('plan_version.empty')}</dd></div>
  </dl>`;
}

function goalBlock(ctx: PageContext, c: PlanComparison, g: GoalComparison, i: number): Html {
  const { t } = ctx;
  const mark = g.presence === 'added'
    ? html`<strong class="thuis-compare__mark thuis-compare__mark--changed">${t('plan_version.goal.added')}</strong>`
    : g.presence === 'removed'
      ? html`<strong class="thuis-compare__mark thuis-compare__mark--changed">${t('plan_version.goal.removed')}</strong>`
      : changedMark(t, g.changed);
  const what = [
    g.textChanged && g.presence === 'both' ? t('plan_version.field.text') : null,
    // The arrow points the way the language reads (← in Arabic).
    g.statusChanged && g.presence === 'both' ? `${t('plan_version.field.status')}: ${goalStatus(t, g.statusA)} ${t('plan_version.arrow')} ${goalStatus(t, g.statusB)}` : null,
    g.targetDateChanged && g.presence === 'both' ? t('plan_version.field.target') : null,
  ].filter((x): x is string => x !== null);
  return html`<section aria-labelledby="cmp-g-${i}" class="thuis-card thuis-compare__item${g.changed ? ' thuis-compare__item--changed' : ''}">
    <h3 class="utrecht-heading-3 thuis-card__title" id="cmp-g-${i}"><bdi dir="auto">${g.textB ?? g.textA}</bdi> ${mark}</h3>
    <p class="utrecht-paragraph">${domainLabel(t, { key: g.domainKey, label: null })}</p>
    ${what.length ? html`<p class="utrecht-paragraph">${t('plan_version.what_changed')}: ${what.join(' · ')}</p>` : ''}
    ${columns(ctx, c, goalFacts(ctx, g, 'A'), goalFacts(ctx, g, 'B'))}
    ${actionList(ctx, 'plan_version.actions.added', g.actionsAdded)}
    ${actionList(ctx, 'plan_version.actions.done', g.actionsDone)}
    ${actionList(ctx, 'plan_version.actions.removed', g.actionsRemoved)}
  </section>`;
}

export function comparePage(ctx: PageContext, plan: PlanHeading, c: PlanComparison, versions: VersionMeta[]): Html {
  const { t } = ctx;
  const domains = c.domains.filter((d) => d.situationA !== null || d.situationB !== null || d.scoreA !== null || d.scoreB !== null);
  const title = t('plan_version.compare.title', { count: c.a.number, pages: c.b.number });
  const body = html`
    <p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/plannen/${plan.id}/versies">${t('plan_version.back')}</a></p>
    <h1 class="utrecht-heading-1">${title}</h1>
    ${planLine(ctx, plan)}
    <dl class="thuis-facts thuis-facts--wide">
      <div><dt>${t('plan_version.label', { count: c.a.number })}</dt><dd>${formatDate(ctx.locale, c.a.frozenAt)} · ${reasonText(ctx, c.a)}</dd></div>
      <div><dt>${t('plan_version.label', { count: c.b.number })}</dt><dd>${formatDate(ctx.locale, c.b.frozenAt)} · ${reasonText(ctx, c.b)}</dd></div>
    </dl>
    <p class="utrecht-paragraph" role="status"><strong>${t('plan_version.compare.changes', { count: c.changes })}</strong></p>
    <section aria-labelledby="cmp-scores" class="thuis-section">
      <h2 class="utrecht-heading-2" id="cmp-scores">${t('plan_version.scores.heading')}</h2>
      ${domains.length === 0 ? html`<p class="utrecht-paragraph">${t('plan_version.scores.none')}</p>` : html`
      <div class="thuis-table-wrap"><table class="utrecht-table thuis-compare-table">
        <caption class="thuis-visually-hidden">${t('plan_version.scores.heading')}</caption>
        <thead class="utrecht-table__header"><tr class="utrecht-table__row">
          <th scope="col" class="utrecht-table__header-cell">${t('plan_version.field.domain')}</th>
          <th scope="col" class="utrecht-table__header-cell">${t('plan_version.label', { count: c.a.number })}</th>
          <th scope="col" class="utrecht-table__header-cell">${t('plan_version.label', { count: c.b.number })}</th>
        </tr></thead>
        <tbody class="utrecht-table__body">
          ${domains.map((d) => html`<tr class="utrecht-table__row">
            <th scope="row" class="utrecht-table__header-cell">${domainLabel(t, d)}</th>
            <td class="utrecht-table__cell">${d.scoreA ?? t('plan_version.empty')}</td>
            <td class="utrecht-table__cell">${d.scoreB === null ? `${t('plan_version.empty')} (${changeWord(t, d.scoreChange)})` : changeCell(t, d.scoreB, d.scoreChange)}</td>
          </tr>`)}
        </tbody>
      </table></div>`}
    </section>
    <section aria-labelledby="cmp-domains" class="thuis-section">
      <h2 class="utrecht-heading-2" id="cmp-domains">${t('plan_version.domains.heading')}</h2>
      ${domains.length === 0 ? html`<p class="utrecht-paragraph">${t('plan_version.scores.none')}</p>` : splitByChange(ctx, domains.map((d, i) => ({ changed: domainChanged(d), block: domainBlock(ctx, c, d, i) })))}
    </section>
    <section aria-labelledby="cmp-goals" class="thuis-section">
      <h2 class="utrecht-heading-2" id="cmp-goals">${t('plan_version.goals.heading')}</h2>
      ${c.goals.length === 0 ? html`<p class="utrecht-paragraph">${t('evaluation.goals.none')}</p>` : splitByChange(ctx, c.goals.map((g, i) => ({ changed: goalChanged(g), block: goalBlock(ctx, c, g, i) })))}
    </section>
    ${versions.length > 1 ? pickForm(ctx, plan.id, versions, c.a.number, c.b.number) : ''}`;
  return layout(ctx, title, body);
}
