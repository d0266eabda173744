import { Hono } from 'hono';
import { failure, inTenant } from '../platform/context.ts';
import type { AppEnv } from '../platform/http/context.ts';
import { parseInput } from '../platform/validation.ts';
import { EditionEnrolInput, EnrolInput, WITHDRAW_REASONS, WithdrawInput } from '../features/groups/enrolment-inputs.ts';
import { enrolIntoEdition, enrolMember, readParticipants, withdrawEnrolment } from '../features/groups/enrolments.ts';
import { householdGroups } from '../features/groups/household.ts';
import { EDITION_STATUSES, ENROLMENT_STATUSES } from '../features/groups/schema.ts';
import type { FeatureApi } from './features.ts';
import { common, conflictResponse, idParam, inputSchema, json, jsonBody, problem, requireActor, bodyLater } from './support.ts';

// Enrolment in group programmes for other programs: the same feature functions as the pages. An edition, a
// household or an enrolment outside your scope answers 404 like a random id (AUTH-HIDE).

function routes(): Hono<AppEnv> {
  const api = new Hono<AppEnv>();

  api.get('/group-editions/:id/enrolments', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => readParticipants(tx, caller, c.req.param('id')));
    if (!result.ok) throw failure(result);
    const { canManage: _canManage, ...list } = result.value;
    return c.json(list);
  });

  api.post('/group-editions/:id/enrolments', async (c) => {
    const caller = requireActor(c);
    const body = await bodyLater(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => enrolIntoEdition(tx, caller, c.req.param('id'), () => parseInput(EditionEnrolInput, body())));
    if (!result.ok) throw failure(result);
    return c.json(result.value, 201);
  });

  api.post('/group-enrolments/:id/withdraw', async (c) => {
    const caller = requireActor(c);
    const body = await bodyLater(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => withdrawEnrolment(tx, caller, c.req.param('id'), () => parseInput(WithdrawInput, body())));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  api.get('/households/:id/groups', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => householdGroups(tx, caller, c.req.param('id'), undefined, 'api'));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  api.post('/households/:id/groups/enrolments', async (c) => {
    const caller = requireActor(c);
    const body = await bodyLater(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => enrolMember(tx, caller, c.req.param('id'), () => parseInput(EnrolInput, body())));
    if (!result.ok) throw failure(result);
    return c.json(result.value, 201);
  });

  return api;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const uuid = { type: 'string', format: 'uuid' };
const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, 'null'], ...extra });
const enrolmentStatus = { type: 'string', enum: [...ENROLMENT_STATUSES] };
const invalid = { '422': problem('Invalid input; `fields` names each field with its message key (e.g. validation.group_enrolment_duplicate: already enrolled or waitlisted in this edition)') };
const forbiddenResponse = { '403': problem('Not allowed — not a coach, supervisor or coordinator of the household, or the file is closed') };

const participant = {
  type: 'object',
  description: 'AUTH-FIELDS: what running the group needs and nothing else of the file. householdId, householdReference and version only for the coordinator.',
  required: ['id', 'givenNames', 'familyName', 'languages', 'interpreterLanguage', 'status'],
  properties: {
    id: { ...uuid, description: 'The enrolment' }, givenNames: { type: 'string' }, familyName: { type: 'string' },
    languages: { type: 'array', items: { type: 'string' } }, interpreterLanguage: nullable('string'), status: enrolmentStatus,
    householdId: uuid, householdReference: { type: 'string' }, version: { type: 'integer' },
  },
};
const enrolment = {
  type: 'object',
  properties: {
    id: uuid, editionId: uuid, householdId: uuid, memberId: uuid, proposalId: nullable('string', { format: 'uuid' }), status: enrolmentStatus,
    position: nullable('integer', { description: '1-based place on the waitlist; null when not waitlisted' }), version: { type: 'integer' },
  },
};
const session = nullable('object');
const editionOption = {
  type: 'object',
  properties: {
    id: uuid, programmeName: { type: 'string' }, offerKey: nullable('string'), title: { type: 'string' }, municipalityCode: { type: 'string' },
    municipalityName: { type: 'string' }, programmeMunicipalityCode: nullable('string'), status: { type: 'string', enum: [...EDITION_STATUSES] },
    capacity: { type: 'integer' }, enrolled: { type: 'integer' }, waitlisted: { type: 'integer' }, free: { type: 'integer' }, firstSession: session,
  },
};

