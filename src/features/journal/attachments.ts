import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import { forbidden, found, notFound, type Caller, type Outcome } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { canReadNote, noteVisibleSql } from '../../platform/policy.ts';
import { auditForbidden, visibleHousehold } from '../households/index.ts';
import { MAX_ATTACHMENT_BYTES, type AttachmentType } from './schema.ts';
import { isUuid } from '../../platform/validation.ts';

// A letter the newcomer brought (photographed) or a PDF, kept beside its note. The type is read from the
// file's first bytes, never from the name or the declared type; the original name is only ever displayed.

export interface AttachmentUpload {
  bytes: Uint8Array;
  /** The name the browser or client gave; sanitised before it is stored. */
  name: string;
}

export interface AttachmentView {
  /** The generated stored name: the only handle a client gets. */
  id: string;
  name: string;
  mediaType: AttachmentType;
  byteSize: number;
}

export const ATTACHMENT_EXTENSIONS: Record<AttachmentType, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
};

/** The media type by magic bytes: PDF "%PDF-", JPEG FF D8 FF, PNG 89 50 4E 47 0D 0A 1A 0A, WEBP "RIFF....WEBP". */
export function detectType(bytes: Uint8Array): AttachmentType | null {
  const at = (offset: number, ...values: number[]) => values.every((v, i) => bytes[offset + i] === v);
  if (bytes.length >= 5 && at(0, 0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  if (bytes.length >= 3 && at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (bytes.length >= 8 && at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (bytes.length >= 12 && at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  return null;
}

/** A display name: no path, no control or bidi-override characters, at most 120 characters; never empty. */
export function sanitiseName(name: string, type: AttachmentType): string {
  let base = (name.split(/[\\/]/).pop() ?? '').normalize('NFC');
  base = base.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ').trim();
  base = base.replace(/^\.+/, '');
  if (base.length > 120) {
    const dot = base.lastIndexOf('.');
    const extension = dot > 0 && base.length - dot <= 6 ? base.slice(dot) : '';
    base = base.slice(0, 120 - extension.length) + extension;
  }
  return base || `bijlage.${ATTACHMENT_EXTENSIONS[type]}`;
}

/** Content-Disposition for a download: an ASCII fallback and the UTF-8 name (RFC 6266 / 5987), with the right extension. */
export function contentDisposition(name: string, type: AttachmentType): string {
  const extension = ATTACHMENT_EXTENSIONS[type];
  const withExtension = new RegExp(`\\.(${extension}|${type === 'image/jpeg' ? 'jpeg' : extension})$`, 'i').test(name) ? name : `${name}.${extension}`;
  const ascii = withExtension.normalize('NFKD').replace(/[^\w.\- ]+/g, '_').replace(/\s+/g, '_').slice(0, 120) || `bijlage.${extension}`;
  const encoded = encodeURIComponent(withExtension).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Validate an upload; the field errors name `field` so a page shows them next to its file input. */
export function checkUpload(upload: AttachmentUpload, field = 'attachment'): AttachmentType {
  if (upload.bytes.length > MAX_ATTACHMENT_BYTES) throw new AppError('VALIDATION', { fields: [{ field, message: 'attachment.error_too_large' }] });
  if (upload.bytes.length === 0) throw new AppError('VALIDATION', { fields: [{ field, message: 'attachment.error_empty' }] });
  const type = detectType(upload.bytes);
  if (!type) throw new AppError('VALIDATION', { fields: [{ field, message: 'attachment.error_type' }] });
  return type;
}

/** Store an attachment with its note, in the note's transaction. The caller has checked the note is writable. */
export async function insertAttachment(tx: Tx, caller: Caller, householdId: string, noteId: string, upload: AttachmentUpload): Promise<AttachmentView> {
  const type = checkUpload(upload);
  const name = sanitiseName(upload.name, type);
  const bytes = Buffer.from(upload.bytes.buffer, upload.bytes.byteOffset, upload.bytes.byteLength);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const rows = rowsOf<AttachmentView>(
    await tx.execute(sql`
      insert into journal_attachments (organisation_id, household_id, note_id, original_name, media_type, byte_size, sha256, content, uploaded_by)
      values (${caller.actor.organisationId}, ${householdId}, ${noteId}, ${name}, ${type}, ${bytes.length}, ${sha256}, ${bytes}, ${caller.actor.userId})
      returning stored_name as id, original_name as name, media_type as "mediaType", byte_size as "byteSize"`),
  );
  const view = rows[0]!;
  await writeAudit(tx, caller.audit, {
    action: 'attachment.create', result: 'ok', recordType: 'journal_attachment', recordId: view.id, subjectHouseholdId: householdId,
    detail: { mediaType: type, bytes: bytes.length },
  });
  return view;
}

/** Attachments of notes already shown to the caller (visibility was applied to the notes themselves). */
export async function attachmentsOf(tx: Tx, noteIds: readonly string[]): Promise<Map<string, AttachmentView[]>> {
  const out = new Map<string, AttachmentView[]>();
  if (noteIds.length === 0) return out;
  const rows = rowsOf<AttachmentView & { noteId: string }>(
    await tx.execute(sql`
      select note_id as "noteId", stored_name as id, original_name as name, media_type as "mediaType", byte_size as "byteSize"
        from journal_attachments where note_id in (${sql.join(noteIds.map((id) => sql`${id}`), sql`, `)})
       order by created_at, id`),
  );
  for (const { noteId, ...view } of rows) out.set(noteId, [...(out.get(noteId) ?? []), view]);
  return out;
}


export interface AttachmentFile {
  name: string;
  mediaType: AttachmentType;
  content: Buffer;
}

/**
 * Download an attachment by its stored name. Whoever may not read its note — outside the household scope, no
 * journal access, or a sensitive note of someone else for a volunteer — gets exactly what a random id gets.
 */
export async function readAttachment(tx: Tx, caller: Caller, storedName: string): Promise<Outcome<AttachmentFile>> {
  const rows = isUuid(storedName)
    ? rowsOf<{ householdId: string; sensitivity: 'normal' | 'sensitive'; authorId: string; id: string }>(
        await tx.execute(sql`
          select a.household_id as "householdId", n.sensitivity, n.author_id as "authorId", a.id
            from journal_attachments a join journal_notes n on n.id = a.note_id
           where a.stored_name = ${storedName}`),
      )
    : [];
  const hit = rows[0];
  const hidden = async () => {
    await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'not_found', recordType: 'journal_attachment', recordId: isUuid(storedName) ? storedName : undefined });
    return notFound<AttachmentFile>();
  };
  if (!hit) return hidden();
  const visible = await visibleHousehold(tx, caller, hit.householdId);
  if (!visible || !visible.permissions.canReadJournal) return hidden();
  if (!canReadNote(caller.actor, { sensitivity: hit.sensitivity, authoredByActor: hit.authorId === caller.actor.userId })) return hidden();
  const file = rowsOf<AttachmentFile>(
    await tx.execute(sql`select original_name as name, media_type as "mediaType", content from journal_attachments where id = ${hit.id}`),
  )[0]!;
  await writeAudit(tx, caller.audit, {
    action: 'attachment.read', result: 'ok', recordType: 'journal_attachment', recordId: storedName, subjectHouseholdId: hit.householdId,
    detail: { mediaType: file.mediaType },
  });
  // node-postgres gives a Buffer, PGlite a Uint8Array.
  return found({ ...file, content: Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content as Uint8Array) });
}

/**
 * Add an attachment to an existing note (the API). The note must be one the caller may read (else 404) and
 * wrote herself (else 403): an attachment belongs with what its author recorded.
 */
export async function addAttachment(tx: Tx, caller: Caller, householdId: string, noteId: string, upload: AttachmentUpload): Promise<Outcome<AttachmentView>> {
  const visible = await visibleHousehold(tx, caller, householdId);
  if (!visible) return notFound();
  if (!visible.permissions.canReadJournal) {
    await auditForbidden(tx, caller, householdId, 'journal.read');
    return forbidden();
  }
  const notes = isUuid(noteId)
    ? rowsOf<{ authorId: string }>(
        await tx.execute(sql`select n.author_id as "authorId" from journal_notes n
          where n.id = ${noteId} and n.household_id = ${householdId} and ${noteVisibleSql(caller.actor)}`),
      )
    : [];
  if (!notes[0]) {
    await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'not_found', recordType: 'journal_note', recordId: isUuid(noteId) ? noteId : undefined, subjectHouseholdId: householdId });
    return notFound();
  }
  if (notes[0].authorId !== caller.actor.userId || !visible.permissions.canWriteNote) {
    await auditForbidden(tx, caller, householdId, 'attachment.create');
    return forbidden();
  }
  return found(await insertAttachment(tx, caller, householdId, noteId, upload));
}

/** The headers of an attachment download: saved as a file, never sniffed, never cached (web hardening). */
export function downloadHeaders(file: AttachmentFile): Record<string, string> {
  return {
    'Content-Type': file.mediaType,
    'Content-Disposition': contentDisposition(file.name, file.mediaType),
    'Content-Length': String(file.content.length),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
}
