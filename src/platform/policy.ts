import { sql, type SQL } from 'drizzle-orm';
import type { OrganisationKind, Role } from './tenancy/schema.ts';

// The one place that says who may do what (AUTH-SCOPE, AUTH-FIELDS). Pure functions: no database, no HTTP.
// Queries express the same scope in SQL (see features/households/scope.ts) and a test holds both to this.

export interface Actor {
  userId: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  /** AUTH-BSN: the organisation has a legal task for citizen service numbers (a municipality, or contracted by one). */
  municipalTask: boolean;
  role: Role;
  /** Municipalities whose residents a regisseur of a municipality may see; empty for everyone else. */
  regieMunicipalityCodes: readonly string[];
  /** Whether this session passed the second factor; roles that need it get nothing without it. */
  mfaPassed: boolean;
}

/** How the actor stands towards one household. Computed in SQL, judged here. */
export interface HouseholdRelation {
  sameOrganisation: boolean;
  /** The actor is the household's active coach. */
  assignedCoach: boolean;
  /** The household's active coach is a volunteer the actor supervises. */
  supervisesCoach: boolean;
  /** The household lives in a municipality for which the actor holds the regie role. */
  regieMunicipality: boolean;
  /** The household's trajectory is closed: the file is read-only and its retention period runs. */
  fileClosed: boolean;
}

/** What changes a file; refused on a closed file, whoever asks. */
const WRITES: ReadonlySet<Action> = new Set([
  'household.update', 'journal.create', 'journal.create_sensitive', 'checklist.update', 'identity.write',
  'plan.write', 'plan.write_sensitive', 'plan.approve', 'inburgering.update', 'group.enrol',
]);

export interface NoteFacts {
  sensitivity: 'normal' | 'sensitive';
  authoredByActor: boolean;
}

export const ACTIONS = [
  'household.list',
  'household.read',
  'household.create',
  'household.update',
  'journal.read',
  'journal.create',
  'journal.create_sensitive',
  'household.merge',
  'trajectory.manage',
  'checklist.update',
  'plan.read',
  'plan.write',
  'plan.write_sensitive',
  'plan.approve',
  'inburgering.read',
  'inburgering.update',
  'identity.read',
  'identity.write',
  'import.manage',
  'coach.manage',
  'coach.profile_own',
  'programme.configure',
  'worklist.read',
  'user.manage',
  'monitor.read',
  'token.manage_own',
  // Group programmes and infopunten (issue 5).
  'group.read',
  'group.configure',
  'group.enrol',
  'group.read_file',
  'infopunt.configure',
  'infopunt.statistics',
  'infopunt.visits_all',
  'infopunt.find_household',
] as const;
export type Action = (typeof ACTIONS)[number];

/** How the actor stands towards one edition of a group programme. */
export interface EditionRelation {
  sameOrganisation: boolean;
  /** The actor is one of the edition's trainers. */
  trainer: boolean;
}
export const EDITION_ACTIONS = ['edition.participants', 'edition.attendance', 'edition.close'] as const;
export type EditionAction = (typeof EDITION_ACTIONS)[number];

/** How the actor stands towards one infopunt. */
export interface InfopuntRelation {
  sameOrganisation: boolean;
  /** The actor works there (staff or formulierenteam). */
  staff: boolean;
}
export const INFOPUNT_ACTIONS = ['infopunt.read', 'infopunt.log'] as const;
export type InfopuntAction = (typeof INFOPUNT_ACTIONS)[number];

/** Roles that can read sensitive sections must pass a second factor (SES-MFA). */
export const MFA_ROLES: ReadonlySet<Role> = new Set(['administrator', 'coordinator', 'professional', 'regisseur']);

export function requiresMfa(role: Role): boolean {
  return MFA_ROLES.has(role);
}

/** The highest sensitivity class a role may receive (AUTH-FIELDS). */
export type SensitivityClass = 'none' | 'basis' | 'sensitive';
const MAX_CLASS: Record<Role, SensitivityClass> = {
  administrator: 'none',
  coordinator: 'sensitive',
  professional: 'sensitive',
  volunteer: 'basis',
  infopunt: 'none',
  trainer: 'none',
  regisseur: 'basis',
  monitor: 'none',
  partner: 'none',
};

export function maxSensitivity(role: Role): SensitivityClass {
  return MAX_CLASS[role];
}

/** Which relation gives a role access to a household dossier at all. */
export function householdVisible(actor: Actor, relation: HouseholdRelation): boolean {
  switch (actor.role) {
    case 'coordinator':
      return relation.sameOrganisation;
    case 'professional':
      return relation.sameOrganisation && (relation.assignedCoach || relation.supervisesCoach);
    case 'volunteer':
      return relation.sameOrganisation && relation.assignedCoach;
    case 'regisseur':
      return actor.organisationKind === 'municipality' && relation.regieMunicipality;
    default:
      return false;
  }
}

function mfaSatisfied(actor: Actor): boolean {
  return !requiresMfa(actor.role) || actor.mfaPassed;
}

