import { direction, LOCALES, type Locale, type Translate } from '../platform/i18n/index.ts';
import type { AuthenticatedUser } from '../platform/auth/service.ts';
import type { Action } from '../platform/policy.ts';
import { csrfField, html, type Html } from './html.ts';

export interface PageContext {
  t: Translate;
  locale: Locale;
  path: string;
  csrfToken: string;
  user: AuthenticatedUser | null;
  /** Set once the second factor passed; navigation only then. */
  signedIn: boolean;
  /** The role has a caseload (policy: household.list); computed by the route, never re-implemented here. */
  canListHouseholds: boolean;
  /** policy.can() for actions without a household, for menus and buttons; the route still checks. */
  may: (action: Action) => boolean;
}

const LANGUAGE_NAMES: Record<Locale, string> = { nl: 'Nederlands', en: 'English', ar: 'العربية' };

function nav(ctx: PageContext): Html {
  if (!ctx.user || !ctx.signedIn) return html``;
  const link = (href: string, label: string) => {
    const current = ctx.path === href || (href !== '/' && ctx.path.startsWith(`${href}/`));
    return html`<li class="utrecht-nav-list__item"><a class="utrecht-link utrecht-link--html-a thuis-nav__link" href="${href}"
      ${current ? html`aria-current="page"` : ''}>${label}</a></li>`;
  };
  return html`<nav class="thuis-nav" aria-label="${ctx.t('nav.label')}">
    <ul class="thuis-nav__list">
      ${ctx.may('worklist.read') ? link('/mijn-werk', ctx.t('nav.worklist')) : ''}
      ${ctx.canListHouseholds ? link('/huishoudens', ctx.t('nav.households')) : link('/start', ctx.t('nav.start'))}
      ${ctx.may('import.manage') ? link('/import', ctx.t('nav.import')) : ''}
      ${ctx.may('coach.manage') ? link('/coaches', ctx.t('nav.coaches')) : ''}
      ${ctx.may('group.read') ? link('/groepen', ctx.t('nav.groups')) : ''}
      ${ctx.may('infopunt.find_household') ? link('/infopunt', ctx.t('nav.infopunt')) : ''}
      ${ctx.may('programme.configure') ? link('/instellingen', ctx.t('nav.settings')) : ''}
      ${link('/account', ctx.t('nav.account'))}
    </ul>
    <form method="post" action="/uitloggen" class="thuis-nav__logout">
      ${csrfField(ctx.csrfToken)}
      <button class="utrecht-button utrecht-button--subtle" type="submit">${ctx.t('nav.logout')}</button>
    </form>
  </nav>`;
}

function languageSwitch(ctx: PageContext): Html {
  return html`<nav class="thuis-lang" aria-label="${ctx.t('nav.language')}">
    <ul class="thuis-lang__list">
      ${LOCALES.map((l) =>
        l === ctx.locale
          ? html`<li><span class="thuis-lang__current" lang="${l}" aria-current="true">${LANGUAGE_NAMES[l]}</span></li>`
          : html`<li><a class="utrecht-link" lang="${l}" hreflang="${l}" href="/taal?l=${l}&amp;terug=${encodeURIComponent(ctx.path)}">${LANGUAGE_NAMES[l]}</a></li>`,
      )}
    </ul>
  </nav>`;
}

export function layout(ctx: PageContext, title: string, body: Html): Html {
  const { t } = ctx;
  return html`<!doctype html>
<html lang="${ctx.locale}" dir="${direction(ctx.locale)}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title} · Thuis</title>
  <link rel="stylesheet" href="/assets/utrecht-theme.css">
  <link rel="stylesheet" href="/assets/utrecht-components.css">
  <link rel="stylesheet" href="/assets/thuis.css">
</head>
<body class="utrecht-theme thuis-theme utrecht-document utrecht-surface">
  <a class="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#main">${t('nav.skip')}</a>
  <header class="thuis-header">
    <div class="thuis-header__bar">
      <a class="thuis-brand" href="/">${t('app.name')}</a>
      ${ctx.user && ctx.signedIn ? html`<span class="thuis-header__user">${ctx.user.displayName} · ${ctx.user.organisationName}</span>` : ''}
    </div>
    ${nav(ctx)}
    ${languageSwitch(ctx)}
  </header>
  <main id="main" class="thuis-main" tabindex="-1">
    ${body}
  </main>
  <footer class="thuis-footer"><p class="utrecht-paragraph utrecht-paragraph--small">${t('app.footer')}</p></footer>
</body>
</html>`;
}
