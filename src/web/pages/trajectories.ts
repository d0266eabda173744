import type { FieldError } from '../../platform/errors.ts';
import { formatDate, type Translate } from '../../platform/i18n/index.ts';
import type { ChecklistGroup, ChecklistItemView, ChecklistProgress, ChecklistView, TrajectoryView } from '../../features/trajectories/index.ts';
import { groupOf } from '../../features/trajectories/index.ts';
import type { TrajectoryForRole } from '../../features/trajectories/checklist.ts';
import { CHECKLIST_OWNERS, CLOSE_REASONS } from '../../features/trajectories/schema.ts';
import { alert, csrfField, html, select, textarea, field, type Html } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';
import { todayIso } from '../../platform/dates.ts';

// The trajectory on the dossier, the "basis op orde" checklist (phone first: a coach ticks items off during a
// home visit) and the closing form. No script: every action is a small form.

/** A phase's label: the translation of a known key, or the organisation's own name for it. */
export function phaseLabel(t: Translate, key: string): string {
  const translated = t(`trajectory.phase.${key}`);
  return translated === `trajectory.phase.${key}` ? key : translated;
}

export function itemLabel(t: Translate, item: { itemKey: string | null; label: string | null }): string {
  return item.itemKey ? t(`checklist.item.${item.itemKey}`) : (item.label ?? '');
}

/** An error summary whose entries name the field by the label given here (ids of per-item fields differ per card). */
export function summary(t: Translate, errors: FieldError[] | undefined, labelOf: (field: string) => string, idOf: (field: string) => string = (f) => `f-${f}`): Html {
  if (!errors?.length) return html``;
  return alert('error', 'alert', html`
    <p class="utrecht-paragraph"><strong>${t('form.errors_heading', { count: errors.length })}</strong></p>
    <ul class="utrecht-unordered-list thuis-error-summary__list">
      ${errors.map((e) => html`<li><a class="utrecht-link" href="#${idOf(e.field)}">${labelOf(e.field)}: ${t(e.message)}</a></li>`)}
    </ul>`, { id: 'error-summary', focus: true });
}

/** A text-like input with its own id (several cards carry the same field name). */
function input(o: { t: Translate; id: string; name: string; label: string; type?: string; value?: string | null; error?: FieldError; required?: boolean; max?: string; maxlength?: number }): Html {
  return html`<div class="utrecht-form-field utrecht-form-field--text${o.error ? ' utrecht-form-field--invalid' : ''}">
    <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${o.id}">${o.label}</label></div>
    ${o.error ? html`<div class="utrecht-form-field-error-message" id="${o.id}-err">${o.t(o.error.message)}</div>` : ''}
    <div class="utrecht-form-field__input">
      <input class="utrecht-textbox utrecht-textbox--html-input${o.error ? ' utrecht-textbox--invalid' : ''}" id="${o.id}" name="${o.name}"
        type="${o.type ?? 'text'}" value="${o.value ?? ''}" ${o.required ? 'required' : ''} ${o.max ? html`max="${o.max}"` : ''}
        ${o.maxlength ? html`maxlength="${o.maxlength}"` : ''} dir="auto"
        ${o.error ? html`aria-invalid="true" aria-describedby="${o.id}-err"` : ''}>
    </div>
  </div>`;
}

export function progressText(t: Translate, progress: ChecklistProgress): string {
  const relevant = progress.total - progress.notApplicable;
  const done = t('checklist.progress', { count: progress.done, pages: relevant });
  return progress.overdue ? `${done}, ${t('checklist.progress_overdue', { count: progress.overdue })}` : done;
}

export interface TrajectorySectionData {
  householdId: string;
  housingDate: string | null;
  /** As the caller's role may receive it: no closing evaluation or handover note for a volunteer (AUTH-FIELDS). */
  trajectory: TrajectoryForRole | null;
  progress: ChecklistProgress | null;
  canManage: boolean;
}

