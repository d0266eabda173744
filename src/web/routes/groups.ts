import { Hono } from 'hono';
import { failure, inTenant, type Caller, type Outcome } from '../../platform/context.ts';
import type { FieldError } from '../../platform/errors.ts';
import { callerOf, type AppEnv, type Ctx } from '../../platform/http/context.ts';
import { parseInput } from '../../platform/validation.ts';
import type { Tx } from '../../platform/db/client.ts';
import {
  configureAccess, createEdition, createProgramme, editionForChange, EditionInput, EditionPatchInput, eligibleTrainers, listEditions, listMyEditions, listProgrammes,
  loadProgramme, organisationMunicipalities, ProgrammeInput, ProgrammePatchInput, readEdition, readProgramme, readSession, SessionPatchInput,
  setTrainers, TrainersInput, updateEdition, updateProgramme, updateSession,
  type EditionView, type ProgrammeView, type SessionView,
} from '../../features/groups/index.ts';
import { EDITION_SECTIONS } from '../edition-sections.ts';
import type { SectionRequest } from '../household-sections.ts';
import {
  cataloguePage, editionEditPage, editionPage, newEditionPage, programmePage, sessionEditPage, trainersPage, type FormState, type FormValues,
} from '../pages/groups.ts';
import { formAll, pageContext, requireSignedIn, validationOf } from '../support.ts';

// The catalogue (/groepen), a programme, an edition with its schedule, staff and the sections of enrolment and
// attendance, and the coordinator's forms. Every write is a form: POST, then a 303 to the page it changed.

const one = (form: FormValues, name: string): string | undefined => form[name]?.at(-1);

/** The programme form as input: checkbox lists, plus languages typed as codes ("ti, so"). */
function programmeFromForm(form: FormValues): { data: Record<string, unknown>; checkedLanguages: number } {
  const checked = form.languages ?? [];
  const typed = (one(form, 'otherLanguages') ?? '').split(/[\s,;]+/).filter(Boolean);
  return {
    checkedLanguages: checked.length,
    data: {
      version: one(form, 'version'),
      name: one(form, 'name') ?? '',
      description: one(form, 'description') ?? '',
      municipalityCode: one(form, 'municipalityCode') ?? '',
      layers: form.layers ?? [],
      languages: [...checked, ...typed],
      sessionCount: one(form, 'sessionCount') ?? '',
      maxParticipants: one(form, 'maxParticipants') ?? '',
      completionRule: one(form, 'completionRule') ?? '',
      completionPercent: one(form, 'completionPercent') ?? '',
      certificate: (form.certificate ?? []).includes('1') ? '1' : '0',
      countsFor: one(form, 'countsFor') ?? '',
      minimumHours: one(form, 'minimumHours') ?? '',
      active: (form.active ?? []).includes('1') ? '1' : '0',
    },
  };
}

/** A language error names its checkbox list, or the typed codes when it is one of those. */
function programmeErrors(errors: FieldError[], checkedLanguages: number): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const m = /^(layers|languages)\.(\d+)$/.exec(e.field);
    const field = m ? (m[1] === 'languages' && Number(m[2]) >= checkedLanguages ? 'otherLanguages' : m[1]!) : e.field;
    if (!out.some((o) => o.field === field)) out.push({ ...e, field });
  }
  return out;
}

/** Interpreter rows that hold anything, and which form row each came from (errors point at the form's row). */
function interpretersFromForm(form: FormValues): { list: { name: string; language: string }[]; rows: number[] } {
  const list: { name: string; language: string }[] = [];
  const rows: number[] = [];
  for (let i = 0; i < 6; i++) {
    const name = one(form, `interpreters.${i}.name`) ?? '';
    const language = one(form, `interpreters.${i}.language`) ?? '';
    if (!name.trim() && !language.trim()) continue;
    list.push({ name, language });
    rows.push(i);
  }
  return { list, rows };
}

function interpreterErrors(errors: FieldError[], rows: number[]): FieldError[] {
  return errors.map((e) => {
    const m = /^interpreters\.(\d+)\.(.+)$/.exec(e.field);
    if (m) return { ...e, field: `interpreters.${rows[Number(m[1])] ?? 0}.${m[2]}` };
    if (/^(trainerIds|userIds)\.\d+$/.test(e.field)) return { ...e, field: e.field.split('.')[0]! };
    return e;
  });
}

