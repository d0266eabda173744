import { Hono } from 'hono';
import { failure, inTenant } from '../platform/context.ts';
import type { AppEnv } from '../platform/http/context.ts';
import { parseInput } from '../platform/validation.ts';
import { listEvaluations, readEvaluation, readNextEvaluation, recordEvaluation } from '../features/plans/evaluations.ts';
import { EvaluationInput } from '../features/plans/evaluation-inputs.ts';
import { compareVersions, listVersions, readVersion, versionNumber } from '../features/plans/versions.ts';
import { GOAL_STATUSES, VERSION_REASONS } from '../features/plans/schema.ts';
import type { FeatureApi } from './features.ts';
import { common, conflictResponse, idParam, inputSchema, json, jsonBody, problem, requireActor, ref, uuidParam } from './support.ts';

// Evaluation talks and plan versions for other programs: the same feature functions as the pages. A plan of
// another organisation answers 404 like one that does not exist; a goal or domain the caller may not see in a
// submission answers 404 for the whole submission (nothing saved).

function routes(): Hono<AppEnv> {
  const api = new Hono<AppEnv>();

  api.get('/plans/:id/evaluations', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => listEvaluations(tx, caller, c.req.param('id')));
    if (!result.ok) throw failure(result);
    return c.json({ items: result.value.items, next: result.value.next });
  });

  api.post('/plans/:id/evaluations', async (c) => {
    const caller = requireActor(c);
    const input = parseInput(EvaluationInput, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => recordEvaluation(tx, caller, c.req.param('id'), input));
    if (!result.ok) throw failure(result);
    // REL-IDEM: a replay answers 200 with the evaluation recorded the first time.
    return c.json(result.value.evaluation, result.value.replayed ? 200 : 201);
  });

  api.get('/plans/:id/evaluations/:evaluationId', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => readEvaluation(tx, caller, c.req.param('id'), c.req.param('evaluationId')));
    if (!result.ok) throw failure(result);
    return c.json(result.value.evaluation);
  });

  api.get('/plans/:id/next-evaluation', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => readNextEvaluation(tx, caller, c.req.param('id')));
    if (!result.ok) throw failure(result);
    return c.json({ next: result.value });
  });

  api.get('/plans/:id/versions', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => listVersions(tx, caller, c.req.param('id')));
    if (!result.ok) throw failure(result);
    return c.json({ items: result.value.items });
  });

  // Before /versions/:number, which would otherwise take "compare" for a number.
  api.get('/plans/:id/versions/compare', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) =>
      compareVersions(tx, caller, c.req.param('id'), versionNumber(c.req.query('a')), versionNumber(c.req.query('b'))));
    if (!result.ok) throw failure(result);
    return c.json(result.value.comparison);
  });

  api.get('/plans/:id/versions/:number', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => readVersion(tx, caller, c.req.param('id'), versionNumber(c.req.param('number'))));
    if (!result.ok) throw failure(result);
    return c.json(result.value.version);
  });

  return api;
}

const date = { type: 'string', format: 'date' };
const nullableDate = { type: ['string', 'null'], format: 'date' };
const goalStatus = { type: 'string', enum: [...GOAL_STATUSES] };
const nullableGoalStatus = { type: ['string', 'null'], enum: [...GOAL_STATUSES, null] };
const forbiddenResponse = { '403': problem('Not allowed: no plan access (the municipality\'s regisseur), or a write on a plan that is not established or of a closed (read-only) file') };
const evaluationIdParam = uuidParam('evaluationId');
const numberParam = { name: 'number', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
const versionQuery = (name: 'a' | 'b') => ({ name, in: 'query', required: true, schema: { type: 'integer', minimum: 1 }, description: name === 'a' ? 'The first version\'s number' : 'The second version\'s number' });
const action = { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, description: { type: 'string' }, status: { type: 'string', enum: ['open', 'done', 'cancelled'] }, dueOn: nullableDate } };

