import { Hono } from 'hono';
import { failure, inTenant } from '../../platform/context.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { callerOf, type AppEnv, type Ctx } from '../../platform/http/context.ts';
import { pageQuery, parseInput } from '../../platform/validation.ts';
import {
  assignCoach,
  AssignInput,
  assignmentsOf,
  CapacityInput,
  canSeeAssignmentHistory,
  handoverPlan,
  listCoaches,
  listWaiting,
  organisationCapacity,
  organisationMunicipalities,
  professionals,
  OwnProfileInput,
  ProfileInput,
  readProfile,
  ReassignInput,
  reassignHouseholds,
  saveProfile,
  setCoachCapacity,
  suggestCoaches,
  type CoachView,
} from '../../features/coaches/index.ts';
import { can } from '../../platform/policy.ts';
import type { HouseholdSection } from '../household-sections.ts';
import { coachesPage, coachSectionView, handoverPage, profilePage, suggestionsPage, type FormState } from '../pages/coaches.ts';
import { formAll, pageContext, requireSignedIn } from '../support.ts';

/** The coach on the dossier: current coach, the handover note for whoever reads the household, history for staff. */
export const coachSection: HouseholdSection = async (tx, caller, household) => {
  // RLS keeps assignments to the caller's organisation; the regisseur of a municipality sees no coaching data.
  if (!household.permissions.canReadJournal) return null;
  const all = await assignmentsOf(tx, household.id);
  // A closed file's assignment ended when it was closed: it shows its last coach, and gets no new one.
  const closed = household.permissions.fileClosed;
  const current = all.find((a) => a.endedAt === null) ?? (closed ? all[0] ?? null : null);
  const data = {
    householdId: household.id,
    current,
    closed,
    // The note travels with the dossier the caller already opened: same audience as the journal.
    showNote: household.permissions.canReadJournal,
    history: canSeeAssignmentHistory(caller.actor) ? all : null,
    canAssign: can(caller.actor, 'coach.manage') && !closed,
  };
  return (ctx) => coachSectionView(ctx, data);
};

/** Field errors point at the form's field (languages.2 → languages). */
function formErrors(error: AppError): FieldError[] {
  const out: FieldError[] = [];
  for (const e of error.fields) {
    const field = e.field.split('.')[0]!;
    if (!out.some((o) => o.field === field)) out.push({ field, message: e.message });
  }
  return out;
}

const list = (value: string | undefined) => (value ?? '').split(/[,;\s]+/).map((s) => s.trim()).filter(Boolean);

/**
 * The profile form's fields as ProfileInput (the coordinator) or OwnProfileInput (a coach) expects them. The
 * coach's own form does not show the coordinator's fields; only a form that sends them gets them checked.
 */
function profileFromForm(form: Record<string, string[]>, asCoordinator: boolean): Record<string, unknown> {
  const last = (k: string) => form[k]?.[form[k]!.length - 1];
  const has = (k: string) => asCoordinator || form[k] !== undefined;
  return {
    version: last('version') ?? '',
    languages: [...(form.languages ?? []), ...list(last('languagesOther'))],
    municipalityCodes: form.municipalityCodes ?? [],
    postcodeAreas: list(last('postcodeAreas')),
    availability: form.availability ?? [],
    preferences: form.preferences ?? [],
    ...(has('vogDate') ? { vogDate: last('vogDate') ?? '' } : {}),
    ...(has('trainings') ? { trainings: (last('trainings') ?? '').split(/\r?\n/).map((s) => s.trim()).filter(Boolean) } : {}),
    ...(has('maxLoad') ? { maxLoad: (last('maxLoad') ?? '').trim() } : {}),
    note: last('note') ?? '',
    ...(asCoordinator && last('supervisorId') ? { supervisorId: last('supervisorId') } : {}),
  };
}

function valuesOf(form: Record<string, string[]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(form)) if (k !== '_csrf') out[k] = ['languages', 'municipalityCodes', 'availability', 'preferences'].includes(k) ? v : v[v.length - 1] ?? '';
  return out;
}

