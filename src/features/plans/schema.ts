import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, date } from 'drizzle-orm/pg-core';
import { municipalities, organisations, users } from '../../platform/tenancy/schema.ts';
import { householdMembers, households } from '../households/schema.ts';
import { trajectories } from '../trajectories/schema.ts';

// Plans (DOMAIN.md flow 4, issue 4): a household plan per trajectory and a POP per adult, across life domains,
// with goals in the newcomer's words, actions, self-reliance scores over time, evaluations that freeze versions,
// the pyramid layer and the inburgering milestones beside it.

export const PLAN_KINDS = ['household', 'personal'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
/** draft → (awaiting_approval →) established; a rejected plan goes back to the coach with a reason. */
export const PLAN_STATUSES = ['draft', 'awaiting_approval', 'established', 'rejected'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const GOAL_STATUSES = ['open', 'in_progress', 'reached', 'stopped'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];
/** The VNG Model Inburgering lists a goal can be tagged with (DOMAIN.md). */
export const VNG_KINDS = ['hoofddoel', 'ontwikkelwens', 'aandachtspunt'] as const;
export type VngKind = (typeof VNG_KINDS)[number];
export const ACTION_OWNERS = ['newcomer', 'member', 'coach', 'partner', 'formulierenteam'] as const;
export type ActionOwner = (typeof ACTION_OWNERS)[number];
export const ACTION_STATUSES = ['open', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const SCORE_MIN = 1;
export const SCORE_MAX = 5;
export const MILESTONE_KINDS = ['pvt', 'map', 'knm', 'exam'] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];
export const EXAM_SKILLS = ['lezen', 'luisteren', 'schrijven', 'spreken'] as const;
export type ExamSkill = (typeof EXAM_SKILLS)[number];
export const MILESTONE_RESULTS = ['planned', 'passed', 'failed'] as const;
export type MilestoneResult = (typeof MILESTONE_RESULTS)[number];
export const EXAM_LEVELS = ['a1', 'a2', 'b1', 'b2'] as const;
export type ExamLevel = (typeof EXAM_LEVELS)[number];
export const OFFER_KINDS = ['individual', 'group'] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];

/** The life domains an organisation uses per municipality (default: features/plans/config.ts). */
export const planDomainSettings = pgTable(
  'plan_domain_settings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    municipalityCode: text('municipality_code').notNull().references(() => municipalities.code),
    // A built-in key (label `plan.domain.<key>`) or `eigen-<n>` for a domain the organisation adds with its own label.
    domainKey: text('domain_key').notNull(),
    label: text('label'),
    // New situations and goals in this domain start as sensitive (zorg & welzijn: health, trauma — AUTH-FIELDS).
    sensitiveByDefault: boolean('sensitive_by_default').notNull().default(false),
    position: integer('position').notNull().default(0),
    active: boolean('active').notNull().default(true),
  },
  (t) => [uniqueIndex('plan_domain_settings_unique').on(t.organisationId, t.municipalityCode, t.domainKey)],
);

/** The pyramid's recommended individual topics and group programmes per layer (seed 000), per municipality. */
export const pyramidOffers = pgTable(
  'pyramid_offers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    municipalityCode: text('municipality_code').notNull().references(() => municipalities.code),
    layer: text('layer').notNull(),
    kind: text('kind').$type<OfferKind>().notNull(),
    // A built-in offer (label `pyramid.offer.<key>`, goal suggestion `pyramid.goal.<key>`) or one with its own label.
    offerKey: text('offer_key'),
    label: text('label'),
    domainKey: text('domain_key'),
    position: integer('position').notNull().default(0),
    active: boolean('active').notNull().default(true),
  },
  (t) => [
    index('pyramid_offers_org_municipality_idx').on(t.organisationId, t.municipalityCode),
    check('pyramid_offers_layer_check', sql`${t.layer} in ('basis','laag1','laag2','laag3')`),
    check('pyramid_offers_kind_check', sql`${t.kind} in ('individual','group')`),
    check('pyramid_offers_label_check', sql`${t.offerKey} is not null or ${t.label} is not null`),
  ],
);

