import { Hono } from 'hono';
import { failure, inTenant } from '../../platform/context.ts';
import { callerOf, type AppEnv, type Ctx } from '../../platform/http/context.ts';
import { loadPrintablePlan, pdfFileName, pdfHeaders, printLocale, printModel, renderPlanPdf, type PrintFormat } from '../../features/plans/print.ts';
import { planPrintPage } from '../pages/plan-print.ts';
import { requireSignedIn } from '../support.ts';

// The plan for the newcomer: the print view and the PDF, each in the language asked with ?taal= (nl, en, ar).

async function printable(c: Ctx, format: PrintFormat) {
  requireSignedIn(c);
  const caller = callerOf(c);
  const locale = printLocale(c.req.query('taal'), c.get('locale'));
  const result = await inTenant(c.get('deps').database, caller, (tx) => loadPrintablePlan(tx, caller, c.req.param('planId') ?? '', format, locale));
  if (!result.ok) throw failure(result);
  return { data: result.value, model: printModel(result.value, locale) };
}

export function planPrintRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/plannen/:planId/afdrukken', async (c) => {
    const { model } = await printable(c, 'html');
    return c.html(planPrintPage(model));
  });

  // Made on request and never stored: the file holds the plan as it is now, for this reader only.
  app.get('/plannen/:planId/pdf', async (c) => {
    const { data, model } = await printable(c, 'pdf');
    const pdf = await renderPlanPdf(model);
    return c.body(new Uint8Array(pdf), 200, pdfHeaders(pdfFileName(model, data.doc), pdf.length));
  });

  return app;
}
