// The coaches feature's public entry; other features import only from here.
export { AssignInput, CapacityInput, ProfileInput, ReassignInput, AVAILABILITY_SLOTS, COMMON_LANGUAGES } from './inputs.ts';
export {
  allCoaches, assignmentsOf, canSeeAssignmentHistory, currentProfile, handoverPlan, listCoaches, listWaiting, organisationCapacity, organisationMunicipalities,
  professionals, readProfile, suggestCoaches, vogStatus, VOG_VALID_YEARS,
} from './queries.ts';
export type { AssignmentView, CoachOverview, CoachView, HandoverHousehold, HandoverPlan, HouseholdSuggestions, SuggestionView, VogStatus, WaitingHousehold } from './queries.ts';
export { assignCoach, reassignHouseholds, setCoachCapacity, setSupervisor, updateProfile } from './mutations.ts';
export type { Assigned, Reassigned } from './mutations.ts';
export { languageName, reasonText } from './reasons.ts';
export { rankCoaches, householdFacts, scoreCoach, WEIGHTS } from './matching.ts';
export type { MatchCoach, MatchHousehold, MatchMember, Reason, ReasonCode, Suggestion } from './matching.ts';
