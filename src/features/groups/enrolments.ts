import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import { conflict, forbidden, found, notFound, type Caller, type Outcome } from '../../platform/context.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { can } from '../../platform/policy.ts';
import { isUuid } from '../../platform/validation.ts';
import { auditForbidden, FILE_CLOSED, householdScope, visibleHousehold } from '../households/index.ts';
import { editionAccess, resolveInput, type Deferred, type EditionFacts } from './access.ts';
import type { EditionEnrolInput, EnrolInput, WithdrawInput } from './enrolment-inputs.ts';
import type { EditionStatus, EnrolmentStatus } from './schema.ts';

// Enrolment into an edition of a group programme (issue 5): from the household's plan by its coach, or by the
// coordinator from the edition page. Capacity holds under concurrency because every change of who holds a place
// (enrol, withdraw, moving up) first locks the edition's row (REL-LOCK); when the edition is full a person goes on
// the waitlist, ordered by the moment she asked, and moves up by herself when a place frees up.

/** Editions one can still enrol into. */
const OPEN_STATUSES: readonly EditionStatus[] = ['planned', 'running'];

export interface EnrolmentResult {
  id: string;
  editionId: string;
  householdId: string;
  memberId: string;
  proposalId: string | null;
  status: EnrolmentStatus;
  /** 1-based place on the waitlist; null when not waitlisted. */
  position: number | null;
  version: number;
}

function invalid(fields: FieldError[]): never {
  throw new AppError('VALIDATION', { fields });
}

interface LockedEdition {
  id: string;
  capacity: number;
  status: EditionStatus;
  offerKey: string | null;
  programmeName: string;
}

/** The edition's row, locked until the transaction ends: enrolments into it are serialised from here on. */
async function lockEdition(tx: Tx, organisationId: string, editionId: string): Promise<LockedEdition | undefined> {
  if (!isUuid(editionId)) return undefined;
  const row = rowsOf<{ id: string; capacity: number; status: EditionStatus }>(await tx.execute(sql`
    select e.id, e.capacity, e.status from group_editions e
     where e.id = ${editionId} and e.organisation_id = ${organisationId} for update`))[0];
  if (!row) return undefined;
  const programme = rowsOf<{ offerKey: string | null; programmeName: string }>(await tx.execute(sql`
    select p.offer_key as "offerKey", p.name as "programmeName" from group_editions e join group_programmes p on p.id = e.programme_id where e.id = ${editionId}`))[0]!;
  return { ...row, ...programme };
}

/** The waitlist place of one enrolment (1 = next to move up), or null when it is not waitlisted. */
const POSITION = sql`case when en.status = 'waitlisted' then (select count(*)::int from group_enrolments w
  where w.edition_id = en.edition_id and w.status = 'waitlisted' and (w.requested_at, w.id) <= (en.requested_at, en.id)) end`;

async function enrolmentResult(tx: Tx, enrolmentId: string): Promise<EnrolmentResult | undefined> {
  return rowsOf<EnrolmentResult>(await tx.execute(sql`
    select en.id, en.edition_id as "editionId", en.household_id as "householdId", en.member_id as "memberId",
           en.proposal_id as "proposalId", en.status, ${POSITION} as position, en.version
      from group_enrolments en where en.id = ${enrolmentId}`))[0];
}

/**
 * Move people up from the waitlist while the locked edition has free places, first asked first served; each move
 * is audited with the person as its subject. The caller holds the edition's lock.
 */
