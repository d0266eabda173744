import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { conflict, forbidden, found, notFound, type Caller, type Outcome } from '../../platform/context.ts';
import { can } from '../../platform/policy.ts';
import { isUuid } from '../../platform/validation.ts';
import { addDays } from '../households/index.ts';
import { editionAccess, type EditionFacts } from './access.ts';
import { fillFromWaitlist } from './enrolments.ts';
import { loadProgramme, servedMunicipality, type ProgrammeView } from './catalogue.ts';
import { minuteOf, type EditionInput, type EditionPatchInput, type Interpreter, type SessionPatchInput, type TrainersInput } from './inputs.ts';
import type { EditionStatus } from './schema.ts';
import { todayIso } from '../../platform/dates.ts';
export { todayIso };

// Editions of a programme with their schedule, trainers and interpreters (issue 5). The facts and the schedule
// hold no personal data: everyone who may read the catalogue sees them. Participants are G2's, attendance G3's.

export interface SessionView {
  id: string;
  number: number;
  date: string;
  /** Minutes since midnight, local time. */
  startMinute: number;
  endMinute: number;
  place: string;
  address: string;
  cancelled: boolean;
  version: number;
}

/** One session of a schedule still to be stored. */
export interface PlannedSession {
  number: number;
  date: string;
  startMinute: number;
  endMinute: number;
  place: string;
  address: string;
}

/**
 * The dates of a schedule: `count` sessions from `firstDate`, every `everyWeeks` weeks. Calendar dates, never
 * timestamps: a session stays on its weekday and its local time across the change to and from summer time.
 */
export function scheduleDates(firstDate: string, count: number, everyWeeks = 1): string[] {
  return Array.from({ length: count }, (_, i) => addDays(firstDate, i * 7 * everyWeeks));
}

export function generateSchedule(o: { firstDate: string; count: number; everyWeeks?: number; startMinute: number; endMinute: number; place: string; address: string }): PlannedSession[] {
  return scheduleDates(o.firstDate, o.count, o.everyWeeks ?? 1).map((date, i) => ({
    number: i + 1, date, startMinute: o.startMinute, endMinute: o.endMinute, place: o.place, address: o.address,
  }));
}

/**
 * The status to show: cancelled and completed as stored; otherwise "running" from the day of the first session
 * that takes place, until the edition is closed; before that "planned".
 */
export function displayStatus(status: EditionStatus, sessions: readonly Pick<SessionView, 'date' | 'cancelled'>[], today = todayIso()): EditionStatus {
  if (status === 'cancelled' || status === 'completed') return status;
  return sessions.some((s) => !s.cancelled && s.date <= today) ? 'running' : 'planned';
}

/** The first session that still takes place today or later, or null. */
export function nextSession<S extends Pick<SessionView, 'date' | 'cancelled' | 'number'>>(sessions: readonly S[], today = todayIso()): S | null {
  return [...sessions].filter((s) => !s.cancelled && s.date >= today).sort((a, b) => a.date.localeCompare(b.date) || a.number - b.number)[0] ?? null;
}

/** The latest session that took place (today or earlier), or null. */
export function lastHeldSession<S extends Pick<SessionView, 'date' | 'cancelled' | 'number'>>(sessions: readonly S[], today = todayIso()): S | null {
  return [...sessions].filter((s) => !s.cancelled && s.date <= today).sort((a, b) => b.date.localeCompare(a.date) || b.number - a.number)[0] ?? null;
}

/** The sessions' hours together (PVT: at least 12), not counting cancelled ones. */
export function scheduledHours(sessions: readonly Pick<SessionView, 'startMinute' | 'endMinute' | 'cancelled'>[]): number {
  return sessions.filter((s) => !s.cancelled).reduce((sum, s) => sum + (s.endMinute - s.startMinute), 0) / 60;
}

const SESSION_COLUMNS = sql`s.id, s.number, s.date::text as date, s.start_minute as "startMinute", s.end_minute as "endMinute",
  s.place, s.address, s.cancelled, s.version`;

/**
 * The edition's sessions in the order they meet: by date, not by number, because a postponed session keeps its
 * number (completion dates, "next" and "last held" follow the calendar). The caller has already reached the edition.
 */
