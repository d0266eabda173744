import type { FieldError } from '../../platform/errors.ts';
import { formatDate, type Translate } from '../../platform/i18n/index.ts';
import { languageName } from '../../features/households/index.ts';
import { programmeText, timeOf, type EditionFacts } from '../../features/groups/index.ts';
import type { EditionParticipants, EnrolmentFacts, EnrolmentResult, ParticipantManageView, ParticipantView, PersonHit } from '../../features/groups/enrolments.ts';
import { WITHDRAW_REASONS } from '../../features/groups/enrolment-inputs.ts';
import type { EditionOption, HouseholdGroups, PersonEnrolment, PersonGroups, PersonProposal } from '../../features/groups/household.ts';
import type { EnrolmentStatus } from '../../features/groups/schema.ts';
import type { EnrolmentProposal } from '../../features/plans/index.ts';
import { alert, csrfField, field, html, type Html } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';
import { offerLabel } from './plan-settings.ts';

// Enrolment in group programmes (issue 5), phone first: the participants and waitlist on the edition page, the
// household's groups page (enrol from the plan's proposals), the dossier section, finding a person to enrol and
// the withdraw confirmation. No script: each action is a small form; withdrawing asks for a confirmation first.

// --- Labels ---------------------------------------------------------------------------------------------------

/** A programme's name: a built-in name the organisation left alone in the reader's language, else as written (G1's rule). */
export function programmeLabel(t: Translate, p: { offerKey: string | null; programmeName: string }): string {
  return programmeText(t, { offerKey: p.offerKey, name: p.programmeName, description: '' }).name;
}

/** The status of an enrolment, with the waitlist place. */
export function enrolmentStatusText(t: Translate, status: EnrolmentStatus | string, position: number | null): string {
  if (status === 'waitlisted' && position) return t('group_enrol.waitlisted_at', { count: position });
  return t(`group.enrolment_status.${status}`);
}

function languagesText(ctx: PageContext, codes: string[]): string {
  return codes.map((c) => languageName(ctx.locale, c)).join(', ');
}

function placesText(t: Translate, e: Pick<EditionOption, 'free' | 'waitlisted'>): string {
  return e.free > 0 ? t('group_enrol.places_free', { count: e.free }) : t('group_enrol.full_waitlist', { count: e.waitlisted });
}

function period(ctx: PageContext, first: string | null, last: string | null): string {
  if (!first) return ctx.t('group_enrol.no_sessions');
  return first === last || !last ? formatDate(ctx.locale, first) : `${formatDate(ctx.locale, first)} – ${formatDate(ctx.locale, last)}`;
}

function sessionText(ctx: PageContext, s: { date: string; startMinute: number; place: string }): string {
  return `${formatDate(ctx.locale, s.date)}, ${timeOf(s.startMinute)}${s.place ? `, ${s.place}` : ''}`;
}

/** An error summary whose entries link to the form they belong to. */
function formErrors(t: Translate, errors: { target: string; message: string }[]): Html {
  if (!errors.length) return html``;
  return alert('error', 'alert', html`
    <p class="utrecht-paragraph"><strong>${t('form.errors_heading', { count: errors.length })}</strong></p>
    <ul class="utrecht-unordered-list thuis-error-summary__list">
      ${errors.map((e) => html`<li><a class="utrecht-link" href="#${e.target}">${t(e.message)}</a></li>`)}
    </ul>`, { id: 'error-summary', focus: true });
}

// --- The plan page: each proposal with its enrolment ------------------------------------------------------------

