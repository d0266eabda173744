import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { failure, inTenant } from '../../platform/context.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { callerOf, type AppEnv, type Ctx } from '../../platform/http/context.ts';
import { parseInput } from '../../platform/validation.ts';
import { evaluationForm, readEvaluation, recordEvaluation, type EvaluationConflict } from '../../features/plans/evaluations.ts';
import { EvaluationInput } from '../../features/plans/evaluation-inputs.ts';
import { compareVersions, listVersions, versionNumber } from '../../features/plans/versions.ts';
import { comparePage, evaluationFormPage, evaluationPage, versionsPage, type EvaluationFormState } from '../pages/evaluations.ts';
import { formAll, pageContext, requireSignedIn } from '../support.ts';
import { todayIso } from '../../platform/dates.ts';

// Evaluation talks and plan versions as pages: record a talk (phone first), read one back, list the versions and
// compare any two. Every action is a form: POST + 303, or a GET form for picking versions.

const KEY = /^[A-Za-z0-9_-]{8,100}$/;

/**
 * The form's fields as the input the feature takes, and the way back from an input path to the form field an
 * error belongs next to (scores.2.score → score.<domain>, goals.0.note → goal.<id>.note).
 */
export function evaluationFromForm(form: Record<string, string[]>): { data: Record<string, unknown>; fieldOf: (path: string) => string } {
  const one = (name: string) => form[name]?.[0];
  const scores: { domainKey: string; score: string }[] = [];
  const goals: { goalId: string; status: string | undefined; note: string | undefined; version: string | undefined }[] = [];
  for (const [name, values] of Object.entries(form)) {
    const score = /^score\.(.+)$/.exec(name);
    // "Geen nieuwe score" is the empty choice: no row.
    if (score && values[0]) scores.push({ domainKey: score[1]!, score: values[0] });
    const goal = /^goal\.([^.]+)\.status$/.exec(name);
    if (goal) goals.push({ goalId: goal[1]!, status: values[0], note: one(`goal.${goal[1]}.note`), version: one(`goal.${goal[1]}.version`) });
  }
  const data = {
    submissionKey: one('submissionKey') ?? '',
    heldOn: one('heldOn') ?? '',
    presentMemberIds: form.presentMemberIds ?? [],
    presentOthers: one('presentOthers'),
    agreements: one('agreements'),
    scores,
    goals,
  };
  const fieldOf = (path: string): string => {
    const s = /^scores\.(\d+)\./.exec(path);
    if (s) return `score.${scores[Number(s[1])]?.domainKey ?? ''}`;
    const g = /^goals\.(\d+)\.(\w+)/.exec(path);
    if (g) return `goal.${goals[Number(g[1])]?.goalId ?? ''}.${g[2] === 'note' ? 'note' : 'status'}`;
    if (path.startsWith('presentMemberIds')) return 'presentMemberIds';
    if (['heldOn', 'presentOthers', 'agreements'].includes(path)) return path;
    return '_';
  };
  return { data, fieldOf };
}

async function renderForm(c: Ctx, planId: string, state: Omit<EvaluationFormState, 'today' | 'submissionKey'> & { submissionKey?: string } = {}, status: 200 | 409 | 422 = 200) {
  const caller = callerOf(c);
  const result = await inTenant(c.get('deps').database, caller, (tx) => evaluationForm(tx, caller, planId));
  if (!result.ok) throw failure(result);
  // REL-IDEM: one key per form shown; a form shown again after an error keeps its key (nothing was saved).
  const submissionKey = state.submissionKey && KEY.test(state.submissionKey) ? state.submissionKey : randomUUID();
  return c.html(evaluationFormPage(pageContext(c), result.value, { ...state, submissionKey, today: todayIso() }), status);
}

export function evaluationsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/plannen/:planId/evaluaties/nieuw', (c) => {
    requireSignedIn(c);
    return renderForm(c, c.req.param('planId'));
  });

  app.post('/plannen/:planId/evaluaties/nieuw', async (c) => {
    requireSignedIn(c);
    const planId = c.req.param('planId');
    const caller = callerOf(c);
    const form = await formAll(c);
    const { data, fieldOf } = evaluationFromForm(form);
    const submissionKey = typeof data.submissionKey === 'string' ? data.submissionKey : undefined;
    let result;
    try {
      const input = parseInput(EvaluationInput, data);
      result = await inTenant(c.get('deps').database, caller, (tx) => recordEvaluation(tx, caller, planId, input));
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'VALIDATION') throw error;
      const errors: FieldError[] = [];
      for (const f of error.fields) {
        const field = fieldOf(f.field);
        if (!errors.some((e) => e.field === field)) errors.push({ field, message: f.message });
      }
      return renderForm(c, planId, { values: form, errors, submissionKey }, 422);
    }
    if (!result.ok) {
      // REL-LOCK: the goals someone else changed; the form comes back with her change and the writer's choices.
      if (result.error === 'CONFLICT') return renderForm(c, planId, { values: form, conflict: result.current as EvaluationConflict, submissionKey }, 409);
      throw failure(result);
    }
    const { evaluation, replayed } = result.value;
    return c.redirect(`/plannen/${planId}/evaluaties/${evaluation.id}?opgeslagen=${replayed ? 'eerder' : '1'}`, 303);
  });

  app.get('/plannen/:planId/evaluaties/:evaluationId', async (c) => {
    requireSignedIn(c);
    const caller = callerOf(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => readEvaluation(tx, caller, c.req.param('planId'), c.req.param('evaluationId')));
    if (!result.ok) throw failure(result);
    const saved = c.req.query('opgeslagen');
    return c.html(evaluationPage(pageContext(c), result.value.plan, result.value.evaluation, { saved: saved === '1' || saved === 'eerder', replayed: saved === 'eerder' }));
  });

  app.get('/plannen/:planId/versies', async (c) => {
    requireSignedIn(c);
    const caller = callerOf(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => listVersions(tx, caller, c.req.param('planId')));
    if (!result.ok) throw failure(result);
    return c.html(versionsPage(pageContext(c), result.value.plan, result.value.items));
  });

  app.get('/plannen/:planId/versies/vergelijken', async (c) => {
    requireSignedIn(c);
    const caller = callerOf(c);
    const planId = c.req.param('planId');
    const a = c.req.query('a');
    const b = c.req.query('b');
    // Without numbers (a bookmark, the language switch): the latest version against the one before it.
    const latest = a === undefined && b === undefined;
    const result = await inTenant(c.get('deps').database, caller, (tx) =>
      compareVersions(tx, caller, planId, latest ? 'latest' : versionNumber(a), latest ? 'latest' : versionNumber(b)));
    if (!result.ok) throw failure(result);
    return c.html(comparePage(pageContext(c), result.value.plan, result.value.comparison, result.value.versions));
  });

  return app;
}
