import { formatDate, type Locale, type Translate } from '../../platform/i18n/index.ts';
import { CHECKLIST_SECTIONS, SECTION_KEYS, type ChecklistSectionKey, type SectionKey, type CoachGroup, type SectionView, type Signal, type SignalTask, type Worklist } from '../../features/worklist/queries.ts';
import { digestCount, type DigestListItem, type DigestView } from '../../features/worklist/digest.ts';
import { html, raw, type Html } from '../html.ts';
import { layout, type PageContext } from '../layout.ts';
import { pagination } from './pagination.ts';
import { followUpSignals } from './infopunten.ts';

// "Mijn werk" and the weekly digests. Headings carry the counts, every entry is one household with one link to
// where to act; a household's checklist items are one entry: how many, since when, the first few by name.

/** A translated label that falls back to the raw key when another feature has not (yet) named it. */
function label(t: Translate, key: string, fallback: string): string {
  const text = t(key);
  return text === key ? fallback : text;
}

export function itemLabel(t: Translate, itemKey: string | null, own: string | null): string {
  if (own) return own;
  return itemKey ? label(t, `checklist.item.${itemKey}`, itemKey) : '';
}

/**
 * An item's label and person, each isolated: a Dutch label or a name keeps its order on an Arabic page. A plan
 * action links to its plan and says it is one (the entry's own link goes to the checklist).
 */
function taskLabel(t: Translate, task: SignalTask): Html {
  const person = task.memberFirstName ? html` (<bdi>${task.memberFirstName}</bdi>)` : '';
  if (task.planId) {
    return html`<a class="utrecht-link" href="/plannen/${task.planId}"><bdi dir="auto">${task.label ?? ''}</bdi></a>${person} · ${t('worklist.task.plan_action')}`;
  }
  return html`<bdi>${itemLabel(t, task.itemKey, task.label)}</bdi>${person}`;
}

/** "16 februari": day and month, the year only when it is not this year's. */
export function shortDate(locale: Locale, iso: string, today: string): string {
  const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', timeZone: 'UTC' };
  if (iso.slice(0, 4) !== today.slice(0, 4)) options.year = 'numeric';
  return new Intl.DateTimeFormat(locale === 'ar' ? 'ar-u-nu-latn' : locale, options).format(new Date(`${iso}T00:00:00Z`));
}

/** "2 huishoudens, 31 taken" (or "geen"): a checklist list counts households and items. */
function householdsAndTasks(t: Translate, households: number, tasks: number): string {
  const h = t('worklist.count.households', { count: households });
  return households === 0 ? h : t('worklist.count.households_tasks', { name: h, count: tasks });
}

// Messages take only {count} and {name} (tests/unit/i18n.test.ts formats every message with those), so a
// signal's line is composed of short parts.
function describe(ctx: PageContext, s: Signal, today: string): string {
  const { t, locale } = ctx;
  const date = formatDate(locale, s.on);
  switch (s.kind) {
    case 'checklist_overdue':
    case 'plan_actions_overdue':
      return [t('worklist.household.overdue', { count: s.count ?? 0 }), t('worklist.signal.since', { name: shortDate(locale, s.on, today) })].join(' · ');
    case 'checklist_due':
      return [
        t('worklist.household.due_soon', { count: s.count ?? 0 }),
        t(s.count === 1 ? 'worklist.household.next_only' : 'worklist.household.next', { name: shortDate(locale, s.on, today), count: s.days }),
      ].join(' · ');
    case 'no_contact':
      return [
        t('worklist.signal.no_contact', { count: s.days }),
        t('worklist.signal.since', { name: date }),
        ...(s.contactEveryDays ? [t('worklist.signal.phase_rule', { name: s.phaseKey ? label(t, `trajectory.phase.${s.phaseKey}`, s.phaseKey) : '', count: s.contactEveryDays })] : []),
      ].join(' · ');
    case 'pip_due':
      return [t(s.days < 0 ? 'worklist.signal.pip_overdue' : 'worklist.signal.pip_due', { name: date }), t('worklist.signal.people', { count: s.count ?? 1 })].join(' · ');
    case 'ontzorgen_ends':
      return t('worklist.signal.ontzorgen_ends', { name: date });
    case 'trajectory_ends':
      return t(s.days < 0 ? 'worklist.signal.trajectory_overdue' : 'worklist.signal.trajectory_ends', { name: date });
    case 'evaluation_due':
      return [
        t(s.days < 0 ? 'worklist.signal.evaluation_overdue' : 'worklist.signal.evaluation_due', { name: date }),
        ...((s.count ?? 1) > 1 ? [t('worklist.signal.plans', { count: s.count ?? 1 })] : []),
      ].join(' · ');
    case 'pop_due':
      return [t('worklist.signal.pop_overdue', { name: date }), ...(s.count ? [t('worklist.signal.people', { count: s.count })] : [])].join(' · ');
    case 'plan_approval':
      return [t('worklist.signal.approval', { count: s.count ?? 1 }), t('worklist.signal.since', { name: shortDate(locale, s.on, today) })].join(' · ');
  }
}

