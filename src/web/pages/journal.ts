import type { Paged } from '../../platform/context.ts';
import type { FieldError } from '../../platform/errors.ts';
import { formatDate } from '../../platform/i18n/index.ts';
import type { HouseholdView } from '../../features/households/index.ts';
import type { NoteView } from '../../features/journal/index.ts';
import type { InfopuntVisitFacts } from '../../features/journal/queries.ts';
import { languageName } from '../../features/households/index.ts';
import { NOTE_KINDS, type AttachmentType } from '../../features/journal/schema.ts';
import type { AttachmentView } from '../../features/journal/index.ts';
import type { Translate } from '../../platform/i18n/index.ts';
import { checkbox, csrfField, errorSummary, field, html, select, textarea, type Html } from '../html.ts';
import type { PageContext } from '../layout.ts';
import { pagination } from './pagination.ts';
import { todayIso } from '../../platform/dates.ts';

export interface NoteFormState {
  values?: Record<string, string>;
  errors?: FieldError[];
}

export function noteForm(ctx: PageContext, household: HouseholdView, state: NoteFormState): Html {
  const { t } = ctx;
  const v = state.values ?? {};
  const today = todayIso();
  return html`<section aria-labelledby="note-form-heading" class="thuis-section">
    <h2 class="utrecht-heading-2" id="note-form-heading">${t('journal.add_heading')}</h2>
    ${errorSummary(t, state.errors)}
    <form method="post" action="/huishoudens/${household.id}/notities" class="thuis-form" enctype="multipart/form-data" novalidate>
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
      ${fileField(t, state.errors, Boolean(state.errors?.length))}
      <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('journal.save')}</button>
    </form>
  </section>`;
}