async function run<T>(c: Ctx, fn: (tx: Tx, caller: Caller) => Promise<Outcome<T>>): Promise<Outcome<T>> {
  const caller = callerOf(c);
  return inTenant(c.get('deps').database, caller, (tx) => fn(tx, caller));
}

function unwrap<T>(result: Outcome<T>): T {
  if (!result.ok) throw failure(result);
  return result.value;
}

/**
 * Every POST here is the coordinator's: whoever else posts gets 403 (audited) before the form is even read, for
 * any id alike, so a refusal says nothing about whether the record exists.
 */
async function requireConfigure(c: Ctx): Promise<void> {
  unwrap(await run(c, (tx, caller) => configureAccess(tx, caller)));
}

// ---- the catalogue ----

async function renderCatalogue(c: Ctx) {
  const wanted = c.req.query('gemeente');
  const data = unwrap(await run(c, async (tx, caller) => {
    const municipalities = await organisationMunicipalities(tx, caller.actor.organisationId);
    // A municipality the organisation does not serve is no filter at all (the query string is the user's).
    const municipalityCode = municipalities.some((m) => m.code === wanted) ? wanted : undefined;
    const programmes = await listProgrammes(tx, caller, { municipalityCode });
    if (!programmes.ok) return programmes;
    const editions = await listEditions(tx, caller, { municipalityCode });
    if (!editions.ok) return editions;
    const trainsAny = editions.value.some((e) => e.trainer) || caller.actor.role === 'trainer';
    const mine = trainsAny ? await listMyEditions(tx, caller) : null;
    if (mine && !mine.ok) return mine;
    return { ok: true as const, value: { programmes: programmes.value, editions: editions.value, mine: mine ? mine.value : null, municipalities, municipalityCode } };
  }));
  const ctx = pageContext(c);
  return c.html(cataloguePage(ctx, { ...data, canConfigure: ctx.may('group.configure'), saved: c.req.query('opgeslagen') ?? undefined }));
}

// ---- programmes ----

async function renderProgramme(c: Ctx, id: string | null, state: FormState = {}, status: 200 | 409 | 422 = 200) {
  const data = unwrap(await run(c, async (tx, caller) => {
    let programme: ProgrammeView | null = null;
    if (id) {
      const read = await readProgramme(tx, caller, id);
      if (!read.ok) return read;
      programme = read.value;
    } else {
      const may = await configureAccess(tx, caller);
      if (!may.ok) return may;
    }
    const editions = programme ? await listEditions(tx, caller, { programmeId: programme.id }) : null;
    if (editions && !editions.ok) return editions;
    return { ok: true as const, value: { programme, editions: editions?.value ?? [], municipalities: await organisationMunicipalities(tx, caller.actor.organisationId) } };
  }));
  const ctx = pageContext(c);
  return c.html(programmePage(ctx, { ...data, canConfigure: ctx.may('group.configure'), state, saved: c.req.query('opgeslagen') === '1' }), status);
}

async function saveProgramme(c: Ctx, id: string | null) {
  await requireConfigure(c);
  const form = await formAll(c);
  const { data, checkedLanguages } = programmeFromForm(form);
  let result: Outcome<ProgrammeView>;
  try {
    result = id
      ? await run(c, (tx, caller) => updateProgramme(tx, caller, id, parseInput(ProgrammePatchInput, data)))
      : await run(c, (tx, caller) => createProgramme(tx, caller, parseInput(ProgrammeInput, data)));
  } catch (error) {
    const v = validationOf(error);
    if (!v) throw error;
    return renderProgramme(c, id, { values: form, errors: programmeErrors(v.fields, checkedLanguages) }, 422);
  }
  if (!result.ok) {
    // REL-LOCK: show what the other person saved, keep what this person typed.
    if (result.error === 'CONFLICT') return renderProgramme(c, id, { values: form, conflict: result.current }, 409);
    throw failure(result);
  }
  return c.redirect(`/groepen/programmas/${result.value.id}?opgeslagen=1`, 303);
}

// ---- editions ----

async function renderNewEdition(c: Ctx, programmeId: string, state: FormState = {}, status: 200 | 422 = 200) {
  const data = unwrap(await run(c, async (tx, caller) => {
    const may = await configureAccess(tx, caller);
    if (!may.ok) return may;
    const programme = await readProgramme(tx, caller, programmeId);
    if (!programme.ok) return programme;
    return {
      ok: true as const,
      value: { programme: programme.value, municipalities: await organisationMunicipalities(tx, caller.actor.organisationId), trainers: await eligibleTrainers(tx, caller.actor.organisationId) },
    };
  }));
  return c.html(newEditionPage(pageContext(c), { ...data, state }), status);
}

