import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/policy.ts';
import type { PyramidLayer } from '../households/schema.ts';
import { partVisible } from './access.ts';
import { loadPlanConfig, type DomainSetting, type PlanConfig } from './config.ts';
import type { ActionOwner, ActionStatus, GoalStatus, PlanKind, PlanStatus, VngKind } from './schema.ts';

// One read model of a plan, used by the plan page, the API, the print view and PDF, and frozen as a version
// (plan_versions.snapshot). Loaded whole; filterForActor() takes out what a role may not see (AUTH-FIELDS).

export interface ScorePoint {
  score: number;
  scoredOn: string;
  evaluationId: string | null;
}

export interface DomainEntry {
  id: string;
  situation: string | null;
  sensitive: boolean;
  shared: boolean;
  authorId: string | null;
  /** Who changed it last (AUTH-FIELDS: the author keeps sight of a sensitive part only while she is its last writer). */
  updatedBy?: string | null;
  version: number;
  updatedAt: string;
  updatedByName: string | null;
}

export interface PlanDomain extends DomainSetting {
  /** null: nothing written yet, or hidden from this role. */
  entry: DomainEntry | null;
  /** Oldest first; the intake score has no evaluation. Empty when hidden from this role. */
  scores: ScorePoint[];
  /** Set (true) only on a filtered document: the domain is the professional's, this role neither reads nor writes it. */
  hidden?: boolean;
}

export interface PlanAction {
  id: string;
  goalId: string;
  description: string;
  owner: ActionOwner;
  ownerMemberId: string | null;
  ownerMemberName: string | null;
  ownerPartner: string | null;
  dueOn: string | null;
  status: ActionStatus;
  doneOn: string | null;
  version: number;
}

export interface PlanGoal {
  id: string;
  domainKey: string;
  text: string;
  vngKind: VngKind | null;
  vngValue: string | null;
  status: GoalStatus;
  targetDate: string | null;
  sensitive: boolean;
  shared: boolean;
  authorId: string | null;
  updatedBy?: string | null;
  offerKey: string | null;
  version: number;
  updatedAt: string;
  updatedByName: string | null;
  actions: PlanAction[];
}

/** The enrolment that answers a proposal (issue 5): the household sees it in the plan. */
export interface ProposalEnrolment {
  id: string;
  editionId: string;
  editionTitle: string;
  programmeName: string;
  status: string;
  /** 1-based place on the waitlist; null when not waitlisted. */
  position: number | null;
  /** The next session that is not cancelled, else the first one. */
  sessionOn: string | null;
  sessionStartMinute: number | null;
  sessionPlace: string | null;
}

export interface EnrolmentProposal {
  id: string;
  offerKey: string | null;
  label: string | null;
  status: string;
  /** The latest live enrolment made from this proposal; absent where only the proposal itself was read. */
  enrolment?: ProposalEnrolment | null;
}

export interface PlanDocument {
  id: string;
  householdId: string;
  trajectoryId: string;
  householdReference: string;
  municipalityCode: string;
  kind: PlanKind;
  memberId: string | null;
  /** The POP's person, or null for the household plan. */
  memberName: string | null;
  /** The POP's person's pyramid layer, or null for the household plan. */
  layer: PyramidLayer | null;
  status: PlanStatus;
  establishedOn: string | null;
  rejectionReason: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
  submittedByName: string | null;
  version: number;
  updatedAt: string;
  domains: PlanDomain[];
  goals: PlanGoal[];
  proposals: EnrolmentProposal[];
}

const iso = (v: string | Date | null): string | null => (v === null ? null : new Date(v).toISOString());

/**
 * The whole plan, unfiltered. Only for code that filters (filterForActor) or freezes it (versions). A caller that
 * needs the plan's configuration itself passes it in, so it is read once per request.
 */
