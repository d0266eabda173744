import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import { conflict, forbidden, found, type Caller, type Outcome } from '../../platform/context.ts';
import { auditForbidden } from '../households/index.ts';
import { isUuid, partVisible, partVisibleSql, type PlanAccess, type PlanFacts } from './access.ts';
import { loadPlanConfig, type DomainSetting } from './config.ts';
import type { DomainEntry, EnrolmentProposal, PlanAction, PlanGoal, ScorePoint } from './document.ts';
import { ownerIssue, vngIssue, type ActionInput, type ActionPatch, type DomainInput, type GoalInput, type GoalPatch, type ProposalInput } from './inputs.ts';
import { threeWayMerge, type Fields, type FieldValue, type MergeConflict } from './merge.ts';
import { hiddenPart, PLAN_AUDIT, todayIso, touchPlan, writablePlan } from './plans.ts';

// Writing the plan: a domain's situation and intake score, goals, actions, and proposals for group programmes.
// Every edit states the version it read (REL-LOCK). Pages also send what they showed (the base), so a change
// that does not collide with someone else's is merged; the API answers 409 with the current record instead.

/** How an edit asks to be merged: pages send the base values; the API sends none (409 on a stale version). */
export interface EditOptions {
  base?: Fields;
}

/** A saved edit, and whose change it was merged with (null when nothing had changed meanwhile). */
export interface Saved<T> {
  value: T;
  mergedWith: { userId: string | null; name: string | null } | null;
}

interface Editable<V> {
  version: number;
  fields: Fields;
  updatedBy: string | null;
  updatedByName: string | null;
  updatedAt: string;
  view: V;
}

type MergeStep<V> =
  | { ok: true; mergedWith: Saved<V>['mergedWith'] }
  | { ok: false; missing: true }
  | { ok: false; missing: false; current: unknown };

/**
 * The REL-LOCK loop of one edit: write `mine` when the version is the one read; else merge it with the current
 * row when the page sent a base, or give up with the current row (API). A write that loses a race goes round
 * again against the new current row.
 */
async function editWithMerge<V>(o: {
  load: () => Promise<Editable<V> | null>;
  version: number;
  mine: Fields;
  base: Fields | undefined;
  validate: (values: Fields, current: Editable<V>) => Promise<void> | void;
  write: (values: Fields, current: Editable<V>) => Promise<boolean>;
}): Promise<MergeStep<V>> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const current = await o.load();
    if (!current) return { ok: false, missing: true };
    let values: Fields;
    let mergedWith: Saved<V>['mergedWith'] = null;
    if (current.version === o.version) {
      values = { ...current.fields, ...o.mine };
    } else if (o.base) {
      const result = threeWayMerge(o.base, o.mine, current.fields);
      if (result.conflicts.length) {
        const details: MergeConflict<V> = {
          kind: 'merge', current: current.view, version: current.version, conflicts: result.conflicts,
          mine: o.mine, theirs: current.fields, merged: result.merged, byName: current.updatedByName, at: current.updatedAt,
        };
        return { ok: false, missing: false, current: details };
      }
      values = result.merged;
      mergedWith = { userId: current.updatedBy, name: current.updatedByName };
    } else {
      return { ok: false, missing: false, current: current.view };
    }
    await o.validate(values, current);
    if (await o.write(values, current)) return { ok: true, mergedWith };
  }
  const current = await o.load();
  return current ? { ok: false, missing: false, current: current.view } : { ok: false, missing: true };
}

function invalid(fields: FieldError[]): never {
  throw new AppError('VALIDATION', { fields });
}

/** Only the fields that were sent: what this writer changes. */
function sentFields(input: Record<string, unknown>, keys: readonly string[]): Fields {
  const out: Fields = {};
  for (const k of keys) if (input[k] !== undefined) out[k] = input[k] as FieldValue;
  return out;
}

