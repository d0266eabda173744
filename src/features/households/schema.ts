import { sql } from 'drizzle-orm';
import { check, date, foreignKey, index, integer, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { municipalities, organisations, users } from '../../platform/tenancy/schema.ts';

export const households = pgTable(
  'households',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    // A human reference the organisation uses on paper and in conversation; never a BSN.
    reference: text('reference').notNull(),
    municipalityCode: text('municipality_code').notNull().references(() => municipalities.code),
    housingDate: date('housing_date', { mode: 'string' }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('households_org_reference_unique').on(t.organisationId, t.reference),
    index('households_municipality_idx').on(t.municipalityCode),
    unique('households_id_organisation').on(t.id, t.organisationId),
  ],
);

export const RELATIONS = ['head', 'partner', 'child', 'other'] as const;
export type MemberRelation = (typeof RELATIONS)[number];

export const householdMembers = pgTable(
  'household_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    householdId: uuid('household_id').notNull().references(() => households.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    givenNames: text('given_names').notNull(),
    familyName: text('family_name').notNull(),
    dateOfBirth: date('date_of_birth', { mode: 'string' }),
    relation: text('relation').$type<MemberRelation>().notNull().default('other'),
    languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('household_members_household_idx').on(t.householdId),
    check('household_members_relation_check', sql`${t.relation} in ('head','partner','child','other')`),
    // A member belongs to a household of her own organisation, whatever the application does.
    foreignKey({ name: 'household_members_same_organisation', columns: [t.householdId, t.organisationId], foreignColumns: [households.id, households.organisationId] }).onDelete('cascade'),
  ],
);

// Which coach guides a household. One active assignment per household; history is kept.
export const coachAssignments = pgTable(
  'coach_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    householdId: uuid('household_id').notNull().references(() => households.id, { onDelete: 'cascade' }),
    coachId: uuid('coach_id').notNull().references(() => users.id),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('coach_assignments_one_active').on(t.householdId).where(sql`${t.endedAt} is null`),
    index('coach_assignments_coach_idx').on(t.coachId).where(sql`${t.endedAt} is null`),
    foreignKey({ name: 'coach_assignments_household_same_organisation', columns: [t.householdId, t.organisationId], foreignColumns: [households.id, households.organisationId] }).onDelete('cascade'),
    foreignKey({ name: 'coach_assignments_coach_same_organisation', columns: [t.coachId, t.organisationId], foreignColumns: [users.id, users.organisationId] }),
  ],
);