function heading(level: number, id: string, content: string): Html {
  const tag = `h${Math.min(level, 6)}`;
  const cls = `utrecht-heading-${Math.min(level, 6)} thuis-worklist__heading`;
  return html`${raw(`<${tag} class="${cls}" id="${id}">`)}${content}${raw(`</${tag}>`)}`;
}

const SECTION_TITLE: Record<SectionView['key'], string> = {
  overdue: 'worklist.section.overdue',
  due_soon: 'worklist.section.due_soon',
  no_contact: 'worklist.section.no_contact',
  deadlines: 'worklist.section.deadlines',
  approvals: 'worklist.section.approvals',
};

function isChecklist(key: SectionView['key']): key is ChecklistSectionKey {
  return (CHECKLIST_SECTIONS as readonly string[]).includes(key);
}

/** A household's most urgent checklist items by name, then how many more. */
function tasks(ctx: PageContext, s: Signal): Html {
  const { t } = ctx;
  if (s.tasks.length === 0) return html``;
  const more = (s.count ?? s.tasks.length) - s.tasks.length;
  return html`<ul class="thuis-signal__tasks">
      ${s.tasks.map((task) => html`<li>${taskLabel(t, task)}</li>`)}
      ${more > 0 ? html`<li class="thuis-signal__more-tasks">${t('worklist.household.more_tasks', { count: more })}</li>` : ''}
    </ul>`;
}

function section(ctx: PageContext, s: SectionView, level: number, idPrefix: string, today: string, options: { showEmpty: boolean; paged: boolean; more: boolean }): Html {
  const { t } = ctx;
  if (!options.showEmpty && s.total === 0) return html``;
  const id = `${idPrefix}-${s.key}`;
  const more = s.total - s.items.length;
  const checklist = isChecklist(s.key);
  const title = checklist ? t(SECTION_TITLE[s.key], { name: householdsAndTasks(t, s.total, s.taskTotal ?? 0) }) : t(SECTION_TITLE[s.key], { count: s.total });
  return html`<section aria-labelledby="${id}" class="thuis-worklist__section thuis-worklist__section--${s.key}">
    ${heading(level, id, title)}
    ${s.items.length === 0
      ? html`<p class="utrecht-paragraph">${s.total === 0 ? t('worklist.section.empty') : t('worklist.page_empty')}</p>`
      : html`<ul class="thuis-signals">
        ${s.items.map((item) => html`<li class="thuis-signal thuis-signal--${item.kind}">
          <a class="utrecht-link thuis-signal__link" href="${item.href}">
            <span class="thuis-signal__who">${item.reference}${item.headFirstName ? html` · <span dir="auto">${item.headFirstName}</span>` : ''}</span>
            <span class="thuis-signal__what">${describe(ctx, item, today)}</span>
          </a>
          ${checklist ? tasks(ctx, item) : ''}
        </li>`)}
      </ul>`}
    ${options.more && !options.paged && more > 0
      ? html`<p class="utrecht-paragraph thuis-worklist__more">${checklist ? t('worklist.more_households', { count: more }) : t('worklist.more', { count: more })}</p>`
      : ''}
  </section>`;
}

function groupSections(ctx: PageContext, group: CoachGroup, level: number, idPrefix: string, today: string, showEmpty: boolean, paged: boolean, view: Worklist['view']): Html {
  // A volunteer approves no plans: her page has no approvals list at all.
  const sections = view === 'own' ? group.sections.filter((s) => s.key !== 'approvals') : group.sections;
  return html`${sections.map((s) => section(ctx, s, level, idPrefix, today, { showEmpty, paged, more: true }))}`;
}

