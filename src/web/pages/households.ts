import type { Paged } from '../../platform/context.ts';
import type { FieldError } from '../../platform/errors.ts';
import { formatDate } from '../../platform/i18n/index.ts';
import type { CaseloadItem, HouseholdView } from '../../features/households/index.ts';
import type { NoteView } from '../../features/journal/index.ts';
import { NOTE_KINDS } from '../../features/journal/schema.ts';
import { alert, checkbox, csrfField, errorSummary, field, html, select, textarea, type Html } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';
import { pagination, searchPagination } from './pagination.ts';

export function caseloadPage(ctx: PageContext, data: Paged<CaseloadItem>, search: string): Html {
  const { t, locale } = ctx;
  const heading = ctx.user?.role === 'coordinator' || ctx.user?.role === 'regisseur' ? t('caseload.title_all') : t('caseload.title');
  return layout(ctx, heading, html`
    <h1 class="utrecht-heading-1">${heading}</h1>
    <form method="post" action="/huishoudens/zoeken" class="thuis-search" role="search">
      ${csrfField(ctx.csrfToken)}
      ${field({ t, name: 'q', label: t('caseload.search_label'), type: 'search', value: search })}
      <button class="utrecht-button utrecht-button--secondary-action" type="submit">${t('caseload.search_submit')}</button>
    </form>
    <p class="utrecht-paragraph" role="status">${t('caseload.count', { count: data.total })}</p>
    ${search ? html`<p class="utrecht-paragraph"><a class="utrecht-link" href="/huishoudens">${t('caseload.clear_search')}</a></p>` : ''}
    ${data.items.length === 0
      ? html`<p class="utrecht-paragraph">${search ? t('caseload.none_found') : t('caseload.empty')}</p>`
      : html`<ul class="thuis-cards">
          ${data.items.map((h) => html`<li class="thuis-card">
            <h2 class="utrecht-heading-3 thuis-card__title"><a class="utrecht-link" href="/huishoudens/${h.id}">${h.headName ?? h.reference}</a></h2>
            <dl class="thuis-facts">
              <div><dt>${t('household.reference')}</dt><dd>${h.reference}</dd></div>
              <div><dt>${t('household.members')}</dt><dd>${t('household.member_count', { count: h.memberCount })}</dd></div>
              <div><dt>${t('household.municipality')}</dt><dd>${h.municipalityName}</dd></div>
              <div><dt>${t('household.housing_date')}</dt><dd>${h.housingDate ? formatDate(locale, h.housingDate) : t('common.unknown')}</dd></div>
              <div><dt>${t('household.last_contact')}</dt><dd>${h.lastContactOn ? formatDate(locale, h.lastContactOn) : t('household.no_contact')}</dd></div>
              ${ctx.user?.role !== 'volunteer' ? html`<div><dt>${t('household.coach')}</dt><dd>${h.coachName ?? t('household.no_coach')}</dd></div>` : ''}
            </dl>
          </li>`)}
        </ul>`}
    ${search
      ? searchPagination(ctx, data, search)
      : pagination(ctx, data, (page) => `/huishoudens?page=${page}`)}`);
}

export interface NoteFormState {
  values?: Record<string, string>;
  errors?: FieldError[];
}

function noteForm(ctx: PageContext, household: HouseholdView, state: NoteFormState): Html {
  const { t } = ctx;
  const v = state.values ?? {};
  const today = new Date().toISOString().slice(0, 10);
  return html`<section aria-labelledby="note-form-heading" class="thuis-section">
    <h2 class="utrecht-heading-2" id="note-form-heading">${t('journal.add_heading')}</h2>
    ${errorSummary(t, state.errors)}
    <form method="post" action="/huishoudens/${household.id}/notities" class="thuis-form" novalidate>
      ${csrfField(ctx.csrfToken)}
      <input type="hidden" name="idempotencyKey" value="${v.idempotencyKey ?? crypto.randomUUID()}">
      ${field({ t, name: 'occurredOn', label: t('field.occurredOn'), type: 'date', value: v.occurredOn ?? today, max: undefined, required: true, errors: state.errors })}
      ${select({ t, name: 'kind', label: t('field.kind'), value: v.kind ?? 'home_visit', errors: state.errors, options: NOTE_KINDS.map((k) => ({ value: k, label: t(`note_kind.${k}`) })) })}
      ${field({ t, name: 'durationMinutes', label: t('field.durationMinutes'), type: 'number', inputmode: 'numeric', min: 0, max: 1440, value: v.durationMinutes ?? '60', required: true, errors: state.errors })}
      ${checkbox({ name: 'withInterpreter', label: t('field.withInterpreter'), checked: v.withInterpreter === '1' })}
      ${textarea({ t, name: 'text', label: t('field.text'), value: v.text, required: true, errors: state.errors, rows: 6 })}
      ${household.permissions.canWriteSensitiveNote
        ? select({ t, name: 'sensitivity', label: t('field.sensitivity'), value: v.sensitivity ?? 'normal', errors: state.errors,
            description: t('journal.sensitivity_help'),
            options: [{ value: 'normal', label: t('sensitivity.normal') }, { value: 'sensitive', label: t('sensitivity.sensitive') }] })
        : ''}
      <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('journal.save')}</button>
    </form>
  </section>`;
}