async function promote(tx: Tx, caller: Caller, edition: LockedEdition): Promise<number> {
  if (!OPEN_STATUSES.includes(edition.status)) return 0;
  const taken = rowsOf<{ n: number }>(await tx.execute(sql`
    select count(*)::int as n from group_enrolments where edition_id = ${edition.id} and status = 'enrolled'`))[0]!.n;
  const free = edition.capacity - taken;
  if (free <= 0) return 0;
  const moved = rowsOf<{ id: string; householdId: string; memberId: string }>(await tx.execute(sql`
    update group_enrolments en set status = 'enrolled', enrolled_at = now(), version = en.version + 1
      from (select id from group_enrolments where edition_id = ${edition.id} and status = 'waitlisted'
             order by requested_at, id limit ${free}) next
     where en.id = next.id
    returning en.id, en.household_id as "householdId", en.member_id as "memberId"`));
  for (const m of moved) {
    await writeAudit(tx, caller.audit, {
      action: 'group_enrolment.promote', result: 'ok', recordType: 'group_enrolment', recordId: m.id,
      subjectHouseholdId: m.householdId, subjectPersonId: m.memberId, detail: { edition: edition.id, from: 'waitlisted', to: 'enrolled' },
    });
  }
  return moved.length;
}

/**
 * Fill free places of an edition from its waitlist (G1 calls this after raising the capacity). Returns how many
 * people moved up; 0 for an edition of another organisation or one that no longer takes people.
 */
export async function fillFromWaitlist(tx: Tx, caller: Caller, editionId: string): Promise<number> {
  const edition = await lockEdition(tx, caller.actor.organisationId, editionId);
  if (!edition) return 0;
  return promote(tx, caller, edition);
}

/**
 * Enrol a member of a household into an edition. Allowed with group.enrol on the household (its coach, her
 * supervisor, the coordinator; never on a closed file). A full edition puts the person on the waitlist. Answering
 * one of the plan's proposals marks it enrolled; without one, an open proposal of this person for the same
 * programme is answered by it as well, so the plan shows the enrolment however it was made.
 */
export async function enrolMember(tx: Tx, caller: Caller, householdId: string, deferred: Deferred<EnrolInput>): Promise<Outcome<EnrolmentResult>> {
  const { actor } = caller;
  const visible = await visibleHousehold(tx, caller, householdId);
  if (!visible) return notFound();
  if (!can(actor, 'group.enrol', visible.relation)) {
    await auditForbidden(tx, caller, householdId, 'group.enrol');
    return forbidden();
  }
  const input = resolveInput(deferred);
  const member = rowsOf<{ id: string }>(await tx.execute(sql`
    select id from household_members where id = ${input.memberId} and household_id = ${householdId}`))[0];
  if (!member) invalid([{ field: 'memberId', message: 'validation.invalid_choice' }]);
  const edition = await lockEdition(tx, actor.organisationId, input.editionId);
  if (!edition) invalid([{ field: 'editionId', message: 'validation.invalid_choice' }]);
  if (!OPEN_STATUSES.includes(edition.status)) invalid([{ field: 'editionId', message: 'validation.group_enrolment_edition_closed' }]);
  const already = rowsOf<{ id: string }>(await tx.execute(sql`
    select id from group_enrolments where edition_id = ${edition.id} and member_id = ${member.id} and status <> 'withdrawn' limit 1`))[0];
  if (already) invalid([{ field: 'memberId', message: 'validation.group_enrolment_duplicate' }]);

  let proposalId: string | null = null;
  if (input.proposalId) {
    const proposal = rowsOf<{ id: string }>(await tx.execute(sql`
      select id from enrolment_proposals where id = ${input.proposalId} and household_id = ${householdId}
         and status <> 'withdrawn' and (member_id is null or member_id = ${member.id})`))[0];
    if (!proposal) invalid([{ field: 'proposalId', message: 'validation.invalid_choice' }]);
    proposalId = proposal.id;
  } else if (edition.offerKey) {
    proposalId = rowsOf<{ id: string }>(await tx.execute(sql`
      select id from enrolment_proposals where household_id = ${householdId} and member_id = ${member.id}
         and offer_key = ${edition.offerKey} and status = 'proposed' order by created_at, id limit 1`))[0]?.id ?? null;
  }

  // Places freed earlier (a raised capacity nobody filled yet) go to the waitlist first: they asked before her.
  await promote(tx, caller, edition);
  const counts = rowsOf<{ enrolled: number; waitlisted: number }>(await tx.execute(sql`
    select count(*) filter (where status = 'enrolled')::int as enrolled, count(*) filter (where status = 'waitlisted')::int as waitlisted
      from group_enrolments where edition_id = ${edition.id}`))[0]!;
  const status: EnrolmentStatus = counts.enrolled < edition.capacity && counts.waitlisted === 0 ? 'enrolled' : 'waitlisted';
  // clock_timestamp(): the waitlist follows the order in which the lock was granted, not when transactions began.
  const id = rowsOf<{ id: string }>(await tx.execute(sql`
    insert into group_enrolments (organisation_id, edition_id, household_id, member_id, proposal_id, status, requested_at, enrolled_at, created_by)
    values (${actor.organisationId}, ${edition.id}, ${householdId}, ${member.id}, ${proposalId}, ${status}, clock_timestamp(),
            ${status === 'enrolled' ? sql`clock_timestamp()` : null}, ${actor.userId})
    returning id`))[0]!.id;
  if (proposalId) await tx.execute(sql`update enrolment_proposals set status = 'enrolled' where id = ${proposalId} and status = 'proposed'`);
  const result = (await enrolmentResult(tx, id))!;
  await writeAudit(tx, caller.audit, {
    action: 'group_enrolment.create', result: 'ok', recordType: 'group_enrolment', recordId: id,
    subjectHouseholdId: householdId, subjectPersonId: member.id,
    detail: { edition: edition.id, status, position: result.position, fromProposal: proposalId !== null },
  });
  return found(result);
}