async function renderEdition(c: Ctx, id: string) {
  const caller = callerOf(c);
  const request: SectionRequest = { query: c.req.query(), state: {} };
  const result = await inTenant(c.get('deps').database, caller, async (tx) => {
    const edition = await readEdition(tx, caller, id);
    if (!edition.ok) return edition;
    // The other features' parts of this page (participants and waitlist, attendance and the close), in this transaction.
    const parts = [];
    for (const section of EDITION_SECTIONS) parts.push(await section(tx, caller, edition.value, request));
    return { ok: true as const, value: { edition: edition.value, parts } };
  });
  const { edition, parts } = unwrap(result);
  const ctx = pageContext(c);
  return c.html(editionPage(ctx, edition, parts.flatMap((p) => (p ? [p(ctx)] : [])), c.req.query('opgeslagen') === '1'));
}

async function municipalitiesFor(tx: Tx, caller: Caller, edition: EditionView) {
  const all = await organisationMunicipalities(tx, caller.actor.organisationId);
  const programme = await loadProgramme(tx, caller.actor.organisationId, edition.programmeId);
  return programme?.municipalityCode ? all.filter((m) => m.code === programme.municipalityCode) : all;
}

async function renderEditionEdit(c: Ctx, id: string, state: FormState = {}, status: 200 | 409 | 422 = 200) {
  const data = unwrap(await run(c, async (tx, caller) => {
    const edition = await editionForChange(tx, caller, id);
    if (!edition.ok) return edition;
    return { ok: true as const, value: { edition: edition.value, municipalities: await municipalitiesFor(tx, caller, edition.value) } };
  }));
  return c.html(editionEditPage(pageContext(c), data.edition, data.municipalities, state), status);
}

async function renderTrainers(c: Ctx, id: string, state: FormState = {}, status: 200 | 409 | 422 = 200) {
  const data = unwrap(await run(c, async (tx, caller) => {
    const edition = await editionForChange(tx, caller, id);
    if (!edition.ok) return edition;
    return { ok: true as const, value: { edition: edition.value, eligible: await eligibleTrainers(tx, caller.actor.organisationId) } };
  }));
  return c.html(trainersPage(pageContext(c), data.edition, data.eligible, state), status);
}

async function renderSession(c: Ctx, id: string, sessionId: string, state: FormState = {}, status: 200 | 409 | 422 = 200) {
  const data = unwrap(await run(c, async (tx, caller) => {
    const may = await configureAccess(tx, caller);
    if (!may.ok) return may;
    return readSession(tx, caller, id, sessionId);
  }));
  return c.html(sessionEditPage(pageContext(c), data.edition, data.session, state), status);
}

