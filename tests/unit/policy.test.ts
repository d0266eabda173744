import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACTIONS, EDITION_ACTIONS, INFOPUNT_ACTIONS, can, canAtInfopunt, canOnEdition, canReadNote, type Action, type Actor, type EditionAction,
  type EditionRelation, type HouseholdRelation, type InfopuntAction, type InfopuntRelation,
} from '../../src/platform/policy.ts';
import { ROLES, type Role } from '../../src/platform/tenancy/schema.ts';

// The role × relation × action matrix (AUTH-SCOPE), written out by hand as the oracle the policy must match.
const RELATIONS: Record<string, HouseholdRelation> = {
  otherOrganisation: { sameOrganisation: false, assignedCoach: false, supervisesCoach: false, regieMunicipality: false, fileClosed: false },
  otherOrganisationInRegieMunicipality: { sameOrganisation: false, assignedCoach: false, supervisesCoach: false, regieMunicipality: true, fileClosed: false },
  sameOrganisation: { sameOrganisation: true, assignedCoach: false, supervisesCoach: false, regieMunicipality: false, fileClosed: false },
  assignedCoach: { sameOrganisation: true, assignedCoach: true, supervisesCoach: false, regieMunicipality: false, fileClosed: false },
  supervisesCoach: { sameOrganisation: true, assignedCoach: false, supervisesCoach: true, regieMunicipality: false, fileClosed: false },
};

const HOUSEHOLD_ACTIONS: Action[] = [
  'household.read', 'household.update', 'journal.read', 'journal.create', 'journal.create_sensitive',
  'trajectory.manage', 'checklist.update', 'identity.read', 'identity.write',
  'plan.read', 'plan.write', 'plan.write_sensitive', 'plan.approve', 'inburgering.read', 'inburgering.update',
  'group.enrol', 'group.read_file',
];
// The actors of this matrix work for organisations with a municipal task, so identity numbers are in play.
const FULL = new Set(HOUSEHOLD_ACTIONS);
const COACH = new Set<Action>([
  'household.read', 'household.update', 'journal.read', 'journal.create', 'journal.create_sensitive', 'checklist.update',
  'plan.read', 'plan.write', 'inburgering.read', 'inburgering.update', 'group.enrol', 'group.read_file',
]);
const ORACLE: Record<Role, Record<string, Set<Action>>> = {
  coordinator: { sameOrganisation: FULL, assignedCoach: FULL, supervisesCoach: FULL },
  professional: { assignedCoach: FULL, supervisesCoach: FULL },
  volunteer: { assignedCoach: COACH },
  regisseur: { otherOrganisationInRegieMunicipality: new Set(['household.read', 'identity.read', 'inburgering.read']) },
  administrator: {}, infopunt: {}, trainer: {}, monitor: {}, partner: {},
};

const GLOBAL_ORACLE: Record<Role, Action[]> = {
  administrator: ['user.manage', 'programme.configure', 'token.manage_own'],
  coordinator: [
    'household.list', 'household.create', 'household.merge', 'import.manage', 'coach.manage', 'programme.configure', 'worklist.read', 'token.manage_own',
    'group.read', 'group.configure', 'infopunt.configure', 'infopunt.statistics', 'infopunt.visits_all', 'infopunt.find_household',
  ],
  professional: ['household.list', 'household.create', 'coach.profile_own', 'worklist.read', 'token.manage_own', 'group.read', 'infopunt.statistics', 'infopunt.find_household'],
  volunteer: ['household.list', 'coach.profile_own', 'worklist.read', 'token.manage_own', 'group.read'],
  regisseur: ['household.list', 'monitor.read', 'token.manage_own'],
  monitor: ['monitor.read', 'token.manage_own'],
  infopunt: ['token.manage_own', 'group.read', 'infopunt.statistics', 'infopunt.find_household'],
  trainer: ['token.manage_own', 'group.read'],
  partner: ['token.manage_own'],
};

