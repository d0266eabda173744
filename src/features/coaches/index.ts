// The coaches feature's public entry; other features import only from here.
export { AssignInput, CapacityInput, OwnProfileInput, ProfileInput, ReassignInput, AVAILABILITY_SLOTS, COMMON_LANGUAGES, COORDINATOR_FIELDS } from './inputs.ts';
export {
  allCoaches, assignmentsOf, canSeeAssignmentHistory, currentProfile, handoverPlan, listCoaches, listWaiting, organisationCapacity, organisationMunicipalities,
  professionals, readProfile, suggestCoaches, vogStatus, VOG_VALID_YEARS,
} from './queries.ts';
export type { AssignmentView, CoachOverview, CoachView, HandoverHousehold, HandoverPlan, HouseholdSuggestions, SuggestionView, VogStatus, WaitingHousehold } from './queries.ts';
export { assignCoach, reassignHouseholds, saveProfile, setCoachCapacity, setSupervisor, updateProfile } from './mutations.ts';
export type { Assigned, Reassigned } from './mutations.ts';
export { languageName, reasonText } from './reasons.ts';
export { rankCoaches, householdFacts, scoreCoach, WEIGHTS } from './matching.ts';
export type { MatchCoach, MatchHousehold, MatchMember, Reason, ReasonCode, Suggestion } from './matching.ts';
