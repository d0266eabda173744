// The group programmes feature's public surface (issue 5): what pages, the API and other features use.
export { editionAccess } from './access.ts';
export type { EditionFacts } from './access.ts';
export {
  builtInDescriptionKey, builtInNameKey, builtInText, configureAccess, createProgramme, defaultProgrammes, ensureCatalogue, listProgrammes, loadProgramme,
  organisationMunicipalities, programmeText, readProgramme, seedDefaultCatalogue, updateProgramme,
} from './catalogue.ts';
export type { DefaultProgramme, ProgrammeView } from './catalogue.ts';
export {
  createEdition, displayStatus, editionForChange, eligibleTrainers, generateSchedule, lastHeldSession, listEditions, listMyEditions, listSessions, nextSession, readEdition,
  readSession, scheduleDates, scheduledHours, setTrainers, todayIso, updateEdition, updateSession,
} from './editions.ts';
export type { EditionSummary, EditionView, PlannedSession, ProgrammeText, SessionView, TrainerView } from './editions.ts';
export {
  CatalogueQuery, EditionInput, EditionPatchInput, minuteOf, ProgrammeInput, ProgrammePatchInput, SessionPatchInput, SETTABLE_STATUSES, timeOf,
  TrainersInput,
} from './inputs.ts';
export type { Interpreter } from './inputs.ts';
export { fillFromWaitlist, releaseForClosedTrajectory } from './enrolments.ts';