/** The trajectory part of the dossier. */
export function trajectorySectionView(ctx: PageContext, d: TrajectorySectionData): Html {
  const { t, locale } = ctx;
  const tr = d.trajectory;
  const checklistLink = html`<p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/huishoudens/${d.householdId}/basis-op-orde">${t('trajectory.open_checklist')}</a></p>`;
  let body: Html;
  if (!tr) {
    body = html`<p class="utrecht-paragraph">${t('trajectory.none')}</p>
      ${d.canManage
        ? d.housingDate
          ? html`<form method="post" action="/huishoudens/${d.householdId}/traject/starten" class="thuis-form">
              ${csrfField(ctx.csrfToken)}
              <p class="utrecht-paragraph">${t('trajectory.start_help', { name: formatDate(locale, d.housingDate) })}</p>
              <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('trajectory.start')}</button>
            </form>`
          : html`<p class="utrecht-paragraph">${t('trajectory.start_needs_housing_date')}</p>`
        : ''}`;
  } else if (tr.status === 'open') {
    const phase = tr.currentPhase!;
    body = html`<dl class="thuis-facts thuis-facts--wide">
        <div><dt>${t('trajectory.started_on')}</dt><dd>${formatDate(locale, tr.startedOn)}</dd></div>
        <div><dt>${t('trajectory.planned_end_on')}</dt><dd>${formatDate(locale, tr.plannedEndOn)} (${t('trajectory.months', { count: tr.durationMonths })})</dd></div>
        <div><dt>${t('trajectory.phase')}</dt><dd>${phaseLabel(t, phase.key)} (${t('trajectory.phase_until', { count: tr.phases[phase.index]?.untilMonth ?? tr.durationMonths })})</dd></div>
        <div><dt>${t('trajectory.contact')}</dt><dd>${t('trajectory.contact_every', { count: phase.contactEveryDays })}</dd></div>
        <div><dt>${t('trajectory.elapsed')}</dt><dd>${t('trajectory.months', { count: tr.monthsElapsed })}</dd></div>
        ${d.progress ? html`<div><dt>${t('checklist.title')}</dt><dd>${progressText(t, d.progress)}</dd></div>` : ''}
      </dl>
      ${checklistLink}
      ${d.canManage ? html`<p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/huishoudens/${d.householdId}/traject/afsluiten">${t('trajectory.close')}</a></p>` : ''}`;
  } else {
    body = html`${alert('info', 'status', html`<p class="utrecht-paragraph">${t('trajectory.closed_read_only')}</p>`)}
      <dl class="thuis-facts thuis-facts--wide">
        <div><dt>${t('trajectory.started_on')}</dt><dd>${formatDate(locale, tr.startedOn)}</dd></div>
        <div><dt>${t('trajectory.closed_on')}</dt><dd>${formatDate(locale, tr.closedOn)}</dd></div>
        <div><dt>${t('trajectory.close_reason')}</dt><dd>${t(`trajectory.reason.${tr.closeReason ?? 'completed'}`)}${tr.movedToMunicipalityName ? html` (${tr.movedToMunicipalityName})` : ''}</dd></div>
        ${tr.closedByName ? html`<div><dt>${t('trajectory.closed_by')}</dt><dd>${tr.closedByName}</dd></div>` : ''}
        <div><dt>${t('trajectory.retention')}</dt><dd>${t('trajectory.retained_until', { name: formatDate(locale, tr.retentionUntil) })}</dd></div>
        ${d.progress ? html`<div><dt>${t('checklist.title')}</dt><dd>${progressText(t, d.progress)}</dd></div>` : ''}
      </dl>
      ${tr.closingEvaluation ? html`<h3 class="utrecht-heading-3">${t('trajectory.evaluation')}</h3><p class="utrecht-paragraph thuis-note__text" dir="auto">${tr.closingEvaluation}</p>` : ''}
      ${tr.handoverNote ? html`<h3 class="utrecht-heading-3">${t('trajectory.handover')}</h3><p class="utrecht-paragraph thuis-note__text" dir="auto">${tr.handoverNote}</p>` : ''}
      ${checklistLink}`;
  }
  return html`<section aria-labelledby="trajectory-heading" class="thuis-section" id="traject">
    <h2 class="utrecht-heading-2" id="trajectory-heading">${t('trajectory.heading')}</h2>
    ${body}
  </section>`;
}

