import { z } from 'zod';
import { isoDate } from '../../platform/validation.ts';
import { PYRAMID_LAYERS } from '../households/schema.ts';
import { COMPLETION_RULES, INBURGERING_PARTS } from './schema.ts';

// What a coordinator may send to configure the catalogue, an edition, its sessions and trainers. Pages and the
// API parse the same schemas; messages are keys (`validation.*`) shown next to the field they concern.

const version = z.coerce.number().int().min(1);
const language = z.string().trim().toLowerCase().regex(/^[a-z]{2,3}$/, 'validation.invalid_language');
/** An empty form field is "not given". */
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
/** Checkboxes post "1" or nothing; the API sends true/false. Absent stays absent (a PATCH leaves it alone). */
const flag = z.preprocess((v) => (v === undefined ? undefined : v === true || v === '1' || v === 'true' || v === 'on'), z.boolean().optional());
const municipality = z.string().trim().regex(/^GM\d{4}$/, 'validation.invalid_municipality');
/** "HH:MM" from a time input (browsers may add seconds). */
const time = z.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'validation.group_invalid_time');
const text = (max: number) => z.string().trim().min(1).max(max);

/** Minutes since midnight of an "HH:MM" time. */
export function minuteOf(value: string): number {
  const [h, m] = value.split(':');
  return Number(h) * 60 + Number(m);
}

/** "HH:MM" of minutes since midnight (1440 is midnight at the end of the day). */
export function timeOf(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

const programmeFields = {
  name: text(120),
  description: z.preprocess((v) => (v === undefined || v === null ? '' : v), z.string().trim().max(2000)),
  /** Empty: every municipality the organisation works for. */
  municipalityCode: z.preprocess((v) => (v === null ? null : blank(v) ?? null), municipality.nullable()),
  layers: z.array(z.enum(PYRAMID_LAYERS)).min(1, 'validation.required').max(4),
  languages: z.array(language).min(1, 'validation.required').max(12),
  sessionCount: z.coerce.number().int().min(1).max(52),
  maxParticipants: z.coerce.number().int().min(1).max(200),
  completionRule: z.enum(COMPLETION_RULES),
  completionPercent: z.preprocess(blank, z.coerce.number().int().min(1).max(100).optional()),
  certificate: flag,
  countsFor: z.preprocess((v) => (v === null || blank(v) === undefined || v === 'none' ? null : v), z.enum(INBURGERING_PARTS).nullable()),
  minimumHours: z.preprocess((v) => (v === null ? null : blank(v) ?? null), z.coerce.number().int().min(1).max(1000).nullable()),
  active: flag,
};

/** A programme as it will be stored: the checks that span fields. */
export interface ProgrammeFacts {
  countsFor: 'pvt' | 'knm' | null;
  minimumHours: number | null;
}

/** The Wet inburgering asks at least 12 hours for the PVT; a minimum of hours only means something for the inburgering. */
export function programmeFieldErrors(p: ProgrammeFacts): { field: string; message: string }[] {
  if (p.countsFor === 'pvt' && (p.minimumHours === null || p.minimumHours < 12)) return [{ field: 'minimumHours', message: 'validation.group_pvt_hours' }];
  if (p.countsFor === null && p.minimumHours !== null) return [{ field: 'minimumHours', message: 'validation.group_hours_without_part' }];
  return [];
}

export const ProgrammeInput = z.object(programmeFields).superRefine((v, ctx) => {
  for (const e of programmeFieldErrors(v)) ctx.addIssue({ code: 'custom', path: [e.field], message: e.message });
});
export type ProgrammeInput = z.infer<typeof ProgrammeInput>;

/** A change: any of the fields, with the version read (REL-LOCK). Cross-field checks run on the merged result. */
export const ProgrammePatchInput = z.object({
  version,
  ...Object.fromEntries(Object.entries(programmeFields).map(([k, s]) => [k, s.optional()])) as { [K in keyof typeof programmeFields]: z.ZodOptional<(typeof programmeFields)[K]> },
});
export type ProgrammePatchInput = z.infer<typeof ProgrammePatchInput>;

const interpreter = z.object({ name: text(120), language });
export type Interpreter = z.infer<typeof interpreter>;

/** Sessions of a new edition: one per programme session, from a first date, every `everyWeeks` weeks. */
export const EditionInput = z
  .object({
    programmeId: z.string().trim().min(1),
    municipalityCode: municipality,
    title: text(120),
    language,
    /** Empty: the programme's maximum group size. */
    capacity: z.preprocess(blank, z.coerce.number().int().min(1).max(200).optional()),
    firstDate: isoDate,
    everyWeeks: z.preprocess(blank, z.coerce.number().int().min(1).max(4).default(1)),
    startTime: time,
    endTime: time,
    place: text(120),
    address: z.preprocess((v) => (v === undefined || v === null ? '' : v), z.string().trim().max(200)),
    trainerIds: z.array(z.string().trim()).max(10).default([]),
    interpreters: z.array(interpreter).max(6).default([]),
  })
  .superRefine((v, ctx) => {
    if (minuteOf(v.endTime) <= minuteOf(v.startTime)) ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'validation.group_end_after_start' });
  });
export type EditionInput = z.infer<typeof EditionInput>;

/** Statuses a coordinator sets by hand: cancel, or plan again. Running follows from the dates; completed is the close. */
export const SETTABLE_STATUSES = ['planned', 'cancelled'] as const;

export const EditionPatchInput = z.object({
  version,
  title: text(120).optional(),
  municipalityCode: municipality.optional(),
  language: language.optional(),
  capacity: z.coerce.number().int().min(1).max(200).optional(),
  status: z.enum(SETTABLE_STATUSES).optional(),
  interpreters: z.array(interpreter).max(6).optional(),
});
export type EditionPatchInput = z.infer<typeof EditionPatchInput>;

export const SessionPatchInput = z.object({
  version,
  date: isoDate.optional(),
  startTime: time.optional(),
  endTime: time.optional(),
  place: text(120).optional(),
  address: z.string().trim().max(200).optional(),
  cancelled: flag,
});
export type SessionPatchInput = z.infer<typeof SessionPatchInput>;

/** The edition's trainers as a whole (replaces the list); `version` is the edition's, read with the list. */
export const TrainersInput = z.object({
  version,
  userIds: z.array(z.string().trim()).max(10),
});
export type TrainersInput = z.infer<typeof TrainersInput>;

export const CatalogueQuery = z.object({
  municipalityCode: z.preprocess(blank, municipality.optional()),
  status: z.preprocess(blank, z.enum(['planned', 'running', 'completed', 'cancelled']).optional()),
});