export async function listSessions(tx: Tx, editionId: string): Promise<SessionView[]> {
  return rowsOf<SessionView>(await tx.execute(sql`select ${SESSION_COLUMNS} from group_sessions s where s.edition_id = ${editionId} order by s.date, s.start_minute, s.number`));
}

async function sessionsOf(tx: Tx, editionIds: string[]): Promise<Map<string, SessionView[]>> {
  const out = new Map<string, SessionView[]>(editionIds.map((id) => [id, []]));
  if (!editionIds.length) return out;
  const rows = rowsOf<SessionView & { editionId: string }>(await tx.execute(sql`
    select s.edition_id as "editionId", ${SESSION_COLUMNS} from group_sessions s
     where s.edition_id in (${sql.join(editionIds.map((id) => sql`${id}`), sql`, `)}) order by s.edition_id, s.date, s.start_minute, s.number`));
  for (const { editionId, ...s } of rows) out.get(editionId)?.push(s);
  return out;
}

/** The programme's own words, for pages to translate a built-in name (catalogue.programmeText). */
export interface ProgrammeText {
  offerKey: string | null;
  name: string;
  description: string;
}

export interface EditionSummary {
  id: string;
  programmeId: string;
  programme: ProgrammeText;
  title: string;
  municipalityCode: string;
  municipalityName: string;
  language: string;
  capacity: number;
  status: EditionStatus;
  displayStatus: EditionStatus;
  /** Places taken (enrolled; after the close, completed or not); free = capacity − taken, never below 0. */
  enrolled: number;
  waitlisted: number;
  freePlaces: number;
  firstDate: string | null;
  lastDate: string | null;
  sessionCount: number;
  nextSession: SessionView | null;
  /** The last session held (today or before), where attendance is taken afterwards. */
  lastHeldSession: SessionView | null;
  /** The caller is one of its trainers. */
  trainer: boolean;
  version: number;
}

interface SummaryRow extends Omit<EditionSummary, 'programme' | 'displayStatus' | 'freePlaces' | 'firstDate' | 'lastDate' | 'sessionCount' | 'nextSession' | 'lastHeldSession'> {
  offerKey: string | null;
  programmeName: string;
  programmeDescription: string;
}

const STATUS_ORDER: Record<EditionStatus, number> = { running: 0, planned: 1, completed: 2, cancelled: 3 };

async function summaries(tx: Tx, caller: Caller, where: ReturnType<typeof sql>, today: string): Promise<EditionSummary[]> {
  const rows = rowsOf<SummaryRow>(await tx.execute(sql`
    select e.id, e.programme_id as "programmeId", p.offer_key as "offerKey", p.name as "programmeName", p.description as "programmeDescription",
           e.title, e.municipality_code as "municipalityCode", mu.name as "municipalityName", e.language, e.capacity, e.status, e.version,
           (select count(*)::int from group_enrolments en where en.edition_id = e.id and en.status in ('enrolled','completed','not_completed')) as enrolled,
           (select count(*)::int from group_enrolments en where en.edition_id = e.id and en.status = 'waitlisted') as waitlisted,
           exists (select 1 from group_edition_staff st where st.edition_id = e.id and st.user_id = ${caller.actor.userId}) as trainer
      from group_editions e join group_programmes p on p.id = e.programme_id join municipalities mu on mu.code = e.municipality_code
     where e.organisation_id = ${caller.actor.organisationId} and ${where}`));
  const sessions = await sessionsOf(tx, rows.map((r) => r.id));
  const list = rows.map(({ offerKey, programmeName, programmeDescription, ...r }): EditionSummary => {
    const own = sessions.get(r.id) ?? [];
    const held = own.filter((s) => !s.cancelled);
    return {
      ...r,
      programme: { offerKey, name: programmeName, description: programmeDescription },
      displayStatus: displayStatus(r.status, own, today),
      freePlaces: Math.max(0, r.capacity - r.enrolled),
      firstDate: held[0]?.date ?? null,
      lastDate: held.at(-1)?.date ?? null,
      sessionCount: held.length,
      nextSession: nextSession(own, today),
      lastHeldSession: lastHeldSession(own, today),
    };
  });
  // Running and upcoming first, then closed and cancelled; within each, by the first date.
  return list.sort((a, b) => STATUS_ORDER[a.displayStatus] - STATUS_ORDER[b.displayStatus]
    || (a.displayStatus === 'completed' || a.displayStatus === 'cancelled' ? (b.firstDate ?? '').localeCompare(a.firstDate ?? '') : (a.firstDate ?? '9999').localeCompare(b.firstDate ?? '9999'))
    || a.title.localeCompare(b.title));
}