/** What the checklist page shows after a failed write: the item's form errors, or another person's change (409). */
export interface ChecklistPageState {
  itemId?: string;
  values?: Record<string, string>;
  errors?: FieldError[];
  /** REL-LOCK: the item as someone else left it. */
  conflict?: ChecklistItemView;
  saved?: boolean;
  added?: boolean;
}

const GROUPS: ChecklistGroup[] = ['overdue', 'soon', 'later', 'closed'];

function statusText(t: Translate, locale: PageContext['locale'], item: ChecklistItemView): string {
  if (item.status === 'done') return item.doneOn ? t('checklist.status.done_on', { name: formatDate(locale, item.doneOn) }) : t('checklist.status.done');
  if (item.status === 'not_applicable') return t('checklist.status.not_applicable');
  return t('checklist.status.open');
}

function itemCard(ctx: PageContext, householdId: string, item: ChecklistItemView, group: ChecklistGroup, canUpdate: boolean, state: ChecklistPageState): Html {
  const { t, locale } = ctx;
  const mine = state.itemId === item.id && !state.conflict ? state : {};
  const errorOf = (name: string) => mine.errors?.find((e) => e.field === name);
  const today = todayIso();
  const base = `f-${item.id}`;
  const action = `/huishoudens/${householdId}/basis-op-orde/${item.id}`;
  const hidden = html`${csrfField(ctx.csrfToken)}<input type="hidden" name="version" value="${item.version}">`;
  const title = html`${itemLabel(t, item)}${item.memberName ? html` <span class="thuis-checklist__person">· ${item.memberName}</span>` : ''}`;
  return html`<li class="thuis-card thuis-checklist__item thuis-checklist__item--${group}" id="item-${item.id}">
    <h3 class="utrecht-heading-3 thuis-card__title" dir="auto">${title}</h3>
    <dl class="thuis-facts">
      <div><dt>${t('checklist.due_on')}</dt><dd>${formatDate(locale, item.dueOn)}${group === 'overdue' ? html` <strong class="thuis-checklist__late">(${t('checklist.late')})</strong>` : ''}</dd></div>
      <div><dt>${t('checklist.owner')}</dt><dd>${t(`checklist.owner.${item.owner}`)}</dd></div>
      <div><dt>${t('checklist.status')}</dt><dd>${statusText(t, locale, item)}</dd></div>
      ${item.note ? html`<div><dt>${t('checklist.note')}</dt><dd dir="auto">${item.note}</dd></div>` : ''}
      ${item.status === 'not_applicable' && item.notApplicableReason ? html`<div><dt>${t('checklist.reason')}</dt><dd dir="auto">${item.notApplicableReason}</dd></div>` : ''}
    </dl>
    ${!canUpdate ? '' : item.status === 'open'
      ? html`<form method="post" action="${action}" class="thuis-checklist__form">
          ${hidden}<input type="hidden" name="status" value="done">
          <button class="utrecht-button utrecht-button--primary-action thuis-checklist__done" type="submit">${t('checklist.mark_done')}<span class="thuis-visually-hidden">: ${itemLabel(t, item)}${item.memberName ? ` (${item.memberName})` : ''}</span></button>
          <details class="thuis-checklist__more"${errorOf('doneOn') || errorOf('note') ? ' open' : ''}>
            <summary>${t('checklist.done_details')}</summary>
            ${input({ t, id: `${base}-doneOn`, name: 'doneOn', label: t('checklist.done_on'), type: 'date', value: mine.values?.doneOn ?? today, max: today, error: errorOf('doneOn') })}
            ${input({ t, id: `${base}-note`, name: 'note', label: t('checklist.note_optional'), value: mine.values?.note, maxlength: 500, error: errorOf('note') })}
            <button class="utrecht-button utrecht-button--secondary-action" type="submit">${t('checklist.mark_done')}</button>
          </details>
        </form>
        <form method="post" action="${action}" class="thuis-checklist__form" novalidate>
          ${hidden}<input type="hidden" name="status" value="not_applicable">
          <details class="thuis-checklist__more"${errorOf('reason') ? ' open' : ''}>
            <summary>${t('checklist.mark_not_applicable')}</summary>
            ${input({ t, id: `${base}-reason`, name: 'reason', label: t('checklist.reason'), value: mine.values?.reason, maxlength: 500, required: true, error: errorOf('reason') })}
            <button class="utrecht-button utrecht-button--secondary-action" type="submit">${t('checklist.save_not_applicable')}</button>
          </details>
        </form>`
      : html`<form method="post" action="${action}" class="thuis-checklist__form">
          ${hidden}<input type="hidden" name="status" value="open">
          <button class="utrecht-button utrecht-button--secondary-action" type="submit">${t('checklist.reopen')}<span class="thuis-visually-hidden">: ${itemLabel(t, item)}${item.memberName ? ` (${item.memberName})` : ''}</span></button>
        </form>`}
  </li>`;
}

