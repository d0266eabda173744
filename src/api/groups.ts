import { Hono } from 'hono';
import { failure, inTenant, type Caller, type Outcome } from '../platform/context.ts';
import type { Tx } from '../platform/db/client.ts';
import type { AppEnv, Ctx } from '../platform/http/context.ts';
import { parseInput } from '../platform/validation.ts';
import {
  CatalogueQuery, configureAccess, createEdition, createProgramme, EditionInput, EditionPatchInput, listEditions, listProgrammes, ProgrammeInput, ProgrammePatchInput,
  readEdition, readProgramme, SessionPatchInput, setTrainers, TrainersInput, updateEdition, updateProgramme, updateSession,
} from '../features/groups/index.ts';
import { COMPLETION_RULES, EDITION_STATUSES, INBURGERING_PARTS } from '../features/groups/schema.ts';
import { PYRAMID_LAYERS } from '../features/households/schema.ts';
import type { FeatureApi } from './features.ts';
import { common, conflictResponse, idParam, inputSchema, json, jsonBody, problem, requireActor } from './support.ts';

// The group programme catalogue and its editions for other programs: the same feature functions as the pages.
// Reading needs group.read (no personal data here: participants are under the enrolment API); every change is
// the coordinator's (group.configure). Another organisation's record answers 404 like a random id.

async function run<T>(c: Ctx, fn: (tx: Tx, caller: Caller) => Promise<Outcome<T>>): Promise<T> {
  const caller = requireActor(c);
  const result = await inTenant(c.get('deps').database, caller, (tx) => fn(tx, caller));
  if (!result.ok) throw failure(result);
  return result.value;
}

/** Changes are the coordinator's: anyone else gets 403 (audited) before the body is even read, for any id alike. */
async function requireConfigure(c: Ctx): Promise<void> {
  await run(c, (tx, caller) => configureAccess(tx, caller));
}

function routes(): Hono<AppEnv> {
  const api = new Hono<AppEnv>();

  api.get('/group-programmes', async (c) => {
    const query = parseInput(CatalogueQuery, { municipalityCode: c.req.query('municipality') });
    return c.json({ items: await run(c, (tx, caller) => listProgrammes(tx, caller, { municipalityCode: query.municipalityCode })) });
  });

  api.post('/group-programmes', async (c) => {
    await requireConfigure(c);
    const body = await json(c);
    return c.json(await run(c, (tx, caller) => createProgramme(tx, caller, parseInput(ProgrammeInput, body))), 201);
  });

  api.get('/group-programmes/:id', async (c) => c.json(await run(c, (tx, caller) => readProgramme(tx, caller, c.req.param('id')))));

  api.patch('/group-programmes/:id', async (c) => {
    await requireConfigure(c);
    const body = await json(c);
    return c.json(await run(c, (tx, caller) => updateProgramme(tx, caller, c.req.param('id'), parseInput(ProgrammePatchInput, body))));
  });

  api.get('/group-editions', async (c) => {
    const query = parseInput(CatalogueQuery, { municipalityCode: c.req.query('municipality'), status: c.req.query('status') });
    const programmeId = c.req.query('programme');
    return c.json({ items: await run(c, (tx, caller) => listEditions(tx, caller, { municipalityCode: query.municipalityCode, status: query.status, programmeId })) });
  });

  api.post('/group-editions', async (c) => {
    await requireConfigure(c);
    const body = await json(c);
    return c.json(await run(c, (tx, caller) => createEdition(tx, caller, parseInput(EditionInput, body))), 201);
  });

  api.get('/group-editions/:id', async (c) => c.json(await run(c, (tx, caller) => readEdition(tx, caller, c.req.param('id')))));

  api.patch('/group-editions/:id', async (c) => {
    await requireConfigure(c);
    const body = await json(c);
    return c.json(await run(c, (tx, caller) => updateEdition(tx, caller, c.req.param('id'), parseInput(EditionPatchInput, body))));
  });

  api.patch('/group-editions/:id/sessions/:sessionId', async (c) => {
    await requireConfigure(c);
    const body = await json(c);
    return c.json(await run(c, (tx, caller) => updateSession(tx, caller, c.req.param('id'), c.req.param('sessionId'), parseInput(SessionPatchInput, body))));
  });

  api.put('/group-editions/:id/trainers', async (c) => {
    await requireConfigure(c);
    const body = await json(c);
    return c.json(await run(c, (tx, caller) => setTrainers(tx, caller, c.req.param('id'), parseInput(TrainersInput, body))));
  });

  return api;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, 'null'], ...extra });
const uuid = { type: 'string', format: 'uuid' };
const forbidden = { '403': problem('Not allowed — changing the catalogue and editions is the coordinator\'s (group.configure); a closed edition is not changed any more') };
const invalid = { '422': problem('Invalid input; `fields` names each field with its message key') };
const list = (item: string) => ({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref(item) } } });

