import { bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

// Append-only, hash-chained audit trail (LOG-READ, LOG-TAMPER). No foreign keys on purpose: an entry must
// outlive the user, household or organisation it names, and must never be cascaded away.
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    requestId: text('request_id').notNull(),
    actorUserId: uuid('actor_user_id'),
    actorRole: text('actor_role'),
    organisationId: uuid('organisation_id'),
    onBehalfOf: uuid('on_behalf_of'),
    subjectHouseholdId: uuid('subject_household_id'),
    subjectPersonId: uuid('subject_person_id'),
    recordType: text('record_type'),
    recordId: text('record_id'),
    action: text('action').notNull(),
    result: text('result').notNull(),
    origin: text('origin'),
    // Only non-identifying metadata (counts, page numbers, reasons codes); never free text or special data.
    detail: jsonb('detail').$type<Record<string, string | number | boolean | null>>(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_subject_household_idx').on(t.subjectHouseholdId),
    index('audit_subject_person_idx').on(t.subjectPersonId),
    index('audit_actor_idx').on(t.actorUserId),
    // A chain has one successor per entry: a fork (two writers reading the same head) fails loudly.
    uniqueIndex('audit_events_prev_hash_unique').on(t.prevHash),
  ],
);