export const plans = pgTable(
  'plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    householdId: uuid('household_id').notNull(),
    trajectoryId: uuid('trajectory_id').notNull().references(() => trajectories.id, { onDelete: 'cascade' }),
    // null: the household plan; a member: her POP.
    memberId: uuid('member_id').references(() => householdMembers.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<PlanKind>().notNull(),
    status: text('status').$type<PlanStatus>().notNull().default('draft'),
    // The day the plan was agreed (and approved where required): the POP deadline is met by this date.
    establishedOn: date('established_on', { mode: 'string' }),
    submittedBy: uuid('submitted_by').references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    rejectionReason: text('rejection_reason'),
    // REL-LOCK on the plan as a whole (status, approval); goals, actions and domain entries carry their own.
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('plans_one_household_plan').on(t.trajectoryId).where(sql`${t.memberId} is null`),
    uniqueIndex('plans_one_pop').on(t.trajectoryId, t.memberId).where(sql`${t.memberId} is not null`),
    index('plans_household_idx').on(t.householdId),
    index('plans_awaiting_idx').on(t.organisationId).where(sql`${t.status} = 'awaiting_approval'`),
    check('plans_kind_check', sql`${t.kind} in ('household','personal')`),
    check('plans_kind_member', sql`(${t.kind} = 'household') = (${t.memberId} is null)`),
    check('plans_status_check', sql`${t.status} in ('draft','awaiting_approval','established','rejected')`),
    check('plans_established_has_date', sql`${t.status} <> 'established' or ${t.establishedOn} is not null`),
    check('plans_rejected_has_reason', sql`${t.status} <> 'rejected' or ${t.rejectionReason} is not null`),
    foreignKey({ name: 'plans_household_same_organisation', columns: [t.householdId, t.organisationId], foreignColumns: [households.id, households.organisationId] }).onDelete('cascade'),
  ],
);

/** The situation in one life domain, in a few lines. */
export const planDomainEntries = pgTable(
  'plan_domain_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    householdId: uuid('household_id').notNull(),
    planId: uuid('plan_id').notNull().references(() => plans.id, { onDelete: 'cascade' }),
    domainKey: text('domain_key').notNull(),
    situation: text('situation'),
    // AUTH-FIELDS: a sensitive entry reaches a volunteer only when a professional marks it shared (or she wrote it).
    sensitive: boolean('sensitive').notNull().default(false),
    shared: boolean('shared').notNull().default(false),
    authorId: uuid('author_id').references(() => users.id),
    version: integer('version').notNull().default(1),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('plan_domain_entries_unique').on(t.planId, t.domainKey),
    index('plan_domain_entries_household_idx').on(t.householdId),
    foreignKey({ name: 'plan_domain_entries_household_same_organisation', columns: [t.householdId, t.organisationId], foreignColumns: [households.id, households.organisationId] }).onDelete('cascade'),
  ],
);

/** A self-reliance score (1 acute problems … 5 fully self-reliant) at intake (no evaluation) or at an evaluation. */
export const domainScores = pgTable(
  'domain_scores',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    householdId: uuid('household_id').notNull(),
    planId: uuid('plan_id').notNull().references(() => plans.id, { onDelete: 'cascade' }),
    domainKey: text('domain_key').notNull(),
    score: integer('score').notNull(),
    scoredOn: date('scored_on', { mode: 'string' }).notNull(),
    evaluationId: uuid('evaluation_id').references(() => evaluations.id, { onDelete: 'cascade' }),
    recordedBy: uuid('recorded_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('domain_scores_plan_idx').on(t.planId, t.domainKey, t.scoredOn),
    uniqueIndex('domain_scores_one_intake').on(t.planId, t.domainKey).where(sql`${t.evaluationId} is null`),
    uniqueIndex('domain_scores_one_per_evaluation').on(t.evaluationId, t.domainKey).where(sql`${t.evaluationId} is not null`),
    check('domain_scores_score_check', sql`${t.score} between 1 and 5`),
    foreignKey({ name: 'domain_scores_household_same_organisation', columns: [t.householdId, t.organisationId], foreignColumns: [households.id, households.organisationId] }).onDelete('cascade'),
  ],
);

