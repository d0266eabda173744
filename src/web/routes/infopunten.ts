import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { failure, inTenant } from '../../platform/context.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { callerOf, type AppEnv, type Ctx } from '../../platform/http/context.ts';
import { setCookie } from '../../platform/http/cookies.ts';
import { can } from '../../platform/policy.ts';
import { isUuid, parseInput } from '../../platform/validation.ts';
import { WEEKDAYS } from '../../features/coaches/schema.ts';
import {
  completeFollowUp, createInfopunt, FollowUpDoneInput, InfopuntInput, InfopuntUpdateInput, linkedHousehold, listInfopunten, listMyFollowUps, listVisits,
  infopuntAccess, LookupInput, lookupHousehold, newInfopuntContext, ownVisitsThisWeek, PERIODS_PER_DAY, readInfopunt, recordVisit, requireConfigure,
  requireFindHousehold, setStaff, spendLookup, STAFF_KINDS, StaffInput, updateInfopunt, VisitFilterInput, VisitInput, type InfopuntStaffKind, type InfopuntView,
} from '../../features/infopunten/index.ts';
import {
  deskPage, infopuntenPage, infopuntPage, visitsPage, type DeskState, type InfopuntFormState, type StaffFormState,
} from '../pages/infopunten.ts';
import { formOf, pageContext, requireSignedIn, validationOf } from '../support.ts';
import { todayIso } from '../../platform/dates.ts';

// The walk-in desk (/infopunt), the visit list, and the coordinator's infopunten (/infopunten). Every action is
// a form (POST, then 303); search terms on persons travel only in POST bodies, never in a URL.

/** The infopunt she last worked at: an id only, remembered so the desk opens there next time. */
const PUNT_COOKIE = 'thuis_infopunt';

async function renderDesk(c: Ctx, state: DeskState = {}, status: 200 | 409 | 422 = 200, chosen?: string) {
  const caller = callerOf(c);
  const today = todayIso();
  const result = await inTenant(c.get('deps').database, caller, async (tx) => {
    const list = await listInfopunten(tx, caller);
    if (!list.ok) return list;
    const loggable = list.value.filter((i) => i.canLog);
    const wanted = [chosen, c.req.query('punt'), getCookie(c, PUNT_COOKIE)].find((id) => id && loggable.some((i) => i.id === id));
    const current = loggable.find((i) => i.id === wanted) ?? loggable[0] ?? null;
    const own = loggable.length ? await ownVisitsThisWeek(tx, caller, today) : null;
    const followUps = await listMyFollowUps(tx, caller, { today });
    const householdId = state.values?.householdId;
    const linked = state.linked === undefined && !state.lookup && householdId ? await linkedHousehold(tx, caller, householdId) : state.linked;
    return { ok: true as const, infopunten: list.value, loggable, current, own: own?.ok ? own.value : null, followUps, linked };
  });
  if (!result.ok) throw failure(result);
  const { actor } = caller;
  // A chosen infopunt (?punt=) is remembered for the next visit of the desk.
  if (result.current && c.req.query('punt') === result.current.id) setCookie(c, PUNT_COOKIE, result.current.id, c.get('deps').env, { maxAge: 365 * 86400 });
  return c.html(deskPage(pageContext(c), {
    today, infopunten: result.infopunten, loggable: result.loggable, current: result.current, own: result.own, followUps: result.followUps,
    canLookup: can(actor, 'infopunt.find_household'), canConfigure: can(actor, 'infopunt.configure'), canSeeStatistics: can(actor, 'infopunt.statistics'),
  }, { ...state, linked: result.linked ?? null }), status);
}

/** The quick log form as the feature takes it: radio and select values as they are, "1" for yes. */
function visitData(form: Record<string, string>): Record<string, unknown> {
  return { ...form, withInterpreter: form.withInterpreter === '1' };
}

/**
 * The infopunt form's fields as the feature's input: the opening hours come as rows per weekday
 * (hours-mon-0-from / -to); empty rows are left out. `slots` names each period's row for its errors.
 */
