import { Hono } from 'hono';
import { failure, inTenant } from '../platform/context.ts';
import type { AppEnv, Ctx } from '../platform/http/context.ts';
import { parseInput } from '../platform/validation.ts';
import {
  assignCoach,
  AssignInput,
  CapacityInput,
  handoverPlan,
  listCoaches,
  listWaiting,
  OwnProfileInput,
  ProfileInput,
  readProfile,
  ReassignInput,
  reassignHouseholds,
  reasonText,
  saveProfile,
  setCoachCapacity,
  suggestCoaches,
  type CoachView,
  type SuggestionView,
} from '../features/coaches/index.ts';
import { can } from '../platform/policy.ts';
import type { FeatureApi } from './features.ts';
import { common, conflictResponse, idParam, inputSchema, jsonBody, json, page, paged, pageParams, problem, requireActor, ref } from './support.ts';

// Coaches, their profiles, match suggestions and (re)assignment. Same feature functions as the pages.

/** A coach as the API shows her (the ranking's internals stay out). */
function coachJson(c: CoachView) {
  return {
    id: c.id, name: c.name, role: c.role, supervisorId: c.supervisorId, supervisorName: c.supervisorName, groupId: c.groupId, groupName: c.groupName,
    languages: c.languages, municipalityCodes: c.municipalityCodes, postcodeAreas: c.postcodeAreas, availability: c.availability, preferences: c.preferences,
    vogDate: c.vogDate, vogStatus: c.vogStatus, trainings: c.trainings, maxLoad: c.ownMaxLoad, effectiveMaxLoad: c.maxLoad, load: c.load, note: c.note, version: c.version,
  };
}

function suggestionJson(c: Ctx, s: SuggestionView) {
  const t = c.get('t');
  const locale = c.get('locale');
  return {
    coachId: s.coachId, name: s.name, role: s.role, score: s.score, load: s.load, maxLoad: s.maxLoad, freePlaces: s.freePlaces, full: s.full, current: s.current,
    reasons: s.reasons.map((r) => ({ code: r.code, positive: r.positive, params: r.params ?? {}, text: reasonText(t, locale, r) })),
  };
}

async function putProfile(c: Ctx, userId: string) {
  const caller = requireActor(c);
  const body = await json(c);
  // The coordinator's input carries the VOG, trainings, maximum and supervisor; a coach's own input may repeat
  // the first three only unchanged (403 otherwise) and never sets a supervisor.
  const input = can(caller.actor, 'coach.manage') ? parseInput(ProfileInput, body) : parseInput(OwnProfileInput, body);
  // Profile and supervisor in one transaction, the supervisor checked before anything is written.
  const result = await saveProfile(c.get('deps').database, caller, userId, input);
  if (!result.ok) throw failure(result.error === 'CONFLICT' ? { ...result, current: coachJson(result.current as CoachView) } : result);
  return c.json(coachJson(result.value));
}

