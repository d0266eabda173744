import type { Paged } from '../../platform/context.ts';
import { formatDate } from '../../platform/i18n/index.ts';
import { languageName, regionName, type CaseloadItem, type DeadlineView, type HouseholdView, type MemberView } from '../../features/households/index.ts';
import { birthDate } from './registration.ts';
import { alert, csrfField, field, html, type Html } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';
import { pagination, searchPagination } from './pagination.ts';

export function caseloadPage(ctx: PageContext, data: Paged<CaseloadItem>, search: string, saved?: string): Html {
  const { t, locale } = ctx;
  const heading = ctx.user?.role === 'coordinator' || ctx.user?.role === 'regisseur' ? t('caseload.title_all') : t('caseload.title');
  return layout(ctx, heading, html`
    <h1 class="utrecht-heading-1">${heading}</h1>
    ${saved ? alert('ok', 'status', html`<p class="utrecht-paragraph">${t(saved)}</p>`) : ''}
    ${ctx.may('household.create') ? html`<p class="utrecht-paragraph"><a class="utrecht-link thuis-action-link" href="/huishoudens/nieuw">${t('registration.new_link')}</a></p>` : ''}
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
  const date = (iso: string | null) => (iso ? formatDate(locale, iso) : t('common.unknown'));
  const address = [household.addressLine, [household.postcode, household.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  // The window title lands in browser history: the reference, never the name.
  return layout(ctx, t('household.title', { name: household.reference }), html`
    <p class="utrecht-paragraph"><a class="utrecht-link" href="/huishoudens">${t('household.back')}</a></p>
    <h1 class="utrecht-heading-1">${t('household.title', { name: title })}</h1>
    ${saved ? alert('ok', 'status', html`<p class="utrecht-paragraph">${t(saved)}</p>`) : ''}
    ${household.possibleDuplicates?.length
      ? alert('warning', 'status', html`<p class="utrecht-paragraph">${t('registration.dossier_duplicates')}</p>
        <ul class="utrecht-unordered-list thuis-link-list">${household.possibleDuplicates.map((d) => html`<li><a class="utrecht-link" href="/huishoudens/${household.id}/samenvoegen?met=${d.householdId}">${t('registration.compare_with', { name: d.reference })}</a></li>`)}</ul>`)
      : ''}
    <dl class="thuis-facts thuis-facts--wide">
      <div><dt>${t('household.reference')}</dt><dd>${household.reference}</dd></div>
      <div><dt>${t('household.municipality')}</dt><dd>${household.municipalityName}</dd></div>
      <div><dt>${t('registration.address')}</dt><dd>${address || t('common.unknown')}</dd></div>
      <div><dt>${t('registration.field.coaLinkDate')}</dt><dd>${date(household.coaLinkDate)}</dd></div>
      <div><dt>${t('household.housing_date')}</dt><dd>${date(household.housingDate)}</dd></div>
      <div><dt>${t('registration.field.benefitStartDate')}</dt><dd>${date(household.benefitStartDate)}</dd></div>
      <div><dt>${t('household.coach')}</dt><dd>${household.coachName ?? t('household.no_coach')}</dd></div>
    </dl>
    ${household.permissions.canUpdate || household.permissions.canMerge ? html`<ul class="thuis-actions">
      ${household.permissions.canUpdate ? html`<li><a class="utrecht-link" href="/huishoudens/${household.id}/bewerken">${t('registration.edit_link')}</a></li>` : ''}
      ${household.permissions.canMerge ? html`<li><a class="utrecht-link" href="/huishoudens/${household.id}/samenvoegen">${t('registration.merge_link')}</a></li>` : ''}
    </ul>` : ''}
    ${deadlineList(ctx, household.deadlines, 'household-deadlines', t('registration.deadlines_household'))}
    <section aria-labelledby="members-heading" class="thuis-section">
      <h2 class="utrecht-heading-2" id="members-heading">${t('household.members')}</h2>
      ${household.members.length === 0
        ? html`<p class="utrecht-paragraph">${t('household.no_members')}</p>`
        : html`<ul class="thuis-cards thuis-cards--members">
          ${household.members.map((m, i) => memberCard(ctx, household, m, i))}
        </ul>`}
    </section>
    ${sections}`);
}

function deadlineList(ctx: PageContext, deadlines: DeadlineView[], id: string, heading: string, level: 2 | 4 = 2): Html {
  const { t, locale } = ctx;
  if (deadlines.length === 0) return html``;
  const status = (d: DeadlineView) =>
    d.met ? html`<span class="thuis-deadline__status thuis-deadline__status--met">${t('registration.deadline_met')}</span>`
    : d.overdue ? html`<strong class="thuis-deadline__status thuis-deadline__status--overdue">${t('registration.deadline_overdue')}</strong>`
    : d.passed ? html`<span class="thuis-deadline__status">${t('registration.deadline_passed')}</span>`
    : html`<span class="thuis-deadline__status">${t('registration.deadline_open')}</span>`;
  const h = level === 2 ? html`<h2 class="utrecht-heading-2" id="${id}">${heading}</h2>` : html`<h4 class="utrecht-heading-4" id="${id}">${heading}</h4>`;
  return html`<section aria-labelledby="${id}" class="${level === 2 ? 'thuis-section' : ''}">
    ${h}
    <ul class="thuis-deadlines">
      ${deadlines.map((d) => html`<li class="thuis-deadline${d.overdue ? ' thuis-deadline--overdue' : ''}">
        <span class="thuis-deadline__what">${t(`registration.deadline.${d.kind}`)}</span>
        <span class="thuis-deadline__on">${formatDate(locale, d.on)}</span> ${status(d)}
      </li>`)}
    </ul>
  </section>`;
}

function memberCard(ctx: PageContext, household: HouseholdView, m: MemberView, index: number): Html {
  const { t, locale } = ctx;
  const date = (iso: string | null) => (iso ? formatDate(locale, iso) : t('common.unknown'));
  const fact = (label: string, value: Html | string) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
  return html`<li class="thuis-card">
    <h3 class="utrecht-heading-3 thuis-card__title">${m.givenNames} ${m.familyName}</h3>
    ${m.originalName ? html`<p class="utrecht-paragraph thuis-original-name" dir="auto">${m.originalName}</p>` : ''}
    <dl class="thuis-facts">
      ${fact(t('member.relation'), t(`relation.${m.relation}`))}
      ${fact(t('member.date_of_birth'), m.dateOfBirth ? birthDate(ctx, m.dateOfBirth, m.birthPrecision) : t('common.unknown'))}
      ${fact(t('registration.field.sex'), t(`registration.sex.${m.sex}`))}
      ${fact(t('registration.field.countryOfOrigin'), m.countryOfOrigin ? regionName(locale, m.countryOfOrigin) : t('common.unknown'))}
      ${fact(t('member.languages'), m.languages.length ? m.languages.map((l) => languageName(locale, l)).join(', ') : t('common.unknown'))}
      ${fact(t('registration.field.dutchLevel'), m.dutchLevel ? t(`registration.dutch.${m.dutchLevel}`) : t('common.unknown'))}
      ${fact(t('registration.field.interpreterLanguage'), m.interpreterLanguage ? languageName(locale, m.interpreterLanguage) : t('registration.no_interpreter'))}
      ${fact(t('registration.field.targetGroup'), m.targetGroup ? t(`registration.target.${m.targetGroup}`) : t('common.unknown'))}
      ${m.identity ? html`
        ${fact(t('registration.field.vNumber'), m.identity.vNumber ?? t('common.unknown'))}
        ${fact(t('registration.field.bsn'), m.identity.bsn ?? t('common.unknown'))}` : ''}
      ${m.phone ? fact(t('registration.field.phone'), html`<a class="utrecht-link" href="tel:${m.phone.replace(/[^+0-9]/g, '')}">${m.phone}</a>`) : ''}
      ${m.email ? fact(t('registration.field.email'), m.email) : ''}
      ${fact(t('registration.field.statusDate'), date(m.statusDate))}
      ${fact(t('registration.field.duoNoticeDate'), date(m.duoNoticeDate))}
      ${fact(t('registration.field.pipDate'), date(m.pipDate))}
      ${fact(t('registration.field.learningRoute'), m.learningRoute ? t(`registration.route.${m.learningRoute}`) : t('common.unknown'))}
      ${household.permissions.canReadPlan ? fact(t('member.pyramid_layer'), t(`pyramid.layer.${m.pyramidLayer}`)) : ''}
    </dl>
    ${household.permissions.canReadInburgering || household.permissions.canReadPlan ? html`<ul class="thuis-actions">
      ${household.permissions.canReadInburgering ? html`<li><a class="utrecht-link" href="/huishoudens/${household.id}/personen/${m.id}/inburgering">${t('member.inburgering_link')}</a></li>` : ''}
      ${household.permissions.canReadPlan ? html`<li><a class="utrecht-link" href="/huishoudens/${household.id}/personen/${m.id}/piramide">${t('member.pyramid_link')}</a></li>` : ''}
    </ul>` : ''}
    ${deadlineList(ctx, m.deadlines, `member-${index}-deadlines`, t('registration.deadlines_member'), 4)}
  </li>`;
}