function coachFilter(ctx: PageContext, data: Worklist): Html {
  const { t } = ctx;
  return html`<form method="get" action="/mijn-werk" class="thuis-search thuis-worklist__filter">
    <div class="utrecht-form-field">
      <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="f-coach">${t('worklist.filter.coach')}</label></div>
      <div class="utrecht-form-field__input">
        <select class="utrecht-select utrecht-select--html-select" id="f-coach" name="coach">
          <option value="" ${data.coach === null ? 'selected' : ''}>${t('worklist.filter.all')}</option>
          <option value="none" ${data.coach === 'none' ? 'selected' : ''}>${t('worklist.filter.none')}</option>
          ${data.coaches.map((c) => html`<option value="${c.id}" ${data.coach === c.id ? 'selected' : ''}>${c.name}</option>`)}
        </select>
      </div>
    </div>
    <button class="utrecht-button utrecht-button--secondary-action" type="submit">${t('worklist.filter.submit')}</button>
  </form>`;
}

/** Her own open infopunt follow-ups, each with "Klaar"; only when she has any. */
function followUps(ctx: PageContext, data: Worklist): Html {
  const list = data.infopuntFollowUps;
  return list && list.total > 0 ? followUpSignals(ctx, list, data.today) : html``;
}

export function worklistPage(ctx: PageContext, data: Worklist): Html {
  const { t, locale } = ctx;
  const total = SECTION_KEYS.reduce((n, k) => n + data.totals[k], 0);
  const supervisor = data.view !== 'own';
  const intro = html`
    <h1 class="utrecht-heading-1">${t('worklist.title')}</h1>
    <p class="utrecht-paragraph" role="status">${t('worklist.summary', { count: total })} · ${t('worklist.as_of', { name: formatDate(locale, data.today) })}</p>
    ${supervisor ? html`<p class="utrecht-paragraph"><a class="utrecht-link thuis-worklist__digests" href="/mijn-werk/overzichten">${t('digest.link')}</a></p>` : ''}`;

  if (data.view === 'own') {
    return layout(ctx, t('worklist.title'), html`${intro}${followUps(ctx, data)}${groupSections(ctx, data.groups[0]!, 2, 'own', data.today, true, false, data.view)}`);
  }

  if (data.view === 'supervisor') {
    const mine = data.groups.find((g) => g.mine);
    const volunteers = data.groups.filter((g) => !g.mine);
    return layout(ctx, t('worklist.title'), html`${intro}
      ${followUps(ctx, data)}
      <section aria-labelledby="mine-heading" class="thuis-section">
        <h2 class="utrecht-heading-2" id="mine-heading">${t('worklist.mine', { count: mine?.total ?? 0 })}</h2>
        ${mine && mine.total > 0 ? groupSections(ctx, mine, 3, 'mine', data.today, false, false, data.view) : html`<p class="utrecht-paragraph">${t('worklist.nothing')}</p>`}
      </section>
      <section aria-labelledby="volunteers-heading" class="thuis-section">
        <h2 class="utrecht-heading-2" id="volunteers-heading">${t('worklist.volunteers')}</h2>
        ${volunteers.length === 0 ? html`<p class="utrecht-paragraph">${t('worklist.no_volunteers')}</p>` : ''}
        ${volunteers.map((g, i) => html`<section aria-labelledby="vol-${i}" class="thuis-worklist__coach">
          <h3 class="utrecht-heading-3" id="vol-${i}">${t('worklist.coach_heading', { name: g.coachName ?? t('common.unknown'), count: g.total })}</h3>
          ${g.total > 0 ? groupSections(ctx, g, 4, `vol-${i}`, data.today, false, false, data.view) : html`<p class="utrecht-paragraph">${t('worklist.nothing')}</p>`}
        </section>`)}
        ${data.moreGroups > 0 ? html`<p class="utrecht-paragraph">${t('digest.more_coaches', { count: data.moreGroups })}</p>` : ''}
      </section>`);
  }

  // The coordinator: the whole organisation, filtered by coach and paged.
  const largest = Math.max(...Object.values(data.totals));
  const coachParam = data.coach ? `&coach=${encodeURIComponent(data.coach)}` : '';
  return layout(ctx, t('worklist.title'), html`${intro}
    ${followUps(ctx, data)}
    ${coachFilter(ctx, data)}
    ${groupSections(ctx, data.groups[0]!, 2, 'org', data.today, true, true, data.view)}
    ${pagination(ctx, { items: [], total: largest, page: data.page, pageSize: data.pageSize }, (page) => `/mijn-werk?page=${page}${coachParam}`)}`);
}

