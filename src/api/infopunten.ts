import { Hono } from 'hono';
import { failure, inTenant, type Caller, type Outcome } from '../platform/context.ts';
import type { Tx } from '../platform/db/client.ts';
import { AppError } from '../platform/errors.ts';
import type { AppEnv, Ctx } from '../platform/http/context.ts';
import { parseInput } from '../platform/validation.ts';
import { WEEKDAYS } from '../features/coaches/schema.ts';
import {
  completeFollowUp, createInfopunt, FOLLOW_UP_STATUSES, FollowUpDoneInput, infopuntAccess, InfopuntInput, InfopuntUpdateInput, listInfopunten, listMyFollowUps,
  listVisits, LOOKUP_BUDGET, LOOKUP_LIMIT, LookupInput, lookupHousehold, readInfopunt, recordVisit, requireConfigure, requireFindHousehold, setStaff, spendLookup,
  STAFF_KINDS, StaffInput, updateInfopunt, VISIT_AUTHORITIES, VISIT_OUTCOMES, VISIT_TOPICS, VisitFilterInput, VisitInput,
} from '../features/infopunten/index.ts';
import type { FeatureApi } from './features.ts';
import { common, conflictResponse, idParam, inputSchema, json, jsonBody, pageParams, paged, problem, ref, requireActor } from './support.ts';

// Infopunten for other programs: locations with opening hours and staff, walk-in visits (Idempotency-Key),
// the minimal household lookup and one's follow-ups. The same feature functions as the pages: an infopunt of
// another organisation answers 404 like a random id; logging where one does not work answers 403.

/**
 * AUTH-SCOPE before the body: who may not do this answers 403 (or 404 for an infopunt she cannot see), audited,
 * whatever she sent; only then is the body read and validated.
 */
async function allowed(c: Ctx, check: (tx: Tx, caller: Caller) => Promise<Outcome<unknown>>): Promise<Caller> {
  const caller = requireActor(c);
  const result = await inTenant(c.get('deps').database, caller, (tx) => check(tx, caller));
  if (!result.ok) throw failure(result);
  return caller;
}