export const evaluationsApi: FeatureApi = {
  routes,
  openApi: {
    paths: {
      '/plans/{id}/evaluations': {
        get: {
          operationId: 'listEvaluations', summary: 'The evaluation talks of a plan, newest first, with the next one due (audited)', 'x-permission': 'plan.read',
          parameters: [idParam],
          responses: { '200': { description: 'Evaluations', ...jsonBody({ type: 'object', properties: { items: { type: 'array', items: ref('EvaluationSummary') }, next: ref('NextEvaluation') } }) }, ...forbiddenResponse, ...common },
        },
        post: {
          operationId: 'recordEvaluation',
          summary: 'Record an evaluation talk: scores per domain, progress per goal (its new status), agreements, who was present. Freezes a new version of the plan in the same transaction. '
            + 'Idempotent on `submissionKey` (REL-IDEM): the same key again answers 200 with the first evaluation and records nothing. `version` per goal is the one read (REL-LOCK). '
            + 'A goal or domain you may not see answers 404 for the whole submission.',
          'x-permission': 'plan.write',
          parameters: [idParam], requestBody: { required: true, ...jsonBody(ref('EvaluationInput')) },
          responses: {
            '201': { description: 'Recorded', ...jsonBody(ref('Evaluation')) },
            '200': { description: 'Recorded before with this submission key: the first evaluation, nothing new', ...jsonBody(ref('Evaluation')) },
            ...forbiddenResponse, ...conflictResponse, '422': problem('Invalid input'), ...common,
          },
        },
      },
      '/plans/{id}/evaluations/{evaluationId}': {
        get: {
          operationId: 'getEvaluation', summary: 'One evaluation talk, without what you may not see (AUTH-FIELDS; audited)', 'x-permission': 'plan.read',
          parameters: [idParam, evaluationIdParam],
          responses: { '200': { description: 'The evaluation', ...jsonBody(ref('Evaluation')) }, ...forbiddenResponse, ...common },
        },
      },
      '/plans/{id}/next-evaluation': {
        get: {
          operationId: 'getNextEvaluation', summary: 'When the next evaluation talk is due: the phase\'s interval after the plan was established, then after the last talk (null for a plan that is not established or a closed file)', 'x-permission': 'plan.read',
          parameters: [idParam],
          responses: { '200': { description: 'The next talk', ...jsonBody({ type: 'object', properties: { next: ref('NextEvaluation') } }) }, ...forbiddenResponse, ...common },
        },
      },
      '/plans/{id}/versions': {
        get: {
          operationId: 'listPlanVersions', summary: 'The frozen versions of a plan, oldest first: when it was established and at each evaluation (audited)', 'x-permission': 'plan.read',
          parameters: [idParam],
          responses: { '200': { description: 'Versions', ...jsonBody({ type: 'object', properties: { items: { type: 'array', items: ref('PlanVersionMeta') } } }) }, ...forbiddenResponse, ...common },
        },
      },
      '/plans/{id}/versions/compare': {
        get: {
          operationId: 'comparePlanVersions', summary: 'Compare any two versions: per domain situation and score, per goal (matched by id) text, status, target date and actions; goals added and removed. Both filtered for you (AUTH-FIELDS)', 'x-permission': 'plan.read',
          parameters: [idParam, versionQuery('a'), versionQuery('b')],
          responses: { '200': { description: 'The comparison', ...jsonBody(ref('PlanComparison')) }, ...forbiddenResponse, ...common },
        },
      },
      '/plans/{id}/versions/{number}': {
        get: {
          operationId: 'getPlanVersion', summary: 'One frozen version with its snapshot of the plan, without what you may not see (AUTH-FIELDS; audited)', 'x-permission': 'plan.read',
          parameters: [idParam, numberParam],
          responses: { '200': { description: 'The version', ...jsonBody(ref('PlanVersion')) }, ...forbiddenResponse, ...common },
        },
      },
    },
    schemas: {
      EvaluationInput: inputSchema(EvaluationInput),
      NextEvaluation: {
        type: ['object', 'null'],
        properties: { dueOn: date, overdue: { type: 'boolean', description: 'The due date has passed' }, lastHeldOn: nullableDate },
      },
      EvaluationSummary: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' }, heldOn: date, recordedByName: { type: ['string', 'null'] }, versionNumber: { type: ['integer', 'null'] },
          scores: { type: 'integer', description: 'Scores you may see' }, goals: { type: 'integer', description: 'Goals with progress you may see' },
        },
      },
      Evaluation: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' }, planId: { type: 'string', format: 'uuid' }, householdId: { type: 'string', format: 'uuid' }, heldOn: date,
          presentMembers: { type: 'array', items: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, firstName: { type: 'string' } } } },
          presentOthers: { type: ['string', 'null'] }, agreements: { type: ['string', 'null'] }, recordedByName: { type: ['string', 'null'] },
          createdAt: { type: 'string', format: 'date-time' }, versionNumber: { type: ['integer', 'null'], description: 'The plan version this talk froze' },
          scores: { type: 'array', items: { type: 'object', properties: { domainKey: { type: 'string' }, label: { type: ['string', 'null'] }, score: { type: 'integer', minimum: 1, maximum: 5 }, previous: { type: ['integer', 'null'] } } } },
          goals: { type: 'array', items: { type: 'object', properties: { goalId: { type: 'string', format: 'uuid' }, domainKey: { type: 'string' }, text: { type: 'string' }, statusBefore: goalStatus, statusAfter: goalStatus, note: { type: ['string', 'null'] } } } },
        },
      },
      PlanVersionMeta: {
        type: 'object',
        properties: {
          number: { type: 'integer' }, reason: { type: 'string', enum: [...VERSION_REASONS] }, evaluationId: { type: ['string', 'null'], format: 'uuid' },
          evaluationHeldOn: nullableDate, frozenAt: { type: 'string', format: 'date-time' }, frozenByName: { type: ['string', 'null'] },
        },
      },
      PlanVersion: {
        allOf: [ref('PlanVersionMeta'), { type: 'object', properties: { snapshot: { type: 'object', description: 'The plan as it was (the plan document: domains with situation and scores, goals with actions), filtered for you' } } }],
      },
      PlanComparison: {
        type: 'object',
        properties: {
          a: ref('PlanVersionMeta'), b: ref('PlanVersionMeta'), changes: { type: 'integer', description: 'Domains and goals that differ' },
          domains: { type: 'array', items: { type: 'object', properties: {
            key: { type: 'string' }, label: { type: ['string', 'null'] }, situationA: { type: ['string', 'null'] }, situationB: { type: ['string', 'null'] }, situationChanged: { type: 'boolean' },
            scoreA: { type: ['integer', 'null'] }, scoreB: { type: ['integer', 'null'] }, scoreChange: { type: ['string', 'null'], enum: ['higher', 'lower', 'same', 'new', 'gone', null] },
          } } },
          goals: { type: 'array', items: { type: 'object', properties: {
            id: { type: 'string', format: 'uuid' }, domainKey: { type: 'string' }, presence: { type: 'string', enum: ['both', 'added', 'removed'] },
            textA: { type: ['string', 'null'] }, textB: { type: ['string', 'null'] }, textChanged: { type: 'boolean' },
            statusA: nullableGoalStatus, statusB: nullableGoalStatus, statusChanged: { type: 'boolean' },
            targetDateA: nullableDate, targetDateB: nullableDate, targetDateChanged: { type: 'boolean' },
            actionsAdded: { type: 'array', items: action }, actionsDone: { type: 'array', items: action }, actionsRemoved: { type: 'array', items: action }, changed: { type: 'boolean' },
          } } },
        },
      },
    },
  },
};