/** AUTH-FIELDS: marking a part sensitive or shared is the professional's; anyone else sending it is refused. */
async function sensitivityAllowed(tx: Tx, caller: Caller, access: PlanAccess, input: { sensitive?: boolean | undefined; shared?: boolean | undefined }): Promise<boolean> {
  if (input.sensitive === undefined && input.shared === undefined) return true;
  if (access.permissions.canWriteSensitivePlan) return true;
  await auditForbidden(tx, caller, access.householdId, 'plan.write_sensitive');
  return false;
}

const iso = (v: string | Date) => new Date(v).toISOString();

// --- Domains: the situation in a few lines and the intake score -----------------------------------------------

export interface DomainView {
  key: string;
  entry: DomainEntry | null;
  scores: ScorePoint[];
}

const DOMAIN_FIELDS = ['situation', 'score', 'sensitive', 'shared'] as const;

async function domainSetting(tx: Tx, caller: Caller, access: PlanAccess, planId: string, domainKey: string): Promise<DomainSetting | null> {
  const config = await loadPlanConfig(tx, caller.actor.organisationId, access.municipalityCode);
  const configured = config.domains.find((d) => d.key === domainKey);
  if (configured) return configured;
  // A domain since removed from the configuration still holds what was written in it.
  const used = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from plan_domain_entries where plan_id = ${planId} and domain_key = ${domainKey}`))[0]!.n;
  return used ? { key: domainKey, label: null, sensitiveByDefault: false } : null;
}

async function loadDomain(tx: Tx, planId: string, setting: DomainSetting): Promise<(Editable<DomainView> & { hiddenFrom: (c: Caller) => boolean }) | null> {
  const entry = rowsOf<DomainEntry & { updatedBy: string | null; updatedAt: string | Date }>(await tx.execute(sql`
    select e.id, e.situation, e.sensitive, e.shared, e.author_id as "authorId", e.version, e.updated_at as "updatedAt",
           e.updated_by as "updatedBy", u.display_name as "updatedByName"
      from plan_domain_entries e left join users u on u.id = e.updated_by where e.plan_id = ${planId} and e.domain_key = ${setting.key}`))[0];
  const scores = rowsOf<ScorePoint>(await tx.execute(sql`
    select score, scored_on::text as "scoredOn", evaluation_id as "evaluationId" from domain_scores
     where plan_id = ${planId} and domain_key = ${setting.key} order by scored_on, evaluation_id nulls first, created_at`));
  const intake = scores.find((s) => s.evaluationId === null);
  const { updatedBy, ...shown } = entry ?? { updatedBy: null };
  const view: DomainView = { key: setting.key, entry: entry ? { ...(shown as DomainEntry), updatedAt: iso(entry.updatedAt) } : null, scores };
  return {
    version: entry?.version ?? 0,
    fields: { situation: entry?.situation ?? null, score: intake?.score ?? null, sensitive: entry?.sensitive ?? setting.sensitiveByDefault, shared: entry?.shared ?? false },
    updatedBy,
    updatedByName: entry?.updatedByName ?? null,
    updatedAt: entry ? iso(entry.updatedAt) : new Date(0).toISOString(),
    view,
    hiddenFrom: (c) => !!entry && !partVisible(c.actor, entry),
  };
}

/**
 * Write a domain's situation and intake score (one per domain). A new entry in a domain that is sensitive by
 * default starts sensitive, with the writer as its author (AUTH-FIELDS). An entry hidden from the writer answers
 * as one that does not exist (404): she cannot overwrite what she may not read.
 */
export async function saveDomain(tx: Tx, caller: Caller, planId: string, domainKey: string, input: DomainInput, options: EditOptions = {}, today = todayIso()): Promise<Outcome<Saved<DomainView>>> {
  const open = await writablePlan(tx, caller, planId);
  if (!open.ok) return open;
  const { plan, access } = open.value;
  if (!(await sensitivityAllowed(tx, caller, access, input))) return forbidden();
  const setting = /^[a-z0-9_-]{1,40}$/.test(domainKey) ? await domainSetting(tx, caller, access, plan.id, domainKey) : null;
  if (!setting) return hiddenPart(tx, caller, access.householdId, 'plan_domain', domainKey, 'plan.write');
  let hidden = false;
  const step = await editWithMerge<DomainView>({
    load: async () => {
      const d = await loadDomain(tx, plan.id, setting);
      if (d?.hiddenFrom(caller)) {
        hidden = true;
        return null;
      }
      return d;
    },
    version: input.version,
    // PUT: the situation and the intake score are replaced (absent is empty).
    mine: { ...sentFields(input, DOMAIN_FIELDS), situation: input.situation ?? null, score: input.score ?? null },
    base: options.base,
    validate: () => {},
    write: async (values, current) => {
      const me = caller.actor.userId;
      if (current.version === 0) {
        const inserted = rowsOf<{ id: string }>(await tx.execute(sql`
          insert into plan_domain_entries (organisation_id, household_id, plan_id, domain_key, situation, sensitive, shared, author_id, updated_by)
          values (${caller.actor.organisationId}, ${access.householdId}, ${plan.id}, ${setting.key}, ${values.situation as string | null},
                  ${values.sensitive === true}, ${values.shared === true}, ${me}, ${me})
          on conflict (plan_id, domain_key) do nothing returning id`));
        if (!inserted.length) return false;
      } else {
        const updated = rowsOf<{ id: string }>(await tx.execute(sql`
          update plan_domain_entries set situation = ${values.situation as string | null}, sensitive = ${values.sensitive === true}, shared = ${values.shared === true},
                 version = version + 1, updated_by = ${me}, updated_at = now()
           where plan_id = ${plan.id} and domain_key = ${setting.key} and version = ${current.version} returning id`));
        if (!updated.length) return false;
      }
      if (values.score === null) {
        await tx.execute(sql`delete from domain_scores where plan_id = ${plan.id} and domain_key = ${setting.key} and evaluation_id is null`);
      } else if (values.score !== current.fields.score) {
        // The intake score keeps the day it was first taken; a correction changes the number only.
        await tx.execute(sql`
          insert into domain_scores (organisation_id, household_id, plan_id, domain_key, score, scored_on, recorded_by)
          values (${caller.actor.organisationId}, ${access.householdId}, ${plan.id}, ${setting.key}, ${values.score as number}, ${today}, ${me})
          on conflict (plan_id, domain_key) where evaluation_id is null do update set score = excluded.score, recorded_by = excluded.recorded_by`);
      }
      return true;
    },
  });
  if (!step.ok) {
    if (step.missing || hidden) return hiddenPart(tx, caller, access.householdId, 'plan_domain', domainKey, 'plan.write');
    return conflict(step.current);
  }
  await touchPlan(tx, caller, plan.id);
  const saved = (await loadDomain(tx, plan.id, setting))!;
  await writeAudit(tx, caller.audit, {
    action: PLAN_AUDIT.domainUpdate, result: 'ok', recordType: 'plan_domain_entry', recordId: saved.view.entry?.id, subjectHouseholdId: access.householdId,
    // The domain's key and whether a score is set; never the situation or the score of a (possibly sensitive) domain.
    detail: { domain: setting.key, scored: saved.fields.score !== null, version: saved.version, merged: step.mergedWith !== null },
  });
  return found({ value: saved.view, mergedWith: step.mergedWith });
}

// --- Goals ------------------------------------------------------------------------------------------------------

const GOAL_FIELDS = ['domainKey', 'text', 'vngKind', 'vngValue', 'status', 'targetDate', 'sensitive', 'shared'] as const;

async function loadActions(tx: Tx, where: ReturnType<typeof sql>): Promise<(PlanAction & { updatedBy: string | null; updatedByName: string | null; updatedAt: string })[]> {
  const rows = rowsOf<PlanAction & { updatedBy: string | null; updatedByName: string | null; updatedAt: string | Date }>(await tx.execute(sql`
    select a.id, a.goal_id as "goalId", a.description, a.owner, a.owner_member_id as "ownerMemberId",
           split_part(m.given_names, ' ', 1) as "ownerMemberName", a.owner_partner as "ownerPartner",
           a.due_on::text as "dueOn", a.status, a.done_on::text as "doneOn", a.version,
           a.updated_by as "updatedBy", u.display_name as "updatedByName", a.updated_at as "updatedAt"
      from plan_actions a join plan_goals g on g.id = a.goal_id
      left join household_members m on m.id = a.owner_member_id
      left join users u on u.id = a.updated_by
     where ${where} order by a.due_on nulls last, a.created_at, a.id`));
  return rows.map((r) => ({ ...r, updatedAt: iso(r.updatedAt) }));
}

const publicAction = ({ updatedBy: _by, updatedByName: _name, updatedAt: _at, ...a }: PlanAction & { updatedBy: string | null; updatedByName: string | null; updatedAt: string }): PlanAction => a;

/** A goal the caller may see (AUTH-FIELDS in SQL: a hidden goal is exactly like one that does not exist). */
export async function loadGoal(tx: Tx, caller: Caller, planId: string, goalId: string): Promise<(Editable<PlanGoal>) | null> {
  if (!isUuid(goalId)) return null;
  const row = rowsOf<Omit<PlanGoal, 'actions'> & { updatedBy: string | null; updatedAt: string | Date }>(await tx.execute(sql`
    select g.id, g.domain_key as "domainKey", g.text, g.vng_kind as "vngKind", g.vng_value as "vngValue", g.status,
           g.target_date::text as "targetDate", g.sensitive, g.shared, g.author_id as "authorId", g.offer_key as "offerKey",
           g.version, g.updated_at as "updatedAt", g.updated_by as "updatedBy", u.display_name as "updatedByName"
      from plan_goals g left join users u on u.id = g.updated_by
     where g.id = ${goalId} and g.plan_id = ${planId} and ${partVisibleSql(caller.actor, 'g')}`))[0];
  if (!row) return null;
  const { updatedBy, ...goal } = row;
  const actions = (await loadActions(tx, sql`a.goal_id = ${goalId}`)).map(publicAction);
  const view: PlanGoal = { ...goal, updatedAt: iso(row.updatedAt), actions };
  return {
    version: goal.version,
    fields: { domainKey: goal.domainKey, text: goal.text, vngKind: goal.vngKind, vngValue: goal.vngValue, status: goal.status, targetDate: goal.targetDate, sensitive: goal.sensitive, shared: goal.shared },
    updatedBy, updatedByName: goal.updatedByName, updatedAt: view.updatedAt, view,
  };
}

async function domainKeys(tx: Tx, caller: Caller, access: PlanAccess): Promise<DomainSetting[]> {
  return (await loadPlanConfig(tx, caller.actor.organisationId, access.municipalityCode)).domains;
}

/**
 * Add a goal in the newcomer's words. In a domain that is sensitive by default it starts sensitive with the writer
 * as author; only a professional or coordinator may set sensitive and shared herself (AUTH-FIELDS). A goal taken
 * over from the pyramid keeps the offer's key.
 */
export async function addGoal(tx: Tx, caller: Caller, planId: string, input: GoalInput): Promise<Outcome<PlanGoal>> {
  const open = await writablePlan(tx, caller, planId);
  if (!open.ok) return open;
  const { plan, access } = open.value;
  if (!(await sensitivityAllowed(tx, caller, access, input))) return forbidden();
  const config = await loadPlanConfig(tx, caller.actor.organisationId, access.municipalityCode);
  const domain = config.domains.find((d) => d.key === input.domainKey);
  const errors: FieldError[] = [];
  if (!domain) errors.push({ field: 'domainKey', message: 'validation.invalid_choice' });
  if (input.offerKey && !config.offers.some((o) => o.kind === 'individual' && o.key === input.offerKey)) errors.push({ field: 'offerKey', message: 'validation.invalid_choice' });
  if (errors.length) invalid(errors);
  const sensitive = input.sensitive ?? domain!.sensitiveByDefault;
  const me = caller.actor.userId;
  const id = rowsOf<{ id: string }>(await tx.execute(sql`
    insert into plan_goals (organisation_id, household_id, plan_id, domain_key, text, vng_kind, vng_value, status, target_date, sensitive, shared, author_id, offer_key, position, updated_by)
    select ${caller.actor.organisationId}, ${access.householdId}, ${plan.id}, ${domain!.key}, ${input.text}, ${input.vngKind ?? null}, ${input.vngValue ?? null},
           ${input.status ?? 'open'}, ${input.targetDate ?? null}, ${sensitive}, ${input.shared ?? false}, ${me}, ${input.offerKey ?? null},
           coalesce((select max(position) + 1 from plan_goals where plan_id = ${plan.id}), 0), ${me}
    returning id`))[0]!.id;
  await touchPlan(tx, caller, plan.id);
  await writeAudit(tx, caller.audit, {
    action: PLAN_AUDIT.goalCreate, result: 'ok', recordType: 'plan_goal', recordId: id, subjectHouseholdId: access.householdId,
    detail: { domain: domain!.key, sensitive, offer: input.offerKey ?? null },
  });
  return found((await loadGoal(tx, caller, plan.id, id))!.view);
}

/** Change a goal (REL-LOCK; pages merge with a change that does not collide). */
export async function updateGoal(tx: Tx, caller: Caller, planId: string, goalId: string, input: GoalPatch, options: EditOptions = {}): Promise<Outcome<Saved<PlanGoal>>> {
  const open = await writablePlan(tx, caller, planId);
  if (!open.ok) return open;
  const { plan, access } = open.value;
  if (!(await sensitivityAllowed(tx, caller, access, input))) return forbidden();
  const domains = await domainKeys(tx, caller, access);
  const step = await editWithMerge<PlanGoal>({
    load: () => loadGoal(tx, caller, plan.id, goalId),
    version: input.version,
    mine: sentFields(input, GOAL_FIELDS),
    base: options.base,
    validate: (values, current) => {
      const errors: FieldError[] = [];
      if (values.domainKey !== current.fields.domainKey && !domains.some((d) => d.key === values.domainKey)) errors.push({ field: 'domainKey', message: 'validation.invalid_choice' });
      const vng = vngIssue(values.vngKind as string | null, values.vngValue as string | null);
      if (vng) errors.push({ field: vng.path, message: vng.message });
      if (errors.length) invalid(errors);
    },
    write: async (v, current) => (rowsOf<{ id: string }>(await tx.execute(sql`
      update plan_goals set domain_key = ${v.domainKey as string}, text = ${v.text as string}, vng_kind = ${(v.vngKind as string | null) || null},
             vng_value = ${(v.vngValue as string | null) || null}, status = ${v.status as string}, target_date = ${(v.targetDate as string | null) || null},
             sensitive = ${v.sensitive === true}, shared = ${v.shared === true},
             version = version + 1, updated_by = ${caller.actor.userId}, updated_at = now()
       where id = ${goalId} and plan_id = ${plan.id} and version = ${current.version} returning id`))).length > 0,
  });
  if (!step.ok) return step.missing ? hiddenPart(tx, caller, access.householdId, 'plan_goal', goalId, 'plan.write') : conflict(step.current);
  await touchPlan(tx, caller, plan.id);
  const saved = (await loadGoal(tx, caller, plan.id, goalId))!;
  await writeAudit(tx, caller.audit, {
    action: PLAN_AUDIT.goalUpdate, result: 'ok', recordType: 'plan_goal', recordId: goalId, subjectHouseholdId: access.householdId,
    detail: { domain: saved.view.domainKey, status: saved.view.status, sensitive: saved.view.sensitive, shared: saved.view.shared, version: saved.version, merged: step.mergedWith !== null },
  });
  return found({ value: saved.view, mergedWith: step.mergedWith });
}

// --- Actions ----------------------------------------------------------------------------------------------------

const ACTION_FIELDS = ['description', 'owner', 'ownerMemberId', 'ownerPartner', 'dueOn', 'status'] as const;

async function memberOf(tx: Tx, householdId: string, memberId: string): Promise<boolean> {
  return rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from household_members where id = ${memberId} and household_id = ${householdId}`))[0]!.n > 0;
}

