import { sql } from 'drizzle-orm';
import { boolean, check, date, foreignKey, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { municipalities, organisations, users } from '../../platform/tenancy/schema.ts';
import { householdMembers, households } from '../households/schema.ts';

/** One phase of a trajectory: guidance is intensive at first and tapers off (seed 002). */
export interface Phase {
  key: string;
  /** The phase lasts until this many months after the start; the last phase runs to the end. */
  untilMonth: number;
  /** A household without contact for longer than this is signalled in "Mijn werk". */
  contactEveryDays: number;
  /** An evaluation talk (voortgangsgesprek) is due this many weeks after the last one; absent: the default per phase. */
  evaluationEveryWeeks?: number;
}

export const TRAJECTORY_STATUSES = ['open', 'closed'] as const;
export const CLOSE_REASONS = ['completed', 'moved', 'stopped'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

// One household's guidance period, from the housing date for 12 or 18 months (DOMAIN.md flow 11).
export const trajectories = pgTable(
  'trajectories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    householdId: uuid('household_id').notNull(),
    municipalityCode: text('municipality_code').notNull().references(() => municipalities.code),
    startedOn: date('started_on', { mode: 'string' }).notNull(),
    plannedEndOn: date('planned_end_on', { mode: 'string' }).notNull(),
    durationMonths: integer('duration_months').notNull(),
    // A snapshot of the municipality's phases when the trajectory started: a later change of the template
    // does not rewrite a running trajectory.
    phases: jsonb('phases').$type<Phase[]>().notNull(),
    status: text('status').$type<(typeof TRAJECTORY_STATUSES)[number]>().notNull().default('open'),
    closedOn: date('closed_on', { mode: 'string' }),
    closeReason: text('close_reason').$type<CloseReason>(),
    movedToMunicipalityCode: text('moved_to_municipality_code').references(() => municipalities.code),
    closingEvaluation: text('closing_evaluation'),
    handoverNote: text('handover_note'),
    closedBy: uuid('closed_by').references(() => users.id),
    // RETAIN: the clock starts when the trajectory closes.
    retentionUntil: date('retention_until', { mode: 'string' }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('trajectories_one_open').on(t.householdId).where(sql`${t.status} = 'open'`),
    // Every dossier view asks whether the file is closed (scope.ts relationColumns): by household, any status.
    index('trajectories_household_idx').on(t.householdId, t.startedOn),
    index('trajectories_org_end_idx').on(t.organisationId, t.plannedEndOn).where(sql`${t.status} = 'open'`),
    check('trajectories_status_check', sql`${t.status} in ('open','closed')`),
    check('trajectories_duration_check', sql`${t.durationMonths} in (12, 18)`),
    check('trajectories_close_reason_check', sql`${t.closeReason} in ('completed','moved','stopped')`),
    check('trajectories_closed_complete', sql`${t.status} = 'open' or (${t.closedOn} is not null and ${t.closeReason} is not null)`),
    check('trajectories_moved_has_municipality', sql`${t.closeReason} is distinct from 'moved' or ${t.movedToMunicipalityCode} is not null`),
    foreignKey({ name: 'trajectories_household_same_organisation', columns: [t.householdId, t.organisationId], foreignColumns: [households.id, households.organisationId] }).onDelete('cascade'),
  ],
);

export const CHECKLIST_OWNERS = ['newcomer', 'coach', 'formulierenteam'] as const;
export type ChecklistOwner = (typeof CHECKLIST_OWNERS)[number];
/** Whether an item is one per household or one per (matching) person, e.g. school per child. */
export const CHECKLIST_SCOPES = ['household', 'person'] as const;
export type ChecklistScope = (typeof CHECKLIST_SCOPES)[number];
/** Which members a per-person item is made for. */
export const CHECKLIST_APPLIES_TO = ['all', 'adults', 'children', 'school_age', 'under_4'] as const;
export type ChecklistAppliesTo = (typeof CHECKLIST_APPLIES_TO)[number];

// The "basis op orde" template an organisation keeps per municipality it serves.
export const checklistTemplateItems = pgTable(
  'checklist_template_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    municipalityCode: text('municipality_code').notNull().references(() => municipalities.code),
    // A built-in item has a key (its label is translated); an item the organisation adds has its own label.
    itemKey: text('item_key'),
    label: text('label'),
    dueDays: integer('due_days').notNull(),
    owner: text('owner').$type<ChecklistOwner>().notNull(),
    scope: text('scope').$type<ChecklistScope>().notNull().default('household'),
    appliesTo: text('applies_to').$type<ChecklistAppliesTo>().notNull().default('all'),
    position: integer('position').notNull().default(0),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('checklist_template_items_org_municipality_idx').on(t.organisationId, t.municipalityCode),
    uniqueIndex('checklist_template_items_key_unique').on(t.organisationId, t.municipalityCode, t.itemKey).where(sql`${t.itemKey} is not null`),
    check('checklist_template_items_label_check', sql`${t.itemKey} is not null or ${t.label} is not null`),
    check('checklist_template_items_owner_check', sql`${t.owner} in ('newcomer','coach','formulierenteam')`),
    check('checklist_template_items_scope_check', sql`${t.scope} in ('household','person')`),
    check('checklist_template_items_applies_check', sql`${t.appliesTo} in ('all','adults','children','school_age','under_4')`),
    check('checklist_template_items_due_check', sql`${t.dueDays} between 0 and 730`),
  ],
);

export const CHECKLIST_STATUSES = ['open', 'done', 'not_applicable'] as const;
export type ChecklistStatus = (typeof CHECKLIST_STATUSES)[number];

export const checklistItems = pgTable(
  'checklist_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    householdId: uuid('household_id').notNull(),
    trajectoryId: uuid('trajectory_id').notNull().references(() => trajectories.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id').references(() => householdMembers.id, { onDelete: 'cascade' }),
    templateItemId: uuid('template_item_id').references(() => checklistTemplateItems.id, { onDelete: 'set null' }),
    itemKey: text('item_key'),
    label: text('label'),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    owner: text('owner').$type<ChecklistOwner>().notNull(),
    status: text('status').$type<ChecklistStatus>().notNull().default('open'),
    doneOn: date('done_on', { mode: 'string' }),
    note: text('note'),
    notApplicableReason: text('not_applicable_reason'),
    position: integer('position').notNull().default(0),
    // REL-LOCK: a stale write (another version) answers 409 and shows what changed.
    version: integer('version').notNull().default(1),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('checklist_items_household_idx').on(t.householdId),
    index('checklist_items_open_due_idx').on(t.organisationId, t.dueOn).where(sql`${t.status} = 'open'`),
    check('checklist_items_label_check', sql`${t.itemKey} is not null or ${t.label} is not null`),
    check('checklist_items_owner_check', sql`${t.owner} in ('newcomer','coach','formulierenteam')`),
    check('checklist_items_status_check', sql`${t.status} in ('open','done','not_applicable')`),
    check('checklist_items_done_has_date', sql`${t.status} <> 'done' or ${t.doneOn} is not null`),
    check('checklist_items_na_has_reason', sql`${t.status} <> 'not_applicable' or ${t.notApplicableReason} is not null`),
    foreignKey({ name: 'checklist_items_household_same_organisation', columns: [t.householdId, t.organisationId], foreignColumns: [households.id, households.organisationId] }).onDelete('cascade'),
  ],
);
