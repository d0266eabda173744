// The infopunten feature's public entry: other features (the journal, "Mijn werk"), pages, the API and the CLI
// import from here. Statistics live in statistics.ts (built beside this feature) and are imported from there.
export {
  DURATION_CHOICES, FOLLOW_UP_DESCRIPTION_MAX, FOLLOW_UP_OUTCOMES, FollowUpDoneInput, hhmmOf, InfopuntInput, InfopuntUpdateInput, LookupInput,
  minutesOf, needsFollowUp, OpeningHoursInput, PERIODS_PER_DAY, StaffInput, VisitFilterInput, VisitInput,
} from './inputs.ts';
export {
  createInfopunt, hoursView, requireConfigure, listInfopunten, mayReadInfopunten, newInfopuntContext, readInfopunt, setStaff, STAFF_ROLES, updateInfopunt,
} from './infopunten.ts';
export type { InfopuntDetail, InfopuntView, OpeningHoursView, StaffCandidate, StaffView } from './infopunten.ts';
export { DEFAULT_DUE_DAYS, listVisits, logVisit, ownVisitsThisWeek, recordVisit, weekStart } from './visits.ts';
export type { LoggedVisit, OwnVisits, VisitList, VisitView } from './visits.ts';
export { completeFollowUp, handOverFollowUps, listMyFollowUps } from './follow-ups.ts';
export type { FollowUpList, FollowUpView } from './follow-ups.ts';
export { linkedHousehold, LOOKUP_BUDGET, LOOKUP_LIMIT, lookupHousehold, requireFindHousehold, spendLookup } from './lookup.ts';
export type { LookupResult } from './lookup.ts';
export { infopuntAccess } from './access.ts';
export type { InfopuntFacts } from './access.ts';
export {
  FOLLOW_UP_STATUSES, STAFF_KINDS, VISIT_AUTHORITIES, VISIT_OUTCOMES, VISIT_TOPICS,
  type FollowUpStatus, type InfopuntStaffKind, type OpeningPeriod, type VisitAuthority, type VisitOutcome, type VisitTopic, type Weekday,
} from './schema.ts';
