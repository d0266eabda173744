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
