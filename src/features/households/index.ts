// The households feature's public entry; other features import only from here.
export { HouseholdInput, MemberInput } from './inputs.ts';
export { listCaseload, readHousehold, visibleHousehold, auditForbidden, listMembers } from './queries.ts';
export type { CaseloadItem, HouseholdView, MemberView, HouseholdPermissions } from './queries.ts';
export { createHousehold, addMember } from './mutations.ts';
export { householdScope } from './scope.ts';