function infopuntFromForm(form: Record<string, string>): { data: Record<string, unknown>; slots: string[] } {
  const openingHours: { day: string; from: string; to: string }[] = [];
  const slots: string[] = [];
  for (const day of WEEKDAYS) {
    for (let r = 0; r < PERIODS_PER_DAY; r++) {
      const from = (form[`hours-${day}-${r}-from`] ?? '').trim();
      const to = (form[`hours-${day}-${r}-to`] ?? '').trim();
      if (!from && !to) continue;
      openingHours.push({ day, from, to });
      slots.push(`hours-${day}-${r}`);
    }
  }
  return {
    data: { name: form.name, municipalityCode: form.municipalityCode, address: form.address ?? '', active: form.active === '1', openingHours, ...(form.version ? { version: form.version } : {}) },
    slots,
  };
}

/** Errors on openingHours.<n>.<from|to> belong to the row the period came from. */
function hourErrors(fields: FieldError[], slots: string[]): FieldError[] {
  return fields.map((f) => {
    const m = /^openingHours\.(\d+)\.(from|to)$/.exec(f.field);
    return m ? { ...f, field: `${slots[Number(m[1])] ?? 'hours-mon-0'}-${m[2]}` } : f;
  });
}

async function renderList(c: Ctx, state: InfopuntFormState = {}, status: 200 | 422 = 200) {
  const caller = callerOf(c);
  const result = await inTenant(c.get('deps').database, caller, async (tx) => {
    const list = await listInfopunten(tx, caller);
    if (!list.ok) return list;
    return { ok: true as const, infopunten: list.value, ...(await newInfopuntContext(tx, caller)) };
  });
  if (!result.ok) throw failure(result);
  return c.html(infopuntenPage(pageContext(c), {
    infopunten: result.infopunten, canConfigure: can(caller.actor, 'infopunt.configure'), municipalities: result.municipalities,
    saved: c.req.query('opgeslagen'),
  }, state), status);
}

async function renderInfopunt(c: Ctx, id: string, state: { facts?: InfopuntFormState; staff?: StaffFormState } = {}, status: 200 | 409 | 422 = 200) {
  const caller = callerOf(c);
  const result = await inTenant(c.get('deps').database, caller, (tx) => readInfopunt(tx, caller, id));
  if (!result.ok) throw failure(result);
  return c.html(infopuntPage(pageContext(c), result.value, { ...state, saved: status === 200 ? c.req.query('opgeslagen') : undefined }), status);
}

/** 404 for an infopunt she cannot see, 403 when she may not configure it: before her form is read (both audited). */
async function requireConfigureAt(c: Ctx, id: string): Promise<void> {
  const caller = callerOf(c);
  const access = await inTenant(c.get('deps').database, caller, (tx) => infopuntAccess(tx, caller, id, 'infopunt.configure'));
  if (!access.ok) throw failure(access);
}

/** Where "Klaar" returns to: the desk or "Mijn werk", nothing else (no open redirect). */
function backOf(value: string | undefined): '/infopunt' | '/mijn-werk' {
  return value === '/mijn-werk' ? '/mijn-werk' : '/infopunt';
}

