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
    // Key dates of the household (DOMAIN.md, legal backbone). Deadlines are computed from them, never typed.
    coaLinkDate: date('coa_link_date', { mode: 'string' }),
    benefitStartDate: date('benefit_start_date', { mode: 'string' }),
    addressLine: text('address_line'),
    postcode: text('postcode'),
    city: text('city'),
    // REL-IMPORT: a content key of an imported household, so running the same file twice creates nothing new.
    sourceKey: text('source_key'),
    importBatchId: uuid('import_batch_id'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('households_org_reference_unique').on(t.organisationId, t.reference),
    uniqueIndex('households_org_source_key_unique').on(t.organisationId, t.sourceKey).where(sql`${t.sourceKey} is not null`),
    index('households_municipality_idx').on(t.municipalityCode),
    unique('households_id_organisation').on(t.id, t.organisationId),
  ],
);

export const RELATIONS = ['head', 'partner', 'child', 'other'] as const;
export type MemberRelation = (typeof RELATIONS)[number];
export const SEXES = ['f', 'm', 'x', 'u'] as const;
export type Sex = (typeof SEXES)[number];
/** How much of a date of birth is known; an unknown day or month is stored as the 1st. */
export const BIRTH_PRECISIONS = ['day', 'month', 'year'] as const;
export type BirthPrecision = (typeof BIRTH_PRECISIONS)[number];
export const DUTCH_LEVELS = ['none', 'a0', 'a1', 'a2', 'b1', 'b2', 'c1'] as const;
export type DutchLevel = (typeof DUTCH_LEVELS)[number];
/** The VNG target groups (Gemeentelijk Gegevensmodel, Model Inburgering). */
export const TARGET_GROUPS = [
  'asielstatushouder',
  'gezinsvormer',
  'gezinshereniger',
  'geestelijk_bedienaar',
  'gezinsmigrant_met_asielstatushouder',
  'overig',
] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];
export const LEARNING_ROUTES = ['b1', 'onderwijs', 'z'] as const;
export type LearningRoute = (typeof LEARNING_ROUTES)[number];
export const PYRAMID_LAYERS = ['basis', 'laag1', 'laag2', 'laag3'] as const;
export type PyramidLayer = (typeof PYRAMID_LAYERS)[number];

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
    // The name as the person writes it in her own script (Arabic, Tigrinya, …); the Latin form above is the one in documents.
    originalName: text('original_name'),
    birthPrecision: text('birth_precision').$type<BirthPrecision>().notNull().default('day'),
    sex: text('sex').$type<Sex>().notNull().default('u'),
    countryOfOrigin: text('country_of_origin'), // ISO 3166-1 alpha-2
    dutchLevel: text('dutch_level').$type<DutchLevel>(),
    interpreterLanguage: text('interpreter_language'), // null: no interpreter needed
    targetGroup: text('target_group').$type<TargetGroup>(),
    phone: text('phone'),
    email: text('email'),
    statusDate: date('status_date', { mode: 'string' }),
    duoNoticeDate: date('duo_notice_date', { mode: 'string' }),
    pipDate: date('pip_date', { mode: 'string' }),
    learningRoute: text('learning_route').$type<LearningRoute>(),
    pyramidLayer: text('pyramid_layer').$type<PyramidLayer>().notNull().default('basis'),
    // A transliteration-tolerant skeleton of the name (features/households/duplicates.ts) for duplicate detection.
    nameKey: text('name_key').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('household_members_household_idx').on(t.householdId),
    index('household_members_org_birth_idx').on(t.organisationId, t.dateOfBirth),
    check('household_members_relation_check', sql`${t.relation} in ('head','partner','child','other')`),
    check('household_members_sex_check', sql`${t.sex} in ('f','m','x','u')`),
    check('household_members_birth_precision_check', sql`${t.birthPrecision} in ('day','month','year')`),
    check('household_members_dutch_level_check', sql`${t.dutchLevel} in ('none','a0','a1','a2','b1','b2','c1')`),
    check(
      'household_members_target_group_check',
      sql`${t.targetGroup} in ('asielstatushouder','gezinsvormer','gezinshereniger','geestelijk_bedienaar','gezinsmigrant_met_asielstatushouder','overig')`,
    ),
    check('household_members_learning_route_check', sql`${t.learningRoute} in ('b1','onderwijs','z')`),
    check('household_members_pyramid_layer_check', sql`${t.pyramidLayer} in ('basis','laag1','laag2','laag3')`),
    // A member belongs to a household of her own organisation, whatever the application does.
    foreignKey({ name: 'household_members_same_organisation', columns: [t.householdId, t.organisationId], foreignColumns: [households.id, households.organisationId] }).onDelete('cascade'),
  ],
);

// Identity numbers live apart from the member row (AUTH-FIELDS class "identity numbers", AUTH-BSN): no ordinary
// query can select them by accident, and only code paths that check canSeeIdentity() join this table.
export const memberIdentifiers = pgTable(
  'member_identifiers',
  {
    memberId: uuid('member_id').primaryKey().references(() => householdMembers.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    householdId: uuid('household_id').notNull(),
    vNumber: text('v_number'),
    bsn: text('bsn'),
  },
  (t) => [
    index('member_identifiers_household_idx').on(t.householdId),
    check('member_identifiers_bsn_check', sql`${t.bsn} ~ '^[0-9]{9}$'`),
    check('member_identifiers_v_number_check', sql`${t.vNumber} ~ '^[0-9]{10}$'`),
    foreignKey({ name: 'member_identifiers_household_same_organisation', columns: [t.householdId, t.organisationId], foreignColumns: [households.id, households.organisationId] }).onDelete('cascade'),
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
    assignedBy: uuid('assigned_by').references(() => users.id),
    // A warm handover from the previous coach (bulk reassignment); the new coach sees it on the household page.
    handoverNote: text('handover_note'),
  },
  (t) => [
    uniqueIndex('coach_assignments_one_active').on(t.householdId).where(sql`${t.endedAt} is null`),
    index('coach_assignments_coach_idx').on(t.coachId).where(sql`${t.endedAt} is null`),
    // The coach of a dossier or caseload row, active or (closed file) the last one, and the history: by household.
    index('coach_assignments_household_idx').on(t.householdId, t.startedAt),
    foreignKey({ name: 'coach_assignments_household_same_organisation', columns: [t.householdId, t.organisationId], foreignColumns: [households.id, households.organisationId] }).onDelete('cascade'),
    foreignKey({ name: 'coach_assignments_coach_same_organisation', columns: [t.coachId, t.organisationId], foreignColumns: [users.id, users.organisationId] }),
  ],
);
