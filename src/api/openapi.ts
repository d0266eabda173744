import { z } from 'zod';
import { HouseholdInput, HouseholdUpdateInput, MemberInput } from '../features/households/index.ts';
import { NoteInput } from '../features/journal/index.ts';
import { FEATURE_APIS } from './features.ts';
import { common, conflictResponse, idParam, inputSchema, jsonBody, paged, pageParams, problem } from './support.ts';

// The API's contract (OpenAPI 3.1). Input schemas come from the same zod schemas the routes parse with;
// tests/integration/api.test.ts checks that every route of apiV1() is described here and vice versa.
const json = jsonBody;

export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: { title: 'Thuis API', version: '1.0.0', description: 'Households, members and journal notes. Every read is audited; records outside your scope answer 404.' },
    servers: [{ url: '/api/v1' }],
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    paths: {
      '/me': { get: { operationId: 'getMe', summary: 'The signed-in user', 'x-permission': 'authenticated', responses: { '200': { description: 'User', ...json({ type: 'object' }) }, ...common } } },
      '/households': {
        get: {
          operationId: 'listHouseholds', summary: 'Households in your caseload', 'x-permission': 'household.list',
          parameters: [...pageParams],
          responses: { '200': { description: 'Page of households', ...json(paged('CaseloadItem')) }, ...common },
        },
        post: {
          operationId: 'createHousehold', summary: 'Register a household', 'x-permission': 'household.create',
          requestBody: { required: true, ...json({ $ref: '#/components/schemas/HouseholdInput' }) },
          responses: {
            '201': { description: 'Created', ...json({ type: 'object', properties: { id: { type: 'string', format: 'uuid' } } }) },
            '403': problem('Not allowed (also: a BSN or V-nummer from an organisation without a municipal task; nothing is created)'),
            '409': { description: 'Probable duplicates of these people exist; nothing was created. Send again with allowDuplicate: true to register anyway', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/DuplicatesProblem' } } } },
            '422': problem('Invalid input'), ...common,
          },
        },
      },
      '/households/search': {
        post: {
          operationId: 'searchHouseholds', summary: 'Search your caseload by name or reference (the term stays out of URLs)', 'x-permission': 'household.list',
          requestBody: { required: true, ...json({ $ref: '#/components/schemas/SearchInput' }) },
          responses: { '200': { description: 'Page of households', ...json(paged('CaseloadItem')) }, '422': problem('Invalid input'), ...common },
        },
      },
      '/households/{id}': {
        get: { operationId: 'getHousehold', summary: 'Open a household dossier (audited). Members carry `identity` (masked) only for who may read identity numbers', 'x-permission': 'household.read', parameters: [idParam], responses: { '200': { description: 'Household', ...json({ $ref: '#/components/schemas/Household' }) }, ...common } },
        patch: {
          operationId: 'updateHousehold', summary: 'Change the household\'s own facts (only the fields sent; null clears); `version` is the one you read', 'x-permission': 'household.update',
          parameters: [idParam], requestBody: { required: true, ...json({ $ref: '#/components/schemas/HouseholdUpdateInput' }) },
          responses: { '200': { description: 'Saved', ...json({ type: 'object', properties: { id: { type: 'string', format: 'uuid' }, version: { type: 'integer' } } }) }, '403': problem('Not allowed'), '422': problem('Invalid input'), ...conflictResponse, ...common },
        },
      },
      '/households/{id}/members': {
        get: { operationId: 'listMembers', summary: 'Members of a household', 'x-permission': 'household.read', parameters: [idParam, ...pageParams], responses: { '200': { description: 'Members', ...json(paged('Member')) }, ...common } },
        post: { operationId: 'addMember', summary: 'Add a member', 'x-permission': 'household.update', parameters: [idParam], requestBody: { required: true, ...json({ $ref: '#/components/schemas/MemberInput' }) }, responses: { '201': { description: 'Created', ...json({ type: 'object' }) }, '403': problem('Not allowed'), '422': problem('Invalid input'), ...common } },
      },
      '/households/{id}/notes': {
        get: { operationId: 'listNotes', summary: 'Journal notes you may read', 'x-permission': 'journal.read', parameters: [idParam, ...pageParams], responses: { '200': { description: 'Notes', ...json(paged('Note')) }, '403': problem('Not allowed'), ...common } },
        post: {
          operationId: 'createNote', summary: 'Add a journal note', 'x-permission': 'journal.create',
          parameters: [idParam, { name: 'Idempotency-Key', in: 'header', schema: { type: 'string', minLength: 8, maxLength: 100 }, description: 'A retry with the same key returns the first note (200) instead of creating another.' }],
          requestBody: { required: true, ...json({ $ref: '#/components/schemas/NoteInput' }) },
          responses: { '201': { description: 'Created', ...json({ type: 'object' }) }, '200': { description: 'Replay of an earlier request', ...json({ type: 'object' }) }, '403': problem('Not allowed'), '422': problem('Invalid input'), ...common },
        },
      },
      ...(Object.assign({}, ...FEATURE_APIS.map((f) => f.openApi.paths)) as Record<string, Record<string, unknown>>),
      '/openapi.json': { get: { operationId: 'getOpenApi', summary: 'This document', security: [], 'x-permission': 'public', responses: { '200': { description: 'OpenAPI document' } } } },
    },
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'Personal API token (thuis token create)' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: '__Host-thuis_session', description: 'Browser session; state-changing requests also need the X-CSRF-Token header' },
      },
      schemas: {
        HouseholdInput: inputSchema(HouseholdInput),
        SearchInput: { type: 'object', required: ['q'], properties: { q: { type: 'string', minLength: 1, maxLength: 100 }, page: { type: 'integer', minimum: 1, default: 1 }, pageSize: { type: 'integer', minimum: 1, maximum: 100, default: 25 } } },
        MemberInput: inputSchema(MemberInput),
        NoteInput: inputSchema(NoteInput.omit({ idempotencyKey: true })),
        ...Object.assign({}, ...FEATURE_APIS.map((f) => f.openApi.schemas)),
        Problem: {
          type: 'object', required: ['type', 'title', 'status'],
          properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, instance: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } } } },
        },
        CaseloadItem: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, reference: { type: 'string' }, municipalityCode: { type: 'string' }, municipalityName: { type: 'string' }, housingDate: { type: ['string', 'null'], format: 'date' }, memberCount: { type: 'integer' }, headName: { type: ['string', 'null'] }, coachName: { type: ['string', 'null'] }, lastContactOn: { type: ['string', 'null'], format: 'date' } } },
        HouseholdUpdateInput: inputSchema(HouseholdUpdateInput),
        Deadline: { type: 'object', required: ['kind', 'on', 'met', 'overdue'], properties: { kind: { type: 'string', enum: ['pip_due', 'integration_term_ends', 'ontzorgen_ends', 'keys_target', 'pop_due'] }, on: { type: 'string', format: 'date' }, met: { type: 'boolean' }, metOn: { type: ['string', 'null'], format: 'date', description: 'When it was met (pop_due: the day the last adult\'s POP was established)' }, overdue: { type: 'boolean' } } },
        DuplicatesProblem: {
          type: 'object', required: ['type', 'title', 'status', 'duplicates'],
          properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' },
            duplicates: { type: 'array', items: { type: 'object', properties: { member: { type: 'integer', description: 'index into members' }, householdId: { type: ['string', 'null'], format: 'uuid', description: 'null when the household is outside your caseload' }, reference: { type: ['string', 'null'] } } } } },
        },
        Member: {
          type: 'object',
          properties: {
            id: { type: 'string', format: 'uuid' }, givenNames: { type: 'string' }, familyName: { type: 'string' }, originalName: { type: ['string', 'null'] },
            dateOfBirth: { type: ['string', 'null'], format: 'date', description: 'an unknown day or month is given as the 1st; see birthPrecision' },
            birthPrecision: { type: 'string', enum: ['day', 'month', 'year'] }, relation: { type: 'string', enum: ['head', 'partner', 'child', 'other'] },
            sex: { type: 'string', enum: ['f', 'm', 'x', 'u'] }, countryOfOrigin: { type: ['string', 'null'], description: 'ISO 3166-1 alpha-2' },
            languages: { type: 'array', items: { type: 'string' } }, dutchLevel: { type: ['string', 'null'] }, interpreterLanguage: { type: ['string', 'null'] },
            targetGroup: { type: ['string', 'null'] }, phone: { type: ['string', 'null'] }, email: { type: ['string', 'null'] },
            statusDate: { type: ['string', 'null'], format: 'date' }, duoNoticeDate: { type: ['string', 'null'], format: 'date' }, pipDate: { type: ['string', 'null'], format: 'date' },
            learningRoute: { type: ['string', 'null'], enum: ['b1', 'onderwijs', 'z', null] }, pyramidLayer: { type: 'string' },
            identity: { type: 'object', description: 'Only present for who may read identity numbers (AUTH-FIELDS); always masked (AUTH-BSN)', properties: { bsn: { type: ['string', 'null'] }, vNumber: { type: ['string', 'null'] } } },
            deadlines: { type: 'array', items: { $ref: '#/components/schemas/Deadline' } },
          },
        },
        Household: {
          type: 'object',
          properties: {
            id: { type: 'string', format: 'uuid' }, reference: { type: 'string' }, municipalityCode: { type: 'string' }, municipalityName: { type: 'string' },
            addressLine: { type: ['string', 'null'] }, postcode: { type: ['string', 'null'] }, city: { type: ['string', 'null'] },
            coaLinkDate: { type: ['string', 'null'], format: 'date' }, housingDate: { type: ['string', 'null'], format: 'date' }, benefitStartDate: { type: ['string', 'null'], format: 'date' },
            coachName: { type: ['string', 'null'] }, version: { type: 'integer' },
            targets: { type: 'object', properties: { keysWithinWeeks: { type: 'integer' }, popWithinWeeks: { type: 'integer' } } },
            deadlines: { type: 'array', items: { $ref: '#/components/schemas/Deadline' } },
            members: { type: 'array', items: { $ref: '#/components/schemas/Member' } },
            possibleDuplicates: { type: 'array', description: 'Only for who may merge', items: { type: 'object', properties: { householdId: { type: 'string', format: 'uuid' }, reference: { type: 'string' } } } },
            permissions: { type: 'object', additionalProperties: { type: 'boolean' } },
          },
        },
        Note: { type: 'object', description: 'A journal entry: a note, or (kind infopunt_visit) a visit to an infopunt linked to the household, with empty text and the visit in infopuntVisit', properties: { id: { type: 'string', format: 'uuid' }, occurredOn: { type: 'string', format: 'date' }, kind: { type: 'string', description: 'home_visit, phone, office_hour, group, online, or infopunt_visit' }, durationMinutes: { type: 'integer' }, withInterpreter: { type: 'boolean' }, text: { type: 'string' }, sensitivity: { type: 'string', enum: ['normal', 'sensitive'] }, authorName: { type: ['string', 'null'] }, authoredByMe: { type: 'boolean' }, createdAt: { type: 'string', format: 'date-time' }, attachments: { type: 'array', items: { type: 'object', properties: { id: { type: 'string', format: 'uuid', description: 'The generated stored name; GET /attachments/{id}' }, name: { type: 'string' }, mediaType: { type: 'string' }, byteSize: { type: 'integer' } } } }, infopuntVisit: { type: 'object', description: 'Only for kind infopunt_visit', properties: { infopuntName: { type: 'string' }, topic: { type: 'string' }, authority: { type: 'string' }, outcome: { type: 'string' }, language: { type: 'string' } } } } },
      },
    },
  };
}
