import type { FieldError } from '../../platform/errors.ts';
import { formatDate, type Locale, type Translate } from '../../platform/i18n/index.ts';
import type { EditionFacts } from '../../features/groups/access.ts';
import { programmeText } from '../../features/groups/index.ts';
import type { AttendanceOverview, AttendanceParticipant, AttendanceSheet, ClosePreview, CloseParticipant, MarkCounts, SessionRow } from '../../features/groups/attendance.ts';
import type { CertificateCheck } from '../../features/groups/certificates.ts';
import { requiredPresent, type ShortfallReason } from '../../features/groups/completion.ts';
import { ATTENDANCE_MARKS, type AttendanceMark } from '../../features/groups/schema.ts';
import { alert, csrfField, html, type Html } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';
import { scheduleList, sessionDate, sessionEditLink, timeRange, type ScheduleEntry, type SessionTiming } from './groups.ts';
import { todayIso } from '../../platform/dates.ts';

// Attendance on a phone (one tap per person, one save for the whole session), closing an edition with a preview
// of who completes and why, the edition page's attendance section, and the public certificate check.
// No script: radio buttons in big labels, one form, a sticky save button.

/** Hours as a number with at most one decimal (ICU formats it in the page's language). */
const hours = (minutes: number) => Math.round((minutes / 60) * 10) / 10;

function countsText(t: Translate, c: MarkCounts): string {
  return [
    t('group_attendance.count_present', { count: c.present }),
    t('group_attendance.count_absent', { count: c.absent }),
    t('group_attendance.count_excused', { count: c.excused }),
    ...(c.unmarked ? [t('group_attendance.count_unmarked', { count: c.unmarked })] : []),
  ].join(' · ');
}

/** An error summary naming the part of the page each error concerns. */
function summary(t: Translate, errors: FieldError[] | undefined, targets: Record<string, { id: string; label: string }>): Html {
  if (!errors?.length) return html``;
  return alert('error', 'alert', html`
    <p class="utrecht-paragraph"><strong>${t('form.errors_heading', { count: errors.length })}</strong></p>
    <ul class="utrecht-unordered-list thuis-error-summary__list">
      ${errors.map((e) => {
        const target = targets[e.field] ?? targets._!;
        return html`<li><a class="utrecht-link" href="#${target.id}">${target.label}: ${t(e.message)}</a></li>`;
      })}
    </ul>`, { id: 'error-summary', focus: true });
}

function personName(p: { name: string; originalName: string | null }): Html {
  return html`<span dir="auto">${p.name}</span>${p.originalName ? html` <span class="thuis-original-name" dir="auto">(${p.originalName})</span>` : ''}`;
}

function sessionFacts(ctx: PageContext, session: SessionRow, today: string): Html {
  const { t, locale } = ctx;
  return html`<dl class="thuis-facts thuis-facts--wide" id="f-session">
    <div><dt>${t('group_attendance.date')}</dt><dd>${sessionDate(locale, session.date)}${session.date === today ? html` <span class="thuis-group-mark thuis-group-mark--today">${t('groups.session_today')}</span>` : ''}</dd></div>
    <div><dt>${t('group_attendance.time')}</dt><dd dir="ltr">${timeRange(session)}</dd></div>
    <div><dt>${t('group_attendance.place')}</dt><dd><span dir="auto">${session.place}</span>${session.address ? html`<br><span dir="auto">${session.address}</span>` : ''}</dd></div>
  </dl>`;
}

/** The programme (a built-in one in the reader's language) and the group's own title, as written. */
function editionLine(t: Translate, edition: EditionFacts): Html {
  const programme = programmeText(t, { offerKey: edition.offerKey, name: edition.programmeName, description: '' });
  return html`<p class="utrecht-paragraph thuis-attendance__edition">${programme.translatedName ? programme.name : html`<span dir="auto">${programme.name}</span>`} · <span dir="auto">${edition.title}</span></p>`;
}

function backLink(ctx: PageContext, edition: EditionFacts): Html {
  return html`<p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/groepen/edities/${edition.id}">${ctx.t('group_attendance.back_to_edition')}</a></p>`;
}

