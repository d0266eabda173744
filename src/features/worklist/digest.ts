import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import { writeAudit } from '../../platform/audit/trail.ts';
import type { AuditContext } from '../../platform/audit/events.ts';
import { found, notFound, type Caller, type Outcome } from '../../platform/context.ts';
import { rowsOf, type Database, type Tx } from '../../platform/db/client.ts';
import type { Env } from '../../platform/env.ts';
import { isLocale, translator, type Locale, type Translate } from '../../platform/i18n/index.ts';
import type { Actor } from '../../platform/policy.ts';
import type { OrganisationKind, Role } from '../../platform/tenancy/schema.ts';
import { CHECKLIST_SECTIONS, loadWorklist, SECTION_KEYS, type ChecklistSectionKey, type SectionKey, type SignalKind, type Worklist } from './queries.ts';
import { isUuid } from '../../platform/validation.ts';

// The weekly digest for supervising professionals and coordinators: the worklist's signals summarised. It is
// always stored (the app shows it) and e-mailed when SMTP is configured. The e-mail carries counts and
// household references only: no names of newcomers, no note texts, nothing from a sensitive section.

/** References per group in a digest, and coaches per coordinator's digest. */
const REFERENCES_PER_GROUP = 20;
const MAX_GROUPS = 100;

export interface DigestGroup {
  coachId: string | null;
  /** The coach's (staff) display name; null for the supervisor's own group and for households without a coach. */
  coachName: string | null;
  mine: boolean;
  /** Entries per list: households (a household's deadlines count apart). */
  counts: Record<SectionKey, number>;
  /** Open items in the checklist lists (digests made before the lists were grouped per household have none). */
  taskCounts?: Record<ChecklistSectionKey, number>;
  references: { householdId: string; reference: string; kinds: SignalKind[] }[];
  moreReferences: number;
}

export interface DigestContent {
  week: string;
  generatedOn: string;
  view: Worklist['view'];
  totals: Record<SectionKey, number>;
  taskTotals?: Record<ChecklistSectionKey, number>;
  groups: DigestGroup[];
  moreGroups: number;
}

export interface DigestListItem {
  id: string;
  week: string;
  /** The date the signals were taken (the Monday of the week, normally). */
  generatedOn: string;
  createdAt: string;
  readAt: string | null;
  deliveredVia: 'email' | 'app';
  total: number;
}

export interface DigestView extends DigestListItem {
  content: DigestContent;
}