/** One proposal on the plan page: the enrolment that answers it, or the way to enrol. */
export function proposalItem(ctx: PageContext, householdId: string, p: EnrolmentProposal, canEnrol: boolean): Html {
  const { t, locale } = ctx;
  const name = offerLabel(t, { key: p.offerKey, label: p.label });
  const e = p.enrolment;
  if (e) {
    const session = e.sessionOn
      ? html`<li>${t('group_enrol.session_on', { name: `${formatDate(locale, e.sessionOn)}${e.sessionStartMinute !== null ? `, ${timeOf(e.sessionStartMinute)}` : ''}${e.sessionPlace ? `, ${e.sessionPlace}` : ''}` })}</li>`
      : '';
    return html`<li class="thuis-enrol-proposal">
      <span class="thuis-enrol-proposal__name">${name}</span>
      <ul class="thuis-enrol-proposal__facts">
        <li>${t('group_enrol.in_group', { name: e.editionTitle })}</li>
        <li>${enrolmentStatusText(t, e.status, e.position)}</li>
        ${session}
      </ul>
    </li>`;
  }
  return html`<li class="thuis-enrol-proposal">
    <span class="thuis-enrol-proposal__name">${p.status === 'enrolled' ? t('plans.enrolled', { name }) : t('plans.proposed', { name })}</span>
    ${p.status === 'proposed' && canEnrol
      ? html` <a class="utrecht-link thuis-link-target" href="/huishoudens/${householdId}/groepen">${t('group_enrol.enrol')}<span class="thuis-visually-hidden">: ${name}</span></a>`
      : ''}
  </li>`;
}

// --- The edition page: participants and waitlist ------------------------------------------------------------------

const SAVED_ON_EDITION: Record<string, string> = {
  ingeschreven: 'group_enrol.saved_enrolled',
  wachtlijst: 'group_enrol.saved_waitlisted',
  afgemeld: 'group_enrol.saved_withdrawn',
  afgemeld_opgeschoven: 'group_enrol.saved_withdrawn_promoted',
};

function personLine(ctx: PageContext, p: ParticipantView | ParticipantManageView, manage: boolean, open: boolean): Html {
  const { t } = ctx;
  const name = `${p.givenNames} ${p.familyName}`;
  const m = manage && 'householdId' in p ? p : null;
  return html`<div class="thuis-enrol-person__name">${m
      ? html`<a class="utrecht-link" href="/huishoudens/${m.householdId}" dir="auto">${name}</a> <span class="thuis-enrol-person__ref">(${m.householdReference})</span>`
      : html`<span dir="auto">${name}</span>`}</div>
    <div class="thuis-enrol-person__facts">
      ${p.languages.length ? html`<span>${t('group_enrol.speaks', { name: languagesText(ctx, p.languages) })}</span>` : ''}
      ${p.interpreterLanguage ? html`<span>${t('group_enrol.interpreter', { name: languageName(ctx.locale, p.interpreterLanguage) })}</span>` : ''}
      ${p.status !== 'enrolled' && p.status !== 'waitlisted' ? html`<span>${t(`group.enrolment_status.${p.status}`)}</span>` : ''}
    </div>
    ${m && open && (p.status === 'enrolled' || p.status === 'waitlisted')
      ? html`<a class="utrecht-link thuis-link-target" href="/groepen/inschrijvingen/${p.id}/afmelden?terug=editie">${t('group_enrol.withdraw')}<span class="thuis-visually-hidden">: ${name}</span></a>`
      : ''}`;
}

/** The participants and waitlist of an edition, for its trainers and the coordinator. */
export function enrolmentEditionSectionView(ctx: PageContext, edition: EditionFacts, list: EditionParticipants, saved?: string): Html {
  const { t } = ctx;
  const open = edition.status === 'planned' || edition.status === 'running';
  const savedKey = saved ? SAVED_ON_EDITION[saved] : undefined;
  return html`<section class="thuis-section thuis-enrol" id="deelnemers" aria-labelledby="deelnemers-heading">
    <h2 class="utrecht-heading-2" id="deelnemers-heading">${t('group_enrol.participants_heading')}</h2>
    ${savedKey ? alert('ok', 'status', html`<p class="utrecht-paragraph">${t(savedKey)}</p>`) : ''}
    <p class="utrecht-paragraph">${t('group_enrol.places_taken', { count: list.taken, pages: list.capacity })}
      ${open ? html` · <strong>${list.free > 0 ? t('group_enrol.places_free', { count: list.free }) : t('group_enrol.full')}</strong>` : ''}</p>
    ${list.participants.length
      ? html`<ol class="thuis-enrol-list">${list.participants.map((p) => html`<li class="thuis-enrol-person">${personLine(ctx, p, list.canManage, open)}</li>`)}</ol>`
      : html`<p class="utrecht-paragraph">${t('group_enrol.no_participants')}</p>`}
    ${list.waitlist.length ? html`
      <h3 class="utrecht-heading-3">${t('group_enrol.waitlist_heading', { count: list.waitlist.length })}</h3>
      <p class="utrecht-paragraph">${t('group_enrol.waitlist_help')}</p>
      <ol class="thuis-enrol-list thuis-enrol-list--waitlist">${list.waitlist.map((p) => html`<li class="thuis-enrol-person">
        <span class="thuis-enrol-person__position">${t('group_enrol.position', { count: p.position })}</span>
        ${personLine(ctx, p, list.canManage, open)}</li>`)}</ol>` : ''}
    ${list.canManage && open ? html`
      <h3 class="utrecht-heading-3" id="inschrijven-heading">${t('group_enrol.add_heading')}</h3>
      <form method="post" action="/groepen/edities/${edition.id}/inschrijven" class="thuis-search" role="search" aria-labelledby="inschrijven-heading">
        ${csrfField(ctx.csrfToken)}
        ${field({ t, name: 'q', label: t('group_enrol.search_label'), type: 'search', description: t('group_enrol.search_help') })}
        <button class="utrecht-button utrecht-button--secondary-action" type="submit">${t('group_enrol.search_submit')}</button>
      </form>` : ''}
  </section>`;
}

