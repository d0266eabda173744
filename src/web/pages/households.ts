import type { Paged } from '../../platform/context.ts';
import { formatDate } from '../../platform/i18n/index.ts';
import type { CaseloadItem, HouseholdView } from '../../features/households/index.ts';
import { alert, csrfField, field, html, type Html } from '../html.ts';
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

/** The dossier; `sections` come from the features (journal, trajectory, …) via web/household-sections.ts. */
export function householdPage(ctx: PageContext, household: HouseholdView, sections: Html[], saved?: string): Html {
  const { t, locale } = ctx;
  const head = household.members[0];
  const title = head ? `${head.givenNames} ${head.familyName}` : household.reference;
  // The window title lands in browser history: the reference, never the name.
  return layout(ctx, t('household.title', { name: household.reference }), html`
    <p class="utrecht-paragraph"><a class="utrecht-link" href="/huishoudens">${t('household.back')}</a></p>
    <h1 class="utrecht-heading-1">${t('household.title', { name: title })}</h1>
    ${saved ? alert('ok', 'status', html`<p class="utrecht-paragraph">${t(saved)}</p>`) : ''}
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
    ${sections}`);
}

function languageName(locale: string, code: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
