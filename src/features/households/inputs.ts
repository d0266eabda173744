import { z } from 'zod';
import { isoDate } from '../../platform/validation.ts';
import { RELATIONS } from './schema.ts';

const language = z.string().trim().regex(/^[a-z]{2,3}$/, 'validation.invalid_language');

export const MemberInput = z.object({
  givenNames: z.string().trim().min(1).max(200),
  familyName: z.string().trim().min(1).max(200),
  dateOfBirth: isoDate.optional(),
  relation: z.enum(RELATIONS).default('other'),
  languages: z.array(language).max(10).default([]),
});
export type MemberInput = z.infer<typeof MemberInput>;

export const HouseholdInput = z.object({
  reference: z.string().trim().min(1).max(40).regex(/^[\p{L}\p{N} ._\-/]+$/u, 'validation.invalid_reference'),
  municipalityCode: z.string().trim().regex(/^GM\d{4}$/, 'validation.invalid_municipality'),
  housingDate: isoDate.optional(),
  coachId: z.uuid().optional(),
  members: z.array(MemberInput).max(20).default([]),
});
export type HouseholdInput = z.infer<typeof HouseholdInput>;