function conflictBox(ctx: PageContext, householdId: string, state: ChecklistPageState): Html {
  const { t, locale } = ctx;
  const theirs = state.conflict!;
  const mine = state.values ?? {};
  const mineText = mine.status === 'done'
    ? t('checklist.status.done_on', { name: formatDate(locale, mine.doneOn ?? '') })
    : mine.status === 'not_applicable' ? t('checklist.status.not_applicable') : t('checklist.status.open');
  return alert('warning', 'alert', html`
    <p class="utrecht-paragraph"><strong>${t('checklist.conflict_heading', { name: itemLabel(t, theirs) + (theirs.memberName ? ` (${theirs.memberName})` : '') })}</strong></p>
    <dl class="thuis-facts">
      <div><dt>${t('checklist.conflict_who')}</dt><dd>${theirs.updatedByName ?? t('common.unknown')}, ${formatDate(locale, theirs.updatedAt)}</dd></div>
      <div><dt>${t('checklist.conflict_theirs')}</dt><dd>${statusText(t, locale, theirs)}</dd></div>
      ${theirs.note ? html`<div><dt>${t('checklist.note')}</dt><dd dir="auto">${theirs.note}</dd></div>` : ''}
      ${theirs.notApplicableReason ? html`<div><dt>${t('checklist.reason')}</dt><dd dir="auto">${theirs.notApplicableReason}</dd></div>` : ''}
      <div><dt>${t('checklist.conflict_mine')}</dt><dd>${mineText}</dd></div>
    </dl>
    <form method="post" action="/huishoudens/${householdId}/basis-op-orde/${theirs.id}" class="thuis-checklist__form">
      ${csrfField(ctx.csrfToken)}
      <input type="hidden" name="version" value="${theirs.version}">
      ${['status', 'doneOn', 'note', 'reason'].map((k) => (mine[k] !== undefined ? html`<input type="hidden" name="${k}" value="${mine[k]}">` : ''))}
      <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('checklist.conflict_apply_mine')}</button>
    </form>
    <p class="utrecht-paragraph"><a class="utrecht-link" href="/huishoudens/${householdId}/basis-op-orde">${t('checklist.conflict_keep_theirs')}</a></p>`, { focus: true });
}

