import QRCode from 'qrcode';
import { otpauthUri } from '../../platform/auth/totp.ts';
import type { FieldError } from '../../platform/errors.ts';
import { alert, csrfField, errorSummary, field, html, raw, type Html } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';

export function loginPage(ctx: PageContext, state: { email?: string; errors?: FieldError[]; failed?: boolean; rateLimited?: number; loggedOut?: boolean; expired?: boolean }): Html {
  const { t } = ctx;
  return layout(ctx, t('login.title'), html`
    <h1 class="utrecht-heading-1">${t('login.title')}</h1>
    <p class="utrecht-paragraph">${t('login.intro')}</p>
    ${state.loggedOut ? alert('ok', 'status', html`<p class="utrecht-paragraph">${t('login.logged_out')}</p>`) : ''}
    ${state.failed ? alert('error', 'alert', html`<p class="utrecht-paragraph">${t('login.failed')}</p>`) : ''}
    ${state.rateLimited ? alert('error', 'alert', html`<p class="utrecht-paragraph">${t('login.rate_limited', { seconds: state.rateLimited })}</p>`) : ''}
    ${errorSummary(t, state.errors)}
    <form method="post" action="/inloggen" class="thuis-form" novalidate>
      ${csrfField(ctx.csrfToken)}
      ${field({ t, name: 'email', label: t('field.email'), type: 'email', value: state.email, autocomplete: 'username', required: true, errors: state.errors })}
      ${field({ t, name: 'password', label: t('field.password'), type: 'password', autocomplete: 'current-password', required: true, errors: state.errors })}
      <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('login.submit')}</button>
    </form>`);
}

export async function mfaPage(ctx: PageContext, state: { enrolSecret?: string; account: string; failed?: boolean }): Promise<Html> {
  const { t } = ctx;
  let enrolment: Html = html``;
  if (state.enrolSecret) {
    const uri = otpauthUri(state.enrolSecret, state.account);
    const svg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    enrolment = html`
      <h2 class="utrecht-heading-2">${t('mfa.enrol_heading')}</h2>
      <p class="utrecht-paragraph">${t('mfa.enrol_intro')}</p>
      <figure class="thuis-qr" role="img" aria-label="${t('mfa.qr_label')}">${raw(svg.replace('<svg ', '<svg aria-hidden="true" focusable="false" '))}</figure>
      <p class="utrecht-paragraph">${t('mfa.enrol_manual')}</p>
      <p class="utrecht-paragraph"><code class="thuis-secret" dir="ltr" data-testid="totp-secret">${state.enrolSecret.replace(/(.{4})/g, '$1 ').trim()}</code></p>`;
  }
  return layout(ctx, t('mfa.title'), html`
    <h1 class="utrecht-heading-1">${t('mfa.title')}</h1>
    <p class="utrecht-paragraph">${t('mfa.intro')}</p>
    ${state.failed ? alert('error', 'alert', html`<p class="utrecht-paragraph">${t('mfa.failed')}</p>`) : ''}
    ${enrolment}
    <form method="post" action="/tweestapsverificatie" class="thuis-form" novalidate>
      ${csrfField(ctx.csrfToken)}
      ${state.enrolSecret ? html`<input type="hidden" name="enrolSecret" value="${state.enrolSecret}">` : ''}
      ${field({ t, name: 'code', label: t('field.code'), autocomplete: 'one-time-code', inputmode: 'numeric', required: true, description: t('mfa.code_help') })}
      <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('mfa.submit')}</button>
    </form>`);
}
