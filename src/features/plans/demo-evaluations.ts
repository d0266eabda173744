import { sql } from 'drizzle-orm';
import type { Caller } from '../../platform/context.ts';
import { rowsOf, type Database } from '../../platform/db/client.ts';
import { parseInput } from '../../platform/validation.ts';
import { addDays } from '../households/index.ts';
import type { DemoResult } from './demo.ts';
import { partVisible } from './access.ts';
import { domainHidden, recordEvaluation } from './evaluations.ts';
import { EvaluationInput } from './evaluation-inputs.ts';
import { freezeVersion } from './freeze.ts';
import { loadPlanDocument } from './document.ts';

const SEED_AUDIT = { requestId: 'seed', origin: null, actorUserId: null, actorRole: null, organisationId: null };

/**
 * A progress talk on one or two established POPs of the demo coach's (Anne's) households, about three months
 * after the plan was established: two scores go up, a goal gets going, agreements are written down. It runs
 * through recordEvaluation as Anne, so the talk freezes version 2 and "Versies vergelijken" has something to show.
 * A POP established less than twelve weeks ago is too young for that talk; when the plans demo has no older one,
 * the POP of a household housed at least four months ago is approved here (by Sanne, as the plans demo does).
 */
export async function seedEvaluationsPart(database: Database, demo: DemoResult, today: string): Promise<void> {
  const mvs = demo.organisations.mvs;
  const anne = demo.users['coach@thuis.demo'];
  const sanne = demo.users['beroepskracht@thuis.demo'];
  if (!mvs || !anne || !sanne) return;
  const caller: Caller = {
    actor: { userId: anne, organisationId: mvs, organisationKind: 'welfare', municipalTask: true, role: 'volunteer', regieMunicipalityCodes: [], mfaPassed: true },
    audit: SEED_AUDIT,
  };
  const professional: Caller = { actor: { ...caller.actor, userId: sanne, role: 'professional' }, audit: SEED_AUDIT };
  await database.system(async (tx) => {
    const pops = sql`
      from plans p
      join coach_assignments ca on ca.household_id = p.household_id and ca.ended_at is null and ca.coach_id = ${anne}
      join trajectories t on t.id = p.trajectory_id and t.status = 'open'
      join households h on h.id = p.household_id
     where p.organisation_id = ${mvs} and p.kind = 'personal' and not exists (select 1 from evaluations e where e.plan_id = p.id)`;
    let plans = rowsOf<{ id: string; establishedOn: string; memberId: string }>(await tx.execute(sql`
      select p.id, p.established_on::text as "establishedOn", p.member_id as "memberId" ${pops}
         and p.status = 'established' and p.established_on <= ${today}::date - 84
       order by h.reference, p.id limit 2`));
    if (plans.length === 0) {
      const older = rowsOf<{ id: string; startedOn: string }>(await tx.execute(sql`
        select p.id, t.started_on::text as "startedOn" ${pops}
           and p.status = 'draft' and t.started_on <= ${today}::date - 120
           and (select count(*) from domain_scores s where s.plan_id = p.id and s.evaluation_id is null and s.scored_on <= t.started_on + 24) >= 2
           and exists (select 1 from plan_goals g where g.plan_id = p.id)
         order by h.reference, p.id limit 1`))[0];
      if (!older) return;
      const establishedOn = addDays(older.startedOn, 24);
      await tx.execute(sql`
        update plans set status = 'established', established_on = ${establishedOn}, submitted_by = ${anne}, submitted_at = ${establishedOn}::date - 2,
               decided_by = ${sanne}, decided_at = ${establishedOn}::timestamptz + interval '10 hours', version = version + 2, updated_by = ${sanne}
         where id = ${older.id}`);
      await tx.execute(sql`insert into plan_decisions (organisation_id, household_id, plan_id, decision, decided_by, decided_at)
        select organisation_id, household_id, id, 'approved', ${sanne}, decided_at from plans where id = ${older.id}`);
      plans = rowsOf<{ id: string; establishedOn: string; memberId: string }>(await tx.execute(sql`
        select id, established_on::text as "establishedOn", member_id as "memberId" from plans where id = ${older.id}`));
    }
    for (const plan of plans) {
      // The talk compares against the plan as it was agreed: version 1 (the plans demo freezes it; else here).
      const versions = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from plan_versions where plan_id = ${plan.id}`))[0]!.n;
      if (versions === 0) {
        await freezeVersion(tx, professional, plan.id, 'established');
        await tx.execute(sql`update plan_versions set frozen_at = ${plan.establishedOn}::timestamptz + interval '10 hours' where plan_id = ${plan.id} and number = 1`);
      }
      const doc = (await loadPlanDocument(tx, plan.id))!;
      const heldOn = [addDays(plan.establishedOn, 91), today].sort()[0]!;
      // Two domains Anne may see with room to grow: up by one, or by two from the bottom.
      const scores = doc.domains
        .filter((d) => !domainHidden(caller.actor, d) && d.scores.length > 0 && d.scores[d.scores.length - 1]!.score < 5)
        .slice(0, 2)
        .map((d) => {
          const last = d.scores[d.scores.length - 1]!.score;
          return { domainKey: d.key, score: Math.min(5, last + (last <= 2 ? 2 : 1)) };
        });
      const goals = doc.goals.filter((g) => partVisible(caller.actor, g));
      const started = goals.find((g) => g.status === 'open');
      const input = parseInput(EvaluationInput, {
        submissionKey: `demo-evaluation-${plan.id}`,
        heldOn,
        presentMemberIds: [plan.memberId],
        presentOthers: 'Tolk Arabisch (telefonisch)',
        agreements: 'Over zes weken weer een gesprek. Tot die tijd oefent ze elke week met haar taalmaatje en belt ze zelf de zorgverzekeraar.',
        scores,
        goals: goals.map((g) => ({
          goalId: g.id,
          status: g.id === started?.id ? 'in_progress' : g.status,
          note: g.id === started?.id ? 'Is begonnen. Gaat goed, nog wel hulp nodig bij de brieven.' : undefined,
          version: g.version,
        })),
      });
      const result = await recordEvaluation(tx, caller, plan.id, input);
      if (!result.ok) throw new Error(`demo evaluation for plan ${plan.id}: ${result.error}`);
      // The version was frozen at the talk, not at the moment the demo was made.
      await tx.execute(sql`update plan_versions set frozen_at = ${heldOn}::timestamptz + interval '11 hours' where evaluation_id = ${result.value.evaluation.id}`);
    }
  });
}
