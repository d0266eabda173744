import { Hono } from 'hono';
import { failure, inTenant } from '../platform/context.ts';
import type { AppEnv } from '../platform/http/context.ts';
import { parseInput } from '../platform/validation.ts';
import {
  addChecklistItem, ChecklistItemInput, ChecklistUpdateInput, CloseInput, closeTrajectory, listProgrammes, ProgrammeInput, readChecklist, readProgramme,
  startTrajectory, updateChecklistItem, updateProgramme,
} from '../features/trajectories/index.ts';
import type { FeatureApi } from './features.ts';
import { common, conflictResponse, idParam, inputSchema, json, jsonBody, problem, requireActor, codeParam, ref, uuidParam } from './support.ts';

// Trajectories, the "basis op orde" checklist and the programme per municipality, for other programs.
// The same feature functions as the pages; a household outside your scope answers 404 like one that does not exist.

function routes(): Hono<AppEnv> {
  const api = new Hono<AppEnv>();

  api.get('/households/:id/trajectory', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => readChecklist(tx, caller, c.req.param('id')));
    if (!result.ok) throw failure(result);
    const { trajectory, progress, items, canUpdate } = result.value;
    return c.json({ trajectory, progress, items, permissions: { canUpdateChecklist: canUpdate } });
  });

  api.post('/households/:id/trajectory', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => startTrajectory(tx, caller, c.req.param('id')));
    if (!result.ok) throw failure(result);
    return c.json(result.value, 201);
  });

  api.post('/households/:id/trajectory/close', async (c) => {
    const caller = requireActor(c);
    const input = parseInput(CloseInput, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => closeTrajectory(tx, caller, c.req.param('id'), input));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  api.post('/households/:id/checklist', async (c) => {
    const caller = requireActor(c);
    const input = parseInput(ChecklistItemInput, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => addChecklistItem(tx, caller, c.req.param('id'), input));
    if (!result.ok) throw failure(result);
    return c.json(result.value, 201);
  });

  api.patch('/households/:id/checklist/:itemId', async (c) => {
    const caller = requireActor(c);
    const input = parseInput(ChecklistUpdateInput, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => updateChecklistItem(tx, caller, c.req.param('id'), c.req.param('itemId'), input));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  api.get('/programmes', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => listProgrammes(tx, caller));
    if (!result.ok) throw failure(result);
    return c.json({ items: result.value });
  });

  api.get('/programmes/:code', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => readProgramme(tx, caller, c.req.param('code')));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  api.put('/programmes/:code', async (c) => {
    const caller = requireActor(c);
    const input = parseInput(ProgrammeInput, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => updateProgramme(tx, caller, c.req.param('code'), input));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  return api;
}

const itemIdParam = uuidParam('itemId');
const forbiddenResponse = { '403': problem('Not allowed — also any write on a closed (read-only) file') };
const invalid = { '422': problem('Invalid input') };
const date = { type: 'string', format: 'date' };
const nullableDate = { type: ['string', 'null'], format: 'date' };
const phase = { type: 'object', properties: { key: { type: 'string' }, untilMonth: { type: 'integer' }, contactEveryDays: { type: 'integer' }, evaluationEveryWeeks: { type: 'integer', minimum: 1, maximum: 52 } } };

export const trajectoriesApi: FeatureApi = {
  routes,
  openApi: {
    paths: {
      '/households/{id}/trajectory': {
        get: {
          operationId: 'getTrajectory', summary: 'The household\'s trajectory (latest), its checklist progress and its basis-op-orde items (audited)', 'x-permission': 'household.read',
          parameters: [idParam],
          responses: { '200': { description: 'Trajectory (null when none was started) and checklist', ...jsonBody(ref('TrajectoryWithChecklist')) }, ...forbiddenResponse, ...common },
        },
        post: {
          operationId: 'startTrajectory', summary: 'Start the trajectory on the housing date, with the checklist from the municipality\'s template', 'x-permission': 'trajectory.manage',
          parameters: [idParam],
          responses: { '201': { description: 'Started', ...jsonBody(ref('Trajectory')) }, ...forbiddenResponse, '409': problem('The household has a trajectory already; `current` holds it'), '422': problem('No housing date'), ...common },
        },
      },
      '/households/{id}/trajectory/close': {
        post: {
          operationId: 'closeTrajectory', summary: 'Close the trajectory: evaluation, reason, warm handover. The file becomes read-only and its retention period starts (RETAIN)', 'x-permission': 'trajectory.manage',
          parameters: [idParam], requestBody: { required: true, ...jsonBody(ref('TrajectoryCloseInput')) },
          responses: { '200': { description: 'Closed', ...jsonBody(ref('Trajectory')) }, ...forbiddenResponse, ...conflictResponse, ...invalid, ...common },
        },
      },
      '/households/{id}/checklist': {
        post: {
          operationId: 'addChecklistItem', summary: 'Add an item of your own to the checklist', 'x-permission': 'checklist.update',
          parameters: [idParam], requestBody: { required: true, ...jsonBody(ref('ChecklistItemInput')) },
          responses: { '201': { description: 'Added', ...jsonBody(ref('ChecklistItem')) }, ...forbiddenResponse, ...invalid, ...common },
        },
      },
      '/households/{id}/checklist/{itemId}': {
        patch: {
          operationId: 'updateChecklistItem', summary: 'Tick an item off (done with a date and note), mark it not applicable (reason) or open it again; states the version read (REL-LOCK)', 'x-permission': 'checklist.update',
          parameters: [idParam, itemIdParam], requestBody: { required: true, ...jsonBody(ref('ChecklistUpdateInput')) },
          responses: { '200': { description: 'Updated', ...jsonBody(ref('ChecklistItem')) }, ...forbiddenResponse, ...conflictResponse, ...invalid, ...common },
        },
      },
      '/programmes': {
        get: {
          operationId: 'listProgrammes', summary: 'The municipalities your organisation serves, with their programme in brief', 'x-permission': 'programme.configure',
          responses: { '200': { description: 'Municipalities', ...jsonBody({ type: 'object', properties: { items: { type: 'array', items: ref('ProgrammeSummary') } } }) }, ...forbiddenResponse, ...common },
        },
      },
      '/programmes/{code}': {
        get: {
          operationId: 'getProgramme', summary: 'One municipality\'s programme: duration, phases, local targets and checklist template', 'x-permission': 'programme.configure',
          parameters: [codeParam],
          responses: { '200': { description: 'Programme', ...jsonBody(ref('Programme')) }, ...forbiddenResponse, ...common },
        },
        put: {
          operationId: 'updateProgramme', summary: 'Save a municipality\'s programme and checklist template as one change (REL-LOCK on its version); running trajectories keep their phases', 'x-permission': 'programme.configure',
          parameters: [codeParam], requestBody: { required: true, ...jsonBody(ref('ProgrammeInput')) },
          responses: { '200': { description: 'Saved', ...jsonBody(ref('Programme')) }, ...forbiddenResponse, ...conflictResponse, ...invalid, ...common },
        },
      },
    },
    schemas: {
      Trajectory: {
        type: ['object', 'null'],
        properties: {
          id: { type: 'string', format: 'uuid' }, householdId: { type: 'string', format: 'uuid' }, municipalityCode: { type: 'string' },
          startedOn: date, plannedEndOn: date, durationMonths: { type: 'integer', enum: [12, 18] }, phases: { type: 'array', items: phase },
          status: { type: 'string', enum: ['open', 'closed'] }, closedOn: nullableDate, closeReason: { type: ['string', 'null'], enum: ['completed', 'moved', 'stopped', null] },
          movedToMunicipalityCode: { type: ['string', 'null'] }, movedToMunicipalityName: { type: ['string', 'null'] },
          closingEvaluation: { type: ['string', 'null'], description: 'AUTH-FIELDS: free text about the family; absent (not null) for a role below the sensitive class, such as a volunteer' },
          handoverNote: { type: ['string', 'null'], description: 'AUTH-FIELDS: free text about the family; absent (not null) for a role below the sensitive class, such as a volunteer' }, closedByName: { type: ['string', 'null'] },
          retentionUntil: { ...nullableDate, description: 'RETAIN: the file is destroyed after this date' }, version: { type: 'integer' },
          currentPhase: { type: ['object', 'null'], properties: { key: { type: 'string' }, contactEveryDays: { type: 'integer' }, index: { type: 'integer' } } },
          monthsElapsed: { type: 'integer' },
        },
      },
      ChecklistItem: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' }, itemKey: { type: ['string', 'null'], description: 'Built-in item; null for an item with its own label' },
          label: { type: ['string', 'null'] }, memberId: { type: ['string', 'null'], format: 'uuid' }, memberName: { type: ['string', 'null'] },
          dueOn: date, owner: { type: 'string', enum: ['newcomer', 'coach', 'formulierenteam'] }, status: { type: 'string', enum: ['open', 'done', 'not_applicable'] },
          doneOn: nullableDate, note: { type: ['string', 'null'] }, notApplicableReason: { type: ['string', 'null'] }, version: { type: 'integer' },
          updatedByName: { type: ['string', 'null'] }, updatedAt: { type: 'string', format: 'date-time' },
        },
      },
      TrajectoryWithChecklist: {
        type: 'object',
        properties: {
          trajectory: ref('Trajectory'),
          progress: { type: ['object', 'null'], properties: { total: { type: 'integer' }, done: { type: 'integer' }, notApplicable: { type: 'integer' }, open: { type: 'integer' }, overdue: { type: 'integer' } } },
          items: { type: 'array', items: ref('ChecklistItem') },
          permissions: { type: 'object', properties: { canUpdateChecklist: { type: 'boolean' } } },
        },
      },
      TrajectoryCloseInput: inputSchema(CloseInput),
      ChecklistItemInput: inputSchema(ChecklistItemInput),
      ChecklistUpdateInput: inputSchema(ChecklistUpdateInput),
      ProgrammeInput: inputSchema(ProgrammeInput),
      ProgrammeSummary: {
        type: 'object',
        properties: { code: { type: 'string' }, name: { type: 'string' }, trajectoryMonths: { type: 'integer' }, customPhases: { type: 'boolean' }, keysWithinWeeks: { type: 'integer' }, popWithinWeeks: { type: 'integer' }, activeItems: { type: 'integer' } },
      },
      Programme: {
        type: 'object',
        properties: {
          code: { type: 'string' }, name: { type: 'string' }, trajectoryMonths: { type: 'integer', enum: [12, 18] }, phases: { type: 'array', items: phase },
          customPhases: { type: 'boolean' }, keysWithinWeeks: { type: 'integer' }, popWithinWeeks: { type: 'integer' }, version: { type: 'integer' },
          items: { type: 'array', items: { type: 'object', properties: {
            id: { type: 'string', format: 'uuid' }, itemKey: { type: ['string', 'null'] }, label: { type: ['string', 'null'] }, dueDays: { type: 'integer' },
            owner: { type: 'string' }, scope: { type: 'string', enum: ['household', 'person'] }, appliesTo: { type: 'string', enum: ['all', 'adults', 'children', 'school_age', 'under_4'] },
            active: { type: 'boolean' }, position: { type: 'integer' },
          } } },
        },
      },
    },
  },
};
