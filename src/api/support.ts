import { z } from 'zod';
import { AppError } from '../platform/errors.ts';
import { callerOf, type Ctx } from '../platform/http/context.ts';
import { pageQuery, parseInput } from '../platform/validation.ts';

// What every API route needs, and the building blocks of the OpenAPI fragments the features contribute.

export function requireActor(c: Ctx) {
  if (!c.get('actor')) throw new AppError(c.get('session')?.mfaPending ? 'MFA_REQUIRED' : 'UNAUTHENTICATED');
  return callerOf(c);
}

export async function json(c: Ctx): Promise<unknown> {
  if (!(c.req.header('content-type') ?? '').includes('application/json')) {
    throw new AppError('BAD_REQUEST', { detail: 'expected application/json' });
  }
  try {
    return await c.req.json();
  } catch {
    throw new AppError('BAD_REQUEST', { detail: 'malformed JSON' });
  }
}

export function page(c: Ctx) {
  return parseInput(pageQuery, { page: c.req.query('page') ?? 1, pageSize: c.req.query('pageSize') ?? 25 });
}


/** A feature's part of the OpenAPI document: its paths and component schemas. */
export interface OpenApiFragment {
  paths: Record<string, Record<string, unknown>>;
  schemas: Record<string, unknown>;
}

export const jsonBody = (schema: unknown) => ({ content: { 'application/json': { schema } } });
export const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
export const paged = (item: string) => ({
  type: 'object',
  required: ['items', 'total', 'page', 'pageSize'],
  properties: { items: { type: 'array', items: { $ref: `#/components/schemas/${item}` } }, total: { type: 'integer' }, page: { type: 'integer' }, pageSize: { type: 'integer' } },
});
export const pageParams = [
  { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
  { name: 'pageSize', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 25 } },
];
/** A uuid path parameter, e.g. uuidParam('memberId'). */
export const uuidParam = (name: string, description?: string) => ({ name, in: 'path', required: true, schema: { type: 'string', format: 'uuid' }, ...(description ? { description } : {}) });
export const idParam = uuidParam('id');
/** A reference to a schema of the document's components. */
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const codeParam = { name: 'code', in: 'path', required: true, schema: { type: 'string', pattern: '^GM\\d{4}$' }, description: 'CBS municipality code, e.g. GM0622' };
export const common = { '401': problem('Not signed in'), '404': problem('Not found — also for records of another organisation'), '429': problem('Too many requests') };
/** 409 for REL-LOCK: the problem body carries `current`, the record as it is now. */
export const conflictResponse = { '409': problem('Changed by someone else since you read it; `current` holds the record as it is now') };
export const inputSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' });

/**
 * The body read now, judged later: the feature function parses it only once the caller is known to reach the
 * record (AUTH-HIDE), so who may not gets her 404 or 403 (audited), never a 400 or 422 about her body.
 */
export async function bodyLater(c: Ctx): Promise<() => unknown> {
  try {
    const body = await json(c);
    return () => body;
  } catch (error) {
    return () => {
      throw error;
    };
  }
}
