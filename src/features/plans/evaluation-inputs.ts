import { z } from 'zod';
import { isoDate } from '../../platform/validation.ts';
import { GOAL_STATUSES, SCORE_MAX, SCORE_MIN } from './schema.ts';
import { todayIso } from '../../platform/dates.ts';

// What recording an evaluation talk accepts, from the form (turned into this shape by the route) and the API.

const notFuture = isoDate.refine((d) => d <= todayIso(), 'validation.date_in_future');
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalText = (max: number) => z.preprocess(blank, z.string().trim().max(max).optional());

export const PRESENT_OTHERS_MAX = 300;
export const AGREEMENTS_MAX = 5000;
export const PROGRESS_NOTE_MAX = 500;

/**
 * One evaluation talk. `submissionKey` (REL-IDEM): a random key the form or the client makes once; sending the
 * same key again returns the evaluation recorded the first time and records nothing. Goal and domain ids are
 * checked against what the caller may see (an unknown or hidden one answers 404 for the whole submission), so
 * they are plain strings here. `version` per goal is the one read (REL-LOCK).
 */
export const EvaluationInput = z
  .object({
    submissionKey: z.string().trim().min(8).max(100).regex(/^[A-Za-z0-9_-]+$/, 'validation.invalid_format'),
    heldOn: notFuture,
    presentMemberIds: z.array(z.uuid()).max(50).default([]),
    presentOthers: optionalText(PRESENT_OTHERS_MAX),
    agreements: optionalText(AGREEMENTS_MAX),
    scores: z.array(z.object({
      domainKey: z.string().trim().min(1).max(60),
      score: z.coerce.number().int().min(SCORE_MIN).max(SCORE_MAX),
    })).max(40).default([]),
    goals: z.array(z.object({
      goalId: z.string().trim().min(1).max(60),
      status: z.enum(GOAL_STATUSES),
      note: optionalText(PROGRESS_NOTE_MAX),
      version: z.coerce.number().int().min(1),
    })).max(300).default([]),
  })
  .superRefine((v, ctx) => {
    // The same domain or goal twice is a malformed submission, not a choice between two values.
    const twice = <T>(list: T[], key: (x: T) => string) => list.findIndex((x, i) => list.findIndex((y) => key(y) === key(x)) !== i);
    const score = twice(v.scores, (s) => s.domainKey);
    if (score >= 0) ctx.addIssue({ code: 'custom', path: ['scores', score, 'domainKey'], message: 'validation.invalid' });
    const goal = twice(v.goals, (g) => g.goalId.toLowerCase());
    if (goal >= 0) ctx.addIssue({ code: 'custom', path: ['goals', goal, 'goalId'], message: 'validation.invalid' });
    if (new Set(v.presentMemberIds).size !== v.presentMemberIds.length) ctx.addIssue({ code: 'custom', path: ['presentMemberIds'], message: 'validation.invalid' });
  });
export type EvaluationInput = z.infer<typeof EvaluationInput>;
