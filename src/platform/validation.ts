import { z } from 'zod';
import { AppError, type FieldError } from './errors.ts';

// Zod issues become message keys next to the field they concern; the page or API translates them.
function messageKey(issue: z.core.$ZodIssue): string {
  // A schema may name its own message key (e.g. .regex(re, 'validation.invalid_municipality')).
  if (typeof issue.message === 'string' && issue.message.startsWith('validation.')) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === '' ? 'validation.required' : 'validation.invalid';
    case 'too_small':
      return issue.origin === 'string' && issue.minimum === 1 ? 'validation.required' : 'validation.too_small';
    case 'too_big':
      return 'validation.too_big';
    case 'invalid_value':
      return 'validation.invalid_choice';
    case 'invalid_format':
      return 'validation.invalid_format';
    default:
      return 'validation.invalid';
  }
}

/** Paths of strings holding a NUL byte: PostgreSQL cannot store them, so they are refused as input. */
function nulPaths(value: unknown, path: string[] = []): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [path.join('.') || '_'] : [];
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => nulPaths(v, [...path, k]));
  }
  return [];
}

export function parseInput<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
  const nul = nulPaths(data);
  if (nul.length) throw new AppError('VALIDATION', { fields: nul.map((field) => ({ field, message: 'validation.invalid' })) });
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const fields: FieldError[] = [];
  for (const issue of result.error.issues) {
    const field = issue.path.join('.') || '_';
    if (!fields.some((f) => f.field === field)) fields.push({ field, message: messageKey(issue) });
  }
  throw new AppError('VALIDATION', { fields });
}

/** A calendar date (YYYY-MM-DD) that really exists. */
export const isoDate = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.invalid_date').refine((value) => {
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}, 'validation.invalid_date');

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a path or form value is a UUID at all; a malformed id is answered like an unknown one (AUTH-HIDE). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
