import { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import { failure, inTenant, type Caller } from '../../platform/context.ts';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { callerOf, type AppEnv, type Ctx } from '../../platform/http/context.ts';
import { can } from '../../platform/policy.ts';
import { parseInput, isUuid } from '../../platform/validation.ts';
import {
  auditForbidden, canWriteIdentityAtCreation, createHousehold, identityRows, maskIdentity, editHousehold, HouseholdInput, mergeHouseholds, MergeInput,
  previewMerge, readHousehold, type HouseholdEdit, type HouseholdView,
} from '../../features/households/index.ts';
import {
  editPage, HOUSEHOLD_FIELDS, MEMBER_FIELDS, mergeComparePage, mergeStartPage, registrationPage, valuesOf,
  type FormValues, type HouseholdFormState,
} from '../pages/registration.ts';
import { formOf, pageContext, requireSignedIn } from '../support.ts';
import { organisationMunicipalities } from '../../features/coaches/index.ts';

const MAX_ROWS = 20;

/** Only the fields of the form, so nothing else a client posts travels further. */
function formValues(form: Record<string, string>, rows: number): FormValues {
  const v: FormValues = {};
  for (const key of HOUSEHOLD_FIELDS) v[key] = form[key] ?? '';
  if (form.version) v.version = form.version;
  for (let i = 0; i < rows; i++) for (const key of MEMBER_FIELDS) v[`members.${i}.${key}`] = form[`members.${i}.${key}`] ?? '';
  return v;
}

function rowCount(form: Record<string, string>, fallback: number): number {
  const n = Number(form.rows);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, MAX_ROWS) : fallback;
}

const isBlankRow = (v: FormValues, i: number) =>
  MEMBER_FIELDS.every((k) => k === 'relation' || k === 'sex' || (v[`members.${i}.${k}`] ?? '').trim() === '');

interface ParsedForm {
  input: HouseholdInput;
  /** Per parsed member: its row in the form, and its stored id when editing. */
  rows: { row: number; id: string | null }[];
}

/**
 * The form's fields as the API's HouseholdInput: empty fields left out, the three parts of a date of birth made
 * into a date with its precision, the language list split. Errors name the form's own fields.
 */
function parseForm(v: FormValues, rows: number, options: { allowDuplicate: boolean; identity: boolean }): ParsedForm {
  const errors: FieldError[] = [];
  const members: Record<string, unknown>[] = [];
  const map: ParsedForm['rows'] = [];
  const opt = (value: string | undefined) => (value && value.trim() !== '' ? value.trim() : undefined);
  for (let i = 0; i < rows; i++) {
    if (isBlankRow(v, i)) continue;
    const g = (k: string) => opt(v[`members.${i}.${k}`]);
    const [day, month, year] = [g('birthDay'), g('birthMonth'), g('birthYear')];
    let dateOfBirth: string | undefined;
    let birthPrecision: 'day' | 'month' | 'year' = 'day';
    if (day || month || year) {
      if (!year || !/^\d{4}$/.test(year)) errors.push({ field: `members.${i}.dateOfBirth`, message: 'validation.registration_birth_year' });
      else if (day && !month) errors.push({ field: `members.${i}.dateOfBirth`, message: 'validation.registration_birth_month' });
      else if (day && !/^\d{1,2}$/.test(day)) errors.push({ field: `members.${i}.dateOfBirth`, message: 'validation.invalid_date' });
      else {
        birthPrecision = day ? 'day' : month ? 'month' : 'year';
        dateOfBirth = `${year}-${(month ?? '1').padStart(2, '0')}-${(day ?? '1').padStart(2, '0')}`;
      }
    }
    const member: Record<string, unknown> = {
      relation: g('relation'), givenNames: v[`members.${i}.givenNames`] ?? '', familyName: v[`members.${i}.familyName`] ?? '',
      originalName: g('originalName'), dateOfBirth, birthPrecision, sex: g('sex'), countryOfOrigin: g('countryOfOrigin'),
      languages: (g('languages') ?? '').split(/[\s,;]+/).filter(Boolean),
      dutchLevel: g('dutchLevel'), interpreterLanguage: g('interpreterLanguage'), targetGroup: g('targetGroup'),
      phone: g('phone'), email: g('email'), statusDate: g('statusDate'), duoNoticeDate: g('duoNoticeDate'), pipDate: g('pipDate'),
      learningRoute: g('learningRoute'),
      // Identity numbers only from a form that showed them (AUTH-BSN); an empty field keeps what is stored.
      ...(options.identity ? { bsn: g('bsn'), vNumber: g('vNumber') } : {}),
    };
    map.push({ row: i, id: g('id') && isUuid(g('id')!) ? g('id')! : null });
    members.push(member);
  }
  const data = {
    ...Object.fromEntries(HOUSEHOLD_FIELDS.map((k) => [k, k === 'reference' || k === 'municipalityCode' ? (v[k] ?? '') : opt(v[k])])),
    members,
    allowDuplicate: options.allowDuplicate,
  };
  let input: HouseholdInput | undefined;
  try {
    input = parseInput(HouseholdInput, data);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'VALIDATION') throw error;
    for (const f of error.fields) {
      // members.<parsed index>.x → members.<form row>.x
      const m = /^members\.(\d+)\.(.+)$/.exec(f.field);
      const field = m ? `members.${map[Number(m[1])]?.row ?? m[1]}.${m[2]}` : f.field;
      if (!errors.some((e) => e.field === field)) errors.push({ field, message: f.message });
    }
  }
  if (errors.length || !input) throw new AppError('VALIDATION', { fields: errors });
  return { input, rows: map };
}

