import { Hono } from 'hono';
import { failure, inTenant } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import type { AppEnv } from '../platform/http/context.ts';
import { infopuntStatistics, MAX_WEEKS } from '../features/infopunten/statistics.ts';
import { VISIT_AUTHORITIES, VISIT_OUTCOMES, VISIT_TOPICS } from '../features/infopunten/schema.ts';
import type { FeatureApi } from './features.ts';
import { common, jsonBody, problem, requireActor } from './support.ts';

// The infopunt statistics for other programs (a council report, a dashboard): the same filters and numbers as the
// page GET /infopunt/statistiek. Counts only; the caller's scope as on the page (AUTH-LISTS).

function routes(): Hono<AppEnv> {
  const api = new Hono<AppEnv>();

  api.get('/infopunt-statistics', async (c) => {
    const caller = requireActor(c);
    const query = { from: c.req.query('from'), to: c.req.query('to'), infopunt: c.req.query('infopunt'), municipality: c.req.query('municipality') };
    const result = await inTenant(c.get('deps').database, caller, (tx) => infopuntStatistics(tx, caller, query));
    if (!result.ok) throw failure(result);
    if ('errors' in result.value) throw new AppError('VALIDATION', { fields: result.value.errors });
    const { scope, statistics } = result.value;
    return c.json({
      ...statistics,
      infopunten: statistics.infopunten.map(({ id, name, municipalityCode, active, ...counts }) => ({ id, name, municipalityCode, active, ...counts })),
      municipalities: scope.municipalities,
    });
  });

  return api;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const period = (which: string) => ({
  name: which, in: 'query', required: false,
  description: `${which === 'from' ? 'First' : 'Last'} ISO week (2026-W05) or date (2026-02-03) counted. Default: the last 13 ISO weeks up to this one; at most ${MAX_WEEKS} weeks.`,
  schema: { type: 'string', examples: ['2026-W05', '2026-02-03'] },
});
const counts = {
  visits: { type: 'integer' }, minutes: { type: 'integer' },
  withInterpreter: { type: 'integer', description: 'Visits with an interpreter' }, linked: { type: 'integer', description: 'Visits linked to a known household' },
};
const category = (values: readonly string[]) => ({ type: 'array', items: { type: 'object', properties: { key: { type: 'string', enum: [...values] }, ...counts } } });

export const infopuntStatisticsApi: FeatureApi = {
  routes,
  openApi: {
    paths: {
      '/infopunt-statistics': {
        get: {
          operationId: 'getInfopuntStatistics',
          summary: 'Visits to the infopunten per week, topic, authority, infopunt and outcome, with the topic × authority cross-tab: counts only, never a person (audited). Coordinators and professionals count every infopunt of their organisation, infopunt staff the ones where they work.',
          'x-permission': 'infopunt.statistics',
          parameters: [
            period('from'), period('to'),
            { name: 'infopunt', in: 'query', required: false, description: 'One infopunt the caller may count; any other id is not one of the choices (422)', schema: { type: 'string', format: 'uuid' } },
            { name: 'municipality', in: 'query', required: false, description: 'A municipality (CBS code) of those infopunten', schema: { type: 'string', pattern: '^GM\\d{4}$' } },
          ],
          responses: {
            '200': { description: 'The numbers', ...jsonBody(ref('InfopuntStatistics')) },
            '403': problem('Not allowed — volunteers, trainers and the municipality see no infopunt statistics'),
            '422': problem('Invalid filter; `errors` names each field (from, to, infopunt, municipality) with its message'),
            ...common,
          },
        },
      },
    },
    schemas: {
      InfopuntStatistics: {
        type: 'object',
        required: ['scope', 'filter', 'totals', 'weeks', 'topics', 'authorities', 'outcomes', 'infopunten', 'topicAuthority'],
        properties: {
          scope: { type: 'string', enum: ['organisation', 'own'], description: 'organisation: every infopunt of the organisation; own: where the caller works' },
          filter: {
            type: 'object',
            properties: {
              from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' },
              firstWeek: { type: 'string', examples: ['2026-W01'] }, lastWeek: { type: 'string', examples: ['2026-W13'] }, weeks: { type: 'integer' },
              infopuntId: { type: ['string', 'null'], format: 'uuid' }, municipalityCode: { type: ['string', 'null'] }, custom: { type: 'boolean' },
            },
          },
          totals: { type: 'object', properties: counts },
          weeks: {
            type: 'array', description: 'Every ISO week of the period, also those without visits',
            items: { type: 'object', properties: { week: { type: 'string' }, startsOn: { type: 'string', format: 'date' }, partial: { type: 'boolean' }, visits: { type: 'integer' }, minutes: { type: 'integer' } } },
          },
          topics: category(VISIT_TOPICS),
          authorities: category(VISIT_AUTHORITIES),
          outcomes: category(VISIT_OUTCOMES),
          infopunten: {
            type: 'array',
            items: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' }, municipalityCode: { type: 'string' }, active: { type: 'boolean' }, ...counts } },
          },
          topicAuthority: {
            type: 'array', description: 'Pairs with at least one visit',
            items: { type: 'object', properties: { topic: { type: 'string', enum: [...VISIT_TOPICS] }, authority: { type: 'string', enum: [...VISIT_AUTHORITIES] }, visits: { type: 'integer' } } },
          },
          municipalities: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' } } } },
        },
      },
    },
  },
};