/** ISO 8601 week of a calendar date, e.g. 2026-W02 (weeks start on Monday; week 1 holds the first Thursday). */
export function isoWeek(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  const day = (d.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  d.setUTCDate(d.getUTCDate() - day + 3); // the Thursday of this week decides the year
  const year = d.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  const week = 1 + Math.round((d.getTime() - firstThursday.getTime()) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The date and hour in Europe/Amsterdam, whatever the server's own time zone. */
export function amsterdamNow(now: Date): { date: string; weekday: number; hour: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23', weekday: 'short' })
      .formatToParts(now).map((p) => [p.type, p.value]),
  );
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday!); // Monday 0
  return { date: `${parts.year}-${parts.month}-${parts.day}`, weekday, hour: Number(parts.hour) };
}

/** Digests are due from Monday 07:00 in Amsterdam; any later moment that week still produces a missing one. */
export function digestDue(now: Date): string | null {
  const local = amsterdamNow(now);
  if (local.weekday === 0 && local.hour < 7) return null;
  return local.date;
}

/** Summarise a worklist (grouped per coach) for a digest: counts and references, nothing else. */
export function digestContent(worklist: Worklist, week: string): DigestContent {
  const groups = worklist.groups
    .filter((g) => g.total > 0 || g.mine || worklist.view === 'supervisor')
    .map((g): DigestGroup => {
      const kinds = new Map<string, { householdId: string; reference: string; kinds: SignalKind[] }>();
      for (const section of g.sections) {
        for (const item of section.items) {
          const entry = kinds.get(item.householdId) ?? { householdId: item.householdId, reference: item.reference, kinds: [] };
          if (!entry.kinds.includes(item.kind)) entry.kinds.push(item.kind);
          kinds.set(item.householdId, entry);
        }
      }
      const references = [...kinds.values()].sort((a, b) => a.reference.localeCompare(b.reference));
      return {
        coachId: g.coachId,
        coachName: g.mine ? null : g.coachName,
        mine: g.mine,
        counts: Object.fromEntries(g.sections.map((s) => [s.key, s.total])) as Record<SectionKey, number>,
        taskCounts: Object.fromEntries(CHECKLIST_SECTIONS.map((k) => [k, g.sections.find((s) => s.key === k)?.taskTotal ?? 0])) as Record<ChecklistSectionKey, number>,
        references: references.slice(0, REFERENCES_PER_GROUP),
        moreReferences: Math.max(0, references.length - REFERENCES_PER_GROUP),
      };
    })
    .sort((a, b) => Number(b.mine) - Number(a.mine) || total(b.counts) - total(a.counts));
  return {
    week,
    generatedOn: worklist.today,
    view: worklist.view,
    totals: worklist.totals,
    taskTotals: worklist.taskTotals,
    groups: groups.slice(0, MAX_GROUPS),
    moreGroups: Math.max(0, groups.length - MAX_GROUPS) + worklist.moreGroups,
  };
}

function total(counts: Record<SectionKey, number>): number {
  return SECTION_KEYS.reduce((n, k) => n + (counts[k] ?? 0), 0);
}

// ---- Producing digests ----------------------------------------------------------------------------------------

export interface DigestDeps {
  database: Database;
  env: Pick<Env, 'THUIS_SMTP_URL' | 'THUIS_SMTP_FROM' | 'THUIS_PUBLIC_URL'>;
  logger?: Pick<Logger, 'info' | 'error'>;
}

interface Recipient {
  id: string;
  email: string;
  locale: string;
  role: Role;
  organisationId: string;
  organisationKind: OrganisationKind;
  municipalTask: boolean;
}

export interface DigestRun {
  week: string;
  created: number;
  emailed: number;
  failed: number;
}

/**
 * Make this week's digest for every supervising professional (at least one volunteer) and coordinator who has
 * none yet; e-mail it when SMTP is configured. Safe to run again: (user, week) is unique.
 */
export async function generateDigests(deps: DigestDeps | Database, today: string, options: { userIds?: readonly string[] } = {}): Promise<DigestRun> {
  const d: DigestDeps = 'database' in deps ? deps : { database: deps, env: { THUIS_SMTP_FROM: 'Thuis <noreply@thuis.invalid>' } };
  const week = isoWeek(today);
  const recipients = await d.database.system(async (tx) =>
    rowsOf<Recipient>(
      await tx.execute(sql`
        select u.id, u.email, u.locale, u.role, u.organisation_id as "organisationId", o.kind as "organisationKind",
               o.municipal_task as "municipalTask"
          from users u join organisations o on o.id = u.organisation_id
         where u.disabled_at is null
           and (u.role = 'coordinator'
                or (u.role = 'professional' and exists (select 1 from users v where v.supervisor_id = u.id and v.disabled_at is null)))
           and not exists (select 1 from digests dg where dg.user_id = u.id and dg.week = ${week})
           ${options.userIds ? (options.userIds.length ? sql`and u.id in (${sql.join(options.userIds.map((id) => sql`${id}`), sql`, `)})` : sql`and false`) : sql``}
         order by u.organisation_id, u.id`),
    ),
  );
  const run: DigestRun = { week, created: 0, emailed: 0, failed: 0 };
  const transport = d.env.THUIS_SMTP_URL ? nodemailer.createTransport(d.env.THUIS_SMTP_URL) : null;
  try {
    for (const user of recipients) {
      const actor: Actor = {
        userId: user.id,
        organisationId: user.organisationId,
        organisationKind: user.organisationKind,
        municipalTask: user.organisationKind === 'municipality' || user.municipalTask,
        role: user.role,
        regieMunicipalityCodes: [],
        // A scheduled job on the user's behalf: her scope, not a session; nothing leaves but counts and references.
        mfaPassed: true,
      };
      const audit: AuditContext = { requestId: `digest-${week}-${randomUUID()}`, origin: 'scheduler', actorUserId: null, actorRole: 'system', organisationId: user.organisationId, onBehalfOf: user.id };
      const caller: Caller = { actor, audit };
      const stored = await d.database.asTenant({ organisationId: user.organisationId, regieMunicipalityCodes: [] }, async (tx) => {
        const worklist = await loadWorklist(tx, caller, { today, limit: REFERENCES_PER_GROUP, groupBy: 'coach', purpose: 'digest', maxGroups: MAX_GROUPS });
        if (!worklist.ok) return null;
        const content = digestContent(worklist.value, week);
        const inserted = rowsOf<{ id: string }>(
          await tx.execute(sql`insert into digests (organisation_id, user_id, week, content, delivered_via)
            values (${user.organisationId}, ${user.id}, ${week}, ${JSON.stringify(content)}::jsonb, 'app')
            on conflict (user_id, week) do nothing returning id`),
        );
        if (!inserted[0]) return null;
        await writeAudit(tx, audit, {
          action: 'digest.create', result: 'ok', recordType: 'digest', recordId: inserted[0].id,
          detail: {
            week, overdue: content.totals.overdue, overdueTasks: content.taskTotals?.overdue ?? 0, dueSoon: content.totals.due_soon,
            dueSoonTasks: content.taskTotals?.due_soon ?? 0, noContact: content.totals.no_contact, deadlines: content.totals.deadlines,
            approvals: content.totals.approvals,
          },
        });
        return { id: inserted[0].id, content };
      });
      if (!stored) continue;
      run.created++;
      if (!transport) continue;
      try {
        const mail = digestMail(stored.content, isLocale(user.locale) ? user.locale : 'nl', d.env.THUIS_PUBLIC_URL ? `${d.env.THUIS_PUBLIC_URL.replace(/\/$/, '')}/mijn-werk/overzichten/${stored.id}` : null);
        await transport.sendMail({ from: d.env.THUIS_SMTP_FROM, to: user.email, subject: mail.subject, text: mail.text, html: mail.html });
        await d.database.system((tx) => tx.execute(sql`update digests set delivered_via = 'email' where id = ${stored.id}`));
        run.emailed++;
      } catch (error) {
        // The digest stays readable in the app. Only the error's class: a message may quote an address.
        run.failed++;
        d.logger?.error({ err: { type: (error as Error)?.name ?? 'Error' } }, 'digest e-mail failed');
      }
    }
  } finally {
    transport?.close();
  }
  d.logger?.info({ week, created: run.created, emailed: run.emailed, failed: run.failed }, 'digests');
  return run;
}

export function initials(name: string): string {
  return name.split(/\s+/).filter(Boolean).map((w) => `${[...w][0]!.toLocaleUpperCase('nl')}.`).join('');
}

/** A list's count in a digest: entries, and for the checklist lists households and their open items ("2 huishoudens, 31 taken"). */
export function digestCount(t: Translate, key: SectionKey, counts: Record<SectionKey, number>, tasks?: Record<ChecklistSectionKey, number>): string {
  const n = counts[key] ?? 0;
  const items = (CHECKLIST_SECTIONS as readonly string[]).includes(key) ? tasks?.[key as ChecklistSectionKey] : undefined;
  return items === undefined || n === 0 ? String(n) : t('worklist.count.households_tasks', { name: t('worklist.count.households', { count: n }), count: items });
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The e-mail: plain text and simple HTML in the user's language. References and counts only. */
export function digestMail(content: DigestContent, locale: Locale, link: string | null): { subject: string; text: string; html: string } {
  const t = translator(locale);
  const subject = t('digest.mail_subject', { name: content.week });
  const countLine = (c: Record<SectionKey, number>, tasks?: Record<ChecklistSectionKey, number>) =>
    SECTION_KEYS.map((k) => `${t(`digest.count.${k}`)}: ${digestCount(t, k, c, tasks)}`).join(' · ');
  // Not even a colleague's full name leaves the building: volunteers go by their initials in the e-mail.
  const groupTitle = (g: DigestGroup) => (g.mine ? t('digest.group_mine') : g.coachName ? t('digest.group_coach_mail', { name: initials(g.coachName) }) : t('digest.group_unassigned'));
  const lines = [t('digest.mail_intro', { name: content.week }), '', `${t('digest.totals')}: ${countLine(content.totals, content.taskTotals)}`, ''];
  for (const g of content.groups) {
    lines.push(groupTitle(g), `  ${countLine(g.counts, g.taskCounts)}`);
    for (const r of g.references) lines.push(`  - ${r.reference}: ${r.kinds.map((k) => t(`digest.kind.${k}`)).join(', ')}`);
    if (g.moreReferences > 0) lines.push(`  ${t('worklist.more', { count: g.moreReferences })}`);
    lines.push('');
  }
  if (content.moreGroups > 0) lines.push(t('digest.more_coaches', { count: content.moreGroups }), '');
  if (link) lines.push(t('digest.mail_link'), link, '');
  lines.push(t('digest.mail_footer'));
  const text = lines.join('\n');
  const htmlBody = `<!doctype html><html lang="${locale}" dir="${locale === 'ar' ? 'rtl' : 'ltr'}"><body>
<h1>${escapeHtml(subject)}</h1>
<p>${escapeHtml(t('digest.mail_intro', { name: content.week }))}</p>
<p><strong>${escapeHtml(t('digest.totals'))}:</strong> ${escapeHtml(countLine(content.totals, content.taskTotals))}</p>
${content.groups.map((g) => `<h2>${escapeHtml(groupTitle(g))}</h2><p>${escapeHtml(countLine(g.counts, g.taskCounts))}</p>${g.references.length ? `<ul>${g.references.map((r) => `<li>${escapeHtml(r.reference)}: ${escapeHtml(r.kinds.map((k) => t(`digest.kind.${k}`)).join(', '))}</li>`).join('')}</ul>` : ''}${g.moreReferences > 0 ? `<p>${escapeHtml(t('worklist.more', { count: g.moreReferences }))}</p>` : ''}`).join('\n')}
${content.moreGroups > 0 ? `<p>${escapeHtml(t('digest.more_coaches', { count: content.moreGroups }))}</p>` : ''}
${link ? `<p><a href="${escapeHtml(link)}">${escapeHtml(t('digest.mail_link'))}</a></p>` : ''}
<p>${escapeHtml(t('digest.mail_footer'))}</p>
</body></html>`;
  return { subject, text, html: htmlBody };
}

/**
 * The in-process scheduler: checks every hour and produces the week's missing digests from Monday 07:00
 * (Europe/Amsterdam). Returns a stop function. One run at a time; a failure is logged and retried next hour.
 */
export function startDigestScheduler(deps: DigestDeps, options: { intervalMs?: number; now?: () => Date } = {}): () => void {
  const now = options.now ?? (() => new Date());
  let running = false;
  let stopped = false;
  const tick = async () => {
    if (running || stopped) return;
    const today = digestDue(now());
    if (!today) return;
    running = true;
    try {
      await generateDigests(deps, today);
    } catch (error) {
      deps.logger?.error({ err: { type: (error as Error)?.name ?? 'Error' } }, 'digest run failed');
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void tick(), 5_000);
  const timer = setInterval(() => void tick(), options.intervalMs ?? 3_600_000);
  first.unref?.();
  timer.unref?.();
  return () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(timer);
  };
}

// ---- Reading digests in the app (per user: another user's digest is a 404) ------------------------------------

export async function listDigests(tx: Tx, caller: Caller): Promise<DigestListItem[]> {
  return rowsOf<DigestListItem>(
    await tx.execute(sql`
      select id, week, content->>'generatedOn' as "generatedOn", to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "createdAt",
             case when read_at is null then null else to_char(read_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') end as "readAt",
             delivered_via as "deliveredVia",
             (coalesce((content->'totals'->>'overdue')::int, 0) + coalesce((content->'totals'->>'due_soon')::int, 0)
              + coalesce((content->'totals'->>'no_contact')::int, 0) + coalesce((content->'totals'->>'deadlines')::int, 0)
              + coalesce((content->'totals'->>'approvals')::int, 0)) as total
        from digests where user_id = ${caller.actor.userId} and organisation_id = ${caller.actor.organisationId}
       order by week desc limit 104`),
  );
}


/** Open one of the caller's digests and mark it read; anyone else's, or none, is not found (and audited). */
export async function openDigest(tx: Tx, caller: Caller, id: string): Promise<Outcome<DigestView>> {
  const rows = isUuid(id)
    ? rowsOf<DigestView>(
        await tx.execute(sql`
          update digests set read_at = coalesce(read_at, now())
           where id = ${id} and user_id = ${caller.actor.userId}
          returning id, week, content, content->>'generatedOn' as "generatedOn", delivered_via as "deliveredVia",
                    to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "createdAt",
                    to_char(read_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "readAt", 0 as total`),
      )
    : [];
  const digest = rows[0];
  if (!digest) {
    await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'not_found', recordType: 'digest', recordId: isUuid(id) ? id : undefined });
    return notFound();
  }
  digest.total = total(digest.content.totals);
  await writeAudit(tx, caller.audit, { action: 'digest.read', result: 'ok', recordType: 'digest', recordId: digest.id, detail: { week: digest.week } });
  return found(digest);
}
