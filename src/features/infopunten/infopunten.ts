import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import { AppError } from '../../platform/errors.ts';
import { conflict, forbidden, found, type Caller, type Outcome } from '../../platform/context.ts';
import { can, canAtInfopunt, type Actor } from '../../platform/policy.ts';
import type { Role } from '../../platform/tenancy/schema.ts';
import { WEEKDAYS } from '../coaches/schema.ts';
import { infopuntAccess } from './access.ts';
import { hhmmOf, minutesOf, type InfopuntInput, type InfopuntUpdateInput, type OpeningHoursInput, type StaffInput } from './inputs.ts';
import type { InfopuntStaffKind, OpeningPeriod, Weekday } from './schema.ts';

// Infopunt locations (issue 5, DOMAIN.md flow 7): name, municipality, address, opening hours and who works there.
// The coordinator runs them (infopunt.configure); everyone who may log visits sees where and when they are open.

/** Roles that may work at an infopunt: its staff, and formulierenteam volunteers. */
export const STAFF_ROLES: readonly Role[] = ['infopunt', 'volunteer', 'professional'];

export interface OpeningHoursView {
  day: Weekday;
  /** Local time "09:00". */
  from: string;
  to: string;
}

export interface StaffView {
  userId: string;
  name: string;
  role: Role;
  kind: InfopuntStaffKind;
}

export interface InfopuntView {
  id: string;
  name: string;
  municipalityCode: string;
  municipalityName: string;
  address: string;
  openingHours: OpeningHoursView[];
  active: boolean;
  version: number;
  /** The caller's own place there, if she works there. */
  worksHere: InfopuntStaffKind | null;
  /** The caller may log visits here (she works here, or she is the coordinator; the infopunt is active). */
  canLog: boolean;
  /** Who works there: only for who may configure infopunten (the key is absent otherwise). */
  staff?: StaffView[];
}

/** Someone who may be put to work at an infopunt (the staff form's choices). */
export interface StaffCandidate {
  userId: string;
  name: string;
  role: Role;
}

const DAY_ORDER = new Map(WEEKDAYS.map((d, i) => [d, i]));

export function hoursView(periods: OpeningPeriod[]): OpeningHoursView[] {
  return [...periods]
    .sort((a, b) => (DAY_ORDER.get(a.day) ?? 0) - (DAY_ORDER.get(b.day) ?? 0) || a.from - b.from)
    .map((p) => ({ day: p.day, from: hhmmOf(p.from), to: hhmmOf(p.to) }));
}

function stored(hours: OpeningHoursInput): OpeningPeriod[] {
  return hours
    .map((p) => ({ day: p.day, from: minutesOf(p.from), to: minutesOf(p.to) }))
    .sort((a, b) => (DAY_ORDER.get(a.day) ?? 0) - (DAY_ORDER.get(b.day) ?? 0) || a.from - b.from);
}

/** Whether the role may see infopunten at all (opening hours are for everyone who may log somewhere). */
export function mayReadInfopunten(actor: Actor): boolean {
  return canAtInfopunt(actor, 'infopunt.read', { sameOrganisation: true, staff: false });
}

interface Row {
  id: string;
  name: string;
  municipalityCode: string;
  municipalityName: string;
  address: string;
  openingHours: OpeningPeriod[];
  active: boolean;
  version: number;
  worksHere: InfopuntStaffKind | null;
}

async function loadRows(tx: Tx, actor: Actor, where: SQL): Promise<Row[]> {
  return rowsOf<Row>(await tx.execute(sql`
    select i.id, i.name, i.municipality_code as "municipalityCode", coalesce(m.name, i.municipality_code) as "municipalityName",
           i.address, i.opening_hours as "openingHours", i.active, i.version,
           (select s.kind from infopunt_staff s where s.infopunt_id = i.id and s.user_id = ${actor.userId}) as "worksHere"
      from infopunten i left join municipalities m on m.code = i.municipality_code
     where i.organisation_id = ${actor.organisationId} and ${where}
     order by i.active desc, m.name, i.name, i.id`));
}

