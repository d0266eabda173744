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
}

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
  const where = sql`n.household_id = ${householdId} and ${noteVisibleSql(caller.actor)}`;
  const total = rowsOf<{ total: number }>(await tx.execute(sql`select count(*)::int as total from journal_notes n where ${where}`));
  const rows = rowsOf<Omit<NoteView, 'attachments'>>(
    await tx.execute(sql`
      select ${NOTE_COLUMNS}, (n.author_id = ${caller.actor.userId}) as "authoredByMe"
        from journal_notes n left join users u on u.id = n.author_id
       where ${where}
       order by n.occurred_on desc, n.created_at desc
       limit ${page.pageSize} offset ${offsetOf(page)}`),
  );
  const files = await attachmentsOf(tx, rows.map((n) => n.id));
  const items: NoteView[] = rows.map((n) => ({ ...n, attachments: files.get(n.id) ?? [] }));
  await writeAudit(tx, caller.audit, {
    action: 'journal.list',
    result: 'ok',
    recordType: 'journal_note',
    subjectHouseholdId: householdId,
    detail: { page: page.page, returned: items.length },
  });
  return found({ items, total: total[0]?.total ?? 0, page: page.page, pageSize: page.pageSize });
}
