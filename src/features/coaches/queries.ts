import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import { forbidden, found, notFound, offsetOf, type Caller, type Outcome, type Page, type Paged } from '../../platform/context.ts';
import { can, type Actor } from '../../platform/policy.ts';
import { FILE_CLOSED, householdScope, visibleHousehold } from '../households/index.ts';
import { rankCoaches, type MatchCoach, type MatchHousehold, type MatchMember, type Suggestion } from './matching.ts';
import { isUuid } from '../../platform/validation.ts';
import { todayIso } from '../../platform/dates.ts';
export { todayIso };

// Reads of the coaches feature. Everything runs inside a tenant transaction; the organisation filter is
// written out as well (row-level security is the second line, not the only one).

export { isUuid };

/** A VOG older than this many years no longer counts (the organisation asks for a new one). */
export const VOG_VALID_YEARS = 3;
export type VogStatus = 'valid' | 'expired' | 'missing' | 'not_required';

/** A volunteer needs a recent VOG; a professional's is kept by her employer, so it is only shown. */
export function vogStatus(role: string, vogDate: string | null, today: string): VogStatus {
  if (role !== 'volunteer') return vogDate && isVogExpired(vogDate, today) ? 'expired' : vogDate ? 'valid' : 'not_required';
  if (!vogDate) return 'missing';
  return isVogExpired(vogDate, today) ? 'expired' : 'valid';
}

function isVogExpired(vogDate: string, today: string): boolean {
  const [y, m, d] = today.split('-');
  return vogDate < `${Number(y) - VOG_VALID_YEARS}-${m}-${d}`;
}

export interface CoachView extends MatchCoach {
  supervisorId: string | null;
  supervisorName: string | null;
  /** The professional whose coach group this is: herself for a professional, her supervisor for a volunteer. */
  groupId: string | null;
  groupName: string | null;
  vogDate: string | null;
  vogStatus: VogStatus;
  trainings: string[];
  /** Her own maximum; null means the organisation's coach capacity. */
  ownMaxLoad: number | null;
  note: string | null;
  /** 0 while she has no profile yet (the first save creates it). */
  version: number;
}

interface CoachRow {
  id: string;
  name: string;
  role: string;
  supervisorId: string | null;
  supervisorName: string | null;
  groupId: string | null;
  groupName: string | null;
  languages: string[];
  municipalityCodes: string[];
  postcodeAreas: string[];
  availability: string[];
  preferences: string[];
  vogDate: string | null;
  trainings: string[];
  ownMaxLoad: number | null;
  note: string | null;
  version: number;
  load: number;
  maxLoad: number;
}

/** Coaches of the actor's organisation: volunteers and professionals whose account is active. */
function coachQuery(actor: Actor, extra: SQL, tail: SQL = sql``): SQL {
  return sql`
    select u.id, u.display_name as name, u.role, u.supervisor_id as "supervisorId", s.display_name as "supervisorName",
           case when u.role = 'professional' then u.id else u.supervisor_id end as "groupId",
           case when u.role = 'professional' then u.display_name else s.display_name end as "groupName",
           coalesce(p.languages, '{}') as languages, coalesce(p.municipality_codes, '{}') as "municipalityCodes",
           coalesce(p.postcode_areas, '{}') as "postcodeAreas", coalesce(p.availability, '{}') as availability,
           coalesce(p.preferences, '{}') as preferences, p.vog_date::text as "vogDate", coalesce(p.trainings, '{}') as trainings,
           p.max_load as "ownMaxLoad", p.note, coalesce(p.version, 0) as version,
           (select count(*)::int from coach_assignments ca where ca.coach_id = u.id and ca.ended_at is null) as load,
           coalesce(p.max_load, o.coach_capacity) as "maxLoad"
      from users u
      join organisations o on o.id = u.organisation_id
      left join users s on s.id = u.supervisor_id
      left join coach_profiles p on p.user_id = u.id
     where u.organisation_id = ${actor.organisationId} and u.role in ('volunteer', 'professional') and u.disabled_at is null
       ${extra}
     ${tail}`;
}

function toView(row: CoachRow, today: string): CoachView {
  return { ...row, vogStatus: vogStatus(row.role, row.vogDate, today) };
}

const GROUP_ORDER = sql`order by "groupName" nulls last, "groupId", (u.role = 'professional') desc, u.display_name, u.id`;

/** Every active coach of the organisation, for matching (no audit: called inside audited operations). */
export async function allCoaches(tx: Tx, actor: Actor): Promise<CoachView[]> {
  const today = todayIso();
  return rowsOf<CoachRow>(await tx.execute(coachQuery(actor, sql``, GROUP_ORDER))).map((r) => toView(r, today));
}

async function denied(tx: Tx, caller: Caller, attempted: string, recordId?: string): Promise<void> {
  await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'denied', recordType: 'coach', recordId, detail: { attempted } });
}