async function deniedList(tx: Tx, caller: Caller, attempted: string): Promise<Outcome<never>> {
  await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'denied', recordType: 'group_edition', detail: { attempted } });
  return forbidden();
}

/** The organisation's editions (AUTH-LISTS: only its own), optionally of one municipality, programme or status as shown. */
export async function listEditions(tx: Tx, caller: Caller, filter: { municipalityCode?: string; status?: EditionStatus; programmeId?: string } = {}, today = todayIso()): Promise<Outcome<EditionSummary[]>> {
  if (!can(caller.actor, 'group.read')) return deniedList(tx, caller, 'group.read');
  const conditions = [sql`true`];
  if (filter.municipalityCode) conditions.push(sql`e.municipality_code = ${filter.municipalityCode}`);
  if (filter.programmeId) conditions.push(isUuid(filter.programmeId) ? sql`e.programme_id = ${filter.programmeId}` : sql`false`);
  let list = await summaries(tx, caller, sql.join(conditions, sql` and `), today);
  if (filter.status) list = list.filter((e) => e.displayStatus === filter.status);
  await writeAudit(tx, caller.audit, { action: 'group_edition.list', result: 'ok', recordType: 'group_edition', detail: { count: list.length, municipality: filter.municipalityCode ?? null, status: filter.status ?? null } });
  return found(list);
}

/** "Jouw groepen": the editions the caller trains that are not closed or cancelled, the next session first. */
export async function listMyEditions(tx: Tx, caller: Caller, today = todayIso()): Promise<Outcome<EditionSummary[]>> {
  if (!can(caller.actor, 'group.read')) return deniedList(tx, caller, 'group.read');
  const list = (await summaries(tx, caller, sql`e.status in ('planned','running') and exists (select 1 from group_edition_staff st where st.edition_id = e.id and st.user_id = ${caller.actor.userId})`, today))
    .sort((a, b) => (a.nextSession?.date ?? '9999').localeCompare(b.nextSession?.date ?? '9999') || a.title.localeCompare(b.title));
  await writeAudit(tx, caller.audit, { action: 'group_trainer.overview', result: 'ok', recordType: 'group_edition', detail: { count: list.length } });
  return found(list);
}

export interface TrainerView {
  userId: string;
  name: string;
  role: string;
}

/** An edition as its page and the API show it: the facts, the schedule, the staff and the counts. */
export interface EditionView extends EditionFacts {
  programme: ProgrammeText;
  programmeLanguages: string[];
  programmeMaxParticipants: number;
  municipalityName: string;
  displayStatus: EditionStatus;
  interpreters: Interpreter[];
  trainers: TrainerView[];
  sessions: SessionView[];
  enrolled: number;
  waitlisted: number;
  freePlaces: number;
  scheduledHours: number;
}