/**
 * Enrol a person starting from the edition (the coordinator's edition page, and the API): the edition must be
 * visible to the caller, and the person's household decides the rest (enrolMember: group.enrol, so a coach may
 * enrol her own families this way too). A person the caller may not see answers like one that does not exist.
 */
export async function enrolIntoEdition(tx: Tx, caller: Caller, editionId: string, deferred: Deferred<EditionEnrolInput>): Promise<Outcome<EnrolmentResult>> {
  const edition = await editionAccess(tx, caller, editionId, 'group.read');
  if (!edition.ok) return edition;
  const input = resolveInput(deferred);
  const member = rowsOf<{ householdId: string }>(await tx.execute(sql`
    select household_id as "householdId" from household_members where id = ${input.memberId}`))[0];
  if (!member) {
    await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'not_found', recordType: 'household_member', recordId: input.memberId, detail: { attempted: 'group.enrol' } });
    return notFound();
  }
  return enrolMember(tx, caller, member.householdId, { memberId: input.memberId, editionId, proposalId: input.proposalId ?? null });
}

export interface WithdrawResult {
  enrolment: EnrolmentResult;
  /** How many people moved up from the waitlist into the freed place (0 or 1). */
  promoted: number;
}

/**
 * Withdraw an enrolment at the version read (REL-LOCK): a stale version, or an enrolment that moved on (withdrawn,
 * completed), answers 409 with the enrolment as it is now. A freed place goes to the first on the waitlist in the
 * same transaction. The reason is a code and lives only in the audit trail.
 */