async function staffOf(tx: Tx, infopuntIds: string[]): Promise<Map<string, StaffView[]>> {
  const out = new Map<string, StaffView[]>();
  if (infopuntIds.length === 0) return out;
  const rows = rowsOf<StaffView & { infopuntId: string }>(await tx.execute(sql`
    select s.infopunt_id as "infopuntId", s.user_id as "userId", u.display_name as name, u.role, s.kind
      from infopunt_staff s join users u on u.id = s.user_id
     where s.infopunt_id in (${sql.join(infopuntIds.map((id) => sql`${id}`), sql`, `)})
     order by s.kind, u.display_name, u.id`));
  for (const { infopuntId, ...staff } of rows) {
    const list = out.get(infopuntId);
    if (list) list.push(staff);
    else out.set(infopuntId, [staff]);
  }
  return out;
}

function viewOf(actor: Actor, row: Row, staff?: StaffView[]): InfopuntView {
  const canLog = row.active && canAtInfopunt(actor, 'infopunt.log', { sameOrganisation: true, staff: row.worksHere !== null });
  return {
    id: row.id, name: row.name, municipalityCode: row.municipalityCode, municipalityName: row.municipalityName, address: row.address,
    openingHours: hoursView(row.openingHours ?? []), active: row.active, version: row.version, worksHere: row.worksHere, canLog,
    ...(staff ? { staff } : {}),
  };
}

/**
 * The organisation's infopunten with their opening hours (audited). The coordinator gets inactive ones and who
 * works where too; everyone else sees the active ones, and which of them she works at.
 */
export async function listInfopunten(tx: Tx, caller: Caller): Promise<Outcome<InfopuntView[]>> {
  const { actor } = caller;
  if (!mayReadInfopunten(actor)) {
    await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'denied', recordType: 'infopunt', detail: { attempted: 'infopunt.read' } });
    return forbidden();
  }
  const configure = can(actor, 'infopunt.configure');
  const rows = await loadRows(tx, actor, configure ? sql`true` : sql`i.active`);
  const staff = configure ? await staffOf(tx, rows.map((r) => r.id)) : null;
  await writeAudit(tx, caller.audit, { action: 'infopunt.list', result: 'ok', recordType: 'infopunt', detail: { returned: rows.length } });
  return found(rows.map((r) => viewOf(actor, r, staff ? staff.get(r.id) ?? [] : undefined)));
}

export interface InfopuntDetail {
  infopunt: InfopuntView;
  /** For the coordinator's staff form: everyone who may work at an infopunt; empty for others. */
  candidates: StaffCandidate[];
  /** The municipalities the organisation serves (the coordinator's form). */
  municipalities: { code: string; name: string }[];
}

async function municipalitiesOf(tx: Tx, actor: Actor): Promise<{ code: string; name: string }[]> {
  return rowsOf<{ code: string; name: string }>(await tx.execute(sql`
    select m.code, m.name from organisation_municipalities om join municipalities m on m.code = om.municipality_code
     where om.organisation_id = ${actor.organisationId} order by m.name`));
}

async function candidatesOf(tx: Tx, actor: Actor): Promise<StaffCandidate[]> {
  return rowsOf<StaffCandidate>(await tx.execute(sql`
    select u.id as "userId", u.display_name as name, u.role from users u
     where u.organisation_id = ${actor.organisationId} and u.disabled_at is null
       and u.role in (${sql.join(STAFF_ROLES.map((r) => sql`${r}`), sql`, `)})
     order by u.display_name, u.id limit 2000`));
}