function addForm(ctx: PageContext, householdId: string, view: ChecklistView, state: ChecklistPageState): Html {
  const { t } = ctx;
  const mine = state.itemId === 'new' ? state : {};
  const v = mine.values ?? {};
  const labels: Record<string, string> = { label: t('checklist.add_label'), dueOn: t('checklist.due_on'), owner: t('checklist.owner'), memberId: t('checklist.add_person') };
  return html`<section aria-labelledby="checklist-add-heading" class="thuis-section" id="nieuw">
    <h2 class="utrecht-heading-2" id="checklist-add-heading">${t('checklist.add_heading')}</h2>
    ${summary(t, mine.errors, (f) => labels[f] ?? f)}
    <form method="post" action="/huishoudens/${householdId}/basis-op-orde" class="thuis-form" novalidate>
      ${csrfField(ctx.csrfToken)}
      ${field({ t, name: 'label', label: labels.label!, value: v.label, required: true, errors: mine.errors })}
      ${field({ t, name: 'dueOn', label: labels.dueOn!, type: 'date', value: v.dueOn ?? new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10), required: true, errors: mine.errors })}
      ${select({ t, name: 'owner', label: labels.owner!, value: v.owner ?? 'coach', errors: mine.errors, options: CHECKLIST_OWNERS.map((o) => ({ value: o, label: t(`checklist.owner.${o}`) })) })}
      ${select({ t, name: 'memberId', label: labels.memberId!, value: v.memberId ?? '', errors: mine.errors,
        options: [{ value: '', label: t('checklist.whole_household') }, ...view.members.map((m) => ({ value: m.id, label: m.firstName }))] })}
      <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('checklist.add_submit')}</button>
    </form>
  </section>`;
}

export function checklistPage(ctx: PageContext, householdId: string, reference: string, view: ChecklistView, state: ChecklistPageState = {}): Html {
  const { t } = ctx;
  const groups = new Map<ChecklistGroup, ChecklistItemView[]>(GROUPS.map((g) => [g, []]));
  for (const item of view.items) groups.get(groupOf(item))!.push(item);
  const itemErrors = state.itemId && state.itemId !== 'new' && !state.conflict ? state.errors : undefined;
  const fieldLabels: Record<string, string> = { reason: t('checklist.reason'), doneOn: t('checklist.done_on'), note: t('checklist.note_optional') };
  return layout(ctx, t('checklist.page_title', { name: reference }), html`
    <p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/huishoudens/${householdId}">${t('checklist.back')}</a></p>
    <h1 class="utrecht-heading-1">${t('checklist.page_title', { name: reference })}</h1>
    ${state.saved ? alert('ok', 'status', html`<p class="utrecht-paragraph">${t('checklist.saved')}</p>`) : ''}
    ${state.added ? alert('ok', 'status', html`<p class="utrecht-paragraph">${t('checklist.added')}</p>`) : ''}
    ${state.conflict ? conflictBox(ctx, householdId, state) : ''}
    ${summary(t, itemErrors, (f) => fieldLabels[f] ?? f, (f) => `f-${state.itemId}-${f}`)}
    ${!view.trajectory
      ? html`<p class="utrecht-paragraph">${t('checklist.no_trajectory')}</p>`
      : html`
        ${view.progress ? html`<p class="utrecht-paragraph thuis-checklist__progress"><strong>${progressText(t, view.progress)}</strong></p>` : ''}
        ${view.trajectory.status === 'closed' ? alert('info', 'status', html`<p class="utrecht-paragraph">${t('trajectory.closed_read_only')}</p>`) : ''}
        ${view.items.length === 0 ? html`<p class="utrecht-paragraph">${t('checklist.empty')}</p>` : ''}
        ${GROUPS.filter((g) => groups.get(g)!.length > 0).map((g) => html`<section aria-labelledby="group-${g}" class="thuis-section">
          <h2 class="utrecht-heading-2" id="group-${g}">${t(`checklist.group.${g}`)} (${groups.get(g)!.length})</h2>
          <ul class="thuis-checklist">
            ${groups.get(g)!.map((item) => itemCard(ctx, householdId, item, g, view.canUpdate, state))}
          </ul>
        </section>`)}
        ${view.canUpdate ? addForm(ctx, householdId, view, state) : ''}`}`);
}

