import { z } from 'zod';
import { isoDate } from '../../platform/validation.ts';
import { VNG_AANDACHTSPUNTEN, VNG_HOOFDDOELEN } from './config.ts';
import { ACTION_OWNERS, ACTION_STATUSES, GOAL_STATUSES, SCORE_MAX, SCORE_MIN, VNG_KINDS } from './schema.ts';

// What the plan's forms and the API accept. Pages turn their string fields into these shapes first (an empty
// field is "nothing"); the API sends JSON. `version` is the one the writer read (REL-LOCK).

/** An empty form field or a blank string is "not given". */
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);
const version = z.coerce.number().int().min(1);
const nullableText = (max: number) => z.preprocess(blank, z.string().trim().max(max).nullable());
const nullableDate = z.preprocess(blank, isoDate.nullable());
const nullableUuid = z.preprocess(blank, z.uuid().nullable());
const score = z.preprocess(blank, z.coerce.number().int().min(SCORE_MIN).max(SCORE_MAX).nullable());
const domainKey = z.string().trim().min(1).max(40);
export const GOAL_TEXT_MAX = 500;
export const SITUATION_MAX = 2000;
export const ACTION_TEXT_MAX = 300;

/** The VNG tag of a goal: a kind needs a value, hoofddoel and aandachtspunt from their lists, ontwikkelwens free. */
export function vngIssue(kind: string | null | undefined, value: string | null | undefined): { path: 'vngKind' | 'vngValue'; message: string } | null {
  if (!kind) return value ? { path: 'vngKind', message: 'validation.required' } : null;
  if (!value) return { path: 'vngValue', message: 'validation.required' };
  if (kind === 'hoofddoel' && !(VNG_HOOFDDOELEN as readonly string[]).includes(value)) return { path: 'vngValue', message: 'validation.invalid_choice' };
  if (kind === 'aandachtspunt' && !(VNG_AANDACHTSPUNTEN as readonly string[]).includes(value)) return { path: 'vngValue', message: 'validation.invalid_choice' };
  if (kind === 'ontwikkelwens' && value.length > 200) return { path: 'vngValue', message: 'validation.too_big' };
  return null;
}

/** The situation in a domain and its intake score, replaced as a whole. `version` 0: nothing was written yet. */
export const DomainInput = z.object({
  version: z.coerce.number().int().min(0),
  situation: nullableText(SITUATION_MAX).optional(),
  score: score.optional(),
  // AUTH-FIELDS: only for who may write sensitive plan parts; anyone else sending them is refused (403).
  sensitive: z.boolean().optional(),
  shared: z.boolean().optional(),
});
export type DomainInput = z.infer<typeof DomainInput>;

const goalFields = {
  domainKey,
  text: z.string().trim().min(1).max(GOAL_TEXT_MAX),
  vngKind: z.preprocess(blank, z.enum(VNG_KINDS).nullable()).optional(),
  vngValue: nullableText(200).optional(),
  status: z.enum(GOAL_STATUSES).optional(),
  targetDate: nullableDate.optional(),
  sensitive: z.boolean().optional(),
  shared: z.boolean().optional(),
};

export const GoalInput = z
  .object({ ...goalFields, offerKey: z.preprocess(blank, z.string().trim().max(80).nullable()).optional() })
  .superRefine((v, ctx) => {
    const issue = vngIssue(v.vngKind, v.vngValue);
    if (issue) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
  });
export type GoalInput = z.infer<typeof GoalInput>;

/** Change a goal: only the fields sent change (the VNG tag is checked on the result). */
export const GoalPatch = z.object({
  version,
  domainKey: domainKey.optional(),
  text: goalFields.text.optional(),
  vngKind: goalFields.vngKind,
  vngValue: goalFields.vngValue,
  status: goalFields.status,
  targetDate: goalFields.targetDate,
  sensitive: goalFields.sensitive,
  shared: goalFields.shared,
});
export type GoalPatch = z.infer<typeof GoalPatch>;

/** Who does an action: a household member needs the person, a partner organisation its name. */
export function ownerIssue(v: { owner?: string | undefined; ownerMemberId?: string | null | undefined; ownerPartner?: string | null | undefined }): { path: 'ownerMemberId' | 'ownerPartner'; message: string } | null {
  if (v.owner === 'member' && !v.ownerMemberId) return { path: 'ownerMemberId', message: 'validation.required' };
  if (v.owner === 'partner' && !v.ownerPartner) return { path: 'ownerPartner', message: 'validation.required' };
  return null;
}

export const ActionInput = z
  .object({
    description: z.string().trim().min(1).max(ACTION_TEXT_MAX),
    owner: z.enum(ACTION_OWNERS),
    ownerMemberId: nullableUuid.optional(),
    ownerPartner: nullableText(120).optional(),
    dueOn: nullableDate.optional(),
  })
  .superRefine((v, ctx) => {
    const issue = ownerIssue(v);
    if (issue) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
  });
export type ActionInput = z.infer<typeof ActionInput>;

/** Change an action (its status: done gets today's date; open and cancelled clear it). The owner is checked on the result. */
export const ActionPatch = z.object({
  version,
  description: z.string().trim().min(1).max(ACTION_TEXT_MAX).optional(),
  owner: z.enum(ACTION_OWNERS).optional(),
  ownerMemberId: nullableUuid.optional(),
  ownerPartner: nullableText(120).optional(),
  dueOn: nullableDate.optional(),
  status: z.enum(ACTION_STATUSES).optional(),
});
export type ActionPatch = z.infer<typeof ActionPatch>;

/** Propose a group programme of the pyramid: a built-in offer by its key, or one of the organisation's own by its label. */
export const ProposalInput = z
  .object({ offerKey: z.preprocess(blank, z.string().trim().max(80).nullable()).optional(), label: nullableText(200).optional() })
  .superRefine((v, ctx) => {
    if (!v.offerKey && !v.label) ctx.addIssue({ code: 'custom', path: ['offerKey'], message: 'validation.required' });
  });
export type ProposalInput = z.infer<typeof ProposalInput>;

export const PlanVersionInput = z.object({ version });
export type PlanVersionInput = z.infer<typeof PlanVersionInput>;

export const RejectInput = z.object({ version, reason: z.string().trim().min(1).max(2000) });
export type RejectInput = z.infer<typeof RejectInput>;
