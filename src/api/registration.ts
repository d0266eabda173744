import { Hono } from 'hono';
import { failure, inTenant } from '../platform/context.ts';
import type { AppEnv } from '../platform/http/context.ts';
import { parseInput } from '../platform/validation.ts';
import { mergeHouseholds, MergeInput, MemberUpdateInput, updateMember } from '../features/households/index.ts';
import type { FeatureApi } from './features.ts';
import { common, conflictResponse, idParam, inputSchema, json, jsonBody, problem, requireActor, uuidParam } from './support.ts';

// Registration's own endpoints beside the household routes of v1.ts: editing one member and merging two records.

function routes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.patch('/households/:id/members/:memberId', async (c) => {
    const caller = requireActor(c);
    const input = parseInput(MemberUpdateInput, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => updateMember(tx, caller, c.req.param('id'), c.req.param('memberId'), input));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  app.post('/households/:id/merge', async (c) => {
    const caller = requireActor(c);
    const input = parseInput(MergeInput, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => mergeHouseholds(tx, caller, c.req.param('id'), input));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  return app;
}

const memberIdParam = uuidParam('memberId');
const saved = { description: 'Saved; the household\'s new version', ...jsonBody({ $ref: '#/components/schemas/RegistrationSaved' }) };

export const registrationApi: FeatureApi = {
  routes,
  openApi: {
    paths: {
      '/households/{id}/members/{memberId}': {
        patch: {
          operationId: 'updateMember',
          summary: 'Change one member (only the fields sent; null clears). `version` is the household\'s; BSN and V-nummer need identity.write',
          'x-permission': 'household.update',
          parameters: [idParam, memberIdParam],
          requestBody: { required: true, ...jsonBody({ $ref: '#/components/schemas/MemberUpdateInput' }) },
          responses: { '200': saved, '403': problem('Not allowed (also: identity numbers without identity.write; nothing changed)'), '422': problem('Invalid input'), ...conflictResponse, ...common, '404': problem('Not found — also a household of another organisation, and a memberId that is not a member of it or not a UUID') },
        },
      },
      '/households/{id}/merge': {
        post: {
          operationId: 'mergeHouseholds',
          summary: 'Merge the household `duplicateId` into this one (audited): kept values win, blanks are filled, everything moves, the duplicate is deleted. REL-LOCK on both: `version` is this household\'s, `duplicateVersion` the duplicate\'s, as you read them',
          'x-permission': 'household.merge',
          parameters: [idParam],
          requestBody: { required: true, ...jsonBody({ $ref: '#/components/schemas/MergeInput' }) },
          responses: {
            '200': saved, '403': problem('Not allowed'), '422': problem('Invalid input'),
            '409': problem('One of the two households changed since you read it; nothing merged. `current` is that household as it is now (compare its `id`)'),
            ...common,
          },
        },
      },
    },
    schemas: {
      MemberUpdateInput: inputSchema(MemberUpdateInput),
      MergeInput: inputSchema(MergeInput),
      RegistrationSaved: { type: 'object', required: ['id', 'version'], properties: { id: { type: 'string', format: 'uuid' }, version: { type: 'integer' } } },
    },
  },
};