/** Owner fields as stored: the person only for 'member', the organisation's name only for 'partner'. */
function ownerColumns(v: { owner?: FieldValue | undefined; ownerMemberId?: FieldValue | undefined; ownerPartner?: FieldValue | undefined }): { memberId: string | null; partner: string | null } {
  return {
    memberId: v.owner === 'member' ? ((v.ownerMemberId as string | null) || null) : null,
    partner: v.owner === 'partner' ? ((v.ownerPartner as string | null) || null) : null,
  };
}

async function loadAction(tx: Tx, caller: Caller, planId: string, actionId: string): Promise<Editable<PlanAction> | null> {
  if (!isUuid(actionId)) return null;
  const row = (await loadActions(tx, sql`a.id = ${actionId} and a.plan_id = ${planId} and ${partVisibleSql(caller.actor, 'g')}`))[0];
  if (!row) return null;
  return {
    version: row.version,
    fields: { description: row.description, owner: row.owner, ownerMemberId: row.ownerMemberId, ownerPartner: row.ownerPartner, dueOn: row.dueOn, status: row.status },
    updatedBy: row.updatedBy, updatedByName: row.updatedByName, updatedAt: row.updatedAt, view: publicAction(row),
  };
}

/** Add an action under a goal the caller may see: what, who, by when. */
export async function addAction(tx: Tx, caller: Caller, planId: string, goalId: string, input: ActionInput): Promise<Outcome<PlanAction>> {
  const open = await writablePlan(tx, caller, planId);
  if (!open.ok) return open;
  const { plan, access } = open.value;
  const goal = await loadGoal(tx, caller, plan.id, goalId);
  if (!goal) return hiddenPart(tx, caller, access.householdId, 'plan_goal', goalId, 'plan.write');
  const owner = ownerColumns(input);
  if (owner.memberId && !(await memberOf(tx, access.householdId, owner.memberId))) invalid([{ field: 'ownerMemberId', message: 'validation.invalid_choice' }]);
  const me = caller.actor.userId;
  const id = rowsOf<{ id: string }>(await tx.execute(sql`
    insert into plan_actions (organisation_id, household_id, plan_id, goal_id, description, owner, owner_member_id, owner_partner, due_on, created_by, updated_by)
    values (${caller.actor.organisationId}, ${access.householdId}, ${plan.id}, ${goalId}, ${input.description}, ${input.owner}, ${owner.memberId}, ${owner.partner},
            ${input.dueOn ?? null}, ${me}, ${me})
    returning id`))[0]!.id;
  await touchPlan(tx, caller, plan.id);
  await writeAudit(tx, caller.audit, {
    action: PLAN_AUDIT.actionCreate, result: 'ok', recordType: 'plan_action', recordId: id, subjectHouseholdId: access.householdId,
    detail: { owner: input.owner, due: input.dueOn ? true : false },
  });
  return found((await loadAction(tx, caller, plan.id, id))!.view);
}

