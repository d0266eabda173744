import { sql } from 'drizzle-orm';
import { boolean, check, date, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { municipalities, organisations, users } from '../../platform/tenancy/schema.ts';
import { householdMembers, households } from '../households/schema.ts';
import { enrolmentProposals } from '../plans/schema.ts';

// Group programmes (DOMAIN.md flow 6, issue 5): a catalogue per organisation and municipality, editions with
// sessions, trainers and interpreters, enrolment with capacity and a waitlist, attendance per session,
// completion from the programme's rule, certificates with a public verification code, and the PVT's signing
// date on the person's inburgering milestones.

/** all: every session attended; percent: at least `completion_percent` of the sessions. */
export const COMPLETION_RULES = ['all', 'percent'] as const;
export type CompletionRule = (typeof COMPLETION_RULES)[number];
/** What a programme counts for in the inburgering (Wet inburgering 2021); null: nothing. */
export const INBURGERING_PARTS = ['pvt', 'knm'] as const;
export type InburgeringPart = (typeof INBURGERING_PARTS)[number];
export const EDITION_STATUSES = ['planned', 'running', 'completed', 'cancelled'] as const;
export type EditionStatus = (typeof EDITION_STATUSES)[number];
/**
 * enrolled → completed | not_completed when the edition is closed; waitlisted → enrolled when a place frees up;
 * withdrawn at any time before the close.
 */
export const ENROLMENT_STATUSES = ['enrolled', 'waitlisted', 'withdrawn', 'completed', 'not_completed'] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];
export const ATTENDANCE_MARKS = ['present', 'absent', 'excused'] as const;
export type AttendanceMark = (typeof ATTENDANCE_MARKS)[number];
export const STAFF_ROLES = ['trainer', 'interpreter'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const groupProgrammes = pgTable(
  'group_programmes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    // null: offered in every municipality the organisation works for.
    municipalityCode: text('municipality_code').references(() => municipalities.code),
    // A built-in programme (a pyramid group topic of seed 000, 'pvt', 'empowerment'); links plan proposals to it.
    offerKey: text('offer_key'),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    layers: text('layers').array().notNull().default(sql`'{}'::text[]`),
    languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
    sessionCount: integer('session_count').notNull(),
    maxParticipants: integer('max_participants').notNull(),
    completionRule: text('completion_rule').$type<CompletionRule>().notNull().default('percent'),
    completionPercent: integer('completion_percent').notNull().default(80),
    certificate: boolean('certificate').notNull().default(false),
    countsFor: text('counts_for').$type<InburgeringPart>(),
    // The minimum of attended hours the inburgering asks for (PVT: 12); null: no minimum.
    minimumHours: integer('minimum_hours'),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('group_programmes_organisation_idx').on(t.organisationId),
    uniqueIndex('group_programmes_offer_unique').on(t.organisationId, sql`coalesce(${t.municipalityCode}, '')`, t.offerKey).where(sql`${t.offerKey} is not null`),
    unique('group_programmes_id_organisation').on(t.id, t.organisationId),
    check('group_programmes_sessions_check', sql`${t.sessionCount} between 1 and 52`),
    check('group_programmes_max_check', sql`${t.maxParticipants} between 1 and 200`),
    check('group_programmes_rule_check', sql`${t.completionRule} in ('all','percent')`),
    check('group_programmes_percent_check', sql`${t.completionPercent} between 1 and 100`),
    check('group_programmes_counts_for_check', sql`${t.countsFor} in ('pvt','knm')`),
    check('group_programmes_hours_check', sql`${t.minimumHours} between 1 and 1000`),
  ],
);

export const groupEditions = pgTable(
  'group_editions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    programmeId: uuid('programme_id').notNull(),
    municipalityCode: text('municipality_code').notNull().references(() => municipalities.code),
    // e.g. "Voorjaar 2027, Vlaardingen"; the programme's name is shown beside it.
    title: text('title').notNull(),
    language: text('language').notNull().default('nl'),
    capacity: integer('capacity').notNull(),
    status: text('status').$type<EditionStatus>().notNull().default('planned'),
    // Interpreters are often external (a tolk by phone or in person): a name and the language, no account.
    interpreters: jsonb('interpreters').$type<{ name: string; language: string }[]>().notNull().default(sql`'[]'::jsonb`),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: uuid('closed_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('group_editions_programme_idx').on(t.programmeId),
    index('group_editions_organisation_idx').on(t.organisationId, t.status),
    unique('group_editions_id_organisation').on(t.id, t.organisationId),
    check('group_editions_capacity_check', sql`${t.capacity} between 1 and 200`),
    check('group_editions_status_check', sql`${t.status} in ('planned','running','completed','cancelled')`),
    foreignKey({ name: 'group_editions_programme_same_organisation', columns: [t.programmeId, t.organisationId], foreignColumns: [groupProgrammes.id, groupProgrammes.organisationId] }),
  ],
);