async function hidden(tx: Tx, caller: Caller, recordId: string): Promise<void> {
  await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'not_found', recordType: 'coach', recordId: isUuid(recordId) ? recordId : undefined });
}

export interface CoachOverview {
  coaches: Paged<CoachView>;
  coachCapacity: number;
  municipalities: { code: string; name: string }[];
}

/** The coach groups overview: every coach with her load, grouped by supervising professional (paged). */
export async function listCoaches(tx: Tx, caller: Caller, page: Page): Promise<Outcome<CoachOverview>> {
  if (!can(caller.actor, 'coach.manage')) {
    await denied(tx, caller, 'coach.list');
    return forbidden();
  }
  const today = todayIso();
  const total = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from (${coachQuery(caller.actor, sql``)}) x`))[0]?.n ?? 0;
  const items = rowsOf<CoachRow>(
    await tx.execute(coachQuery(caller.actor, sql``, sql`${GROUP_ORDER} limit ${page.pageSize} offset ${offsetOf(page)}`)),
  ).map((r) => toView(r, today));
  await writeAudit(tx, caller.audit, { action: 'coach.list', result: 'ok', recordType: 'coach', detail: { page: page.page, returned: items.length, total } });
  return found({
    coaches: { items, total, page: page.page, pageSize: page.pageSize },
    coachCapacity: await organisationCapacity(tx, caller.actor),
    municipalities: await organisationMunicipalities(tx, caller.actor),
  });
}

export async function organisationCapacity(tx: Tx, actor: Actor): Promise<number> {
  const rows = rowsOf<{ c: number }>(await tx.execute(sql`select coach_capacity as c from organisations where id = ${actor.organisationId}`));
  return rows[0]?.c ?? 5;
}

export async function organisationMunicipalities(tx: Tx, actor: Actor): Promise<{ code: string; name: string }[]> {
  return rowsOf<{ code: string; name: string }>(
    await tx.execute(sql`select om.municipality_code as code, m.name from organisation_municipalities om
      join municipalities m on m.code = om.municipality_code where om.organisation_id = ${actor.organisationId} order by m.name`),
  );
}

/** The professionals of the organisation, who can supervise a volunteer. */
export async function professionals(tx: Tx, actor: Actor): Promise<{ id: string; name: string }[]> {
  return rowsOf<{ id: string; name: string }>(
    await tx.execute(sql`select id, display_name as name from users where organisation_id = ${actor.organisationId}
      and role = 'professional' and disabled_at is null order by display_name, id`),
  );
}

export interface WaitingHousehold {
  id: string;
  reference: string;
  municipalityCode: string;
  municipalityName: string;
  housingDate: string | null;
  memberCount: number;
  languages: string[];
}

// A household (alias `h`) whose file is closed waits for no one and is handed to no one.
const WAITING = sql`not exists (select 1 from coach_assignments ca where ca.household_id = h.id and ca.ended_at is null) and not ${FILE_CLOSED}`;

/** "Wachten op een coach": households without an active coach, longest housed first; no names, only what matching needs. */
export async function listWaiting(tx: Tx, caller: Caller, page: Page): Promise<Outcome<Paged<WaitingHousehold>>> {
  if (!can(caller.actor, 'coach.manage')) {
    await denied(tx, caller, 'coach.waiting_list');
    return forbidden();
  }
  const scope = householdScope(caller.actor);
  const org = sql`h.organisation_id = ${caller.actor.organisationId}`;
  const total = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from households h where ${org} and ${scope} and ${WAITING}`))[0]?.n ?? 0;
  const items = rowsOf<WaitingHousehold>(
    await tx.execute(sql`
      select h.id, h.reference, h.municipality_code as "municipalityCode", mu.name as "municipalityName", h.housing_date::text as "housingDate",
             (select count(*)::int from household_members m where m.household_id = h.id) as "memberCount",
             array(select distinct l from household_members m,
                     unnest(m.languages || case when m.interpreter_language is null then '{}'::text[] else array[m.interpreter_language] end) l
                    where m.household_id = h.id order by l) as languages
        from households h join municipalities mu on mu.code = h.municipality_code
       where ${org} and ${scope} and ${WAITING}
       order by h.housing_date nulls last, h.reference
       limit ${page.pageSize} offset ${offsetOf(page)}`),
  );
  await writeAudit(tx, caller.audit, { action: 'coach.waiting_list', result: 'ok', recordType: 'household', detail: { page: page.page, returned: items.length, total } });
  return found({ items, total, page: page.page, pageSize: page.pageSize });
}

export interface ProfileAccess {
  /** The coordinator edits anyone's profile (and the supervisor); the coach her own. */
  asCoordinator: boolean;
}

