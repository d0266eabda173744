import { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import { failure, inTenant, type Caller, type Outcome } from '../../platform/context.ts';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import type { FieldError } from '../../platform/errors.ts';
import { formatDate } from '../../platform/i18n/index.ts';
import { callerOf, type AppEnv, type Ctx } from '../../platform/http/context.ts';
import { parseInput } from '../../platform/validation.ts';
import {
  ActionInput, ActionPatch, addAction, addGoal, approvePlan, decidablePlan, DomainInput, GoalInput, GoalPatch, isMergeConflict, isUuid, listAwaitingApproval, listPlans,
  loadPlanConfig, nextEvaluation, PlanVersionInput, planSummaries, proposeEnrolment, ProposalInput, readPlan, rejectPlan, RejectInput, saveDomain, submitPlan, updateAction,
  updateGoal, writablePlan, type Fields, type FieldValue, type PlanAccess, type MergeConflict, type PlanState, type PlanView,
} from '../../features/plans/index.ts';
import { loadInburgering } from '../../features/plans/inburgering.ts';
import type { HouseholdSection } from '../household-sections.ts';
import type { Html } from '../html.ts';
import type { PageContext } from '../layout.ts';
import { inburgeringAside } from '../pages/inburgering.ts';
import { domainLabel } from '../pages/plan-settings.ts';
import {
  actionWho, awaitingPage, mergePage, overviewPage, planPage, planSectionView, scoreLabel, type MergePageData, type PlanPageState,
} from '../pages/plans.ts';
import { formOf, pageContext, requireSignedIn, validationOf } from '../support.ts';

// The plan pages: the overview per household, the plan itself, and its small forms. Each POST answers 303 back
// to the plan at the part that changed, 422 with the form's errors, or 409: the merge page when two people
// changed the same field (REL-LOCK), or the plan with a notice when its status moved on.

/** The plans on the dossier: the household plan and each adult's POP with its status, goals and deadline. */
export const planSection: HouseholdSection = async (tx, caller, household) => {
  // The regisseur of the municipality sees the household, never the plan (policy: plan.read).
  if (!household.permissions.canReadPlan) return null;
  const trajectory = rowsOf<NonNullable<PlanAccess['trajectory']>>(await tx.execute(sql`
    select id, status, started_on::text as "startedOn", phases from trajectories where household_id = ${household.id}
     order by started_on desc, created_at desc limit 1`))[0] ?? null;
  const config = await loadPlanConfig(tx, caller.actor.organisationId, household.municipalityCode);
  const plans = await planSummaries(tx, caller.actor, { householdId: household.id, housingDate: household.housingDate, trajectory }, config);
  return (ctx) => planSectionView(ctx, { householdId: household.id, trajectory, plans });
};

const SAVED = new Set(['domain', 'goal', 'goal_added', 'action', 'action_added', 'proposal', 'proposal_exists', 'submitted', 'awaiting', 'approved', 'rejected', 'merged']);

async function renderPlan(c: Ctx, planId: string, state: PlanPageState & { mergedWithId?: string } = {}, status: 200 | 409 | 422 = 200) {
  const caller = callerOf(c);
  const result = await inTenant(c.get('deps').database, caller, async (tx) => {
    const read = await readPlan(tx, caller, planId);
    if (!read.ok) return read;
    const view = read.value;
    const next = await nextEvaluation(tx, view.plan.id);
    const inburgering = view.plan.memberId ? await loadInburgering(tx, caller, view.access, view.plan.memberId) : null;
    const mergedWith = state.mergedWithId && isUuid(state.mergedWithId)
      ? rowsOf<{ name: string }>(await tx.execute(sql`select display_name as name from users where id = ${state.mergedWithId} and organisation_id = ${caller.actor.organisationId}`))[0]?.name ?? null
      : null;
    return { ok: true as const, view, next, inburgering, mergedWith };
  });
  if (!result.ok) throw failure(result);
  const { view, next, inburgering } = result;
  // Taking over a pyramid topic: the plan's own configuration decides the suggestion and its domain.
  state = withOfferPrefill(c, view, state);
  const aside = inburgering ? (ctx: PageContext): Html => inburgeringAside(ctx, view.plan.householdId, inburgering) : null;
  return c.html(planPage(pageContext(c), { view, nextEvaluation: next, aside }, { ...state, mergedWith: result.mergedWith ?? state.mergedWith ?? null }), status);
}

/** What the plan page's address asks for: a message after a save, or a new goal prefilled from the pyramid or a domain. */
function stateFromQuery(c: Ctx): PlanPageState & { mergedWithId?: string } {
  const q = c.req.query();
  const state: PlanPageState & { mergedWithId?: string } = {};
  if (q.opgeslagen && SAVED.has(q.opgeslagen)) state.saved = q.opgeslagen;
  if (q.met) state.mergedWithId = q.met;
  if (q.overnemen && /^[a-z0-9_]{1,80}$/.test(q.overnemen)) state.prefill = { offerKey: q.overnemen };
  else if (q.leefgebied && /^[a-z0-9_-]{1,40}$/.test(q.leefgebied)) state.prefill = { domainKey: q.leefgebied };
  return state;
}

/** The offer's "Ik …" suggestion in the page's language, in the offer's domain (only offers of the configuration). */
function withOfferPrefill(c: Ctx, view: PlanView, state: PlanPageState): PlanPageState {
  const key = state.prefill?.offerKey;
  if (!key) return state;
  const offer = view.config.offers.find((o) => o.kind === 'individual' && o.key === key);
  if (!offer) return { ...state, prefill: undefined };
  return { ...state, prefill: { offerKey: key, text: c.get('t')(`pyramid.goal.${key}`), domainKey: offer.domainKey ?? undefined } };
}

/** The merge page re-posts each settled field: the side chosen (or one's own version as edited) becomes the value. */
function resolved(form: Record<string, string>): Record<string, string> {
  if (form.resolve !== '1') return form;
  const out = { ...form };
  for (const [key, choice] of Object.entries(form)) {
    if (!key.startsWith('choice.')) continue;
    const field = key.slice('choice.'.length);
    out[field] = choice === 'theirs' ? (form[`theirs.${field}`] ?? '') : (form[`mine.${field}`] ?? '');
  }
  return out;
}

/** The values the form showed (hidden base.* fields): what the writer's change is merged against. */
function baseOf(form: Record<string, string>): Fields | undefined {
  const base: Fields = {};
  for (const [key, value] of Object.entries(form)) if (key.startsWith('base.')) base[key.slice('base.'.length)] = value;
  return Object.keys(base).length ? base : undefined;
}

/**
 * AUTH-FIELDS: the sensitivity checkboxes. A form that had them says so (the marker), so an unticked box means
 * false; any other form that sends them is refused by the feature (403, nothing changed).
 */
function sensitivityOf(form: Record<string, string>): { sensitive?: boolean; shared?: boolean } {
  if (form.sensitivity === '1') return { sensitive: form.sensitive === '1', shared: form.shared === '1' };
  return {
    ...('sensitive' in form ? { sensitive: form.sensitive === '1' } : {}),
    ...('shared' in form ? { shared: form.shared === '1' } : {}),
  };
}

/** The VNG tag from the form: one list of hoofddoelen and aandachtspunten, or an ontwikkelwens in own words. */
function vngOf(form: Record<string, string>): { vngKind?: string | null; vngValue?: string | null } {
  if ('vng' in form) {
    const choice = form.vng ?? '';
    if (!choice) return { vngKind: null, vngValue: null };
    if (choice === 'ontwikkelwens') return { vngKind: 'ontwikkelwens', vngValue: form.vngWish ?? '' };
    const [kind, value] = choice.split(':');
    return { vngKind: kind ?? null, vngValue: value ?? null };
  }
  // The merge page sends the stored fields themselves.
  return { ...('vngKind' in form ? { vngKind: form.vngKind } : {}), ...('vngValue' in form ? { vngValue: form.vngValue } : {}) };
}

const present = (form: Record<string, string>, keys: string[]) => Object.fromEntries(keys.filter((k) => k in form).map((k) => [k, form[k]]));

function goalData(form: Record<string, string>): Record<string, unknown> {
  return { ...present(form, ['version', 'text', 'domainKey', 'status', 'targetDate', 'offerKey']), ...vngOf(form), ...sensitivityOf(form) };
}

/** Errors on the stored VNG fields belong next to the form's own fields. */
function goalErrors(fields: FieldError[], form: Record<string, string>): FieldError[] {
  const wish = form.vng === 'ontwikkelwens';
  return fields.map((f) => (f.field === 'vngKind' ? { ...f, field: 'vng' } : f.field === 'vngValue' ? { ...f, field: wish ? 'vngWish' : 'vng' } : f));
}

function planUrl(planId: string, saved: string, anchor: string, mergedWith?: { userId: string | null } | null): string {
  const merged = mergedWith ? `merged&met=${encodeURIComponent(mergedWith.userId ?? '')}` : saved;
  return `/plannen/${planId}?opgeslagen=${merged}#${anchor}`;
}

/** The merge page for a part of the plan: its fields in words, with the plan's labels. */
async function renderMerge(c: Ctx, planId: string, kind: 'goal' | 'domain' | 'action', conflict: MergeConflict, action: string, form: Record<string, string>) {
  const caller = callerOf(c);
  const view = await inTenant(c.get('deps').database, caller, (tx) => readPlan(tx, caller, planId));
  if (!view.ok) throw failure(view);
  const ctx = pageContext(c);
  const { t, locale } = ctx;
  const v = view.value;
  const yesNo = (x: FieldValue) => (x === true || x === '1' ? t('plans.yes') : t('plans.no'));
  const text = (x: FieldValue) => (x === null || x === undefined ? '' : String(x));
  const show = (field: string, value: FieldValue): string => {
    if (value === null || value === '') return '';
    switch (field) {
      case 'domainKey': return domainLabel(t, v.plan.domains, String(value));
      case 'status': return t(kind === 'action' ? `plan.action_status.${value}` : `plan.goal_status.${value}`);
      case 'targetDate':
      case 'dueOn': return formatDate(locale, String(value));
      case 'vngKind': return t(`plan.vng_kind.${value}`);
      case 'vngValue': {
        for (const k of ['hoofddoel', 'aandachtspunt']) if (t(`plan.vng.${k}.${value}`) !== `plan.vng.${k}.${value}`) return t(`plan.vng.${k}.${value}`);
        return String(value);
      }
      case 'score': return `${value} – ${scoreLabel(t, v.config, Number(value))}`;
      case 'sensitive':
      case 'shared': return yesNo(value);
      case 'owner': return t(`plan.action_owner.${value}`);
      case 'ownerMemberId': return v.members.find((m) => m.id === value)?.firstName ?? '';
      default: return text(value);
    }
  };
  const current = conflict.current as { text?: string; description?: string; key?: string };
  const subject = kind === 'goal' ? current.text ?? '' : kind === 'action' ? actionWho(t, conflict.current as never) + ': ' + (current.description ?? '') : domainLabel(t, v.plan.domains, current.key ?? '');
  const anchor = kind === 'goal' ? `doel-${(conflict.current as { id: string }).id}` : kind === 'action' ? `actie-${(conflict.current as { id: string }).id}` : `leefgebied-${current.key}`;
  const data: MergePageData = {
    planId, subject, action, back: `/plannen/${planId}#${anchor}`, conflict, show,
    textFields: kind === 'domain' ? ['situation'] : kind === 'goal' ? ['text'] : ['description'],
    extra: form.sensitivity === '1' ? { sensitivity: '1' } : {},
  };
  return c.html(mergePage(ctx, data), 409);
}

/**
 * One POST of the plan page: parse, run, and answer with a redirect, the form's errors (422) or the conflict (409).
 * `run` returns the outcome and where to go after it.
 */
async function handle<T>(c: Ctx, planId: string, o: {
  form: string;
  data: (form: Record<string, string>) => Record<string, unknown>;
  errors?: (fields: FieldError[], form: Record<string, string>) => FieldError[];
  run: (caller: Caller, form: Record<string, string>, data: Record<string, unknown>) => Promise<Outcome<T>>;
  done: (value: T) => string;
  merge?: { kind: 'goal' | 'domain' | 'action'; action: string };
  /** Who may send this form at all; default: plan.write on an open file. */
  gate?: (tx: Tx, caller: Caller) => Promise<Outcome<unknown>>;
}) {
  requireSignedIn(c);
  const caller = callerOf(c);
  const raw = await formOf(c);
  const form = resolved(raw);
  let result: Outcome<T>;
  try {
    result = await o.run(caller, form, o.data(form));
  } catch (error) {
    const v = validationOf(error);
    if (!v) throw error;
    // Access before input: on a plan one may not change (closed file, foreign plan, no right to approve) a bad form
    // answers 403/404 like a good one, never 422 with the plan's form. The denial is audited by the gate.
    const gate = o.gate ?? ((tx: Tx, who: Caller) => writablePlan(tx, who, planId));
    const allowed = await inTenant(c.get('deps').database, caller, (tx) => gate(tx, caller));
    if (!allowed.ok) throw failure(allowed);
    // The merge page has no form of its own to show errors in: back to the plan's form for this part.
    return renderPlan(c, planId, { form: o.form, values: raw, errors: o.errors ? o.errors(v.fields, form) : v.fields }, 422);
  }
  if (!result.ok) {
    if (result.error === 'CONFLICT') {
      if (o.merge && isMergeConflict(result.current)) return renderMerge(c, planId, o.merge.kind, result.current, o.merge.action, form);
      return renderPlan(c, planId, { conflict: result.current as PlanState }, 409);
    }
    throw failure(result);
  }
  return c.redirect(o.done(result.value), 303);
}

export function plansRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const db = (c: Ctx) => c.get('deps').database;

  app.get('/huishoudens/:id/plan', async (c) => {
    requireSignedIn(c);
    const caller = callerOf(c);
    const result = await inTenant(db(c), caller, (tx) => listPlans(tx, caller, c.req.param('id')));
    if (!result.ok) throw failure(result);
    return c.html(overviewPage(pageContext(c), result.value));
  });

  // Before /plannen/:planId, which would otherwise take "te-beoordelen" for an id.
  app.get('/plannen/te-beoordelen', async (c) => {
    requireSignedIn(c);
    const caller = callerOf(c);
    const result = await inTenant(db(c), caller, (tx) => listAwaitingApproval(tx, caller));
    if (!result.ok) throw failure(result);
    return c.html(awaitingPage(pageContext(c), result.value));
  });

  app.get('/plannen/:planId', (c) => {
    requireSignedIn(c);
    return renderPlan(c, c.req.param('planId'), stateFromQuery(c));
  });

  app.post('/plannen/:planId/leefgebieden/:domainKey', (c) => {
    const planId = c.req.param('planId');
    const domainKey = c.req.param('domainKey');
    return handle(c, planId, {
      form: `domain-${domainKey}`,
      data: (f) => ({ ...present(f, ['version', 'situation', 'score']), situation: f.situation ?? '', score: f.score ?? '', ...sensitivityOf(f) }),
      run: async (caller, f, data) => {
        const input = parseInput(DomainInput, data);
        return inTenant(db(c), caller, (tx) => saveDomain(tx, caller, planId, domainKey, input, { base: baseOf(f) }));
      },
      done: (v) => planUrl(planId, 'domain', `leefgebied-${domainKey}`, v.mergedWith),
      merge: { kind: 'domain', action: `/plannen/${planId}/leefgebieden/${domainKey}` },
    });
  });

  app.post('/plannen/:planId/doelen', (c) => {
    const planId = c.req.param('planId');
    return handle(c, planId, {
      form: 'new-goal',
      data: (f) => {
        const data = goalData(f);
        // A new goal follows its domain's sensitivity unless the professional ticks "Gevoelig" herself.
        if (f.sensitivity === '1' && data.sensitive === false) delete data.sensitive;
        return data;
      },
      errors: goalErrors,
      run: async (caller, _f, data) => {
        const input = parseInput(GoalInput, data);
        return inTenant(db(c), caller, (tx) => addGoal(tx, caller, planId, input));
      },
      done: (goal) => planUrl(planId, 'goal_added', `doel-${goal.id}`),
    });
  });

  app.post('/plannen/:planId/doelen/:goalId', (c) => {
    const planId = c.req.param('planId');
    const goalId = c.req.param('goalId');
    return handle(c, planId, {
      form: `goal-${goalId}`,
      data: goalData,
      errors: goalErrors,
      run: async (caller, f, data) => {
        const input = parseInput(GoalPatch, data);
        return inTenant(db(c), caller, (tx) => updateGoal(tx, caller, planId, goalId, input, { base: baseOf(f) }));
      },
      done: (v) => planUrl(planId, 'goal', `doel-${goalId}`, v.mergedWith),
      merge: { kind: 'goal', action: `/plannen/${planId}/doelen/${goalId}` },
    });
  });

  app.post('/plannen/:planId/doelen/:goalId/acties', (c) => {
    const planId = c.req.param('planId');
    const goalId = c.req.param('goalId');
    return handle(c, planId, {
      form: `action-${goalId}`,
      data: (f) => present(f, ['description', 'owner', 'ownerMemberId', 'ownerPartner', 'dueOn']),
      run: async (caller, _f, data) => {
        const input = parseInput(ActionInput, data);
        return inTenant(db(c), caller, (tx) => addAction(tx, caller, planId, goalId, input));
      },
      done: (a) => planUrl(planId, 'action_added', `actie-${a.id}`),
    });
  });

  app.post('/plannen/:planId/acties/:actionId', (c) => {
    const planId = c.req.param('planId');
    const actionId = c.req.param('actionId');
    return handle(c, planId, {
      form: `action-status-${actionId}`,
      data: (f) => present(f, ['version', 'description', 'owner', 'ownerMemberId', 'ownerPartner', 'dueOn', 'status']),
      run: async (caller, f, data) => {
        const input = parseInput(ActionPatch, data);
        return inTenant(db(c), caller, (tx) => updateAction(tx, caller, planId, actionId, input, { base: baseOf(f) }));
      },
      done: (v) => planUrl(planId, 'action', `actie-${actionId}`, v.mergedWith),
      merge: { kind: 'action', action: `/plannen/${planId}/acties/${actionId}` },
    });
  });

  app.post('/plannen/:planId/voorstellen', (c) => {
    const planId = c.req.param('planId');
    return handle(c, planId, {
      form: 'proposal',
      data: (f) => present(f, ['offerKey', 'label']),
      run: async (caller, _f, data) => {
        const input = parseInput(ProposalInput, data);
        return inTenant(db(c), caller, (tx) => proposeEnrolment(tx, caller, planId, input));
      },
      done: (v) => planUrl(planId, v.created ? 'proposal' : 'proposal_exists', 'voorstellen'),
    });
  });

  app.post('/plannen/:planId/vaststellen', (c) => {
    const planId = c.req.param('planId');
    return handle(c, planId, {
      form: 'submit',
      data: (f) => present(f, ['version']),
      run: async (caller, _f, data) => {
        const input = parseInput(PlanVersionInput, data);
        return inTenant(db(c), caller, (tx) => submitPlan(tx, caller, planId, input));
      },
      done: (s) => planUrl(planId, s.status === 'awaiting_approval' ? 'awaiting' : 'submitted', 'vaststellen'),
    });
  });

  app.post('/plannen/:planId/goedkeuren', (c) => {
    const planId = c.req.param('planId');
    return handle(c, planId, {
      form: 'approve',
      data: (f) => present(f, ['version']),
      gate: (tx, caller) => decidablePlan(tx, caller, planId, 'plan.approve'),
      run: async (caller, _f, data) => {
        const input = parseInput(PlanVersionInput, data);
        return inTenant(db(c), caller, (tx) => approvePlan(tx, caller, planId, input));
      },
      done: () => planUrl(planId, 'approved', 'vaststellen'),
    });
  });

  app.post('/plannen/:planId/afkeuren', (c) => {
    const planId = c.req.param('planId');
    return handle(c, planId, {
      form: 'reject',
      data: (f) => present(f, ['version', 'reason']),
      gate: (tx, caller) => decidablePlan(tx, caller, planId, 'plan.approve'),
      run: async (caller, _f, data) => {
        const input = parseInput(RejectInput, data);
        return inTenant(db(c), caller, (tx) => rejectPlan(tx, caller, planId, input));
      },
      done: () => planUrl(planId, 'rejected', 'vaststellen'),
    });
  });

  return app;
}
