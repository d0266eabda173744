// Pages of the household import: upload and history, the header mapping, the dry-run report with its rows,
// fixing a row, committing with progress. No script: the progress page refreshes itself with a Refresh header.
import type { Paged } from '../../platform/context.ts';
import type { FieldError } from '../../platform/errors.ts';
import { formatDate } from '../../platform/i18n/index.ts';
import { IMPORT_FIELDS, isIdentityField, type ImportField } from '../../features/imports/fields.ts';
import type { BatchListItem, BatchSummary, RowDetail, RowFilter, RowView, SavedMapping } from '../../features/imports/index.ts';
import { alert, checkbox, csrfField, field, html, select, type Html } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';
import { pagination } from './pagination.ts';

const STATUS_CLASS: Record<string, string> = {
  valid: 'ok', invalid: 'error', duplicate: 'warning', already_imported: 'info',
  staged: 'info', committing: 'info', committed: 'ok', failed: 'error', discarded: 'info',
};

function badge(ctx: PageContext, kind: 'row' | 'batch', status: string): Html {
  return html`<span class="thuis-import-badge thuis-import-badge--${STATUS_CLASS[status] ?? 'info'}">${ctx.t(`import.${kind}_status.${status}`)}</span>`;
}

function dateTime(ctx: PageContext, iso: string | null): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(ctx.locale === 'ar' ? 'ar-u-nu-latn' : ctx.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Amsterdam' }).format(new Date(iso));
}

function fieldLabel(ctx: PageContext, name: string): string {
  return ctx.t(`import.field.${name}`);
}

export interface UploadState {
  /** A message key about the file, with its values. */
  fileError?: { key: string; values?: Record<string, string | number> };
  errors?: FieldError[];
}

export function importIndexPage(ctx: PageContext, history: Paged<BatchListItem>, mappings: SavedMapping[], state: UploadState = {}): Html {
  const { t } = ctx;
  return layout(ctx, t('import.title'), html`
    <h1 class="utrecht-heading-1">${t('import.title')}</h1>
    <p class="utrecht-paragraph">${t('import.intro')}</p>
    ${state.fileError ? alert('error', 'alert', html`<p class="utrecht-paragraph">${t(state.fileError.key, state.fileError.values)}</p>`, { id: 'error-summary', focus: true }) : ''}
    <form method="post" action="/import" enctype="multipart/form-data" class="thuis-form thuis-import-upload">
      ${csrfField(ctx.csrfToken)}
      <div class="utrecht-form-field${state.fileError ? ' utrecht-form-field--invalid' : ''}">
        <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="f-file">${t('import.upload.file')}</label></div>
        <div class="utrecht-form-field-description" id="f-file-desc">${t('import.upload.file_hint')}</div>
        <div class="utrecht-form-field__input">
          <input class="thuis-import-file" id="f-file" name="file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required aria-describedby="f-file-desc">
        </div>
      </div>
      ${mappings.length
        ? select({ t, name: 'mapping', label: t('import.upload.mapping'), description: t('import.upload.mapping_hint'), value: '', errors: state.errors,
            options: [{ value: '', label: t('import.upload.mapping_auto') }, ...mappings.map((m) => ({ value: m.id, label: m.name }))] })
        : ''}
      <button class="utrecht-button utrecht-button--primary-action thuis-button" type="submit">${t('import.upload.submit')}</button>
    </form>
    <details class="thuis-import-help">
      <summary>${t('import.help.summary')}</summary>
      <p class="utrecht-paragraph">${t('import.help.standard')}</p>
      <p class="thuis-import-header"><code>${IMPORT_FIELDS.join(';')}</code></p>
      <p class="utrecht-paragraph">${t('import.help.rules')}</p>
    </details>
    <section aria-labelledby="history-heading" class="thuis-section">
      <h2 class="utrecht-heading-2" id="history-heading">${t('import.history.title')}</h2>
      ${history.items.length === 0
        ? html`<p class="utrecht-paragraph">${t('import.history.empty')}</p>`
        : html`<ul class="thuis-cards">
          ${history.items.map((b) => html`<li class="thuis-card">
            <h3 class="utrecht-heading-3 thuis-card__title"><a class="utrecht-link" href="/import/${b.id}">${b.fileName}</a></h3>
            <dl class="thuis-facts">
              <div><dt>${t('import.summary.status')}</dt><dd>${badge(ctx, 'batch', b.status)}</dd></div>
              <div><dt>${t('import.history.uploaded')}</dt><dd>${dateTime(ctx, b.createdAt)}${b.createdByName ? html` · ${b.createdByName}` : ''}</dd></div>
              <div><dt>${t('import.summary.rows')}</dt><dd>${b.totalRows}</dd></div>
              <div><dt>${t('import.summary.created')}</dt><dd>${b.createdHouseholds}</dd></div>
            </dl>
          </li>`)}
        </ul>`}
      ${pagination(ctx, history, (page) => `/import?page=${page}`)}
    </section>`);
}

