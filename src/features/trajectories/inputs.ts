import { z } from 'zod';
import { isoDate } from '../../platform/validation.ts';
import { CHECKLIST_APPLIES_TO, CHECKLIST_OWNERS, CHECKLIST_SCOPES, CLOSE_REASONS } from './schema.ts';
import { todayIso } from '../../platform/dates.ts';

const version = z.coerce.number().int().min(1);
const today = todayIso;
const notFuture = isoDate.refine((d) => d <= today(), 'validation.date_in_future');
/** An empty form field is "not given". */
const optionalText = (max: number) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(max).optional());

/** Tick an item off, mark it not applicable (a reason is required) or open it again; `version` is the one read (REL-LOCK). */
export const ChecklistUpdateInput = z.discriminatedUnion('status', [
  z.object({ status: z.literal('done'), version, doneOn: notFuture, note: optionalText(500) }),
  z.object({ status: z.literal('not_applicable'), version, reason: z.string().trim().min(1).max(500) }),
  z.object({ status: z.literal('open'), version }),
]);
export type ChecklistUpdateInput = z.infer<typeof ChecklistUpdateInput>;

export const ChecklistItemInput = z.object({
  label: z.string().trim().min(1).max(120),
  dueOn: isoDate,
  owner: z.enum(CHECKLIST_OWNERS),
  memberId: z.preprocess((v) => (v === '' ? undefined : v), z.uuid().optional()),
});
export type ChecklistItemInput = z.infer<typeof ChecklistItemInput>;

export const CloseInput = z
  .object({
    version,
    closedOn: notFuture,
    reason: z.enum(CLOSE_REASONS),
    movedToMunicipalityCode: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^GM\d{4}$/, 'validation.invalid_municipality').optional()),
    evaluation: z.string().trim().min(1).max(10_000),
    handoverNote: optionalText(5_000),
  })
  .superRefine((v, ctx) => {
    // Moved: where to is required (the new municipality takes over, DOMAIN.md flow 11).
    if (v.reason === 'moved' && !v.movedToMunicipalityCode) ctx.addIssue({ code: 'custom', path: ['movedToMunicipalityCode'], message: 'validation.required' });
  });
export type CloseInput = z.infer<typeof CloseInput>;

export const PhaseInput = z.object({
  key: z.string().trim().min(1).max(40),
  untilMonth: z.coerce.number().int().min(1).max(18),
  contactEveryDays: z.coerce.number().int().min(1).max(365),
  /** An evaluation talk every this many weeks; absent (an empty field) means the default per phase (plans/config.ts). */
  evaluationEveryWeeks: z.preprocess((v) => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v), z.coerce.number().int().min(1).max(52).optional()),
});

export const TemplateItemInput = z.object({
  /** Absent for a new item. */
  id: z.uuid().optional(),
  /** Only for an item the organisation added itself; built-in items keep their translated label. */
  label: optionalText(120),
  dueDays: z.coerce.number().int().min(0).max(730),
  owner: z.enum(CHECKLIST_OWNERS),
  scope: z.enum(CHECKLIST_SCOPES),
  appliesTo: z.enum(CHECKLIST_APPLIES_TO),
  active: z.coerce.boolean(),
});
export type TemplateItemInput = z.infer<typeof TemplateItemInput>;

/** A municipality's programme and checklist template, saved as one (its version guards both, REL-LOCK). */
export const ProgrammeInput = z.object({
  version,
  trajectoryMonths: z.coerce.number().int().refine((m) => m === 12 || m === 18, 'validation.invalid_choice'),
  phases: z.array(PhaseInput).max(5),
  keysWithinWeeks: z.coerce.number().int().min(1).max(104),
  popWithinWeeks: z.coerce.number().int().min(1).max(52),
  items: z.array(TemplateItemInput).max(100).optional(),
});
export type ProgrammeInput = z.infer<typeof ProgrammeInput>;
