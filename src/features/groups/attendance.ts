import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import type { AuditEventInput } from '../../platform/audit/events.ts';
import { AppError } from '../../platform/errors.ts';
import { conflict, found, notFound, type Caller, type Outcome } from '../../platform/context.ts';
import { isUuid } from '../../platform/validation.ts';
import { FILE_CLOSED } from '../households/index.ts';
import { editionAccess, resolveInput, type Deferred, type EditionFacts, type EditionLock } from './access.ts';
import { evaluateCompletion, heldSessions, type CompletionOutcome, type CompletionRuleFacts } from './completion.ts';
import { issueCertificate, newCertificateCode } from './certificates.ts';
import { listSessions, type SessionView } from './editions.ts';
import { ATTENDANCE_MARKS, type AttendanceMark, type EnrolmentStatus, type InburgeringPart } from './schema.ts';
import { todayIso } from '../../platform/dates.ts';

// Attendance per session (taken on a phone, one request for the whole list), and closing an edition: who
// completed by the programme's rule, their certificates, and the PVT's signing date on the person's inburgering
// milestones. A trainer of the edition or the coordinator does both (policy: edition.attendance, edition.close).

/** A session as attendance and the close read it (listSessions, in calendar order; a cancelled one stays, marked). */
export type SessionRow = Omit<SessionView, 'version'>;

export interface MarkCounts {
  present: number;
  absent: number;
  excused: number;
  /** Participants on the list without a mark for the session. */
  unmarked: number;
}

export interface AttendanceParticipant {
  enrolmentId: string;
  /** As in documents (Latin script); shown with dir="auto". */
  name: string;
  /** In the person's own script, when known. */
  originalName: string | null;
  status: EnrolmentStatus;
  mark: AttendanceMark | null;
}

/**
 * open: marks can be saved; future: the session has not taken place yet; cancelled: it did not take place;
 * closed: the edition was closed (or cancelled) and its attendance is final.
 */
export type SheetState = 'open' | 'future' | 'cancelled' | 'closed';

export interface AttendanceSheet {
  edition: EditionFacts;
  session: SessionRow;
  sessions: SessionRow[];
  previous: SessionRow | null;
  /** The next session that is not cancelled: where a trainer goes after saving. */
  next: SessionRow | null;
  participants: AttendanceParticipant[];
  counts: MarkCounts;
  state: SheetState;
}

/** Who is on an edition's attendance list: the enrolled, and after a close the ones it judged. */
const ON_LIST = sql`('enrolled','completed','not_completed')`;

async function participantsOf(tx: Tx, editionId: string, sessionId: string): Promise<AttendanceParticipant[]> {
  return rowsOf<AttendanceParticipant>(await tx.execute(sql`
    select en.id as "enrolmentId", concat_ws(' ', m.given_names, m.family_name) as name, m.original_name as "originalName",
           en.status, a.mark
      from group_enrolments en
      join household_members m on m.id = en.member_id
      left join group_attendance a on a.enrolment_id = en.id and a.session_id = ${sessionId}
     where en.edition_id = ${editionId} and en.status in ${ON_LIST}
     order by lower(m.given_names), lower(m.family_name), en.id`));
}

function countsOf(participants: readonly { mark: AttendanceMark | null }[]): MarkCounts {
  const counts: MarkCounts = { present: 0, absent: 0, excused: 0, unmarked: 0 };
  for (const p of participants) counts[p.mark ?? 'unmarked']++;
  return counts;
}

function stateOf(edition: EditionFacts, session: SessionRow, today: string): SheetState {
  if (edition.status === 'completed' || edition.status === 'cancelled') return 'closed';
  if (session.cancelled) return 'cancelled';
  if (session.date > today) return 'future';
  return 'open';
}

async function hiddenSession(tx: Tx, caller: Caller, editionId: string, sessionId: string, attempted: string): Promise<Outcome<never>> {
  await writeAudit(tx, caller.audit, {
    action: 'access.denied', result: 'not_found', recordType: 'group_session', recordId: isUuid(sessionId) ? sessionId : undefined, detail: { attempted, editionId },
  });
  return notFound();
}

async function sheetParts(tx: Tx, caller: Caller, editionId: string, sessionId: string, attempted: 'edition.attendance', lock?: EditionLock) {
  const access = await editionAccess(tx, caller, editionId, attempted, lock);
  if (!access.ok) return access;
  const sessions = await listSessions(tx, editionId);
  const index = isUuid(sessionId) ? sessions.findIndex((s) => s.id === sessionId) : -1;
  if (index < 0) return hiddenSession(tx, caller, editionId, sessionId, attempted);
  return found({ edition: access.value, sessions, index });
}

