import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import type { AuditContext } from '../../platform/audit/events.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { conflict, forbidden, found, notFound, type Caller, type Outcome } from '../../platform/context.ts';
import { translator, type Translate } from '../../platform/i18n/index.ts';
import { can } from '../../platform/policy.ts';
import { isUuid } from '../../platform/validation.ts';
import type { PyramidLayer } from '../households/schema.ts';
import { DEFAULT_PYRAMID } from '../plans/index.ts';
import { programmeFieldErrors, type ProgrammeInput, type ProgrammePatchInput } from './inputs.ts';
import type { CompletionRule, InburgeringPart } from './schema.ts';

// The catalogue of group programmes per organisation and municipality (issue 5, DOMAIN.md flow 6). It holds no
// personal data: everyone who guides, trains or informs reads it; only the coordinator changes it.

export interface ProgrammeView {
  id: string;
  /** null: offered in every municipality the organisation works for. */
  municipalityCode: string | null;
  municipalityName: string | null;
  /** A built-in programme ('pvt', 'empowerment', a pyramid group topic of seed 000), or null for the organisation's own. */
  offerKey: string | null;
  name: string;
  description: string;
  layers: PyramidLayer[];
  languages: string[];
  sessionCount: number;
  maxParticipants: number;
  completionRule: CompletionRule;
  completionPercent: number;
  certificate: boolean;
  countsFor: InburgeringPart | null;
  minimumHours: number | null;
  active: boolean;
  version: number;
  /** The name (description) is still the built-in text: pages show it in the reader's language. */
  builtInName: boolean;
  builtInDescription: boolean;
}

/** Built-in programmes besides the pyramid's group topics: seed 001's PVT and seed 003's empowerment programme. */
const OWN_BUILT_INS = ['pvt', 'empowerment'] as const;

/** The message key of a built-in programme's name. */
export function builtInNameKey(offerKey: string): string {
  return (OWN_BUILT_INS as readonly string[]).includes(offerKey) ? `group.programme.${offerKey}` : `pyramid.offer.${offerKey}`;
}

export function builtInDescriptionKey(offerKey: string): string {
  return `group.programme_description.${offerKey}`;
}

const dutch = translator('nl');

/** The text a built-in programme is stored with: Dutch, the organisation's working language. */
export function builtInText(offerKey: string): { name: string; description: string } {
  return { name: dutch(builtInNameKey(offerKey)), description: dutch(builtInDescriptionKey(offerKey)) };
}

/**
 * What a page shows for a programme's name and description: a built-in text the organisation left alone in the
 * reader's language; a text it wrote or changed exactly as written (the page marks it dir="auto").
 */
export function programmeText(t: Translate, p: { offerKey: string | null; name: string; description: string }): { name: string; description: string; translatedName: boolean; translatedDescription: boolean } {
  const builtIn = p.offerKey ? builtInText(p.offerKey) : null;
  const translatedName = builtIn !== null && p.name === builtIn.name;
  const translatedDescription = builtIn !== null && p.description === builtIn.description;
  return {
    name: translatedName ? t(builtInNameKey(p.offerKey!)) : p.name,
    description: translatedDescription ? t(builtInDescriptionKey(p.offerKey!)) : p.description,
    translatedName,
    translatedDescription,
  };
}

export interface DefaultProgramme {
  offerKey: string;
  layers: PyramidLayer[];
  sessionCount: number;
  maxParticipants: number;
  completionRule: CompletionRule;
  completionPercent: number;
  certificate: boolean;
  countsFor: InburgeringPart | null;
  minimumHours: number | null;
}

/**
 * The default catalogue: the group topics of seed 000's pyramid (in the layers where the topic appears), the PVT
 * in four workshops of seed 001 (12 hours, ends with signing the declaration: no certificate of ours), and the
 * six weekly empowerment sessions of seed 003 for at most 15 people, ending with a certificate.
 */