function summaryFacts(ctx: PageContext, batch: BatchSummary): Html {
  const { t } = ctx;
  const c = batch.counts;
  const done = batch.status === 'committed';
  return html`<dl class="thuis-facts thuis-facts--wide thuis-import-counts">
    <div><dt>${t('import.summary.status')}</dt><dd>${badge(ctx, 'batch', batch.status)}</dd></div>
    <div><dt>${t('import.summary.rows')}</dt><dd>${c.rows}</dd></div>
    ${c.households !== null ? html`<div><dt>${t('import.summary.households')}</dt><dd>${c.households}</dd></div>` : ''}
    ${done
      ? html`<div><dt>${t('import.summary.created')}</dt><dd>${c.createdHouseholds}</dd></div>
             <div><dt>${t('import.summary.imported_rows')}</dt><dd>${c.processed}</dd></div>`
      : html`<div><dt>${t('import.summary.valid')}</dt><dd>${c.valid}</dd></div>
             <div><dt>${t('import.summary.invalid')}</dt><dd>${c.invalid}</dd></div>
             <div><dt>${t('import.summary.duplicate')}</dt><dd>${c.duplicate}</dd></div>
             <div><dt>${t('import.summary.already_imported')}</dt><dd>${c.alreadyImported}</dd></div>`}
  </dl>`;
}

function rowProblems(ctx: PageContext, batchId: string, row: RowView, editable: boolean): Html {
  const { t } = ctx;
  const items: Html[] = row.errors.map((e) => html`<li>${e.field === '_household' ? '' : html`<strong>${fieldLabel(ctx, e.field)}</strong>: `}${t(e.message, { count: e.row ?? 0 })}</li>`);
  if (row.duplicateOf && row.status !== 'invalid') {
    for (const d of row.duplicateOf) {
      items.push(d.householdId
        ? html`<li>${t(row.status === 'already_imported' ? 'import.row.already_imported_as' : 'import.row.duplicate_of')} <a class="utrecht-link" href="/huishoudens/${d.householdId}">${d.reference}</a></li>`
        : html`<li>${t('import.row.duplicate_in_file', { count: d.row ?? 0 })}</li>`);
    }
  }
  if (row.status === 'valid' && items.length === 0) return html`${t('import.row.will_create')}`;
  return html`<ul class="thuis-import-problems">${items}</ul>
    ${editable && row.status === 'invalid' && row.errors.some((e) => e.field !== '_household')
      ? html`<a class="utrecht-link thuis-import-fix" href="/import/${batchId}/rijen/${row.rowNumber}">${t('import.row.fix', { count: row.rowNumber })}</a>`
      : ''}`;
}