function actor(role: Role, mfaPassed = true): Actor {
  const organisationKind = role === 'regisseur' || role === 'monitor' ? 'municipality' : role === 'partner' ? 'partner' : 'welfare';
  return { userId: 'u', organisationId: 'o', organisationKind, municipalTask: true, role, regieMunicipalityCodes: role === 'regisseur' ? ['GM0622'] : [], mfaPassed };
}

for (const role of ROLES) {
  for (const [relationName, relation] of Object.entries(RELATIONS)) {
    for (const action of HOUSEHOLD_ACTIONS) {
      const expected = ORACLE[role][relationName]?.has(action) ?? false;
      test(`a ${role} ${expected ? 'may' : 'may not'} ${action} on a household where the relation is ${relationName}`, () => {
        assert.equal(can(actor(role), action, relation), expected);
      });
    }
  }
  test(`a ${role} may do exactly ${GLOBAL_ORACLE[role].join(', ')} without a household`, () => {
    const allowed = ACTIONS.filter((a) => !HOUSEHOLD_ACTIONS.includes(a) && can(actor(role), a));
    assert.deepEqual(allowed.sort(), [...GLOBAL_ORACLE[role]].sort());
  });
}

test('a coordinator who has not passed the second factor may do nothing at all (SES-MFA)', () => {
  for (const action of ACTIONS) assert.equal(can(actor('coordinator', false), action, RELATIONS.sameOrganisation!), false);
});

test('a volunteer needs no second factor: she never receives sensitive sections of others', () => {
  assert.equal(can(actor('volunteer', false), 'household.read', RELATIONS.assignedCoach!), true);
});

test('a volunteer cannot read a sensitive note written by someone else, but can read her own', () => {
  assert.equal(canReadNote(actor('volunteer'), { sensitivity: 'sensitive', authoredByActor: false }), false);
  assert.equal(canReadNote(actor('volunteer'), { sensitivity: 'sensitive', authoredByActor: true }), true);
  assert.equal(canReadNote(actor('volunteer'), { sensitivity: 'normal', authoredByActor: false }), true);
});

test('a professional reads sensitive notes of the households she may see', () => {
  assert.equal(canReadNote(actor('professional'), { sensitivity: 'sensitive', authoredByActor: false }), true);
});

test('a regisseur of a municipality sees her residents but not the welfare organisation\'s journal', () => {
  assert.equal(can(actor('regisseur'), 'household.read', RELATIONS.otherOrganisationInRegieMunicipality!), true);
  assert.equal(can(actor('regisseur'), 'journal.read', RELATIONS.otherOrganisationInRegieMunicipality!), false);
});

test('a regisseur of a welfare organisation (misconfigured) sees nothing through the regie relation', () => {
  const a = { ...actor('regisseur'), organisationKind: 'welfare' as const };
  assert.equal(can(a, 'household.read', RELATIONS.otherOrganisationInRegieMunicipality!), false);
});

test('an organisation without a municipal task never handles identity numbers (AUTH-BSN)', () => {
  for (const role of ['coordinator', 'professional'] as const) {
    const a = { ...actor(role), municipalTask: false };
    assert.equal(can(a, 'identity.read', RELATIONS.assignedCoach!), false);
    assert.equal(can(a, 'identity.write', RELATIONS.assignedCoach!), false);
    assert.equal(can(a, 'household.read', RELATIONS.assignedCoach!), true);
  }
});

test('a closed file is read-only for everyone, but stays readable (closing a trajectory)', () => {
  const closed = { ...RELATIONS.assignedCoach!, fileClosed: true };
  for (const role of ['coordinator', 'professional', 'volunteer'] as const) {
    assert.equal(can(actor(role), 'household.read', closed), true);
    for (const action of ['household.update', 'journal.create', 'checklist.update', 'identity.write', 'plan.write', 'plan.write_sensitive', 'plan.approve', 'inburgering.update', 'group.enrol'] as const) assert.equal(can(actor(role), action, closed), false, `${role} ${action}`);
  }
});

