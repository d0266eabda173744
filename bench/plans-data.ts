// Plans at benchmark scale (issue 4), set-based: every open trajectory gets its household plan and a POP per
// adult; each plan has situations in four life domains with intake scores, three goals in the newcomer's words
// (one in five sensitive, in zorg & welzijn) with two actions each, and four in five plans are established with
// one evaluation held. Deterministic: texts and statuses follow hashes of the ids.
import type { Database } from '../src/platform/db/client.ts';

const SITUATIONS = [
  'Woont sinds kort in een eengezinswoning; de inrichting is nog niet af.',
  'Post van de Belastingdienst en de gemeente stapelt zich op; hulp bij lezen nodig.',
  'Volgt taallessen op A1-niveau, wil graag werken in de zorg.',
  'Slaapt slecht sinds de vlucht; huisarts is bekend.',
];
const GOALS = [
  'Ik kan mijn post zelf lezen en begrijpen.',
  'Ik heb een vaste baan binnen twee jaar.',
  'Ik betaal mijn rekeningen op tijd.',
  'Mijn kinderen sporten bij een club.',
  'Ik spreek Nederlands met de buren.',
  'Ik slaap beter.',
];
const ACTIONS = ['Afspraak maken bij het formulierenteam', 'Samen de brief van DUO lezen', 'Inschrijven bij de sportclub', 'Cv maken met de coach'];

export async function loadPlanData(database: Database, organisationId: string, today: string): Promise<Record<string, number>> {
  const q = (text: string, params: unknown[] = []) => database.raw.query(text, params);
  // Plans: the household plan and a POP for every adult (18+, or head/partner without a date of birth).
  await q(`insert into plans (organisation_id, household_id, trajectory_id, member_id, kind, status, established_on)
    select t.organisation_id, t.household_id, t.id, null, 'household',
           case when abs(hashtext(t.id::text)) % 5 = 0 then 'draft' else 'established' end,
           case when abs(hashtext(t.id::text)) % 5 = 0 then null else least(t.started_on + 21, $2::date) end
      from trajectories t where t.organisation_id = $1 and t.status = 'open'
    union all
    select t.organisation_id, t.household_id, t.id, m.id, 'personal',
           case when abs(hashtext(m.id::text)) % 5 = 0 then 'draft' else 'established' end,
           case when abs(hashtext(m.id::text)) % 5 = 0 then null else least(t.started_on + 21, $2::date) end
      from trajectories t join household_members m on m.household_id = t.household_id
     where t.organisation_id = $1 and t.status = 'open'
       and (m.date_of_birth <= $2::date - interval '18 years' or (m.date_of_birth is null and m.relation in ('head','partner')))
    on conflict do nothing`, [organisationId, today]);
  const domains = `(values (0, 'wonen', false), (1, 'financien', false), (2, 'werk_inkomen', false), (3, 'zorg_welzijn', true)) as d(n, key, sensitive)`;
  await q(`insert into plan_domain_entries (organisation_id, household_id, plan_id, domain_key, situation, sensitive)
    select p.organisation_id, p.household_id, p.id, d.key, ($2::text[])[d.n + 1], d.sensitive
      from plans p cross join ${domains} where p.organisation_id = $1
    on conflict do nothing`, [organisationId, SITUATIONS]);
  await q(`insert into domain_scores (organisation_id, household_id, plan_id, domain_key, score, scored_on)
    select p.organisation_id, p.household_id, p.id, d.key, 1 + abs(hashtext(p.id::text || d.key)) % 3, coalesce(p.established_on, $2::date)
      from plans p cross join ${domains} where p.organisation_id = $1
    on conflict do nothing`, [organisationId, today]);
  await q(`insert into plan_goals (organisation_id, household_id, plan_id, domain_key, text, status, target_date, sensitive, position)
    select p.organisation_id, p.household_id, p.id,
           case when g.n = 2 and abs(hashtext(p.id::text)) % 5 = 0 then 'zorg_welzijn' else (array['financien','werk_inkomen','participatie'])[g.n + 1] end,
           case when g.n = 2 and abs(hashtext(p.id::text)) % 5 = 0 then 'Ik slaap beter.' else ($3::text[])[1 + abs(hashtext(p.id::text || g.n)) % 5] end,
           (array['open','in_progress','in_progress','reached'])[1 + abs(hashtext(p.id::text || 'g' || g.n)) % 4],
           $2::date + (30 * (g.n + 1)),
           g.n = 2 and abs(hashtext(p.id::text)) % 5 = 0, g.n
      from plans p cross join generate_series(0, 2) as g(n) where p.organisation_id = $1`, [organisationId, today, GOALS]);
  await q(`insert into plan_actions (organisation_id, household_id, plan_id, goal_id, description, owner, due_on, status, done_on)
    select g.organisation_id, g.household_id, g.plan_id, g.id, ($3::text[])[1 + abs(hashtext(g.id::text || a.n)) % 4],
           (array['newcomer','coach','formulierenteam'])[1 + abs(hashtext(g.id::text || 'o' || a.n)) % 3],
           $2::date + (abs(hashtext(g.id::text || 'd' || a.n)) % 60) - 20,
           case when abs(hashtext(g.id::text || 's' || a.n)) % 3 = 0 then 'done' else 'open' end,
           case when abs(hashtext(g.id::text || 's' || a.n)) % 3 = 0 then $2::date - 1 else null end
      from plan_goals g cross join generate_series(0, 1) as a(n) where g.organisation_id = $1`, [organisationId, today, ACTIONS]);
  // One evaluation held on every established plan whose first evaluation has come, with a new score per domain.
  await q(`insert into evaluations (organisation_id, household_id, plan_id, held_on, agreements)
    select organisation_id, household_id, id, established_on + 42, 'Volgende keer samen naar het formulierenteam.'
      from plans where organisation_id = $1 and status = 'established' and established_on + 42 <= $2::date`, [organisationId, today]);
  await q(`insert into domain_scores (organisation_id, household_id, plan_id, domain_key, score, scored_on, evaluation_id)
    select e.organisation_id, e.household_id, e.plan_id, d.key, 2 + abs(hashtext(e.id::text || d.key)) % 4, e.held_on, e.id
      from evaluations e cross join ${domains} where e.organisation_id = $1
    on conflict do nothing`, [organisationId]);
  const { rows } = await database.raw.query<Record<string, number>>(`
    select (select count(*)::int from plans) as plans, (select count(*)::int from plan_domain_entries) as plan_domain_entries,
           (select count(*)::int from domain_scores) as domain_scores, (select count(*)::int from plan_goals) as plan_goals,
           (select count(*)::int from plan_actions) as plan_actions, (select count(*)::int from evaluations) as evaluations`);
  return rows[0]!;
}