/** One infopunt (AUTH-HIDE: another organisation's or a random id answers 404, audited). */
export async function readInfopunt(tx: Tx, caller: Caller, infopuntId: string): Promise<Outcome<InfopuntDetail>> {
  const access = await infopuntAccess(tx, caller, infopuntId, 'infopunt.read');
  if (!access.ok) return access;
  const { actor } = caller;
  const configure = access.value.permissions.configure;
  const row = (await loadRows(tx, actor, sql`i.id = ${infopuntId}`))[0]!;
  // An inactive infopunt is the coordinator's business only.
  if (!row.active && !configure) {
    await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'not_found', recordType: 'infopunt', recordId: infopuntId, detail: { attempted: 'infopunt.read' } });
    return { ok: false, error: 'NOT_FOUND' };
  }
  const staff = configure ? (await staffOf(tx, [infopuntId])).get(infopuntId) ?? [] : undefined;
  await writeAudit(tx, caller.audit, { action: 'infopunt.read', result: 'ok', recordType: 'infopunt', recordId: infopuntId, detail: { staff: staff?.length ?? null } });
  return found({
    infopunt: viewOf(actor, row, staff),
    candidates: configure ? await candidatesOf(tx, actor) : [],
    municipalities: configure ? await municipalitiesOf(tx, actor) : [],
  });
}

/** What the coordinator's "new infopunt" form needs. */
export async function newInfopuntContext(tx: Tx, caller: Caller): Promise<{ municipalities: { code: string; name: string }[] }> {
  return { municipalities: can(caller.actor, 'infopunt.configure') ? await municipalitiesOf(tx, caller.actor) : [] };
}

async function checkMunicipality(tx: Tx, actor: Actor, code: string): Promise<void> {
  const served = rowsOf<{ n: number }>(await tx.execute(sql`
    select count(*)::int as n from organisation_municipalities where organisation_id = ${actor.organisationId} and municipality_code = ${code}`));
  if (!served[0]?.n) throw new AppError('VALIDATION', { fields: [{ field: 'municipalityCode', message: 'validation.municipality_not_served' }] });
}

async function auditConfigureDenied(tx: Tx, caller: Caller): Promise<void> {
  await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'denied', recordType: 'infopunt', detail: { attempted: 'infopunt.configure' } });
}

/** Refuse (403, audited) who may not configure infopunten, before her form is even read. */
export async function requireConfigure(tx: Tx, caller: Caller): Promise<Outcome<true>> {
  if (can(caller.actor, 'infopunt.configure')) return found(true);
  await auditConfigureDenied(tx, caller);
  return forbidden();
}

/** A new infopunt in one of the organisation's municipalities. */
export async function createInfopunt(tx: Tx, caller: Caller, input: InfopuntInput): Promise<Outcome<InfopuntView>> {
  const { actor } = caller;
  if (!can(actor, 'infopunt.configure')) {
    await auditConfigureDenied(tx, caller);
    return forbidden();
  }
  await checkMunicipality(tx, actor, input.municipalityCode);
  const id = rowsOf<{ id: string }>(await tx.execute(sql`
    insert into infopunten (organisation_id, municipality_code, name, address, opening_hours, active)
    values (${actor.organisationId}, ${input.municipalityCode}, ${input.name}, ${input.address}, ${JSON.stringify(stored(input.openingHours))}::jsonb, ${input.active})
    returning id`))[0]!.id;
  await writeAudit(tx, caller.audit, {
    action: 'infopunt.create', result: 'ok', recordType: 'infopunt', recordId: id,
    detail: { municipality: input.municipalityCode, periods: input.openingHours.length, active: input.active },
  });
  return found(viewOf(actor, (await loadRows(tx, actor, sql`i.id = ${id}`))[0]!, []));
}

async function currentView(tx: Tx, actor: Actor, id: string): Promise<InfopuntView> {
  return viewOf(actor, (await loadRows(tx, actor, sql`i.id = ${id}`))[0]!, (await staffOf(tx, [id])).get(id) ?? []);
}