export function infopuntenRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/infopunt', (c) => {
    requireSignedIn(c);
    const done = c.req.query('klaar');
    return renderDesk(c, { saved: c.req.query('opgeslagen') === '1', done: done === '1' ? 'done' : done === 'al' ? 'already' : undefined });
  });

  app.post('/infopunt/bezoeken', async (c) => {
    requireSignedIn(c);
    const caller = callerOf(c);
    const form = await formOf(c);
    const infopuntId = form.infopuntId ?? '';
    // 404 for an infopunt she cannot see, 403 where she does not work (audited): before the visit is read.
    const access = await inTenant(c.get('deps').database, caller, (tx) => infopuntAccess(tx, caller, infopuntId, 'infopunt.log'));
    if (!access.ok) throw failure(access);
    let result;
    try {
      const input = parseInput(VisitInput, visitData(form));
      result = await recordVisit(c.get('deps').database, caller, infopuntId, input);
    } catch (error) {
      const v = validationOf(error);
      if (v) return renderDesk(c, { values: form, errors: v.fields }, 422, infopuntId);
      throw error;
    }
    if (!result.ok) throw failure(result);
    // A fresh form for the next visitor; a replayed double tap lands on the same page.
    return c.redirect(`/infopunt?punt=${result.value.visit.infopuntId}&opgeslagen=1`, 303);
  });

  app.post('/infopunt/zoeken', async (c) => {
    requireSignedIn(c);
    const caller = callerOf(c);
    const deps = c.get('deps');
    // Who may not look households up is refused (audited) before anything is read or counted.
    const allowed = await inTenant(deps.database, caller, (tx) => requireFindHousehold(tx, caller));
    if (!allowed.ok) throw failure(allowed);
    // SES-RATE: a lookup is a search on persons (the search budget) and has a small budget of its own.
    const verdict = spendLookup(deps, caller.actor.userId);
    if (!verdict.allowed) throw new AppError('RATE_LIMITED', { retryAfterSeconds: verdict.retryAfterSeconds });
    const form = await formOf(c);
    let input;
    try {
      input = parseInput(LookupInput, { reference: form.reference, familyName: form.familyName, dateOfBirth: form.dateOfBirth });
    } catch (error) {
      const v = validationOf(error);
      if (v) return renderDesk(c, { values: form, errors: v.fields }, 422, form.infopuntId);
      throw error;
    }
    const found = input;
    const result = await inTenant(c.get('deps').database, caller, (tx) => lookupHousehold(tx, caller, found));
    if (!result.ok) throw failure(result);
    return renderDesk(c, { values: form, lookup: result.value }, 200, form.infopuntId);
  });

  app.post('/infopunt/vervolg/:id/klaar', async (c) => {
    requireSignedIn(c);
    const caller = callerOf(c);
    const form = await formOf(c);
    const back = backOf(form.terug);
    // The version is parsed once the follow-up is known to be hers: someone else's answers 404 whatever was sent.
    const input = () => parseInput(FollowUpDoneInput, { version: form.version });
    const result = await inTenant(c.get('deps').database, caller, (tx) => completeFollowUp(tx, caller, c.req.param('id'), input));
    if (!result.ok) {
      // Done already (a double tap, or on another device): say so. Anything else changed: show the list again.
      if (result.error === 'CONFLICT') {
        const current = result.current as { status?: string } | null;
        return c.redirect(back === '/infopunt' ? `/infopunt?klaar=${current?.status === 'done' ? 'al' : '0'}#vervolgafspraken` : '/mijn-werk#vervolgafspraken', 303);
      }
      throw failure(result);
    }
    return c.redirect(back === '/infopunt' ? '/infopunt?klaar=1#vervolgafspraken' : '/mijn-werk#vervolgafspraken', 303);
  });

  app.get('/infopunt/bezoeken', async (c) => {
    requireSignedIn(c);
    const caller = callerOf(c);
    const raw = { infopuntId: c.req.query('punt'), from: c.req.query('van'), to: c.req.query('tot') };
    let filter;
    let errors: FieldError[] | undefined;
    try {
      filter = parseInput(VisitFilterInput, { ...raw, page: c.req.query('page') ?? 1, pageSize: 25 });
    } catch (error) {
      const v = validationOf(error);
      if (!v) throw error;
      errors = v.fields;
    }
    const chosen = filter;
    const result = await inTenant(c.get('deps').database, caller, async (tx) => {
      const infopunten = await listInfopunten(tx, caller);
      if (!infopunten.ok) return infopunten;
      const list = chosen ? await listVisits(tx, caller, chosen) : null;
      if (list && !list.ok) return list;
      return { ok: true as const, infopunten: infopunten.value, list: list?.value ?? null };
    });
    if (!result.ok) throw failure(result);
    return c.html(visitsPage(pageContext(c), {
      list: result.list, infopunten: result.infopunten, errors,
      filter: { infopuntId: raw.infopuntId || undefined, from: raw.from || undefined, to: raw.to || undefined },
    }), errors ? 422 : 200);
  });

  app.get('/infopunten', (c) => {
    requireSignedIn(c);
    return renderList(c);
  });

  app.post('/infopunten', async (c) => {
    requireSignedIn(c);
    const caller = callerOf(c);
    const allowed = await inTenant(c.get('deps').database, caller, (tx) => requireConfigure(tx, caller));
    if (!allowed.ok) throw failure(allowed);
    const form = await formOf(c);
    const { data, slots } = infopuntFromForm(form);
    let result;
    try {
      const input = parseInput(InfopuntInput, data);
      result = await inTenant(c.get('deps').database, caller, (tx) => createInfopunt(tx, caller, input));
    } catch (error) {
      const v = validationOf(error);
      if (v) return renderList(c, { values: form, errors: hourErrors(v.fields, slots) }, 422);
      throw error;
    }
    if (!result.ok) throw failure(result);
    return c.redirect(`/infopunten/${result.value.id}?opgeslagen=nieuw#medewerkers`, 303);
  });

  app.get('/infopunten/:id', (c) => {
    requireSignedIn(c);
    return renderInfopunt(c, c.req.param('id'));
  });

  app.post('/infopunten/:id', async (c) => {
    requireSignedIn(c);
    const caller = callerOf(c);
    const id = c.req.param('id');
    await requireConfigureAt(c, id);
    const form = await formOf(c);
    const { data, slots } = infopuntFromForm(form);
    let result;
    try {
      const input = parseInput(InfopuntUpdateInput, data);
      result = await inTenant(c.get('deps').database, caller, (tx) => updateInfopunt(tx, caller, id, input));
    } catch (error) {
      const v = validationOf(error);
      if (v) return renderInfopunt(c, id, { facts: { values: form, errors: hourErrors(v.fields, slots) } }, 422);
      throw error;
    }
    if (!result.ok) {
      // REL-LOCK: show the infopunt as the other person left it; she applies her change again.
      if (result.error === 'CONFLICT') return renderInfopunt(c, id, { facts: { values: form, conflict: result.current as InfopuntView } }, 409);
      throw failure(result);
    }
    return c.redirect(`/infopunten/${id}?opgeslagen=1`, 303);
  });

  app.post('/infopunten/:id/medewerkers', async (c) => {
    requireSignedIn(c);
    const caller = callerOf(c);
    const id = c.req.param('id');
    await requireConfigureAt(c, id);
    const form = await formOf(c);
    // Every "kind-<userId>" select is one person working there (empty: no longer); "addUser" adds one.
    const staff: { userId: string; kind: InfopuntStaffKind }[] = [];
    for (const [key, value] of Object.entries(form)) {
      const userId = key.startsWith('kind-') ? key.slice(5) : null;
      if (userId && isUuid(userId) && (STAFF_KINDS as readonly string[]).includes(value)) staff.push({ userId, kind: value as InfopuntStaffKind });
    }
    const adding = form.addUser ? { userId: form.addUser, kind: (form.addKind ?? 'staff') as InfopuntStaffKind } : null;
    if (adding && !staff.some((s) => s.userId === adding.userId)) staff.push(adding);
    let result;
    try {
      const input = parseInput(StaffInput, { version: form.version, staff });
      result = await inTenant(c.get('deps').database, caller, (tx) => setStaff(tx, caller, id, input));
    } catch (error) {
      const v = validationOf(error);
      if (!v) throw error;
      // Only the added person can be wrong (the others were listed from the infopunt itself).
      const errors = v.fields.map((f) => (/^staff\.\d+\.(userId|kind)$/.test(f.field) || f.field === 'staff' ? { ...f, field: 'addUser' } : f));
      return renderInfopunt(c, id, { staff: { values: form, errors } }, 422);
    }
    if (!result.ok) {
      if (result.error === 'CONFLICT') return renderInfopunt(c, id, { staff: { values: form, conflict: result.current as InfopuntView } }, 409);
      throw failure(result);
    }
    return c.redirect(`/infopunten/${id}?opgeslagen=staff#medewerkers`, 303);
  });

  return app;
}