/** Change an action: done (with today's date), cancelled, open again, or its what, who and when (REL-LOCK). */
export async function updateAction(tx: Tx, caller: Caller, planId: string, actionId: string, input: ActionPatch, options: EditOptions = {}, today = todayIso()): Promise<Outcome<Saved<PlanAction>>> {
  const open = await writablePlan(tx, caller, planId);
  if (!open.ok) return open;
  const { plan, access } = open.value;
  const step = await editWithMerge<PlanAction>({
    load: () => loadAction(tx, caller, plan.id, actionId),
    version: input.version,
    mine: sentFields(input, ACTION_FIELDS),
    base: options.base,
    validate: async (values) => {
      const issue = ownerIssue({ owner: values.owner as string, ownerMemberId: values.ownerMemberId as string | null, ownerPartner: values.ownerPartner as string | null });
      if (issue) invalid([{ field: issue.path, message: issue.message }]);
      const owner = ownerColumns(values);
      if (owner.memberId && !(await memberOf(tx, access.householdId, owner.memberId))) invalid([{ field: 'ownerMemberId', message: 'validation.invalid_choice' }]);
    },
    write: async (v, current) => {
      const owner = ownerColumns(v);
      // Done keeps the day it was first done; open and cancelled have no such day.
      const doneOn = v.status === 'done' ? (current.fields.status === 'done' ? current.view.doneOn ?? today : today) : null;
      return (rowsOf<{ id: string }>(await tx.execute(sql`
        update plan_actions set description = ${v.description as string}, owner = ${v.owner as string}, owner_member_id = ${owner.memberId},
               owner_partner = ${owner.partner}, due_on = ${(v.dueOn as string | null) || null}, status = ${v.status as string}, done_on = ${doneOn},
               version = version + 1, updated_by = ${caller.actor.userId}, updated_at = now()
         where id = ${actionId} and plan_id = ${plan.id} and version = ${current.version} returning id`))).length > 0;
    },
  });
  if (!step.ok) return step.missing ? hiddenPart(tx, caller, access.householdId, 'plan_action', actionId, 'plan.write') : conflict(step.current);
  await touchPlan(tx, caller, plan.id);
  const saved = (await loadAction(tx, caller, plan.id, actionId))!;
  await writeAudit(tx, caller.audit, {
    action: PLAN_AUDIT.actionUpdate, result: 'ok', recordType: 'plan_action', recordId: actionId, subjectHouseholdId: access.householdId,
    detail: { owner: saved.view.owner, status: saved.view.status, version: saved.version, merged: step.mergedWith !== null },
  });
  return found({ value: saved.view, mergedWith: step.mergedWith });
}

