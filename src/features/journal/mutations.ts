import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import { forbidden, found, notFound, type Caller, type Outcome } from '../../platform/context.ts';
import { auditForbidden, visibleHousehold } from '../households/index.ts';
import type { NoteInput } from './inputs.ts';
import { checkUpload, insertAttachment, type AttachmentUpload } from './attachments.ts';

export interface CreatedNote {
  id: string;
  /** False when an idempotency key matched an earlier note and that one is returned (REL-IDEM). */
  created: boolean;
}

/**
 * Write a note, with an optional attachment stored in the same transaction. A replay with the same idempotency
 * key returns the first note and adds no second attachment (REL-IDEM).
 */
export async function createNote(tx: Tx, caller: Caller, householdId: string, input: NoteInput, attachment?: AttachmentUpload): Promise<Outcome<CreatedNote>> {
  // Refuse a wrong file before anything is written.
  if (attachment) checkUpload(attachment);
  const visible = await visibleHousehold(tx, caller, householdId);
  if (!visible) return notFound();
  const allowed = input.sensitivity === 'sensitive' ? visible.permissions.canWriteSensitiveNote : visible.permissions.canWriteNote;
  if (!allowed) {
    await auditForbidden(tx, caller, householdId, 'journal.create');
    return forbidden();
  }
  const inserted = rowsOf<{ id: string }>(
    await tx.execute(sql`
      insert into journal_notes (organisation_id, household_id, author_id, occurred_on, kind, duration_minutes,
                                 with_interpreter, text, sensitivity, idempotency_key)
      values (${caller.actor.organisationId}, ${householdId}, ${caller.actor.userId}, ${input.occurredOn}, ${input.kind},
              ${input.durationMinutes}, ${input.withInterpreter}, ${input.text}, ${input.sensitivity}, ${input.idempotencyKey ?? null})
      on conflict (author_id, idempotency_key) where idempotency_key is not null do nothing
      returning id`),
  );
  if (inserted.length === 0) {
    const earlier = rowsOf<{ id: string }>(
      await tx.execute(sql`select id from journal_notes where author_id = ${caller.actor.userId}
                            and idempotency_key = ${input.idempotencyKey ?? null} and household_id = ${householdId}`),
    );
    if (!earlier[0]) return notFound();
    return found({ id: earlier[0].id, created: false });
  }
  const id = inserted[0]!.id;
  if (attachment) await insertAttachment(tx, caller, householdId, id, attachment);
  await writeAudit(tx, caller.audit, {
    action: 'journal.create',
    result: 'ok',
    recordType: 'journal_note',
    recordId: id,
    subjectHouseholdId: householdId,
    detail: { sensitivity: input.sensitivity, kind: input.kind },
  });
  return found({ id, created: true });
}