function journal(ctx: PageContext, notes: Paged<NoteView>, householdId: string): Html {
  const { t, locale } = ctx;
  return html`<section aria-labelledby="journal-heading" class="thuis-section" id="journaal">
    <h2 class="utrecht-heading-2" id="journal-heading">${t('journal.heading')}</h2>
    ${notes.items.length === 0 ? html`<p class="utrecht-paragraph">${t('journal.empty')}</p>` : html`
    <ol class="thuis-journal">
      ${notes.items.map((n) => html`<li class="thuis-note${n.sensitivity === 'sensitive' ? ' thuis-note--sensitive' : ''}">
        <p class="thuis-note__meta">
          <strong>${formatDate(locale, n.occurredOn)}</strong> · ${t(`note_kind.${n.kind}`)} · ${t('journal.minutes', { count: n.durationMinutes })}
          ${n.withInterpreter ? html` · ${t('journal.with_interpreter')}` : ''}
          ${n.sensitivity === 'sensitive' ? html` <span class="utrecht-status-badge utrecht-status-badge--warning">${t('sensitivity.sensitive')}</span>` : ''}
        </p>
        <p class="utrecht-paragraph thuis-note__text" dir="auto">${n.text}</p>
        <p class="thuis-note__author">${t('journal.by', { name: n.authorName ?? t('common.unknown') })}</p>
      </li>`)}
    </ol>`}
    ${pagination(ctx, notes, (page) => `/huishoudens/${householdId}?page=${page}#journaal`)}
  </section>`;
}

export function householdPage(ctx: PageContext, household: HouseholdView, notes: Paged<NoteView> | null, state: NoteFormState & { saved?: boolean }): Html {
  const { t, locale } = ctx;
  const head = household.members[0];
  const title = head ? `${head.givenNames} ${head.familyName}` : household.reference;
  // The window title lands in browser history: the reference, never the name.
  return layout(ctx, t('household.title', { name: household.reference }), html`
    <p class="utrecht-paragraph"><a class="utrecht-link" href="/huishoudens">${t('household.back')}</a></p>
    <h1 class="utrecht-heading-1">${t('household.title', { name: title })}</h1>
    ${state.saved ? alert('ok', 'status', html`<p class="utrecht-paragraph">${t('journal.saved')}</p>`) : ''}
    <dl class="thuis-facts thuis-facts--wide">
      <div><dt>${t('household.reference')}</dt><dd>${household.reference}</dd></div>
      <div><dt>${t('household.municipality')}</dt><dd>${household.municipalityName}</dd></div>
      <div><dt>${t('household.housing_date')}</dt><dd>${household.housingDate ? formatDate(locale, household.housingDate) : t('common.unknown')}</dd></div>
      <div><dt>${t('household.coach')}</dt><dd>${household.coachName ?? t('household.no_coach')}</dd></div>
    </dl>
    <section aria-labelledby="members-heading" class="thuis-section">
      <h2 class="utrecht-heading-2" id="members-heading">${t('household.members')}</h2>
      ${household.members.length === 0
        ? html`<p class="utrecht-paragraph">${t('household.no_members')}</p>`
        : html`<ul class="thuis-cards thuis-cards--members">
          ${household.members.map((m) => html`<li class="thuis-card">
            <h3 class="utrecht-heading-3 thuis-card__title">${m.givenNames} ${m.familyName}</h3>
            <dl class="thuis-facts">
              <div><dt>${t('member.relation')}</dt><dd>${t(`relation.${m.relation}`)}</dd></div>
              <div><dt>${t('member.date_of_birth')}</dt><dd>${m.dateOfBirth ? formatDate(locale, m.dateOfBirth) : t('common.unknown')}</dd></div>
              <div><dt>${t('member.languages')}</dt><dd>${m.languages.length ? m.languages.map((l) => languageName(locale, l)).join(', ') : t('common.unknown')}</dd></div>
            </dl>
          </li>`)}
        </ul>`}
    </section>
    ${notes ? journal(ctx, notes, household.id) : ''}
    ${household.permissions.canWriteNote ? noteForm(ctx, household, state) : ''}`);
}

function languageName(locale: string, code: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