/** The form's rows as an edit: stored members replaced field by field (blank clears), new rows added. */
function toEdit(parsed: ParsedForm, version: number): HouseholdEdit {
  const { members, allowDuplicate: _a, coachId: _c, allowOverCapacity: _o, ...household } = parsed.input;
  const facts = ['addressLine', 'postcode', 'city', 'coaLinkDate', 'housingDate', 'benefitStartDate'] as const;
  const householdPatch = { ...household, ...Object.fromEntries(facts.map((k) => [k, household[k] ?? null])) };
  const edit: HouseholdEdit = { version, household: householdPatch, members: [], newMembers: [] };
  const nullable = ['originalName', 'dateOfBirth', 'countryOfOrigin', 'dutchLevel', 'interpreterLanguage', 'targetGroup', 'phone', 'email',
    'statusDate', 'duoNoticeDate', 'pipDate', 'learningRoute'] as const;
  members.forEach((m, i) => {
    const id = parsed.rows[i]!.id;
    if (!id) {
      edit.newMembers!.push(m);
      return;
    }
    const { bsn, vNumber, ...rest } = m;
    const patch = { ...rest, ...Object.fromEntries(nullable.map((k) => [k, m[k] ?? null])), ...(bsn ? { bsn } : {}), ...(vNumber ? { vNumber } : {}) };
    edit.members!.push({ id, patch });
  });
  return edit;
}

/** Per field: the stored value where it differs from what was submitted (REL-LOCK, "what changed"). */
function differences(stored: FormValues, submitted: FormValues): FormValues {
  const out: FormValues = {};
  const norm = (x: string | undefined) => (x ?? '').trim();
  for (const [key, value] of Object.entries(stored)) {
    if (key.endsWith('.id') || key === 'version') continue;
    if (key.startsWith('members.') && !(key in submitted)) continue;
    if (norm(value) !== norm(submitted[key])) out[key] = value;
  }
  return out;
}