/** A goal in the newcomer's own words ("Ik …"). */
export const planGoals = pgTable(
  'plan_goals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    householdId: uuid('household_id').notNull(),
    planId: uuid('plan_id').notNull().references(() => plans.id, { onDelete: 'cascade' }),
    domainKey: text('domain_key').notNull(),
    text: text('text').notNull(),
    vngKind: text('vng_kind').$type<VngKind>(),
    vngValue: text('vng_value'),
    status: text('status').$type<GoalStatus>().notNull().default('open'),
    targetDate: date('target_date', { mode: 'string' }),
    sensitive: boolean('sensitive').notNull().default(false),
    shared: boolean('shared').notNull().default(false),
    authorId: uuid('author_id').references(() => users.id),
    // The pyramid offer it was taken over from, if any.
    offerKey: text('offer_key'),
    position: integer('position').notNull().default(0),
    version: integer('version').notNull().default(1),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('plan_goals_plan_idx').on(t.planId),
    index('plan_goals_household_idx').on(t.householdId),
    check('plan_goals_status_check', sql`${t.status} in ('open','in_progress','reached','stopped')`),
    check('plan_goals_vng_kind_check', sql`${t.vngKind} in ('hoofddoel','ontwikkelwens','aandachtspunt')`),
    check('plan_goals_vng_value_needs_kind', sql`${t.vngValue} is null or ${t.vngKind} is not null`),
    foreignKey({ name: 'plan_goals_household_same_organisation', columns: [t.householdId, t.organisationId], foreignColumns: [households.id, households.organisationId] }).onDelete('cascade'),
  ],
);

/** What is done for a goal, by whom, by when. */
export const planActions = pgTable(
  'plan_actions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    householdId: uuid('household_id').notNull(),
    planId: uuid('plan_id').notNull().references(() => plans.id, { onDelete: 'cascade' }),
    goalId: uuid('goal_id').notNull().references(() => planGoals.id, { onDelete: 'cascade' }),
    description: text('description').notNull(),
    owner: text('owner').$type<ActionOwner>().notNull(),
    ownerMemberId: uuid('owner_member_id').references(() => householdMembers.id, { onDelete: 'set null' }),
    ownerPartner: text('owner_partner'),
    dueOn: date('due_on', { mode: 'string' }),
    status: text('status').$type<ActionStatus>().notNull().default('open'),
    doneOn: date('done_on', { mode: 'string' }),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('plan_actions_goal_idx').on(t.goalId),
    // The plan document reads all actions of a plan at once (plan page, print, every version frozen).
    index('plan_actions_plan_idx').on(t.planId),
    index('plan_actions_household_idx').on(t.householdId),
    index('plan_actions_open_due_idx').on(t.organisationId, t.dueOn).where(sql`${t.status} = 'open'`),
    check('plan_actions_owner_check', sql`${t.owner} in ('newcomer','member','coach','partner','formulierenteam')`),
    check('plan_actions_status_check', sql`${t.status} in ('open','done','cancelled')`),
    check('plan_actions_done_has_date', sql`${t.status} <> 'done' or ${t.doneOn} is not null`),
    check('plan_actions_partner_named', sql`${t.owner} <> 'partner' or ${t.ownerPartner} is not null`),
    foreignKey({ name: 'plan_actions_household_same_organisation', columns: [t.householdId, t.organisationId], foreignColumns: [households.id, households.organisationId] }).onDelete('cascade'),
  ],
);

