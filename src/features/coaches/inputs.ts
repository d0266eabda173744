import { z } from 'zod';
import { isoDate } from '../../platform/validation.ts';
import { COACH_PREFERENCES, DAYPARTS, WEEKDAYS } from './schema.ts';
import { todayIso } from '../../platform/dates.ts';

/** Parts of the week as stored in coach_profiles.availability: mon_morning … sun_evening. */
export const AVAILABILITY_SLOTS = WEEKDAYS.flatMap((d) => DAYPARTS.map((p) => `${d}_${p}`)) as [string, ...string[]];

/** Languages a coordinator ticks most often (DOMAIN.md: the main countries of origin), in this order. */
export const COMMON_LANGUAGES = ['ar', 'ti', 'fa', 'prs', 'ps', 'so', 'ku', 'tr', 'en', 'fr', 'nl'] as const;

const language = z.string().trim().toLowerCase().regex(/^[a-z]{2,3}$/, 'validation.invalid_language');
const uuid = z.string().trim().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'validation.unknown_coach');
const unique = <T>(values: T[]) => [...new Set(values)];

export const ProfileInput = z.object({
  /** REL-LOCK: the version the form or client read; 0 when the coach had no profile yet. */
  version: z.coerce.number().int().min(0),
  languages: z.array(language).max(20).default([]).transform(unique),
  municipalityCodes: z.array(z.string().trim().regex(/^GM\d{4}$/, 'validation.invalid_municipality')).max(50).default([]).transform(unique),
  postcodeAreas: z.array(z.string().trim().regex(/^\d{4}$/, 'validation.invalid_format')).max(50).default([]).transform(unique),
  availability: z.array(z.enum(AVAILABILITY_SLOTS)).default([]).transform(unique),
  preferences: z.array(z.enum(COACH_PREFERENCES)).default([]).transform(unique),
  vogDate: z.preprocess((v) => (v === '' ? null : v), isoDate.refine((d) => d <= todayIso(), 'validation.date_in_future').nullable()).default(null),
  trainings: z.array(z.string().trim().min(1).max(120)).max(30).default([]).transform(unique),
  /** Empty: the organisation's coach capacity. 0: takes no new households. */
  maxLoad: z.preprocess((v) => (v === '' ? null : v), z.coerce.number().int().min(0).max(50).nullable()).default(null),
  note: z.preprocess((v) => (v === '' ? null : v), z.string().trim().max(2000).nullable()).default(null),
  /** Only the coordinator sets a volunteer's supervising professional; ignored for a coach's own profile. */
  supervisorId: uuid.optional(),
});
export type ProfileInput = z.infer<typeof ProfileInput>;

/**
 * A coach's own profile. The VOG date, trainings and maximum are the coordinator's to record: here they are
 * optional and without a default, so a client that sends back what it read (same values) is fine, and
 * updateProfile refuses (403) any other value. The supervisor is not hers to set and is dropped.
 */
export const OwnProfileInput = ProfileInput.omit({ supervisorId: true }).extend({
  vogDate: z.preprocess((v) => (v === '' ? null : v), isoDate.nullable()).optional(),
  trainings: z.array(z.string().trim().min(1).max(120)).max(30).transform(unique).optional(),
  maxLoad: z.preprocess((v) => (v === '' ? null : v), z.coerce.number().int().min(0).max(50).nullable()).optional(),
});
export type OwnProfileInput = z.infer<typeof OwnProfileInput>;

/** The fields only the coordinator sets on a profile. */
export const COORDINATOR_FIELDS = ['vogDate', 'trainings', 'maxLoad'] as const;

export const CapacityInput = z.object({ coachCapacity: z.coerce.number().int().min(1).max(50) });
export type CapacityInput = z.infer<typeof CapacityInput>;

export const AssignInput = z.object({
  coachId: uuid,
  /** Assigning beyond a coach's maximum is allowed only when the coordinator says so explicitly. */
  allowOverCapacity: z.boolean().default(false),
});
export type AssignInput = z.infer<typeof AssignInput>;

export const ReassignInput = z.object({
  /** The warm handover, stored on every new assignment; the new coach reads it on the dossier. */
  handoverNote: z.string().trim().min(1).max(4000),
  assignments: z.array(z.object({ householdId: uuid, coachId: uuid.nullable() })).min(1).max(500),
  allowOverCapacity: z.boolean().default(false),
  /** Set the leaving coach's maximum to 0 so she gets no new households. */
  stopTakingHouseholds: z.boolean().default(false),
});
export type ReassignInput = z.infer<typeof ReassignInput>;
