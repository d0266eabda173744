import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import { found, notFound, type Caller, type Outcome } from '../../platform/context.ts';
import { partVisible, resolvePlan } from './access.ts';
import { filterForActor, loadPlanDocument, type PlanAction, type PlanDocument, type PlanGoal } from './document.ts';
import { domainHidden, EVALUATION_AUDIT, headingOf, type PlanHeading } from './evaluations.ts';
import type { ActionStatus, GoalStatus, VersionReason } from './schema.ts';

// The frozen versions of a plan (freeze.ts takes them when a plan is established and at every evaluation) and
// the comparison of any two. Snapshots hold the whole plan with its sensitivity flags: every read filters them
// for the caller (filterForActor), so a volunteer never sees a hidden goal in an old version either.

/** A frozen version's snapshot: the plan document as it was (document.ts). */
export type PlanSnapshot = PlanDocument;

export interface VersionMeta {
  number: number;
  reason: VersionReason;
  evaluationId: string | null;
  /** The day of the evaluation talk that froze it. */
  evaluationHeldOn: string | null;
  frozenAt: string;
  frozenByName: string | null;
}

export interface VersionView extends VersionMeta {
  /** Filtered for the caller (AUTH-FIELDS). */
  snapshot: PlanSnapshot;
}

const META = sql`v.number, v.reason, v.evaluation_id as "evaluationId", e.held_on::text as "evaluationHeldOn",
  v.frozen_at as "frozenAt", u.display_name as "frozenByName"`;

type MetaRow = Omit<VersionMeta, 'frozenAt'> & { frozenAt: string | Date };
const meta = (r: MetaRow): VersionMeta => ({ ...r, frozenAt: new Date(r.frozenAt).toISOString() });

/** The versions of a plan, oldest first (audited read, counts only). */
export async function listVersions(tx: Tx, caller: Caller, planId: string): Promise<Outcome<{ plan: PlanHeading; items: VersionMeta[] }>> {
  const resolved = await resolvePlan(tx, caller, planId, 'plan.read');
  if (!resolved.ok) return resolved;
  const doc = (await loadPlanDocument(tx, planId))!;
  const items = rowsOf<MetaRow>(await tx.execute(sql`
    select ${META} from plan_versions v left join evaluations e on e.id = v.evaluation_id left join users u on u.id = v.frozen_by
     where v.plan_id = ${planId} order by v.number`)).map(meta);
  await writeAudit(tx, caller.audit, {
    action: EVALUATION_AUDIT.versionList, result: 'ok', recordType: 'plan', recordId: planId, subjectHouseholdId: doc.householdId, detail: { versions: items.length },
  });
  return found({ plan: headingOf(doc), items });
}

