import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import { forbidden, found, notFound, type Caller, type Outcome } from '../../platform/context.ts';
import { can, type HouseholdRelation } from '../../platform/policy.ts';
import { auditForbidden, listMembers, visibleHousehold } from '../households/index.ts';
import type { EditionStatus, EnrolmentStatus } from './schema.ts';
import { todayIso } from '../../platform/dates.ts';

// The group programmes of one household, person by person (issue 5: "every person's file shows the programmes
// followed, attendance and certificates"): what each follows or followed, with attendance and certificate, and
// what the plan proposed with the editions that fit. One read model for the dossier section, the household's
// groups page and the API.

export interface NextSession {
  date: string;
  startMinute: number;
  endMinute: number;
  place: string;
}

export interface PersonEnrolment {
  id: string;
  editionId: string;
  programmeName: string;
  offerKey: string | null;
  editionTitle: string;
  editionStatus: EditionStatus;
  municipalityName: string;
  status: EnrolmentStatus;
  position: number | null;
  version: number;
  proposalId: string | null;
  /** First and last session that is not cancelled: the period. */
  firstSessionOn: string | null;
  lastSessionOn: string | null;
  nextSession: NextSession | null;
  /** Sessions not cancelled on or before today, and all sessions not cancelled. */
  sessionsHeld: number;
  sessionsPlanned: number;
  /** Sessions she was marked present at. */
  present: number;
  /** A valid (not revoked) certificate; its PDF is at /groepen/certificaten/:id/pdf. */
  certificateId: string | null;
}

/** An open edition to enrol into, with its places. */
export interface EditionOption {
  id: string;
  programmeName: string;
  offerKey: string | null;
  title: string;
  municipalityCode: string;
  municipalityName: string;
  /** null: the programme runs in every municipality of the organisation. */
  programmeMunicipalityCode: string | null;
  status: EditionStatus;
  capacity: number;
  enrolled: number;
  waitlisted: number;
  free: number;
  firstSession: NextSession | null;
}

/** An open proposal of the plan, with the editions that fit it. */
export interface PersonProposal {
  id: string;
  offerKey: string | null;
  label: string | null;
  /** Proposed in the household plan rather than in this person's POP. */
  householdWide: boolean;
  editions: EditionOption[];
}

export interface PersonGroups {
  memberId: string;
  givenNames: string;
  familyName: string;
  relation: string;
  enrolments: PersonEnrolment[];
  proposals: PersonProposal[];
}

export interface HouseholdGroups {
  householdId: string;
  reference: string;
  municipalityCode: string;
  fileClosed: boolean;
  /** group.enrol: enrol and withdraw (not on a closed file). */
  canEnrol: boolean;
  persons: PersonGroups[];
  /** Every open edition of the organisation, own municipality first: "another group" per person. */
  openEditions: EditionOption[];
}

/** The household's group side for who may read it: not visible → 404, visible without group.read_file → 403 (both audited). */
export async function householdGroupsAccess(tx: Tx, caller: Caller, householdId: string): Promise<Outcome<{ relation: HouseholdRelation; canEnrol: boolean }>> {
  const visible = await visibleHousehold(tx, caller, householdId);
  if (!visible) return notFound();
  if (!can(caller.actor, 'group.read_file', visible.relation)) {
    await auditForbidden(tx, caller, householdId, 'group.read_file');
    return forbidden();
  }
  return found({ relation: visible.relation, canEnrol: can(caller.actor, 'group.enrol', visible.relation) });
}

/** Every open (planned or running) edition of the organisation with its places and first session. */
export async function openEditions(tx: Tx, organisationId: string, municipalityCode: string | null): Promise<EditionOption[]> {
  const rows = rowsOf<Omit<EditionOption, 'free' | 'firstSession'> & { firstDate: string | null; firstStart: number | null; firstEnd: number | null; firstPlace: string | null }>(await tx.execute(sql`
    select e.id, p.name as "programmeName", p.offer_key as "offerKey", e.title, e.municipality_code as "municipalityCode",
           mu.name as "municipalityName", p.municipality_code as "programmeMunicipalityCode", e.status, e.capacity,
           (select count(*)::int from group_enrolments en where en.edition_id = e.id and en.status = 'enrolled') as enrolled,
           (select count(*)::int from group_enrolments en where en.edition_id = e.id and en.status = 'waitlisted') as waitlisted,
           s.date::text as "firstDate", s.start_minute as "firstStart", s.end_minute as "firstEnd", s.place as "firstPlace"
      from group_editions e join group_programmes p on p.id = e.programme_id join municipalities mu on mu.code = e.municipality_code
      left join lateral (select gs.date, gs.start_minute, gs.end_minute, gs.place from group_sessions gs
                          where gs.edition_id = e.id and not gs.cancelled order by gs.date, gs.start_minute limit 1) s on true
     where e.organisation_id = ${organisationId} and e.status in ('planned', 'running')
     order by (e.municipality_code = ${municipalityCode}) desc, s.date nulls last, p.name, e.title, e.id
     limit 300`));
  return rows.map(({ firstDate, firstStart, firstEnd, firstPlace, ...e }) => ({
    ...e,
    free: Math.max(0, e.capacity - e.enrolled),
    firstSession: firstDate ? { date: firstDate, startMinute: firstStart!, endMinute: firstEnd!, place: firstPlace ?? '' } : null,
  }));
}

