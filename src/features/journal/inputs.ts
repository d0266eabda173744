import { z } from 'zod';
import { isoDate } from '../../platform/validation.ts';
import { NOTE_KINDS, SENSITIVITIES } from './schema.ts';
import { todayIso } from '../../platform/dates.ts';

export const NoteInput = z.object({
  occurredOn: isoDate.refine((d) => d <= todayIso(), 'validation.date_in_future'),
  kind: z.enum(NOTE_KINDS),
  // An empty form field means 'not filled in', not zero minutes.
  durationMinutes: z.preprocess((v) => (v === '' || v === null ? undefined : v), z.coerce.number().int().min(0).max(1440)),
  withInterpreter: z.coerce.boolean().default(false),
  text: z.string().trim().min(1).max(20_000),
  sensitivity: z.enum(SENSITIVITIES).default('normal'),
  idempotencyKey: z.string().trim().min(8).max(100).regex(/^[\w-]+$/).optional(),
});
export type NoteInput = z.infer<typeof NoteInput>;