export function defaultProgrammes(): DefaultProgramme[] {
  const topics = new Map<string, PyramidLayer[]>();
  for (const offer of DEFAULT_PYRAMID) {
    if (offer.kind !== 'group' || !offer.key) continue;
    const layers = topics.get(offer.key) ?? [];
    if (!layers.includes(offer.layer)) layers.push(offer.layer);
    topics.set(offer.key, layers);
  }
  const pyramid: DefaultProgramme[] = [...topics].map(([offerKey, layers]) => ({
    offerKey, layers, sessionCount: 4, maxParticipants: 12, completionRule: 'percent', completionPercent: 80, certificate: false, countsFor: null, minimumHours: null,
  }));
  return [
    ...pyramid,
    { offerKey: 'pvt', layers: ['basis', 'laag1'], sessionCount: 4, maxParticipants: 15, completionRule: 'all', completionPercent: 100, certificate: false, countsFor: 'pvt', minimumHours: 12 },
    { offerKey: 'empowerment', layers: ['laag1', 'laag2'], sessionCount: 6, maxParticipants: 15, completionRule: 'percent', completionPercent: 80, certificate: true, countsFor: null, minimumHours: null },
  ];
}

// Computed on first use, not at load: the plans feature (DEFAULT_PYRAMID) may still be loading when this module
// is, through trajectories → groups.
let builtInOrder: readonly string[] | undefined;
function builtInOrderOf(): readonly string[] {
  if (!builtInOrder) {
    const keys = defaultProgrammes().map((p) => p.offerKey);
    builtInOrder = [...OWN_BUILT_INS, ...keys.filter((k) => !(OWN_BUILT_INS as readonly string[]).includes(k))];
  }
  return builtInOrder;
}

const textArray = (values: readonly string[]) => (values.length ? sql`array[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::text[]` : sql`'{}'::text[]`);

/**
 * Insert the default catalogue for one organisation unless it has one. Idempotent under concurrency: the unique
 * index on (organisation, municipality, offer_key) makes a second, simultaneous insert do nothing, and only the
 * transaction that inserted records the seed. An organisation that has any built-in programme is never seeded
 * again (it may have moved one to a single municipality).
 */
export async function seedDefaultCatalogue(tx: Tx, organisationId: string, audit: AuditContext): Promise<number> {
  const existing = rowsOf<{ n: number }>(await tx.execute(sql`
    select count(*)::int as n from group_programmes where organisation_id = ${organisationId} and offer_key is not null`))[0]!.n;
  if (existing > 0) return 0;
  const rows = defaultProgrammes().map((p) => {
    const text = builtInText(p.offerKey);
    return sql`(${organisationId}, null, ${p.offerKey}, ${text.name}, ${text.description}, ${textArray(p.layers)}, ${textArray(['nl'])},
      ${p.sessionCount}, ${p.maxParticipants}, ${p.completionRule}, ${p.completionPercent}, ${p.certificate}, ${p.countsFor}, ${p.minimumHours})`;
  });
  const inserted = rowsOf<{ id: string }>(await tx.execute(sql`
    insert into group_programmes (organisation_id, municipality_code, offer_key, name, description, layers, languages, session_count,
                                  max_participants, completion_rule, completion_percent, certificate, counts_for, minimum_hours)
    values ${sql.join(rows, sql`, `)}
    on conflict do nothing
    returning id`));
  if (inserted.length > 0) {
    await writeAudit(tx, audit, { action: 'group_catalogue.seed', result: 'ok', recordType: 'organisation', recordId: organisationId, detail: { programmes: inserted.length } });
  }
  return inserted.length;
}

/** The default catalogue, the first time anyone of a welfare organisation who may read it opens it. */
export async function ensureCatalogue(tx: Tx, caller: Caller): Promise<void> {
  if (!can(caller.actor, 'group.read')) return;
  await seedDefaultCatalogue(tx, caller.actor.organisationId, caller.audit);
}

const PROGRAMME_COLUMNS = sql`p.id, p.municipality_code as "municipalityCode", mu.name as "municipalityName", p.offer_key as "offerKey",
  p.name, p.description, p.layers, p.languages, p.session_count as "sessionCount", p.max_participants as "maxParticipants",
  p.completion_rule as "completionRule", p.completion_percent as "completionPercent", p.certificate, p.counts_for as "countsFor",
  p.minimum_hours as "minimumHours", p.active, p.version`;