/** The editions that fit a proposal: the same programme, held in the household's municipality or offered everywhere. */
function editionsFor(proposal: { offerKey: string | null; label: string | null }, editions: EditionOption[], municipalityCode: string): EditionOption[] {
  const label = proposal.label?.trim().toLowerCase() ?? null;
  return editions.filter((e) =>
    (proposal.offerKey ? e.offerKey === proposal.offerKey : label !== null && e.programmeName.trim().toLowerCase() === label)
    && (e.municipalityCode === municipalityCode || e.programmeMunicipalityCode === null));
}

/**
 * The household's programmes, person by person. `view` only says where it is read (audited as one read either
 * way, LOG-READ). `today` decides which sessions count as held.
 */
export async function householdGroups(tx: Tx, caller: Caller, householdId: string, today: string = todayIso(), view: 'page' | 'section' | 'api' = 'page'): Promise<Outcome<HouseholdGroups>> {
  const access = await householdGroupsAccess(tx, caller, householdId);
  if (!access.ok) return access;
  const head = rowsOf<{ reference: string; municipalityCode: string }>(await tx.execute(sql`
    select reference, municipality_code as "municipalityCode" from households where id = ${householdId}`))[0]!;
  const members = await listMembers(tx, householdId);
  const enrolments = rowsOf<PersonEnrolment & { memberId: string; nextDate: string | null; nextStart: number | null; nextEnd: number | null; nextPlace: string | null }>(await tx.execute(sql`
    select en.id, en.member_id as "memberId", en.edition_id as "editionId", p.name as "programmeName", p.offer_key as "offerKey",
           e.title as "editionTitle", e.status as "editionStatus", mu.name as "municipalityName", en.status,
           case when en.status = 'waitlisted' then (select count(*)::int from group_enrolments w where w.edition_id = en.edition_id
             and w.status = 'waitlisted' and (w.requested_at, w.id) <= (en.requested_at, en.id)) end as position,
           en.version, en.proposal_id as "proposalId",
           s.first::text as "firstSessionOn", s.last::text as "lastSessionOn", coalesce(s.held, 0)::int as "sessionsHeld", coalesce(s.planned, 0)::int as "sessionsPlanned",
           (select count(*)::int from group_attendance a join group_sessions gs on gs.id = a.session_id
             where a.enrolment_id = en.id and a.mark = 'present' and not gs.cancelled) as present,
           (select c.id from group_certificates c where c.enrolment_id = en.id and c.revoked_at is null limit 1) as "certificateId",
           n.date::text as "nextDate", n.start_minute as "nextStart", n.end_minute as "nextEnd", n.place as "nextPlace"
      from group_enrolments en join group_editions e on e.id = en.edition_id join group_programmes p on p.id = e.programme_id
      join municipalities mu on mu.code = e.municipality_code
      left join lateral (select min(gs.date) as first, max(gs.date) as last, count(*) filter (where gs.date <= ${today}::date) as held, count(*) as planned
                           from group_sessions gs where gs.edition_id = e.id and not gs.cancelled) s on true
      left join lateral (select gs.date, gs.start_minute, gs.end_minute, gs.place from group_sessions gs
                          where gs.edition_id = e.id and not gs.cancelled and gs.date >= ${today}::date order by gs.date, gs.start_minute limit 1) n on true
     where en.household_id = ${householdId}
     order by en.status = 'withdrawn', s.first desc nulls first, en.requested_at desc, en.id`));
  const proposals = rowsOf<{ id: string; memberId: string | null; offerKey: string | null; label: string | null }>(await tx.execute(sql`
    select id, member_id as "memberId", offer_key as "offerKey", label from enrolment_proposals
     where household_id = ${householdId} and status = 'proposed' order by created_at, id`));
  const editions = await openEditions(tx, caller.actor.organisationId, head.municipalityCode);

  const persons: PersonGroups[] = members.map((m) => ({
    memberId: m.id,
    givenNames: m.givenNames,
    familyName: m.familyName,
    relation: m.relation,
    enrolments: enrolments.filter((e) => e.memberId === m.id).map(({ memberId: _m, nextDate, nextStart, nextEnd, nextPlace, ...e }) => ({
      ...e,
      nextSession: nextDate ? { date: nextDate, startMinute: nextStart!, endMinute: nextEnd!, place: nextPlace ?? '' } : null,
    })),
    // A proposal of the household plan concerns every adult; a POP's proposal only its person.
    proposals: proposals
      .filter((p) => p.memberId === m.id || (p.memberId === null && m.relation !== 'child'))
      .map((p) => ({ id: p.id, offerKey: p.offerKey, label: p.label, householdWide: p.memberId === null, editions: editionsFor(p, editions, head.municipalityCode) })),
  }));
  await writeAudit(tx, caller.audit, {
    action: 'group_enrolment.read_household', result: 'ok', recordType: 'household', recordId: householdId, subjectHouseholdId: householdId,
    detail: { view, persons: persons.length, enrolments: enrolments.length, proposals: proposals.length },
  });
  return found({
    householdId, reference: head.reference, municipalityCode: head.municipalityCode, fileClosed: access.value.relation.fileClosed,
    canEnrol: access.value.canEnrol, persons, openEditions: editions,
  });
}
