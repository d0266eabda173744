import { Hono } from 'hono';
import { failure, inTenant } from '../platform/context.ts';
import type { AppEnv } from '../platform/http/context.ts';
import { parseInput } from '../platform/validation.ts';
import { ApprovalSettingInput, PlanSettingsInput, readApprovalSetting, readPlanSettings, updateApprovalSetting, updatePlanSettings } from '../features/plans/settings.ts';
import { PYRAMID_LAYERS } from '../features/households/schema.ts';
import { OFFER_KINDS } from '../features/plans/schema.ts';
import type { FeatureApi } from './features.ts';
import { common, conflictResponse, inputSchema, json, jsonBody, problem, requireActor, codeParam, ref } from './support.ts';

// The plan settings per municipality for other programs: the same feature functions as the settings page.

function routes(): Hono<AppEnv> {
  const api = new Hono<AppEnv>();

  api.get('/municipalities/:code/plan-settings', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => readPlanSettings(tx, caller, c.req.param('code')));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  api.put('/municipalities/:code/plan-settings', async (c) => {
    const caller = requireActor(c);
    const input = parseInput(PlanSettingsInput, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => updatePlanSettings(tx, caller, c.req.param('code'), input));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  // The organisation-wide approval switch on its own: no municipality, its previous value is the lock.
  api.get('/plan-approval', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => readApprovalSetting(tx, caller));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  api.put('/plan-approval', async (c) => {
    const caller = requireActor(c);
    const input = parseInput(ApprovalSettingInput, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => updateApprovalSetting(tx, caller, input));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  return api;
}

const nullableString = { type: ['string', 'null'] };

export const planSettingsApi: FeatureApi = {
  routes,
  openApi: {
    paths: {
      '/municipalities/{code}/plan-settings': {
        get: {
          operationId: 'getPlanSettings', summary: 'A municipality\'s plan settings: life domains, score labels, pyramid offers per layer, and the organisation-wide approval switch', 'x-permission': 'programme.configure',
          parameters: [codeParam],
          responses: { '200': { description: 'Plan settings (the defaults until first saved)', ...jsonBody(ref('PlanSettings')) }, '403': problem('Not allowed'), ...common },
        },
        put: {
          operationId: 'updatePlanSettings', summary: 'Save the plan settings as one change at the version read (REL-LOCK on the municipality\'s settings). The first save stores the full lists. approvalRequired is optional here (absent: the switch is left alone); prefer PUT /plan-approval', 'x-permission': 'programme.configure',
          parameters: [codeParam], requestBody: { required: true, ...jsonBody(ref('PlanSettingsInput')) },
          responses: { '200': { description: 'Saved', ...jsonBody(ref('PlanSettings')) }, '403': problem('Not allowed'), ...conflictResponse, '422': problem('Invalid input'), ...common },
        },
      },
      '/plan-approval': {
        get: {
          operationId: 'getPlanApproval', summary: 'Organisation-wide: whether plans written by volunteers need a professional\'s approval', 'x-permission': 'programme.configure',
          responses: { '200': { description: 'The switch', ...jsonBody(ref('PlanApproval')) }, '403': problem('Not allowed'), ...common },
        },
        put: {
          operationId: 'updatePlanApproval', summary: 'Switch the approval on or off. REL-LOCK: approvalRequiredWas is the value you read; when it is no longer the current value the answer is 409 with `current` and nothing changes. Audited', 'x-permission': 'programme.configure',
          requestBody: { required: true, ...jsonBody(ref('PlanApprovalInput')) },
          responses: { '200': { description: 'Saved', ...jsonBody(ref('PlanApproval')) }, '403': problem('Not allowed'), ...conflictResponse, '422': problem('Invalid input'), ...common },
        },
      },
    },
    schemas: {
      PlanSettings: {
        type: 'object',
        properties: {
          code: { type: 'string' }, name: { type: 'string' }, version: { type: 'integer' }, customised: { type: 'boolean' },
          domains: { type: 'array', items: { type: 'object', properties: {
            key: { type: 'string', description: 'A built-in key (label plan.domain.<key>) or eigen-<n>' }, label: { ...nullableString, description: 'Own name; for a built-in domain it replaces the translation' },
            builtIn: { type: 'boolean' }, sensitiveByDefault: { type: 'boolean' }, active: { type: 'boolean' }, position: { type: 'integer' },
          } } },
          scoreLabels: { type: 'array', minItems: 5, maxItems: 5, items: { ...nullableString, description: 'null: the translated default plan.score.<n>' } },
          offers: { type: 'array', items: { type: 'object', properties: {
            id: { type: ['string', 'null'], format: 'uuid' }, key: { ...nullableString, description: 'Built-in offer (label pyramid.offer.<key>); null for an own offer' }, label: nullableString,
            layer: { type: 'string', enum: [...PYRAMID_LAYERS] }, kind: { type: 'string', enum: [...OFFER_KINDS] }, domainKey: nullableString, active: { type: 'boolean' }, position: { type: 'integer' },
          } } },
          approvalRequired: { type: 'boolean', description: 'Organisation-wide: plans written by volunteers need a professional\'s approval' },
        },
      },
      PlanSettingsInput: inputSchema(PlanSettingsInput),
      PlanApproval: { type: 'object', required: ['approvalRequired'], properties: { approvalRequired: { type: 'boolean', description: 'Plans written by volunteers need a professional\'s approval (organisation-wide)' } } },
      PlanApprovalInput: inputSchema(ApprovalSettingInput),
    },
  },
};
