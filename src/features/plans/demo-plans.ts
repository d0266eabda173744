import { sql } from 'drizzle-orm';
import type { Caller } from '../../platform/context.ts';
import { rowsOf, type Database } from '../../platform/db/client.ts';
import type { DemoResult } from './demo.ts';
import { freezeVersion } from './freeze.ts';
import { ensurePlans } from './plans.ts';

const SEED_AUDIT = { requestId: 'seed', origin: null, actorUserId: null, actorRole: null, organisationId: null };

/** Goals in the newcomer's own words, per plan kind, with their actions (days from today; negative: overdue). */
const POP_GOALS = [
  {
    domain: 'werk_inkomen', text: 'Ik wil weer werken, het liefst als kapper.', status: 'in_progress', vngKind: 'hoofddoel', vngValue: 'betaald_werken', months: 9,
    actions: [
      { description: 'Samen een cv maken', owner: 'coach', days: 14 },
      { description: "Diploma's laten waarderen bij IDW", owner: 'newcomer', days: 30 },
    ],
  },
  {
    domain: 'financien', text: 'Ik begrijp mijn brieven over geld zelf.', status: 'open', vngKind: 'aandachtspunt', vngValue: 'financien', months: 6,
    actions: [
      { description: 'Zorgtoeslag aanvragen', owner: 'formulierenteam', days: 7 },
      { description: 'Inschrijven bij de bibliotheek voor het taalcafé', owner: 'newcomer', days: -6 },
    ],
  },
  { domain: 'onderwijs', text: 'Ik spreek Nederlands met de buren.', status: 'open', vngKind: 'aandachtspunt', vngValue: 'taal', months: 12, actions: [] },
] as const;

const HOUSEHOLD_GOALS = [
  {
    domain: 'wonen', text: 'Wij hebben een huis dat af is en waar we ons thuis voelen.', status: 'in_progress', offerKey: 'wonen_inrichting', months: 3,
    actions: [{ description: 'Gordijnen en een wasmachine halen bij de kringloop', owner: 'newcomer', days: 10 }],
  },
  {
    domain: 'opvoeding', text: 'Onze kinderen gaan graag naar school en sporten bij een club.', status: 'open', offerKey: 'kinderen_school_sport', months: 6,
    actions: [{ description: 'Kinderen aanmelden bij de voetbalclub', owner: 'partner', partner: 'Jeugdfonds Sport & Cultuur', days: 21 }],
  },
] as const;

const SITUATIONS: Record<string, { text: string; score: number }> = {
  wonen: { text: 'Het huis is klein maar schoon. Er zijn nog geen gordijnen en er is geen wasmachine.', score: 3 },
  financien: { text: 'De uitkering loopt. De post van de Belastingdienst en de zorgverzekeraar is lastig te begrijpen.', score: 2 },
  werk_inkomen: { text: 'Werkte elf jaar als kapper. Wil graag weer aan het werk.', score: 2 },
  onderwijs: { text: 'Volgt nog geen taalles. Spreekt een beetje Engels.', score: 2 },
  opvoeding: { text: 'De kinderen gaan naar de basisschool in de wijk en hebben het naar hun zin.', score: 4 },
};

/**
 * Plans for the households of the demo coach (Anne, a volunteer) with an open trajectory, at most ten: the
 * household plan and the POPs, situations and intake scores, goals in the newcomer's words with actions (one for
 * the formulierenteam, one overdue), a sensitive goal only the professional sees, one POP approved and one
 * waiting for Sanne's approval. The organisation requires approval of volunteers' plans. Set-based.
 */
