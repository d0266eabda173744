import { sql } from 'drizzle-orm';
import { boolean, check, date, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { municipalities, organisations, users } from '../../platform/tenancy/schema.ts';
import { householdMembers, households } from '../households/schema.ts';
import type { WEEKDAYS } from '../coaches/schema.ts';

export type Weekday = (typeof WEEKDAYS)[number];

// Infopunten (DOMAIN.md flow 7, issue 5): walk-in points with opening hours and their staff and formulierenteam
// volunteers; walk-in questions logged in seconds, anonymous by default, optionally linked to a known household;
// a follow-up becomes a task for the right person.

export const VISIT_TOPICS = [
  'letter', 'allowances', 'digid', 'health_insurance', 'benefits', 'school', 'work', 'housing', 'debts', 'energy',
  'inburgering_duo', 'other',
] as const;
export type VisitTopic = (typeof VISIT_TOPICS)[number];
export const VISIT_AUTHORITIES = [
  'belastingdienst_toeslagen', 'duo', 'gemeente', 'uwv', 'svb', 'cak', 'health_insurer', 'housing_corporation',
  'energy_supplier', 'other', 'none',
] as const;
export type VisitAuthority = (typeof VISIT_AUTHORITIES)[number];
export const VISIT_OUTCOMES = ['answered', 'form_help', 'follow_up', 'referred_coach', 'referred_partner'] as const;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];
export const STAFF_KINDS = ['staff', 'formulierenteam'] as const;
export type InfopuntStaffKind = (typeof STAFF_KINDS)[number];
export const FOLLOW_UP_STATUSES = ['open', 'done'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** One opening period: a weekday with local times in minutes since midnight. */
export interface OpeningPeriod {
  day: Weekday;
  from: number;
  to: number;
}

export const infopunten = pgTable(
  'infopunten',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    municipalityCode: text('municipality_code').notNull().references(() => municipalities.code),
    name: text('name').notNull(),
    address: text('address').notNull().default(''),
    openingHours: jsonb('opening_hours').$type<OpeningPeriod[]>().notNull().default(sql`'[]'::jsonb`),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('infopunten_organisation_idx').on(t.organisationId),
    unique('infopunten_id_organisation').on(t.id, t.organisationId),
  ],
);

/** Who works at an infopunt: staff, and formulierenteam volunteers (both log visits there). */
export const infopuntStaff = pgTable(
  'infopunt_staff',
  {
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    infopuntId: uuid('infopunt_id').notNull(),
    userId: uuid('user_id').notNull(),
    kind: text('kind').$type<InfopuntStaffKind>().notNull().default('staff'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.infopuntId, t.userId] }),
    index('infopunt_staff_user_idx').on(t.userId),
    check('infopunt_staff_kind_check', sql`${t.kind} in ('staff','formulierenteam')`),
    foreignKey({ name: 'infopunt_staff_infopunt_same_organisation', columns: [t.infopuntId, t.organisationId], foreignColumns: [infopunten.id, infopunten.organisationId] }).onDelete('cascade'),
    foreignKey({ name: 'infopunt_staff_user_same_organisation', columns: [t.userId, t.organisationId], foreignColumns: [users.id, users.organisationId] }).onDelete('cascade'),
  ],
);

export const infopuntVisits = pgTable(
  'infopunt_visits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    infopuntId: uuid('infopunt_id').notNull(),
    loggedBy: uuid('logged_by').notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    topic: text('topic').$type<VisitTopic>().notNull(),
    authority: text('authority').$type<VisitAuthority>().notNull().default('none'),
    // The language the conversation was held in (ISO 639-1), and whether an interpreter helped.
    language: text('language').notNull().default('nl'),
    withInterpreter: boolean('with_interpreter').notNull().default(false),
    durationMinutes: integer('duration_minutes').notNull(),
    outcome: text('outcome').$type<VisitOutcome>().notNull(),
    // Anonymous by default; a link to a known household shows the visit in its journal.
    householdId: uuid('household_id').references(() => households.id, { onDelete: 'set null' }),
    // REL-IDEM: a double tap or a retry on a poor connection logs one visit.
    idempotencyKey: text('idempotency_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('infopunt_visits_infopunt_idx').on(t.infopuntId, t.occurredOn),
    // Organisation-wide statistics per week, topic and authority read a date range of one organisation.
    index('infopunt_visits_organisation_idx').on(t.organisationId, t.occurredOn),
    index('infopunt_visits_logger_idx').on(t.loggedBy, t.occurredOn),
    index('infopunt_visits_household_idx').on(t.householdId).where(sql`${t.householdId} is not null`),
    uniqueIndex('infopunt_visits_idempotency').on(t.loggedBy, t.idempotencyKey).where(sql`${t.idempotencyKey} is not null`),
    unique('infopunt_visits_id_organisation').on(t.id, t.organisationId),
    check('infopunt_visits_topic_check', sql`${t.topic} in ('letter','allowances','digid','health_insurance','benefits','school','work','housing','debts','energy','inburgering_duo','other')`),
    check('infopunt_visits_authority_check', sql`${t.authority} in ('belastingdienst_toeslagen','duo','gemeente','uwv','svb','cak','health_insurer','housing_corporation','energy_supplier','other','none')`),
    check('infopunt_visits_outcome_check', sql`${t.outcome} in ('answered','form_help','follow_up','referred_coach','referred_partner')`),
    check('infopunt_visits_duration_check', sql`${t.durationMinutes} between 1 and 480`),
    foreignKey({ name: 'infopunt_visits_infopunt_same_organisation', columns: [t.infopuntId, t.organisationId], foreignColumns: [infopunten.id, infopunten.organisationId] }),
    foreignKey({ name: 'infopunt_visits_logger_same_organisation', columns: [t.loggedBy, t.organisationId], foreignColumns: [users.id, users.organisationId] }),
  ],
);

/**
 * A follow-up of a visit, as a task for the right person: the household's coach when the visitor was referred
 * to her, otherwise the one who logged the visit (a follow-up appointment at the infopunt). The description is
 * short and practical; it is not a note about the person.
 */
export const infopuntFollowUps = pgTable(
  'infopunt_follow_ups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    visitId: uuid('visit_id').notNull(),
    householdId: uuid('household_id').references(() => households.id, { onDelete: 'set null' }),
    memberId: uuid('member_id').references(() => householdMembers.id, { onDelete: 'set null' }),
    assignedTo: uuid('assigned_to').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    description: text('description').notNull(),
    status: text('status').$type<FollowUpStatus>().notNull().default('open'),
    doneAt: timestamp('done_at', { withTimezone: true }),
    doneBy: uuid('done_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('infopunt_follow_ups_visit_unique').on(t.visitId),
    index('infopunt_follow_ups_assignee_idx').on(t.assignedTo, t.status, t.dueOn),
    index('infopunt_follow_ups_household_idx').on(t.householdId).where(sql`${t.householdId} is not null`),
    check('infopunt_follow_ups_status_check', sql`${t.status} in ('open','done')`),
    foreignKey({ name: 'infopunt_follow_ups_visit_same_organisation', columns: [t.visitId, t.organisationId], foreignColumns: [infopuntVisits.id, infopuntVisits.organisationId] }).onDelete('cascade'),
    foreignKey({ name: 'infopunt_follow_ups_assignee_same_organisation', columns: [t.assignedTo, t.organisationId], foreignColumns: [users.id, users.organisationId] }),
  ],
);
