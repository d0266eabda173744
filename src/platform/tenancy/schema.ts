import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

// Reference data: the CBS municipality list, synced idempotently from db/reference/gemeenten.csv.
export const municipalities = pgTable('municipalities', {
  code: text('code').primaryKey(), // CBS code, e.g. GM0622
  name: text('name').notNull(),
});

export const ORGANISATION_KINDS = ['welfare', 'municipality', 'partner'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kind: text('kind').$type<OrganisationKind>().notNull(),
    // AUTH-BSN: only an organisation with a legal (municipal) task may hold citizen service numbers.
    municipalTask: boolean('municipal_task').notNull().default(false),
    // How many households one coach guides at most, unless her profile says otherwise (seed 000: groups of 5).
    coachCapacity: integer('coach_capacity').notNull().default(5),
    // Plans written by a volunteer need a professional's approval before they count as established (issue 4).
    planApprovalRequired: boolean('plan_approval_required').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('organisations_kind_check', sql`${t.kind} in ('welfare', 'municipality', 'partner')`),
    check('organisations_coach_capacity_check', sql`${t.coachCapacity} between 1 and 50`),
  ],
);

export const organisationMunicipalities = pgTable(
  'organisation_municipalities',
  {
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    municipalityCode: text('municipality_code').notNull().references(() => municipalities.code),
    // The programme this organisation runs for this municipality (maatwerk per gemeente). Phases are a JSON
    // list of { key, untilMonth, contactEveryDays }; null means the default of features/trajectories.
    trajectoryMonths: integer('trajectory_months').notNull().default(12),
    phases: jsonb('phases'),
    // Local targets (seed 004): keys within N weeks of the status, a POP within N weeks of housing.
    keysWithinWeeks: integer('keys_within_weeks').notNull().default(13),
    popWithinWeeks: integer('pop_within_weeks').notNull().default(4),
    // The five labels of the self-reliance scale (1 acute problems … 5 fully self-reliant); null: the translated defaults.
    scoreLabels: jsonb('score_labels'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.organisationId, t.municipalityCode] }),
    check('organisation_municipalities_months_check', sql`${t.trajectoryMonths} in (12, 18)`),
    check('organisation_municipalities_targets_check', sql`${t.keysWithinWeeks} between 1 and 104 and ${t.popWithinWeeks} between 1 and 52`),
  ],
);

export const ROLES = [
  'administrator',
  'coordinator',
  'professional',
  'volunteer',
  'infopunt',
  'trainer',
  'regisseur',
  'monitor',
  'partner',
] as const;
export type Role = (typeof ROLES)[number];

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role').$type<Role>().notNull(),
    // A volunteer coach is always backed by a professional of her own organisation.
    supervisorId: uuid('supervisor_id').references((): AnyPgColumn => users.id),
    passwordHash: text('password_hash').notNull(),
    totpSecret: text('totp_secret'),
    totpEnabled: boolean('totp_enabled').notNull().default(false),
    // The last accepted TOTP time step, so a code cannot be replayed within its validity window.
    totpLastStep: integer('totp_last_step'),
    locale: text('locale').notNull().default('nl'),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_email_unique').on(sql`lower(${t.email})`),
    index('users_organisation_idx').on(t.organisationId),
    index('users_supervisor_idx').on(t.supervisorId),
    check(
      'users_role_check',
      sql`${t.role} in ('administrator','coordinator','professional','volunteer','infopunt','trainer','regisseur','monitor','partner')`,
    ),
    check('users_volunteer_supervised', sql`${t.role} <> 'volunteer' or ${t.supervisorId} is not null`),
    // Composite keys let other tables require "same organisation" in the schema itself (defence in depth).
    unique('users_id_organisation').on(t.id, t.organisationId),
    foreignKey({ name: 'users_supervisor_same_organisation', columns: [t.supervisorId, t.organisationId], foreignColumns: [t.id, t.organisationId] }),
  ],
);
