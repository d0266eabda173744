import { Hono } from 'hono';
import { failure, inTenant } from '../platform/context.ts';
import type { AppEnv } from '../platform/http/context.ts';
import { parseInput } from '../platform/validation.ts';
import {
  addMilestone, addPipGoal, deleteMilestone, MilestoneDeleteInput, MilestoneInput, MilestoneUpdateInput, PipGoalInput, readInburgering, removePipGoal,
  updateMilestone,
} from '../features/plans/inburgering.ts';
import { changeLayer, LayerChangeInput, readPyramid } from '../features/plans/pyramid.ts';
import { EXAM_LEVELS, EXAM_SKILLS, MILESTONE_KINDS, MILESTONE_RESULTS } from '../features/plans/schema.ts';
import { LEARNING_ROUTES, PYRAMID_LAYERS, TARGET_GROUPS } from '../features/households/schema.ts';
import type { FeatureApi } from './features.ts';
import { common, conflictResponse, idParam, inputSchema, json, jsonBody, problem, requireActor, ref, uuidParam } from './support.ts';

// A person's inburgering (PIP goals, PVT, MAP, KNM, exams) and pyramid layer, for other programs. The same
// feature functions as the pages: a household or person outside your scope answers 404 like a random id.

function routes(): Hono<AppEnv> {
  const api = new Hono<AppEnv>();
  const base = '/households/:id/members/:memberId';

  api.get(`${base}/inburgering`, async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => readInburgering(tx, caller, c.req.param('id'), c.req.param('memberId')));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  api.post(`${base}/inburgering/milestones`, async (c) => {
    const caller = requireActor(c);
    const input = parseInput(MilestoneInput, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => addMilestone(tx, caller, c.req.param('id'), c.req.param('memberId'), input));
    if (!result.ok) throw failure(result);
    return c.json(result.value, 201);
  });

  api.patch(`${base}/inburgering/milestones/:milestoneId`, async (c) => {
    const caller = requireActor(c);
    const input = parseInput(MilestoneUpdateInput, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => updateMilestone(tx, caller, c.req.param('id'), c.req.param('memberId'), c.req.param('milestoneId'), input));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  api.delete(`${base}/inburgering/milestones/:milestoneId`, async (c) => {
    const caller = requireActor(c);
    // The version read travels as ?version= (a DELETE has no body in many clients).
    const input = parseInput(MilestoneDeleteInput, { version: c.req.query('version') });
    const result = await inTenant(c.get('deps').database, caller, (tx) => deleteMilestone(tx, caller, c.req.param('id'), c.req.param('memberId'), c.req.param('milestoneId'), input));
    if (!result.ok) throw failure(result);
    return c.body(null, 204);
  });

  api.post(`${base}/inburgering/pip-goals`, async (c) => {
    const caller = requireActor(c);
    const input = parseInput(PipGoalInput, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => addPipGoal(tx, caller, c.req.param('id'), c.req.param('memberId'), input));
    if (!result.ok) throw failure(result);
    return c.json(result.value, 201);
  });

  api.delete(`${base}/inburgering/pip-goals/:goalId`, async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => removePipGoal(tx, caller, c.req.param('id'), c.req.param('memberId'), c.req.param('goalId')));
    if (!result.ok) throw failure(result);
    return c.body(null, 204);
  });

  api.get(`${base}/pyramid`, async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => readPyramid(tx, caller, c.req.param('id'), c.req.param('memberId')));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  api.post(`${base}/pyramid`, async (c) => {
    const caller = requireActor(c);
    const input = parseInput(LayerChangeInput, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => changeLayer(tx, caller, c.req.param('id'), c.req.param('memberId'), input));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  return api;
}

const memberIdParam = uuidParam('memberId');
const forbiddenResponse = { '403': problem('Not allowed — the regisseur reads but does not write; any write on a closed (read-only) file') };
const invalid = { '422': problem('Invalid input; `fields` names each field with its message key') };
const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, 'null'], ...extra });
const nullableEnum = (values: readonly string[]) => ({ type: ['string', 'null'], enum: [...values, null] });