/** Change an infopunt's facts at the version read (REL-LOCK: a stale version answers the infopunt as it is now). */
export async function updateInfopunt(tx: Tx, caller: Caller, infopuntId: string, input: InfopuntUpdateInput): Promise<Outcome<InfopuntView>> {
  const access = await infopuntAccess(tx, caller, infopuntId, 'infopunt.configure');
  if (!access.ok) return access;
  const { actor } = caller;
  if (input.municipalityCode !== undefined) await checkMunicipality(tx, actor, input.municipalityCode);
  const sets: SQL[] = [sql`version = version + 1`];
  if (input.name !== undefined) sets.push(sql`name = ${input.name}`);
  if (input.municipalityCode !== undefined) sets.push(sql`municipality_code = ${input.municipalityCode}`);
  if (input.address !== undefined) sets.push(sql`address = ${input.address}`);
  if (input.openingHours !== undefined) sets.push(sql`opening_hours = ${JSON.stringify(stored(input.openingHours))}::jsonb`);
  if (input.active !== undefined) sets.push(sql`active = ${input.active}`);
  const updated = rowsOf<{ id: string }>(await tx.execute(sql`
    update infopunten set ${sql.join(sets, sql`, `)} where id = ${infopuntId} and version = ${input.version} returning id`));
  const current = await currentView(tx, actor, infopuntId);
  if (updated.length === 0) return conflict(current);
  await writeAudit(tx, caller.audit, {
    action: 'infopunt.update', result: 'ok', recordType: 'infopunt', recordId: infopuntId,
    detail: { version: current.version, periods: current.openingHours.length, active: current.active },
  });
  return found(current);
}

/**
 * Who works at an infopunt, replaced as a whole at the infopunt's version (REL-LOCK). Only users of the
 * organisation with the role infopunt, volunteer or professional, and not disabled, may work there.
 */
export async function setStaff(tx: Tx, caller: Caller, infopuntId: string, input: StaffInput): Promise<Outcome<InfopuntView>> {
  const access = await infopuntAccess(tx, caller, infopuntId, 'infopunt.configure');
  if (!access.ok) return access;
  const { actor } = caller;
  if (input.staff.length) {
    const eligible = new Set(rowsOf<{ id: string }>(await tx.execute(sql`
      select u.id from users u
       where u.organisation_id = ${actor.organisationId} and u.disabled_at is null
         and u.role in (${sql.join(STAFF_ROLES.map((r) => sql`${r}`), sql`, `)})
         and u.id in (${sql.join(input.staff.map((s) => sql`${s.userId}`), sql`, `)})`)).map((r) => r.id));
    const wrong = input.staff.map((s, i) => ({ s, i })).filter(({ s }) => !eligible.has(s.userId));
    if (wrong.length) throw new AppError('VALIDATION', { fields: wrong.map(({ i }) => ({ field: `staff.${i}.userId`, message: 'validation.infopunten_staff_user' })) });
  }
  const bumped = rowsOf<{ id: string }>(await tx.execute(sql`
    update infopunten set version = version + 1 where id = ${infopuntId} and version = ${input.version} returning id`));
  if (bumped.length === 0) return conflict(await currentView(tx, actor, infopuntId));
  await tx.execute(sql`delete from infopunt_staff where infopunt_id = ${infopuntId}`);
  if (input.staff.length) {
    await tx.execute(sql`
      insert into infopunt_staff (organisation_id, infopunt_id, user_id, kind)
      values ${sql.join(input.staff.map((s) => sql`(${actor.organisationId}, ${infopuntId}, ${s.userId}, ${s.kind})`), sql`, `)}`);
  }
  const current = await currentView(tx, actor, infopuntId);
  await writeAudit(tx, caller.audit, {
    action: 'infopunt.staff_update', result: 'ok', recordType: 'infopunt', recordId: infopuntId,
    detail: { staff: input.staff.filter((s) => s.kind === 'staff').length, formulierenteam: input.staff.filter((s) => s.kind === 'formulierenteam').length, version: current.version },
  });
  return found(current);
}