/** A voortgangsgesprek: who was there, what was agreed; scores and progress per goal hang under it. */
export const evaluations = pgTable(
  'evaluations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    householdId: uuid('household_id').notNull(),
    planId: uuid('plan_id').notNull().references(() => plans.id, { onDelete: 'cascade' }),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    presentMemberIds: uuid('present_member_ids').array().notNull().default(sql`'{}'::uuid[]`),
    presentOthers: text('present_others'),
    agreements: text('agreements'),
    // REL-IDEM: a form submitted twice (a retry on a poor connection) records one evaluation.
    submissionKey: text('submission_key'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('evaluations_plan_idx').on(t.planId, t.heldOn),
    index('evaluations_household_idx').on(t.householdId),
    uniqueIndex('evaluations_submission_unique').on(t.planId, t.submissionKey).where(sql`${t.submissionKey} is not null`),
    foreignKey({ name: 'evaluations_household_same_organisation', columns: [t.householdId, t.organisationId], foreignColumns: [households.id, households.organisationId] }).onDelete('cascade'),
  ],
);

export const evaluationGoalProgress = pgTable(
  'evaluation_goal_progress',
  {
    evaluationId: uuid('evaluation_id').notNull().references(() => evaluations.id, { onDelete: 'cascade' }),
    goalId: uuid('goal_id').notNull().references(() => planGoals.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    householdId: uuid('household_id').notNull(),
    statusBefore: text('status_before').$type<GoalStatus>().notNull(),
    statusAfter: text('status_after').$type<GoalStatus>().notNull(),
    note: text('note'),
  },
  (t) => [
    primaryKey({ columns: [t.evaluationId, t.goalId] }),
    index('evaluation_goal_progress_household_idx').on(t.householdId),
    foreignKey({ name: 'evaluation_goal_progress_household_same_organisation', columns: [t.householdId, t.organisationId], foreignColumns: [households.id, households.organisationId] }).onDelete('cascade'),
  ],
);

export const VERSION_REASONS = ['established', 'evaluation'] as const;
export type VersionReason = (typeof VERSION_REASONS)[number];

/** A frozen copy of the plan (features/plans/versions.ts PlanSnapshot), taken when it is established and at each evaluation. */
export const planVersions = pgTable(
  'plan_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    householdId: uuid('household_id').notNull(),
    planId: uuid('plan_id').notNull().references(() => plans.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    reason: text('reason').$type<VersionReason>().notNull(),
    evaluationId: uuid('evaluation_id').references(() => evaluations.id, { onDelete: 'set null' }),
    snapshot: jsonb('snapshot').notNull(),
    frozenBy: uuid('frozen_by').references(() => users.id),
    frozenAt: timestamp('frozen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('plan_versions_number_unique').on(t.planId, t.number),
    index('plan_versions_household_idx').on(t.householdId),
    check('plan_versions_reason_check', sql`${t.reason} in ('established','evaluation')`),
    foreignKey({ name: 'plan_versions_household_same_organisation', columns: [t.householdId, t.organisationId], foreignColumns: [households.id, households.organisationId] }).onDelete('cascade'),
  ],
);

/** Approval and rejection of a plan, kept as history (the plan row holds the latest). */
export const planDecisions = pgTable(
  'plan_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    householdId: uuid('household_id').notNull(),
    planId: uuid('plan_id').notNull().references(() => plans.id, { onDelete: 'cascade' }),
    decision: text('decision').notNull(),
    reason: text('reason'),
    decidedBy: uuid('decided_by').notNull().references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('plan_decisions_plan_idx').on(t.planId, t.decidedAt),
    check('plan_decisions_decision_check', sql`${t.decision} in ('approved','rejected')`),
    check('plan_decisions_rejection_reason', sql`${t.decision} <> 'rejected' or ${t.reason} is not null`),
    foreignKey({ name: 'plan_decisions_household_same_organisation', columns: [t.householdId, t.organisationId], foreignColumns: [households.id, households.organisationId] }).onDelete('cascade'),
  ],
);

/** Each person's pyramid layer over time; household_members.pyramid_layer holds the current one. */
export const pyramidLayerHistory = pgTable(
  'pyramid_layer_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    householdId: uuid('household_id').notNull(),
    memberId: uuid('member_id').notNull().references(() => householdMembers.id, { onDelete: 'cascade' }),
    layer: text('layer').notNull(),
    since: date('since', { mode: 'string' }).notNull(),
    recordedBy: uuid('recorded_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('pyramid_layer_history_member_idx').on(t.memberId, t.since),
    check('pyramid_layer_history_layer_check', sql`${t.layer} in ('basis','laag1','laag2','laag3')`),
    foreignKey({ name: 'pyramid_layer_history_household_same_organisation', columns: [t.householdId, t.organisationId], foreignColumns: [households.id, households.organisationId] }).onDelete('cascade'),
  ],
);

/** A group programme proposed from the plan (the pyramid's group topics); issue 5 turns it into an enrolment. */
export const enrolmentProposals = pgTable(
  'enrolment_proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    householdId: uuid('household_id').notNull(),
    planId: uuid('plan_id').notNull().references(() => plans.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id').references(() => householdMembers.id, { onDelete: 'cascade' }),
    offerKey: text('offer_key'),
    label: text('label'),
    status: text('status').notNull().default('proposed'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('enrolment_proposals_plan_idx').on(t.planId),
    index('enrolment_proposals_household_idx').on(t.householdId),
    check('enrolment_proposals_status_check', sql`${t.status} in ('proposed','enrolled','withdrawn')`),
    check('enrolment_proposals_label_check', sql`${t.offerKey} is not null or ${t.label} is not null`),
    foreignKey({ name: 'enrolment_proposals_household_same_organisation', columns: [t.householdId, t.organisationId], foreignColumns: [households.id, households.organisationId] }).onDelete('cascade'),
  ],
);

/** The PIP's goals as the municipality set them, per person. */
export const pipGoals = pgTable(
  'pip_goals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    householdId: uuid('household_id').notNull(),
    memberId: uuid('member_id').notNull().references(() => householdMembers.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    position: integer('position').notNull().default(0),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('pip_goals_member_idx').on(t.memberId),
    foreignKey({ name: 'pip_goals_household_same_organisation', columns: [t.householdId, t.organisationId], foreignColumns: [households.id, households.organisationId] }).onDelete('cascade'),
  ],
);

/** PVT, MAP, KNM and the exams per skill (Wet inburgering 2021). */
export const inburgeringMilestones = pgTable(
  'inburgering_milestones',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    householdId: uuid('household_id').notNull(),
    memberId: uuid('member_id').notNull().references(() => householdMembers.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<MilestoneKind>().notNull(),
    skill: text('skill').$type<ExamSkill>(),
    level: text('level').$type<ExamLevel>(),
    date: date('date', { mode: 'string' }),
    result: text('result').$type<MilestoneResult>().notNull().default('planned'),
    hours: integer('hours'),
    version: integer('version').notNull().default(1),
    recordedBy: uuid('recorded_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('inburgering_milestones_member_idx').on(t.memberId),
    index('inburgering_milestones_household_idx').on(t.householdId),
    check('inburgering_milestones_kind_check', sql`${t.kind} in ('pvt','map','knm','exam')`),
    check('inburgering_milestones_skill_check', sql`${t.skill} in ('lezen','luisteren','schrijven','spreken')`),
    check('inburgering_milestones_exam_has_skill', sql`(${t.kind} = 'exam') = (${t.skill} is not null)`),
    check('inburgering_milestones_level_check', sql`${t.level} in ('a1','a2','b1','b2')`),
    check('inburgering_milestones_result_check', sql`${t.result} in ('planned','passed','failed')`),
    check('inburgering_milestones_hours_check', sql`${t.hours} between 0 and 2000`),
    foreignKey({ name: 'inburgering_milestones_household_same_organisation', columns: [t.householdId, t.organisationId], foreignColumns: [households.id, households.organisationId] }).onDelete('cascade'),
  ],
);