async function renderOverview(c: Ctx, state: FormState & { saved?: string } = {}, status: 200 | 422 = 200) {
  const caller = callerOf(c);
  const coachPage = parseInput(pageQuery, { page: c.req.query('pagina') ?? 1, pageSize: 100 });
  const waitPage = parseInput(pageQuery, { page: c.req.query('wachtpagina') ?? 1, pageSize: 20 });
  const result = await inTenant(c.get('deps').database, caller, async (tx) => {
    const overview = await listCoaches(tx, caller, coachPage);
    if (!overview.ok) return overview;
    const waiting = await listWaiting(tx, caller, waitPage);
    if (!waiting.ok) return waiting;
    return { ok: true as const, overview: overview.value, waiting: waiting.value };
  });
  if (!result.ok) throw failure(result);
  return c.html(coachesPage(pageContext(c), result.overview, result.waiting, state), status);
}

interface ProfileRender {
  userId: string;
  action: string;
  state?: FormState;
  saved?: boolean;
  conflict?: CoachView;
  status?: 200 | 409 | 422;
  /** On a conflict: the values this person submitted, shown beside what is stored now. */
  mine?: CoachView;
}

async function renderProfile(c: Ctx, o: ProfileRender) {
  const caller = callerOf(c);
  const result = await inTenant(c.get('deps').database, caller, async (tx) => {
    const profile = await readProfile(tx, caller, o.userId);
    if (!profile.ok) return profile;
    return {
      ok: true as const,
      profile: profile.value,
      municipalities: await organisationMunicipalities(tx, caller.actor),
      professionals: profile.value.asCoordinator ? await professionals(tx, caller.actor) : [],
      capacity: await organisationCapacity(tx, caller.actor),
    };
  });
  if (!result.ok) throw failure(result);
  const { profile } = result;
  return c.html(
    profilePage(pageContext(c), {
      profile: o.mine ?? profile,
      asCoordinator: profile.asCoordinator,
      action: o.action,
      municipalities: result.municipalities,
      professionals: result.professionals,
      coachCapacity: result.capacity,
      saved: o.saved,
      conflict: o.conflict,
    }, o.state),
    o.status ?? 200,
  );
}

/** Save a profile from its form: 303 on success, the form with errors (422) or with what changed (409). */
async function saveProfileForm(c: Ctx, userId: string, action: string, back: string) {
  const caller = callerOf(c);
  const form = await formAll(c);
  // The coordinator's form carries the VOG, trainings, maximum and supervisor; a coach's own form does not.
  const asCoordinator = can(caller.actor, 'coach.manage');
  const raw = profileFromForm(form, asCoordinator);
  const invalidForm = (error: unknown) =>
    error instanceof AppError && error.code === 'VALIDATION' ? renderProfile(c, { userId, action, state: { values: valuesOf(form), errors: formErrors(error) }, status: 422 }) : null;
  let input: ProfileInput | OwnProfileInput;
  try {
    input = asCoordinator ? parseInput(ProfileInput, raw) : parseInput(OwnProfileInput, raw);
  } catch (error) {
    const page = invalidForm(error);
    if (page) return page;
    throw error;
  }
  let result;
  try {
    // One transaction for the profile and (for a volunteer) her supervisor: never half a save.
    result = await saveProfile(c.get('deps').database, caller, userId, input);
  } catch (error) {
    const page = invalidForm(error);
    if (page) return page;
    throw error;
  }
  if (!result.ok && result.error === 'CONFLICT') {
    // REL-LOCK: keep what this person typed, show what the other person saved, and take the new version.
    const current = result.current as CoachView;
    const mine: CoachView = {
      ...current,
      languages: input.languages, municipalityCodes: input.municipalityCodes, postcodeAreas: input.postcodeAreas, availability: input.availability,
      preferences: input.preferences, vogDate: input.vogDate === undefined ? current.vogDate : input.vogDate, trainings: input.trainings ?? current.trainings,
      ownMaxLoad: input.maxLoad === undefined ? current.ownMaxLoad : input.maxLoad, note: input.note,
    };
    return renderProfile(c, { userId, action, state: { values: { ...valuesOf(form), version: String(current.version) } }, conflict: current, mine, status: 409 });
  }
  if (!result.ok) throw failure(result);
  return c.redirect(back, 303);
}

