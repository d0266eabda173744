import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Database } from '../../platform/db/client.ts';
import { addDays, FILE_CLOSED } from '../households/index.ts';
import { DEMO_EDITIONS } from './demo-catalogue.ts';
import type { DemoResult } from './demo.ts';

// Demo enrolments into the catalogue part's editions (DEMO_EDITIONS): the running empowerment group full with 15
// and two on the waitlist, eight people in the earlier one, six in the PVT, three in the upcoming Maassluis group,
// one of them answering a proposal in her POP. Adults of Anne's households come first, so the demo coach sees her
// people in the groups. Deterministic given `today`; one read of the pool and one insert.

interface Pick {
  memberId: string;
  householdId: string;
}

/** A moment `minutes` after 09:00 UTC on `date`: the waitlist order the demo shows. */
const at = (date: string, minutes: number): string => new Date(Date.parse(`${date}T09:00:00Z`) + minutes * 60_000).toISOString();

export async function seedEnrolmentsDemoPart(database: Database, demo: DemoResult, today: string): Promise<void> {
  const mvs = demo.organisations.mvs;
  const anne = demo.users['coach@thuis.demo'];
  const coordinator = demo.users['coordinator@thuis.demo'] ?? null;
  if (!mvs || !anne) return;
  await database.system(async (tx) => {
    const titles = Object.values(DEMO_EDITIONS).map((e) => e.title);
    const editions = rowsOf<{ id: string; title: string; capacity: number }>(await tx.execute(sql`
      select id, title, capacity from group_editions where organisation_id = ${mvs} and title in (${sql.join(titles.map((t) => sql`${t}`), sql`, `)})`));
    const byTitle = new Map(editions.map((e) => [e.title, e]));
    const running = byTitle.get(DEMO_EDITIONS.empowermentRunning.title);
    const earlier = byTitle.get(DEMO_EDITIONS.empowermentEarlier.title);
    const pvt = byTitle.get(DEMO_EDITIONS.pvtSchiedam.title);
    const samenleving = byTitle.get(DEMO_EDITIONS.samenlevingMaassluis.title);

    // Adults of open files: Anne's households first, then the other coaches', then those still waiting for one.
    const pool = rowsOf<Pick>(await tx.execute(sql`
      select m.id as "memberId", h.id as "householdId"
        from household_members m join households h on h.id = m.household_id
        left join coach_assignments ca on ca.household_id = h.id and ca.ended_at is null
       where h.organisation_id = ${mvs} and m.relation in ('head', 'partner') and not ${FILE_CLOSED}
       order by (ca.coach_id = ${anne}) desc nulls last, ca.coach_id is null, h.reference, m.relation = 'partner', m.given_names, m.family_name`));
    if (!pool.length) return;

    // A POP of one of Anne's households proposes the Maassluis group; its person is enrolled from that proposal.
    const pop = samenleving
      ? rowsOf<{ planId: string; householdId: string; memberId: string }>(await tx.execute(sql`
          select p.id as "planId", p.household_id as "householdId", p.member_id as "memberId"
            from plans p join households h on h.id = p.household_id
            join coach_assignments ca on ca.household_id = h.id and ca.ended_at is null and ca.coach_id = ${anne}
           where p.kind = 'personal' and p.member_id is not null and not ${FILE_CLOSED}
           order by h.reference, p.created_at, p.id limit 1`))[0]
      : undefined;
    let proposalId: string | null = null;
    if (pop) {
      proposalId = rowsOf<{ id: string }>(await tx.execute(sql`
        select id from enrolment_proposals where plan_id = ${pop.planId} and offer_key = ${DEMO_EDITIONS.samenlevingMaassluis.offerKey} and status <> 'withdrawn' limit 1`))[0]?.id ?? null;
      if (proposalId) {
        await tx.execute(sql`update enrolment_proposals set status = 'enrolled' where id = ${proposalId}`);
      } else {
        proposalId = rowsOf<{ id: string }>(await tx.execute(sql`
          insert into enrolment_proposals (organisation_id, household_id, plan_id, member_id, offer_key, status, created_by, created_at)
          values (${mvs}, ${pop.householdId}, ${pop.planId}, ${pop.memberId}, ${DEMO_EDITIONS.samenlevingMaassluis.offerKey}, 'enrolled', ${anne}, ${at(addDays(today, -10), 0)})
          returning id`))[0]!.id;
      }
    }

    /** `count` people from the pool starting at `from` (wrapping round a small demo), never one twice in a group. */
    const take = (from: number, count: number, exclude: ReadonlySet<string> = new Set()): Pick[] => {
      const out: Pick[] = [];
      for (let i = 0; out.length < count && i < pool.length; i++) {
        const p = pool[(from + i) % pool.length]!;
        if (!exclude.has(p.memberId) && !out.some((o) => o.memberId === p.memberId)) out.push(p);
      }
      return out;
    };

    const rows: SQL[] = [];
    const add = (editionId: string, p: Pick, status: 'enrolled' | 'waitlisted', requestedAt: string, proposal: string | null = null) => {
      rows.push(sql`(${mvs}, ${editionId}, ${p.householdId}, ${p.memberId}, ${proposal}, ${status}, ${requestedAt}::timestamptz,
        ${status === 'enrolled' ? requestedAt : null}::timestamptz, ${coordinator})`);
    };
    if (running) {
      // Full: as many as fit, then two on the waitlist in the order they asked.
      take(0, running.capacity + 2).forEach((p, i) => add(running.id, p, i < running.capacity ? 'enrolled' : 'waitlisted', at(addDays(today, -35), i * 7)));
    }
    if (earlier) take(17, Math.min(8, earlier.capacity)).forEach((p, i) => add(earlier.id, p, 'enrolled', at(addDays(today, -110), i * 11)));
    if (pvt) take(25, Math.min(6, pvt.capacity)).forEach((p, i) => add(pvt.id, p, 'enrolled', at(addDays(today, -45), i * 13)));
    if (samenleving) {
      const fromPlan = pop ? [{ memberId: pop.memberId, householdId: pop.householdId }] : [];
      fromPlan.forEach((p) => add(samenleving.id, p, 'enrolled', at(addDays(today, -10), 0), proposalId));
      take(31, 3 - fromPlan.length, new Set(fromPlan.map((p) => p.memberId)))
        .forEach((p, i) => add(samenleving.id, p, 'enrolled', at(addDays(today, -9), i * 17)));
    }
    if (!rows.length) return;
    await tx.execute(sql`
      insert into group_enrolments (organisation_id, edition_id, household_id, member_id, proposal_id, status, requested_at, enrolled_at, created_by)
      values ${sql.join(rows, sql`, `)}`);
  });
}