export async function withdrawEnrolment(tx: Tx, caller: Caller, enrolmentId: string, deferred: Deferred<WithdrawInput>): Promise<Outcome<WithdrawResult>> {
  const { actor } = caller;
  const row = isUuid(enrolmentId)
    ? rowsOf<{ householdId: string; editionId: string }>(await tx.execute(sql`
        select household_id as "householdId", edition_id as "editionId" from group_enrolments where id = ${enrolmentId}`))[0]
    : undefined;
  if (!row) {
    await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'not_found', recordType: 'group_enrolment', recordId: isUuid(enrolmentId) ? enrolmentId : undefined, detail: { attempted: 'group.enrol' } });
    return notFound();
  }
  const visible = await visibleHousehold(tx, caller, row.householdId);
  if (!visible) return notFound();
  if (!can(actor, 'group.enrol', visible.relation)) {
    await auditForbidden(tx, caller, row.householdId, 'group.enrol');
    return forbidden();
  }
  const input = resolveInput(deferred);
  const edition = (await lockEdition(tx, actor.organisationId, row.editionId))!;
  const current = rowsOf<{ status: EnrolmentStatus; version: number; memberId: string; proposalId: string | null }>(await tx.execute(sql`
    select status, version, member_id as "memberId", proposal_id as "proposalId" from group_enrolments where id = ${enrolmentId} for update`))[0]!;
  if (current.version !== input.version || (current.status !== 'enrolled' && current.status !== 'waitlisted')) {
    return conflict((await enrolmentResult(tx, enrolmentId))!);
  }
  await tx.execute(sql`
    update group_enrolments set status = 'withdrawn', withdrawn_at = now(), version = version + 1 where id = ${enrolmentId}`);
  const promoted = current.status === 'enrolled' ? await promote(tx, caller, edition) : 0;
  // The plan's proposal is open again unless another live enrolment still answers it.
  if (current.proposalId) {
    await tx.execute(sql`
      update enrolment_proposals pr set status = 'proposed' where pr.id = ${current.proposalId} and pr.status = 'enrolled'
         and not exists (select 1 from group_enrolments en where en.proposal_id = pr.id and en.status <> 'withdrawn')`);
  }
  await writeAudit(tx, caller.audit, {
    action: 'group_enrolment.withdraw', result: 'ok', recordType: 'group_enrolment', recordId: enrolmentId,
    subjectHouseholdId: row.householdId, subjectPersonId: current.memberId,
    detail: { edition: row.editionId, from: current.status, reason: input.reason ?? null, promoted, version: current.version + 1 },
  });
  return found({ enrolment: (await enrolmentResult(tx, enrolmentId))!, promoted });
}

/** One enrolment as the withdraw confirmation shows it: who, what, where she stands. */
export interface EnrolmentFacts extends EnrolmentResult {
  givenNames: string;
  familyName: string;
  householdReference: string;
  programmeName: string;
  offerKey: string | null;
  editionTitle: string;
}

/** An enrolment for who may withdraw it (group.enrol on its household); audited as a read of the person. */
export async function readEnrolment(tx: Tx, caller: Caller, enrolmentId: string): Promise<Outcome<EnrolmentFacts>> {
  const row = isUuid(enrolmentId)
    ? rowsOf<{ householdId: string }>(await tx.execute(sql`select household_id as "householdId" from group_enrolments where id = ${enrolmentId}`))[0]
    : undefined;
  if (!row) {
    await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'not_found', recordType: 'group_enrolment', recordId: isUuid(enrolmentId) ? enrolmentId : undefined, detail: { attempted: 'group.enrol' } });
    return notFound();
  }
  const visible = await visibleHousehold(tx, caller, row.householdId);
  if (!visible) return notFound();
  if (!can(caller.actor, 'group.enrol', visible.relation)) {
    await auditForbidden(tx, caller, row.householdId, 'group.enrol');
    return forbidden();
  }
  const facts = rowsOf<EnrolmentFacts>(await tx.execute(sql`
    select en.id, en.edition_id as "editionId", en.household_id as "householdId", en.member_id as "memberId",
           en.proposal_id as "proposalId", en.status, ${POSITION} as position, en.version,
           m.given_names as "givenNames", m.family_name as "familyName", h.reference as "householdReference",
           p.name as "programmeName", p.offer_key as "offerKey", e.title as "editionTitle"
      from group_enrolments en join household_members m on m.id = en.member_id join households h on h.id = en.household_id
      join group_editions e on e.id = en.edition_id join group_programmes p on p.id = e.programme_id
     where en.id = ${enrolmentId}`))[0]!;
  await writeAudit(tx, caller.audit, {
    action: 'group_enrolment.read_household', result: 'ok', recordType: 'group_enrolment', recordId: enrolmentId,
    subjectHouseholdId: facts.householdId, subjectPersonId: facts.memberId, detail: { status: facts.status },
  });
  return found(facts);
}

// --- The participant list of an edition ------------------------------------------------------------------------

