import { Hono } from 'hono';
import { failure, inTenant } from '../platform/context.ts';
import type { AppEnv } from '../platform/http/context.ts';
import { DEFAULT_LOCALE, isLocale } from '../platform/i18n/index.ts';
import { loadPrintablePlan, pdfFileName, pdfHeaders, printModel, renderPlanPdf } from '../features/plans/print.ts';
import type { FeatureApi } from './features.ts';
import { common, idParam, problem, requireActor } from './support.ts';

// The plan as a PDF for the newcomer, for other programs (a portal, a document store). The same feature
// functions as the pages: audited as `plan.print`, filtered for the caller's role.

function routes(): Hono<AppEnv> {
  const api = new Hono<AppEnv>();

  api.get('/plans/:id/pdf', async (c) => {
    const caller = requireActor(c);
    const lang = c.req.query('lang');
    const locale = isLocale(lang) ? lang : DEFAULT_LOCALE;
    const result = await inTenant(c.get('deps').database, caller, (tx) => loadPrintablePlan(tx, caller, c.req.param('id'), 'pdf', locale));
    if (!result.ok) throw failure(result);
    const model = printModel(result.value, locale);
    const pdf = await renderPlanPdf(model);
    return c.body(new Uint8Array(pdf), 200, pdfHeaders(pdfFileName(model, result.value.doc), pdf.length));
  });

  return api;
}

export const planPrintApi: FeatureApi = {
  routes,
  openApi: {
    paths: {
      '/plans/{id}/pdf': {
        get: {
          operationId: 'getPlanPdf',
          summary: 'The plan as a PDF for the newcomer (A4, tagged, fonts embedded; Arabic right-to-left). Labels in the chosen language, what people wrote as written; parts the caller may not see are left out. Audited as plan.print',
          'x-permission': 'plan.read',
          parameters: [
            idParam,
            { name: 'lang', in: 'query', required: false, schema: { type: 'string', enum: ['nl', 'en', 'ar'], default: 'nl' }, description: 'Language of the fixed labels; anything else gives Dutch' },
          ],
          responses: {
            '200': {
              description: 'The PDF, as a download (Content-Disposition: attachment; the file name holds the household reference, never a name)',
              content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
            },
            '403': problem('Not allowed — the municipality\'s regisseur sees no plans'),
            ...common,
          },
        },
      },
    },
    schemas: {},
  },
};