const LAYER_ORDER = ['basis', 'laag1', 'laag2', 'laag3'];

function viewOf(row: Omit<ProgrammeView, 'builtInName' | 'builtInDescription'>): ProgrammeView {
  const builtIn = row.offerKey ? builtInText(row.offerKey) : null;
  return {
    ...row,
    layers: [...row.layers].sort((a, b) => LAYER_ORDER.indexOf(a) - LAYER_ORDER.indexOf(b)),
    builtInName: builtIn !== null && row.name === builtIn.name,
    builtInDescription: builtIn !== null && row.description === builtIn.description,
  };
}

async function loadProgrammes(tx: Tx, organisationId: string, where = sql`true`): Promise<ProgrammeView[]> {
  const rows = rowsOf<Omit<ProgrammeView, 'builtInName' | 'builtInDescription'>>(await tx.execute(sql`
    select ${PROGRAMME_COLUMNS}
      from group_programmes p left join municipalities mu on mu.code = p.municipality_code
     where p.organisation_id = ${organisationId} and ${where}
     order by p.id`));
  // Active first; the built-ins in a fixed order (PVT, empowerment, then the pyramid's topics); then the organisation's own by name.
  const order = builtInOrderOf();
  const rank = (p: ProgrammeView) => (p.offerKey && order.includes(p.offerKey) ? order.indexOf(p.offerKey) : order.length);
  return rows.map(viewOf).sort((a, b) => Number(b.active) - Number(a.active) || rank(a) - rank(b) || a.name.localeCompare(b.name, 'nl') || a.id.localeCompare(b.id));
}

export async function loadProgramme(tx: Tx, organisationId: string, id: string): Promise<ProgrammeView | null> {
  if (!isUuid(id)) return null;
  return (await loadProgrammes(tx, organisationId, sql`p.id = ${id}`))[0] ?? null;
}

async function denied(tx: Tx, caller: Caller, attempted: string, recordId?: string): Promise<Outcome<never>> {
  await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'denied', recordType: 'group_programme', recordId, detail: { attempted } });
  return forbidden();
}

async function hidden(tx: Tx, caller: Caller, id: string, attempted: string): Promise<Outcome<never>> {
  await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'not_found', recordType: 'group_programme', recordId: isUuid(id) ? id : undefined, detail: { attempted } });
  return notFound();
}

/** For a coordinator's form page: may the caller configure the catalogue at all? A refusal is audited (403). */
export async function configureAccess(tx: Tx, caller: Caller): Promise<Outcome<true>> {
  if (!can(caller.actor, 'group.configure')) return denied(tx, caller, 'group.configure');
  return found(true);
}

/** The municipalities the caller's organisation works for, by name: the catalogue's filter and the forms' choice. */
export async function organisationMunicipalities(tx: Tx, organisationId: string): Promise<{ code: string; name: string }[]> {
  return rowsOf<{ code: string; name: string }>(await tx.execute(sql`
    select mu.code, mu.name from organisation_municipalities om join municipalities mu on mu.code = om.municipality_code
     where om.organisation_id = ${organisationId} order by mu.name`));
}

/**
 * The catalogue, optionally for one municipality (its own programmes and those for every municipality). Creates
 * the default catalogue the first time. Inactive programmes come last; only the coordinator sees them.
 */
export async function listProgrammes(tx: Tx, caller: Caller, filter: { municipalityCode?: string } = {}): Promise<Outcome<ProgrammeView[]>> {
  if (!can(caller.actor, 'group.read')) return denied(tx, caller, 'group.read');
  await ensureCatalogue(tx, caller);
  const conditions = [sql`true`];
  if (filter.municipalityCode) conditions.push(sql`(p.municipality_code is null or p.municipality_code = ${filter.municipalityCode})`);
  if (!can(caller.actor, 'group.configure')) conditions.push(sql`p.active`);
  const programmes = await loadProgrammes(tx, caller.actor.organisationId, sql.join(conditions, sql` and `));
  await writeAudit(tx, caller.audit, { action: 'group_programme.list', result: 'ok', recordType: 'group_programme', detail: { count: programmes.length, municipality: filter.municipalityCode ?? null } });
  return found(programmes);
}