function routes(): Hono<AppEnv> {
  const api = new Hono<AppEnv>();

  api.get('/infopunten', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => listInfopunten(tx, caller));
    if (!result.ok) throw failure(result);
    return c.json({ items: result.value });
  });

  api.post('/infopunten', async (c) => {
    const caller = await allowed(c, requireConfigure);
    const input = parseInput(InfopuntInput, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => createInfopunt(tx, caller, input));
    if (!result.ok) throw failure(result);
    c.header('Location', `/api/v1/infopunten/${result.value.id}`);
    return c.json(result.value, 201);
  });

  api.get('/infopunten/:id', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => readInfopunt(tx, caller, c.req.param('id')));
    if (!result.ok) throw failure(result);
    return c.json(result.value.infopunt);
  });

  api.patch('/infopunten/:id', async (c) => {
    const caller = await allowed(c, (tx, caller) => infopuntAccess(tx, caller, c.req.param('id'), 'infopunt.configure'));
    const input = parseInput(InfopuntUpdateInput, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => updateInfopunt(tx, caller, c.req.param('id'), input));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  api.put('/infopunten/:id/staff', async (c) => {
    const caller = await allowed(c, (tx, caller) => infopuntAccess(tx, caller, c.req.param('id'), 'infopunt.configure'));
    const input = parseInput(StaffInput, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => setStaff(tx, caller, c.req.param('id'), input));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  api.post('/infopunten/:id/visits', async (c) => {
    const caller = await allowed(c, (tx, caller) => infopuntAccess(tx, caller, c.req.param('id'), 'infopunt.log'));
    const body = (await json(c)) as Record<string, unknown>;
    const key = c.req.header('idempotency-key');
    const input = parseInput(VisitInput, { ...body, ...(key ? { idempotencyKey: key } : {}) });
    const result = await recordVisit(c.get('deps').database, caller, c.req.param('id'), input);
    if (!result.ok) throw failure(result);
    const { visit, followUp, created } = result.value;
    return c.json({ visit, followUp, replayed: !created }, created ? 201 : 200);
  });

  api.get('/infopunt-visits', async (c) => {
    const caller = requireActor(c);
    const filter = parseInput(VisitFilterInput, {
      infopuntId: c.req.query('infopuntId'), from: c.req.query('from'), to: c.req.query('to'),
      page: c.req.query('page') ?? 1, pageSize: c.req.query('pageSize') ?? 25,
    });
    const scope = c.req.query('scope');
    if (scope !== undefined && scope !== 'own' && scope !== 'all') throw new AppError('VALIDATION', { fields: [{ field: 'scope', message: 'validation.invalid_choice' }] });
    const result = await inTenant(c.get('deps').database, caller, (tx) => listVisits(tx, caller, filter, scope ? { scope } : {}));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  api.post('/infopunt-household-lookup', async (c) => {
    const caller = await allowed(c, requireFindHousehold);
    // SES-RATE: a lookup on persons counts against the user's search budget and her own small lookup budget.
    const verdict = spendLookup(c.get('deps'), caller.actor.userId);
    if (!verdict.allowed) throw new AppError('RATE_LIMITED', { retryAfterSeconds: verdict.retryAfterSeconds });
    const input = parseInput(LookupInput, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => lookupHousehold(tx, caller, input));
    if (!result.ok) throw failure(result);
    return c.json({ items: result.value });
  });

  api.get('/infopunt-follow-ups', async (c) => {
    const caller = requireActor(c);
    const list = await inTenant(c.get('deps').database, caller, (tx) => listMyFollowUps(tx, caller, { limit: 200 }));
    return c.json(list);
  });

  api.post('/infopunt-follow-ups/:id/done', async (c) => {
    const caller = requireActor(c);
    // The body is read and checked once the follow-up is known to be hers: someone else's answers 404 whatever was sent.
    const body = await json(c).then((value) => () => value, (error: unknown) => () => { throw error; });
    const result = await inTenant(c.get('deps').database, caller, (tx) => completeFollowUp(tx, caller, c.req.param('id'), () => parseInput(FollowUpDoneInput, body())));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  return api;
}

const invalid = { '422': problem('Invalid input; `fields` names each field with its message key') };
const forbiddenResponse = (why: string) => ({ '403': problem(why) });
const hours = {
  type: 'array',
  description: 'Per weekday one or more periods, local time (Europe/Amsterdam); a period ends after it starts and none overlaps another that day',
  items: { type: 'object', required: ['day', 'from', 'to'], properties: { day: { type: 'string', enum: [...WEEKDAYS] }, from: { type: 'string', example: '09:00' }, to: { type: 'string', example: '12:30' } } },
};
const nullable = (schema: Record<string, unknown>) => ({ ...schema, type: [schema.type as string, 'null'] });

export const infopuntenApi: FeatureApi = {
  routes,
  openApi: {
    paths: {
      '/infopunten': {
        get: {
          operationId: 'listInfopunten', summary: 'The infopunten of your organisation with their opening hours (the coordinator also gets inactive ones and who works where; audited)',
          'x-permission': 'infopunt.read',
          responses: { '200': { description: 'Infopunten', ...jsonBody({ type: 'object', properties: { items: { type: 'array', items: ref('Infopunt') } } }) }, ...forbiddenResponse('Your role does not work with infopunten'), ...common },
        },
        post: {
          operationId: 'createInfopunt', summary: 'A new infopunt in one of your organisation\'s municipalities', 'x-permission': 'infopunt.configure',
          requestBody: { required: true, ...jsonBody(ref('InfopuntInput')) },
          responses: { '201': { description: 'Created', ...jsonBody(ref('Infopunt')) }, ...forbiddenResponse('Only the coordinator configures infopunten'), ...invalid, ...common },
        },
      },
      '/infopunten/{id}': {
        get: {
          operationId: 'getInfopunt', summary: 'One infopunt (audited); another organisation\'s answers 404 as a random id', 'x-permission': 'infopunt.read',
          parameters: [idParam],
          responses: { '200': { description: 'The infopunt', ...jsonBody(ref('Infopunt')) }, ...common },
        },
        patch: {
          operationId: 'updateInfopunt', summary: 'Change name, municipality, address, opening hours or active, at the version read (REL-LOCK)', 'x-permission': 'infopunt.configure',
          parameters: [idParam], requestBody: { required: true, ...jsonBody(ref('InfopuntUpdateInput')) },
          responses: { '200': { description: 'Changed', ...jsonBody(ref('Infopunt')) }, ...forbiddenResponse('Only the coordinator configures infopunten'), ...conflictResponse, ...invalid, ...common },
        },
      },
      '/infopunten/{id}/staff': {
        put: {
          operationId: 'setInfopuntStaff', summary: 'Who works at the infopunt (replaces the list): users of your organisation with the role infopunt, volunteer or professional, as staff or formulierenteam; at the infopunt\'s version',
          'x-permission': 'infopunt.configure',
          parameters: [idParam], requestBody: { required: true, ...jsonBody(ref('InfopuntStaffInput')) },
          responses: { '200': { description: 'Saved', ...jsonBody(ref('Infopunt')) }, ...forbiddenResponse('Only the coordinator configures infopunten'), ...conflictResponse, ...invalid, ...common },
        },
      },
      '/infopunten/{id}/visits': {
        post: {
          operationId: 'logInfopuntVisit',
          summary: 'Log a walk-in visit, anonymous unless householdId (from the lookup) links it; a follow-up outcome becomes a task (follow_up: for you; referred_coach: for the linked household\'s coach, '
            + 'which it needs; referred_partner: the coach when there is one, else you). A replay with the same Idempotency-Key returns the first visit (200, replayed) and adds nothing',
          'x-permission': 'infopunt.log',
          parameters: [idParam, { name: 'Idempotency-Key', in: 'header', schema: { type: 'string', minLength: 8, maxLength: 100, pattern: '^[\\w-]+$' }, description: 'REL-IDEM: one visit per key and user' }],
          requestBody: { required: true, ...jsonBody(ref('InfopuntVisitInput')) },
          responses: {
            '201': { description: 'Logged', ...jsonBody(ref('InfopuntLoggedVisit')) },
            '200': { description: 'Logged before with this key: the first visit', ...jsonBody(ref('InfopuntLoggedVisit')) },
            ...forbiddenResponse('You do not work at this infopunt, or (linking a household) your role may not look households up'), ...invalid, ...common,
          },
        },
      },
      '/infopunt-visits': {
        get: {
          operationId: 'listInfopuntVisits', summary: 'Visits, newest first (audited with counts): the ones you logged yourself; the coordinator (infopunt.visits_all) every visit of the organisation',
          'x-permission': 'infopunt.log',
          parameters: [
            { name: 'infopuntId', in: 'query', schema: { type: 'string', format: 'uuid' } },
            { name: 'from', in: 'query', schema: { type: 'string', format: 'date' } },
            { name: 'to', in: 'query', schema: { type: 'string', format: 'date' } },
            { name: 'scope', in: 'query', schema: { type: 'string', enum: ['own', 'all'] }, description: 'Default: all for the coordinator, own for everyone else; all needs infopunt.visits_all' },
            ...pageParams,
          ],
          responses: { '200': { description: 'Visits', ...jsonBody({ ...paged('InfopuntVisit'), properties: { ...paged('InfopuntVisit').properties, scope: { type: 'string', enum: ['own', 'all'] } } }) }, ...forbiddenResponse('Not allowed'), ...invalid, ...common },
        },
      },
      '/infopunt-household-lookup': {
        post: {
          operationId: 'infopuntHouseholdLookup',
          summary: `Find a known household to link a visit to: by reference, or by family name and date of birth; exact matches only, at most ${LOOKUP_LIMIT}, each with only the reference, a given name and the family name's initial. Audited without the search terms; rate-limited as a search and to ${LOOKUP_BUDGET.limit} lookups per ${LOOKUP_BUDGET.windowMinutes} minutes per user (429 with Retry-After)`,
          'x-permission': 'infopunt.find_household',
          requestBody: { required: true, ...jsonBody(ref('InfopuntLookupInput')) },
          responses: { '200': { description: 'Matches', ...jsonBody({ type: 'object', properties: { items: { type: 'array', maxItems: LOOKUP_LIMIT, items: ref('InfopuntLookupResult') } } }) }, ...forbiddenResponse('Not allowed'), ...invalid, ...common },
        },
      },
      '/infopunt-follow-ups': {
        get: {
          operationId: 'listInfopuntFollowUps', summary: 'Open follow-ups of infopunt visits assigned to you, the earliest due first (audited)', 'x-permission': 'authenticated',
          responses: { '200': { description: 'Your open follow-ups', ...jsonBody(ref('InfopuntFollowUpList')) }, ...common },
        },
      },
      '/infopunt-follow-ups/{id}/done': {
        post: {
          operationId: 'completeInfopuntFollowUp', summary: 'Mark your follow-up done at the version read (REL-LOCK); someone else\'s answers 404', 'x-permission': 'authenticated',
          parameters: [idParam], requestBody: { required: true, ...jsonBody(ref('InfopuntFollowUpDoneInput')) },
          responses: { '200': { description: 'Done', ...jsonBody(ref('InfopuntFollowUp')) }, ...conflictResponse, ...invalid, ...common },
        },
      },
    },
    schemas: {
      Infopunt: {
        type: 'object',
        required: ['id', 'name', 'municipalityCode', 'address', 'openingHours', 'active', 'version', 'worksHere', 'canLog'],
        properties: {
          id: { type: 'string', format: 'uuid' }, name: { type: 'string' }, municipalityCode: { type: 'string' }, municipalityName: { type: 'string' },
          address: { type: 'string' }, openingHours: hours, active: { type: 'boolean' }, version: { type: 'integer' },
          worksHere: { type: ['string', 'null'], enum: [...STAFF_KINDS, null], description: 'Your own place there' },
          canLog: { type: 'boolean', description: 'You may log visits here' },
          staff: {
            type: 'array', description: 'Only for the coordinator (infopunt.configure); the key is absent otherwise',
            items: { type: 'object', properties: { userId: { type: 'string', format: 'uuid' }, name: { type: 'string' }, role: { type: 'string' }, kind: { type: 'string', enum: [...STAFF_KINDS] } } },
          },
        },
      },
      InfopuntVisit: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' }, infopuntId: { type: 'string', format: 'uuid' }, infopuntName: { type: 'string' },
          occurredOn: { type: 'string', format: 'date' }, loggedAt: { type: 'string', format: 'date-time' },
          topic: { type: 'string', enum: [...VISIT_TOPICS] }, authority: { type: 'string', enum: [...VISIT_AUTHORITIES] }, language: { type: 'string' },
          withInterpreter: { type: 'boolean' }, durationMinutes: { type: 'integer' }, outcome: { type: 'string', enum: [...VISIT_OUTCOMES] },
          householdReference: { type: ['string', 'null'], description: 'The linked household\'s reference; nothing more about it' },
          loggedByName: { type: 'string', description: 'Only in the coordinator\'s list of every visit' },
          followUp: nullable({ type: 'object', properties: { status: { type: 'string', enum: [...FOLLOW_UP_STATUSES] }, dueOn: { type: 'string', format: 'date' } } }),
        },
      },
      InfopuntLoggedVisit: {
        type: 'object',
        properties: {
          visit: ref('InfopuntVisit'),
          followUp: nullable({ type: 'object', properties: { id: { type: 'string', format: 'uuid' }, assignedTo: { type: 'string', format: 'uuid' }, assignedToMe: { type: 'boolean' }, dueOn: { type: 'string', format: 'date' } } }),
          replayed: { type: 'boolean', description: 'True when the Idempotency-Key matched an earlier visit' },
        },
      },
      InfopuntLookupResult: {
        type: 'object', additionalProperties: false, required: ['householdId', 'reference', 'givenName', 'familyInitial'],
        properties: { householdId: { type: 'string', format: 'uuid' }, reference: { type: 'string' }, givenName: { type: 'string', description: 'First given name' }, familyInitial: { type: 'string', maxLength: 1 } },
      },
      InfopuntFollowUp: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' }, dueOn: { type: 'string', format: 'date' }, description: { type: 'string' }, status: { type: 'string', enum: [...FOLLOW_UP_STATUSES] },
          version: { type: 'integer' }, topic: { type: 'string', enum: [...VISIT_TOPICS] }, outcome: { type: 'string', enum: [...VISIT_OUTCOMES] },
          infopuntName: { type: 'string' }, visitOn: { type: 'string', format: 'date' },
          householdId: { type: ['string', 'null'], format: 'uuid', description: 'Only when you may open the household\'s dossier' },
          householdReference: { type: ['string', 'null'], description: 'When you may see the household, or you linked it yourself' },
          loggedByName: { type: ['string', 'null'] },
        },
      },
      InfopuntFollowUpList: {
        type: 'object',
        properties: { items: { type: 'array', items: ref('InfopuntFollowUp') }, total: { type: 'integer' }, overdue: { type: 'integer' } },
      },
      InfopuntInput: inputSchema(InfopuntInput),
      InfopuntUpdateInput: inputSchema(InfopuntUpdateInput),
      InfopuntStaffInput: inputSchema(StaffInput),
      InfopuntVisitInput: inputSchema(VisitInput),
      InfopuntLookupInput: inputSchema(LookupInput),
      InfopuntFollowUpDoneInput: inputSchema(FollowUpDoneInput),
    },
  },
};