async function loadEditionView(tx: Tx, facts: EditionFacts, today: string): Promise<EditionView> {
  const extra = rowsOf<{ offerKey: string | null; name: string; description: string; languages: string[]; maxParticipants: number; municipalityName: string; interpreters: Interpreter[] | string; enrolled: number; waitlisted: number }>(await tx.execute(sql`
    select p.offer_key as "offerKey", p.name, p.description, p.languages, p.max_participants as "maxParticipants", mu.name as "municipalityName", e.interpreters,
           (select count(*)::int from group_enrolments en where en.edition_id = e.id and en.status in ('enrolled','completed','not_completed')) as enrolled,
           (select count(*)::int from group_enrolments en where en.edition_id = e.id and en.status = 'waitlisted') as waitlisted
      from group_editions e join group_programmes p on p.id = e.programme_id join municipalities mu on mu.code = e.municipality_code
     where e.id = ${facts.id}`))[0]!;
  const trainers = rowsOf<TrainerView>(await tx.execute(sql`
    select u.id as "userId", u.display_name as name, u.role from group_edition_staff st join users u on u.id = st.user_id
     where st.edition_id = ${facts.id} order by u.display_name, u.id`));
  const sessions = await listSessions(tx, facts.id);
  const interpreters = typeof extra.interpreters === 'string' ? (JSON.parse(extra.interpreters) as Interpreter[]) : extra.interpreters;
  return {
    ...facts,
    programme: { offerKey: extra.offerKey, name: extra.name, description: extra.description },
    programmeLanguages: extra.languages,
    programmeMaxParticipants: extra.maxParticipants,
    municipalityName: extra.municipalityName,
    displayStatus: displayStatus(facts.status, sessions, today),
    interpreters,
    trainers,
    sessions,
    enrolled: extra.enrolled,
    waitlisted: extra.waitlisted,
    freePlaces: Math.max(0, facts.capacity - extra.enrolled),
    scheduledHours: scheduledHours(sessions),
  };
}

/** One edition for everyone who may read the catalogue; another organisation's, malformed or unknown: 404 alike. */
export async function readEdition(tx: Tx, caller: Caller, id: string, today = todayIso()): Promise<Outcome<EditionView>> {
  // A role without the catalogue (regisseur, partner, monitor) is refused for any id alike: 403, not 404.
  if (!can(caller.actor, 'group.read')) return deniedList(tx, caller, 'group.read');
  const access = await editionAccess(tx, caller, id, 'group.read');
  if (!access.ok) return access;
  const view = await loadEditionView(tx, access.value, today);
  await writeAudit(tx, caller.audit, { action: 'group_edition.read', result: 'ok', recordType: 'group_edition', recordId: id, detail: { sessions: view.sessions.length } });
  return found(view);
}

/** Who may train an edition: the organisation's trainers, professionals, volunteers and coordinators, not disabled. */
export async function eligibleTrainers(tx: Tx, organisationId: string): Promise<TrainerView[]> {
  return rowsOf<TrainerView>(await tx.execute(sql`
    select id as "userId", display_name as name, role from users
     where organisation_id = ${organisationId} and disabled_at is null and role in ('trainer','professional','volunteer','coordinator')
     order by case role when 'trainer' then 0 else 1 end, display_name, id`));
}

async function checkTrainers(tx: Tx, organisationId: string, ids: readonly string[], field: string): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const eligible = new Set((await eligibleTrainers(tx, organisationId)).map((u) => u.userId));
  if (unique.some((id) => !eligible.has(id))) throw new AppError('VALIDATION', { fields: [{ field, message: 'validation.invalid_choice' }] });
  return unique;
}

/** The municipality of an edition: one the organisation serves, and the programme's own if it has one. */
async function municipalityError(tx: Tx, organisationId: string, programme: Pick<ProgrammeView, 'municipalityCode'>, code: string): Promise<FieldError | null> {
  if (!(await servedMunicipality(tx, organisationId, code))) return { field: 'municipalityCode', message: 'validation.municipality_not_served' };
  if (programme.municipalityCode && programme.municipalityCode !== code) return { field: 'municipalityCode', message: 'validation.group_other_municipality' };
  return null;
}

async function hiddenProgramme(tx: Tx, caller: Caller, id: string): Promise<Outcome<never>> {
  await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'not_found', recordType: 'group_programme', recordId: isUuid(id) ? id : undefined, detail: { attempted: 'group.configure' } });
  return notFound();
}

/**
 * A new edition (coordinator only) with its schedule generated from the first date: one session per programme
 * session, every `everyWeeks` weeks, at one time and place; each session can be changed afterwards.
 */