export async function loadPlanDocument(tx: Tx, planId: string, planConfig?: PlanConfig): Promise<PlanDocument | null> {
  const head = rowsOf<Omit<PlanDocument, 'domains' | 'goals' | 'proposals'> & { decidedAt: string | Date | null; updatedAt: string | Date; organisationId: string }>(await tx.execute(sql`
    select p.id, p.household_id as "householdId", p.trajectory_id as "trajectoryId", h.reference as "householdReference",
           h.municipality_code as "municipalityCode", p.kind, p.member_id as "memberId", p.organisation_id as "organisationId",
           case when m.id is null then null else m.given_names || ' ' || m.family_name end as "memberName",
           m.pyramid_layer as layer, p.status, p.established_on::text as "establishedOn", p.rejection_reason as "rejectionReason",
           du.display_name as "decidedByName", p.decided_at as "decidedAt", su.display_name as "submittedByName", p.version, p.updated_at as "updatedAt"
      from plans p join households h on h.id = p.household_id
      left join household_members m on m.id = p.member_id
      left join users du on du.id = p.decided_by
      left join users su on su.id = p.submitted_by
     where p.id = ${planId}`))[0];
  if (!head) return null;
  const config = planConfig ?? (await loadPlanConfig(tx, head.organisationId, head.municipalityCode));
  const entries = rowsOf<DomainEntry & { domainKey: string; updatedAt: string | Date }>(await tx.execute(sql`
    select e.id, e.domain_key as "domainKey", e.situation, e.sensitive, e.shared, e.author_id as "authorId", e.updated_by as "updatedBy", e.version,
           e.updated_at as "updatedAt", u.display_name as "updatedByName"
      from plan_domain_entries e left join users u on u.id = e.updated_by where e.plan_id = ${planId}`));
  const scores = rowsOf<ScorePoint & { domainKey: string }>(await tx.execute(sql`
    select domain_key as "domainKey", score, scored_on::text as "scoredOn", evaluation_id as "evaluationId"
      from domain_scores where plan_id = ${planId} order by scored_on, (evaluation_id is not null), created_at, id`));
  const goals = rowsOf<Omit<PlanGoal, 'actions'> & { updatedAt: string | Date }>(await tx.execute(sql`
    select g.id, g.domain_key as "domainKey", g.text, g.vng_kind as "vngKind", g.vng_value as "vngValue", g.status,
           g.target_date::text as "targetDate", g.sensitive, g.shared, g.author_id as "authorId", g.updated_by as "updatedBy", g.offer_key as "offerKey",
           g.version, g.updated_at as "updatedAt", u.display_name as "updatedByName"
      from plan_goals g left join users u on u.id = g.updated_by where g.plan_id = ${planId}
     order by g.position, g.created_at, g.id`));
  const actions = rowsOf<PlanAction>(await tx.execute(sql`
    select a.id, a.goal_id as "goalId", a.description, a.owner, a.owner_member_id as "ownerMemberId",
           split_part(m.given_names, ' ', 1) as "ownerMemberName", a.owner_partner as "ownerPartner",
           a.due_on::text as "dueOn", a.status, a.done_on::text as "doneOn", a.version
      from plan_actions a left join household_members m on m.id = a.owner_member_id
     where a.plan_id = ${planId} order by a.due_on nulls last, a.created_at, a.id`));
  const proposalRows = rowsOf<Omit<EnrolmentProposal, 'enrolment'> & { enrolmentId: string | null } & Omit<ProposalEnrolment, 'id' | 'status'> & { enrolmentStatus: string | null }>(await tx.execute(sql`
    select pr.id, pr.offer_key as "offerKey", pr.label, pr.status, en.id as "enrolmentId", en.edition_id as "editionId",
           en.status as "enrolmentStatus", e.title as "editionTitle", gp.name as "programmeName",
           case when en.status = 'waitlisted' then (select count(*)::int from group_enrolments w where w.edition_id = en.edition_id
             and w.status = 'waitlisted' and (w.requested_at, w.id) <= (en.requested_at, en.id)) end as position,
           s.date::text as "sessionOn", s.start_minute as "sessionStartMinute", s.place as "sessionPlace"
      from enrolment_proposals pr
      left join lateral (select x.* from group_enrolments x where x.proposal_id = pr.id and x.status <> 'withdrawn'
                          order by x.requested_at desc, x.id limit 1) en on true
      left join group_editions e on e.id = en.edition_id
      left join group_programmes gp on gp.id = e.programme_id
      left join lateral (select gs.date, gs.start_minute, gs.place from group_sessions gs where gs.edition_id = en.edition_id and not gs.cancelled
                          order by gs.date < current_date, gs.date, gs.start_minute limit 1) s on true
     where pr.plan_id = ${planId} order by pr.created_at, pr.id`));
  const proposals: EnrolmentProposal[] = proposalRows.map((r) => ({
    id: r.id, offerKey: r.offerKey, label: r.label, status: r.status,
    enrolment: r.enrolmentId ? {
      id: r.enrolmentId, editionId: r.editionId, editionTitle: r.editionTitle, programmeName: r.programmeName, status: r.enrolmentStatus!,
      position: r.position, sessionOn: r.sessionOn, sessionStartMinute: r.sessionStartMinute, sessionPlace: r.sessionPlace,
    } : null,
  }));

  // Domains: the configured list, then any domain the plan still has content in that was since removed from it.
  const settings: DomainSetting[] = [...config.domains];
  const used = new Set([...entries.map((e) => e.domainKey), ...goals.map((g) => g.domainKey)]);
  for (const key of used) if (!settings.some((d) => d.key === key)) settings.push({ key, label: null, sensitiveByDefault: false });
  const { organisationId: _org, ...rest } = head;
  return {
    ...rest,
    decidedAt: iso(head.decidedAt),
    updatedAt: iso(head.updatedAt)!,
    domains: settings.map((d) => {
      const entry = entries.find((e) => e.domainKey === d.key);
      return {
        ...d,
        entry: entry ? { id: entry.id, situation: entry.situation, sensitive: entry.sensitive, shared: entry.shared, authorId: entry.authorId, updatedBy: entry.updatedBy, version: entry.version, updatedAt: iso(entry.updatedAt)!, updatedByName: entry.updatedByName } : null,
        scores: scores.filter((s) => s.domainKey === d.key).map(({ domainKey: _k, ...s }) => s),
      };
    }),
    goals: goals.map((g) => ({ ...g, updatedAt: iso(g.updatedAt)!, actions: actions.filter((a) => a.goalId === g.id) })),
    proposals,
  };
}