// ---------------------------------------------------------------------------------------------------------
// The attendance page.

export interface AttendancePageState {
  /** The idempotency key of this rendering of the form (kept after a refused submission: nothing was stored). */
  key: string;
  /** Marks as submitted, after a refused submission. */
  values?: Record<string, string>;
  errors?: FieldError[];
  /** After the redirect: saved now, or the same list arrived a second time. */
  saved?: 'saved' | 'replayed';
  /** "Iedereen aanwezig": present pre-checked for everyone without a mark. */
  allPresent?: boolean;
}

function choices(ctx: PageContext, p: AttendanceParticipant, checked: AttendanceMark | null): Html {
  const { t } = ctx;
  return html`<div class="thuis-attendance__choices">
    ${ATTENDANCE_MARKS.map((mark) => html`<label class="thuis-attendance__choice thuis-attendance__choice--${mark}">
      <input type="radio" name="mark-${p.enrolmentId}" value="${mark}"${checked === mark ? ' checked' : ''}>
      <span>${t(`group.mark.${mark}`)}</span>
    </label>`)}
  </div>`;
}

function readOnlyList(ctx: PageContext, participants: AttendanceParticipant[], showStatus: boolean): Html {
  const { t } = ctx;
  return html`<ul class="thuis-attendance__list thuis-attendance__list--read">
    ${participants.map((p) => html`<li class="thuis-attendance__person">
      <span class="thuis-attendance__name">${personName(p)}</span>
      <span class="thuis-attendance__mark thuis-attendance__mark--${p.mark ?? 'none'}">${p.mark ? t(`group.mark.${p.mark}`) : t('group_attendance.unmarked')}</span>
      ${showStatus && p.status !== 'enrolled' ? html`<span class="thuis-attendance__status">${t(`group.enrolment_status.${p.status}`)}</span>` : ''}
    </li>`)}
  </ul>`;
}

function sessionNav(ctx: PageContext, sheet: AttendanceSheet): Html {
  const { t, locale } = ctx;
  const link = (s: SessionRow, key: string) => html`<li><a class="utrecht-link" href="/groepen/edities/${sheet.edition.id}/sessies/${s.id}">${t(key, { count: s.number })} (${formatDate(locale, s.date)})</a></li>`;
  if (!sheet.previous && !sheet.next) return html``;
  return html`<nav aria-label="${t('group_attendance.other_sessions')}">
    <ul class="thuis-actions">
      ${sheet.previous ? link(sheet.previous, 'group_attendance.previous_session') : ''}
      ${sheet.next ? link(sheet.next, 'group_attendance.next_session') : ''}
    </ul>
  </nav>`;
}

/** How far the list is: the counts, or before anything was saved, how many people are on it. */
function progressText(t: Translate, c: MarkCounts): string {
  return c.present + c.absent + c.excused === 0 ? t('group_attendance.none_marked', { count: c.unmarked }) : countsText(t, c);
}