export async function createEdition(tx: Tx, caller: Caller, input: EditionInput): Promise<Outcome<EditionView>> {
  if (!can(caller.actor, 'group.configure')) return deniedList(tx, caller, 'group.configure');
  const org = caller.actor.organisationId;
  const programme = await loadProgramme(tx, org, input.programmeId);
  if (!programme) return hiddenProgramme(tx, caller, input.programmeId);
  const errors: FieldError[] = [];
  if (!programme.active) errors.push({ field: 'programmeId', message: 'validation.group_programme_inactive' });
  const place = await municipalityError(tx, org, programme, input.municipalityCode);
  if (place) errors.push(place);
  const capacity = input.capacity ?? programme.maxParticipants;
  if (capacity > programme.maxParticipants) errors.push({ field: 'capacity', message: 'validation.group_capacity_above_max' });
  if (errors.length) throw new AppError('VALIDATION', { fields: errors });
  const trainers = await checkTrainers(tx, org, input.trainerIds, 'trainerIds');
  const id = rowsOf<{ id: string }>(await tx.execute(sql`
    insert into group_editions (organisation_id, programme_id, municipality_code, title, language, capacity, interpreters, created_by)
    values (${org}, ${programme.id}, ${input.municipalityCode}, ${input.title}, ${input.language}, ${capacity}, ${JSON.stringify(input.interpreters)}::jsonb, ${caller.actor.userId})
    returning id`))[0]!.id;
  const schedule = generateSchedule({
    firstDate: input.firstDate, count: programme.sessionCount, everyWeeks: input.everyWeeks,
    startMinute: minuteOf(input.startTime), endMinute: minuteOf(input.endTime), place: input.place, address: input.address,
  });
  await tx.execute(sql`insert into group_sessions (organisation_id, edition_id, number, date, start_minute, end_minute, place, address) values
    ${sql.join(schedule.map((s) => sql`(${org}, ${id}, ${s.number}, ${s.date}, ${s.startMinute}, ${s.endMinute}, ${s.place}, ${s.address})`), sql`, `)}`);
  if (trainers.length) {
    await tx.execute(sql`insert into group_edition_staff (organisation_id, edition_id, user_id) values
      ${sql.join(trainers.map((u) => sql`(${org}, ${id}, ${u})`), sql`, `)}`);
  }
  await writeAudit(tx, caller.audit, { action: 'group_edition.create', result: 'ok', recordType: 'group_edition', recordId: id, detail: { programme: programme.id, sessions: schedule.length, trainers: trainers.length, interpreters: input.interpreters.length } });
  await writeAudit(tx, caller.audit, { action: 'group_session.create', result: 'ok', recordType: 'group_edition', recordId: id, detail: { count: schedule.length } });
  const access = await editionAccess(tx, caller, id, 'group.configure');
  return found(await loadEditionView(tx, (access as { ok: true; value: EditionFacts }).value, todayIso()));
}

/**
 * The coordinator's reach for a change; a closed edition is history and stays as it was closed (403). The edition's
 * row is locked first (REL-LOCK, as enrolments do): the capacity is judged against the places taken as they are,
 * not as they were before an enrolment in flight. The forms' reads take no lock.
 */
async function changeable(tx: Tx, caller: Caller, id: string, lock?: 'update'): Promise<Outcome<EditionFacts>> {
  if (!can(caller.actor, 'group.configure')) return deniedList(tx, caller, 'group.configure');
  const access = await editionAccess(tx, caller, id, 'group.configure', lock);
  if (!access.ok) return access;
  if (access.value.status === 'completed') {
    await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'denied', recordType: 'group_edition', recordId: id, detail: { attempted: 'group.configure', reason: 'completed' } });
    return forbidden();
  }
  return access;
}

/**
 * Change an edition's facts (coordinator only; REL-LOCK on its version). Raising the capacity moves people up
 * from the waitlist; lowering it below the places already taken is refused.
 */