export const groupEnrolmentsApi: FeatureApi = {
  routes,
  openApi: {
    paths: {
      '/group-editions/{id}/enrolments': {
        get: {
          operationId: 'listEditionEnrolments', summary: 'The participants and the waitlist (in order) of an edition, with free places; for the coordinator and the edition\'s trainers (audited, counts only)', 'x-permission': 'edition.participants',
          parameters: [idParam],
          responses: { '200': { description: 'Participants and waitlist', ...jsonBody(ref('EditionParticipants')) }, '403': problem('Not one of this edition\'s trainers'), ...common },
        },
        post: {
          operationId: 'enrolIntoEdition', summary: 'Enrol a person of a household you may enrol for (the coordinator: any of the organisation); a full edition puts her on the waitlist', 'x-permission': 'group.enrol',
          parameters: [idParam], requestBody: { required: true, ...jsonBody(ref('GroupEditionEnrolInput')) },
          responses: { '201': { description: 'Enrolled or waitlisted (see status and position)', ...jsonBody(ref('GroupEnrolment')) }, ...forbiddenResponse, ...invalid, ...common },
        },
      },
      '/group-enrolments/{id}/withdraw': {
        post: {
          operationId: 'withdrawEnrolment', summary: 'Withdraw at the version read (REL-LOCK); a freed place goes to the first on the waitlist in the same transaction. The reason is a code, kept in the audit trail only', 'x-permission': 'group.enrol',
          parameters: [idParam], requestBody: { required: true, ...jsonBody(ref('GroupWithdrawInput')) },
          responses: {
            '200': { description: 'Withdrawn', ...jsonBody({ type: 'object', properties: { enrolment: ref('GroupEnrolment'), promoted: { type: 'integer', description: 'People moved up from the waitlist' } } }) },
            ...forbiddenResponse, ...conflictResponse, ...invalid, ...common,
          },
        },
      },
      '/households/{id}/groups': {
        get: {
          operationId: 'getHouseholdGroups', summary: 'Per person: programmes followed with period, status, attendance (present of sessions held) and certificate; the plan\'s open proposals with fitting editions; every open edition (audited)', 'x-permission': 'group.read_file',
          parameters: [idParam],
          responses: { '200': { description: 'The household\'s group programmes', ...jsonBody(ref('HouseholdGroups')) }, '403': problem('Not allowed'), ...common },
        },
      },
      '/households/{id}/groups/enrolments': {
        post: {
          operationId: 'enrolHouseholdMember', summary: 'Enrol a member of the household, answering a proposal of the plan (proposalId) or not; a full edition puts her on the waitlist', 'x-permission': 'group.enrol',
          parameters: [idParam], requestBody: { required: true, ...jsonBody(ref('GroupEnrolInput')) },
          responses: { '201': { description: 'Enrolled or waitlisted (see status and position)', ...jsonBody(ref('GroupEnrolment')) }, ...forbiddenResponse, ...invalid, ...common },
        },
      },
    },
    schemas: {
      GroupEnrolment: enrolment,
      EditionParticipant: participant,
      EditionParticipants: {
        type: 'object',
        properties: {
          editionId: uuid, capacity: { type: 'integer' }, taken: { type: 'integer' }, free: { type: 'integer' },
          participants: { type: 'array', items: ref('EditionParticipant') },
          waitlist: { type: 'array', description: 'In order: position 1 moves up first', items: { allOf: [ref('EditionParticipant'), { type: 'object', required: ['position'], properties: { position: { type: 'integer', minimum: 1 } } }] } },
        },
      },
      HouseholdGroups: {
        type: 'object',
        properties: {
          householdId: uuid, reference: { type: 'string' }, municipalityCode: { type: 'string' }, fileClosed: { type: 'boolean' }, canEnrol: { type: 'boolean' },
          persons: { type: 'array', items: { type: 'object', properties: {
            memberId: uuid, givenNames: { type: 'string' }, familyName: { type: 'string' }, relation: { type: 'string' },
            enrolments: { type: 'array', items: { type: 'object', properties: {
              id: uuid, editionId: uuid, programmeName: { type: 'string' }, offerKey: nullable('string'), editionTitle: { type: 'string' },
              editionStatus: { type: 'string', enum: [...EDITION_STATUSES] }, municipalityName: { type: 'string' }, status: enrolmentStatus,
              position: nullable('integer'), version: { type: 'integer' }, proposalId: nullable('string', { format: 'uuid' }),
              firstSessionOn: nullable('string', { format: 'date' }), lastSessionOn: nullable('string', { format: 'date' }), nextSession: session,
              sessionsHeld: { type: 'integer' }, sessionsPlanned: { type: 'integer' }, present: { type: 'integer' },
              certificateId: nullable('string', { format: 'uuid', description: 'The PDF is at /groepen/certificaten/{certificateId}/pdf' }),
            } } },
            proposals: { type: 'array', items: { type: 'object', properties: {
              id: uuid, offerKey: nullable('string'), label: nullable('string'), householdWide: { type: 'boolean' }, editions: { type: 'array', items: editionOption },
            } } },
          } } },
          openEditions: { type: 'array', items: editionOption },
        },
      },
      GroupEnrolInput: inputSchema(EnrolInput),
      GroupEditionEnrolInput: inputSchema(EditionEnrolInput),
      GroupWithdrawInput: { ...inputSchema(WithdrawInput), description: `reason: one of ${WITHDRAW_REASONS.join(', ')}` },
    },
  },
};