// --- Finding a person to enrol (the coordinator) ----------------------------------------------------------------

export interface EnrolSearchState {
  q?: string;
  hits?: PersonHit[] | null;
  errors?: FieldError[];
  /** The person whose enrolment failed. */
  memberId?: string;
}

export function enrolSearchPage(ctx: PageContext, edition: EditionFacts & { taken: number; waitlisted: number }, state: EnrolSearchState): Html {
  const { t } = ctx;
  const title = programmeLabel(t, edition);
  const free = Math.max(0, edition.capacity - edition.taken);
  const searchError = state.errors?.find((e) => e.field === 'q');
  const enrolErrors = (state.errors ?? []).filter((e) => e.field !== 'q').map((e) => ({ target: state.memberId ? `persoon-${state.memberId}` : 'f-q', message: e.message }));
  return layout(ctx, t('group_enrol.add_title', { name: edition.title }), html`
    <p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/groepen/edities/${edition.id}#deelnemers">${t('group_enrol.back_edition')}</a></p>
    <h1 class="utrecht-heading-1">${t('group_enrol.add_title', { name: edition.title })}</h1>
    ${searchError ? formErrors(t, [{ target: 'f-q', message: searchError.message }]) : formErrors(t, enrolErrors)}
    <dl class="thuis-facts thuis-facts--wide">
      <div><dt>${t('group_enrol.programme')}</dt><dd>${title}</dd></div>
      <div><dt>${t('group_enrol.places')}</dt><dd>${free > 0 ? t('group_enrol.places_free', { count: free }) : t('group_enrol.full_waitlist', { count: edition.waitlisted })}</dd></div>
    </dl>
    <form method="post" action="/groepen/edities/${edition.id}/inschrijven" class="thuis-search" role="search">
      ${csrfField(ctx.csrfToken)}
      ${field({ t, name: 'q', label: t('group_enrol.search_label'), type: 'search', value: state.q ?? '', description: t('group_enrol.search_help'), errors: searchError ? [searchError] : undefined })}
      <button class="utrecht-button utrecht-button--secondary-action" type="submit">${t('group_enrol.search_submit')}</button>
    </form>
    ${state.hits ? html`
      <p class="utrecht-paragraph" role="status">${t('group_enrol.found', { count: state.hits.length })}</p>
      ${state.hits.length ? html`<ul class="thuis-cards">${state.hits.map((h) => {
        const name = `${h.givenNames} ${h.familyName}`;
        const error = state.memberId === h.memberId ? state.errors?.find((e) => e.field !== 'q') : undefined;
        return html`<li class="thuis-card" id="persoon-${h.memberId}">
          <h2 class="utrecht-heading-3 thuis-card__title"><span dir="auto">${name}</span></h2>
          <dl class="thuis-facts">
            <div><dt>${t('group_enrol.household')}</dt><dd>${h.householdReference}</dd></div>
            <div><dt>${t('group_enrol.municipality')}</dt><dd>${h.municipalityName}</dd></div>
          </dl>
          ${error ? html`<p class="utrecht-form-field-error-message" id="fout-${h.memberId}">${t(error.message)}</p>` : ''}
          ${h.inEdition
            ? html`<p class="utrecht-paragraph">${t('group_enrol.already_in')}</p>`
            : html`<form method="post" action="/groepen/edities/${edition.id}/inschrijvingen" class="thuis-enrol-form">
                ${csrfField(ctx.csrfToken)}
                <input type="hidden" name="memberId" value="${h.memberId}">
                <input type="hidden" name="q" value="${state.q ?? ''}">
                <button class="utrecht-button utrecht-button--primary-action" type="submit" ${error ? html`aria-describedby="fout-${h.memberId}"` : ''}>${free > 0 ? t('group_enrol.enrol') : t('group_enrol.enrol_waitlist')}<span class="thuis-visually-hidden">: ${name}</span></button>
              </form>`}
        </li>`;
      })}</ul>` : ''}` : ''}`);
}