function routes(): Hono<AppEnv> {
  const api = new Hono<AppEnv>();

  api.get('/coaches', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => listCoaches(tx, caller, page(c)));
    if (!result.ok) throw failure(result);
    const { coaches, coachCapacity } = result.value;
    return c.json({ ...coaches, items: coaches.items.map(coachJson), coachCapacity });
  });

  api.put('/coach-capacity', async (c) => {
    const caller = requireActor(c);
    const input = parseInput(CapacityInput, await json(c));
    const result = await setCoachCapacity(c.get('deps').database, caller, input);
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  // Registered before /coaches/:id so the static path wins.
  api.get('/coaches/waiting-households', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => listWaiting(tx, caller, page(c)));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  api.get('/me/coach-profile', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => readProfile(tx, caller, caller.actor.userId));
    if (!result.ok) throw failure(result);
    return c.json(coachJson(result.value));
  });

  api.put('/me/coach-profile', (c) => putProfile(c, requireActor(c).actor.userId));

  api.get('/coaches/:id', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => readProfile(tx, caller, c.req.param('id')));
    if (!result.ok) throw failure(result);
    return c.json(coachJson(result.value));
  });

  // Someone other than the coordinator uses /me/coach-profile; here only the policy decides (403 otherwise).
  api.put('/coaches/:id', (c) => putProfile(c, c.req.param('id')));

  api.get('/coaches/:id/handover', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => handoverPlan(tx, caller, c.req.param('id')));
    if (!result.ok) throw failure(result);
    const plan = result.value;
    return c.json({
      coach: coachJson(plan.coach),
      households: plan.households.map((h) => ({
        id: h.id, reference: h.reference, municipalityName: h.municipalityName, memberCount: h.memberCount, proposedCoachId: h.proposedCoachId,
        suggestions: h.suggestions.map((s) => suggestionJson(c, s)),
      })),
    });
  });

  api.post('/coaches/:id/reassign', async (c) => {
    const caller = requireActor(c);
    const input = parseInput(ReassignInput, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => reassignHouseholds(tx, caller, c.req.param('id'), input));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  api.get('/households/:id/coach-suggestions', async (c) => {
    const caller = requireActor(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => suggestCoaches(tx, caller, c.req.param('id')));
    if (!result.ok) throw failure(result);
    const { householdId, reference, currentCoachId, suggestions } = result.value;
    return c.json({ householdId, reference, currentCoachId, items: suggestions.map((s) => suggestionJson(c, s)) });
  });

  api.post('/households/:id/coach', async (c) => {
    const caller = requireActor(c);
    const input = parseInput(AssignInput, await json(c));
    const result = await inTenant(c.get('deps').database, caller, (tx) => assignCoach(tx, caller, c.req.param('id'), input));
    if (!result.ok) throw failure(result);
    return c.json(result.value);
  });

  return api;
}

const forbiddenResponse = { '403': problem('Not allowed for your role') };
const invalid = { '422': problem('Invalid input; `errors` names the fields (e.g. allowOverCapacity when the coach is full)') };

export const coachesApi: FeatureApi = {
  routes,
  openApi: {
    paths: {
      '/coaches': {
        get: {
          operationId: 'listCoaches', summary: 'Coaches of your organisation with their load, ordered by coach group (audited)', 'x-permission': 'coach.manage',
          parameters: [...pageParams],
          responses: { '200': { description: 'Page of coaches and the organisation\'s default capacity', ...jsonBody({ allOf: [paged('CoachesCoach'), { type: 'object', properties: { coachCapacity: { type: 'integer' } } }] }) }, ...forbiddenResponse, ...common },
        },
      },
      '/coach-capacity': {
        put: {
          operationId: 'setCoachCapacity', summary: 'Set the organisation\'s default maximum of households per coach (audited)', 'x-permission': 'coach.manage',
          requestBody: { required: true, ...jsonBody(ref('CoachesCapacityInput')) },
          responses: { '200': { description: 'Saved', ...jsonBody(ref('CoachesCapacityInput')) }, ...forbiddenResponse, ...invalid, ...common },
        },
      },
      '/coaches/waiting-households': {
        get: {
          operationId: 'listHouseholdsWaitingForCoach', summary: 'Households of your organisation without an active coach (reference, municipality, housing date, size, languages)', 'x-permission': 'coach.manage',
          parameters: [...pageParams],
          responses: { '200': { description: 'Page of waiting households', ...jsonBody(paged('CoachesWaitingHousehold')) }, ...forbiddenResponse, ...common },
        },
      },
      '/me/coach-profile': {
        get: {
          operationId: 'getOwnCoachProfile', summary: 'Your own coach profile', 'x-permission': 'coach.profile_own',
          responses: { '200': { description: 'Profile', ...jsonBody(ref('CoachesCoach')) }, ...forbiddenResponse, ...common },
        },
        put: {
          operationId: 'putOwnCoachProfile',
          summary: 'Update your own coach profile (REL-LOCK: send the version you read; 0 when you have none yet). vogDate, trainings and maxLoad are the coordinator\'s: leave them out or send them unchanged (403 otherwise)',
          'x-permission': 'coach.profile_own',
          requestBody: { required: true, ...jsonBody(ref('CoachesOwnProfileInput')) },
          responses: { '200': { description: 'Saved', ...jsonBody(ref('CoachesCoach')) }, '403': problem('Not allowed for your role, or vogDate, trainings or maxLoad sent with another value than stored (nothing changed)'), ...invalid, ...conflictResponse, ...common },
        },
      },
      '/coaches/{id}': {
        get: {
          operationId: 'getCoachProfile', summary: 'A coach\'s profile (a coach may read her own)', 'x-permission': 'coach.manage',
          parameters: [idParam],
          responses: { '200': { description: 'Profile', ...jsonBody(ref('CoachesCoach')) }, ...forbiddenResponse, ...common },
        },
        put: {
          operationId: 'putCoachProfile', summary: 'Update a coach\'s profile and, for a volunteer, her supervising professional (REL-LOCK)', 'x-permission': 'coach.manage',
          parameters: [idParam],
          requestBody: { required: true, ...jsonBody(ref('CoachesProfileInput')) },
          responses: { '200': { description: 'Saved', ...jsonBody(ref('CoachesCoach')) }, ...forbiddenResponse, ...invalid, ...conflictResponse, ...common },
        },
      },
      '/coaches/{id}/handover': {
        get: {
          operationId: 'getCoachHandoverPlan', summary: 'A leaving coach\'s active households (closed files left out), each with ranked suggestions and a proposed new coach', 'x-permission': 'coach.manage',
          parameters: [idParam],
          responses: { '200': { description: 'Handover plan', ...jsonBody(ref('CoachesHandoverPlan')) }, ...forbiddenResponse, ...common },
        },
      },
      '/coaches/{id}/reassign': {
        post: {
          operationId: 'reassignCoachHouseholds', summary: 'Move a coach\'s households to new coaches or the wait list in one transaction, with one handover note (audited)', 'x-permission': 'coach.manage',
          parameters: [idParam],
          requestBody: { required: true, ...jsonBody(ref('CoachesReassignInput')) },
          responses: { '200': { description: 'Done', ...jsonBody({ type: 'object', properties: { moved: { type: 'integer' }, waitlisted: { type: 'integer' } } }) }, '403': problem('Not allowed for your role, or a household\'s file is closed (a closed file gets no new coach; nothing moved)'), ...invalid, ...common },
        },
      },
      '/households/{id}/coach-suggestions': {
        get: {
          operationId: 'getCoachSuggestions', summary: 'Coaches of your organisation ranked for this household, each with her reasons; full coaches last (audited)', 'x-permission': 'coach.manage',
          parameters: [idParam],
          responses: { '200': { description: 'Ranked suggestions', ...jsonBody(ref('CoachesSuggestions')) }, ...forbiddenResponse, ...common },
        },
      },
      '/households/{id}/coach': {
        post: {
          operationId: 'assignCoach', summary: 'Confirm a coach for this household: ends the active assignment and starts the new one (audited)', 'x-permission': 'coach.manage',
          parameters: [idParam],
          requestBody: { required: true, ...jsonBody(ref('CoachesAssignInput')) },
          responses: { '200': { description: 'Assigned (changed=false when she already was the coach)', ...jsonBody({ type: 'object', properties: { householdId: { type: 'string', format: 'uuid' }, coachId: { type: 'string', format: 'uuid' }, changed: { type: 'boolean' } } }) }, ...forbiddenResponse, ...invalid, ...common },
        },
      },
    },
    schemas: {
      CoachesProfileInput: inputSchema(ProfileInput),
      CoachesOwnProfileInput: inputSchema(OwnProfileInput),
      CoachesCapacityInput: inputSchema(CapacityInput),
      CoachesAssignInput: inputSchema(AssignInput),
      CoachesReassignInput: inputSchema(ReassignInput),
      CoachesCoach: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' }, name: { type: 'string' }, role: { type: 'string', enum: ['volunteer', 'professional'] },
          supervisorId: { type: ['string', 'null'], format: 'uuid' }, supervisorName: { type: ['string', 'null'] },
          groupId: { type: ['string', 'null'], format: 'uuid' }, groupName: { type: ['string', 'null'], description: 'The professional whose coach group this is' },
          languages: { type: 'array', items: { type: 'string' } }, municipalityCodes: { type: 'array', items: { type: 'string' } },
          postcodeAreas: { type: 'array', items: { type: 'string' } }, availability: { type: 'array', items: { type: 'string' } },
          preferences: { type: 'array', items: { type: 'string' } }, vogDate: { type: ['string', 'null'], format: 'date' },
          vogStatus: { type: 'string', enum: ['valid', 'expired', 'missing', 'not_required'] }, trainings: { type: 'array', items: { type: 'string' } },
          maxLoad: { type: ['integer', 'null'], description: 'Her own maximum; null: the organisation\'s capacity' }, effectiveMaxLoad: { type: 'integer' },
          load: { type: 'integer' }, note: { type: ['string', 'null'] }, version: { type: 'integer' },
        },
      },
      CoachesWaitingHousehold: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' }, reference: { type: 'string' }, municipalityCode: { type: 'string' }, municipalityName: { type: 'string' },
          housingDate: { type: ['string', 'null'], format: 'date' }, memberCount: { type: 'integer' }, languages: { type: 'array', items: { type: 'string' } },
        },
      },
      CoachesSuggestion: {
        type: 'object',
        properties: {
          coachId: { type: 'string', format: 'uuid' }, name: { type: 'string' }, role: { type: 'string' }, score: { type: 'number' },
          load: { type: 'integer' }, maxLoad: { type: 'integer' }, freePlaces: { type: 'integer' }, full: { type: 'boolean' }, current: { type: 'boolean' },
          reasons: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, positive: { type: 'boolean' }, params: { type: 'object' }, text: { type: 'string' } } } },
        },
      },
      CoachesSuggestions: {
        type: 'object',
        properties: { householdId: { type: 'string', format: 'uuid' }, reference: { type: 'string' }, currentCoachId: { type: ['string', 'null'], format: 'uuid' }, items: { type: 'array', items: ref('CoachesSuggestion') } },
      },
      CoachesHandoverPlan: {
        type: 'object',
        properties: {
          coach: ref('CoachesCoach'),
          households: { type: 'array', items: { type: 'object', properties: {
            id: { type: 'string', format: 'uuid' }, reference: { type: 'string' }, municipalityName: { type: 'string' }, memberCount: { type: 'integer' },
            proposedCoachId: { type: ['string', 'null'], format: 'uuid' }, suggestions: { type: 'array', items: ref('CoachesSuggestion') },
          } } },
        },
      },
    },
  },
};