const session = {
  type: 'object',
  properties: {
    id: uuid, number: { type: 'integer' }, date: { type: 'string', format: 'date' },
    startMinute: { type: 'integer', description: 'Minutes since midnight, local time' }, endMinute: { type: 'integer' },
    place: { type: 'string' }, address: { type: 'string' }, cancelled: { type: 'boolean' }, version: { type: 'integer' },
  },
};
const programmeText = { type: 'object', properties: { offerKey: nullable('string'), name: { type: 'string' }, description: { type: 'string' } } };

export const groupsApi: FeatureApi = {
  routes,
  openApi: {
    paths: {
      '/group-programmes': {
        get: {
          operationId: 'listGroupProgrammes', summary: 'The catalogue of group programmes; creates the default catalogue the first time. Inactive programmes only for the coordinator', 'x-permission': 'group.read',
          parameters: [{ name: 'municipality', in: 'query', schema: { type: 'string', pattern: '^GM\\d{4}$' }, description: 'Programmes for this municipality and those for all' }],
          responses: { '200': { description: 'Programmes', ...jsonBody(list('GroupProgramme')) }, ...forbidden, ...common },
        },
        post: {
          operationId: 'createGroupProgramme', summary: 'Add a programme of the organisation\'s own', 'x-permission': 'group.configure',
          requestBody: { required: true, ...jsonBody(ref('GroupProgrammeInput')) },
          responses: { '201': { description: 'Created', ...jsonBody(ref('GroupProgramme')) }, ...forbidden, ...invalid, ...common },
        },
      },
      '/group-programmes/{id}': {
        get: {
          operationId: 'getGroupProgramme', summary: 'One programme', 'x-permission': 'group.read',
          parameters: [idParam], responses: { '200': { description: 'Programme', ...jsonBody(ref('GroupProgramme')) }, ...forbidden, ...common },
        },
        patch: {
          operationId: 'updateGroupProgramme', summary: 'Change a programme; states the version read (REL-LOCK). A built-in name or description once changed is shown as written', 'x-permission': 'group.configure',
          parameters: [idParam], requestBody: { required: true, ...jsonBody(ref('GroupProgrammePatchInput')) },
          responses: { '200': { description: 'Updated', ...jsonBody(ref('GroupProgramme')) }, ...forbidden, ...conflictResponse, ...invalid, ...common },
        },
      },
      '/group-editions': {
        get: {
          operationId: 'listGroupEditions', summary: 'The organisation\'s editions with dates, next session and free places; running and upcoming first', 'x-permission': 'group.read',
          parameters: [
            { name: 'municipality', in: 'query', schema: { type: 'string', pattern: '^GM\\d{4}$' } },
            { name: 'status', in: 'query', schema: { type: 'string', enum: [...EDITION_STATUSES] }, description: 'The status as shown (running follows from the dates)' },
            { name: 'programme', in: 'query', schema: uuid },
          ],
          responses: { '200': { description: 'Editions', ...jsonBody(list('GroupEditionSummary')) }, ...forbidden, ...common },
        },
        post: {
          operationId: 'createGroupEdition', summary: 'Plan an edition: its sessions are generated from the first date, one per programme session, every `everyWeeks` weeks', 'x-permission': 'group.configure',
          requestBody: { required: true, ...jsonBody(ref('GroupEditionInput')) },
          responses: { '201': { description: 'Created', ...jsonBody(ref('GroupEdition')) }, ...forbidden, ...invalid, ...common },
        },
      },
      '/group-editions/{id}': {
        get: {
          operationId: 'getGroupEdition', summary: 'An edition: facts, sessions, trainers, interpreters and counts (no participants)', 'x-permission': 'group.read',
          parameters: [idParam], responses: { '200': { description: 'Edition', ...jsonBody(ref('GroupEdition')) }, ...forbidden, ...common },
        },
        patch: {
          operationId: 'updateGroupEdition', summary: 'Change title, municipality, language, capacity (raising it moves people up from the waitlist), interpreters, or cancel; REL-LOCK on the version', 'x-permission': 'group.configure',
          parameters: [idParam], requestBody: { required: true, ...jsonBody(ref('GroupEditionPatchInput')) },
          responses: { '200': { description: 'Updated', ...jsonBody(ref('GroupEdition')) }, ...forbidden, ...conflictResponse, ...invalid, ...common },
        },
      },
      '/group-editions/{id}/sessions/{sessionId}': {
        patch: {
          operationId: 'updateGroupSession', summary: 'Move, re-time, relocate or cancel one session; REL-LOCK on the session\'s version', 'x-permission': 'group.configure',
          parameters: [idParam, { name: 'sessionId', in: 'path', required: true, schema: uuid }], requestBody: { required: true, ...jsonBody(ref('GroupSessionPatchInput')) },
          responses: { '200': { description: 'Updated', ...jsonBody(ref('GroupSession')) }, ...forbidden, ...conflictResponse, ...invalid, ...common },
        },
      },
      '/group-editions/{id}/trainers': {
        put: {
          operationId: 'setGroupEditionTrainers', summary: 'Set the edition\'s trainers as a whole (users of the organisation: trainer, professional, volunteer or coordinator); the edition\'s version guards the list', 'x-permission': 'group.configure',
          parameters: [idParam], requestBody: { required: true, ...jsonBody(ref('GroupTrainersInput')) },
          responses: { '200': { description: 'Updated', ...jsonBody(ref('GroupEdition')) }, ...forbidden, ...conflictResponse, ...invalid, ...common },
        },
      },
    },
    schemas: {
      GroupProgramme: {
        type: 'object',
        properties: {
          id: uuid, municipalityCode: nullable('string', { description: 'null: every municipality of the organisation' }), municipalityName: nullable('string'),
          offerKey: nullable('string', { description: 'A built-in programme: pvt, empowerment or a pyramid group topic' }),
          name: { type: 'string' }, description: { type: 'string' },
          layers: { type: 'array', items: { type: 'string', enum: [...PYRAMID_LAYERS] } }, languages: { type: 'array', items: { type: 'string' } },
          sessionCount: { type: 'integer' }, maxParticipants: { type: 'integer' }, completionRule: { type: 'string', enum: [...COMPLETION_RULES] },
          completionPercent: { type: 'integer' }, certificate: { type: 'boolean' }, countsFor: { type: ['string', 'null'], enum: [...INBURGERING_PARTS, null] },
          minimumHours: nullable('integer'), active: { type: 'boolean' }, version: { type: 'integer' },
          builtInName: { type: 'boolean', description: 'The name is still the built-in text; clients may show the translation of its key' },
          builtInDescription: { type: 'boolean' },
        },
      },
      GroupSession: session,
      GroupEditionSummary: {
        type: 'object',
        properties: {
          id: uuid, programmeId: uuid, programme: programmeText, title: { type: 'string' }, municipalityCode: { type: 'string' }, municipalityName: { type: 'string' },
          language: { type: 'string' }, capacity: { type: 'integer' }, status: { type: 'string', enum: [...EDITION_STATUSES] },
          displayStatus: { type: 'string', enum: [...EDITION_STATUSES] }, enrolled: { type: 'integer' }, waitlisted: { type: 'integer' }, freePlaces: { type: 'integer' },
          firstDate: nullable('string', { format: 'date' }), lastDate: nullable('string', { format: 'date' }), sessionCount: { type: 'integer' },
          nextSession: { oneOf: [ref('GroupSession'), { type: 'null' }] }, trainer: { type: 'boolean', description: 'The caller is one of its trainers' }, version: { type: 'integer' },
        },
      },
      GroupEdition: {
        type: 'object',
        properties: {
          id: uuid, programmeId: uuid, programmeName: { type: 'string' }, programme: programmeText, offerKey: nullable('string'), municipalityCode: { type: 'string' },
          municipalityName: { type: 'string' }, title: { type: 'string' }, language: { type: 'string' }, capacity: { type: 'integer' },
          status: { type: 'string', enum: [...EDITION_STATUSES] }, displayStatus: { type: 'string', enum: [...EDITION_STATUSES] }, version: { type: 'integer' },
          sessionCount: { type: 'integer' }, completionRule: { type: 'string', enum: [...COMPLETION_RULES] }, completionPercent: { type: 'integer' },
          certificate: { type: 'boolean' }, countsFor: { type: ['string', 'null'], enum: [...INBURGERING_PARTS, null] }, minimumHours: nullable('integer'),
          programmeLanguages: { type: 'array', items: { type: 'string' } }, programmeMaxParticipants: { type: 'integer' },
          interpreters: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, language: { type: 'string' } } } },
          trainers: { type: 'array', items: { type: 'object', properties: { userId: uuid, name: { type: 'string' }, role: { type: 'string' } } } },
          sessions: { type: 'array', items: ref('GroupSession') },
          enrolled: { type: 'integer' }, waitlisted: { type: 'integer' }, freePlaces: { type: 'integer' }, scheduledHours: { type: 'number' },
          relation: { type: 'object', properties: { sameOrganisation: { type: 'boolean' }, trainer: { type: 'boolean' } } },
          permissions: { type: 'object', properties: { participants: { type: 'boolean' }, attendance: { type: 'boolean' }, close: { type: 'boolean' }, configure: { type: 'boolean' } } },
        },
      },
      GroupProgrammeInput: inputSchema(ProgrammeInput),
      GroupProgrammePatchInput: inputSchema(ProgrammePatchInput),
      GroupEditionInput: inputSchema(EditionInput),
      GroupEditionPatchInput: inputSchema(EditionPatchInput),
      GroupSessionPatchInput: inputSchema(SessionPatchInput),
      GroupTrainersInput: inputSchema(TrainersInput),
    },
  },
};