export function attendancePage(ctx: PageContext, sheet: AttendanceSheet, state: AttendancePageState, today = todayIso()): Html {
  const { t, locale } = ctx;
  const { edition, session, participants } = sheet;
  const title = t('group_attendance.title', { count: session.number });
  const base = `/groepen/edities/${edition.id}/sessies/${session.id}`;
  const unmarked = participants.some((p) => !p.mark);
  const checkedOf = (p: AttendanceParticipant): AttendanceMark | null => {
    const submitted = state.values?.[`mark-${p.enrolmentId}`];
    if (state.values) return (ATTENDANCE_MARKS as readonly string[]).includes(submitted ?? '') ? (submitted as AttendanceMark) : null;
    return p.mark ?? (state.allPresent ? 'present' : null);
  };
  let body: Html;
  if (sheet.state === 'open') {
    body = html`
      <p class="utrecht-paragraph">${t('group_attendance.help')}</p>
      ${unmarked && !state.allPresent && !state.values
        ? html`<p class="utrecht-paragraph thuis-attendance__all"><a class="thuis-attendance__all-link" href="${base}?alle=aanwezig#lijst" aria-describedby="alle-uitleg">${t('group_attendance.all_present')}</a>
            <span id="alle-uitleg">${t('group_attendance.all_present_help')}</span></p>`
        : ''}
      ${state.allPresent && !state.values ? alert('info', 'status', html`<p class="utrecht-paragraph">${t('group_attendance.all_present_done')}</p>`) : ''}
      <form method="post" action="${base}" class="thuis-attendance" id="lijst" novalidate>
        ${csrfField(ctx.csrfToken)}
        <input type="hidden" name="idempotencyKey" value="${state.key}">
        ${participants.length === 0 ? html`<p class="utrecht-paragraph">${t('group_attendance.nobody')}</p>` : html`
        <ol class="thuis-attendance__list" id="f-marks">
          ${participants.map((p) => html`<li class="thuis-attendance__person">
            <fieldset class="thuis-attendance__fieldset">
              <legend class="thuis-attendance__name">${personName(p)}</legend>
              ${choices(ctx, p, checkedOf(p))}
            </fieldset>
          </li>`)}
        </ol>
        <div class="thuis-attendance__save">
          <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('group_attendance.save')}</button>
        </div>`}
      </form>`;
  } else {
    const note = sheet.state === 'future' ? 'group_attendance.state_future' : sheet.state === 'cancelled' ? 'group_attendance.state_cancelled' : 'group_attendance.state_closed';
    body = html`${alert('info', 'status', html`<p class="utrecht-paragraph">${t(note)}</p>`)}
      ${participants.length === 0 ? html`<p class="utrecht-paragraph">${t('group_attendance.nobody')}</p>` : readOnlyList(ctx, participants, sheet.state === 'closed')}`;
  }
  return layout(ctx, title, html`
    ${backLink(ctx, edition)}
    <h1 class="utrecht-heading-1">${title}</h1>
    ${editionLine(t, edition)}
    ${summary(t, state.errors, {
      marks: { id: 'f-marks', label: t('group_attendance.list_label') },
      session: { id: 'f-session', label: t('group_attendance.session_label') },
      _: { id: 'lijst', label: t('group_attendance.list_label') },
    })}
    ${state.saved ? alert('ok', 'status', html`
      <p class="utrecht-paragraph"><strong>${t(state.saved === 'replayed' ? 'group_attendance.saved_before' : 'group_attendance.saved')} ${countsText(t, sheet.counts)}</strong></p>
      <p class="utrecht-paragraph">${t(sheet.counts.unmarked ? 'group_attendance.saved_unmarked' : 'group_attendance.saved_change', { count: sheet.counts.unmarked })}</p>
      ${sheet.next && sheet.next.date <= today
        ? html`<p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/groepen/edities/${edition.id}/sessies/${sheet.next.id}">${t('group_attendance.go_next', { count: sheet.next.number })}</a></p>`
        : sheet.next ? html`<p class="utrecht-paragraph">${t('group_attendance.next_on', { count: sheet.next.number })} ${sessionDate(locale, sheet.next.date)}, ${timeRange(sheet.next)}, <span dir="auto">${sheet.next.place}</span>.</p>` : ''}
      <p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/groepen/edities/${edition.id}">${t('group_attendance.back_to_edition')}</a></p>`, { focus: true }) : ''}
    ${sessionFacts(ctx, session, today)}
    ${state.saved ? '' : html`<p class="utrecht-paragraph thuis-attendance__counts">${progressText(t, sheet.counts)}</p>`}
    ${body}
    ${sessionNav(ctx, sheet)}`);
}

// ---------------------------------------------------------------------------------------------------------
// Closing an edition.

export interface ClosePageState {
  errors?: FieldError[];
  /** REL-LOCK: someone changed or closed the edition since the page was read. */
  conflict?: boolean;
  /** Just closed (after the redirect). */
  done?: boolean;
}

function ruleText(t: Translate, edition: EditionFacts, held: number): string {
  const rule = edition.completionRule === 'all'
    ? t('group_close.rule_all')
    : t('group_close.rule_percent', { count: edition.completionPercent });
  const needed = held > 0 ? ` ${t('group_close.rule_needed', { count: requiredPresent(edition, held), pages: held })}` : '';
  const minimum = edition.minimumHours !== null ? ` ${t('group_close.rule_hours', { count: edition.minimumHours })}` : '';
  return `${rule}${needed}${minimum}`;
}

function reasonText(t: Translate, reason: ShortfallReason, minimumHours: number | null): string {
  switch (reason.kind) {
    case 'sessions':
      return `${t('group_close.present_of', { count: reason.present, pages: reason.held })} (${t('group_close.needed', { count: reason.required })})`;
    case 'hours':
      return t('group_close.hours_of', { count: hours(reason.attendedMinutes), pages: minimumHours ?? hours(reason.minimumMinutes) });
    case 'nothing_held':
      return t('group_close.nothing_held');
  }
}

function outcomeText(t: Translate, p: CloseParticipant, edition: EditionFacts): string {
  const o = p.outcome;
  if (!o.completes) return o.reasons.map((r) => reasonText(t, r, edition.minimumHours)).join(' · ');
  const parts = [t('group_close.present_of', { count: o.present, pages: o.held })];
  if (edition.minimumHours !== null) parts.push(t('group_close.hours_of', { count: hours(o.attendedMinutes), pages: edition.minimumHours }));
  return parts.join(' · ');
}

function participantList(ctx: PageContext, list: CloseParticipant[], edition: EditionFacts, withCertificates: boolean): Html {
  const { t } = ctx;
  return html`<ul class="thuis-close__list">
    ${list.map((p) => html`<li class="thuis-close__person">
      <span class="thuis-close__name">${personName(p)}</span>
      <span class="thuis-close__why">${outcomeText(t, p, edition)}${p.outcome.excused ? ` · ${t('group_close.excused_count', { count: p.outcome.excused })}` : ''}</span>
      ${withCertificates && p.certificateId ? html`<span class="thuis-close__certificate">
        <span>${t('group_close.certificate_pdf')}</span>
        ${(['nl', 'en', 'ar'] as const).map((l) => html`<a class="utrecht-link thuis-link-target" href="/groepen/certificaten/${p.certificateId}/pdf?taal=${l}" hreflang="${l}">${t(`group_close.certificate_pdf_${l}`)}<span class="thuis-visually-hidden">, ${t('group_close.certificate_of')} ${p.name}</span></a>`)}
      </span>` : ''}
    </li>`)}
  </ul>`;
}

export function closePage(ctx: PageContext, preview: ClosePreview, state: ClosePageState = {}): Html {
  const { t, locale } = ctx;
  const { edition } = preview;
  const title = t('group_close.title');
  const closed = preview.blockers.includes('closed');
  let body: Html;
  if (closed) {
    const completed = preview.participants.filter((p) => p.status === 'completed');
    const not = preview.participants.filter((p) => p.status === 'not_completed');
    body = html`
      ${alert(state.done ? 'ok' : 'info', 'status', html`<p class="utrecht-paragraph">${t(state.done ? 'group_close.done' : 'group_close.closed_on', { name: formatDate(locale, preview.closedAt ?? '') })}
        ${t('group_close.result_counts', { count: completed.length, pages: not.length })}</p>
        ${edition.certificate && completed.length ? html`<p class="utrecht-paragraph">${t('group_close.certificates_next')}</p>` : ''}`, state.done ? { focus: true } : {})}
      ${edition.countsFor === 'pvt' && completed.length ? html`<p class="utrecht-paragraph">${t('group_close.pvt_recorded')}</p>` : ''}
      <h2 class="utrecht-heading-2">${t('group_close.completed_heading', { count: completed.length })}</h2>
      ${completed.length ? participantList(ctx, completed, edition, true) : html`<p class="utrecht-paragraph">${t('group_close.none')}</p>`}
      <h2 class="utrecht-heading-2">${t('group_close.not_completed_heading', { count: not.length })}</h2>
      ${not.length ? participantList(ctx, not, edition, false) : html`<p class="utrecht-paragraph">${t('group_close.none')}</p>`}`;
  } else if (preview.blockers.includes('cancelled')) {
    body = alert('info', 'status', html`<p class="utrecht-paragraph">${t('group_close.cancelled')}</p>`);
  } else {
    const completes = preview.participants.filter((p) => p.outcome.completes);
    const not = preview.participants.filter((p) => !p.outcome.completes);
    const blocked = preview.blockers.length > 0;
    body = html`
      <p class="utrecht-paragraph">${t('group_close.intro')}</p>
      <p class="utrecht-paragraph"><strong>${t('group_close.rule_label')}</strong> ${ruleText(t, edition, preview.held.length)}</p>
      <p class="utrecht-paragraph">${t('group_close.excused_note')}</p>
      ${preview.blockers.includes('future_sessions') ? alert('warning', 'status', html`
        <p class="utrecht-paragraph">${t('group_close.blocked_future')}</p>
        <ul class="utrecht-unordered-list">${preview.upcoming.map((s) => html`<li>${t('group_attendance.title', { count: s.number })}: ${formatDate(locale, s.date)}</li>`)}</ul>`) : ''}
      ${preview.blockers.includes('nothing_held') ? alert('warning', 'status', html`<p class="utrecht-paragraph">${t('group_close.blocked_nothing_held')}</p>`) : ''}
      ${preview.unmarked.length ? alert('warning', 'status', html`
        <p class="utrecht-paragraph">${t('group_close.unmarked_intro')}</p>
        <ul class="utrecht-unordered-list">${preview.unmarked.map((u) => html`<li><a class="utrecht-link" href="/groepen/edities/${edition.id}/sessies/${u.session.id}">${t('group_attendance.title', { count: u.session.number })} (${formatDate(locale, u.session.date)})</a>: ${t('group_close.unmarked_people', { count: u.missing })}</li>`)}</ul>`) : ''}
      <h2 class="utrecht-heading-2">${t('group_close.completes_heading', { count: completes.length })}</h2>
      ${completes.length ? participantList(ctx, completes, edition, false) : html`<p class="utrecht-paragraph">${t('group_close.none')}</p>`}
      <h2 class="utrecht-heading-2">${t('group_close.not_completes_heading', { count: not.length })}</h2>
      ${not.length ? participantList(ctx, not, edition, false) : html`<p class="utrecht-paragraph">${t('group_close.none')}</p>`}
      <h2 class="utrecht-heading-2">${t('group_close.what_happens')}</h2>
      <ul class="utrecht-unordered-list">
        <li>${t('group_close.effect_statuses')}</li>
        ${edition.certificate ? html`<li>${t('group_close.effect_certificates')}</li>` : ''}
        ${edition.countsFor === 'pvt' ? html`<li>${t('group_close.effect_pvt', { name: formatDate(locale, preview.lastHeldOn ?? '') })}</li>` : ''}
        <li>${t('group_close.effect_final')}</li>
      </ul>
      ${blocked ? '' : html`<form method="post" action="/groepen/edities/${edition.id}/afsluiten" class="thuis-form">
        ${csrfField(ctx.csrfToken)}
        <input type="hidden" name="version" value="${edition.version}">
        <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('group_close.submit')}</button>
      </form>`}`;
  }
  return layout(ctx, title, html`
    ${backLink(ctx, edition)}
    <h1 class="utrecht-heading-1">${title}</h1>
    ${editionLine(t, edition)}
    ${state.conflict ? alert('warning', 'alert', html`<p class="utrecht-paragraph">${t('group_close.conflict')}</p>`, { focus: true }) : ''}
    ${summary(t, state.errors, { _: { id: 'main', label: t('group_close.title') }, edition: { id: 'main', label: t('group_close.title') } })}
    ${body}`);
}

// ---------------------------------------------------------------------------------------------------------
// The attendance section of the edition page.

export function attendanceSectionView(ctx: PageContext, edition: EditionFacts, overview: AttendanceOverview, show: { attendance: boolean; close: boolean }): Html {
  const { t, locale } = ctx;
  const closed = overview.closed;
  const editable = edition.permissions.configure && edition.status !== 'completed';
  // The edition page leaves its schedule out for who takes attendance: this list is the schedule, with the counts.
  const entries: ScheduleEntry[] = overview.sessions.map((s) => {
    const timing: SessionTiming = s.cancelled ? 'cancelled' : s.upcoming ? (s.held ? 'today' : 'next') : s.held ? 'past' : 'later';
    const todo = s.held && !closed && s.counts.unmarked > 0;
    const actions: Html[] = [];
    if (s.held) {
      const label = closed ? 'group_attendance.open_list_read' : todo ? 'group_attendance.open_list' : 'group_attendance.open_list_change';
      actions.push(html`<a class="utrecht-link" href="/groepen/edities/${edition.id}/sessies/${s.id}">${t(label)}<span class="thuis-visually-hidden">: ${t('group_attendance.title', { count: s.number })}</span></a>`);
    }
    if (editable) actions.push(sessionEditLink(ctx, edition.id, s));
    return {
      session: s,
      timing,
      className: s.upcoming ? 'thuis-attendance-sessions__item--next' : undefined,
      extra: s.held ? html`<p class="thuis-attendance-sessions__counts${todo ? ' thuis-attendance-sessions__counts--todo' : ''}">${progressText(t, s.counts)}</p>` : undefined,
      actions,
    };
  });
  const allHeld = overview.sessions.some((s) => s.held) && overview.sessions.every((s) => s.held || s.cancelled);
  return html`<section aria-labelledby="attendance-heading" class="thuis-section" id="aanwezigheid">
    <h2 class="utrecht-heading-2" id="attendance-heading">${t('group_attendance.section_heading')}</h2>
    ${show.attendance ? html`
      ${overview.sessions.length === 0 ? html`<p class="utrecht-paragraph">${t('group_attendance.no_sessions')}</p>` : html`
      <p class="utrecht-paragraph">${t('group_attendance.section_help')}</p>
      ${scheduleList(ctx, entries)}`}` : ''}
    ${show.close ? closed
      ? html`<p class="utrecht-paragraph">${t('group_close.closed_on', { name: formatDate(locale, closed.closedAt) })} ${t('group_close.result_counts', { count: closed.completed, pages: closed.notCompleted })}
          ${edition.certificate ? t('group_close.certificates_count', { count: closed.certificates }) : ''}</p>
        <p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/groepen/edities/${edition.id}/afsluiten">${t('group_close.view_result')}</a></p>`
      : edition.status === 'cancelled' ? ''
      : html`<p class="utrecht-paragraph">${t(allHeld ? 'group_close.section_ready' : 'group_close.section_later')}</p>
        <p class="utrecht-paragraph"><a class="utrecht-link thuis-link-target" href="/groepen/edities/${edition.id}/afsluiten">${t('group_close.link')}</a></p>` : ''}
  </section>`;
}

// ---------------------------------------------------------------------------------------------------------
// The public certificate check.

export interface VerifyPageState {
  /** The code as typed, shown again; the name never is. */
  code?: string;
  check?: CertificateCheck;
  rateLimited?: number;
}

function period(locale: Locale, from: string | null, to: string | null): string {
  if (!from || !to) return '';
  return from === to ? formatDate(locale, from) : `${formatDate(locale, from)} – ${formatDate(locale, to)}`;
}

export function verifyPage(ctx: PageContext, state: VerifyPageState = {}): Html {
  const { t, locale } = ctx;
  const title = t('certificate_check.title');
  const check = state.check;
  let result: Html = html``;
  let codeError = false;
  if (state.rateLimited) {
    result = alert('error', 'alert', html`<p class="utrecht-paragraph">${t('certificate_check.rate_limited', { seconds: state.rateLimited })}</p>`, { focus: true });
  } else if (check?.result === 'valid' && check.printed) {
    const p = check.printed;
    result = alert('ok', 'status', html`
      <p class="utrecht-paragraph"><strong>${t('certificate_check.valid')}</strong></p>
      <dl class="thuis-facts">
        <div><dt>${t('group_certificate.programme')}</dt><dd dir="auto">${p.programme}</dd></div>
        <div><dt>${t('group_certificate.organisation')}</dt><dd dir="auto">${p.organisation}</dd></div>
        ${p.from ? html`<div><dt>${t('group_certificate.period')}</dt><dd>${period(locale, p.from, p.to)}</dd></div>` : ''}
        <div><dt>${t('group_certificate.issued_on')}</dt><dd>${formatDate(locale, p.issuedOn)}</dd></div>
      </dl>
      ${check.nameMatches === true ? html`<p class="utrecht-paragraph">${t('certificate_check.name_matches')}</p>` : ''}
      ${check.nameMatches === false ? html`<p class="utrecht-paragraph"><strong>${t('certificate_check.name_differs')}</strong> ${t('certificate_check.name_differs_help')}</p>` : ''}`, { focus: true });
  } else if (check?.result === 'revoked') {
    result = alert('warning', 'status', html`<p class="utrecht-paragraph"><strong>${t('certificate_check.revoked')}</strong></p>`, { focus: true });
  } else if (check?.result === 'not_found' && !state.code) {
    // Nothing typed: that is a missing field, not an unknown code (the error sits next to the field as well).
    result = alert('error', 'alert', html`
      <p class="utrecht-paragraph"><strong>${t('form.errors_heading', { count: 1 })}</strong></p>
      <ul class="utrecht-unordered-list thuis-error-summary__list"><li><a class="utrecht-link" href="#f-code">${t('certificate_check.code_label')}: ${t('certificate_check.code_required')}</a></li></ul>`, { id: 'error-summary', focus: true });
    codeError = true;
  } else if (check?.result === 'not_found') {
    result = alert('error', 'status', html`<p class="utrecht-paragraph"><strong>${t('certificate_check.not_found')}</strong></p>`, { focus: true });
  }
  return layout(ctx, title, html`
    <h1 class="utrecht-heading-1">${title}</h1>
    <p class="utrecht-paragraph">${t('certificate_check.intro')}</p>
    ${result}
    <form method="post" action="/certificaat" class="thuis-form" novalidate>
      ${csrfField(ctx.csrfToken)}
      <div class="utrecht-form-field utrecht-form-field--text${codeError ? ' utrecht-form-field--invalid' : ''}">
        <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="f-code">${t('certificate_check.code_label')}</label></div>
        <div class="utrecht-form-field-description" id="f-code-desc">${t('certificate_check.code_help')}</div>
        ${codeError ? html`<div class="utrecht-form-field-error-message" id="f-code-err">${t('certificate_check.code_required')}</div>` : ''}
        <div class="utrecht-form-field__input">
          <input class="utrecht-textbox utrecht-textbox--html-input thuis-certificate-code${codeError ? ' utrecht-textbox--invalid' : ''}" id="f-code" name="code" type="text" value="${state.code ?? ''}"
            autocomplete="off" autocapitalize="characters" spellcheck="false" dir="ltr" maxlength="40" required aria-describedby="f-code-desc${codeError ? ' f-code-err' : ''}"${codeError ? html` aria-invalid="true"` : ''}>
        </div>
      </div>
      <div class="utrecht-form-field utrecht-form-field--text">
        <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="f-holder">${t('certificate_check.name_label')}</label></div>
        <div class="utrecht-form-field-description" id="f-holder-desc">${t('certificate_check.name_help')}</div>
        <div class="utrecht-form-field__input">
          <input class="utrecht-textbox utrecht-textbox--html-input" id="f-holder" name="name" type="text" value=""
            autocomplete="off" spellcheck="false" dir="auto" maxlength="200" aria-describedby="f-holder-desc">
        </div>
      </div>
      <button class="utrecht-button utrecht-button--primary-action" type="submit">${t('certificate_check.submit')}</button>
    </form>
    <p class="utrecht-paragraph utrecht-paragraph--small">${t('certificate_check.privacy')}</p>`);
}