export function coachesRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/coaches', (c) => {
    requireSignedIn(c);
    const saved = c.req.query('opgeslagen');
    return renderOverview(c, { saved: saved && /^coaches\.[a-z_]+$/.test(saved) ? saved : undefined });
  });

  app.post('/coaches/capaciteit', async (c) => {
    requireSignedIn(c);
    const caller = callerOf(c);
    const form = await formAll(c);
    let input: CapacityInput;
    try {
      input = parseInput(CapacityInput, { coachCapacity: form.coachCapacity?.[0] ?? '' });
    } catch (error) {
      if (error instanceof AppError && error.code === 'VALIDATION') return renderOverview(c, { values: valuesOf(form), errors: formErrors(error) }, 422);
      throw error;
    }
    const result = await setCoachCapacity(c.get('deps').database, caller, input);
    if (!result.ok) throw failure(result);
    return c.redirect('/coaches?opgeslagen=coaches.capacity_saved', 303);
  });

  app.get('/account/profiel', (c) => {
    requireSignedIn(c);
    return renderProfile(c, { userId: callerOf(c).actor.userId, action: '/account/profiel', saved: c.req.query('opgeslagen') === '1' });
  });

  app.post('/account/profiel', (c) => {
    requireSignedIn(c);
    return saveProfileForm(c, callerOf(c).actor.userId, '/account/profiel', '/account/profiel?opgeslagen=1');
  });

  app.get('/coaches/:id', (c) => {
    requireSignedIn(c);
    const id = c.req.param('id');
    return renderProfile(c, { userId: id, action: `/coaches/${id}`, saved: c.req.query('opgeslagen') === '1' });
  });

  app.post('/coaches/:id', (c) => {
    requireSignedIn(c);
    const id = c.req.param('id');
    return saveProfileForm(c, id, `/coaches/${id}`, `/coaches/${id}?opgeslagen=1`);
  });

  async function renderHandover(c: Ctx, id: string, state: FormState = {}, status: 200 | 422 = 200) {
    const caller = callerOf(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => handoverPlan(tx, caller, id));
    if (!result.ok) throw failure(result);
    return c.html(handoverPage(pageContext(c), result.value, state), status);
  }

  app.get('/coaches/:id/overdragen', (c) => {
    requireSignedIn(c);
    return renderHandover(c, c.req.param('id'));
  });

  app.post('/coaches/:id/overdragen', async (c) => {
    requireSignedIn(c);
    const id = c.req.param('id');
    const caller = callerOf(c);
    const form = await formAll(c);
    const households = form.household ?? [];
    const raw = {
      handoverNote: form.handoverNote?.[0] ?? '',
      assignments: households.map((h) => ({ householdId: h, coachId: form[`coach-${h}`]?.[0] || null })),
      allowOverCapacity: form.allowOverCapacity?.[0] === '1',
      stopTakingHouseholds: form.stopTakingHouseholds?.[0] === '1',
    };
    try {
      const input = parseInput(ReassignInput, raw);
      const result = await inTenant(c.get('deps').database, caller, (tx) => reassignHouseholds(tx, caller, id, input));
      if (!result.ok) throw failure(result);
    } catch (error) {
      if (error instanceof AppError && error.code === 'VALIDATION') {
        // The assignments' own errors keep their index (assignments.N.coachId): the page maps them to the select.
        const errors = error.fields.map((e) => (e.field.startsWith('assignments.') && e.field.split('.').length === 3 ? e : { ...e, field: e.field.split('.')[0]! }));
        return renderHandover(c, id, { values: valuesOf(form), errors }, 422);
      }
      throw error;
    }
    return c.redirect('/coaches?opgeslagen=coaches.handover_saved', 303);
  });

  async function renderSuggestions(c: Ctx, id: string, state: FormState = {}, status: 200 | 422 = 200) {
    const caller = callerOf(c);
    const result = await inTenant(c.get('deps').database, caller, (tx) => suggestCoaches(tx, caller, id));
    if (!result.ok) throw failure(result);
    return c.html(suggestionsPage(pageContext(c), result.value, state), status);
  }

  app.get('/huishoudens/:id/koppelen', (c) => {
    requireSignedIn(c);
    return renderSuggestions(c, c.req.param('id'));
  });

  app.post('/huishoudens/:id/koppelen', async (c) => {
    requireSignedIn(c);
    const id = c.req.param('id');
    const caller = callerOf(c);
    const form = await formAll(c);
    try {
      const input = parseInput(AssignInput, { coachId: form.coachId?.[0] ?? '', allowOverCapacity: form.allowOverCapacity?.[0] === '1' });
      const result = await inTenant(c.get('deps').database, caller, (tx) => assignCoach(tx, caller, id, input));
      if (!result.ok) throw failure(result);
    } catch (error) {
      if (error instanceof AppError && error.code === 'VALIDATION') return renderSuggestions(c, id, { values: valuesOf(form), errors: formErrors(error) }, 422);
      throw error;
    }
    return c.redirect(`/huishoudens/${id}?opgeslagen=coaches.assigned#coach`, 303);
  });

  return app;
}