export function groupsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/groepen', (c) => {
    requireSignedIn(c);
    return renderCatalogue(c);
  });

  app.get('/groepen/programmas/nieuw', (c) => {
    requireSignedIn(c);
    return renderProgramme(c, null);
  });

  app.post('/groepen/programmas/nieuw', (c) => {
    requireSignedIn(c);
    return saveProgramme(c, null);
  });

  app.get('/groepen/programmas/:id', (c) => {
    requireSignedIn(c);
    return renderProgramme(c, c.req.param('id'));
  });

  app.post('/groepen/programmas/:id', (c) => {
    requireSignedIn(c);
    return saveProgramme(c, c.req.param('id'));
  });

  app.get('/groepen/edities/nieuw', (c) => {
    requireSignedIn(c);
    return renderNewEdition(c, c.req.query('programma') ?? '');
  });

  app.post('/groepen/edities/nieuw', async (c) => {
    requireSignedIn(c);
    await requireConfigure(c);
    const form = await formAll(c);
    const programmeId = one(form, 'programmeId') ?? '';
    const interpreters = interpretersFromForm(form);
    let result: Outcome<EditionView>;
    try {
      const input = parseInput(EditionInput, {
        programmeId, municipalityCode: one(form, 'municipalityCode') ?? '', title: one(form, 'title') ?? '', language: one(form, 'language') ?? '',
        capacity: one(form, 'capacity') ?? '', firstDate: one(form, 'firstDate') ?? '', everyWeeks: one(form, 'everyWeeks') ?? '',
        startTime: one(form, 'startTime') ?? '', endTime: one(form, 'endTime') ?? '', place: one(form, 'place') ?? '', address: one(form, 'address') ?? '',
        trainerIds: form.trainerIds ?? [], interpreters: interpreters.list,
      });
      result = await run(c, (tx, caller) => createEdition(tx, caller, input));
    } catch (error) {
      const v = validationOf(error);
      if (!v) throw error;
      return renderNewEdition(c, programmeId, { values: form, errors: interpreterErrors(v.fields, interpreters.rows) }, 422);
    }
    const edition = unwrap(result);
    return c.redirect(`/groepen/edities/${edition.id}?opgeslagen=1`, 303);
  });

  app.get('/groepen/edities/:id', (c) => {
    requireSignedIn(c);
    return renderEdition(c, c.req.param('id'));
  });

  app.get('/groepen/edities/:id/wijzigen', (c) => {
    requireSignedIn(c);
    return renderEditionEdit(c, c.req.param('id'));
  });

  app.post('/groepen/edities/:id/wijzigen', async (c) => {
    requireSignedIn(c);
    await requireConfigure(c);
    const id = c.req.param('id');
    const form = await formAll(c);
    const interpreters = interpretersFromForm(form);
    let result: Outcome<EditionView>;
    try {
      const input = parseInput(EditionPatchInput, {
        version: one(form, 'version'), title: one(form, 'title') ?? '', municipalityCode: one(form, 'municipalityCode') ?? '',
        language: one(form, 'language') ?? '', capacity: one(form, 'capacity') ?? '', status: one(form, 'status') ?? 'planned', interpreters: interpreters.list,
      });
      result = await run(c, (tx, caller) => updateEdition(tx, caller, id, input));
    } catch (error) {
      const v = validationOf(error);
      if (!v) throw error;
      return renderEditionEdit(c, id, { values: form, errors: interpreterErrors(v.fields, interpreters.rows) }, 422);
    }
    if (!result.ok && result.error === 'CONFLICT') return renderEditionEdit(c, id, { values: form, conflict: result.current }, 409);
    unwrap(result);
    return c.redirect(`/groepen/edities/${id}?opgeslagen=1`, 303);
  });

  app.get('/groepen/edities/:id/trainers', (c) => {
    requireSignedIn(c);
    return renderTrainers(c, c.req.param('id'));
  });

  app.post('/groepen/edities/:id/trainers', async (c) => {
    requireSignedIn(c);
    await requireConfigure(c);
    const id = c.req.param('id');
    const form = await formAll(c);
    let result: Outcome<EditionView>;
    try {
      const input = parseInput(TrainersInput, { version: one(form, 'version'), userIds: form.userIds ?? [] });
      result = await run(c, (tx, caller) => setTrainers(tx, caller, id, input));
    } catch (error) {
      const v = validationOf(error);
      if (!v) throw error;
      return renderTrainers(c, id, { values: form, errors: interpreterErrors(v.fields, []) }, 422);
    }
    if (!result.ok && result.error === 'CONFLICT') return renderTrainers(c, id, { values: form, conflict: result.current }, 409);
    unwrap(result);
    return c.redirect(`/groepen/edities/${id}?opgeslagen=1`, 303);
  });

  app.get('/groepen/edities/:id/rooster/:sessionId', (c) => {
    requireSignedIn(c);
    return renderSession(c, c.req.param('id'), c.req.param('sessionId'));
  });

  app.post('/groepen/edities/:id/rooster/:sessionId', async (c) => {
    requireSignedIn(c);
    await requireConfigure(c);
    const id = c.req.param('id');
    const sessionId = c.req.param('sessionId');
    const form = await formAll(c);
    let result: Outcome<SessionView>;
    try {
      const input = parseInput(SessionPatchInput, {
        version: one(form, 'version'), date: one(form, 'date') ?? '', startTime: one(form, 'startTime') ?? '', endTime: one(form, 'endTime') ?? '',
        place: one(form, 'place') ?? '', address: one(form, 'address') ?? '', cancelled: (form.cancelled ?? []).includes('1') ? '1' : '0',
      });
      result = await run(c, (tx, caller) => updateSession(tx, caller, id, sessionId, input));
    } catch (error) {
      const v = validationOf(error);
      if (!v) throw error;
      return renderSession(c, id, sessionId, { values: form, errors: v.fields }, 422);
    }
    if (!result.ok && result.error === 'CONFLICT') return renderSession(c, id, sessionId, { values: form, conflict: result.current }, 409);
    unwrap(result);
    return c.redirect(`/groepen/edities/${id}?opgeslagen=1#sessie-${sessionId}`, 303);
  });

  return app;
}