/** One programme; of another organisation, malformed or unknown: 404 alike (AUTH-HIDE, audited). */
export async function readProgramme(tx: Tx, caller: Caller, id: string): Promise<Outcome<ProgrammeView>> {
  if (!can(caller.actor, 'group.read')) return denied(tx, caller, 'group.read', isUuid(id) ? id : undefined);
  const programme = await loadProgramme(tx, caller.actor.organisationId, id);
  if (!programme || (!programme.active && !can(caller.actor, 'group.configure'))) return hidden(tx, caller, id, 'group.read');
  await writeAudit(tx, caller.audit, { action: 'group_programme.read', result: 'ok', recordType: 'group_programme', recordId: id });
  return found(programme);
}

/** Whether the organisation works for this municipality (a programme or an edition may be tied only to those). */
export async function servedMunicipality(tx: Tx, organisationId: string, code: string): Promise<boolean> {
  return rowsOf<{ n: number }>(await tx.execute(sql`
    select count(*)::int as n from organisation_municipalities where organisation_id = ${organisationId} and municipality_code = ${code}`))[0]!.n > 0;
}

type StoredProgramme = Pick<ProgrammeView, 'name' | 'description' | 'municipalityCode' | 'layers' | 'languages' | 'sessionCount' | 'maxParticipants' | 'completionRule' | 'completionPercent' | 'certificate' | 'countsFor' | 'minimumHours' | 'active'>;

/** Checks that need the database, and those across fields after a PATCH is merged; 422 with the fields. */
async function validate(tx: Tx, organisationId: string, p: StoredProgramme, sessionFloor: number | null): Promise<void> {
  const errors: FieldError[] = [...programmeFieldErrors(p)];
  if (p.municipalityCode && !(await servedMunicipality(tx, organisationId, p.municipalityCode))) errors.push({ field: 'municipalityCode', message: 'validation.municipality_not_served' });
  // Editions already planned keep their sessions: the programme cannot claim fewer than the largest edition has.
  if (sessionFloor !== null && p.sessionCount < sessionFloor) errors.push({ field: 'sessionCount', message: 'validation.group_sessions_below_editions' });
  if (errors.length) throw new AppError('VALIDATION', { fields: errors });
}

function stored(input: ProgrammeInput): StoredProgramme {
  return {
    name: input.name, description: input.description, municipalityCode: input.municipalityCode,
    layers: [...new Set(input.layers)], languages: [...new Set(input.languages)],
    sessionCount: input.sessionCount, maxParticipants: input.maxParticipants, completionRule: input.completionRule,
    completionPercent: input.completionRule === 'all' ? 100 : (input.completionPercent ?? 80),
    certificate: input.certificate ?? false, countsFor: input.countsFor, minimumHours: input.minimumHours, active: input.active ?? true,
  };
}

/** A programme of the organisation's own (coordinator only). */
export async function createProgramme(tx: Tx, caller: Caller, input: ProgrammeInput): Promise<Outcome<ProgrammeView>> {
  if (!can(caller.actor, 'group.configure')) return denied(tx, caller, 'group.configure');
  const p = stored(input);
  await validate(tx, caller.actor.organisationId, p, null);
  const id = rowsOf<{ id: string }>(await tx.execute(sql`
    insert into group_programmes (organisation_id, municipality_code, name, description, layers, languages, session_count, max_participants,
                                  completion_rule, completion_percent, certificate, counts_for, minimum_hours, active)
    values (${caller.actor.organisationId}, ${p.municipalityCode}, ${p.name}, ${p.description}, ${textArray(p.layers)}, ${textArray(p.languages)},
            ${p.sessionCount}, ${p.maxParticipants}, ${p.completionRule}, ${p.completionPercent}, ${p.certificate}, ${p.countsFor}, ${p.minimumHours}, ${p.active})
    returning id`))[0]!.id;
  await writeAudit(tx, caller.audit, { action: 'group_programme.create', result: 'ok', recordType: 'group_programme', recordId: id, detail: { sessions: p.sessionCount, countsFor: p.countsFor } });
  return found((await loadProgramme(tx, caller.actor.organisationId, id))!);
}