// ---- Digests in the app -------------------------------------------------------------------------------------

export function digestListPage(ctx: PageContext, items: DigestListItem[]): Html {
  const { t, locale } = ctx;
  return layout(ctx, t('digest.title'), html`
    <p class="utrecht-paragraph"><a class="utrecht-link" href="/mijn-werk">${t('digest.back')}</a></p>
    <h1 class="utrecht-heading-1">${t('digest.title')}</h1>
    <p class="utrecht-paragraph">${t('digest.intro')}</p>
    ${items.length === 0 ? html`<p class="utrecht-paragraph">${t('digest.none')}</p>` : html`
    <ul class="thuis-signals">
      ${items.map((d) => html`<li class="thuis-signal">
        <a class="utrecht-link thuis-signal__link" href="/mijn-werk/overzichten/${d.id}">
          <span class="thuis-signal__who">${t('digest.week', { name: d.week })}${d.readAt ? '' : html` <span class="utrecht-status-badge thuis-badge-new">${t('digest.unread')}</span>`}</span>
          <span class="thuis-signal__what">${t('worklist.summary', { count: d.total })} · ${t('digest.generated', { name: formatDate(locale, d.generatedOn) })} · ${t(d.deliveredVia === 'email' ? 'digest.via_email' : 'digest.via_app')}</span>
        </a>
      </li>`)}
    </ul>`}`);
}

export function digestPage(ctx: PageContext, digest: DigestView): Html {
  const { t, locale } = ctx;
  const c = digest.content;
  const counts = (g: { counts: Record<SectionKey, number>; taskCounts?: Record<ChecklistSectionKey, number> }) => html`<dl class="thuis-facts">
    ${SECTION_KEYS.map((k) => html`<div><dt>${t(`digest.count.${k}`)}</dt><dd>${digestCount(t, k, g.counts, g.taskCounts)}</dd></div>`)}
  </dl>`;
  return layout(ctx, t('digest.week', { name: digest.week }), html`
    <p class="utrecht-paragraph"><a class="utrecht-link" href="/mijn-werk/overzichten">${t('digest.back_list')}</a></p>
    <h1 class="utrecht-heading-1">${t('digest.week', { name: digest.week })}</h1>
    <p class="utrecht-paragraph">${t('digest.generated', { name: formatDate(locale, c.generatedOn) })} · ${t(digest.deliveredVia === 'email' ? 'digest.via_email' : 'digest.via_app')}</p>
    <section aria-labelledby="digest-totals" class="thuis-section">
      <h2 class="utrecht-heading-2" id="digest-totals">${t('digest.totals')}</h2>
      ${counts({ counts: c.totals, taskCounts: c.taskTotals })}
    </section>
    ${c.groups.map((g, i) => html`<section aria-labelledby="digest-g-${i}" class="thuis-section">
      <h2 class="utrecht-heading-2" id="digest-g-${i}">${g.mine ? t('digest.group_mine') : g.coachName ? t('digest.group_coach', { name: g.coachName }) : t('digest.group_unassigned')}</h2>
      ${counts(g)}
      ${g.references.length === 0 ? html`<p class="utrecht-paragraph">${t('worklist.nothing')}</p>` : html`
      <ul class="thuis-signals">
        ${g.references.map((r) => html`<li class="thuis-signal">
          <a class="utrecht-link thuis-signal__link" href="/huishoudens/${r.householdId}">
            <span class="thuis-signal__who">${r.reference}</span>
            <span class="thuis-signal__what">${r.kinds.map((k) => t(`digest.kind.${k}`)).join(', ')}</span>
          </a>
        </li>`)}
      </ul>`}
      ${g.moreReferences > 0 ? html`<p class="utrecht-paragraph">${t('worklist.more', { count: g.moreReferences })}</p>` : ''}
    </section>`)}
    ${c.moreGroups > 0 ? html`<p class="utrecht-paragraph">${t('digest.more_coaches', { count: c.moreGroups })}</p>` : ''}`);
}