// --- Proposals for group programmes -----------------------------------------------------------------------------

/**
 * Propose a group programme of the pyramid for the plan's person (issue 5 turns it into an enrolment). Proposing
 * the same programme twice keeps the first proposal.
 */
export async function proposeEnrolment(tx: Tx, caller: Caller, planId: string, input: ProposalInput): Promise<Outcome<{ proposal: EnrolmentProposal; created: boolean }>> {
  const open = await writablePlan(tx, caller, planId);
  if (!open.ok) return open;
  const { plan, access } = open.value;
  const config = await loadPlanConfig(tx, caller.actor.organisationId, access.municipalityCode);
  const offer = config.offers.find((o) => o.kind === 'group' && (input.offerKey ? o.key === input.offerKey : !o.key && o.label === input.label));
  if (!offer) invalid([{ field: 'offerKey', message: 'validation.invalid_choice' }]);
  const match = offer.key ? sql`offer_key = ${offer.key}` : sql`offer_key is null and label = ${offer.label}`;
  const existing = rowsOf<EnrolmentProposal>(await tx.execute(sql`
    select id, offer_key as "offerKey", label, status from enrolment_proposals where plan_id = ${plan.id} and status <> 'withdrawn' and ${match} limit 1`))[0];
  if (existing) return found({ proposal: existing, created: false });
  const proposal = rowsOf<EnrolmentProposal>(await tx.execute(sql`
    insert into enrolment_proposals (organisation_id, household_id, plan_id, member_id, offer_key, label, created_by)
    values (${caller.actor.organisationId}, ${access.householdId}, ${plan.id}, ${plan.memberId}, ${offer.key}, ${offer.key ? null : offer.label}, ${caller.actor.userId})
    returning id, offer_key as "offerKey", label, status`))[0]!;
  await touchPlan(tx, caller, plan.id);
  await writeAudit(tx, caller.audit, {
    action: PLAN_AUDIT.proposalCreate, result: 'ok', recordType: 'enrolment_proposal', recordId: proposal.id, subjectHouseholdId: access.householdId,
    detail: { offer: offer.key ?? 'eigen' },
  });
  return found({ proposal, created: true });
}

export type { PlanFacts };