function rowsTable(ctx: PageContext, batch: BatchSummary, rows: Paged<RowView>, filter: RowFilter): Html {
  const { t } = ctx;
  const editable = batch.status === 'staged';
  const filterLink = (value: RowFilter, label: string) => value === filter
    ? html`<li><span aria-current="true" class="thuis-import-filter--current">${label}</span></li>`
    : html`<li><a class="utrecht-link" href="/import/${batch.id}${value === 'all' ? '' : '?rijen=problemen'}#rijen-heading">${label}</a></li>`;
  return html`<section aria-labelledby="rijen-heading" class="thuis-section">
    <h2 class="utrecht-heading-2" id="rijen-heading">${t('import.rows.title')}</h2>
    <ul class="thuis-import-filters">
      ${filterLink('all', t('import.rows.filter_all'))}
      ${filterLink('problems', t('import.rows.filter_problems'))}
    </ul>
    ${rows.items.length === 0
      ? html`<p class="utrecht-paragraph">${t('import.rows.none')}</p>`
      : html`<div class="thuis-import-table">
        <table class="utrecht-table thuis-table" role="table">
          <caption class="thuis-visually-hidden">${t('import.rows.caption', { count: rows.total })}</caption>
          <thead class="utrecht-table__header" role="rowgroup"><tr class="utrecht-table__row" role="row">
            <th scope="col" role="columnheader" class="utrecht-table__header-cell">${t('import.rows.row')}</th>
            <th scope="col" role="columnheader" class="utrecht-table__header-cell">${t('import.rows.household')}</th>
            <th scope="col" role="columnheader" class="utrecht-table__header-cell">${t('import.rows.name')}</th>
            <th scope="col" role="columnheader" class="utrecht-table__header-cell">${t('import.rows.status')}</th>
            <th scope="col" role="columnheader" class="utrecht-table__header-cell">${t('import.rows.explanation')}</th>
          </tr></thead>
          <tbody class="utrecht-table__body" role="rowgroup">
            ${rows.items.map((r) => html`<tr class="utrecht-table__row" role="row" id="rij-${r.rowNumber}">
              <th scope="row" role="rowheader" class="utrecht-table__header-cell" data-label="${t('import.rows.row')}">${r.rowNumber}</th>
              <td role="cell" class="utrecht-table__cell" data-label="${t('import.rows.household')}">${r.householdKey}</td>
              <td role="cell" class="utrecht-table__cell thuis-import-name">${r.name}</td>
              <td role="cell" class="utrecht-table__cell">${badge(ctx, 'row', r.status)}</td>
              <td role="cell" class="utrecht-table__cell">${rowProblems(ctx, batch.id, r, editable)}</td>
            </tr>`)}
          </tbody>
        </table>
      </div>`}
    ${pagination(ctx, rows, (page) => `/import/${batch.id}?page=${page}${filter === 'problems' ? '&rijen=problemen' : ''}`)}
  </section>`;
}

function mappingForm(ctx: PageContext, batch: BatchSummary, errors?: FieldError[], values?: Record<string, string>): Html {
  const { t } = ctx;
  const options = [
    { value: '', label: t('import.mapping.choose') },
    { value: '-', label: t('import.mapping.skip') },
    // AUTH-BSN: without a municipal task a BSN or V-nummer cannot be imported, so it is not offered.
    ...IMPORT_FIELDS.filter((f) => batch.identifiersAllowed || !isIdentityField(f)).map((f) => ({ value: f, label: fieldLabel(ctx, f) })),
  ];
  const chosen = (header: string, index: number) => {
    const value = values?.[`col${index}`] ?? batch.mapping[header] ?? '';
    return !batch.identifiersAllowed && isIdentityField(value) ? '-' : value;
  };
  return html`<section aria-labelledby="mapping-heading" class="thuis-section">
    <h2 class="utrecht-heading-2" id="mapping-heading">${t('import.mapping.title')}</h2>
    <p class="utrecht-paragraph">${t('import.mapping.intro')}</p>
    ${errors?.length ? alert('error', 'alert', html`<p class="utrecht-paragraph"><strong>${t('form.errors_heading', { count: errors.length })}</strong></p>
      <ul class="utrecht-unordered-list">${errors.map((e) => html`<li>${e.field.startsWith('col') ? html`<a class="utrecht-link" href="#f-${e.field}">${batch.headers[Number(e.field.slice(3))] ?? ''}: ${t(e.message)}</a>` : t(e.message)}</li>`)}</ul>`, { id: 'error-summary', focus: true }) : ''}
    <form method="post" action="/import/${batch.id}/koppeling" class="thuis-form">
      ${csrfField(ctx.csrfToken)}
      <input type="hidden" name="version" value="${batch.version}">
      ${batch.headers.map((header, index) => select({
        t, name: `col${index}`, label: t('import.mapping.column', { name: header }), errors,
        value: chosen(header, index), options,
      }))}
      ${field({ t, name: 'saveAs', label: t('import.mapping.save_as'), description: t('import.mapping.save_as_hint'), value: values?.saveAs ?? '', errors })}
      <button class="utrecht-button utrecht-button--primary-action thuis-button" type="submit">${t('import.mapping.submit')}</button>
    </form>
  </section>`;
}