/**
 * Who may read or change a coach's profile: the coordinator any coach of her organisation, a coach her own.
 * Anyone else gets 403 whatever the id (the endpoint is not hers); a coordinator asking for an id outside her
 * organisation gets 404 exactly as for a random id (AUTH-HIDE).
 */
export async function profileAccess(tx: Tx, caller: Caller, userId: string): Promise<Outcome<ProfileAccess>> {
  if (can(caller.actor, 'coach.manage')) {
    if (!isUuid(userId)) {
      await hidden(tx, caller, userId);
      return notFound();
    }
    const rows = rowsOf<{ id: string }>(await tx.execute(coachQuery(caller.actor, sql`and u.id = ${userId}`)));
    if (!rows[0]) {
      await hidden(tx, caller, userId);
      return notFound();
    }
    return found({ asCoordinator: true });
  }
  if (userId === caller.actor.userId && can(caller.actor, 'coach.profile_own')) return found({ asCoordinator: false });
  await denied(tx, caller, 'coach.profile', isUuid(userId) ? userId : undefined);
  return forbidden();
}

/** The profile as it is stored now (for the form, the API and the REL-LOCK conflict page). No audit. */
export async function currentProfile(tx: Tx, actor: Actor, userId: string): Promise<CoachView | null> {
  const rows = rowsOf<CoachRow>(await tx.execute(coachQuery(actor, sql`and u.id = ${userId}`)));
  return rows[0] ? toView(rows[0], todayIso()) : null;
}

export async function readProfile(tx: Tx, caller: Caller, userId: string): Promise<Outcome<CoachView & ProfileAccess>> {
  const access = await profileAccess(tx, caller, userId);
  if (!access.ok) return access;
  const profile = await currentProfile(tx, caller.actor, userId);
  if (!profile) return notFound();
  await writeAudit(tx, caller.audit, { action: 'coach.profile_read', result: 'ok', recordType: 'coach', recordId: userId });
  return found({ ...profile, ...access.value });
}

export interface SuggestionView extends Suggestion {
  name: string;
  role: string;
  load: number;
  maxLoad: number;
  languages: string[];
  current: boolean;
}

export interface HouseholdSuggestions {
  householdId: string;
  reference: string;
  municipalityName: string;
  currentCoachId: string | null;
  suggestions: SuggestionView[];
}

interface FactsRow {
  id: string;
  reference: string;
  municipalityCode: string;
  municipalityName: string;
  postcode: string | null;
  currentCoachId: string | null;
  members: MatchMember[];
}

/** What matching needs of these households (none of it leaves the server except the reference). */
export async function matchFacts(tx: Tx, actor: Actor, householdIds: readonly string[]): Promise<Map<string, FactsRow>> {
  if (householdIds.length === 0) return new Map();
  const rows = rowsOf<FactsRow>(
    await tx.execute(sql`
      select h.id, h.reference, h.municipality_code as "municipalityCode", mu.name as "municipalityName", h.postcode,
             (select ca.coach_id from coach_assignments ca where ca.household_id = h.id and ca.ended_at is null limit 1) as "currentCoachId",
             coalesce((select json_agg(json_build_object('relation', m.relation, 'sex', m.sex, 'dateOfBirth', m.date_of_birth,
                        'languages', m.languages, 'interpreterLanguage', m.interpreter_language))
                         from household_members m where m.household_id = h.id), '[]'::json) as members
        from households h join municipalities mu on mu.code = h.municipality_code
       where h.organisation_id = ${actor.organisationId}
         and h.id in (${sql.join(householdIds.map((id) => sql`${id}`), sql`, `)})`),
  );
  return new Map(rows.map((r) => [r.id, { ...r, members: typeof r.members === 'string' ? JSON.parse(r.members) : r.members }]));
}

export function toMatchHousehold(facts: FactsRow): MatchHousehold {
  return { municipalityCode: facts.municipalityCode, postcode: facts.postcode, members: facts.members };
}

export function suggestionViews(coaches: readonly CoachView[], facts: FactsRow, today: string): SuggestionView[] {
  const byId = new Map(coaches.map((c) => [c.id, c]));
  return rankCoaches(coaches, toMatchHousehold(facts), today).map((s) => {
    const c = byId.get(s.coachId)!;
    return { ...s, name: c.name, role: c.role, load: c.load, maxLoad: c.maxLoad, languages: [...c.languages], current: c.id === facts.currentCoachId };
  });
}