/**
 * Change a programme (coordinator only). REL-LOCK: the change states the version read; when someone else saved
 * meanwhile the answer is a conflict with the programme as it is now.
 */
export async function updateProgramme(tx: Tx, caller: Caller, id: string, patch: ProgrammePatchInput): Promise<Outcome<ProgrammeView>> {
  // Changing is the coordinator's: anyone else is refused for any id alike (403), which tells nothing about it.
  if (!can(caller.actor, 'group.configure')) return denied(tx, caller, 'group.configure', isUuid(id) ? id : undefined);
  const current = await loadProgramme(tx, caller.actor.organisationId, id);
  if (!current) return hidden(tx, caller, id, 'group.configure');
  if (patch.version !== current.version) return conflict(current);
  const rule = patch.completionRule ?? current.completionRule;
  const merged: StoredProgramme = {
    name: patch.name ?? current.name,
    description: patch.description ?? current.description,
    municipalityCode: patch.municipalityCode !== undefined ? patch.municipalityCode : current.municipalityCode,
    layers: patch.layers ? [...new Set(patch.layers)] : current.layers,
    languages: patch.languages ? [...new Set(patch.languages)] : current.languages,
    sessionCount: patch.sessionCount ?? current.sessionCount,
    maxParticipants: patch.maxParticipants ?? current.maxParticipants,
    completionRule: rule,
    completionPercent: rule === 'all' ? 100 : (patch.completionPercent ?? (current.completionRule === 'all' ? 80 : current.completionPercent)),
    certificate: patch.certificate ?? current.certificate,
    countsFor: patch.countsFor !== undefined ? patch.countsFor : current.countsFor,
    minimumHours: patch.minimumHours !== undefined ? patch.minimumHours : current.minimumHours,
    active: patch.active ?? current.active,
  };
  // Moving to "no inburgering" drops the minimum with it, unless the caller set one (then it is an error).
  if (patch.countsFor === null && patch.minimumHours === undefined) merged.minimumHours = null;
  const floor = rowsOf<{ n: number | null }>(await tx.execute(sql`
    select max(c)::int as n from (select count(*) as c from group_sessions s join group_editions e on e.id = s.edition_id
     where e.programme_id = ${id} and e.status <> 'cancelled' group by s.edition_id) x`))[0]?.n ?? null;
  await validate(tx, caller.actor.organisationId, merged, floor);
  const updated = rowsOf<{ id: string }>(await tx.execute(sql`
    update group_programmes set name = ${merged.name}, description = ${merged.description}, municipality_code = ${merged.municipalityCode},
           layers = ${textArray(merged.layers)}, languages = ${textArray(merged.languages)}, session_count = ${merged.sessionCount},
           max_participants = ${merged.maxParticipants}, completion_rule = ${merged.completionRule}, completion_percent = ${merged.completionPercent},
           certificate = ${merged.certificate}, counts_for = ${merged.countsFor}, minimum_hours = ${merged.minimumHours}, active = ${merged.active},
           version = version + 1
     where id = ${id} and organisation_id = ${caller.actor.organisationId} and version = ${patch.version}
     returning id`));
  const now = (await loadProgramme(tx, caller.actor.organisationId, id))!;
  if (updated.length === 0) return conflict(now);
  // Which fields changed, never their text (LOG-CLEAN).
  const changed = (Object.keys(merged) as (keyof StoredProgramme)[]).filter((k) => JSON.stringify(merged[k]) !== JSON.stringify(current[k]));
  await writeAudit(tx, caller.audit, { action: 'group_programme.update', result: 'ok', recordType: 'group_programme', recordId: id, detail: { version: now.version, changed: changed.join(',') } });
  return found(now);
}
