import { z } from 'zod';
import { isoDate } from '../../platform/validation.ts';
import { isCountryCode } from './countries.ts';
import { isValidBsn, isValidVNumber, normaliseNumber } from './identity.ts';
import { BIRTH_PRECISIONS, DUTCH_LEVELS, LEARNING_ROUTES, RELATIONS, SEXES, TARGET_GROUPS } from './schema.ts';

const language = z.string().trim().toLowerCase().regex(/^[a-z]{2,3}$/, 'validation.invalid_language');
const text = (max: number) => z.string().trim().min(1).max(max);

export const bsnInput = z.string().transform(normaliseNumber).refine(isValidBsn, 'validation.registration_bsn');
export const vNumberInput = z.string().transform(normaliseNumber).refine(isValidVNumber, 'validation.registration_v_number');
export const postcodeInput = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[1-9]\d{3}\s?[A-Z]{2}$/, 'validation.registration_postcode')
  .transform((p) => `${p.slice(0, 4)} ${p.slice(-2)}`);

// One definition of every intake fact of a person; creation makes them optional, a PATCH also nullable (null clears).
const memberFacts = {
  originalName: text(200),
  dateOfBirth: isoDate,
  birthPrecision: z.enum(BIRTH_PRECISIONS),
  sex: z.enum(SEXES),
  countryOfOrigin: z.string().trim().toUpperCase().refine(isCountryCode, 'validation.registration_country'),
  dutchLevel: z.enum(DUTCH_LEVELS),
  interpreterLanguage: language,
  targetGroup: z.enum(TARGET_GROUPS),
  phone: z.string().trim().regex(/^\+?[0-9 ()\-]{6,20}$/, 'validation.registration_phone'),
  email: z.string().trim().max(320).regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'validation.registration_email'),
  statusDate: isoDate,
  duoNoticeDate: isoDate,
  pipDate: isoDate,
  learningRoute: z.enum(LEARNING_ROUTES),
};

/** An unknown day or month is stored as the 1st (schema.ts); make the stored date say so. */
function normaliseBirth<T extends { dateOfBirth?: string | null; birthPrecision?: string | null }>(m: T): T {
  if (!m.dateOfBirth || !m.birthPrecision || m.birthPrecision === 'day') return m;
  const date = m.birthPrecision === 'month' ? `${m.dateOfBirth.slice(0, 7)}-01` : `${m.dateOfBirth.slice(0, 4)}-01-01`;
  return { ...m, dateOfBirth: date };
}

export const MemberInput = z
  .object({
    givenNames: text(200),
    familyName: text(200),
    relation: z.enum(RELATIONS).default('other'),
    languages: z.array(language).max(10).default([]),
    ...Object.fromEntries(Object.entries(memberFacts).map(([k, s]) => [k, s.optional()])) as { [K in keyof typeof memberFacts]: z.ZodOptional<(typeof memberFacts)[K]> },
    birthPrecision: z.enum(BIRTH_PRECISIONS).default('day'),
    sex: z.enum(SEXES).default('u'),
    /** Only accepted from an organisation with a municipal task, by a coordinator or professional (AUTH-BSN). */
    bsn: bsnInput.optional(),
    vNumber: vNumberInput.optional(),
  })
  .transform(normaliseBirth);
export type MemberInput = z.infer<typeof MemberInput>;

const householdFacts = {
  addressLine: text(200),
  postcode: postcodeInput,
  city: text(100),
  coaLinkDate: isoDate,
  housingDate: isoDate,
  benefitStartDate: isoDate,
};

export const HouseholdInput = z.object({
  reference: z.string().trim().min(1).max(40).regex(/^[\p{L}\p{N} ._\-/]+$/u, 'validation.invalid_reference'),
  municipalityCode: z.string().trim().regex(/^GM\d{4}$/, 'validation.invalid_municipality'),
  ...Object.fromEntries(Object.entries(householdFacts).map(([k, s]) => [k, s.optional()])) as { [K in keyof typeof householdFacts]: z.ZodOptional<(typeof householdFacts)[K]> },
  /** Needs coach.manage (the coordinator); a professional may name only herself. */
  coachId: z.uuid().optional(),
  /** With coachId: assign even though the coach has reached her maximum (as when assigning a coach). */
  allowOverCapacity: z.boolean().default(false),
  members: z.array(MemberInput).max(20).default([]),
  /** Register even though probable duplicates exist (the person confirmed "Toch registreren"). */
  allowDuplicate: z.boolean().default(false),
});
export type HouseholdInput = z.infer<typeof HouseholdInput>;

/** PATCH of a household: only the named fields change; null clears one. `version` is the one you read (REL-LOCK). */
export const HouseholdUpdateInput = z.object({
  version: z.number().int().min(1),
  reference: HouseholdInput.shape.reference.optional(),
  municipalityCode: HouseholdInput.shape.municipalityCode.optional(),
  ...Object.fromEntries(Object.entries(householdFacts).map(([k, s]) => [k, s.nullable().optional()])) as { [K in keyof typeof householdFacts]: z.ZodOptional<z.ZodNullable<(typeof householdFacts)[K]>> },
});
export type HouseholdUpdateInput = z.infer<typeof HouseholdUpdateInput>;

/** PATCH of one member; `version` is the household's (any member change bumps it). */
export const MemberUpdateInput = z
  .object({
    version: z.number().int().min(1),
    givenNames: text(200).optional(),
    familyName: text(200).optional(),
    relation: z.enum(RELATIONS).optional(),
    languages: z.array(language).max(10).optional(),
    ...Object.fromEntries(Object.entries(memberFacts).map(([k, s]) => [k, s.nullable().optional()])) as { [K in keyof typeof memberFacts]: z.ZodOptional<z.ZodNullable<(typeof memberFacts)[K]>> },
    birthPrecision: z.enum(BIRTH_PRECISIONS).optional(),
    sex: z.enum(SEXES).optional(),
    bsn: bsnInput.nullable().optional(),
    vNumber: vNumberInput.nullable().optional(),
  })
  .transform(normaliseBirth);
export type MemberUpdateInput = z.infer<typeof MemberUpdateInput>;

/** REL-LOCK on both records: `version` is the kept household's as you read it, `duplicateVersion` the duplicate's. */
export const MergeInput = z.object({ duplicateId: z.uuid(), version: z.number().int().min(1), duplicateVersion: z.number().int().min(1) });
export type MergeInput = z.infer<typeof MergeInput>;