function commitForm(ctx: PageContext, batch: BatchSummary, errors?: FieldError[], chosen?: { mode?: string; includeDuplicates?: boolean }): Html {
  const { t } = ctx;
  const modeError = errors?.find((e) => e.field === 'mode');
  const mode = chosen?.mode ?? (batch.counts.invalid > 0 ? 'valid_only' : 'all_or_nothing');
  const radio = (value: string, label: string, hint: string) => html`<div class="utrecht-form-field utrecht-form-field--radio thuis-import-radio">
      <div class="utrecht-form-field__input">
        <input class="utrecht-radio-button utrecht-radio-button--html-input" type="radio" id="f-mode-${value}" name="mode" value="${value}" ${mode === value ? 'checked' : ''} aria-describedby="f-mode-${value}-desc">
      </div>
      <div class="utrecht-form-field__label"><label class="utrecht-form-label utrecht-form-label--radio" for="f-mode-${value}">${label}</label></div>
      <div class="utrecht-form-field-description" id="f-mode-${value}-desc">${hint}</div>
    </div>`;
  return html`<section aria-labelledby="commit-heading" class="thuis-section">
    <h2 class="utrecht-heading-2" id="commit-heading">${t('import.commit.title')}</h2>
    ${modeError ? alert('error', 'alert', html`<p class="utrecht-paragraph">${t(modeError.message, { count: batch.counts.invalid })}</p>`, { id: 'error-summary', focus: true }) : ''}
    <form method="post" action="/import/${batch.id}/vastleggen" class="thuis-form">
      ${csrfField(ctx.csrfToken)}
      <input type="hidden" name="version" value="${batch.version}">
      <fieldset class="utrecht-form-fieldset thuis-fieldset${modeError ? ' utrecht-form-fieldset--invalid' : ''}" id="f-mode">
        <legend class="utrecht-form-fieldset__legend">${t('import.commit.mode')}</legend>
        ${radio('all_or_nothing', t('import.commit.all_or_nothing'), t('import.commit.all_or_nothing_hint'))}
        ${radio('valid_only', t('import.commit.valid_only'), t('import.commit.valid_only_hint', { count: batch.counts.valid }))}
      </fieldset>
      ${batch.counts.duplicate > 0 ? checkbox({ name: 'includeDuplicates', label: t('import.commit.include_duplicates', { count: batch.counts.duplicate }), checked: chosen?.includeDuplicates }) : ''}
      <button class="utrecht-button utrecht-button--primary-action thuis-button" type="submit">${t('import.commit.submit')}</button>
    </form>
  </section>`;
}

function discardForm(ctx: PageContext, batch: BatchSummary): Html {
  return html`<form method="post" action="/import/${batch.id}/weggooien" class="thuis-import-discard">
    ${csrfField(ctx.csrfToken)}
    <button class="utrecht-button utrecht-button--secondary-action thuis-button" type="submit">${ctx.t('import.discard.submit')}</button>
  </form>`;
}

