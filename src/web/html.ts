import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { FieldError } from '../platform/errors.ts';
import type { Translate } from '../platform/i18n/index.ts';

export { html, raw };
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface FieldOptions {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'date' | 'number' | 'search';
  value?: string | number | null;
  autocomplete?: string;
  required?: boolean;
  description?: string;
  errors?: FieldError[];
  t: Translate;
  inputmode?: 'numeric' | 'text';
  min?: number;
  max?: number;
}

function errorFor(errors: FieldError[] | undefined, name: string): FieldError | undefined {
  return errors?.find((e) => e.field === name);
}

/** A labelled text field with its description and error message tied to it for screen readers. */
export function field(o: FieldOptions): Html {
  const id = `f-${o.name}`;
  const error = errorFor(o.errors, o.name);
  const describedBy = [o.description ? `${id}-desc` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ');
  return html`<div class="utrecht-form-field utrecht-form-field--text${error ? ' utrecht-form-field--invalid' : ''}">
    <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${o.label}</label></div>
    ${o.description ? html`<div class="utrecht-form-field-description" id="${id}-desc">${o.description}</div>` : ''}
    ${error ? html`<div class="utrecht-form-field-error-message" id="${id}-err">${o.t(error.message)}</div>` : ''}
    <div class="utrecht-form-field__input">
      <input class="utrecht-textbox utrecht-textbox--html-input${error ? ' utrecht-textbox--invalid' : ''}" id="${id}"
        name="${o.name}" type="${o.type ?? 'text'}" value="${o.value ?? ''}"
        ${o.autocomplete ? html`autocomplete="${o.autocomplete}"` : ''} ${o.required ? 'required' : ''}
        ${o.inputmode ? html`inputmode="${o.inputmode}"` : ''} ${o.min !== undefined ? html`min="${o.min}"` : ''}
        ${o.max !== undefined ? html`max="${o.max}"` : ''}
        ${describedBy ? html`aria-describedby="${describedBy}"` : ''} ${error ? html`aria-invalid="true"` : ''}>
    </div>
  </div>`;
}

export function textarea(o: Omit<FieldOptions, 'type'> & { rows?: number }): Html {
  const id = `f-${o.name}`;
  const error = errorFor(o.errors, o.name);
  return html`<div class="utrecht-form-field utrecht-form-field--text${error ? ' utrecht-form-field--invalid' : ''}">
    <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${o.label}</label></div>
    ${error ? html`<div class="utrecht-form-field-error-message" id="${id}-err">${o.t(error.message)}</div>` : ''}
    <div class="utrecht-form-field__input">
      <textarea class="utrecht-textarea utrecht-textarea--html-textarea${error ? ' utrecht-textarea--invalid' : ''}" id="${id}" name="${o.name}" rows="${o.rows ?? 5}" dir="auto"
        ${o.required ? 'required' : ''} ${error ? html`aria-invalid="true" aria-describedby="${id}-err"` : ''}>${o.value ?? ''}</textarea>
    </div>
  </div>`;
}

export function select(o: FieldOptions & { options: { value: string; label: string }[] }): Html {
  const id = `f-${o.name}`;
  const error = errorFor(o.errors, o.name);
  const describedBy = [o.description ? `${id}-desc` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ');
  return html`<div class="utrecht-form-field${error ? ' utrecht-form-field--invalid' : ''}">
    <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${o.label}</label></div>
    ${o.description ? html`<div class="utrecht-form-field-description" id="${id}-desc">${o.description}</div>` : ''}
    ${error ? html`<div class="utrecht-form-field-error-message" id="${id}-err">${o.t(error.message)}</div>` : ''}
    <div class="utrecht-form-field__input">
      <select class="utrecht-select utrecht-select--html-select${error ? ' utrecht-select--invalid' : ''}" id="${id}" name="${o.name}"
        ${describedBy ? html`aria-describedby="${describedBy}"` : ''} ${error ? html`aria-invalid="true"` : ''}>
        ${o.options.map((opt) => html`<option value="${opt.value}" ${String(o.value ?? '') === opt.value ? 'selected' : ''}>${opt.label}</option>`)}
      </select>
    </div>
  </div>`;
}

export function checkbox(o: { name: string; label: string; checked?: boolean }): Html {
  const id = `f-${o.name}`;
  return html`<div class="utrecht-form-field utrecht-form-field--checkbox">
    <div class="utrecht-form-field__input">
      <input class="utrecht-checkbox utrecht-checkbox--html-input thuis-checkbox" type="checkbox" id="${id}" name="${o.name}" value="1" ${o.checked ? 'checked' : ''}>
    </div>
    <div class="utrecht-form-field__label"><label class="utrecht-form-label utrecht-form-label--checkbox" for="${id}">${o.label}</label></div>
  </div>`;
}

/**
 * An NL Design System alert. `status` for news that can wait (saved, logged out), `alert` for errors.
 * The content sits in __content/__message: the alert itself is a flex row meant for an icon and a text.
 */
export function alert(kind: 'ok' | 'error' | 'info' | 'warning', role: 'status' | 'alert', content: Html, attributes: { id?: string; focus?: boolean } = {}): Html {
  return html`<div class="utrecht-alert utrecht-alert--${kind} thuis-alert" role="${role}"${attributes.id ? html` id="${attributes.id}"` : ''}${attributes.focus ? html` tabindex="-1" autofocus` : ''}>
    <div class="utrecht-alert__content"><div class="utrecht-alert__message">${content}</div></div>
  </div>`;
}

/**
 * The error summary at the top of a form. It takes focus when the page loads (autofocus, no script needed),
 * so the browser scrolls to it and a screen reader announces it; each entry links to its field.
 */
export function errorSummary(t: Translate, errors: FieldError[] | undefined): Html {
  if (!errors?.length) return html``;
  return alert('error', 'alert', html`
    <p class="utrecht-paragraph thuis-error-summary__heading"><strong>${t('form.errors_heading', { count: errors.length })}</strong></p>
    <ul class="utrecht-unordered-list thuis-error-summary__list">
      ${errors.map((e) => html`<li><a class="utrecht-link" href="#f-${e.field}">${t(`field.${e.field}`)}: ${t(e.message)}</a></li>`)}
    </ul>`, { id: 'error-summary', focus: true });
}

export function csrfField(token: string): Html {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}
