// The households feature's public entry; other features import only from here.
export { HouseholdInput, MemberInput, HouseholdUpdateInput, MemberUpdateInput, MergeInput } from './inputs.ts';
export { listCaseload, readHousehold, visibleHousehold, auditForbidden, listMembers, loadHousehold, identityRows } from './queries.ts';
export type { CaseloadItem, HouseholdView, MemberView, HouseholdPermissions, DeadlineView } from './queries.ts';
export { createHousehold, addMember, editHousehold, updateHousehold, updateMember, insertMember, canWriteIdentityAtCreation } from './mutations.ts';
export type { DuplicateWarning, CreateOutcome, HouseholdEdit } from './mutations.ts';
export { mergeHouseholds, previewMerge, pairMembers } from './merge.ts';
export type { MergePreview } from './merge.ts';
export { findProbableDuplicates, nameKey, nameSkeleton, probableDuplicate, birthDatesAgree } from './duplicates.ts';
export type { PersonFacts, DuplicateHit } from './duplicates.ts';
export { isValidBsn, isValidVNumber, maskBsn, maskVNumber, maskIdentity, normaliseNumber } from './identity.ts';
export {
  addDays, addMonths, pipDue, integrationTermEnds, ontzorgenEnds, keysTarget, popDue, pipDueSql, integrationTermEndsSql, ontzorgenEndsSql,
  memberDeadlines, householdDeadlines, PIP_WEEKS_AFTER_NOTICE, INTEGRATION_TERM_YEARS, ONTZORGEN_MONTHS,
  DEFAULT_POP_WITHIN_WEEKS, isPopAdult, isPopAdultSql, popDeadlineState, popDueSql, popMetOnAggregateSql,
} from './deadlines.ts';
export type { Deadline, DeadlineKind, LocalTargets, MemberDeadlineFacts, HouseholdDeadlineFacts } from './deadlines.ts';
export { COUNTRY_CODES, COMMON_ORIGINS, COMMON_LANGUAGES, isCountryCode, languageName, regionName } from './countries.ts';
export { FILE_CLOSED, householdScope } from './scope.ts';