/** One session's attendance list, for the page and the API (an audited read of the participants' names). */
export async function readAttendance(tx: Tx, caller: Caller, editionId: string, sessionId: string, today = todayIso()): Promise<Outcome<AttendanceSheet>> {
  const parts = await sheetParts(tx, caller, editionId, sessionId, 'edition.attendance');
  if (!parts.ok) return parts;
  const { edition, sessions, index } = parts.value;
  const session = sessions[index]!;
  const participants = await participantsOf(tx, editionId, session.id);
  const counts = countsOf(participants);
  await writeAudit(tx, caller.audit, {
    action: 'group_attendance.read', result: 'ok', recordType: 'group_session', recordId: session.id,
    detail: { editionId, participants: participants.length },
  });
  return found({
    edition,
    session,
    sessions,
    previous: sessions.slice(0, index).reverse().find((s) => !s.cancelled) ?? null,
    next: sessions.slice(index + 1).find((s) => !s.cancelled) ?? null,
    participants,
    counts,
    state: stateOf(edition, session, today),
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A whole session's marks in one request; the key makes a retry harmless (REL-IDEM). */
export const AttendanceMarks = z.object({
  marks: z.array(z.object({
    enrolmentId: z.string().trim().regex(UUID, 'validation.attendance_unknown_participant'),
    mark: z.enum(ATTENDANCE_MARKS),
  })).min(1, 'validation.attendance_nothing_marked').max(500),
});

export const AttendanceInput = AttendanceMarks.extend({
  idempotencyKey: z.string().trim().min(8, 'validation.invalid').max(100).regex(/^[\w-]+$/, 'validation.invalid'),
}).superRefine((v, ctx) => {
  const seen = new Set<string>();
  for (const m of v.marks) {
    const id = m.enrolmentId.toLowerCase();
    if (seen.has(id)) ctx.addIssue({ code: 'custom', path: ['marks'], message: 'validation.attendance_duplicate' });
    seen.add(id);
  }
});
export type AttendanceInput = z.infer<typeof AttendanceInput>;

export interface AttendanceSaved {
  /** Marks stored by the submission (by the first one, for a replay). */
  recorded: number;
  /** The key was seen before: nothing changed, the first result is returned. */
  replayed: boolean;
  /** The session's list as it is now. */
  counts: MarkCounts;
}

const refuse = (field: string, message: string) => new AppError('VALIDATION', { fields: [{ field, message }] });

async function earlierSubmission(tx: Tx, sessionId: string, key: string): Promise<number | null> {
  return rowsOf<{ marks: number }>(await tx.execute(sql`
    select marks from group_attendance_submissions where session_id = ${sessionId} and idempotency_key = ${key}`))[0]?.marks ?? null;
}

/**
 * Save the marks of one session, all or nothing. A replay of a key (a retry on a poor connection, a double tap)
 * returns the first result and changes nothing, so an old retry never overwrites a later correction. Marks are
 * upserts: one per person per session. A future or cancelled session, a closed edition, or anyone who is not
 * enrolled in this edition is refused (422) and nothing is written.
 */
export async function recordAttendance(tx: Tx, caller: Caller, editionId: string, sessionId: string, deferred: Deferred<AttendanceInput>, today = todayIso()): Promise<Outcome<AttendanceSaved>> {
  // REL-LOCK: a share of the edition's row, held to the end. Saves of one edition run side by side; a close (which
  // takes the row for update) waits for them and they for it, so no mark lands after the close judged the marks.
  const parts = await sheetParts(tx, caller, editionId, sessionId, 'edition.attendance', 'share');
  if (!parts.ok) return parts;
  const input = resolveInput(deferred);
  const { edition, sessions, index } = parts.value;
  const session = sessions[index]!;
  const key = input.idempotencyKey;
  const replay = async (recorded: number): Promise<Outcome<AttendanceSaved>> => {
    const counts = countsOf(await participantsOf(tx, editionId, session.id));
    await writeAudit(tx, caller.audit, {
      action: 'group_attendance.record', result: 'ok', recordType: 'group_session', recordId: session.id,
      detail: { editionId, replayed: true, recorded },
    });
    return found({ recorded, replayed: true, counts });
  };
  const earlier = await earlierSubmission(tx, session.id, key);
  if (earlier !== null) return replay(earlier);

  const state = stateOf(edition, session, today);
  if (state === 'closed') throw refuse('session', 'validation.attendance_closed');
  if (state === 'cancelled') throw refuse('session', 'validation.attendance_cancelled');
  if (state === 'future') throw refuse('session', 'validation.attendance_future');

  const ids = input.marks.map((m) => m.enrolmentId.toLowerCase());
  const enrolled = rowsOf<{ id: string }>(await tx.execute(sql`
    select id from group_enrolments where edition_id = ${editionId} and status = 'enrolled' and id = any(${sql.param(ids)}::uuid[])`));
  if (enrolled.length !== ids.length) throw refuse('marks', 'validation.attendance_unknown_participant');

  // The key first: a concurrent request with the same key waits here for this one and then finds it taken.
  const claimed = rowsOf<{ marks: number }>(await tx.execute(sql`
    insert into group_attendance_submissions (organisation_id, session_id, idempotency_key, submitted_by, marks)
    values (${caller.actor.organisationId}, ${session.id}, ${key}, ${caller.actor.userId}, ${ids.length})
    on conflict (session_id, idempotency_key) do nothing
    returning marks`));
  if (claimed.length === 0) return replay((await earlierSubmission(tx, session.id, key)) ?? 0);

  // In the order of the enrolment ids: two saves of one session lock the same rows in the same order (no deadlock).
  const ordered = input.marks.map((m) => ({ enrolmentId: m.enrolmentId.toLowerCase(), mark: m.mark })).sort((a, b) => (a.enrolmentId < b.enrolmentId ? -1 : 1));
  await tx.execute(sql`
    insert into group_attendance (organisation_id, session_id, enrolment_id, mark, recorded_by)
    values ${sql.join(ordered.map((m) => sql`(${caller.actor.organisationId}, ${session.id}, ${m.enrolmentId}, ${m.mark}, ${caller.actor.userId})`), sql`, `)}
    on conflict (session_id, enrolment_id) do update set mark = excluded.mark, recorded_by = excluded.recorded_by, recorded_at = now()`);

  const submitted = { present: 0, absent: 0, excused: 0 };
  for (const m of input.marks) submitted[m.mark]++;
  await writeAudit(tx, caller.audit, {
    action: 'group_attendance.record', result: 'ok', recordType: 'group_session', recordId: session.id,
    detail: { editionId, replayed: false, recorded: ids.length, ...submitted },
  });
  const counts = countsOf(await participantsOf(tx, editionId, session.id));
  return found({ recorded: ids.length, replayed: false, counts });
}

// ---------------------------------------------------------------------------------------------------------
// The edition page's overview: every session with its counts.

export interface SessionOverview extends SessionRow {
  counts: MarkCounts;
  /** Took place (not cancelled, not in the future): its list can be opened and saved. */
  held: boolean;
  /** The first session from today on that is not cancelled. */
  upcoming: boolean;
}

export interface AttendanceOverview {
  sessions: SessionOverview[];
  /** Participants on the list (enrolled; after a close: completed or not). */
  participants: number;
  closed: null | { closedAt: string; completed: number; notCompleted: number; certificates: number };
}

/** Counts only, no names: the edition page shows it to whoever may take attendance or close. */
export async function attendanceOverview(tx: Tx, edition: EditionFacts, today = todayIso()): Promise<AttendanceOverview> {
  const sessions = await listSessions(tx, edition.id);
  const marks = rowsOf<{ sessionId: string; mark: AttendanceMark; n: number }>(await tx.execute(sql`
    select a.session_id as "sessionId", a.mark, count(*)::int as n
      from group_attendance a join group_enrolments en on en.id = a.enrolment_id
     where en.edition_id = ${edition.id} and en.status in ${ON_LIST}
     group by a.session_id, a.mark`));
  const totals = rowsOf<{ participants: number; completed: number; notCompleted: number; certificates: number; closedAt: string | null }>(await tx.execute(sql`
    select count(*) filter (where en.status in ${ON_LIST})::int as participants,
           count(*) filter (where en.status = 'completed')::int as completed,
           count(*) filter (where en.status = 'not_completed')::int as "notCompleted",
           (select count(*)::int from group_certificates c join group_enrolments e2 on e2.id = c.enrolment_id
             where e2.edition_id = ${edition.id} and c.revoked_at is null) as certificates,
           (select closed_at::text from group_editions where id = ${edition.id}) as "closedAt"
      from group_enrolments en where en.edition_id = ${edition.id}`))[0]!;
  const upcoming = sessions.find((s) => !s.cancelled && s.date >= today)?.id ?? null;
  return {
    participants: totals.participants,
    sessions: sessions.map((s) => {
      const counts: MarkCounts = { present: 0, absent: 0, excused: 0, unmarked: 0 };
      for (const m of marks) if (m.sessionId === s.id) counts[m.mark] += m.n;
      counts.unmarked = Math.max(0, totals.participants - counts.present - counts.absent - counts.excused);
      return { ...s, counts, held: !s.cancelled && s.date <= today, upcoming: s.id === upcoming };
    }),
    closed: edition.status === 'completed' && totals.closedAt
      ? { closedAt: totals.closedAt, completed: totals.completed, notCompleted: totals.notCompleted, certificates: totals.certificates }
      : null,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Closing an edition.

export interface CloseParticipant {
  enrolmentId: string;
  memberId: string;
  householdId: string;
  /** Her household's file is closed (read-only): the close writes nothing into it. */
  fileClosed: boolean;
  name: string;
  originalName: string | null;
  status: EnrolmentStatus;
  outcome: CompletionOutcome;
  /** After the close: the certificate issued to her, if any. */
  certificateId: string | null;
}

/** What keeps an edition from being closed now. */
export type CloseBlocker = 'closed' | 'cancelled' | 'future_sessions' | 'nothing_held';

export interface ClosePreview {
  edition: EditionFacts;
  sessions: SessionRow[];
  held: SessionRow[];
  /** Sessions still to come (not cancelled): cancel them or wait before closing. */
  upcoming: SessionRow[];
  /** Held sessions where someone on the list has no mark: counted as not present. */
  unmarked: { session: SessionRow; missing: number }[];
  participants: CloseParticipant[];
  /** The date of the last held session: the completion date. */
  lastHeldOn: string | null;
  blockers: CloseBlocker[];
  closedAt: string | null;
}

export interface CloseFacts extends CompletionRuleFacts {
  id: string;
  organisationId: string;
  status: string;
  version: number;
  certificate: boolean;
  countsFor: InburgeringPart | null;
}

async function closeData(tx: Tx, facts: CloseFacts, today: string) {
  const sessions = await listSessions(tx, facts.id);
  const held = heldSessions(sessions, today);
  const people = rowsOf<Omit<CloseParticipant, 'outcome'>>(await tx.execute(sql`
    select en.id as "enrolmentId", en.member_id as "memberId", en.household_id as "householdId",
           concat_ws(' ', m.given_names, m.family_name) as name, m.original_name as "originalName", en.status,
           c.id as "certificateId", ${FILE_CLOSED} as "fileClosed"
      from group_enrolments en join household_members m on m.id = en.member_id join households h on h.id = en.household_id
      left join group_certificates c on c.enrolment_id = en.id and c.revoked_at is null
     where en.edition_id = ${facts.id} and en.status in ${ON_LIST}
     order by lower(m.given_names), lower(m.family_name), en.id`));
  const marks = rowsOf<{ enrolmentId: string; sessionId: string; mark: AttendanceMark }>(await tx.execute(sql`
    select a.enrolment_id as "enrolmentId", a.session_id as "sessionId", a.mark
      from group_attendance a join group_enrolments en on en.id = a.enrolment_id
     where en.edition_id = ${facts.id}`));
  const byPerson = new Map<string, Map<string, AttendanceMark>>();
  for (const m of marks) {
    let own = byPerson.get(m.enrolmentId);
    if (!own) byPerson.set(m.enrolmentId, (own = new Map()));
    own.set(m.sessionId, m.mark);
  }
  const participants: CloseParticipant[] = people.map((p) => ({ ...p, outcome: evaluateCompletion(facts, held, byPerson.get(p.enrolmentId) ?? new Map()) }));
  const unmarked = held
    .map((session) => ({ session, missing: participants.filter((p) => !byPerson.get(p.enrolmentId)?.has(session.id)).length }))
    .filter((u) => u.missing > 0);
  const upcoming = sessions.filter((s) => !s.cancelled && s.date > today);
  const blockers: CloseBlocker[] = [];
  if (facts.status === 'completed') blockers.push('closed');
  else if (facts.status === 'cancelled') blockers.push('cancelled');
  else {
    if (upcoming.length) blockers.push('future_sessions');
    if (held.length === 0) blockers.push('nothing_held');
  }
  return { sessions, held, upcoming, unmarked, participants, lastHeldOn: held.at(-1)?.date ?? null, blockers };
}

/** The edition as it is now: REL-LOCK's `current`. */
async function editionNow(tx: Tx, editionId: string) {
  return rowsOf<{ id: string; organisationId: string; status: EditionFacts['status']; version: number; closedAt: string | null }>(await tx.execute(sql`
    select id, organisation_id as "organisationId", status, version, closed_at::text as "closedAt" from group_editions where id = ${editionId}`))[0]!;
}

async function closeFactsOf(tx: Tx, edition: EditionFacts): Promise<CloseFacts & { closedAt: string | null }> {
  return { ...edition, ...(await editionNow(tx, edition.id)) };
}

/** Who completes and who does not, and why; what would keep the close from happening. An audited read. */
export async function closePreview(tx: Tx, caller: Caller, editionId: string, today = todayIso()): Promise<Outcome<ClosePreview>> {
  const access = await editionAccess(tx, caller, editionId, 'edition.close');
  if (!access.ok) return access;
  const facts = await closeFactsOf(tx, access.value);
  const data = await closeData(tx, facts, today);
  await writeAudit(tx, caller.audit, {
    action: 'group_attendance.read', result: 'ok', recordType: 'group_edition', recordId: editionId,
    detail: { view: 'close', participants: data.participants.length },
  });
  return found({ edition: access.value, ...data, closedAt: facts.closedAt });
}

export const CloseInput = z.object({ version: z.coerce.number().int().min(1) });
export type CloseInput = z.infer<typeof CloseInput>;

export interface CloseResult {
  completed: number;
  notCompleted: number;
  certificates: number;
  /** PVT milestones set to signed (updated or added). */
  milestones: number;
}

/** What the close did beyond its result: for the audit trail only. */
interface CloseTally extends CloseResult {
  /** Completed PVTs of people whose file is closed: no milestone written (a closed file is read-only). */
  closedFiles: number;
}

interface CloseOptions {
  today: string;
  /** Recorded as closer and as recorder of the PVT milestones; null in the demo seed. */
  userId: string | null;
  /** The version read (REL-LOCK); null: whatever it is now (the demo seed). */
  version: number | null;
  newCode: () => string;
  audit: (event: AuditEventInput) => Promise<void>;
}

/**
 * The close itself, shared by the feature function and the demo seed: the edition first (REL-LOCK on its
 * version; a second close finds it closed), then every participant on the list, her certificate and her PVT.
 * Returns null when the edition changed or was closed meanwhile.
 */
export async function applyClose(tx: Tx, facts: CloseFacts, options: CloseOptions): Promise<CloseTally | null> {
  // REL-LOCK: the edition's row first, then everything is read under it. A withdrawal, a move up or a save of
  // attendance in flight finishes before (they take the same row) and is judged as it ended; none can follow.
  const now = rowsOf<{ status: string; version: number }>(await tx.execute(sql`
    select status, version from group_editions where id = ${facts.id} for update`))[0];
  if (!now || (now.status !== 'planned' && now.status !== 'running') || (options.version !== null && now.version !== options.version)) return null;
  const data = await closeData(tx, facts, options.today);
  if (data.blockers.some((b) => b === 'future_sessions' || b === 'nothing_held')) {
    throw refuse('edition', data.blockers.includes('future_sessions') ? 'validation.close_future_sessions' : 'validation.close_nothing_held');
  }
  await tx.execute(sql`
    update group_editions set status = 'completed', closed_at = now(), closed_by = ${options.userId}, version = version + 1 where id = ${facts.id}`);
  const completedOn = data.lastHeldOn!;
  const result: CloseTally = { completed: 0, notCompleted: 0, certificates: 0, milestones: 0, closedFiles: 0 };
  if (facts.countsFor === 'pvt') {
    // Two PVT editions of one person closing at the same moment must not both find "no PVT yet" and each add a
    // signed one: the people's rows are locked, in one order so two closes cannot deadlock, before their
    // milestones are read.
    const members = data.participants.filter((p) => p.status === 'enrolled').map((p) => p.memberId).sort();
    if (members.length) await tx.execute(sql`select id from household_members where id in ${sql`(${sql.join(members.map((m) => sql`${m}`), sql`, `)})`} order by id for update`);
  }
  for (const p of data.participants) {
    if (p.status !== 'enrolled') continue;
    const completes = p.outcome.completes;
    await tx.execute(sql`
      update group_enrolments set status = ${completes ? 'completed' : 'not_completed'}, attended_hours = ${p.outcome.attendedHours},
             completed_on = ${completes ? completedOn : null}, version = version + 1
       where id = ${p.enrolmentId} and status = 'enrolled'`);
    if (!completes) {
      result.notCompleted++;
      continue;
    }
    result.completed++;
    if (facts.certificate) {
      const certificate = await issueCertificate(tx, facts.organisationId, p.enrolmentId, options.today, options.newCode);
      result.certificates++;
      await options.audit({
        action: 'group_certificate.issue', result: 'ok', recordType: 'group_certificate', recordId: certificate.id,
        subjectHouseholdId: p.householdId, subjectPersonId: p.memberId, detail: { editionId: facts.id },
      });
    }
    if (facts.countsFor === 'pvt' && p.fileClosed) {
      // The file is read-only in its retention period, whoever writes: her enrolment and certificate (the group's
      // records) say she completed; her milestones stay as the file was closed.
      result.closedFiles++;
    } else if (facts.countsFor === 'pvt') {
      const milestone = await recordPvtSigned(tx, facts.organisationId, p, completedOn, options.userId);
      if (milestone) {
        result.milestones++;
        await options.audit({
          action: milestone.created ? 'inburgering.milestone_create' : 'inburgering.milestone_update', result: 'ok',
          recordType: 'inburgering_milestone', recordId: milestone.id, subjectHouseholdId: p.householdId, subjectPersonId: p.memberId,
          detail: { kind: 'pvt', result: 'passed', source: 'group_edition' },
        });
      }
    }
  }
  return result;
}

/**
 * The participation statement is signed at the end of the PVT: its milestone becomes passed on the completion
 * date with the hours attended. A planned PVT of the person is updated rather than a second one added; one
 * already passed is left as it is (she signed before; nothing to record twice).
 */
async function recordPvtSigned(tx: Tx, organisationId: string, p: CloseParticipant, on: string, userId: string | null): Promise<{ id: string; created: boolean } | null> {
  const existing = rowsOf<{ id: string; result: string }>(await tx.execute(sql`
    select id, result from inburgering_milestones where member_id = ${p.memberId} and kind = 'pvt'
     order by case result when 'passed' then 0 when 'planned' then 1 else 2 end, created_at, id`));
  if (existing[0]?.result === 'passed') return null;
  const planned = existing.find((m) => m.result === 'planned');
  if (planned) {
    await tx.execute(sql`
      update inburgering_milestones set date = ${on}, result = 'passed', hours = ${p.outcome.attendedHours}, recorded_by = ${userId},
             version = version + 1, updated_at = now()
       where id = ${planned.id}`);
    return { id: planned.id, created: false };
  }
  const id = rowsOf<{ id: string }>(await tx.execute(sql`
    insert into inburgering_milestones (organisation_id, household_id, member_id, kind, date, result, hours, recorded_by)
    values (${organisationId}, ${p.householdId}, ${p.memberId}, 'pvt', ${on}, 'passed', ${p.outcome.attendedHours}, ${userId})
    returning id`))[0]!.id;
  return { id, created: true };
}

/**
 * Close an edition: everyone on the list completes or not by the programme's rule; certificates for who
 * completed when the programme has one; the PVT's signing date on the milestones. REL-LOCK: `version` is the
 * edition's as read; a stale one, or a second close, answers a conflict with the edition as it is now.
 */
export async function closeEdition(tx: Tx, caller: Caller, editionId: string, deferred: Deferred<CloseInput>, today = todayIso()): Promise<Outcome<CloseResult>> {
  const access = await editionAccess(tx, caller, editionId, 'edition.close', 'update');
  if (!access.ok) return access;
  const input = resolveInput(deferred);
  const facts = await closeFactsOf(tx, access.value);
  if (facts.status === 'completed' || facts.status === 'cancelled' || facts.version !== input.version) return conflict(await editionNow(tx, editionId));
  const result = await applyClose(tx, facts, {
    today,
    userId: caller.actor.userId,
    version: input.version,
    newCode: () => newCertificateCode(),
    audit: (event) => writeAudit(tx, caller.audit, event),
  });
  if (!result) return conflict(await editionNow(tx, editionId));
  const { closedFiles, ...counts } = result;
  await writeAudit(tx, caller.audit, {
    action: 'group_edition.close', result: 'ok', recordType: 'group_edition', recordId: editionId,
    detail: { ...counts, ...(closedFiles ? { closedFiles } : {}) },
  });
  return found(counts);
}
