import { Hono } from 'hono';
import { failure, inTenant } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { callerOf, type AppEnv, type Ctx } from '../../platform/http/context.ts';
import { parseInput } from '../../platform/validation.ts';
import { ApprovalSettingInput, PlanSettingsInput, readPlanSettings, updateApprovalSetting, updatePlanSettings } from '../../features/plans/settings.ts';
import { errorsToForm, planSettingsFromForm, planSettingsPage, type PlanSettingsFormState } from '../pages/plan-settings.ts';
import { formAll, formOf, pageContext, requireSignedIn } from '../support.ts';

// The plan settings of one municipality (domains, score labels, pyramid offers): one form, one save; and on the
// same page the organisation-wide approval switch, a small form of its own with its own lock.

const MUNICIPALITY = /^GM\d{4}$/;

async function render(c: Ctx, code: string, state: PlanSettingsFormState = {}, status: 200 | 409 | 422 = 200) {
  const caller = callerOf(c);
  const result = await inTenant(c.get('deps').database, caller, (tx) => readPlanSettings(tx, caller, code));
  if (!result.ok) throw failure(result);
  return c.html(planSettingsPage(pageContext(c), result.value, state), status);
}

export function planSettingsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/instellingen/gemeenten/:code/plannen', (c) => {
    requireSignedIn(c);
    const saved = c.req.query('opgeslagen');
    return render(c, c.req.param('code'), { saved: saved === '1' ? 'settings' : saved === 'goedkeuring' ? 'approval' : undefined });
  });

  app.post('/instellingen/gemeenten/:code/plannen', async (c) => {
    requireSignedIn(c);
    const code = c.req.param('code');
    const caller = callerOf(c);
    const parsed = planSettingsFromForm(await formAll(c));
    let result;
    try {
      const input = parseInput(PlanSettingsInput, parsed.data);
      result = await inTenant(c.get('deps').database, caller, (tx) => updatePlanSettings(tx, caller, code, input));
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'VALIDATION') throw error;
      return render(c, code, { values: parsed.values, errors: errorsToForm(error.fields, parsed) }, 422);
    }
    if (!result.ok) {
      // REL-LOCK: the form shows the settings as they are now, with a clear message.
      if (result.error === 'CONFLICT') return render(c, code, { conflict: true }, 409);
      throw failure(result);
    }
    return c.redirect(`/instellingen/gemeenten/${encodeURIComponent(code)}/plannen?opgeslagen=1`, 303);
  });

  // The organisation-wide switch. It is posted from a municipality's page (`gemeente`), which it returns to.
  app.post('/instellingen/plannen/goedkeuring', async (c) => {
    requireSignedIn(c);
    const caller = callerOf(c);
    const form = await formOf(c);
    const code = MUNICIPALITY.test(form.gemeente ?? '') ? form.gemeente! : null;
    const input = parseInput(ApprovalSettingInput, { approvalRequired: form.approvalRequired, approvalRequiredWas: form.approvalRequiredWas });
    const result = await inTenant(c.get('deps').database, caller, (tx) => updateApprovalSetting(tx, caller, input));
    if (!result.ok) {
      // REL-LOCK: the page again, with the switch as it is now and a clear message.
      if (result.error === 'CONFLICT' && code) return render(c, code, { approvalConflict: true }, 409);
      throw failure(result);
    }
    return c.redirect(code ? `/instellingen/gemeenten/${code}/plannen?opgeslagen=goedkeuring#goedkeuring` : '/instellingen', 303);
  });

  return app;
}
