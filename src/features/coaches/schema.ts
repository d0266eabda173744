import { sql } from 'drizzle-orm';
import { check, date, foreignKey, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations, users } from '../../platform/tenancy/schema.ts';

/** What a coach prefers to take on; matched against a household's composition. */
export const COACH_PREFERENCES = ['families_with_children', 'single_adults', 'women', 'men', 'young_adults', 'elderly'] as const;
export type CoachPreference = (typeof COACH_PREFERENCES)[number];
/** Parts of the week a coach is available: mon_morning … sun_evening. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const DAYPARTS = ['morning', 'afternoon', 'evening'] as const;

// A coach's (volunteer's or professional's) profile: what matching needs and what a coordinator keeps up to date.
export const coachProfiles = pgTable(
  'coach_profiles',
  {
    userId: uuid('user_id').primaryKey(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
    municipalityCodes: text('municipality_codes').array().notNull().default(sql`'{}'::text[]`),
    // Areas as the first four digits of postcodes (a neighbourhood), e.g. 3131.
    postcodeAreas: text('postcode_areas').array().notNull().default(sql`'{}'::text[]`),
    availability: text('availability').array().notNull().default(sql`'{}'::text[]`),
    preferences: text('preferences').array().notNull().default(sql`'{}'::text[]`),
    // Certificate of conduct (Verklaring Omtrent het Gedrag).
    vogDate: date('vog_date', { mode: 'string' }),
    trainings: text('trainings').array().notNull().default(sql`'{}'::text[]`),
    // Null: the organisation's coach capacity.
    maxLoad: integer('max_load'),
    note: text('note'),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('coach_profiles_max_load_check', sql`${t.maxLoad} between 0 and 50`),
    foreignKey({ name: 'coach_profiles_user_same_organisation', columns: [t.userId, t.organisationId], foreignColumns: [users.id, users.organisationId] }).onDelete('cascade'),
  ],
);
