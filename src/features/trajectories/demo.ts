import { sql } from 'drizzle-orm';
import type { Caller } from '../../platform/context.ts';
import type { Database } from '../../platform/db/client.ts';
import { rowsOf } from '../../platform/db/client.ts';
import type { DemoResult } from '../demo/seed.ts';
import { RETENTION_YEARS_AFTER_CLOSE } from './programme.ts';
import { ensureTemplates } from './templates.ts';
import { startTrajectories } from './trajectories.ts';

const SEED_AUDIT = { requestId: 'seed', origin: null, actorUserId: null, actorRole: null, organisationId: null };

/**
 * Trajectories for every demo household with a housing date, a checklist that looks lived-in (items due more
 * than three weeks ago mostly done, a few left overdue so "Mijn werk" has signals), Vlaardingen on an
 * 18-month programme (maatwerk per gemeente), and one file closed after a move. Set-based: a few statements.
 */
export async function seedTrajectoriesDemo(database: Database, demo: DemoResult, today: string): Promise<void> {
  await database.system(async (tx) => {
    const mvs = demo.organisations.mvs!;
    await tx.execute(sql`update organisation_municipalities set trajectory_months = 18, version = version + 1
                          where organisation_id = ${mvs} and municipality_code = 'GM0622'`);
    for (const [key, coordinator] of [['mvs', 'coordinator@thuis.demo'], ['other', 'coordinator@andere.demo']] as const) {
      const organisationId = demo.organisations[key];
      if (!organisationId) continue;
      await ensureTemplates(tx, organisationId);
      const caller: Caller = {
        actor: { userId: demo.users[coordinator]!, organisationId, organisationKind: 'welfare', municipalTask: key === 'mvs', role: 'coordinator', regieMunicipalityCodes: [], mfaPassed: true },
        audit: SEED_AUDIT,
      };
      const ids = rowsOf<{ id: string }>(await tx.execute(sql`select id from households where organisation_id = ${organisationId} and housing_date is not null`));
      await startTrajectories(tx, caller, ids.map((r) => r.id));
    }
    // A deterministic "dice roll" per item (0–99) so the demo is the same on every start.
    const dice = sql`(('x' || substr(md5(ci.id::text || ci.due_on::text), 1, 4))::bit(16)::int % 100)`;
    const coachOf = sql`coalesce((select ca.coach_id from coach_assignments ca where ca.household_id = ci.household_id and ca.ended_at is null limit 1), ${demo.users['beroepskracht@thuis.demo']!}::uuid)`;
    await tx.execute(sql`
      update checklist_items ci set status = 'done', version = 2, updated_by = ${coachOf},
             done_on = least(${today}::date, ci.due_on - 3 + (${dice} % 12)),
             updated_at = least(${today}::date, ci.due_on - 3 + (${dice} % 12))::timestamptz + interval '14 hours',
             note = case when ${dice} % 7 = 0 then 'Samen met het formulierenteam aangevraagd.' else null end
       where ci.status = 'open' and ci.organisation_id in (${mvs}, ${demo.organisations.other ?? mvs})
         and ((ci.due_on < ${today}::date - 21 and ${dice} < 86)
           or (ci.due_on >= ${today}::date - 21 and ci.due_on < ${today}::date and ${dice} < 45)
           or (ci.due_on >= ${today}::date and ${dice} < 12))`);
    await tx.execute(sql`
      update checklist_items ci set status = 'not_applicable', version = 2, updated_by = ${coachOf}, updated_at = now(),
             not_applicable_reason = case ci.item_key when 'library' then 'Heeft al een pas via school.'
                                                      when 'dentist' then 'Blijft bij de tandarts in de vorige woonplaats.'
                                                      else 'Al geregeld voor de verhuizing.' end
       where ci.status = 'open' and ci.item_key in ('library', 'dentist', 'home_insurance') and ${dice} >= 94`);
    // One file closed after a move, in a household no volunteer guides (so the coaches' journeys stay writable).
    const closing = rowsOf<{ id: string }>(await tx.execute(sql`
      select t.id from trajectories t join households h on h.id = t.household_id
       where t.organisation_id = ${mvs} and t.status = 'open' and t.started_on < ${today}::date - 120
         and not exists (select 1 from coach_assignments ca join users u on u.id = ca.coach_id
                          where ca.household_id = h.id and ca.ended_at is null and u.role = 'volunteer')
       order by h.reference desc limit 1`));
    if (closing[0]) {
      await tx.execute(sql`
        update trajectories set status = 'closed', close_reason = 'moved', moved_to_municipality_code = 'GM0599',
               closed_on = least(${today}::date - 14, started_on + 200), closed_by = ${demo.users['beroepskracht@thuis.demo']!},
               closing_evaluation = 'Het gezin heeft de basis goed op orde: inschrijving, zorgverzekering, toeslagen en school zijn geregeld. De inburgering is gestart. Het gezin is verhuisd naar Rotterdam, dichter bij familie.',
               handover_note = 'Warme overdracht aan het wijkteam Rotterdam-Noord; de huisarts is op de hoogte. Aandachtspunt: post over de toeslagen samen doorlopen.',
               retention_until = (least(${today}::date - 14, started_on + 200) + make_interval(years => ${RETENTION_YEARS_AFTER_CLOSE}))::date,
               version = version + 1
         where id = ${closing[0].id}`);
      // As closeTrajectory does: the coach's assignment ends with the trajectory.
      await tx.execute(sql`update coach_assignments set ended_at = now()
        where ended_at is null and household_id = (select household_id from trajectories where id = ${closing[0].id})`);
    }
  });
}
