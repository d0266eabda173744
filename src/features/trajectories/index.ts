// Trajectories and "basis op orde": the programme per municipality, the checklist, closing a file.
export { startTrajectories, startTrajectory, loadTrajectory, checklistProgress, readTrajectory, closingContext, closeTrajectory, trajectoryAccess, todayIso } from './trajectories.ts';
export type { TrajectoryView, ChecklistProgress, ReadTrajectory, TrajectoryAccess } from './trajectories.ts';
export { readChecklist, updateChecklistItem, addChecklistItem, groupOf } from './checklist.ts';
export type { ChecklistItemView, ChecklistView, ChecklistGroup } from './checklist.ts';
export { listProgrammes, readProgramme, updateProgramme } from './settings.ts';
export type { MunicipalitySummary, ProgrammeView, TemplateItemView } from './settings.ts';
export { ensureTemplates } from './templates.ts';
export {
  currentPhase, phaseContactDaysSql, defaultPhases, DEFAULT_CHECKLIST, RETENTION_YEARS_AFTER_CLOSE, KNOWN_PHASE_KEYS, MAX_PHASES,
  TRAJECTORY_MONTHS, addDays, addMonths, monthsBetween, ageOn, appliesToAge, validatePhases,
} from './programme.ts';
export { ChecklistUpdateInput, ChecklistItemInput, CloseInput, ProgrammeInput, TemplateItemInput, PhaseInput } from './inputs.ts';
