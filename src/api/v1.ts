import { Hono } from 'hono';
import { z } from 'zod';
import { failure, inTenant } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import type { AppEnv } from '../platform/http/context.ts';
import { parseInput } from '../platform/validation.ts';
import { addMember, createHousehold, HouseholdInput, HouseholdUpdateInput, listCaseload, MemberInput, readHousehold, updateHousehold } from '../features/households/index.ts';
import { createNote, listNotes, NoteInput } from '../features/journal/index.ts';
import { openApiDocument } from './openapi.ts';
import { json, page, requireActor } from './support.ts';
import { FEATURE_APIS } from './features.ts';

/** The JSON API. Every route calls the same feature functions as the pages; see openapi.ts for the contract. */
export function apiV1(): Hono<AppEnv> {
  const api = new Hono<AppEnv>();

  api.get('/openapi.json', (c) => c.json(openApiDocument()));

  api.use('*', async (c, next) => {
    const deps = c.get('deps');
    const actor = c.get('actor');
    const limited = deps.apiLimiter.hit(`api:${actor?.userId ?? c.get('origin')}`);
    if (!limited.allowed) {
      c.header('Retry-After', String(limited.retryAfterSeconds));
      throw new AppError('RATE_LIMITED', { retryAfterSeconds: limited.retryAfterSeconds });
    }
    await next();
  });

  api.get('/me', (c) => {
    const caller = requireActor(c);
    const user = c.get('user')!;
    return c.json({ id: user.id, displayName: user.displayName, email: user.email, role: caller.actor.role, organisation: { id: user.organisationId, name: user.organisationName } });
  });

  api.get('/households', async (c) => {
    const caller = requireActor(c);
    // Roles without a caseload (monitor: aggregates only; partner: referrals only) get no list at all.
    const result = await inTenant(c.get('deps').database, caller, (tx) => listCaseload(tx, caller, page(c)));
    if (!result.ok) throw new AppError(result.error);
    return c.json(result.value);
  });

  // A search term is usually a name, so it travels in the body and never in a URL.
  api.post('/households/search', async (c) => {
    const caller = requireActor(c);
    const input = parseInput(SearchInput, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => listCaseload(tx, caller, { page: input.page, pageSize: input.pageSize }, input.q));
    if (!result.ok) throw new AppError(result.error);
    return c.json(result.value);
  });

  api.post('/households', async (c) => {
    const caller = requireActor(c);
    const input = parseInput(HouseholdInput, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => createHousehold(tx, caller, input));
    if (!result.ok && result.error === 'DUPLICATES') {
      // Probable duplicates: nothing was created; the caller may confirm with allowDuplicate: true.
      const t = c.get('t');
      const body = { type: 'https://thuis.example/problems/duplicates', title: t('registration.duplicates_title'), status: 409, duplicates: result.duplicates };
      return c.body(JSON.stringify(body), 409, { 'Content-Type': 'application/problem+json; charset=utf-8' });
    }
    if (!result.ok) throw failure(result);
    c.header('Location', `/api/v1/households/${result.value.id}`);
    return c.json(result.value, 201);
  });

  api.get('/households/:id', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => readHousehold(tx, caller, c.req.param('id')));
    if (!result.ok) throw new AppError(result.error);
    return c.json(result.value);
  });

  // REL-LOCK: `version` is the one you read; a stale one answers 409 with `current`.
  api.patch('/households/:id', async (c) => {
    const caller = requireActor(c);
    const input = parseInput(HouseholdUpdateInput, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => updateHousehold(tx, caller, c.req.param('id'), input));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  api.get('/households/:id/members', async (c) => {
    const caller = requireActor(c);
    const p = page(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => readHousehold(tx, caller, c.req.param('id')));
    if (!result.ok) throw new AppError(result.error);
    const all = result.value.members;
    const start = (p.page - 1) * p.pageSize;
    return c.json({ items: all.slice(start, start + p.pageSize), total: all.length, page: p.page, pageSize: p.pageSize });
  });

  api.post('/households/:id/members', async (c) => {
    const caller = requireActor(c);
    const input = parseInput(MemberInput, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => addMember(tx, caller, c.req.param('id'), input));
    if (!result.ok) throw new AppError(result.error);
    return c.json(result.value, 201);
  });

  api.get('/households/:id/notes', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => listNotes(tx, caller, c.req.param('id'), page(c)));
    if (!result.ok) throw new AppError(result.error);
    return c.json(result.value);
  });

  api.post('/households/:id/notes', async (c) => {
    const caller = requireActor(c);
    const body = (await json(c)) as Record<string, unknown>;
    const key = c.req.header('idempotency-key');
    const input = parseInput(NoteInput, { ...body, ...(key ? { idempotencyKey: key } : {}) });
    const result = await inTenant(c.get('deps').database, caller, (tx) => createNote(tx, caller, c.req.param('id'), input));
    if (!result.ok) throw new AppError(result.error);
    return c.json({ id: result.value.id }, result.value.created ? 201 : 200);
  });

  // The features' own endpoints, each documented by its OpenAPI fragment (see openapi.ts).
  for (const feature of FEATURE_APIS) api.route('/', feature.routes());

  return api;
}

export const SearchInput = z.object({
  q: z.string().trim().min(1).max(100),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