export async function updateEdition(tx: Tx, caller: Caller, id: string, patch: EditionPatchInput): Promise<Outcome<EditionView>> {
  const access = await changeable(tx, caller, id, 'update');
  if (!access.ok) return access;
  const facts = access.value;
  const current = await loadEditionView(tx, facts, todayIso());
  if (patch.version !== facts.version) return conflict(current);
  const errors: FieldError[] = [];
  if (patch.municipalityCode !== undefined && patch.municipalityCode !== facts.municipalityCode) {
    const programme = (await loadProgramme(tx, caller.actor.organisationId, facts.programmeId))!;
    const error = await municipalityError(tx, caller.actor.organisationId, programme, patch.municipalityCode);
    if (error) errors.push(error);
  }
  if (patch.capacity !== undefined && patch.capacity !== facts.capacity) {
    if (patch.capacity < current.enrolled) errors.push({ field: 'capacity', message: 'validation.group_capacity_below_enrolled' });
    else if (patch.capacity > current.programmeMaxParticipants) errors.push({ field: 'capacity', message: 'validation.group_capacity_above_max' });
  }
  if (errors.length) throw new AppError('VALIDATION', { fields: errors });
  const next = {
    title: patch.title ?? facts.title,
    municipalityCode: patch.municipalityCode ?? facts.municipalityCode,
    language: patch.language ?? facts.language,
    capacity: patch.capacity ?? facts.capacity,
    status: patch.status ?? facts.status,
    interpreters: patch.interpreters ?? current.interpreters,
  };
  const updated = rowsOf<{ id: string }>(await tx.execute(sql`
    update group_editions set title = ${next.title}, municipality_code = ${next.municipalityCode}, language = ${next.language},
           capacity = ${next.capacity}, status = ${next.status}, interpreters = ${JSON.stringify(next.interpreters)}::jsonb, version = version + 1
     where id = ${id} and organisation_id = ${caller.actor.organisationId} and version = ${patch.version} and status <> 'completed'
     returning id`));
  if (updated.length === 0) {
    const now = await editionAccess(tx, caller, id, 'group.read');
    return now.ok ? conflict(await loadEditionView(tx, now.value, todayIso())) : now;
  }
  // More places, or a cancelled edition taken up again: people on the waitlist move up by themselves.
  const movedUp = next.capacity > facts.capacity || (facts.status === 'cancelled' && next.status !== 'cancelled') ? await fillFromWaitlist(tx, caller, id) : 0;
  const before = { title: facts.title, municipalityCode: facts.municipalityCode, language: facts.language, capacity: facts.capacity, status: facts.status, interpreters: current.interpreters };
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(before[k]));
  await writeAudit(tx, caller.audit, { action: 'group_edition.update', result: 'ok', recordType: 'group_edition', recordId: id, detail: { changed: changed.join(','), status: next.status, capacity: next.capacity, movedUp } });
  const after = await editionAccess(tx, caller, id, 'group.read');
  return found(await loadEditionView(tx, (after as { ok: true; value: EditionFacts }).value, todayIso()));
}

/** An edition as the coordinator's forms show it: 404 when hidden, 403 (audited) for anyone else or once closed. */
export async function editionForChange(tx: Tx, caller: Caller, id: string): Promise<Outcome<EditionView>> {
  const access = await changeable(tx, caller, id);
  if (!access.ok) return access;
  return found(await loadEditionView(tx, access.value, todayIso()));
}

async function hiddenSession(tx: Tx, caller: Caller, editionId: string, sessionId: string): Promise<Outcome<never>> {
  await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'not_found', recordType: 'group_session', recordId: isUuid(sessionId) ? sessionId : undefined, detail: { attempted: 'group.configure', edition: editionId } });
  return notFound();
}

async function loadSession(tx: Tx, editionId: string, sessionId: string): Promise<SessionView | null> {
  if (!isUuid(sessionId)) return null;
  return rowsOf<SessionView>(await tx.execute(sql`select ${SESSION_COLUMNS} from group_sessions s where s.id = ${sessionId} and s.edition_id = ${editionId}`))[0] ?? null;
}

/** One session of an edition, for the forms; another edition's, malformed or unknown: null. */
export async function readSession(tx: Tx, caller: Caller, editionId: string, sessionId: string): Promise<Outcome<{ edition: EditionView; session: SessionView }>> {
  const access = await changeable(tx, caller, editionId);
  if (!access.ok) return access;
  const session = await loadSession(tx, editionId, sessionId);
  if (!session) return hiddenSession(tx, caller, editionId, sessionId);
  return found({ edition: await loadEditionView(tx, access.value, todayIso()), session });
}

