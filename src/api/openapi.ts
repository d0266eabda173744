import { z } from 'zod';
import { HouseholdInput, MemberInput } from '../features/households/index.ts';
import { NoteInput } from '../features/journal/index.ts';
import { FEATURE_APIS } from './features.ts';
import { common, idParam, inputSchema, jsonBody, paged, pageParams, problem } from './support.ts';

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
          responses: { '201': { description: 'Created', ...json({ type: 'object', properties: { id: { type: 'string', format: 'uuid' } } }) }, '403': problem('Not allowed'), '422': problem('Invalid input'), ...common },
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
        get: { operationId: 'getHousehold', summary: 'Open a household dossier (audited)', 'x-permission': 'household.read', parameters: [idParam], responses: { '200': { description: 'Household', ...json({ $ref: '#/components/schemas/Household' }) }, ...common } },
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
        Member: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, givenNames: { type: 'string' }, familyName: { type: 'string' }, dateOfBirth: { type: ['string', 'null'], format: 'date' }, relation: { type: 'string', enum: ['head', 'partner', 'child', 'other'] }, languages: { type: 'array', items: { type: 'string' } } } },
        Household: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, reference: { type: 'string' }, municipalityCode: { type: 'string' }, municipalityName: { type: 'string' }, housingDate: { type: ['string', 'null'], format: 'date' }, coachName: { type: ['string', 'null'] }, version: { type: 'integer' }, members: { type: 'array', items: { $ref: '#/components/schemas/Member' } }, permissions: { type: 'object', additionalProperties: { type: 'boolean' } } } },
        Note: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, occurredOn: { type: 'string', format: 'date' }, kind: { type: 'string' }, durationMinutes: { type: 'integer' }, withInterpreter: { type: 'boolean' }, text: { type: 'string' }, sensitivity: { type: 'string', enum: ['normal', 'sensitive'] }, authorName: { type: ['string', 'null'] }, authoredByMe: { type: 'boolean' }, createdAt: { type: 'string', format: 'date-time' } } },
      },
    },
  };
}
