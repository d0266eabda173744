// The typed list of everything the audit trail records (LOG-READ). Adding a kind here is the only way to log one.
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.mfa_enrolled',
  'auth.mfa_failed',
  'auth.rate_limited',
  'user.created',
  'user.disabled',
  'user.mfa_reset',
  'token.created',
  'token.revoked',
  'household.list',
  'household.search',
  'household.read',
  'household.create',
  'member.create',
  'journal.list',
  'journal.create',
  'access.denied',
  'export.backup',
  'import.restore',
  'seed.demo',
  // worklist and journal attachments (issue 3)
  'worklist.read',
  'digest.create',
  'digest.read',
  'attachment.create',
  'attachment.read',
  // coaches and matching (issue 3)
  'coach.list',
  'coach.waiting_list',
  'coach.profile_read',
  'coach.profile_update',
  'coach.capacity_update',
  'coach.supervisor_update',
  'coach.suggestions',
  'coach.assign',
  'coach.reassign',
  // trajectories, basis op orde and programme settings (issue 3)
  'trajectory.start',
  'trajectory.read',
  'trajectory.close',
  'checklist.read',
  'checklist.create',
  'checklist.update',
  'programme.update',
  // registration, editing and merging households (issue 3)
  'household.update',
  'member.update',
  'household.merge',
  'household.duplicate_warning',
  'import.stage',
  'import.read',
  'import.update',
  'import.commit',
  'import.discard',
  // plans, evaluations and versions (issue 4)
  'plan.list',
  'plan.read',
  'plan.create',
  'plan.domain_update',
  'plan.goal_create',
  'plan.goal_update',
  'plan.action_create',
  'plan.action_update',
  'plan.proposal_create',
  'plan.submit',
  'plan.approve',
  'plan.reject',
  'plan.print',
  'evaluation.list',
  'evaluation.read',
  'evaluation.create',
  'plan_version.list',
  'plan_version.read',
  'plan_version.compare',
  // the pyramid and the inburgering beside the plan (issue 4)
  'pyramid.read',
  'pyramid.update',
  'inburgering.read',
  'inburgering.milestone_create',
  'inburgering.milestone_update',
  'inburgering.milestone_delete',
  'inburgering.pip_goal_create',
  'inburgering.pip_goal_delete',
  // group programmes (issue 5)
  'group_programme.list',
  'group_programme.read',
  'group_programme.create',
  'group_programme.update',
  'group_catalogue.seed',
  'group_edition.list',
  'group_edition.read',
  'group_edition.create',
  'group_edition.update',
  'group_edition.staff_update',
  'group_session.create',
  'group_session.update',
  'group_session.delete',
  'group_enrolment.list',
  'group_enrolment.create',
  'group_enrolment.withdraw',
  'group_enrolment.promote',
  'group_enrolment.read_household',
  'group_attendance.read',
  'group_attendance.record',
  'group_edition.close',
  'group_certificate.issue',
  'group_certificate.download',
  'group_certificate.verify',
  'group_trainer.overview',
  // infopunten (issue 5)
  'infopunt.list',
  'infopunt.read',
  'infopunt.create',
  'infopunt.update',
  'infopunt.staff_update',
  'infopunt_visit.create',
  'infopunt_visit.list',
  'infopunt_visit.household_lookup',
  'infopunt_follow_up.list',
  'infopunt_follow_up.complete',
  'infopunt.statistics',
  'infopunt.statistics_export',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export type AuditResult = 'ok' | 'denied' | 'not_found' | 'failed';

export interface AuditEventInput {
  action: AuditAction;
  result: AuditResult;
  recordType?: string;
  recordId?: string;
  subjectHouseholdId?: string;
  subjectPersonId?: string;
  /** Counts, page numbers, reason codes. Never free text, names or special-category data (LOG-CLEAN). */
  detail?: Record<string, string | number | boolean | null>;
}

/** Who acts, from where, in which request. Filled by the HTTP layer or the CLI. */
export interface AuditContext {
  requestId: string;
  origin: string | null;
  actorUserId: string | null;
  actorRole: string | null;
  organisationId: string | null;
  onBehalfOf?: string | null;
}