export function registrationRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  function requireCreate(c: Ctx): Caller {
    requireSignedIn(c);
    const caller = callerOf(c);
    if (!can(caller.actor, 'household.create')) throw new AppError('FORBIDDEN');
    return caller;
  }

  async function renderCreate(c: Ctx, caller: Caller, state: HouseholdFormState, status: 200 | 409 | 422 = 200) {
    const municipalities = await inTenant(c.get('deps').database, caller, (tx) => organisationMunicipalities(tx, caller.actor));
    return c.html(registrationPage(pageContext(c), state, { municipalities, identity: canWriteIdentityAtCreation(caller.actor) }), status);
  }

  app.get('/huishoudens/nieuw', async (c) => {
    const caller = requireCreate(c);
    return renderCreate(c, caller, { values: {}, rows: 2 });
  });

  app.post('/huishoudens/nieuw', async (c) => {
    const caller = requireCreate(c);
    const form = await formOf(c);
    const rows = rowCount(form, 2);
    const values = formValues(form, rows);
    // Values are never echoed back for identity numbers: a re-rendered form asks for them again.
    const safeValues = () => Object.fromEntries(Object.entries(values).filter(([k]) => !/\.(bsn|vNumber)$/.test(k)));
    if (form.action === 'add_row') return renderCreate(c, caller, { values: safeValues(), rows: Math.min(rows + 1, MAX_ROWS) });
    let parsed: ParsedForm;
    try {
      parsed = parseForm(values, rows, { allowDuplicate: form.action === 'confirm_duplicate', identity: canWriteIdentityAtCreation(caller.actor) });
    } catch (error) {
      if (error instanceof AppError && error.code === 'VALIDATION') return renderCreate(c, caller, { values: safeValues(), rows, errors: error.fields }, 422);
      throw error;
    }
    const result = await inTenant(c.get('deps').database, caller, (tx) => createHousehold(tx, caller, parsed.input)).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'VALIDATION') return { ok: false as const, error: 'VALIDATION' as const, fields: error.fields };
      throw error;
    });
    if (!result.ok && result.error === 'VALIDATION') return renderCreate(c, caller, { values: safeValues(), rows, errors: result.fields }, 422);
    if (!result.ok && result.error === 'DUPLICATES') return renderCreate(c, caller, { values: safeValues(), rows, duplicates: result.duplicates }, 409);
    if (!result.ok) throw failure(result);
    return c.redirect(`/huishoudens/${result.value.id}?opgeslagen=registration.saved`, 303);
  });

  /** The dossier as the editor sees it, with masked identity numbers when she may write them. */
  async function loadForEdit(c: Ctx, caller: Caller, id: string) {
    const result = await inTenant(c.get('deps').database, caller, async (tx) => {
      const household = await readHousehold(tx, caller, id);
      if (!household.ok) return household;
      if (!household.value.permissions.canUpdate) {
        await auditForbidden(tx, caller, id, 'household.update');
        return { ok: false as const, error: 'FORBIDDEN' as const };
      }
      const identities = household.value.permissions.canWriteIdentity ? await identityRows(tx, id) : new Map();
      const masked = new Map([...identities].map(([memberId, row]) => [memberId, maskIdentity(row)]));
      return { ok: true as const, value: { household: household.value, masked, municipalities: await organisationMunicipalities(tx, caller.actor) } };
    });
    if (!result.ok) throw failure(result);
    return result.value;
  }

  function renderEdit(c: Ctx, loaded: Awaited<ReturnType<typeof loadForEdit>>, state: HouseholdFormState, status: 200 | 409 | 422 = 200) {
    const { household, masked, municipalities } = loaded;
    return c.html(editPage(pageContext(c), household, state, { municipalities, identity: household.permissions.canWriteIdentity, masked }), status);
  }

  app.get('/huishoudens/:id/bewerken', async (c) => {
    requireSignedIn(c);
    const caller = callerOf(c);
    const loaded = await loadForEdit(c, caller, c.req.param('id'));
    const values = { ...valuesOf(loaded.household), version: String(loaded.household.version) };
    return renderEdit(c, loaded, { values, rows: Math.max(1, loaded.household.members.length) });
  });

  app.post('/huishoudens/:id/bewerken', async (c) => {
    requireSignedIn(c);
    const caller = callerOf(c);
    const id = c.req.param('id');
    const form = await formOf(c);
    const rows = rowCount(form, 1);
    const values = formValues(form, rows);
    for (const key of Object.keys(values)) if (/\.(bsn|vNumber)$/.test(key)) values[key] = '';
    const submittedIdentity = Object.fromEntries(Object.entries(form).filter(([k]) => /^members\.\d+\.(bsn|vNumber)$/.test(k)));
    if (form.action === 'add_row') return renderEdit(c, await loadForEdit(c, caller, id), { values, rows: Math.min(rows + 1, MAX_ROWS) });
    const version = Number(form.version);
    let edit: HouseholdEdit;
    try {
      if (!Number.isInteger(version) || version < 1) throw new AppError('BAD_REQUEST');
      edit = toEdit(parseForm({ ...values, ...submittedIdentity }, rows, { allowDuplicate: true, identity: true }), version);
    } catch (error) {
      if (error instanceof AppError && error.code === 'VALIDATION') return renderEdit(c, await loadForEdit(c, caller, id), { values, rows, errors: error.fields }, 422);
      throw error;
    }
    const result = await inTenant(c.get('deps').database, caller, (tx) => editHousehold(tx, caller, id, edit)).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'VALIDATION') return { ok: false as const, error: 'VALIDATION' as const, fields: error.fields };
      throw error;
    });
    if (!result.ok && result.error === 'VALIDATION') return renderEdit(c, await loadForEdit(c, caller, id), { values, rows, errors: result.fields }, 422);
    if (!result.ok && result.error === 'CONFLICT') {
      // Show the other person's values beside yours; the form now carries the current version.
      const current = result.current as HouseholdView;
      const stored = valuesOf(current);
      const loaded = await loadForEdit(c, caller, id);
      return renderEdit(c, loaded, { values: { ...values, version: String(current.version) }, rows, stored: differences(stored, values) }, 409);
    }
    if (!result.ok) throw failure(result);
    return c.redirect(`/huishoudens/${id}?opgeslagen=registration.updated`, 303);
  });

  async function mergeStart(c: Ctx, id: string, state: { value?: string; errors?: FieldError[] }, status: 200 | 409 | 422 = 200) {
    const caller = callerOf(c);
    const result = await inTenant(c.get('deps').database, caller, async (tx) => {
      const household = await readHousehold(tx, caller, id);
      if (!household.ok) return household;
      if (!household.value.permissions.canMerge) {
        await auditForbidden(tx, caller, id, 'household.merge');
        return { ok: false as const, error: 'FORBIDDEN' as const };
      }
      return household;
    });
    if (!result.ok) throw failure(result);
    return c.html(mergeStartPage(pageContext(c), result.value, state), status);
  }

  async function mergeCompare(c: Ctx, id: string, other: { reference: string } | { id: string }) {
    const caller = callerOf(c);
    try {
      const result = await inTenant(c.get('deps').database, caller, (tx) => previewMerge(tx, caller, id, other));
      if (!result.ok) throw failure(result);
      return c.html(mergeComparePage(pageContext(c), result.value));
    } catch (error) {
      if (error instanceof AppError && error.code === 'VALIDATION') return mergeStart(c, id, { value: 'reference' in other ? other.reference : '', errors: error.fields }, 422);
      throw error;
    }
  }

  app.get('/huishoudens/:id/samenvoegen', async (c) => {
    requireSignedIn(c);
    const other = c.req.query('met');
    if (other && isUuid(other)) return mergeCompare(c, c.req.param('id'), { id: other });
    return mergeStart(c, c.req.param('id'), {});
  });

  // The other household's reference travels in the body, like every search term.
  app.post('/huishoudens/:id/samenvoegen', async (c) => {
    requireSignedIn(c);
    const form = await formOf(c);
    const reference = (form.duplicateReference ?? '').trim().slice(0, 40);
    if (!reference) return mergeStart(c, c.req.param('id'), { errors: [{ field: 'duplicateReference', message: 'validation.required' }] }, 422);
    return mergeCompare(c, c.req.param('id'), { reference });
  });

  app.post('/huishoudens/:id/samenvoegen/bevestigen', async (c) => {
    requireSignedIn(c);
    const caller = callerOf(c);
    const id = c.req.param('id');
    const form = await formOf(c);
    // REL-LOCK on both records: the versions the comparison page showed.
    const input = parseInput(MergeInput, { duplicateId: form.duplicateId, version: Number(form.version), duplicateVersion: Number(form.duplicateVersion) });
    const result = await inTenant(c.get('deps').database, caller, (tx) => mergeHouseholds(tx, caller, id, input));
    if (!result.ok && result.error === 'CONFLICT') return mergeStart(c, id, { errors: [{ field: 'duplicateReference', message: 'validation.registration_merge_conflict' }] }, 409);
    if (!result.ok) throw failure(result);
    return c.redirect(`/huishoudens/${id}?opgeslagen=registration.merged`, 303);
  });

  return app;
}