/** Trainers of an edition (users of the organisation); they take attendance and see the participants. */
export const groupEditionStaff = pgTable(
  'group_edition_staff',
  {
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    editionId: uuid('edition_id').notNull(),
    userId: uuid('user_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.editionId, t.userId] }),
    index('group_edition_staff_user_idx').on(t.userId),
    foreignKey({ name: 'group_edition_staff_edition_same_organisation', columns: [t.editionId, t.organisationId], foreignColumns: [groupEditions.id, groupEditions.organisationId] }).onDelete('cascade'),
    foreignKey({ name: 'group_edition_staff_user_same_organisation', columns: [t.userId, t.organisationId], foreignColumns: [users.id, users.organisationId] }).onDelete('cascade'),
  ],
);

export const groupSessions = pgTable(
  'group_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    editionId: uuid('edition_id').notNull(),
    number: integer('number').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    // Minutes since midnight, local time: the session's hours count towards a minimum (PVT: 12 hours).
    startMinute: integer('start_minute').notNull(),
    endMinute: integer('end_minute').notNull(),
    // Seed 000: sessions meet at different spots in town, to bind people to places.
    place: text('place').notNull(),
    address: text('address').notNull().default(''),
    cancelled: boolean('cancelled').notNull().default(false),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('group_sessions_edition_number').on(t.editionId, t.number),
    index('group_sessions_date_idx').on(t.organisationId, t.date),
    unique('group_sessions_id_organisation').on(t.id, t.organisationId),
    check('group_sessions_minutes_check', sql`${t.startMinute} between 0 and 1439 and ${t.endMinute} between 1 and 1440 and ${t.endMinute} > ${t.startMinute}`),
    foreignKey({ name: 'group_sessions_edition_same_organisation', columns: [t.editionId, t.organisationId], foreignColumns: [groupEditions.id, groupEditions.organisationId] }).onDelete('cascade'),
  ],
);

export const groupEnrolments = pgTable(
  'group_enrolments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    editionId: uuid('edition_id').notNull(),
    householdId: uuid('household_id').notNull(),
    memberId: uuid('member_id').notNull().references(() => householdMembers.id, { onDelete: 'cascade' }),
    // The plan's proposal this enrolment answers, if it came from the plan.
    proposalId: uuid('proposal_id').references(() => enrolmentProposals.id, { onDelete: 'set null' }),
    status: text('status').$type<EnrolmentStatus>().notNull(),
    // The waitlist's order: the moment the person asked for a place (moving up keeps it).
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    enrolledAt: timestamp('enrolled_at', { withTimezone: true }),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    completedOn: date('completed_on', { mode: 'string' }),
    // Hours attended at the close, for the inburgering (PVT at least 12).
    attendedHours: integer('attended_hours'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [
    index('group_enrolments_edition_idx').on(t.editionId, t.status, t.requestedAt),
    index('group_enrolments_household_idx').on(t.householdId),
    index('group_enrolments_member_idx').on(t.memberId),
    // One live enrolment per person per edition; a withdrawn one may be followed by a new one.
    uniqueIndex('group_enrolments_member_edition').on(t.editionId, t.memberId).where(sql`${t.status} <> 'withdrawn'`),
    unique('group_enrolments_id_organisation').on(t.id, t.organisationId),
    check('group_enrolments_status_check', sql`${t.status} in ('enrolled','waitlisted','withdrawn','completed','not_completed')`),
    foreignKey({ name: 'group_enrolments_edition_same_organisation', columns: [t.editionId, t.organisationId], foreignColumns: [groupEditions.id, groupEditions.organisationId] }).onDelete('cascade'),
    foreignKey({ name: 'group_enrolments_household_same_organisation', columns: [t.householdId, t.organisationId], foreignColumns: [households.id, households.organisationId] }).onDelete('cascade'),
  ],
);

export const groupAttendance = pgTable(
  'group_attendance',
  {
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    sessionId: uuid('session_id').notNull(),
    enrolmentId: uuid('enrolment_id').notNull(),
    mark: text('mark').$type<AttendanceMark>().notNull(),
    recordedBy: uuid('recorded_by').notNull().references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One mark per person per session: a retried submission can never count twice.
    primaryKey({ columns: [t.sessionId, t.enrolmentId] }),
    index('group_attendance_enrolment_idx').on(t.enrolmentId),
    check('group_attendance_mark_check', sql`${t.mark} in ('present','absent','excused')`),
    foreignKey({ name: 'group_attendance_session_same_organisation', columns: [t.sessionId, t.organisationId], foreignColumns: [groupSessions.id, groupSessions.organisationId] }).onDelete('cascade'),
    foreignKey({ name: 'group_attendance_enrolment_same_organisation', columns: [t.enrolmentId, t.organisationId], foreignColumns: [groupEnrolments.id, groupEnrolments.organisationId] }).onDelete('cascade'),
  ],
);

/**
 * REL-IDEM for attendance: a submission carries a key; a replay (a retry on a poor connection, a double tap)
 * returns the first result and changes nothing, so a later correction is never overwritten by an old retry.
 */
export const groupAttendanceSubmissions = pgTable(
  'group_attendance_submissions',
  {
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    sessionId: uuid('session_id').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    submittedBy: uuid('submitted_by').notNull().references(() => users.id),
    marks: integer('marks').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.idempotencyKey] }),
    foreignKey({ name: 'group_attendance_submissions_session_same_organisation', columns: [t.sessionId, t.organisationId], foreignColumns: [groupSessions.id, groupSessions.organisationId] }).onDelete('cascade'),
  ],
);

/**
 * A certificate: issued when an enrolment completes an edition of a programme with a certificate. The code is
 * random and long enough not to be guessed; the public check shows only what is printed on it.
 */
export const groupCertificates = pgTable(
  'group_certificates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    enrolmentId: uuid('enrolment_id').notNull(),
    code: text('code').notNull(),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('group_certificates_code_unique').on(t.code),
    uniqueIndex('group_certificates_enrolment_unique').on(t.enrolmentId),
    foreignKey({ name: 'group_certificates_enrolment_same_organisation', columns: [t.enrolmentId, t.organisationId], foreignColumns: [groupEnrolments.id, groupEnrolments.organisationId] }).onDelete('cascade'),
  ],
);