// --- The household's groups page ------------------------------------------------------------------------------------

export interface HouseholdGroupsState {
  /** Which form failed (its element id) and why. */
  formId?: string;
  errors?: FieldError[];
  saved?: string;
}

const SAVED_ON_HOUSEHOLD: Record<string, string> = {
  enrolled: 'group_enrol.saved_enrolled',
  waitlisted: 'group_enrol.saved_waitlisted',
  withdrawn: 'group_enrol.saved_withdrawn',
  withdrawn_promoted: 'group_enrol.saved_withdrawn_promoted',
};

function enrolmentFacts(ctx: PageContext, e: PersonEnrolment, withNext: boolean): Html {
  const { t } = ctx;
  return html`<dl class="thuis-facts">
    <div><dt>${t('group_enrol.group')}</dt><dd dir="auto">${e.editionTitle}</dd></div>
    <div><dt>${t('group_enrol.period')}</dt><dd>${period(ctx, e.firstSessionOn, e.lastSessionOn)}</dd></div>
    <div><dt>${t('group_enrol.status')}</dt><dd>${enrolmentStatusText(t, e.status, e.position)}</dd></div>
    ${e.status !== 'waitlisted' && e.status !== 'withdrawn' && e.sessionsHeld > 0
      ? html`<div><dt>${t('group_enrol.attendance')}</dt><dd>${t('group_enrol.present_of', { count: e.present, pages: e.sessionsHeld })}</dd></div>`
      : ''}
    ${withNext && e.nextSession && (e.status === 'enrolled' || e.status === 'waitlisted')
      ? html`<div><dt>${t('group_enrol.next_session')}</dt><dd>${sessionText(ctx, e.nextSession)}</dd></div>`
      : ''}
    ${e.certificateId
      ? html`<div><dt>${t('group_enrol.certificate')}</dt><dd><a class="utrecht-link thuis-link-target" href="/groepen/certificaten/${e.certificateId}/pdf?taal=${ctx.locale}">${t('group_enrol.certificate_pdf')}<span class="thuis-visually-hidden">: ${e.editionTitle}</span></a></dd></div>`
      : ''}
  </dl>`;
}

function enrolForm(ctx: PageContext, g: HouseholdGroups, person: PersonGroups, edition: EditionOption, proposal: PersonProposal, state: HouseholdGroupsState): Html {
  const { t } = ctx;
  const formId = `inschrijven-${person.memberId}-${edition.id}`;
  const error = state.formId === formId ? state.errors?.[0] : undefined;
  return html`<li class="thuis-card thuis-enrol-option" id="${formId}">
    <p class="utrecht-paragraph thuis-enrol-option__title"><strong dir="auto">${edition.title}</strong></p>
    <dl class="thuis-facts">
      <div><dt>${t('group_enrol.municipality')}</dt><dd>${edition.municipalityName}</dd></div>
      ${edition.firstSession ? html`<div><dt>${t('group_enrol.first_session')}</dt><dd>${sessionText(ctx, edition.firstSession)}</dd></div>` : ''}
      <div><dt>${t('group_enrol.places')}</dt><dd>${placesText(t, edition)}</dd></div>
    </dl>
    ${error ? html`<p class="utrecht-form-field-error-message" id="${formId}-err">${t(error.message)}</p>` : ''}
    <form method="post" action="/huishoudens/${g.householdId}/groepen/inschrijven" class="thuis-enrol-form">
      ${csrfField(ctx.csrfToken)}
      <input type="hidden" name="memberId" value="${person.memberId}">
      <input type="hidden" name="editionId" value="${edition.id}">
      <input type="hidden" name="proposalId" value="${proposal.id}">
      <input type="hidden" name="formId" value="${formId}">
      <button class="utrecht-button utrecht-button--primary-action" type="submit" ${error ? html`aria-describedby="${formId}-err"` : ''}>${edition.free > 0 ? t('group_enrol.enrol') : t('group_enrol.enrol_waitlist')}<span class="thuis-visually-hidden">: ${edition.title}, ${person.givenNames}</span></button>
    </form>
  </li>`;
}