export interface BatchPageState {
  notice?: string;
  errors?: FieldError[];
  mappingValues?: Record<string, string>;
  commit?: { mode?: string; includeDuplicates?: boolean };
  autoRefresh: boolean;
}

export function batchPage(ctx: PageContext, batch: BatchSummary, rows: Paged<RowView>, filter: RowFilter, state: BatchPageState): Html {
  const { t } = ctx;
  const c = batch.counts;
  const showMapping = batch.status === 'staged' && batch.needsMapping;
  let body: Html;
  if (showMapping) {
    body = mappingForm(ctx, batch, state.errors, state.mappingValues);
  } else if (batch.status === 'committing') {
    body = html`<section aria-labelledby="progress-heading" class="thuis-section">
      <h2 class="utrecht-heading-2" id="progress-heading">${t('import.progress.title')}</h2>
      <label class="utrecht-form-label" for="import-progress">${t('import.progress.label', { page: c.processed, pages: c.valid })}</label>
      <progress id="import-progress" class="thuis-import-progress" max="${Math.max(1, c.valid)}" value="${Math.min(c.processed, c.valid)}">${c.processed} / ${c.valid}</progress>
      <p class="utrecht-paragraph">${state.autoRefresh ? t('import.progress.refreshing') : t('import.progress.not_refreshing')}</p>
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/import/${batch.id}">${t('import.progress.refresh_now')}</a>
        ${state.autoRefresh ? html` · <a class="utrecht-link" href="/import/${batch.id}?verversen=nee">${t('import.progress.stop_refresh')}</a>` : ''}
      </p>
    </section>`;
  } else if (batch.status === 'committed') {
    body = html`${alert('ok', 'status', html`<p class="utrecht-paragraph">${t('import.done.message', { count: c.createdHouseholds })}</p>
      <p class="utrecht-paragraph"><a class="utrecht-link" href="/huishoudens">${t('import.done.to_households')}</a></p>`)}`;
  } else if (batch.status === 'discarded') {
    body = alert('info', 'status', html`<p class="utrecht-paragraph">${t('import.discarded.message')}</p>`);
  } else {
    body = html`${batch.status === 'failed' ? alert('error', 'alert', html`<p class="utrecht-paragraph">${t('import.failed.message')}</p>`) : ''}
      ${commitForm(ctx, batch, state.errors, state.commit)}
      ${discardForm(ctx, batch)}
      ${rowsTable(ctx, batch, rows, filter)}`;
  }
  return layout(ctx, t('import.batch.title'), html`
    <p class="utrecht-paragraph"><a class="utrecht-link" href="/import">${t('import.back')}</a></p>
    <h1 class="utrecht-heading-1">${t('import.batch.title')}</h1>
    <p class="utrecht-paragraph thuis-import-file-name">${t('import.batch.file', { name: batch.fileName })} · ${dateTime(ctx, batch.createdAt)}</p>
    ${state.notice ? alert('ok', 'status', html`<p class="utrecht-paragraph">${t(state.notice)}</p>`) : ''}
    ${batch.bsnDropped ? alert('warning', 'status', html`<p class="utrecht-paragraph">${t('import.warning.bsn_dropped')}</p>`) : ''}
    ${batch.vNumberDropped ? alert('warning', 'status', html`<p class="utrecht-paragraph">${t('import.warning.v_number_dropped')}</p>`) : ''}
    ${showMapping ? '' : summaryFacts(ctx, batch)}
    ${body}`);
}

export interface RowPageState {
  errors?: FieldError[];
  values?: Partial<Record<ImportField, string>>;
  /** REL-LOCK: the row as it is now, after someone else changed it. */
  conflict?: RowView;
  status?: number;
}

