import { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import { failure, inTenant } from '../../platform/context.ts';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { callerOf, type AppEnv, type Ctx } from '../../platform/http/context.ts';
import { parseInput } from '../../platform/validation.ts';
import {
  addChecklistItem, checklistProgress, ChecklistItemInput, ChecklistUpdateInput, CloseInput, closeTrajectory, closingContext, listProgrammes, loadTrajectory,
  ProgrammeInput, readChecklist, readProgramme, RETENTION_YEARS_AFTER_CLOSE, startTrajectory, updateChecklistItem, updateProgramme,
  type ChecklistItemView, type TrajectoryView,
} from '../../features/trajectories/index.ts';
import { trajectoryForRole } from '../../features/trajectories/checklist.ts';
import type { HouseholdSection } from '../household-sections.ts';
import { checklistPage, closePage, trajectorySectionView, type ChecklistPageState, type CloseFormState } from '../pages/trajectories.ts';
import { programmeForm, programmeFromForm, settingsPage, type ProgrammeFormState } from '../pages/settings.ts';
import { formAll, formOf, pageContext, requireSignedIn, validationOf } from '../support.ts';

/** The trajectory on the dossier: facts, phase, checklist progress, start and close for who may. */
export const trajectorySection: HouseholdSection = async (tx, caller, household) => {
  // The coaching programme is the organisation's own (as its journal); a regisseur of the municipality does not
  // see it. The dossier read already settled the relation: no second look at the same facts.
  if (!household.permissions.canReadJournal) return null;
  const trajectory = await loadTrajectory(tx, household.id);
  const progress = trajectory ? await checklistProgress(tx, trajectory) : null;
  const canManage = household.permissions.canManageTrajectory;
  // AUTH-FIELDS: the closing evaluation and handover note never reach a role below the sensitive class.
  return (ctx) => trajectorySectionView(ctx, { householdId: household.id, housingDate: household.housingDate, trajectory: trajectoryForRole(caller.actor, trajectory), progress, canManage });
};

async function referenceOf(tx: Tx, householdId: string): Promise<string> {
  return rowsOf<{ reference: string }>(await tx.execute(sql`select reference from households where id = ${householdId}`))[0]?.reference ?? '';
}

async function renderChecklist(c: Ctx, id: string, state: ChecklistPageState = {}, status: 200 | 409 | 422 = 200) {
  const caller = callerOf(c);
  const result = await inTenant(c.get('deps').database, caller, async (tx) => {
    const view = await readChecklist(tx, caller, id);
    if (!view.ok) return view;
    return { ok: true as const, view: view.value, reference: await referenceOf(tx, id) };
  });
  if (!result.ok) throw failure(result);
  return c.html(checklistPage(pageContext(c), id, result.reference, result.view, state), status);
}

async function renderClose(c: Ctx, id: string, state: CloseFormState = {}, status: 200 | 409 | 422 = 200) {
  const caller = callerOf(c);
  const result = await inTenant(c.get('deps').database, caller, async (tx) => {
    const open = await closingContext(tx, caller, id);
    if (!open.ok) return open;
    const municipalities = rowsOf<{ code: string; name: string }>(await tx.execute(sql`select code, name from municipalities order by name`));
    return { ok: true as const, trajectory: open.value, municipalities, reference: await referenceOf(tx, id) };
  });
  if (!result.ok) throw failure(result);
  return c.html(closePage(pageContext(c), id, result.reference, result.trajectory, result.municipalities, RETENTION_YEARS_AFTER_CLOSE, state), status);
}

async function renderProgramme(c: Ctx, code: string, state: ProgrammeFormState = {}, status: 200 | 409 | 422 = 200) {
  const caller = callerOf(c);
  const result = await inTenant(c.get('deps').database, caller, (tx) => readProgramme(tx, caller, code));
  if (!result.ok) throw failure(result);
  return c.html(programmeForm(pageContext(c), result.value, state), status);
}

export function trajectoriesRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/huishoudens/:id/basis-op-orde', (c) => {
    requireSignedIn(c);
    const q = c.req.query('opgeslagen');
    return renderChecklist(c, c.req.param('id'), { saved: q === '1', added: q === 'nieuw' });
  });

  app.post('/huishoudens/:id/basis-op-orde/:itemId', async (c) => {
    requireSignedIn(c);
    const id = c.req.param('id');
    const itemId = c.req.param('itemId');
    const form = await formOf(c);
    const caller = callerOf(c);
    let input;
    try {
      input = parseInput(ChecklistUpdateInput, form);
    } catch (error) {
      const v = validationOf(error);
      if (v) return renderChecklist(c, id, { itemId, values: form, errors: v.fields }, 422);
      throw error;
    }
    const result = await inTenant(c.get('deps').database, caller, (tx) => updateChecklistItem(tx, caller, id, itemId, input));
    if (!result.ok) {
      // REL-LOCK: show what the other person did, and let her apply her own change again.
      if (result.error === 'CONFLICT') return renderChecklist(c, id, { itemId, values: form, conflict: result.current as ChecklistItemView }, 409);
      throw failure(result);
    }
    return c.redirect(`/huishoudens/${id}/basis-op-orde?opgeslagen=1#item-${itemId}`, 303);
  });

  app.post('/huishoudens/:id/basis-op-orde', async (c) => {
    requireSignedIn(c);
    const id = c.req.param('id');
    const form = await formOf(c);
    const caller = callerOf(c);
    try {
      const input = parseInput(ChecklistItemInput, form);
      const result = await inTenant(c.get('deps').database, caller, (tx) => addChecklistItem(tx, caller, id, input));
      if (!result.ok) throw failure(result);
    } catch (error) {
      const v = validationOf(error);
      if (v) return renderChecklist(c, id, { itemId: 'new', values: form, errors: v.fields }, 422);
      throw error;
    }
    return c.redirect(`/huishoudens/${id}/basis-op-orde?opgeslagen=nieuw`, 303);
  });

  app.post('/huishoudens/:id/traject/starten', async (c) => {
    requireSignedIn(c);
    const id = c.req.param('id');
    const caller = callerOf(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => startTrajectory(tx, caller, id));
    // Started already (a double click, or someone else): the dossier shows the trajectory either way.
    if (!result.ok && result.error !== 'CONFLICT') throw failure(result);
    return c.redirect(`/huishoudens/${id}?opgeslagen=trajectory.started#traject`, 303);
  });

  app.get('/huishoudens/:id/traject/afsluiten', (c) => {
    requireSignedIn(c);
    return renderClose(c, c.req.param('id'));
  });

  app.post('/huishoudens/:id/traject/afsluiten', async (c) => {
    requireSignedIn(c);
    const id = c.req.param('id');
    const form = await formOf(c);
    const caller = callerOf(c);
    let result;
    try {
      const input = parseInput(CloseInput, form);
      result = await inTenant(c.get('deps').database, caller, (tx) => closeTrajectory(tx, caller, id, input));
    } catch (error) {
      const v = validationOf(error);
      if (v) return renderClose(c, id, { values: form, errors: v.fields }, 422);
      throw error;
    }
    if (!result.ok) {
      if (result.error === 'CONFLICT') return renderClose(c, id, { values: form, conflict: result.current as TrajectoryView | null }, 409);
      throw failure(result);
    }
    // Closing ends the coach's assignment: only an organisation-wide role still sees the file afterwards.
    const stillVisible = caller.actor.role === 'coordinator';
    return c.redirect(stillVisible ? `/huishoudens/${id}?opgeslagen=trajectory.closed#traject` : '/huishoudens?opgeslagen=trajectory.closed', 303);
  });

  app.get('/instellingen', async (c) => {
    requireSignedIn(c);
    const caller = callerOf(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => listProgrammes(tx, caller));
    if (!result.ok) throw failure(result);
    return c.html(settingsPage(pageContext(c), result.value, c.req.query('opgeslagen') ?? undefined));
  });

  app.get('/instellingen/gemeenten/:code', (c) => {
    requireSignedIn(c);
    return renderProgramme(c, c.req.param('code'));
  });

  app.post('/instellingen/gemeenten/:code', async (c) => {
    requireSignedIn(c);
    const code = c.req.param('code');
    const caller = callerOf(c);
    const form = await formAll(c);
    const { data, phaseRows, values } = programmeFromForm(form);
    let result;
    try {
      const input = parseInput(ProgrammeInput, data);
      result = await inTenant(c.get('deps').database, caller, (tx) => updateProgramme(tx, caller, code, input));
    } catch (error) {
      const v = validationOf(error);
      if (!v) throw error;
      // Errors name the phase by its row in the submitted list; the form has empty rows in between.
      const errors = v.fields.map((f) => {
        const m = /^phases\.(\d+)(\..*)?$/.exec(f.field);
        return m ? { ...f, field: `phases.${phaseRows[Number(m[1])] ?? 0}${m[2] ?? '.key'}` } : f;
      });
      return renderProgramme(c, code, { values, errors }, 422);
    }
    if (!result.ok) {
      if (result.error === 'CONFLICT') return renderProgramme(c, code, { values, conflict: result.current as never }, 409);
      throw failure(result);
    }
    return c.redirect(`/instellingen?opgeslagen=${encodeURIComponent(code)}`, 303);
  });

  return app;
}