/** Move, re-time or cancel one session (coordinator only; REL-LOCK per session). */
export async function updateSession(tx: Tx, caller: Caller, editionId: string, sessionId: string, patch: SessionPatchInput): Promise<Outcome<SessionView>> {
  const access = await changeable(tx, caller, editionId, 'update');
  if (!access.ok) return access;
  const current = await loadSession(tx, editionId, sessionId);
  if (!current) return hiddenSession(tx, caller, editionId, sessionId);
  if (patch.version !== current.version) return conflict(current);
  const next = {
    date: patch.date ?? current.date,
    startMinute: patch.startTime !== undefined ? minuteOf(patch.startTime) : current.startMinute,
    endMinute: patch.endTime !== undefined ? minuteOf(patch.endTime) : current.endMinute,
    place: patch.place ?? current.place,
    address: patch.address ?? current.address,
    cancelled: patch.cancelled ?? current.cancelled,
  };
  if (next.endMinute <= next.startMinute) throw new AppError('VALIDATION', { fields: [{ field: 'endTime', message: 'validation.group_end_after_start' }] });
  const updated = rowsOf<{ id: string }>(await tx.execute(sql`
    update group_sessions set date = ${next.date}, start_minute = ${next.startMinute}, end_minute = ${next.endMinute}, place = ${next.place},
           address = ${next.address}, cancelled = ${next.cancelled}, version = version + 1
     where id = ${sessionId} and edition_id = ${editionId} and version = ${patch.version}
     returning id`));
  const now = (await loadSession(tx, editionId, sessionId))!;
  if (updated.length === 0) return conflict(now);
  await writeAudit(tx, caller.audit, {
    action: 'group_session.update', result: 'ok', recordType: 'group_session', recordId: sessionId,
    // What kind of change, never the place's text (LOG-CLEAN).
    detail: { edition: editionId, number: now.number, moved: next.date !== current.date, retimed: next.startMinute !== current.startMinute || next.endMinute !== current.endMinute, cancelled: next.cancelled, version: now.version },
  });
  return found(now);
}

/** Set the edition's trainers as a whole (coordinator only); the edition's version guards the list (REL-LOCK). */
export async function setTrainers(tx: Tx, caller: Caller, editionId: string, input: TrainersInput): Promise<Outcome<EditionView>> {
  const access = await changeable(tx, caller, editionId, 'update');
  if (!access.ok) return access;
  const facts = access.value;
  if (input.version !== facts.version) return conflict(await loadEditionView(tx, facts, todayIso()));
  const wanted = await checkTrainers(tx, caller.actor.organisationId, input.userIds, 'userIds');
  const bumped = rowsOf<{ id: string }>(await tx.execute(sql`
    update group_editions set version = version + 1 where id = ${editionId} and version = ${input.version} and status <> 'completed' returning id`));
  if (bumped.length === 0) {
    const now = await editionAccess(tx, caller, editionId, 'group.read');
    return now.ok ? conflict(await loadEditionView(tx, now.value, todayIso())) : now;
  }
  const before = rowsOf<{ userId: string }>(await tx.execute(sql`select user_id as "userId" from group_edition_staff where edition_id = ${editionId}`)).map((r) => r.userId);
  const removed = before.filter((u) => !wanted.includes(u));
  const added = wanted.filter((u) => !before.includes(u));
  if (removed.length) await tx.execute(sql`delete from group_edition_staff where edition_id = ${editionId} and user_id in (${sql.join(removed.map((u) => sql`${u}`), sql`, `)})`);
  if (added.length) {
    await tx.execute(sql`insert into group_edition_staff (organisation_id, edition_id, user_id) values
      ${sql.join(added.map((u) => sql`(${caller.actor.organisationId}, ${editionId}, ${u})`), sql`, `)}`);
  }
  await writeAudit(tx, caller.audit, { action: 'group_edition.staff_update', result: 'ok', recordType: 'group_edition', recordId: editionId, detail: { trainers: wanted.length, added: added.length, removed: removed.length } });
  const after = await editionAccess(tx, caller, editionId, 'group.read');
  return found(await loadEditionView(tx, (after as { ok: true; value: EditionFacts }).value, todayIso()));
}
