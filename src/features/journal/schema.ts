import { sql } from 'drizzle-orm';
import { boolean, check, customType, date, foreignKey, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisations, users } from '../../platform/tenancy/schema.ts';
import { households } from '../households/schema.ts';

export const NOTE_KINDS = ['home_visit', 'phone', 'office_hour', 'group', 'online'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];
export const SENSITIVITIES = ['normal', 'sensitive'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

export const journalNotes = pgTable(
  'journal_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    householdId: uuid('household_id').notNull().references(() => households.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').notNull().references(() => users.id),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    kind: text('kind').$type<NoteKind>().notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    withInterpreter: boolean('with_interpreter').notNull().default(false),
    text: text('text').notNull(),
    sensitivity: text('sensitivity').$type<Sensitivity>().notNull().default('normal'),
    // REL-IDEM: a retried submission with the same key returns the first note instead of a second one.
    idempotencyKey: text('idempotency_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('journal_notes_household_idx').on(t.householdId, t.occurredOn),
    uniqueIndex('journal_notes_idempotency').on(t.authorId, t.idempotencyKey).where(sql`${t.idempotencyKey} is not null`),
    check('journal_notes_kind_check', sql`${t.kind} in ('home_visit','phone','office_hour','group','online')`),
    check('journal_notes_sensitivity_check', sql`${t.sensitivity} in ('normal','sensitive')`),
    check('journal_notes_duration_check', sql`${t.durationMinutes} between 0 and 1440`),
    foreignKey({ name: 'journal_notes_household_same_organisation', columns: [t.householdId, t.organisationId], foreignColumns: [households.id, households.organisationId] }).onDelete('cascade'),
    foreignKey({ name: 'journal_notes_author_same_organisation', columns: [t.authorId, t.organisationId], foreignColumns: [users.id, users.organisationId] }),
  ],
);

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

export const ATTACHMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

// A letter the newcomer brought, photographed, or a PDF. Kept in the database beside its note: the same
// row-level security, the same transaction (no half-written note), the same backup. The stored name is
// generated; the original name is only shown, never used as a path.
export const journalAttachments = pgTable(
  'journal_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    householdId: uuid('household_id').notNull(),
    noteId: uuid('note_id').notNull().references(() => journalNotes.id, { onDelete: 'cascade' }),
    storedName: uuid('stored_name').notNull().defaultRandom(),
    originalName: text('original_name').notNull(),
    mediaType: text('media_type').$type<AttachmentType>().notNull(),
    byteSize: integer('byte_size').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    uploadedBy: uuid('uploaded_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('journal_attachments_note_idx').on(t.noteId),
    uniqueIndex('journal_attachments_stored_name_unique').on(t.storedName),
    check('journal_attachments_type_check', sql`${t.mediaType} in ('application/pdf','image/jpeg','image/png','image/webp')`),
    check('journal_attachments_size_check', sql`${t.byteSize} between 1 and 10485760`),
    foreignKey({ name: 'journal_attachments_household_same_organisation', columns: [t.householdId, t.organisationId], foreignColumns: [households.id, households.organisationId] }).onDelete('cascade'),
  ],
);