// Editions of a group programme (issue 5): the coordinator runs all of her organisation's; a trainer (or a coach
// who trains) only the editions she is a trainer of; nobody reaches another organisation's.
const EDITION_RELATIONS: Record<string, EditionRelation> = {
  otherOrganisation: { sameOrganisation: false, trainer: false },
  otherOrganisationTrainer: { sameOrganisation: false, trainer: true },
  sameOrganisation: { sameOrganisation: true, trainer: false },
  trainer: { sameOrganisation: true, trainer: true },
};
const ALL_EDITION = new Set<EditionAction>(EDITION_ACTIONS);
const EDITION_ORACLE: Record<Role, Record<string, Set<EditionAction>>> = {
  coordinator: { sameOrganisation: ALL_EDITION, trainer: ALL_EDITION },
  trainer: { trainer: ALL_EDITION },
  professional: { trainer: ALL_EDITION },
  volunteer: { trainer: ALL_EDITION },
  administrator: {}, infopunt: {}, regisseur: {}, monitor: {}, partner: {},
};
// Infopunten: who works there logs visits; colleagues of the organisation who may log elsewhere read the
// infopunt's address and hours; the coordinator runs them all.
const INFOPUNT_RELATIONS: Record<string, InfopuntRelation> = {
  otherOrganisation: { sameOrganisation: false, staff: false },
  otherOrganisationStaff: { sameOrganisation: false, staff: true },
  sameOrganisation: { sameOrganisation: true, staff: false },
  staff: { sameOrganisation: true, staff: true },
};
const ALL_INFOPUNT = new Set<InfopuntAction>(INFOPUNT_ACTIONS);
const READ_INFOPUNT = new Set<InfopuntAction>(['infopunt.read']);
const INFOPUNT_ORACLE: Record<Role, Record<string, Set<InfopuntAction>>> = {
  coordinator: { sameOrganisation: ALL_INFOPUNT, staff: ALL_INFOPUNT },
  infopunt: { sameOrganisation: READ_INFOPUNT, staff: ALL_INFOPUNT },
  professional: { sameOrganisation: READ_INFOPUNT, staff: ALL_INFOPUNT },
  volunteer: { sameOrganisation: READ_INFOPUNT, staff: ALL_INFOPUNT },
  administrator: {}, trainer: {}, regisseur: {}, monitor: {}, partner: {},
};

for (const role of ROLES) {
  for (const [relationName, relation] of Object.entries(EDITION_RELATIONS)) {
    for (const action of EDITION_ACTIONS) {
      const expected = EDITION_ORACLE[role][relationName]?.has(action) ?? false;
      test(`a ${role} ${expected ? 'may' : 'may not'} ${action} on an edition where the relation is ${relationName}`, () => {
        assert.equal(canOnEdition(actor(role), action, relation), expected);
      });
    }
  }
  for (const [relationName, relation] of Object.entries(INFOPUNT_RELATIONS)) {
    for (const action of INFOPUNT_ACTIONS) {
      const expected = INFOPUNT_ORACLE[role][relationName]?.has(action) ?? false;
      test(`a ${role} ${expected ? 'may' : 'may not'} ${action} at an infopunt where the relation is ${relationName}`, () => {
        assert.equal(canAtInfopunt(actor(role), action, relation), expected);
      });
    }
  }
}

test('a coordinator without the second factor reaches no edition and no infopunt (SES-MFA)', () => {
  for (const action of EDITION_ACTIONS) assert.equal(canOnEdition(actor('coordinator', false), action, EDITION_RELATIONS.trainer!), false);
  for (const action of INFOPUNT_ACTIONS) assert.equal(canAtInfopunt(actor('coordinator', false), action, INFOPUNT_RELATIONS.staff!), false);
});
