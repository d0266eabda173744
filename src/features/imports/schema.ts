import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisations, users } from '../../platform/tenancy/schema.ts';

export const IMPORT_STATUSES = ['staged', 'committing', 'committed', 'failed', 'discarded'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
export const IMPORT_MODES = ['all_or_nothing', 'valid_only'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];
export const ROW_STATUSES = ['valid', 'invalid', 'duplicate', 'already_imported'] as const;
export type RowStatus = (typeof ROW_STATUSES)[number];

// REL-IMPORT: a file is first staged and validated row by row (the dry run); committing reads the staged rows,
// so a killed commit can be resumed from the same stage and household source keys stop any double.
export const importBatches = pgTable(
  'import_batches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    createdBy: uuid('created_by').notNull(),
    fileName: text('file_name').notNull(),
    fileSha256: text('file_sha256').notNull(),
    format: text('format').notNull(),
    // Source header → Thuis field.
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull(),
    status: text('status').$type<ImportStatus>().notNull().default('staged'),
    mode: text('mode').$type<ImportMode>(),
    totalRows: integer('total_rows').notNull().default(0),
    validRows: integer('valid_rows').notNull().default(0),
    invalidRows: integer('invalid_rows').notNull().default(0),
    duplicateRows: integer('duplicate_rows').notNull().default(0),
    processedRows: integer('processed_rows').notNull().default(0),
    createdHouseholds: integer('created_households').notNull().default(0),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    committedAt: timestamp('committed_at', { withTimezone: true }),
  },
  (t) => [
    index('import_batches_org_idx').on(t.organisationId, t.createdAt),
    check('import_batches_status_check', sql`${t.status} in ('staged','committing','committed','failed','discarded')`),
    check('import_batches_mode_check', sql`${t.mode} in ('all_or_nothing','valid_only')`),
    check('import_batches_format_check', sql`${t.format} in ('csv','xlsx')`),
    foreignKey({ name: 'import_batches_creator_same_organisation', columns: [t.createdBy, t.organisationId], foreignColumns: [users.id, users.organisationId] }),
  ],
);

export const importRows = pgTable(
  'import_rows',
  {
    batchId: uuid('batch_id').notNull().references(() => importBatches.id, { onDelete: 'cascade' }),
    rowNumber: integer('row_number').notNull(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    // The value of the `huishouden` column: rows sharing it form one household.
    householdKey: text('household_key').notNull(),
    raw: jsonb('raw').$type<Record<string, string>>().notNull(),
    data: jsonb('data').$type<Record<string, unknown>>(),
    errors: jsonb('errors').$type<{ field: string; message: string }[]>().notNull().default(sql`'[]'::jsonb`),
    status: text('status').$type<RowStatus>().notNull(),
    // Probable duplicates: [{ householdId, reference, memberId }].
    duplicateOf: jsonb('duplicate_of').$type<{ householdId: string; reference: string }[]>(),
    householdId: uuid('household_id'),
  },
  (t) => [
    primaryKey({ columns: [t.batchId, t.rowNumber] }),
    index('import_rows_batch_household_idx').on(t.batchId, t.householdKey),
    check('import_rows_status_check', sql`${t.status} in ('valid','invalid','duplicate','already_imported')`),
  ],
);

// A header mapping saved once, so the next file from the same source needs no mapping.
export const importMappings = pgTable(
  'import_mappings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    name: text('name').notNull(),
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('import_mappings_org_name_unique').on(t.organisationId, t.name)],
);