/** A version number from a path or query: a positive integer, or null (answered as a version that does not exist). */
export function versionNumber(value: string | null | undefined): number | null {
  if (!value || !/^\d{1,9}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 ? n : null;
}

/**
 * A snapshot as the caller may see it: filtered by its own flags (filterForActor), and also without what is
 * hidden from her in the plan now: a goal a professional has since marked sensitive stays out of old versions.
 */
export function snapshotForActor(caller: Caller, snapshot: PlanSnapshot, current: PlanDocument): PlanSnapshot {
  const filtered = filterForActor(caller.actor, snapshot);
  const hiddenGoals = new Set(current.goals.filter((g) => !partVisible(caller.actor, g)).map((g) => g.id));
  const hiddenDomains = new Set(current.domains.filter((d) => domainHidden(caller.actor, d)).map((d) => d.key));
  return {
    ...filtered,
    domains: filtered.domains.map((d) => (hiddenDomains.has(d.key) ? { ...d, entry: null, scores: [] } : d)),
    goals: filtered.goals.filter((g) => !hiddenGoals.has(g.id)),
  };
}

async function loadVersions(tx: Tx, caller: Caller, planId: string, numbers: readonly (number | null)[]): Promise<VersionView[] | null> {
  const wanted = numbers.filter((n): n is number => n !== null);
  if (wanted.length !== numbers.length) return null;
  const rows = rowsOf<MetaRow & { snapshot: PlanSnapshot | string }>(await tx.execute(sql`
    select ${META}, v.snapshot from plan_versions v left join evaluations e on e.id = v.evaluation_id left join users u on u.id = v.frozen_by
     where v.plan_id = ${planId} and v.number in (${sql.join(wanted.map((n) => sql`${n}::int`), sql`, `)})`));
  const current = (await loadPlanDocument(tx, planId))!;
  const out: VersionView[] = [];
  for (const n of wanted) {
    const row = rows.find((r) => r.number === n);
    if (!row) return null;
    const { snapshot, ...rest } = row;
    const doc = (typeof snapshot === 'string' ? JSON.parse(snapshot) : snapshot) as PlanSnapshot;
    out.push({ ...meta(rest), snapshot: snapshotForActor(caller, doc, current) });
  }
  return out;
}

async function versionNotFound(tx: Tx, caller: Caller, householdId: string, planId: string, attempted: string): Promise<Outcome<never>> {
  await writeAudit(tx, caller.audit, { action: 'access.denied', result: 'not_found', recordType: 'plan_version', recordId: planId, subjectHouseholdId: householdId, detail: { attempted } });
  return notFound();
}

/** One version, filtered for the caller (audited read). An unknown number is 404. */
export async function readVersion(tx: Tx, caller: Caller, planId: string, number: number | null): Promise<Outcome<{ plan: PlanHeading; version: VersionView }>> {
  const resolved = await resolvePlan(tx, caller, planId, 'plan.read');
  if (!resolved.ok) return resolved;
  const householdId = resolved.value.plan.householdId;
  const versions = await loadVersions(tx, caller, planId, [number]);
  if (!versions) return versionNotFound(tx, caller, householdId, planId, 'plan.read');
  const version = versions[0]!;
  await writeAudit(tx, caller.audit, {
    action: EVALUATION_AUDIT.versionRead, result: 'ok', recordType: 'plan', recordId: planId, subjectHouseholdId: householdId, detail: { version: version.number },
  });
  return found({ plan: headingOf((await loadPlanDocument(tx, planId))!), version });
}

// ---- Comparing two versions -------------------------------------------------------------------------------------

export type ScoreChange = 'higher' | 'lower' | 'same' | 'new' | 'gone';

export interface DomainComparison {
  key: string;
  label: string | null;
  /** The situation in each version; null when none was written (or it is hidden from the caller). */
  situationA: string | null;
  situationB: string | null;
  situationChanged: boolean;
  /** The latest self-reliance score in each version. */
  scoreA: number | null;
  scoreB: number | null;
  scoreChange: ScoreChange | null;
}

export interface ActionChange {
  id: string;
  description: string;
  status: ActionStatus;
  dueOn: string | null;
}

export interface GoalComparison {
  id: string;
  domainKey: string;
  /** In both versions, only in b (added), or only in a (removed). */
  presence: 'both' | 'added' | 'removed';
  textA: string | null;
  textB: string | null;
  textChanged: boolean;
  statusA: GoalStatus | null;
  statusB: GoalStatus | null;
  statusChanged: boolean;
  targetDateA: string | null;
  targetDateB: string | null;
  targetDateChanged: boolean;
  actionsAdded: ActionChange[];
  actionsDone: ActionChange[];
  actionsRemoved: ActionChange[];
  changed: boolean;
}

export interface PlanComparison {
  a: VersionMeta;
  b: VersionMeta;
  domains: DomainComparison[];
  goals: GoalComparison[];
  /** Domains and goals that differ. */
  changes: number;
}

const latestScore = (scores: readonly { score: number }[]): number | null => (scores.length ? scores[scores.length - 1]!.score : null);

export function scoreChange(a: number | null, b: number | null): ScoreChange | null {
  if (a === null && b === null) return null;
  if (a === null) return 'new';
  if (b === null) return 'gone';
  return b > a ? 'higher' : b < a ? 'lower' : 'same';
}

const actionChange = (x: PlanAction): ActionChange => ({ id: x.id, description: x.description, status: x.status, dueOn: x.dueOn });

function compareGoal(a: PlanGoal | undefined, b: PlanGoal | undefined): GoalComparison {
  const either = (b ?? a)!;
  const actionsA = a?.actions ?? [];
  const actionsB = b?.actions ?? [];
  const actionsAdded = actionsB.filter((x) => !actionsA.some((y) => y.id === x.id)).map(actionChange);
  const actionsRemoved = actionsA.filter((x) => !actionsB.some((y) => y.id === x.id)).map(actionChange);
  // Done in b, and not done in a (an action added and done between the two counts as added and done).
  const actionsDone = actionsB.filter((x) => x.status === 'done' && actionsA.find((y) => y.id === x.id)?.status !== 'done').map(actionChange);
  const textChanged = (a?.text ?? null) !== (b?.text ?? null);
  const statusChanged = (a?.status ?? null) !== (b?.status ?? null);
  const targetDateChanged = (a?.targetDate ?? null) !== (b?.targetDate ?? null);
  return {
    id: either.id,
    domainKey: either.domainKey,
    presence: a && b ? 'both' : b ? 'added' : 'removed',
    textA: a?.text ?? null, textB: b?.text ?? null, textChanged,
    statusA: a?.status ?? null, statusB: b?.status ?? null, statusChanged,
    targetDateA: a?.targetDate ?? null, targetDateB: b?.targetDate ?? null, targetDateChanged,
    actionsAdded, actionsDone, actionsRemoved,
    changed: textChanged || statusChanged || targetDateChanged || actionsAdded.length > 0 || actionsDone.length > 0 || actionsRemoved.length > 0
      || (a?.domainKey ?? either.domainKey) !== (b?.domainKey ?? either.domainKey),
  };
}

/**
 * Compare two snapshots (both already filtered for the caller): per domain the situation and the latest score,
 * per goal (matched by id) text, status, target date and actions; goals added and removed. Domains in b's
 * order, then any only in a; goals in b's order, then those removed.
 */
export function comparePlans(a: PlanSnapshot, b: PlanSnapshot): Omit<PlanComparison, 'a' | 'b'> {
  const keys = [...b.domains.map((d) => d.key), ...a.domains.map((d) => d.key).filter((k) => !b.domains.some((d) => d.key === k))];
  const domains = keys.map((key): DomainComparison => {
    const da = a.domains.find((d) => d.key === key);
    const db = b.domains.find((d) => d.key === key);
    const situationA = da?.entry?.situation ?? null;
    const situationB = db?.entry?.situation ?? null;
    const scoreA = latestScore(da?.scores ?? []);
    const scoreB = latestScore(db?.scores ?? []);
    return { key, label: db?.label ?? da?.label ?? null, situationA, situationB, situationChanged: situationA !== situationB, scoreA, scoreB, scoreChange: scoreChange(scoreA, scoreB) };
  });
  const ids = [...b.goals.map((g) => g.id), ...a.goals.map((g) => g.id).filter((id) => !b.goals.some((g) => g.id === id))];
  const goals = ids.map((id) => compareGoal(a.goals.find((g) => g.id === id), b.goals.find((g) => g.id === id)));
  const changes = domains.filter((d) => d.situationChanged || (d.scoreChange !== null && d.scoreChange !== 'same')).length + goals.filter((g) => g.changed).length;
  return { domains, goals, changes };
}

/**
 * Compare any two versions of a plan, both filtered for the caller (audited read). An unknown number is 404.
 * `'latest'` for both: the last version against the one before it (a link without numbers, a language switch).
 */
export async function compareVersions(tx: Tx, caller: Caller, planId: string, a: number | null | 'latest', b: number | null | 'latest'): Promise<Outcome<{ plan: PlanHeading; comparison: PlanComparison; versions: VersionMeta[] }>> {
  const resolved = await resolvePlan(tx, caller, planId, 'plan.read');
  if (!resolved.ok) return resolved;
  const householdId = resolved.value.plan.householdId;
  if (a === 'latest' || b === 'latest') {
    const last = rowsOf<{ n: number | null }>(await tx.execute(sql`select max(number) as n from plan_versions where plan_id = ${planId}`))[0]?.n ?? null;
    a = last === null ? null : Math.max(1, last - 1);
    b = last;
  }
  const loaded = await loadVersions(tx, caller, planId, [a, b]);
  if (!loaded) return versionNotFound(tx, caller, householdId, planId, 'plan.read');
  const [va, vb] = loaded as [VersionView, VersionView];
  const { snapshot: sa, ...ma } = va;
  const { snapshot: sb, ...mb } = vb;
  const comparison: PlanComparison = { a: ma, b: mb, ...comparePlans(sa, sb) };
  const versions = rowsOf<MetaRow>(await tx.execute(sql`
    select ${META} from plan_versions v left join evaluations e on e.id = v.evaluation_id left join users u on u.id = v.frozen_by
     where v.plan_id = ${planId} order by v.number`)).map(meta);
  await writeAudit(tx, caller.audit, {
    action: EVALUATION_AUDIT.versionCompare, result: 'ok', recordType: 'plan', recordId: planId, subjectHouseholdId: householdId,
    detail: { a: ma.number, b: mb.number, changes: comparison.changes },
  });
  return found({ plan: headingOf((await loadPlanDocument(tx, planId))!), comparison, versions });
}