/**
 * AUTH-FIELDS: what a trainer needs to run the group, and nothing else of the person's file: the names, the
 * languages she speaks and the interpreter language. No address, date of birth, identity number or household.
 */
export interface ParticipantView {
  id: string;
  givenNames: string;
  familyName: string;
  languages: string[];
  interpreterLanguage: string | null;
  status: EnrolmentStatus;
}

/** The coordinator (who runs the offer and sees every household) also gets the household and the version to withdraw at. */
export interface ParticipantManageView extends ParticipantView {
  householdId: string;
  householdReference: string;
  version: number;
}

export type WaitlistView<P extends ParticipantView = ParticipantView> = P & { position: number };

export interface EditionParticipants {
  editionId: string;
  capacity: number;
  /** Holding a place (enrolled, or completed/not completed once the edition is closed). */
  taken: number;
  free: number;
  /** The caller runs the offer: household links, enrol and withdraw. */
  canManage: boolean;
  participants: (ParticipantView | ParticipantManageView)[];
  waitlist: WaitlistView<ParticipantView | ParticipantManageView>[];
}

/** The participants and the waitlist of an edition the caller reached with edition.participants; audited (counts only). */
export async function listParticipants(tx: Tx, caller: Caller, edition: EditionFacts): Promise<EditionParticipants> {
  const canManage = can(caller.actor, 'group.configure');
  const rows = rowsOf<ParticipantManageView & { position: number | null }>(await tx.execute(sql`
    select en.id, m.given_names as "givenNames", m.family_name as "familyName", m.languages,
           m.interpreter_language as "interpreterLanguage", en.status, ${POSITION} as position,
           en.household_id as "householdId", h.reference as "householdReference", en.version
      from group_enrolments en join household_members m on m.id = en.member_id join households h on h.id = en.household_id
     where en.edition_id = ${edition.id} and en.status <> 'withdrawn'
     order by en.status = 'waitlisted', en.requested_at, en.id`));
  // Built key by key: a field added to the query never reaches a trainer by accident.
  const shape = (r: ParticipantManageView): ParticipantView | ParticipantManageView => {
    const base: ParticipantView = { id: r.id, givenNames: r.givenNames, familyName: r.familyName, languages: r.languages, interpreterLanguage: r.interpreterLanguage, status: r.status };
    return canManage ? { ...base, householdId: r.householdId, householdReference: r.householdReference, version: r.version } : base;
  };
  const participants = rows.filter((r) => r.status !== 'waitlisted').map(shape);
  const waitlist = rows.filter((r) => r.status === 'waitlisted').map((r) => ({ ...shape(r), position: r.position ?? 0 }));
  await writeAudit(tx, caller.audit, {
    action: 'group_enrolment.list', result: 'ok', recordType: 'group_edition', recordId: edition.id,
    detail: { participants: participants.length, waitlist: waitlist.length },
  });
  const taken = participants.length;
  return { editionId: edition.id, capacity: edition.capacity, taken, free: Math.max(0, edition.capacity - taken), canManage, participants, waitlist };
}

/** The API's way in: edition.participants on the edition (404 unseen, 403 not hers), then the list. */
export async function readParticipants(tx: Tx, caller: Caller, editionId: string): Promise<Outcome<EditionParticipants>> {
  const edition = await editionAccess(tx, caller, editionId, 'edition.participants');
  if (!edition.ok) return edition;
  return found(await listParticipants(tx, caller, edition.value));
}

// --- Finding a person to enrol (the coordinator, from the edition page) -------------------------------------------

export interface PersonHit {
  memberId: string;
  givenNames: string;
  familyName: string;
  householdId: string;
  householdReference: string;
  municipalityName: string;
  /** Already enrolled or waitlisted in this edition. */
  inEdition: boolean;
}

/** An edition as the search-and-enrol page shows it: its facts and how many places are taken and waiting. */
export type EnrolTarget = EditionFacts & { taken: number; waitlisted: number };