/** Ranked coaches for one household, each with her reasons; only the coordinator asks (coach.manage). */
export async function suggestCoaches(tx: Tx, caller: Caller, householdId: string): Promise<Outcome<HouseholdSuggestions>> {
  if (!can(caller.actor, 'coach.manage')) {
    await denied(tx, caller, 'coach.suggestions', isUuid(householdId) ? householdId : undefined);
    return forbidden();
  }
  const visible = await visibleHousehold(tx, caller, householdId);
  if (!visible || !visible.relation.sameOrganisation) return notFound();
  const facts = (await matchFacts(tx, caller.actor, [householdId])).get(householdId);
  if (!facts) return notFound();
  const suggestions = suggestionViews(await allCoaches(tx, caller.actor), facts, todayIso());
  await writeAudit(tx, caller.audit, {
    action: 'coach.suggestions', result: 'ok', recordType: 'household', recordId: householdId, subjectHouseholdId: householdId,
    detail: { returned: suggestions.length },
  });
  return found({ householdId, reference: facts.reference, municipalityName: facts.municipalityName, currentCoachId: facts.currentCoachId, suggestions });
}

export interface AssignmentView {
  id: string;
  coachId: string;
  coachName: string;
  startedAt: string;
  endedAt: string | null;
  assignedByName: string | null;
  handoverNote: string | null;
}

/**
 * A visible household's coach assignments, newest first. The handover note is only carried on the current
 * assignment (older notes were meant for an earlier coach). The caller has already opened the dossier.
 */
export async function assignmentsOf(tx: Tx, householdId: string): Promise<AssignmentView[]> {
  return rowsOf<AssignmentView>(
    await tx.execute(sql`
      select ca.id, ca.coach_id as "coachId", u.display_name as "coachName", ca.started_at as "startedAt", ca.ended_at as "endedAt",
             b.display_name as "assignedByName", case when ca.ended_at is null then ca.handover_note end as "handoverNote"
        from coach_assignments ca join users u on u.id = ca.coach_id left join users b on b.id = ca.assigned_by
       where ca.household_id = ${householdId}
       order by ca.ended_at is null desc, ca.started_at desc, ca.id
       limit 50`),
  ).map((r) => ({ ...r, startedAt: new Date(r.startedAt).toISOString(), endedAt: r.endedAt ? new Date(r.endedAt).toISOString() : null }));
}

/** The history of coaches is for the people who run the caseloads: coordinator and professional. */
export function canSeeAssignmentHistory(actor: Actor): boolean {
  return can(actor, 'coach.manage') || (actor.role === 'professional' && can(actor, 'coach.profile_own'));
}

export interface HandoverHousehold {
  id: string;
  reference: string;
  municipalityName: string;
  memberCount: number;
  suggestions: SuggestionView[];
  /** The best suggestion with a free place, counting the places the earlier rows already take; null: wait list. */
  proposedCoachId: string | null;
}

export interface HandoverPlan {
  coach: CoachView;
  households: HandoverHousehold[];
  coaches: CoachView[];
}

/** What a leaving coach hands over: her active households, each with a proposed new coach; closed files stay out. */
export async function handoverPlan(tx: Tx, caller: Caller, coachId: string): Promise<Outcome<HandoverPlan>> {
  if (!can(caller.actor, 'coach.manage')) {
    await denied(tx, caller, 'coach.reassign', isUuid(coachId) ? coachId : undefined);
    return forbidden();
  }
  const access = await profileAccess(tx, caller, coachId);
  if (!access.ok) return access;
  const coaches = await allCoaches(tx, caller.actor);
  const coach = coaches.find((c) => c.id === coachId);
  if (!coach) return notFound();
  const ids = rowsOf<{ id: string }>(
    await tx.execute(sql`select ca.household_id as id from coach_assignments ca join households h on h.id = ca.household_id
      where ca.coach_id = ${coachId} and ca.ended_at is null and h.organisation_id = ${caller.actor.organisationId}
        and not ${FILE_CLOSED}
      order by h.reference`),
  ).map((r) => r.id);
  const facts = await matchFacts(tx, caller.actor, ids);
  const others = coaches.filter((c) => c.id !== coachId);
  // Places taken by earlier proposals in this list, so ten households do not all go to the one free coach.
  const extra = new Map<string, number>();
  const today = todayIso();
  const households: HandoverHousehold[] = [];
  for (const id of ids) {
    const f = facts.get(id);
    if (!f) continue;
    const adjusted = others.map((c) => ({ ...c, load: c.load + (extra.get(c.id) ?? 0) }));
    const suggestions = suggestionViews(adjusted, f, today);
    const best = suggestions.find((s) => !s.full);
    if (best) extra.set(best.coachId, (extra.get(best.coachId) ?? 0) + 1);
    households.push({ id, reference: f.reference, municipalityName: f.municipalityName, memberCount: f.members.length, suggestions, proposedCoachId: best?.coachId ?? null });
  }
  await writeAudit(tx, caller.audit, { action: 'coach.profile_read', result: 'ok', recordType: 'coach', recordId: coachId, detail: { households: households.length, purpose: 'handover' } });
  return found({ coach, households, coaches: others });
}
