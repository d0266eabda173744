import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../platform/db/client.ts';
import { addDays } from '../households/index.ts';
import type { DemoResult } from './demo.ts';

// Inburgering beside the plans of the first volunteer (coach@thuis.demo, Anne): PIP goals for everyone with a
// PIP, a signed PVT, an exam passed and one failed (so the free-attempts count shows), a MAP under way, and one
// person moved from Basis to Laag 1 with her history. Deterministic: the same demo on every start.

const PIP_GOALS = [
  'Ik haal mijn inburgeringsexamen op niveau B1.',
  'Ik rond de MAP af en heb een eindgesprek bij de gemeente.',
  'Ik doe vrijwilligerswerk om Nederlands te oefenen.',
  'Ik weet welke opleiding of welk werk bij mij past.',
];

export async function seedInburgeringPart(database: Database, demo: DemoResult, today: string): Promise<void> {
  const coach = demo.users['coach@thuis.demo'];
  if (!coach) return;
  await database.system(async (tx) => {
    const adults = rowsOf<{ id: string; householdId: string; organisationId: string; pipDate: string | null; createdOn: string; layer: string }>(await tx.execute(sql`
      select m.id, m.household_id as "householdId", m.organisation_id as "organisationId", m.pip_date::text as "pipDate",
             m.created_at::date::text as "createdOn", m.pyramid_layer as layer
        from household_members m join households h on h.id = m.household_id
        join coach_assignments ca on ca.household_id = h.id and ca.ended_at is null and ca.coach_id = ${coach}
       where m.date_of_birth is null or m.date_of_birth <= ${today}::date - interval '18 years'
       order by h.reference, case m.relation when 'head' then 0 when 'partner' then 1 else 2 end, m.id`));
    // Results lie in the past and after the PIP; an adult whose PIP is too recent has her PVT still to sign.
    const after = (pip: string, days: number): string | null => (addDays(pip, days) < today ? addDays(pip, days) : null);
    let withPip = 0;
    let examsDone = false;
    let mapDone = false;
    for (const a of adults) {
      if (!a.pipDate) continue;
      const n = withPip++;
      const org = a.organisationId;
      for (const [i, text] of [PIP_GOALS[n % PIP_GOALS.length]!, PIP_GOALS[(n + 1) % PIP_GOALS.length]!].entries()) {
        await tx.execute(sql`insert into pip_goals (organisation_id, household_id, member_id, text, position, created_by)
          values (${org}, ${a.householdId}, ${a.id}, ${text}, ${i}, ${coach})`);
      }
      // The participation statement: signed after the workshops (at least 12 hours).
      const signed = after(a.pipDate, 45);
      await tx.execute(sql`insert into inburgering_milestones (organisation_id, household_id, member_id, kind, date, result, hours, recorded_by)
        values (${org}, ${a.householdId}, ${a.id}, 'pvt', ${signed ?? addDays(today, 14)}, ${signed ? 'passed' : 'planned'}, ${signed ? 12 : 4}, ${coach})`);
      const read = after(a.pipDate, 120);
      const spoke = after(a.pipDate, 121);
      if (!examsDone && read && spoke) {
        examsDone = true;
        // Reading passed; speaking failed once: one free attempt left for an asylum status holder.
        await tx.execute(sql`insert into inburgering_milestones (organisation_id, household_id, member_id, kind, skill, level, date, result, recorded_by) values
          (${org}, ${a.householdId}, ${a.id}, 'exam', 'lezen', 'a2', ${read}, 'passed', ${coach}),
          (${org}, ${a.householdId}, ${a.id}, 'exam', 'spreken', 'a2', ${spoke}, 'failed', ${coach}),
          (${org}, ${a.householdId}, ${a.id}, 'exam', 'spreken', 'a2', ${addDays(today, 40)}, 'planned', ${coach})`);
        await tx.execute(sql`insert into inburgering_milestones (organisation_id, household_id, member_id, kind, date, result, recorded_by)
          values (${org}, ${a.householdId}, ${a.id}, 'knm', ${addDays(today, 25)}, 'planned', ${coach})`);
      } else if (!mapDone) {
        mapDone = true;
        await tx.execute(sql`insert into inburgering_milestones (organisation_id, household_id, member_id, kind, result, hours, recorded_by)
          values (${org}, ${a.householdId}, ${a.id}, 'map', 'planned', 16, ${coach})`);
      }
    }
    // One person moved up from Basis to Laag 1 a month ago: the layer before it runs from her registration.
    const mover = adults.find((a) => a.layer === 'basis');
    if (mover) {
      const since = addDays(today, -30);
      const from = mover.createdOn < since ? mover.createdOn : addDays(since, -60);
      await tx.execute(sql`insert into pyramid_layer_history (organisation_id, household_id, member_id, layer, since, recorded_by, created_at) values
        (${mover.organisationId}, ${mover.householdId}, ${mover.id}, 'basis', ${from}, null, now() - interval '1 second'),
        (${mover.organisationId}, ${mover.householdId}, ${mover.id}, 'laag1', ${since}, ${coach}, now())`);
      await tx.execute(sql`update household_members set pyramid_layer = 'laag1' where id = ${mover.id}`);
    }
  });
}