export function rowEditPage(ctx: PageContext, row: RowDetail, state: RowPageState = {}): Html {
  const { t } = ctx;
  const batch = row.batch;
  const mapped = new Set(Object.values(batch.mapping));
  const current = state.conflict ?? row;
  const errors: FieldError[] = state.errors ?? current.errors.filter((e) => e.field !== '_household').map((e) => ({ field: e.field, message: e.message }));
  const fields = IMPORT_FIELDS.filter((f) => (mapped.has(f) || errors.some((e) => e.field === f) || current.values[f]) && (batch.identifiersAllowed || !isIdentityField(f)));
  // A BSN or V-nummer is never put in a form field, not even masked: left empty, the stored one stays.
  const shown = (f: ImportField) => (isIdentityField(f) ? '' : (state.conflict ? state.conflict.values[f] : state.values?.[f] ?? row.values[f]) ?? '');
  const changed = state.conflict && state.values
    ? IMPORT_FIELDS.filter((f) => !isIdentityField(f) && (state.values![f] ?? '') !== (state.conflict!.values[f] ?? ''))
    : [];
  return layout(ctx, t('import.fix.title', { count: row.rowNumber }), html`
    <p class="utrecht-paragraph"><a class="utrecht-link" href="/import/${batch.id}#rij-${row.rowNumber}">${t('import.fix.back')}</a></p>
    <h1 class="utrecht-heading-1">${t('import.fix.title', { count: row.rowNumber })}</h1>
    ${state.conflict
      ? alert('warning', 'alert', html`<p class="utrecht-paragraph">${t('import.fix.conflict')}</p>
          ${changed.length ? html`<table class="utrecht-table thuis-table">
            <caption class="thuis-visually-hidden">${t('import.fix.conflict_caption')}</caption>
            <thead><tr><th scope="col">${t('import.fix.field')}</th><th scope="col">${t('import.fix.yours')}</th><th scope="col">${t('import.fix.theirs')}</th></tr></thead>
            <tbody>${changed.map((f) => html`<tr><th scope="row">${fieldLabel(ctx, f)}</th><td>${state.values![f] ?? ''}</td><td>${state.conflict!.values[f] ?? ''}</td></tr>`)}</tbody>
          </table>` : ''}`, { id: 'error-summary', focus: true })
      : errors.length
        ? alert('error', 'alert', html`<p class="utrecht-paragraph"><strong>${t('import.fix.problems', { count: errors.length })}</strong></p>
            <ul class="utrecht-unordered-list">${errors.map((e) => html`<li><a class="utrecht-link" href="#f-${e.field}">${fieldLabel(ctx, e.field)}: ${t(e.message, { count: 0 })}</a></li>`)}</ul>`, { id: 'error-summary', focus: true })
        : ''}
    <p class="utrecht-paragraph">${t('import.fix.intro')}</p>
    <form method="post" action="/import/${batch.id}/rijen/${row.rowNumber}" class="thuis-form">
      ${csrfField(ctx.csrfToken)}
      <input type="hidden" name="valuesHash" value="${current.valuesHash}">
      ${fields.map((f) => field({
        t, name: f, label: fieldLabel(ctx, f), value: shown(f), errors: state.conflict ? undefined : errors,
        ...(f === 'bsn' ? { description: row.hasBsn ? t('import.fix.bsn_keep', { name: row.values.bsn ?? '' }) : t('import.fix.bsn_hint'), inputmode: 'numeric' as const, autocomplete: 'off' } : {}),
        ...(f === 'v_nummer' ? { description: row.hasVNumber ? t('import.fix.v_number_keep', { name: row.values.v_nummer ?? '' }) : t('import.fix.v_number_hint'), inputmode: 'numeric' as const, autocomplete: 'off' } : {}),
        ...(f === 'geboortedatum' ? { description: t('import.fix.birth_hint') } : {}),
        ...(['statusdatum', 'koppeldatum', 'sleuteldatum', 'kennisgeving_duo'].includes(f) ? { description: t('import.fix.date_hint') } : {}),
      }))}
      <button class="utrecht-button utrecht-button--primary-action thuis-button" type="submit">${t('import.fix.submit')}</button>
    </form>`);
}
