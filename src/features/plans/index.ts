// Plans (issue 4): the household plan and the POPs, their goals and actions, and their approval.
export {
  PLAN_AUDIT, adultSql, ensurePlans, planSummaries, listPlans, readPlan, writablePlan, planMembers, suggestionsFor, planOpenFor, todayIso,
} from './plans.ts';
export type { PlanSummary, PlanOverview, PlanView, PlanMember, PlanPermissions, PlanDecision, LayerSuggestions, OfferView } from './plans.ts';
export { saveDomain, addGoal, updateGoal, addAction, updateAction, proposeEnrolment, loadGoal } from './goals.ts';
export type { EditOptions, Saved, DomainView } from './goals.ts';
export { submitPlan, approvePlan, rejectPlan, listAwaitingApproval, decidablePlan } from './approval.ts';
export type { PlanState, AwaitingPlan } from './approval.ts';
export { threeWayMerge, isMergeConflict, same } from './merge.ts';
export type { Fields, FieldValue, MergeConflict, MergeResult } from './merge.ts';
export {
  DomainInput, GoalInput, GoalPatch, ActionInput, ActionPatch, ProposalInput, PlanVersionInput, RejectInput, vngIssue, ownerIssue,
  GOAL_TEXT_MAX, SITUATION_MAX, ACTION_TEXT_MAX,
} from './inputs.ts';
export { planAccess, resolvePlan, partVisible, partVisibleSql, planWritable, isUuid } from './access.ts';
export type { PlanAccess, PlanFacts } from './access.ts';
export { loadPlanDocument, filterForActor, trendOf } from './document.ts';
export type { PlanDocument, PlanGoal, PlanAction, PlanDomain, DomainEntry, ScorePoint, EnrolmentProposal } from './document.ts';
export { loadPlanConfig, VNG_HOOFDDOELEN, VNG_AANDACHTSPUNTEN, DEFAULT_PYRAMID } from './config.ts';
export type { PlanConfig, PyramidOffer, DomainSetting } from './config.ts';
// When the next evaluation talk is due (features/plans/schedule.ts, the evaluations' helper): for other features.
export { EVALUATION_SOON_DAYS, nextEvaluation, planEvaluationDueSql } from './schedule.ts';
export type { NextEvaluation } from './schedule.ts';