function otherForm(ctx: PageContext, g: HouseholdGroups, person: PersonGroups, state: HouseholdGroupsState): Html {
  const { t } = ctx;
  const taken = new Set(person.enrolments.filter((e) => e.status !== 'withdrawn').map((e) => e.editionId));
  const options = g.openEditions.filter((e) => !taken.has(e.id));
  if (!options.length) return html``;
  const formId = `andere-${person.memberId}`;
  const selectId = `f-edition-${person.memberId}`;
  const error = state.formId === formId ? state.errors?.[0] : undefined;
  return html`<form method="post" action="/huishoudens/${g.householdId}/groepen/inschrijven" class="thuis-form thuis-enrol-other" id="${formId}">
    ${csrfField(ctx.csrfToken)}
    <input type="hidden" name="memberId" value="${person.memberId}">
    <input type="hidden" name="formId" value="${formId}">
    <div class="utrecht-form-field${error ? ' utrecht-form-field--invalid' : ''}">
      <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${selectId}">${t('group_enrol.other_label', { name: person.givenNames })}</label></div>
      ${error ? html`<div class="utrecht-form-field-error-message" id="${selectId}-err">${t(error.message)}</div>` : ''}
      <div class="utrecht-form-field__input">
        <select class="utrecht-select utrecht-select--html-select" id="${selectId}" name="editionId" required ${error ? html`aria-invalid="true" aria-describedby="${selectId}-err"` : ''}>
          <option value="">${t('group_enrol.other_choose')}</option>
          ${options.map((e) => html`<option value="${e.id}">${programmeLabel(t, e)} — ${e.title} (${e.municipalityName}${e.firstSession ? `, ${formatDate(ctx.locale, e.firstSession.date)}` : ''}; ${placesText(t, e)})</option>`)}
        </select>
      </div>
    </div>
    <button class="utrecht-button utrecht-button--secondary-action" type="submit">${t('group_enrol.enrol')}<span class="thuis-visually-hidden">: ${person.givenNames}</span></button>
  </form>`;
}

