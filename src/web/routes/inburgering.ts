import { Hono } from 'hono';
import { failure, inTenant } from '../../platform/context.ts';
import { callerOf, type AppEnv, type Ctx } from '../../platform/http/context.ts';
import { parseInput } from '../../platform/validation.ts';
import {
  addMilestone, addPipGoal, deleteMilestone, MilestoneDeleteInput, MilestoneInput, MilestoneUpdateInput, PipGoalInput, readDeleteTarget, readInburgering,
  removePipGoal, updateMilestone, type DeleteTarget, type MilestoneView,
} from '../../features/plans/inburgering.ts';
import { changeLayer, LayerChangeInput, readPyramid } from '../../features/plans/pyramid.ts';
import { confirmDeletePage, inburgeringPage, pyramidPage, type InburgeringPageState, type PyramidPageState } from '../pages/inburgering.ts';
import { formOf, pageContext, requireSignedIn, validationOf } from '../support.ts';

// A person's inburgering (PIP goals, PVT, MAP, KNM, exams) and her pyramid layer. Every write is a small form:
// POST, then a 303 back to the page (or the page again with the errors, 422, or the other person's change, 409).

const SAVED = new Set(['milestone_added', 'milestone_saved', 'milestone_deleted', 'goal_added', 'goal_removed']);

async function renderInburgering(c: Ctx, id: string, memberId: string, state: InburgeringPageState = {}, status: 200 | 409 | 422 = 200) {
  const caller = callerOf(c);
  const result = await inTenant(c.get('deps').database, caller, (tx) => readInburgering(tx, caller, id, memberId));
  if (!result.ok) throw failure(result);
  return c.html(inburgeringPage(pageContext(c), result.value, state), status);
}

async function renderPyramid(c: Ctx, id: string, memberId: string, state: PyramidPageState = {}, status: 200 | 409 | 422 = 200) {
  const caller = callerOf(c);
  const result = await inTenant(c.get('deps').database, caller, (tx) => readPyramid(tx, caller, id, memberId));
  if (!result.ok) throw failure(result);
  return c.html(pyramidPage(pageContext(c), result.value, state), status);
}

/** "Weet u het zeker?": a GET page before each delete, whose button posts the delete (no script needed). */
async function renderConfirm(c: Ctx, kind: DeleteTarget['kind'], id: string) {
  requireSignedIn(c);
  const caller = callerOf(c);
  const result = await inTenant(c.get('deps').database, caller, (tx) => readDeleteTarget(tx, caller, c.req.param('id')!, c.req.param('memberId')!, kind, id));
  if (!result.ok) throw failure(result);
  return c.html(confirmDeletePage(pageContext(c), result.value.view, result.value.target));
}

