import { z } from 'zod';
import { isoDate, pageQuery } from '../../platform/validation.ts';
import { WEEKDAYS } from '../coaches/schema.ts';
import { STAFF_KINDS, VISIT_AUTHORITIES, VISIT_OUTCOMES, VISIT_TOPICS, type VisitOutcome } from './schema.ts';

// Input of the infopunt pages and API, parsed with parseInput(): errors become message keys next to the field.

const version = z.coerce.number().int().min(1);
/** An empty form field is "not given". */
const blank = (v: unknown) => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v);

/** The outcomes that become a task for someone (a follow-up with a due date and a short description). */
export const FOLLOW_UP_OUTCOMES: readonly VisitOutcome[] = ['follow_up', 'referred_coach', 'referred_partner'];
export const needsFollowUp = (outcome: VisitOutcome): boolean => FOLLOW_UP_OUTCOMES.includes(outcome);

/** The durations offered as chips on the quick log form (the API takes any whole number of minutes). */
export const DURATION_CHOICES = [5, 10, 15, 20, 30, 45, 60] as const;
/** The follow-up's description is a short practical task, never a note about the person. */
export const FOLLOW_UP_DESCRIPTION_MAX = 200;
/** Periods per weekday an infopunt may be open (a morning and an afternoon, and an evening). */
export const PERIODS_PER_DAY = 4;

/** A local time of day, "09:00"; stored as minutes since midnight. */
const time = z.preprocess(blank, z.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'validation.infopunten_time'));

export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

export function hhmmOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

const OpeningPeriodInput = z.object({ day: z.enum(WEEKDAYS), from: time, to: time });

/** Opening hours: per weekday one or more periods; each ends after it starts and none overlaps another that day. */
export const OpeningHoursInput = z.array(OpeningPeriodInput).max(WEEKDAYS.length * PERIODS_PER_DAY).superRefine((periods, ctx) => {
  periods.forEach((p, i) => {
    if (minutesOf(p.to) <= minutesOf(p.from)) ctx.addIssue({ code: 'custom', path: [i, 'to'], message: 'validation.infopunten_hours_order' });
  });
  for (const day of WEEKDAYS) {
    const same = periods.map((p, i) => ({ ...p, i })).filter((p) => p.day === day && minutesOf(p.to) > minutesOf(p.from))
      .sort((a, b) => minutesOf(a.from) - minutesOf(b.from) || a.i - b.i);
    for (let k = 1; k < same.length; k++) {
      if (minutesOf(same[k]!.from) < minutesOf(same[k - 1]!.to)) ctx.addIssue({ code: 'custom', path: [same[k]!.i, 'from'], message: 'validation.infopunten_hours_overlap' });
    }
    if (same.length > PERIODS_PER_DAY) ctx.addIssue({ code: 'custom', path: [same[PERIODS_PER_DAY]!.i, 'from'], message: 'validation.too_big' });
  }
});
export type OpeningHoursInput = z.infer<typeof OpeningHoursInput>;

const infopuntFields = {
  name: z.string().trim().min(1).max(120),
  municipalityCode: z.string().trim().regex(/^GM\d{4}$/, 'validation.invalid_municipality'),
  address: z.preprocess((v) => blank(v) ?? '', z.string().trim().max(200)),
  openingHours: OpeningHoursInput,
  active: z.boolean().default(true),
};

export const InfopuntInput = z.object(infopuntFields);
export type InfopuntInput = z.infer<typeof InfopuntInput>;

/** A change states the version it read (REL-LOCK); fields left out stay as they are. */
export const InfopuntUpdateInput = z.object({
  version,
  name: infopuntFields.name.optional(),
  municipalityCode: infopuntFields.municipalityCode.optional(),
  address: infopuntFields.address.optional(),
  openingHours: OpeningHoursInput.optional(),
  active: z.boolean().optional(),
});
export type InfopuntUpdateInput = z.infer<typeof InfopuntUpdateInput>;

/** Who works at an infopunt, as a whole (replaces the list), at the infopunt's version. */
export const StaffInput = z.object({
  version,
  staff: z.array(z.object({ userId: z.uuid(), kind: z.enum(STAFF_KINDS) })).max(500).superRefine((rows, ctx) => {
    const seen = new Set<string>();
    rows.forEach((r, i) => {
      if (seen.has(r.userId)) ctx.addIssue({ code: 'custom', path: [i, 'userId'], message: 'validation.infopunten_staff_twice' });
      seen.add(r.userId);
    });
  }),
});
export type StaffInput = z.infer<typeof StaffInput>;

/**
 * One walk-in visit, anonymous unless `householdId` links it to a household found with the lookup. A follow-up
 * outcome needs a short practical description; its due date defaults to a week from today.
 */
export const VisitInput = z
  .object({
    topic: z.enum(VISIT_TOPICS),
    authority: z.preprocess(blank, z.enum(VISIT_AUTHORITIES).default('none')),
    language: z.preprocess(blank, z.string().trim().toLowerCase().regex(/^[a-z]{2,3}$/, 'validation.invalid_language').default('nl')),
    withInterpreter: z.boolean().default(false),
    durationMinutes: z.preprocess(blank, z.coerce.number().int().min(1).max(480)),
    outcome: z.preprocess(blank, z.enum(VISIT_OUTCOMES).default('answered')),
    householdId: z.preprocess(blank, z.uuid('validation.infopunten_household_unknown').optional()),
    followUpDueOn: z.preprocess(blank, isoDate.optional()),
    followUpDescription: z.preprocess(blank, z.string().trim().max(FOLLOW_UP_DESCRIPTION_MAX).optional()),
    idempotencyKey: z.preprocess(blank, z.string().trim().min(8).max(100).regex(/^[\w-]+$/).optional()),
  })
  // Checked even when another field is wrong, so the desk shows every error at once.
  .refine((v) => !(needsFollowUp(v.outcome) && !v.followUpDescription), { path: ['followUpDescription'], message: 'validation.infopunten_follow_up_description', when: () => true });
export type VisitInput = z.infer<typeof VisitInput>;

/** Find a known household: by its reference, or by family name and date of birth; exact matches only. */
export const LookupInput = z
  .object({
    reference: z.preprocess(blank, z.string().trim().max(40).optional()),
    familyName: z.preprocess(blank, z.string().trim().max(100).optional()),
    dateOfBirth: z.preprocess(blank, isoDate.optional()),
  })
  .superRefine((v, ctx) => {
    if (v.reference) return;
    if (!v.familyName && !v.dateOfBirth) ctx.addIssue({ code: 'custom', path: ['reference'], message: 'validation.infopunten_lookup_needs' });
    else if (!v.familyName) ctx.addIssue({ code: 'custom', path: ['familyName'], message: 'validation.infopunten_lookup_name_birth' });
    else if (!v.dateOfBirth) ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: 'validation.infopunten_lookup_name_birth' });
  });
export type LookupInput = z.infer<typeof LookupInput>;

export const FollowUpDoneInput = z.object({ version });
export type FollowUpDoneInput = z.infer<typeof FollowUpDoneInput>;

/** Filters of a visit list: one infopunt, a period, a page. */
export const VisitFilterInput = z
  .object({
    infopuntId: z.preprocess(blank, z.uuid('validation.invalid_choice').optional()),
    from: z.preprocess(blank, isoDate.optional()),
    to: z.preprocess(blank, isoDate.optional()),
  })
  .extend(pageQuery.shape)
  .superRefine((v, ctx) => {
    if (v.from && v.to && v.to < v.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'validation.infopunten_period_order' });
  });
export type VisitFilterInput = z.infer<typeof VisitFilterInput>;
