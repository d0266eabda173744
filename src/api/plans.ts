import { Hono } from 'hono';
import { failure, inTenant } from '../platform/context.ts';
import type { AppEnv } from '../platform/http/context.ts';
import { parseInput } from '../platform/validation.ts';
import {
  ActionInput, ActionPatch, addAction, addGoal, approvePlan, DomainInput, GoalInput, GoalPatch, listAwaitingApproval, listPlans, nextEvaluation, PlanVersionInput,
  proposeEnrolment, ProposalInput, readPlan, rejectPlan, RejectInput, saveDomain, submitPlan, updateAction, updateGoal,
} from '../features/plans/index.ts';
import type { FeatureApi } from './features.ts';
import { common, conflictResponse, idParam, inputSchema, json, jsonBody, problem, requireActor, ref, uuidParam } from './support.ts';

// The household plan and the POPs for other programs: the same feature functions as the pages. A plan, goal or
// action you may not see answers 404 like one that does not exist; a hidden goal is absent from every answer
// (AUTH-FIELDS). Writes state the version read (REL-LOCK): a stale one answers 409 with `current`, and the
// client merges — unlike the pages, the API does not merge for you.

function routes(): Hono<AppEnv> {
  const api = new Hono<AppEnv>();

  api.get('/households/:id/plans', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => listPlans(tx, caller, c.req.param('id')));
    if (!result.ok) throw failure(result);
    const { trajectory, plans, canWrite, canApprove } = result.value;
    return c.json({ trajectory: trajectory && { id: trajectory.id, status: trajectory.status, startedOn: trajectory.startedOn }, plans, permissions: { canWrite, canApprove } });
  });

  // Before /plans/:id, which would otherwise take "awaiting-approval" for an id.
  api.get('/plans/awaiting-approval', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => listAwaitingApproval(tx, caller));
    if (!result.ok) throw failure(result);
    return c.json({ items: result.value });
  });

  api.get('/plans/:id', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, async (tx) => {
      const read = await readPlan(tx, caller, c.req.param('id'));
      if (!read.ok) return read;
      return { ok: true as const, view: read.value, next: await nextEvaluation(tx, read.value.plan.id) };
    });
    if (!result.ok) throw failure(result);
    const { view, next } = result;
    return c.json({
      plan: view.plan, permissions: view.permissions, decisions: view.decisions, popDueOn: view.popDueOn, popLate: view.popLate, nextEvaluation: next,
      suggestions: view.suggestions,
    });
  });

  api.put('/plans/:id/domains/:domainKey', async (c) => {
    const caller = requireActor(c);
    const input = parseInput(DomainInput, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => saveDomain(tx, caller, c.req.param('id'), c.req.param('domainKey'), input));
    if (!result.ok) throw failure(result);
    return c.json(result.value.value);
  });

  api.post('/plans/:id/goals', async (c) => {
    const caller = requireActor(c);
    const input = parseInput(GoalInput, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => addGoal(tx, caller, c.req.param('id'), input));
    if (!result.ok) throw failure(result);
    return c.json(result.value, 201);
  });

  api.patch('/plans/:id/goals/:goalId', async (c) => {
    const caller = requireActor(c);
    const input = parseInput(GoalPatch, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => updateGoal(tx, caller, c.req.param('id'), c.req.param('goalId'), input));
    if (!result.ok) throw failure(result);
    return c.json(result.value.value);
  });

  api.post('/plans/:id/goals/:goalId/actions', async (c) => {
    const caller = requireActor(c);
    const input = parseInput(ActionInput, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => addAction(tx, caller, c.req.param('id'), c.req.param('goalId'), input));
    if (!result.ok) throw failure(result);
    return c.json(result.value, 201);
  });

  api.patch('/plans/:id/actions/:actionId', async (c) => {
    const caller = requireActor(c);
    const input = parseInput(ActionPatch, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => updateAction(tx, caller, c.req.param('id'), c.req.param('actionId'), input));
    if (!result.ok) throw failure(result);
    return c.json(result.value.value);
  });

  api.post('/plans/:id/proposals', async (c) => {
    const caller = requireActor(c);
    const input = parseInput(ProposalInput, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => proposeEnrolment(tx, caller, c.req.param('id'), input));
    if (!result.ok) throw failure(result);
    return c.json(result.value.proposal, result.value.created ? 201 : 200);
  });

  api.post('/plans/:id/submit', async (c) => {
    const caller = requireActor(c);
    const input = parseInput(PlanVersionInput, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => submitPlan(tx, caller, c.req.param('id'), input));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  api.post('/plans/:id/approve', async (c) => {
    const caller = requireActor(c);
    const input = parseInput(PlanVersionInput, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => approvePlan(tx, caller, c.req.param('id'), input));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  api.post('/plans/:id/reject', async (c) => {
    const caller = requireActor(c);
    const input = parseInput(RejectInput, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => rejectPlan(tx, caller, c.req.param('id'), input));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  return api;
}

const goalIdParam = uuidParam('goalId');
const actionIdParam = uuidParam('actionId');
const domainKeyParam = { name: 'domainKey', in: 'path', required: true, schema: { type: 'string' }, description: 'A life domain of the plan, e.g. wonen, zorg_welzijn' };
const forbiddenResponse = { '403': problem('Not allowed — also any write on a closed (read-only) file, and sensitive/shared from a role that may not set them (AUTH-FIELDS)') };
const invalid = { '422': problem('Invalid input') };
const date = { type: 'string', format: 'date' };
const nullableDate = { type: ['string', 'null'], format: 'date' };
const nullableString = { type: ['string', 'null'] };
const uuid = { type: 'string', format: 'uuid' };
const planStatus = { type: 'string', enum: ['draft', 'awaiting_approval', 'established', 'rejected'] };
const hiddenNote = 'AUTH-FIELDS: a sensitive part reaches a role below the sensitive class (a volunteer) only when shared or written by her; otherwise it is absent';

export const plansApi: FeatureApi = {
  routes,
  openApi: {
    paths: {
      '/households/{id}/plans': {
        get: {
          operationId: 'listPlans', summary: 'The household plan and a POP per adult of the household\'s latest trajectory; made on first sight when the trajectory is open (audited)', 'x-permission': 'plan.read',
          parameters: [idParam],
          responses: { '200': { description: 'Plans (empty without a trajectory)', ...jsonBody(ref('PlanList')) }, ...forbiddenResponse, ...common },
        },
      },
      '/plans/awaiting-approval': {
        get: {
          operationId: 'listPlansAwaitingApproval', summary: 'Plans waiting for approval that you may approve: households you may see, not submitted by you', 'x-permission': 'plan.approve',
          responses: { '200': { description: 'Plans', ...jsonBody({ type: 'object', properties: { items: { type: 'array', items: ref('AwaitingPlan') } } }) }, ...forbiddenResponse, ...common },
        },
      },
      '/plans/{id}': {
        get: {
          operationId: 'getPlan', summary: 'One plan as your role may read it (hidden goals absent), with what you may do (audited)', 'x-permission': 'plan.read',
          parameters: [idParam],
          responses: { '200': { description: 'The plan', ...jsonBody(ref('PlanRead')) }, ...forbiddenResponse, ...common },
        },
      },
      '/plans/{id}/domains/{domainKey}': {
        put: {
          operationId: 'putPlanDomain', summary: 'Replace a life domain\'s situation and intake score; `version` is the entry\'s (0 when nothing was written yet). A new entry in a sensitive-by-default domain starts sensitive', 'x-permission': 'plan.write',
          parameters: [idParam, domainKeyParam], requestBody: { required: true, ...jsonBody(ref('PlanDomainInput')) },
          responses: { '200': { description: 'Saved', ...jsonBody(ref('PlanDomainView')) }, ...forbiddenResponse, ...conflictResponse, ...invalid, ...common },
        },
      },
      '/plans/{id}/goals': {
        post: {
          operationId: 'addPlanGoal', summary: 'Add a goal in the newcomer\'s words ("Ik …"), optionally tagged with a VNG list value', 'x-permission': 'plan.write',
          parameters: [idParam], requestBody: { required: true, ...jsonBody(ref('PlanGoalInput')) },
          responses: { '201': { description: 'Added', ...jsonBody(ref('PlanGoal')) }, ...forbiddenResponse, ...invalid, ...common },
        },
      },
      '/plans/{id}/goals/{goalId}': {
        patch: {
          operationId: 'updatePlanGoal', summary: 'Change a goal: only the fields sent change; states the version read (REL-LOCK, no merge: 409 with `current`)', 'x-permission': 'plan.write',
          parameters: [idParam, goalIdParam], requestBody: { required: true, ...jsonBody(ref('PlanGoalPatch')) },
          responses: { '200': { description: 'Saved', ...jsonBody(ref('PlanGoal')) }, ...forbiddenResponse, ...conflictResponse, ...invalid, ...common },
        },
      },
      '/plans/{id}/goals/{goalId}/actions': {
        post: {
          operationId: 'addPlanAction', summary: 'Add an action under a goal: what, who (newcomer, member, coach, partner, formulierenteam), by when', 'x-permission': 'plan.write',
          parameters: [idParam, goalIdParam], requestBody: { required: true, ...jsonBody(ref('PlanActionInput')) },
          responses: { '201': { description: 'Added', ...jsonBody(ref('PlanAction')) }, ...forbiddenResponse, ...invalid, ...common },
        },
      },
      '/plans/{id}/actions/{actionId}': {
        patch: {
          operationId: 'updatePlanAction', summary: 'Change an action or its status (done gets today\'s date); states the version read (REL-LOCK, 409 with `current`)', 'x-permission': 'plan.write',
          parameters: [idParam, actionIdParam], requestBody: { required: true, ...jsonBody(ref('PlanActionPatch')) },
          responses: { '200': { description: 'Saved', ...jsonBody(ref('PlanAction')) }, ...forbiddenResponse, ...conflictResponse, ...invalid, ...common },
        },
      },
      '/plans/{id}/proposals': {
        post: {
          operationId: 'proposeEnrolment', summary: 'Propose a group programme of the pyramid (a later issue turns it into an enrolment); proposing it again returns the first proposal', 'x-permission': 'plan.write',
          parameters: [idParam], requestBody: { required: true, ...jsonBody(ref('ProposalInput')) },
          responses: { '201': { description: 'Proposed', ...jsonBody(ref('EnrolmentProposal')) }, '200': { description: 'Proposed before', ...jsonBody(ref('EnrolmentProposal')) }, ...forbiddenResponse, ...invalid, ...common },
        },
      },
      '/plans/{id}/submit': {
        post: {
          operationId: 'submitPlan', summary: '"Plan vaststellen": established today (a version is frozen), or awaiting approval when the organisation requires it and you are a volunteer', 'x-permission': 'plan.write',
          parameters: [idParam], requestBody: { required: true, ...jsonBody(ref('PlanVersionInput')) },
          responses: { '200': { description: 'Submitted', ...jsonBody(ref('PlanState')) }, ...forbiddenResponse, '409': problem('Changed since you read it, or not a draft or rejected plan; `current` holds the plan as it is now'), ...invalid, ...common },
        },
      },
      '/plans/{id}/approve': {
        post: {
          operationId: 'approvePlan', summary: 'Approve a plan waiting for approval (not one you submitted yourself): established today, a version frozen, audited', 'x-permission': 'plan.approve',
          parameters: [idParam], requestBody: { required: true, ...jsonBody(ref('PlanVersionInput')) },
          responses: { '200': { description: 'Approved', ...jsonBody(ref('PlanState')) }, ...forbiddenResponse, ...conflictResponse, ...invalid, ...common },
        },
      },
      '/plans/{id}/reject': {
        post: {
          operationId: 'rejectPlan', summary: 'Send a plan waiting for approval back to the coach with a reason (required); audited without the reason', 'x-permission': 'plan.approve',
          parameters: [idParam], requestBody: { required: true, ...jsonBody(ref('PlanRejectInput')) },
          responses: { '200': { description: 'Sent back', ...jsonBody(ref('PlanState')) }, ...forbiddenResponse, ...conflictResponse, ...invalid, ...common },
        },
      },
    },
    schemas: {
      PlanSummary: {
        type: 'object',
        properties: {
          id: { type: ['string', 'null'], format: 'uuid' }, kind: { type: 'string', enum: ['household', 'personal'] }, memberId: { type: ['string', 'null'], format: 'uuid' },
          memberName: nullableString, status: { type: ['string', 'null'], enum: ['draft', 'awaiting_approval', 'established', 'rejected', null] }, establishedOn: nullableDate,
          goals: { type: 'integer', description: 'Goals your role may see' }, openActions: { type: 'integer' }, overdueActions: { type: 'integer' },
          popDueOn: { ...nullableDate, description: 'POP: housing date + the municipality\'s popWithinWeeks' }, popLate: { type: 'boolean' },
        },
      },
      PlanList: {
        type: 'object',
        properties: {
          trajectory: { type: ['object', 'null'], properties: { id: uuid, status: { type: 'string', enum: ['open', 'closed'] }, startedOn: date } },
          plans: { type: 'array', items: ref('PlanSummary') },
          permissions: { type: 'object', properties: { canWrite: { type: 'boolean' }, canApprove: { type: 'boolean' } } },
        },
      },
      AwaitingPlan: {
        type: 'object',
        properties: {
          id: uuid, kind: { type: 'string', enum: ['household', 'personal'] }, householdId: uuid, householdReference: { type: 'string' }, memberName: nullableString,
          submittedByName: nullableString, submittedAt: { type: 'string', format: 'date-time' }, version: { type: 'integer' },
        },
      },
      PlanAction: {
        type: 'object',
        properties: {
          id: uuid, goalId: uuid, description: { type: 'string' }, owner: { type: 'string', enum: ['newcomer', 'member', 'coach', 'partner', 'formulierenteam'] },
          ownerMemberId: { type: ['string', 'null'], format: 'uuid' }, ownerMemberName: nullableString, ownerPartner: nullableString, dueOn: nullableDate,
          status: { type: 'string', enum: ['open', 'done', 'cancelled'] }, doneOn: nullableDate, version: { type: 'integer' },
        },
      },
      PlanGoal: {
        type: 'object', description: hiddenNote,
        properties: {
          id: uuid, domainKey: { type: 'string' }, text: { type: 'string' }, vngKind: { type: ['string', 'null'], enum: ['hoofddoel', 'ontwikkelwens', 'aandachtspunt', null] },
          vngValue: nullableString, status: { type: 'string', enum: ['open', 'in_progress', 'reached', 'stopped'] }, targetDate: nullableDate,
          sensitive: { type: 'boolean' }, shared: { type: 'boolean' }, authorId: { type: ['string', 'null'], format: 'uuid' }, offerKey: nullableString,
          version: { type: 'integer' }, updatedAt: { type: 'string', format: 'date-time' }, updatedByName: nullableString,
          actions: { type: 'array', items: ref('PlanAction') },
        },
      },
      PlanDomainEntry: {
        type: ['object', 'null'],
        properties: {
          id: uuid, situation: nullableString, sensitive: { type: 'boolean' }, shared: { type: 'boolean' }, authorId: { type: ['string', 'null'], format: 'uuid' },
          version: { type: 'integer' }, updatedAt: { type: 'string', format: 'date-time' }, updatedByName: nullableString,
        },
      },
      ScorePoint: { type: 'object', properties: { score: { type: 'integer', minimum: 1, maximum: 5 }, scoredOn: date, evaluationId: { type: ['string', 'null'], format: 'uuid' } } },
      PlanDomainView: {
        type: 'object',
        properties: { key: { type: 'string' }, entry: ref('PlanDomainEntry'), scores: { type: 'array', items: ref('ScorePoint') } },
      },
      EnrolmentProposal: { type: 'object', properties: { id: uuid, offerKey: nullableString, label: nullableString, status: { type: 'string', enum: ['proposed', 'enrolled', 'withdrawn'] } } },
      PlanDocument: {
        type: 'object',
        properties: {
          id: uuid, householdId: uuid, trajectoryId: uuid, householdReference: { type: 'string' }, municipalityCode: { type: 'string' },
          kind: { type: 'string', enum: ['household', 'personal'] }, memberId: { type: ['string', 'null'], format: 'uuid' }, memberName: nullableString,
          layer: { type: ['string', 'null'], enum: ['basis', 'laag1', 'laag2', 'laag3', null] }, status: planStatus, establishedOn: nullableDate,
          rejectionReason: nullableString, decidedByName: nullableString, decidedAt: { type: ['string', 'null'], format: 'date-time' }, submittedByName: nullableString,
          version: { type: 'integer' }, updatedAt: { type: 'string', format: 'date-time' },
          domains: { type: 'array', description: `Configured order. ${hiddenNote}: a hidden entry is null and its scores empty`, items: { type: 'object', properties: {
            key: { type: 'string' }, label: nullableString, sensitiveByDefault: { type: 'boolean' }, entry: ref('PlanDomainEntry'), scores: { type: 'array', items: ref('ScorePoint') },
          } } },
          goals: { type: 'array', description: hiddenNote, items: ref('PlanGoal') },
          proposals: { type: 'array', items: ref('EnrolmentProposal') },
        },
      },
      PlanRead: {
        type: 'object',
        properties: {
          plan: ref('PlanDocument'),
          permissions: { type: 'object', properties: {
            canWrite: { type: 'boolean' }, canWriteSensitive: { type: 'boolean' }, canSubmit: { type: 'boolean' }, canApprove: { type: 'boolean' },
            ownSubmission: { type: 'boolean' }, approvalRequired: { type: 'boolean' },
          } },
          decisions: { type: 'array', items: { type: 'object', properties: {
            decision: { type: 'string', enum: ['approved', 'rejected'] }, reason: nullableString, decidedByName: nullableString, decidedAt: { type: 'string', format: 'date-time' },
          } } },
          popDueOn: nullableDate, popLate: { type: 'boolean' },
          nextEvaluation: { type: ['object', 'null'], properties: { dueOn: date, overdue: { type: 'boolean' }, lastHeldOn: nullableDate } },
          suggestions: { type: 'array', description: 'The pyramid\'s offers for the plan\'s layers, marked when taken over', items: { type: 'object', properties: {
            layer: { type: 'string' }, members: { type: 'array', items: { type: 'object', properties: { id: uuid, firstName: { type: 'string' } } } },
            offers: { type: 'array', items: { type: 'object', properties: {
              key: nullableString, label: nullableString, layer: { type: 'string' }, kind: { type: 'string', enum: ['individual', 'group'] }, domainKey: nullableString, taken: { type: 'boolean' },
            } } },
          } } },
        },
      },
      PlanState: {
        type: 'object',
        properties: {
          id: uuid, status: planStatus, version: { type: 'integer' }, establishedOn: nullableDate, rejectionReason: nullableString,
          submittedByName: nullableString, decidedByName: nullableString, updatedByName: nullableString, updatedAt: { type: 'string', format: 'date-time' },
        },
      },
      PlanDomainInput: inputSchema(DomainInput),
      PlanGoalInput: inputSchema(GoalInput),
      PlanGoalPatch: inputSchema(GoalPatch),
      PlanActionInput: inputSchema(ActionInput),
      PlanActionPatch: inputSchema(ActionPatch),
      ProposalInput: inputSchema(ProposalInput),
      PlanVersionInput: inputSchema(PlanVersionInput),
      PlanRejectInput: inputSchema(RejectInput),
    },
  },
};