const milestone = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' }, kind: { type: 'string', enum: [...MILESTONE_KINDS] }, skill: nullableEnum(EXAM_SKILLS), level: nullableEnum(EXAM_LEVELS),
    date: nullable('string', { format: 'date' }), result: { type: 'string', enum: [...MILESTONE_RESULTS], description: 'PVT: passed = signed; MAP: passed = final talk held' },
    hours: nullable('integer'), version: { type: 'integer' }, recordedByName: nullable('string'), updatedAt: { type: 'string', format: 'date-time' },
  },
};
const pipGoal = { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, text: { type: 'string' }, createdAt: { type: 'string', format: 'date-time' } } };
const offer = { type: 'object', properties: { key: nullable('string'), label: nullable('string'), layer: { type: 'string', enum: [...PYRAMID_LAYERS] }, kind: { type: 'string', enum: ['individual', 'group'] }, domainKey: nullable('string') } };

export const inburgeringApi: FeatureApi = {
  routes,
  openApi: {
    paths: {
      '/households/{id}/members/{memberId}/inburgering': {
        get: {
          operationId: 'getInburgering', summary: 'A person\'s inburgering: learning route, PIP date and goals, integration term, PVT, MAP, KNM and exams with free attempts left (audited)', 'x-permission': 'inburgering.read',
          parameters: [idParam, memberIdParam],
          responses: { '200': { description: 'Inburgering', ...jsonBody(ref('Inburgering')) }, ...forbiddenResponse, ...common },
        },
      },
      '/households/{id}/members/{memberId}/inburgering/milestones': {
        post: {
          operationId: 'addInburgeringMilestone', summary: 'Record a PVT, MAP, KNM or exam (an exam needs a skill)', 'x-permission': 'inburgering.update',
          parameters: [idParam, memberIdParam], requestBody: { required: true, ...jsonBody(ref('InburgeringMilestoneInput')) },
          responses: { '201': { description: 'Added', ...jsonBody(ref('InburgeringMilestone')) }, ...forbiddenResponse, ...invalid, ...common },
        },
      },
      '/households/{id}/members/{memberId}/inburgering/milestones/{milestoneId}': {
        patch: {
          operationId: 'updateInburgeringMilestone', summary: 'Change a milestone; states the version read (REL-LOCK)', 'x-permission': 'inburgering.update',
          parameters: [idParam, memberIdParam, uuidParam('milestoneId')], requestBody: { required: true, ...jsonBody(ref('InburgeringMilestoneUpdateInput')) },
          responses: { '200': { description: 'Updated', ...jsonBody(ref('InburgeringMilestone')) }, ...forbiddenResponse, ...conflictResponse, ...invalid, ...common },
        },
        delete: {
          operationId: 'deleteInburgeringMilestone', summary: 'Delete a milestone entered by mistake, at the version read (REL-LOCK)', 'x-permission': 'inburgering.update',
          parameters: [idParam, memberIdParam, uuidParam('milestoneId'), { name: 'version', in: 'query', required: true, schema: { type: 'integer', minimum: 1 } }],
          responses: { '204': { description: 'Deleted' }, ...forbiddenResponse, ...conflictResponse, ...invalid, ...common },
        },
      },
      '/households/{id}/members/{memberId}/inburgering/pip-goals': {
        post: {
          operationId: 'addPipGoal', summary: 'Add a goal from the municipality\'s PIP', 'x-permission': 'inburgering.update',
          parameters: [idParam, memberIdParam], requestBody: { required: true, ...jsonBody(ref('PipGoalInput')) },
          responses: { '201': { description: 'Added', ...jsonBody(ref('PipGoal')) }, ...forbiddenResponse, ...invalid, ...common },
        },
      },
      '/households/{id}/members/{memberId}/inburgering/pip-goals/{goalId}': {
        delete: {
          operationId: 'removePipGoal', summary: 'Remove a PIP goal', 'x-permission': 'inburgering.update',
          parameters: [idParam, memberIdParam, uuidParam('goalId')],
          responses: { '204': { description: 'Removed' }, ...forbiddenResponse, ...common },
        },
      },
      '/households/{id}/members/{memberId}/pyramid': {
        get: {
          operationId: 'getPyramidLayer', summary: 'A person\'s pyramid layer, its history, and per layer the recommended individual topics and group programmes (audited)', 'x-permission': 'plan.read',
          parameters: [idParam, memberIdParam],
          responses: { '200': { description: 'Layer and history', ...jsonBody(ref('MemberPyramid')) }, ...forbiddenResponse, ...common },
        },
        post: {
          operationId: 'changePyramidLayer', summary: 'Move a person to another layer from a date on; `currentLayer` is the layer read (REL-LOCK); the same layer again changes nothing', 'x-permission': 'plan.write',
          parameters: [idParam, memberIdParam], requestBody: { required: true, ...jsonBody(ref('MemberPyramidChangeInput')) },
          responses: { '200': { description: 'Changed', ...jsonBody(ref('MemberPyramid')) }, ...forbiddenResponse, ...conflictResponse, ...invalid, ...common },
        },
      },
    },
    schemas: {
      InburgeringMilestone: milestone,
      PipGoal: pipGoal,
      Inburgering: {
        type: 'object',
        properties: {
          householdId: { type: 'string', format: 'uuid' }, householdReference: { type: 'string' }, memberId: { type: 'string', format: 'uuid' },
          memberName: { type: 'string' }, originalName: nullable('string'), targetGroup: nullableEnum(TARGET_GROUPS), learningRoute: nullableEnum(LEARNING_ROUTES),
          duoNoticeDate: nullable('string', { format: 'date' }), pipDueOn: nullable('string', { format: 'date' }), pipDate: nullable('string', { format: 'date' }),
          integrationTermEndsOn: nullable('string', { format: 'date' }),
          pipGoals: { type: 'array', items: ref('PipGoal') }, milestones: { type: 'array', items: ref('InburgeringMilestone') },
          exams: { type: 'array', items: { type: 'object', properties: {
            skill: { type: 'string', enum: [...EXAM_SKILLS] }, attempts: { type: 'integer', description: 'Exams of this skill with a result (passed or failed)' }, passed: { type: 'boolean' },
            latest: { oneOf: [ref('InburgeringMilestone'), { type: 'null' }] },
            freeAttemptsLeft: { type: ['integer', 'null'], description: 'Asylum status holders: 2 minus the attempts, at least 0; null for other target groups' },
          } } },
          freeAttempts: { type: 'boolean' }, canUpdate: { type: 'boolean' }, fileClosed: { type: 'boolean' }, canReadPlan: { type: 'boolean' },
        },
      },
      MemberPyramid: {
        type: 'object',
        properties: {
          householdId: { type: 'string', format: 'uuid' }, householdReference: { type: 'string' }, memberId: { type: 'string', format: 'uuid' }, memberName: { type: 'string' },
          layer: { type: 'string', enum: [...PYRAMID_LAYERS] },
          history: { type: 'array', description: 'Newest first', items: { type: 'object', properties: { layer: { type: 'string', enum: [...PYRAMID_LAYERS] }, since: { type: 'string', format: 'date' }, recordedByName: nullable('string') } } },
          offers: { type: 'array', items: { type: 'object', properties: { layer: { type: 'string', enum: [...PYRAMID_LAYERS] }, individual: { type: 'array', items: offer }, group: { type: 'array', items: offer } } } },
          domains: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, label: nullable('string'), sensitiveByDefault: { type: 'boolean' } } } },
          canWrite: { type: 'boolean' }, fileClosed: { type: 'boolean' },
        },
      },
      InburgeringMilestoneInput: inputSchema(MilestoneInput),
      InburgeringMilestoneUpdateInput: inputSchema(MilestoneUpdateInput),
      PipGoalInput: inputSchema(PipGoalInput),
      MemberPyramidChangeInput: inputSchema(LayerChangeInput),
    },
  },
};