export function inburgeringRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const base = '/huishoudens/:id/personen/:memberId/inburgering';
  const page = (c: Ctx) => `/huishoudens/${c.req.param('id')}/personen/${c.req.param('memberId')}/inburgering`;

  app.get(base, (c) => {
    requireSignedIn(c);
    const saved = c.req.query('opgeslagen');
    return renderInburgering(c, c.req.param('id'), c.req.param('memberId'), { saved: saved && SAVED.has(saved) ? saved : undefined });
  });

  // Add a milestone (the form at the bottom of the page).
  app.post(base, async (c) => {
    requireSignedIn(c);
    const id = c.req.param('id');
    const memberId = c.req.param('memberId');
    const form = await formOf(c);
    const caller = callerOf(c);
    let result;
    try {
      const input = parseInput(MilestoneInput, form);
      result = await inTenant(c.get('deps').database, caller, (tx) => addMilestone(tx, caller, id, memberId, input));
    } catch (error) {
      const v = validationOf(error);
      if (v) return renderInburgering(c, id, memberId, { target: 'new', values: form, errors: v.fields }, 422);
      throw error;
    }
    if (!result.ok) throw failure(result);
    return c.redirect(`${page(c)}?opgeslagen=milestone_added#mijlpaal-${result.value.id}`, 303);
  });

  app.post(`${base}/mijlpalen/:milestoneId`, async (c) => {
    requireSignedIn(c);
    const id = c.req.param('id');
    const memberId = c.req.param('memberId');
    const milestoneId = c.req.param('milestoneId');
    const form = await formOf(c);
    const caller = callerOf(c);
    let result;
    try {
      const input = parseInput(MilestoneUpdateInput, form);
      result = await inTenant(c.get('deps').database, caller, (tx) => updateMilestone(tx, caller, id, memberId, milestoneId, input));
    } catch (error) {
      const v = validationOf(error);
      if (v) return renderInburgering(c, id, memberId, { target: milestoneId, values: form, errors: v.fields }, 422);
      throw error;
    }
    if (!result.ok) {
      // REL-LOCK: show what the other person did; her own change stays in the form to save again.
      if (result.error === 'CONFLICT') return renderInburgering(c, id, memberId, { target: milestoneId, values: form, conflict: result.current as MilestoneView }, 409);
      throw failure(result);
    }
    return c.redirect(`${page(c)}?opgeslagen=milestone_saved#mijlpaal-${milestoneId}`, 303);
  });

  app.get(`${base}/mijlpalen/:milestoneId/verwijderen`, (c) => renderConfirm(c, 'milestone', c.req.param('milestoneId')));
  app.get(`${base}/pip-doelen/:goalId/verwijderen`, (c) => renderConfirm(c, 'pip_goal', c.req.param('goalId')));

  app.post(`${base}/mijlpalen/:milestoneId/verwijderen`, async (c) => {
    requireSignedIn(c);
    const id = c.req.param('id');
    const memberId = c.req.param('memberId');
    const milestoneId = c.req.param('milestoneId');
    const form = await formOf(c);
    const caller = callerOf(c);
    const input = parseInput(MilestoneDeleteInput, form);
    const result = await inTenant(c.get('deps').database, caller, (tx) => deleteMilestone(tx, caller, id, memberId, milestoneId, input));
    if (!result.ok) {
      if (result.error === 'CONFLICT') return renderInburgering(c, id, memberId, { target: milestoneId, conflict: result.current as MilestoneView }, 409);
      throw failure(result);
    }
    return c.redirect(`${page(c)}?opgeslagen=milestone_deleted#milestones-heading`, 303);
  });

  app.post(`${base}/pip-doelen`, async (c) => {
    requireSignedIn(c);
    const id = c.req.param('id');
    const memberId = c.req.param('memberId');
    const form = await formOf(c);
    const caller = callerOf(c);
    let result;
    try {
      const input = parseInput(PipGoalInput, form);
      result = await inTenant(c.get('deps').database, caller, (tx) => addPipGoal(tx, caller, id, memberId, input));
    } catch (error) {
      const v = validationOf(error);
      if (v) return renderInburgering(c, id, memberId, { target: 'goal', values: form, errors: v.fields }, 422);
      throw error;
    }
    if (!result.ok) throw failure(result);
    return c.redirect(`${page(c)}?opgeslagen=goal_added#pip-heading`, 303);
  });

  app.post(`${base}/pip-doelen/:goalId/verwijderen`, async (c) => {
    requireSignedIn(c);
    const id = c.req.param('id');
    const memberId = c.req.param('memberId');
    const caller = callerOf(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => removePipGoal(tx, caller, id, memberId, c.req.param('goalId')));
    if (!result.ok) throw failure(result);
    return c.redirect(`${page(c)}?opgeslagen=goal_removed#pip-heading`, 303);
  });

  const pyramid = '/huishoudens/:id/personen/:memberId/piramide';

  app.get(pyramid, (c) => {
    requireSignedIn(c);
    return renderPyramid(c, c.req.param('id'), c.req.param('memberId'), { saved: c.req.query('opgeslagen') === '1' });
  });

  app.post(pyramid, async (c) => {
    requireSignedIn(c);
    const id = c.req.param('id');
    const memberId = c.req.param('memberId');
    const form = await formOf(c);
    const caller = callerOf(c);
    let result;
    try {
      const input = parseInput(LayerChangeInput, form);
      result = await inTenant(c.get('deps').database, caller, (tx) => changeLayer(tx, caller, id, memberId, input));
    } catch (error) {
      const v = validationOf(error);
      if (v) return renderPyramid(c, id, memberId, { values: form, errors: v.fields }, 422);
      throw error;
    }
    if (!result.ok) {
      if (result.error === 'CONFLICT') return renderPyramid(c, id, memberId, { conflict: true }, 409);
      throw failure(result);
    }
    return c.redirect(`/huishoudens/${id}/personen/${memberId}/piramide?opgeslagen=1`, 303);
  });

  return app;
}