export function journal(ctx: PageContext, notes: Paged<NoteView>, householdId: string): Html {
  const { t, locale } = ctx;
  return html`<section aria-labelledby="journal-heading" class="thuis-section" id="journaal">
    <h2 class="utrecht-heading-2" id="journal-heading">${t('journal.heading')}</h2>
    ${notes.items.length === 0 ? html`<p class="utrecht-paragraph">${t('journal.empty')}</p>` : html`
    <ol class="thuis-journal">
      ${notes.items.map((n) => n.infopuntVisit ? visitEntry(ctx, n, n.infopuntVisit) : html`<li class="thuis-note${n.sensitivity === 'sensitive' ? ' thuis-note--sensitive' : ''}">
        <p class="thuis-note__meta">
          <strong>${formatDate(locale, n.occurredOn)}</strong> · ${t(`note_kind.${n.kind}`)} · ${t('journal.minutes', { count: n.durationMinutes })}
          ${n.withInterpreter ? html` · ${t('journal.with_interpreter')}` : ''}
          ${n.sensitivity === 'sensitive' ? html` <span class="utrecht-status-badge utrecht-status-badge--warning">${t('sensitivity.sensitive')}</span>` : ''}
        </p>
        <p class="utrecht-paragraph thuis-note__text" dir="auto">${n.text}</p>
        ${n.attachments.length ? attachmentList(ctx, n.attachments) : ''}
        <p class="thuis-note__author">${t('journal.by', { name: n.authorName ?? t('common.unknown') })}</p>
      </li>`)}
    </ol>`}
    ${pagination(ctx, notes, (page) => `/huishoudens/${householdId}?page=${page}#journaal`)}
  </section>`;
}

/**
 * A walk-in visit at an infopunt linked to this household: marked as such, in the shared vocabulary (topic,
 * authority, outcome), with duration, language and interpreter, and who logged it. It has no text of its own.
 */
function visitEntry(ctx: PageContext, n: NoteView, v: InfopuntVisitFacts): Html {
  const { t, locale } = ctx;
  return html`<li class="thuis-note thuis-note--infopunt">
    <p class="thuis-note__meta">
      <strong>${formatDate(locale, n.occurredOn)}</strong> · <span class="thuis-note__badge">${t('infopunten.journal.badge')}</span>
      · ${t('infopunten.journal.at', { name: v.infopuntName })}
    </p>
    <dl class="thuis-facts thuis-note__facts">
      <div><dt>${t('infopunten.field.topic')}</dt><dd>${t(`infopunt.topic.${v.topic}`)}</dd></div>
      <div><dt>${t('infopunten.field.authority')}</dt><dd>${t(`infopunt.authority.${v.authority}`)}</dd></div>
      <div><dt>${t('infopunten.field.outcome')}</dt><dd>${t(`infopunt.outcome.${v.outcome}`)}</dd></div>
      <div><dt>${t('infopunten.field.durationMinutes')}</dt><dd>${t('journal.minutes', { count: n.durationMinutes })}</dd></div>
      <div><dt>${t('infopunten.field.language')}</dt><dd>${languageName(locale, v.language)}${n.withInterpreter ? html` · ${t('journal.with_interpreter')}` : ''}</dd></div>
    </dl>
    <p class="thuis-note__author">${t('journal.by', { name: n.authorName ?? t('common.unknown') })}</p>
  </li>`;
}

const ACCEPT = '.pdf,.jpg,.jpeg,.png,.webp,application/pdf,image/jpeg,image/png,image/webp';

/**
 * The optional letter or photo. No `capture` attribute: a phone then offers both its camera and its files.
 * After a failed submit the browser has forgotten the file, so the description asks to choose it again.
 */
function fileField(t: Translate, errors: FieldError[] | undefined, retry: boolean): Html {
  const error = errors?.find((e) => e.field === 'attachment');
  const describedBy = ['f-attachment-desc', error ? 'f-attachment-err' : ''].filter(Boolean).join(' ');
  return html`<div class="utrecht-form-field utrecht-form-field--text thuis-file${error ? ' utrecht-form-field--invalid' : ''}">
    <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="f-attachment">${t('attachment.label')}</label></div>
    <div class="utrecht-form-field-description" id="f-attachment-desc">${t('attachment.help')}${retry ? html` ${t('attachment.choose_again')}` : ''}</div>
    ${error ? html`<div class="utrecht-form-field-error-message" id="f-attachment-err">${t(error.message)}</div>` : ''}
    <div class="utrecht-form-field__input">
      <input class="thuis-file__input" type="file" id="f-attachment" name="attachment" accept="${ACCEPT}"
        aria-describedby="${describedBy}" ${error ? html`aria-invalid="true"` : ''}>
    </div>
  </div>`;
}

const TYPE_KEYS: Record<AttachmentType, string> = {
  'application/pdf': 'attachment.type.pdf',
  'image/jpeg': 'attachment.type.jpeg',
  'image/png': 'attachment.type.png',
  'image/webp': 'attachment.type.webp',
};

export function formatSize(locale: string, bytes: number): string {
  const format = (n: number, unit: string) => `${new Intl.NumberFormat(locale === 'ar' ? 'ar-u-nu-latn' : locale, { maximumFractionDigits: 1 }).format(n)} ${unit}`;
  if (bytes < 1024) return format(bytes, 'B');
  if (bytes < 1024 * 1024) return format(bytes / 1024, 'kB');
  return format(bytes / 1024 / 1024, 'MB');
}

function attachmentList(ctx: PageContext, attachments: AttachmentView[]): Html {
  const { t, locale } = ctx;
  return html`<ul class="thuis-attachments" aria-label="${t('attachment.list_label')}">
    ${attachments.map((a) => html`<li class="thuis-attachment">
      <a class="utrecht-link thuis-attachment__link" href="/bijlagen/${a.id}" download><span dir="auto">${a.name}</span></a>
      <span class="thuis-attachment__meta">${t(TYPE_KEYS[a.mediaType])}, ${formatSize(locale, a.byteSize)}</span>
    </li>`)}
  </ul>`;
}
