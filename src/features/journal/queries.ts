import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import { forbidden, found, notFound, offsetOf, type Caller, type Outcome, type Page, type Paged } from '../../platform/context.ts';
import { noteVisibleSql } from '../../platform/policy.ts';
import { auditForbidden, visibleHousehold, type HouseholdPermissions } from '../households/index.ts';
import { attachmentsOf, type AttachmentView } from './attachments.ts';

export interface NoteView {
  id: string;
  occurredOn: string;
  kind: string;
  durationMinutes: number;
  withInterpreter: boolean;
  text: string;
  sensitivity: 'normal' | 'sensitive';
  authorName: string | null;
  authoredByMe: boolean;
  createdAt: string;
  /** Files kept with the note; only ever listed for a note the caller may read. */
  attachments: AttachmentView[];
  /**
   * Only on a walk-in visit at an infopunt linked to this household (kind 'infopunt_visit', empty text): what the
   * visit was about. Its author is who logged it. Absent on notes.
   */
  infopuntVisit?: InfopuntVisitFacts;
}

/** A linked infopunt visit as the journal shows it: vocabulary keys and numbers, no free text. */
export interface InfopuntVisitFacts {
  infopuntName: string;
  topic: string;
  authority: string;
  outcome: string;
  language: string;
}

/** The kind of a journal entry that is an infopunt visit rather than a note. */
export const INFOPUNT_VISIT_KIND = 'infopunt_visit';

const NOTE_COLUMNS = sql`n.id, n.occurred_on::text as "occurredOn", n.kind, n.duration_minutes as "durationMinutes",
  n.with_interpreter as "withInterpreter", n.text, n.sensitivity, u.display_name as "authorName",
  to_char(n.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "createdAt"`;

/**
 * The journal of a household, page by page. `resolved` is the household's visibility as readHousehold or
 * visibleHousehold already established in this same transaction; without it, it is established here.
 */
export async function listNotes(
  tx: Tx,
  caller: Caller,
  householdId: string,
  page: Page,
  resolved?: { permissions: HouseholdPermissions },
): Promise<Outcome<Paged<NoteView>>> {
  const visible = resolved ?? (await visibleHousehold(tx, caller, householdId));
  if (!visible) return notFound();
  if (!visible.permissions.canReadJournal) {
    await auditForbidden(tx, caller, householdId, 'journal.read');
    return forbidden();
  }
  // The timeline: the notes she may read and the infopunt visits linked to the household (they hold no free text
  // and no sensitive class, so whoever reads the journal sees them), newest first, paged together.
  const where = sql`n.household_id = ${householdId} and ${noteVisibleSql(caller.actor)}`;
  const visits = sql`v.household_id = ${householdId}`;
  const total = rowsOf<{ total: number }>(await tx.execute(sql`
    select (select count(*) from journal_notes n where ${where})::int + (select count(*) from infopunt_visits v where ${visits})::int as total`));
  const entries = rowsOf<{ id: string; visit: boolean }>(
    await tx.execute(sql`
      select id, visit from (
        select n.id, false as visit, n.occurred_on, n.created_at from journal_notes n where ${where}
        union all
        select v.id, true, v.occurred_on, v.created_at from infopunt_visits v where ${visits}) e
       order by occurred_on desc, created_at desc, id
       limit ${page.pageSize} offset ${offsetOf(page)}`),
  );
  const noteIds = entries.filter((e) => !e.visit).map((e) => e.id);
  const visitIds = entries.filter((e) => e.visit).map((e) => e.id);
  const ids = (list: string[]) => sql.join(list.map((id) => sql`${id}`), sql`, `);
  const notes = noteIds.length === 0 ? [] : rowsOf<Omit<NoteView, 'attachments'>>(
    await tx.execute(sql`
      select ${NOTE_COLUMNS}, (n.author_id = ${caller.actor.userId}) as "authoredByMe"
        from journal_notes n left join users u on u.id = n.author_id
       where n.id in (${ids(noteIds)})`),
  );
  const visitRows = visitIds.length === 0 ? [] : rowsOf<Omit<NoteView, 'attachments' | 'infopuntVisit'> & InfopuntVisitFacts>(
    await tx.execute(sql`
      select v.id, v.occurred_on::text as "occurredOn", ${INFOPUNT_VISIT_KIND}::text as kind, v.duration_minutes as "durationMinutes",
             v.with_interpreter as "withInterpreter", ''::text as text, 'normal'::text as sensitivity, u.display_name as "authorName",
             to_char(v.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "createdAt", (v.logged_by = ${caller.actor.userId}) as "authoredByMe",
             i.name as "infopuntName", v.topic, v.authority, v.outcome, v.language
        from infopunt_visits v join infopunten i on i.id = v.infopunt_id left join users u on u.id = v.logged_by
       where v.id in (${ids(visitIds)})`),
  );
  const files = await attachmentsOf(tx, noteIds);
  const byId = new Map<string, NoteView>();
  for (const n of notes) byId.set(n.id, { ...n, attachments: files.get(n.id) ?? [] });
  for (const { infopuntName, topic, authority, outcome, language, ...v } of visitRows) {
    byId.set(v.id, { ...v, attachments: [], infopuntVisit: { infopuntName, topic, authority, outcome, language } });
  }
  const items: NoteView[] = entries.map((e) => byId.get(e.id)).filter((n): n is NoteView => n !== undefined);
  await writeAudit(tx, caller.audit, {
    action: 'journal.list',
    result: 'ok',
    recordType: 'journal_note',
    subjectHouseholdId: householdId,
    detail: { page: page.page, returned: items.length, visits: visitIds.length },
  });
  return found({ items, total: total[0]?.total ?? 0, page: page.page, pageSize: page.pageSize });
}