function personBlock(ctx: PageContext, g: HouseholdGroups, person: PersonGroups, state: HouseholdGroupsState): Html {
  const { t } = ctx;
  const name = `${person.givenNames} ${person.familyName}`;
  const headingId = `persoon-${person.memberId}-heading`;
  const canEnrol = g.canEnrol;
  // An edition she is already in is no choice for her (the enrolment would be refused as a duplicate).
  const taken = new Set(person.enrolments.filter((e) => e.status !== 'withdrawn').map((e) => e.editionId));
  return html`<section class="thuis-section thuis-enrol-personblock" id="persoon-${person.memberId}" aria-labelledby="${headingId}">
    <h2 class="utrecht-heading-2" id="${headingId}"><span dir="auto">${name}</span></h2>
    ${person.enrolments.length ? html`<ul class="thuis-cards thuis-enrol-cards">${person.enrolments.map((e) => html`<li class="thuis-card thuis-enrol-card thuis-enrol-card--${e.status}">
        <h3 class="utrecht-heading-3 thuis-card__title">${programmeLabel(t, e)}</h3>
        ${enrolmentFacts(ctx, e, true)}
        ${canEnrol && (e.status === 'enrolled' || e.status === 'waitlisted')
          ? html`<a class="utrecht-link thuis-link-target" href="/groepen/inschrijvingen/${e.id}/afmelden?terug=huishouden">${t('group_enrol.withdraw')}<span class="thuis-visually-hidden">: ${programmeLabel(t, e)}</span></a>`
          : ''}
      </li>`)}</ul>` : html`<p class="utrecht-paragraph">${t('group_enrol.person_none')}</p>`}
    ${person.proposals.length ? html`
      <h3 class="utrecht-heading-3">${t('group_enrol.proposed_heading')}</h3>
      ${person.proposals.map((proposal) => ({ ...proposal, editions: proposal.editions.filter((e) => !taken.has(e.id)) })).map((p) => html`<div class="thuis-enrol-proposalblock">
        <p class="utrecht-paragraph"><strong>${offerLabel(t, { key: p.offerKey, label: p.label })}</strong>${p.householdWide ? html` <span class="thuis-enrol-proposalblock__from">(${t('group_enrol.from_household_plan')})</span>` : ''}</p>
        ${p.editions.length
          ? canEnrol ? html`<ul class="thuis-cards thuis-enrol-options">${p.editions.map((e) => enrolForm(ctx, g, person, e, p, state))}</ul>`
            : html`<p class="utrecht-paragraph">${t('group_enrol.editions_available', { count: p.editions.length })}</p>`
          : html`<p class="utrecht-paragraph">${t('group_enrol.no_edition')}</p>`}
      </div>`)}` : ''}
    ${canEnrol ? otherForm(ctx, g, person, state) : ''}
  </section>`;
}

/** GET /huishoudens/:id/groepen: per person what she follows and what the plan proposes, with the way to enrol. */
export function householdGroupsPage(ctx: PageContext, g: HouseholdGroups, state: HouseholdGroupsState = {}): Html {
  const { t } = ctx;
  const savedKey = state.saved ? SAVED_ON_HOUSEHOLD[state.saved] : undefined;
  const errors = state.formId && state.errors?.length ? [{ target: state.formId, message: state.errors[0]!.message }] : [];
  // The window title lands in browser history: the reference, never a name.
  return layout(ctx, t('group_enrol.household_title', { name: g.reference }), html`
    <p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/huishoudens/${g.householdId}#groepen">${t('group_enrol.back_dossier')}</a></p>
    <h1 class="utrecht-heading-1">${t('group_enrol.household_title', { name: g.reference })}</h1>
    ${formErrors(t, errors)}
    ${savedKey ? alert('ok', 'status', html`<p class="utrecht-paragraph">${t(savedKey)}</p>`) : ''}
    ${g.fileClosed ? alert('info', 'status', html`<p class="utrecht-paragraph">${t('group_enrol.file_closed')}</p>`) : ''}
    <p class="utrecht-paragraph">${t('group_enrol.household_intro')}</p>
    ${g.persons.map((p) => personBlock(ctx, g, p, state))}`);
}

// --- The dossier section -------------------------------------------------------------------------------------------

/** The dossier's section: per person the programmes followed, with period, status, attendance and certificate. */
export function groupsSectionView(ctx: PageContext, g: HouseholdGroups): Html {
  const { t } = ctx;
  const persons = g.persons
    .map((p) => ({ ...p, enrolments: p.enrolments.filter((e) => e.status !== 'withdrawn') }))
    .filter((p) => p.enrolments.length);
  const openProposals = new Set(g.persons.flatMap((p) => p.proposals.map((x) => x.id))).size;
  return html`<section aria-labelledby="groups-heading" class="thuis-section thuis-enrol-file" id="groepen">
    <h2 class="utrecht-heading-2" id="groups-heading">${t('group_enrol.section_heading')}</h2>
    ${persons.length ? persons.map((p) => html`
      <h3 class="utrecht-heading-3"><span dir="auto">${p.givenNames} ${p.familyName}</span></h3>
      <ul class="thuis-cards thuis-enrol-cards">${p.enrolments.map((e) => html`<li class="thuis-card thuis-enrol-card thuis-enrol-card--${e.status}">
        <h4 class="utrecht-heading-4 thuis-card__title">${programmeLabel(t, e)}</h4>
        ${enrolmentFacts(ctx, e, false)}
      </li>`)}</ul>`) : html`<p class="utrecht-paragraph">${t('group_enrol.section_none')}</p>`}
    ${openProposals ? html`<p class="utrecht-paragraph">${t('group_enrol.section_proposals', { count: openProposals })}</p>` : ''}
    <p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/huishoudens/${g.householdId}/groepen">${g.canEnrol ? t('group_enrol.section_link_enrol') : t('group_enrol.section_link')}</a></p>
  </section>`;
}