export interface CloseFormState {
  values?: Record<string, string>;
  errors?: FieldError[];
  conflict?: TrajectoryView | null;
}

const CLOSE_FIELDS = ['closedOn', 'reason', 'movedToMunicipalityCode', 'evaluation', 'handoverNote'] as const;

export function closePage(ctx: PageContext, householdId: string, reference: string, trajectory: TrajectoryView, municipalities: { code: string; name: string }[], retentionYears: number, state: CloseFormState = {}): Html {
  const { t, locale } = ctx;
  const v = state.values ?? {};
  const today = todayIso();
  const labels: Record<string, string> = Object.fromEntries(CLOSE_FIELDS.map((f) => [f, t(`trajectory.field.${f}`)]));
  const reasonError = state.errors?.find((e) => e.field === 'reason');
  const reason = v.reason ?? '';
  return layout(ctx, t('trajectory.close_title', { name: reference }), html`
    <p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/huishoudens/${householdId}">${t('checklist.back')}</a></p>
    <h1 class="utrecht-heading-1">${t('trajectory.close_title', { name: reference })}</h1>
    ${state.conflict !== undefined ? alert('warning', 'alert', html`<p class="utrecht-paragraph">${t('trajectory.close_conflict')}</p>`, { focus: true }) : ''}
    ${summary(t, state.errors, (f) => labels[f] ?? f, (f) => (f === 'reason' ? 'f-reason-completed' : `f-${f}`))}
    <p class="utrecht-paragraph">${t('trajectory.close_help', { count: retentionYears })}</p>
    <dl class="thuis-facts">
      <div><dt>${t('trajectory.started_on')}</dt><dd>${formatDate(locale, trajectory.startedOn)}</dd></div>
      <div><dt>${t('trajectory.planned_end_on')}</dt><dd>${formatDate(locale, trajectory.plannedEndOn)}</dd></div>
    </dl>
    <form method="post" action="/huishoudens/${householdId}/traject/afsluiten" class="thuis-form" novalidate>
      ${csrfField(ctx.csrfToken)}
      <input type="hidden" name="version" value="${state.conflict?.version ?? v.version ?? trajectory.version}">
      ${field({ t, name: 'closedOn', label: labels.closedOn!, type: 'date', value: v.closedOn ?? today, max: undefined, required: true, errors: state.errors })}
      <fieldset class="utrecht-form-fieldset thuis-fieldset${reasonError ? ' utrecht-form-fieldset--invalid' : ''}"${reasonError ? html` aria-describedby="f-reason-err"` : ''}>
        <legend class="utrecht-form-fieldset__legend">${labels.reason}</legend>
        ${reasonError ? html`<div class="utrecht-form-field-error-message" id="f-reason-err">${t(reasonError.message)}</div>` : ''}
        ${CLOSE_REASONS.map((r) => html`<div class="utrecht-form-field utrecht-form-field--radio thuis-radio">
          <input class="utrecht-radio-button utrecht-radio-button--html-input" type="radio" id="f-reason-${r}" name="reason" value="${r}" ${reason === r ? 'checked' : ''}>
          <label class="utrecht-form-label utrecht-form-label--radio" for="f-reason-${r}">${t(`trajectory.reason.${r}`)}</label>
        </div>`)}
      </fieldset>
      ${select({ t, name: 'movedToMunicipalityCode', label: labels.movedToMunicipalityCode!, description: t('trajectory.moved_help'), value: v.movedToMunicipalityCode ?? '', errors: state.errors,
        options: [{ value: '', label: t('trajectory.choose_municipality') }, ...municipalities.map((m) => ({ value: m.code, label: m.name }))] })}
      ${textarea({ t, name: 'evaluation', label: labels.evaluation!, value: v.evaluation, required: true, errors: state.errors, rows: 6 })}
      ${textarea({ t, name: 'handoverNote', label: labels.handoverNote!, value: v.handoverNote, errors: state.errors, rows: 4 })}
      <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('trajectory.close_submit')}</button>
    </form>`);
}