export async function seedPlansPart(database: Database, demo: DemoResult, today: string): Promise<void> {
  const mvs = demo.organisations.mvs;
  const anne = demo.users['coach@thuis.demo'];
  const sanne = demo.users['beroepskracht@thuis.demo'];
  if (!mvs || !anne || !sanne) return;
  await database.system(async (tx) => {
    await tx.execute(sql`update organisations set plan_approval_required = true where id = ${mvs}`);
    const households = rowsOf<{ id: string }>(await tx.execute(sql`
      select h.id from households h
        join coach_assignments ca on ca.household_id = h.id and ca.ended_at is null and ca.coach_id = ${anne}
       where h.organisation_id = ${mvs}
         and (select t.status from trajectories t where t.household_id = h.id order by t.started_on desc, t.created_at desc limit 1) = 'open'
       order by h.reference limit 10`)).map((r) => r.id);
    if (households.length === 0) return;
    await ensurePlans(tx, households, anne, today);
    const ids = `{${households.join(',')}}`;
    const plansOf = sql`select p.*, t.started_on from plans p join trajectories t on t.id = p.trajectory_id where p.household_id = any(${ids}::uuid[])`;

    // Situations and intake scores: the POPs in their domains, the household plan in wonen and opvoeding.
    const situations = Object.entries(SITUATIONS).map(([key, s]) => sql`(${key}::text, ${s.text}::text, ${s.score}::int, ${key === 'wonen' || key === 'opvoeding'}::boolean)`);
    const domainRows = sql`(values ${sql.join(situations, sql`, `)}) as d(key, text, score, household)`;
    await tx.execute(sql`
      insert into plan_domain_entries (organisation_id, household_id, plan_id, domain_key, situation, author_id, updated_by, updated_at, created_at)
      select p.organisation_id, p.household_id, p.id, d.key, d.text, ${anne}::uuid, ${anne}::uuid, least(p.started_on + 12, ${today}::date), least(p.started_on + 12, ${today}::date)
        from (${plansOf}) p cross join ${domainRows}
       where (p.kind = 'household') = d.household
      on conflict (plan_id, domain_key) do nothing`);
    await tx.execute(sql`
      insert into domain_scores (organisation_id, household_id, plan_id, domain_key, score, scored_on, recorded_by)
      select e.organisation_id, e.household_id, e.plan_id, e.domain_key,
             least(5, greatest(1, d.score + (('x' || substr(md5(e.plan_id::text || e.domain_key), 1, 2))::bit(8)::int % 3) - 1)),
             least(p.started_on + 12, ${today}::date), ${anne}::uuid
        from plan_domain_entries e join (${plansOf}) p on p.id = e.plan_id join ${domainRows} on d.key = e.domain_key
      on conflict (plan_id, domain_key) where evaluation_id is null do nothing`);

    // Goals and their actions, for every plan of these households.
    const goalSets = [
      ...POP_GOALS.map((g, i) => ({ kind: 'personal', ...g, offerKey: null as string | null, position: i })),
      ...HOUSEHOLD_GOALS.map((g, i) => ({ kind: 'household', ...g, vngKind: null as string | null, vngValue: null as string | null, position: i })),
    ];
    for (const g of goalSets) {
      const goals = rowsOf<{ id: string; householdId: string; organisationId: string; planId: string }>(await tx.execute(sql`
        insert into plan_goals (organisation_id, household_id, plan_id, domain_key, text, vng_kind, vng_value, status, target_date, author_id, offer_key, position, updated_by, updated_at, created_at)
        select p.organisation_id, p.household_id, p.id, ${g.domain}, ${g.text}, ${g.vngKind}, ${g.vngValue}, ${g.status},
               (${today}::date + make_interval(months => ${g.months}::int))::date, ${anne}::uuid, ${g.offerKey}, ${g.position}, ${anne}::uuid, least(p.started_on + 12, ${today}::date), least(p.started_on + 12, ${today}::date)
          from (${plansOf}) p
         where p.kind = ${g.kind} and not exists (select 1 from plan_goals x where x.plan_id = p.id and x.text = ${g.text})
        returning id, household_id as "householdId", organisation_id as "organisationId", plan_id as "planId"`));
      if (!goals.length) continue;
      for (const a of g.actions) {
        const partner = 'partner' in a ? a.partner : null;
        await tx.execute(sql`
          insert into plan_actions (organisation_id, household_id, plan_id, goal_id, description, owner, owner_partner, due_on, created_by, updated_by)
          select g.organisation_id, g.household_id, g.plan_id, g.id, ${a.description}, ${a.owner}, ${partner}, ${today}::date + ${a.days}::int, ${anne}::uuid, ${anne}::uuid
            from plan_goals g where g.id = any(${`{${goals.map((x) => x.id).join(',')}}`}::uuid[])`);
      }
    }

    // The first household's head: a sensitive goal the professional wrote (the volunteer does not see it), and an
    // approved POP; the second household's head: a POP waiting for Sanne's approval.
    const heads = rowsOf<{ planId: string; startedOn: string }>(await tx.execute(sql`
      select p.id as "planId", p.started_on::text as "startedOn" from (${plansOf}) p join household_members m on m.id = p.member_id
        join households h on h.id = p.household_id
       where m.relation = 'head' order by h.reference limit 2`));
    const [approved, awaiting] = heads;
    if (approved) {
      await tx.execute(sql`
        insert into plan_goals (organisation_id, household_id, plan_id, domain_key, text, status, sensitive, shared, author_id, position, updated_by)
        select organisation_id, household_id, id, 'zorg_welzijn', 'Ik slaap beter.', 'open', true, false, ${sanne}::uuid, 10, ${sanne}::uuid
          from plans p where p.id = ${approved.planId} and not exists (select 1 from plan_goals x where x.plan_id = p.id and x.text = 'Ik slaap beter.')`);
      const establishedOn = sql`least(${today}::date, ${approved.startedOn}::date + 24)`;
      const done = rowsOf<{ id: string }>(await tx.execute(sql`
        update plans set status = 'established', established_on = ${establishedOn}, submitted_by = ${anne}, submitted_at = ${establishedOn} - 2,
               decided_by = ${sanne}, decided_at = ${establishedOn}::timestamptz + interval '10 hours', version = version + 2, updated_by = ${sanne}
         where id = ${approved.planId} and status = 'draft' returning id`));
      if (done.length) {
        await tx.execute(sql`insert into plan_decisions (organisation_id, household_id, plan_id, decision, decided_by, decided_at)
          select organisation_id, household_id, id, 'approved', ${sanne}, decided_at from plans where id = ${approved.planId}`);
        const caller: Caller = {
          actor: { userId: sanne, organisationId: mvs, organisationKind: 'welfare', municipalTask: true, role: 'professional', regieMunicipalityCodes: [], mfaPassed: true },
          audit: SEED_AUDIT,
        };
        await freezeVersion(tx, caller, approved.planId, 'established');
      }
    }
    if (awaiting) {
      await tx.execute(sql`
        update plans set status = 'awaiting_approval', submitted_by = ${anne}, submitted_at = now() - interval '2 days', version = version + 1, updated_by = ${anne}
         where id = ${awaiting.planId} and status = 'draft'`);
    }
  });
}