// --- Withdraw: the confirmation step ----------------------------------------------------------------------------------

export interface WithdrawState {
  back: 'editie' | 'huishouden';
  /** REL-LOCK: the enrolment changed since it was read. */
  conflict?: EnrolmentResult;
  errors?: FieldError[];
  reason?: string;
}

export function withdrawPage(ctx: PageContext, e: EnrolmentFacts, state: WithdrawState): Html {
  const { t } = ctx;
  const name = `${e.givenNames} ${e.familyName}`;
  const backHref = state.back === 'editie' ? `/groepen/edities/${e.editionId}#deelnemers` : `/huishoudens/${e.householdId}/groepen#persoon-${e.memberId}`;
  const stillOpen = e.status === 'enrolled' || e.status === 'waitlisted';
  const error = state.errors?.find((x) => x.field === 'reason');
  return layout(ctx, t('group_enrol.withdraw_title'), html`
    <p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="${backHref}">${t('group_enrol.back')}</a></p>
    <h1 class="utrecht-heading-1">${t('group_enrol.withdraw_title')}</h1>
    ${error ? formErrors(t, [{ target: 'f-reason', message: error.message }]) : ''}
    ${state.conflict ? alert('warning', 'alert', html`<p class="utrecht-paragraph">${t('group_enrol.withdraw_conflict', { name: enrolmentStatusText(t, state.conflict.status, state.conflict.position) })}</p>`, { focus: true }) : ''}
    <dl class="thuis-facts thuis-facts--wide">
      <div><dt>${t('group_enrol.person')}</dt><dd dir="auto">${name}</dd></div>
      <div><dt>${t('group_enrol.programme')}</dt><dd>${programmeLabel(t, e)}</dd></div>
      <div><dt>${t('group_enrol.group')}</dt><dd dir="auto">${e.editionTitle}</dd></div>
      <div><dt>${t('group_enrol.status')}</dt><dd>${enrolmentStatusText(t, e.status, e.position)}</dd></div>
    </dl>
    ${stillOpen ? html`
      <p class="utrecht-paragraph">${e.status === 'enrolled' ? t('group_enrol.withdraw_explain_place') : t('group_enrol.withdraw_explain_waitlist')}</p>
      <form method="post" action="/groepen/inschrijvingen/${e.id}/afmelden" class="thuis-form">
        ${csrfField(ctx.csrfToken)}
        <input type="hidden" name="version" value="${e.version}">
        <input type="hidden" name="terug" value="${state.back}">
        <div class="utrecht-form-field${error ? ' utrecht-form-field--invalid' : ''}">
          <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="f-reason">${t('group_enrol.reason_label')}</label></div>
          ${error ? html`<div class="utrecht-form-field-error-message" id="f-reason-err">${t(error.message)}</div>` : ''}
          <div class="utrecht-form-field__input">
            <select class="utrecht-select utrecht-select--html-select" id="f-reason" name="reason" ${error ? html`aria-invalid="true" aria-describedby="f-reason-err"` : ''}>
              <option value="">${t('group_enrol.reason_none')}</option>
              ${WITHDRAW_REASONS.map((r) => html`<option value="${r}" ${state.reason === r ? 'selected' : ''}>${t(`group_enrol.reason.${r}`)}</option>`)}
            </select>
          </div>
        </div>
        <div class="thuis-enrol-buttons">
          <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('group_enrol.withdraw_confirm')}</button>
          <a class="utrecht-link thuis-link-target" href="${backHref}">${t('group_enrol.withdraw_cancel')}</a>
        </div>
      </form>` : html`<p class="utrecht-paragraph">${t('group_enrol.withdraw_not_possible')}</p>`}`);
}
