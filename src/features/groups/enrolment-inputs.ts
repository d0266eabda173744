import { z } from 'zod';

// What the enrolment forms and the API accept. Field names are the same in both; a form sends strings.

/** An empty form field or a blank string is "not given". */
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);
const version = z.coerce.number().int().min(1);
const id = z.uuid('validation.invalid_choice');

/**
 * Why someone drops out, as a code (never free text: it goes into the audit trail, LOG-CLEAN). Optional: a coach
 * often does not know.
 */
export const WITHDRAW_REASONS = ['work_or_school', 'health', 'care_for_family', 'moved', 'not_suitable', 'other'] as const;
export type WithdrawReason = (typeof WITHDRAW_REASONS)[number];

/** Enrol a member of the household into an edition, possibly answering one of the plan's proposals. */
export const EnrolInput = z.object({
  memberId: id,
  editionId: id,
  proposalId: z.preprocess(blank, id.nullable()).optional(),
});
export type EnrolInput = z.infer<typeof EnrolInput>;

/** The coordinator enrols a person from the edition page: the edition is in the path, the household follows the person. */
export const EditionEnrolInput = z.object({
  memberId: id,
  proposalId: z.preprocess(blank, id.nullable()).optional(),
});
export type EditionEnrolInput = z.infer<typeof EditionEnrolInput>;

/** Withdraw at the version read (REL-LOCK). */
export const WithdrawInput = z.object({
  version,
  reason: z.preprocess(blank, z.enum(WITHDRAW_REASONS).nullable()).optional(),
});
export type WithdrawInput = z.infer<typeof WithdrawInput>;

/** Find a person of the organisation's households by household reference or name; the term travels in a POST body. */
export const PersonSearchInput = z.object({ q: z.string().trim().min(2, 'validation.group_enrolment_search_short').max(100) });
export type PersonSearchInput = z.infer<typeof PersonSearchInput>;
