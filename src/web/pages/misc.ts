import { formatDate } from '../../platform/i18n/index.ts';
import { alert, csrfField, field, html, type Html } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';

export function errorPage(ctx: PageContext, status: number, messageKey: string): Html {
  const { t } = ctx;
  return layout(ctx, t(`error_page.${status}`), html`
    <h1 class="utrecht-heading-1">${t(`error_page.${status}`)}</h1>
    <p class="utrecht-paragraph">${t(messageKey)}</p>
    <p class="utrecht-paragraph"><a class="utrecht-link" href="/">${t('error_page.home')}</a></p>`);
}

export interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export function accountPage(ctx: PageContext, tokens: TokenRow[], newToken?: string): Html {
  const { t, locale } = ctx;
  const user = ctx.user!;
  return layout(ctx, t('account.title'), html`
    <h1 class="utrecht-heading-1">${t('account.title')}</h1>
    <dl class="thuis-facts thuis-facts--wide">
      <div><dt>${t('field.name')}</dt><dd>${user.displayName}</dd></div>
      <div><dt>${t('field.email')}</dt><dd>${user.email}</dd></div>
      <div><dt>${t('account.role')}</dt><dd>${t(`role.${user.role}`)}</dd></div>
      <div><dt>${t('account.organisation')}</dt><dd>${user.organisationName}</dd></div>
    </dl>
    ${ctx.may('coach.profile_own') ? html`<p class="utrecht-paragraph"><a class="utrecht-link" href="/account/profiel">${t('account.coach_profile')}</a></p>` : ''}
    <section aria-labelledby="tokens-heading" class="thuis-section">
      <h2 class="utrecht-heading-2" id="tokens-heading">${t('account.tokens_heading')}</h2>
      <p class="utrecht-paragraph">${t('account.tokens_intro')}</p>
      ${newToken ? alert('ok', 'status', html`
        <p class="utrecht-paragraph">${t('account.token_created')}</p>
        <p class="utrecht-paragraph"><code class="thuis-secret" dir="ltr" data-testid="new-token">${newToken}</code></p>`) : ''}
      ${tokens.length === 0 ? html`<p class="utrecht-paragraph">${t('account.no_tokens')}</p>` : html`
      <ul class="thuis-cards">
        ${tokens.map((tk) => html`<li class="thuis-card">
          <h3 class="utrecht-heading-3 thuis-card__title" dir="auto">${tk.name}</h3>
          <dl class="thuis-facts">
            <div><dt>${t('account.token_prefix')}</dt><dd><code dir="ltr">${tk.prefix}…</code></dd></div>
            <div><dt>${t('account.token_created_at')}</dt><dd>${formatDate(locale, tk.createdAt.toISOString())}</dd></div>
            <div><dt>${t('account.token_last_used')}</dt><dd>${tk.lastUsedAt ? formatDate(locale, tk.lastUsedAt.toISOString()) : t('account.never')}</dd></div>
            <div><dt>${t('account.token_status')}</dt><dd>${tk.revokedAt ? t('account.revoked') : t('account.active')}</dd></div>
          </dl>
          ${tk.revokedAt ? '' : html`<form method="post" action="/account/tokens/${tk.id}/intrekken">
            ${csrfField(ctx.csrfToken)}
            <button class="utrecht-button utrecht-button--secondary-action" type="submit">${t('account.revoke')}<span class="thuis-visually-hidden">: ${tk.name}</span></button>
          </form>`}
        </li>`)}
      </ul>`}
      <form method="post" action="/account/tokens" class="thuis-form">
        ${csrfField(ctx.csrfToken)}
        ${field({ t, name: 'name', label: t('account.token_name'), required: true })}
        <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('account.create_token')}</button>
      </form>
    </section>`);
}

/** The start page of roles that have no caseload (yet): who you are, and where to go. */
export function startPage(ctx: PageContext): Html {
  const { t } = ctx;
  const user = ctx.user!;
  return layout(ctx, t('start.title'), html`
    <h1 class="utrecht-heading-1">${t('start.welcome', { name: user.displayName })}</h1>
    <p class="utrecht-paragraph">${t('start.signed_in_as', { role: t(`role.${user.role}`), organisation: user.organisationName })}</p>
    <p class="utrecht-paragraph">${t(`start.role.${user.role}`)}</p>
    <p class="utrecht-paragraph"><a class="utrecht-link" href="/account">${t('start.account_link')}</a></p>`);
}