/** Actions that need no particular household. */
export function can(actor: Actor, action: Action): boolean;
/** Actions on one household. */
export function can(actor: Actor, action: Action, relation: HouseholdRelation): boolean;
export function can(actor: Actor, action: Action, relation?: HouseholdRelation): boolean {
  if (!mfaSatisfied(actor)) return false;
  switch (action) {
    case 'token.manage_own':
      return true;
    case 'user.manage':
      return actor.role === 'administrator';
    case 'monitor.read':
      return actor.role === 'monitor' || actor.role === 'regisseur';
    case 'household.list':
      return ['coordinator', 'professional', 'volunteer', 'regisseur'].includes(actor.role);
    case 'household.create':
      return (actor.role === 'coordinator' || actor.role === 'professional') && actor.organisationKind === 'welfare';
    case 'household.merge':
    case 'import.manage':
    case 'coach.manage':
      // Registration in bulk, merging records and balancing caseloads are the coordinator's (DOMAIN.md).
      return actor.role === 'coordinator' && actor.organisationKind === 'welfare';
    case 'programme.configure':
      return (actor.role === 'coordinator' || actor.role === 'administrator') && actor.organisationKind === 'welfare';
    case 'coach.profile_own':
      return actor.role === 'volunteer' || actor.role === 'professional';
    case 'worklist.read':
      return ['coordinator', 'professional', 'volunteer'].includes(actor.role);
    case 'group.read':
      // The catalogue and its editions hold no personal data: everyone who guides, trains or informs sees it.
      return ['coordinator', 'professional', 'volunteer', 'trainer', 'infopunt'].includes(actor.role) && actor.organisationKind === 'welfare';
    case 'group.configure':
    case 'infopunt.configure':
    case 'infopunt.visits_all':
      // Running the offer (catalogue, editions, infopunten) and reading every visit is the coordinator's.
      return actor.role === 'coordinator' && actor.organisationKind === 'welfare';
    case 'infopunt.statistics':
    case 'infopunt.find_household':
      return ['coordinator', 'professional', 'infopunt'].includes(actor.role) && actor.organisationKind === 'welfare';
    default:
      break;
  }
  if (relation?.fileClosed && WRITES.has(action)) return false;
  if (action === 'identity.write' || action === 'identity.read') {
    // AUTH-BSN / AUTH-FIELDS: identity numbers only for an organisation with a municipal task, and never for a
    // volunteer; the regisseur reads them for her own residents.
    if (!relation || !householdVisible(actor, relation) || !actor.municipalTask) return false;
    if (actor.role === 'regisseur') return action === 'identity.read';
    return relation.sameOrganisation && (actor.role === 'coordinator' || actor.role === 'professional');
  }
  if (!relation || !householdVisible(actor, relation)) return false;
  switch (action) {
    case 'household.read':
      return true;
    case 'household.update':
    case 'journal.read':
    case 'journal.create':
      // The regisseur sees the legal backbone of her residents, not the welfare organisation's coaching journal.
      return relation.sameOrganisation && actor.role !== 'regisseur';
    case 'journal.create_sensitive':
    case 'checklist.update':
      return relation.sameOrganisation && ['coordinator', 'professional', 'volunteer'].includes(actor.role);
    case 'plan.read':
    case 'plan.write':
    case 'inburgering.update':
    case 'group.enrol':
    case 'group.read_file':
      // The plan is written with the newcomer by her coach; the municipality's regisseur owns the PIP, not this plan.
      return relation.sameOrganisation && ['coordinator', 'professional', 'volunteer'].includes(actor.role);
    case 'plan.write_sensitive':
    case 'plan.approve':
      // Marking what a volunteer may see of health and trauma, and approving a volunteer's plan, is the professional's.
      return relation.sameOrganisation && (actor.role === 'coordinator' || actor.role === 'professional');
    case 'inburgering.read':
      // The legal backbone (PIP, learning route, exams) is shared with the municipality's regisseur.
      return true;
    case 'trajectory.manage':
      // Starting and closing a trajectory is the professional's call; a volunteer asks her supervisor.
      return relation.sameOrganisation && (actor.role === 'coordinator' || actor.role === 'professional');
    default:
      return false;
  }
}

/**
 * Actions on one edition of a group programme. A trainer reaches only the editions she trains, and there only
 * what enrolment needs (names, language, attendance): never the participants' files.
 */
export function canOnEdition(actor: Actor, action: EditionAction, relation: EditionRelation): boolean {
  if (!mfaSatisfied(actor) || !relation.sameOrganisation || actor.organisationKind !== 'welfare') return false;
  if (actor.role === 'coordinator') return true;
  if (!relation.trainer) return false;
  return ['trainer', 'professional', 'volunteer'].includes(actor.role);
}

/** Actions at one infopunt: its staff and formulierenteam log visits there; the coordinator runs them all. */
export function canAtInfopunt(actor: Actor, action: InfopuntAction, relation: InfopuntRelation): boolean {
  if (!mfaSatisfied(actor) || !relation.sameOrganisation || actor.organisationKind !== 'welfare') return false;
  if (actor.role === 'coordinator') return true;
  if (!['infopunt', 'professional', 'volunteer'].includes(actor.role)) return false;
  // Opening hours and the address are public information within the organisation; logging is for who works there.
  return action === 'infopunt.read' || relation.staff;
}

/** Whether one journal note may be shown to the actor, given she may read the journal. */
export function canReadNote(actor: Actor, note: NoteFacts): boolean {
  if (note.sensitivity === 'normal') return true;
  // A volunteer never sees a sensitive note written by someone else, but keeps sight of her own.
  if (maxSensitivity(actor.role) === 'sensitive') return true;
  return note.authoredByActor;
}

/**
 * canReadNote() as a SQL condition on journal_notes (alias `n`), for every query that lists notes or derives
 * anything from them (counts, "last contact"): a hidden note must not show through an aggregate either.
 */
export function noteVisibleSql(actor: Actor): SQL {
  return maxSensitivity(actor.role) === 'sensitive' ? sql`true` : sql`(n.sensitivity = 'normal' or n.author_id = ${actor.userId})`;
}
