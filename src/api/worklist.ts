import { Hono } from 'hono';
import { failure, inTenant } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import type { AppEnv } from '../platform/http/context.ts';
import { can } from '../platform/policy.ts';
import { CHECKLIST_SECTIONS, loadWorklist, SECTION_KEYS, SIGNAL_KINDS, TASKS_PER_HOUSEHOLD } from '../features/worklist/queries.ts';
import { listDigests, openDigest } from '../features/worklist/digest.ts';
import type { FeatureApi } from './features.ts';
import { common, idParam, jsonBody, problem } from './support.ts';
import { requireActor } from './support.ts';

function routes(): Hono<AppEnv> {
  const api = new Hono<AppEnv>();

  api.get('/worklist', async (c) => {
    const caller = requireActor(c);
    const page = Number(c.req.query('page') ?? 1);
    const limit = Number(c.req.query('limit') ?? 50);
    const result = await inTenant(c.get('deps').database, caller, (tx) =>
      loadWorklist(tx, caller, {
        page: Number.isInteger(page) && page > 0 ? page : 1,
        limit: Number.isInteger(limit) && limit > 0 ? Math.min(limit, 100) : 50,
        coach: c.req.query('coach') || null,
      }));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  api.get('/digests', async (c) => {
    const caller = requireActor(c);
    if (!can(caller.actor, 'worklist.read')) throw new AppError('FORBIDDEN');
    const items = await inTenant(c.get('deps').database, caller, (tx) => listDigests(tx, caller));
    return c.json({ items });
  });

  api.get('/digests/:id', async (c) => {
    const caller = requireActor(c);
    if (!can(caller.actor, 'worklist.read')) throw new AppError('FORBIDDEN');
    const result = await inTenant(c.get('deps').database, caller, (tx) => openDigest(tx, caller, c.req.param('id')));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  return api;
}

const counts = { type: 'object', required: [...SECTION_KEYS], properties: Object.fromEntries(SECTION_KEYS.map((k) => [k, { type: 'integer' }])) };
const taskTotals = { type: 'object', required: [...CHECKLIST_SECTIONS], properties: Object.fromEntries(CHECKLIST_SECTIONS.map((k) => [k, { type: 'integer' }])) };
const task = {
  type: 'object',
  description: 'A checklist item, or (in the overdue list) an open action of the plan under a goal you may see',
  required: ['itemKey', 'label', 'memberFirstName', 'on', 'planId'],
  properties: {
    itemKey: { type: ['string', 'null'], description: 'Template item key (translated in the app), or null for an item with its own label and for a plan action' },
    label: { type: ['string', 'null'], description: 'An item\'s own label, or the plan action\'s description' },
    memberFirstName: { type: ['string', 'null'], description: 'A per-person item, or an action in a person\'s POP: that person\'s first name (coach\'s own or supervised view only)' },
    on: { type: 'string', format: 'date', description: 'Due date' },
    planId: { type: ['string', 'null'], format: 'uuid', description: 'A plan action: its plan; null for a checklist item' },
  },
};
const signal = {
  type: 'object',
  description: 'One entry of a list, always one household: a household\'s overdue tasks (checklist items and plan actions) or soon-due checklist items are one entry. '
    + 'Kinds: checklist_overdue (overdue tasks, at least one a checklist item), plan_actions_overdue (overdue tasks, all plan actions), checklist_due, no_contact; '
    + 'deadlines: pip_due, ontzorgen_ends, trajectory_ends, evaluation_due (a progress talk due within 14 days or overdue; count = plans), pop_due (the POP deadline passed without every adult\'s POP established); '
    + 'approvals (professionals and coordinators): plan_approval (plans awaiting approval; count = plans)',
  required: ['kind', 'householdId', 'reference', 'on', 'days', 'count', 'tasks', 'href'],
  properties: {
    kind: { type: 'string', enum: [...SIGNAL_KINDS] },
    householdId: { type: 'string', format: 'uuid' },
    reference: { type: 'string' },
    headFirstName: { type: ['string', 'null'], description: 'Only in a coach\'s own or supervised view' },
    coachId: { type: ['string', 'null'], format: 'uuid' },
    on: { type: 'string', format: 'date', description: 'Oldest overdue due date, next due date, last contact (or trajectory start), deadline, talk due date, or the day the oldest plan was submitted for approval' },
    days: { type: 'integer', description: 'Days late (overdue: the oldest item; no contact) or days left (due soon: the next item; deadlines; negative when passed)' },
    phaseKey: { type: ['string', 'null'] },
    contactEveryDays: { type: ['integer', 'null'] },
    count: { type: ['integer', 'null'], description: 'Task entries: the household\'s tasks in this list; pip_due: members with a PIP due; evaluation_due, plan_approval: plans; pop_due: adults without an established POP; otherwise null' },
    tasks: { type: 'array', maxItems: TASKS_PER_HOUSEHOLD, items: { $ref: '#/components/schemas/WorklistTask' }, description: `Task entries: the ${TASKS_PER_HOUSEHOLD} most urgent tasks (oldest due date first); empty otherwise` },
    href: { type: 'string', description: 'The page where to act: the checklist, the plan, the talk\'s form, the household\'s plans or the dossier' },
  },
};

export const worklistApi: FeatureApi = {
  routes,
  openApi: {
    paths: {
      '/worklist': {
        get: {
          operationId: 'getWorklist',
          summary: '"Mijn werk": households with overdue tasks (checklist items and plan actions) or soon-due checklist items (one entry per household), households without contact, '
            + 'coming deadlines (also progress talks due and POP deadlines passed), and for professionals and coordinators plans awaiting approval — in your scope (audited, counts only)',
          'x-permission': 'worklist.read',
          parameters: [
            { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 }, description: 'Coordinator: page of every list' },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 }, description: 'Entries (households) per list (per coach for a professional)' },
            { name: 'coach', in: 'query', schema: { type: 'string' }, description: 'Coordinator: a coach\'s user id, or "none" for households without a coach' },
          ],
          responses: { '200': { description: 'The worklist', ...jsonBody({ $ref: '#/components/schemas/WorklistWorklist' }) }, '403': problem('Not allowed'), ...common },
        },
      },
      '/digests': {
        get: {
          operationId: 'listDigests', summary: 'Your weekly digests', 'x-permission': 'worklist.read',
          responses: { '200': { description: 'Digests, newest first', ...jsonBody({ type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/WorklistDigestItem' } } } }) }, '403': problem('Not allowed'), ...common },
        },
      },
      '/digests/{id}': {
        get: {
          operationId: 'getDigest', summary: 'Open one of your digests (marks it read); another user\'s answers 404', 'x-permission': 'worklist.read',
          parameters: [idParam],
          responses: { '200': { description: 'The digest', ...jsonBody({ $ref: '#/components/schemas/WorklistDigest' }) }, '403': problem('Not allowed'), ...common },
        },
      },
    },
    schemas: {
      WorklistTask: task,
      WorklistSignal: signal,
      WorklistSection: {
        type: 'object',
        required: ['key', 'total', 'taskTotal', 'items'],
        properties: {
          key: { type: 'string', enum: [...SECTION_KEYS] },
          total: { type: 'integer', description: 'Entries in the whole list (households; a household\'s deadlines count apart)' },
          taskTotal: { type: ['integer', 'null'], description: 'overdue, due_soon: open tasks over all the list\'s households (overdue: checklist items and visible plan actions); null for the other lists' },
          items: { type: 'array', items: { $ref: '#/components/schemas/WorklistSignal' }, description: 'The entries on this page (or the first few per coach)' },
        },
      },
      WorklistWorklist: {
        type: 'object',
        required: ['today', 'view', 'groups', 'totals', 'taskTotals', 'page', 'pageSize'],
        properties: {
          today: { type: 'string', format: 'date' },
          view: { type: 'string', enum: ['own', 'supervisor', 'organisation'] },
          totals: { ...counts, description: 'Entries per list over the whole scope (households for overdue and due_soon; approvals is always 0 for a volunteer)' },
          taskTotals: { ...taskTotals, description: 'Open tasks in the overdue (checklist items and visible plan actions) and due_soon lists over the whole scope' },
          page: { type: 'integer' },
          pageSize: { type: 'integer' },
          coach: { type: ['string', 'null'] },
          moreGroups: { type: 'integer', description: 'Coaches left out of a grouped list (the fewest signals)' },
          infopuntFollowUps: { $ref: '#/components/schemas/InfopuntFollowUpList', description: 'Open follow-ups of infopunt visits assigned to you (at most 20 listed; total counts all); done with POST /infopunt-follow-ups/{id}/done' },
          coaches: { type: 'array', items: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' } } } },
          groups: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                coachId: { type: ['string', 'null'] }, coachName: { type: ['string', 'null'] }, mine: { type: 'boolean' }, total: { type: 'integer' },
                sections: { type: 'array', items: { $ref: '#/components/schemas/WorklistSection' } },
              },
            },
          },
        },
      },
      WorklistDigestItem: {
        type: 'object',
        properties: { id: { type: 'string', format: 'uuid' }, week: { type: 'string', example: '2026-W03' }, generatedOn: { type: 'string', format: 'date' }, createdAt: { type: 'string', format: 'date-time' }, readAt: { type: ['string', 'null'], format: 'date-time' }, deliveredVia: { type: 'string', enum: ['email', 'app'] }, total: { type: 'integer' } },
      },
      WorklistDigest: {
        allOf: [
          { $ref: '#/components/schemas/WorklistDigestItem' },
          { type: 'object', properties: { content: { type: 'object', description: 'Counts per coach (households per list, and open items for the checklist lists) and household references; no names of newcomers, no note texts' } } },
        ],
      },
    },
  },
};