/**
 * Whether a role may read a domain's situation and scores. Scores follow the situation; a domain nobody wrote a
 * situation for yet follows its default (zorg & welzijn is sensitive by default: its scores are the professional's).
 */
export function domainVisible(actor: Actor, domain: Pick<PlanDomain, 'entry' | 'sensitiveByDefault'>): boolean {
  if (domain.entry) return partVisible(actor, domain.entry);
  return partVisible(actor, { sensitive: domain.sensitiveByDefault, shared: false, authorId: null });
}

/**
 * AUTH-FIELDS: the plan as one role may receive it. A hidden domain keeps only its name and says it is hidden
 * (so nobody types into it in vain); a hidden goal goes with its actions, leaving no trace.
 */
export function filterForActor(actor: Actor, doc: PlanDocument): PlanDocument {
  return {
    ...doc,
    domains: doc.domains.map((d) => {
      if (d.entry && !partVisible(actor, d.entry)) return { ...d, entry: null, scores: [], hidden: true };
      if (!d.entry && d.scores.length > 0 && !domainVisible(actor, d)) return { ...d, scores: [] };
      return d;
    }),
    goals: doc.goals.filter((g) => partVisible(actor, g)),
  };
}

/** The trend of a domain's self-reliance: the latest score against the one before. */
export function trendOf(scores: readonly ScorePoint[]): 'up' | 'down' | 'same' | null {
  if (scores.length < 2) return null;
  const last = scores[scores.length - 1]!.score;
  const before = scores[scores.length - 2]!.score;
  return last > before ? 'up' : last < before ? 'down' : 'same';
}