/**
 * People of the households the caller may see (AUTH-LISTS: the household scope in SQL), by household reference or
 * name, leaving out closed files; `term` null reads only the edition. For who runs the offer (group.configure) on
 * a visible edition. A search is audited without its term (LOG-CLEAN).
 */
export async function searchPersons(tx: Tx, caller: Caller, editionId: string, term: string | null): Promise<Outcome<{ edition: EnrolTarget; hits: PersonHit[] | null }>> {
  const access = await editionAccess(tx, caller, editionId, 'group.configure');
  if (!access.ok) return access;
  const counts = rowsOf<{ taken: number; waitlisted: number }>(await tx.execute(sql`
    select count(*) filter (where status = 'enrolled')::int as taken, count(*) filter (where status = 'waitlisted')::int as waitlisted
      from group_enrolments where edition_id = ${editionId}`))[0]!;
  const edition = { ...access.value, ...counts };
  if (term === null) return found({ edition, hits: null });
  const like = `%${term.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const hits = rowsOf<PersonHit>(await tx.execute(sql`
    select m.id as "memberId", m.given_names as "givenNames", m.family_name as "familyName", h.id as "householdId",
           h.reference as "householdReference", mu.name as "municipalityName",
           exists (select 1 from group_enrolments en where en.member_id = m.id and en.edition_id = ${editionId} and en.status <> 'withdrawn') as "inEdition"
      from household_members m join households h on h.id = m.household_id join municipalities mu on mu.code = h.municipality_code
     where ${householdScope(caller.actor)} and not ${FILE_CLOSED}
       and (h.reference ilike ${like} or m.given_names ilike ${like} or m.family_name ilike ${like}
            or (m.given_names || ' ' || m.family_name) ilike ${like})
     order by h.reference, case m.relation when 'head' then 0 when 'partner' then 1 when 'other' then 2 else 3 end, m.given_names, m.id
     limit 25`));
  await writeAudit(tx, caller.audit, {
    action: 'household.search', result: 'ok', recordType: 'household_member', detail: { purpose: 'group_enrolment', edition: editionId, returned: hits.length },
  });
  return found({ edition, hits });
}

/**
 * When a household's trajectory closes, its places in groups that still run are given up: the file becomes
 * read-only, so nobody could withdraw them later, and the next people on the waitlists move up. Completed
 * enrolments, attendance and certificates stay as they are. Editions are locked in id order (one order for
 * every caller, so two closes cannot deadlock). Returns how many places were given up.
 */
export async function releaseForClosedTrajectory(tx: Tx, caller: Caller, householdId: string): Promise<number> {
  const editions = rowsOf<{ editionId: string }>(await tx.execute(sql`
    select distinct edition_id as "editionId" from group_enrolments
     where household_id = ${householdId} and status in ('enrolled','waitlisted') order by edition_id`));
  let released = 0;
  for (const { editionId } of editions) {
    const edition = await lockEdition(tx, caller.actor.organisationId, editionId);
    if (!edition) continue;
    // Read and change under the edition's lock: a withdrawal or a move up that committed meanwhile is seen as it ended.
    const mine = rowsOf<{ id: string; memberId: string; status: EnrolmentStatus }>(await tx.execute(sql`
      with old as (select id, status from group_enrolments
                    where household_id = ${householdId} and edition_id = ${editionId} and status in ('enrolled','waitlisted'))
      update group_enrolments en set status = 'withdrawn', withdrawn_at = now(), version = en.version + 1
        from old where en.id = old.id
      returning en.id, en.member_id as "memberId", old.status`));
    for (const e of mine) {
      await writeAudit(tx, caller.audit, {
        action: 'group_enrolment.withdraw', result: 'ok', recordType: 'group_enrolment', recordId: e.id,
        subjectHouseholdId: householdId, subjectPersonId: e.memberId, detail: { edition: editionId, from: e.status, reason: 'trajectory_closed' },
      });
    }
    if (mine.some((e) => e.status === 'enrolled')) await promote(tx, caller, edition);
    released += mine.length;
  }
  return released;
}
