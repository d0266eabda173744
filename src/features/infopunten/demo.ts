import { randomUUID } from 'node:crypto';
import type { Database } from '../../platform/db/client.ts';
import type { DemoResult } from '../demo/seed.ts';
import { addDays } from '../households/index.ts';
import type { InfopuntStaffKind, OpeningPeriod, VisitAuthority, VisitOutcome, VisitTopic, Weekday } from './schema.ts';
import { createRng, weighted } from '../../synthetic/rng.ts';

// The infopunten of the MVS demo organisation (seed 000: walk-in points with formulierenteams in Schiedam,
// Vlaardingen and Maassluis), who works there, and about 150 visits over the last ten weeks: mostly letters and
// allowances, mostly about the Belastingdienst/Toeslagen, mostly anonymous; a few linked to demo households (they
// show in those journals). Open follow-ups: one for Anne (a visitor referred to her as coach), one for Ingrid.
// Deterministic given `today` (a fixed pseudo-random sequence); every table is filled with one set-based insert.

const h = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const open = (day: Weekday, from: string, to: string): OpeningPeriod => ({ day, from: h(from), to: h(to) });

interface DemoInfopunt {
  key: 'schiedam' | 'vlaardingen' | 'maassluis';
  name: string;
  municipalityCode: string;
  address: string;
  hours: OpeningPeriod[];
  staff: { email: string; kind: InfopuntStaffKind }[];
}

export const DEMO_INFOPUNTEN: DemoInfopunt[] = [
  {
    key: 'schiedam', name: 'Infopunt Schiedam-Oost', municipalityCode: 'GM0606', address: 'Nieuwlandplein 12, 3119 AB Schiedam',
    hours: [open('mon', '09:00', '12:00'), open('wed', '13:00', '16:00'), open('fri', '09:00', '12:00')],
    staff: [{ email: 'infopunt@thuis.demo', kind: 'staff' }],
  },
  {
    key: 'vlaardingen', name: 'Infopunt Vlaardingen Centrum', municipalityCode: 'GM0622', address: 'Hoogstraat 140, 3131 BS Vlaardingen',
    hours: [open('mon', '09:00', '12:30'), open('mon', '13:30', '16:00'), open('tue', '09:00', '12:00'), open('thu', '09:00', '12:30'), open('thu', '13:30', '16:00')],
    staff: [{ email: 'infopunt@thuis.demo', kind: 'staff' }, { email: 'formulieren@thuis.demo', kind: 'formulierenteam' }],
  },
  {
    key: 'maassluis', name: 'Infopunt Maassluis', municipalityCode: 'GM0556', address: 'Lijnbaan 6, 3142 AV Maassluis',
    hours: [open('tue', '13:00', '16:00'), open('thu', '09:00', '12:00')],
    staff: [{ email: 'coach2@thuis.demo', kind: 'formulierenteam' }],
  },
];

// Letters and allowances most; the authority follows the topic.
const TOPICS: [VisitTopic, number][] = [
  ['letter', 30], ['allowances', 22], ['digid', 8], ['health_insurance', 8], ['benefits', 7], ['housing', 6], ['inburgering_duo', 6],
  ['debts', 5], ['school', 4], ['work', 4], ['energy', 4], ['other', 3],
];
const AUTHORITIES: Record<VisitTopic, [VisitAuthority, number][]> = {
  letter: [['belastingdienst_toeslagen', 35], ['gemeente', 20], ['duo', 10], ['uwv', 8], ['cak', 6], ['svb', 5], ['health_insurer', 6], ['housing_corporation', 5], ['energy_supplier', 5]],
  allowances: [['belastingdienst_toeslagen', 90], ['svb', 10]],
  digid: [['gemeente', 60], ['none', 40]],
  health_insurance: [['health_insurer', 70], ['cak', 30]],
  benefits: [['gemeente', 60], ['uwv', 30], ['svb', 10]],
  housing: [['housing_corporation', 75], ['gemeente', 25]],
  inburgering_duo: [['duo', 85], ['gemeente', 15]],
  debts: [['gemeente', 40], ['belastingdienst_toeslagen', 30], ['other', 30]],
  school: [['gemeente', 40], ['duo', 20], ['none', 40]],
  work: [['uwv', 70], ['gemeente', 30]],
  energy: [['energy_supplier', 85], ['gemeente', 15]],
  other: [['none', 60], ['other', 40]],
};
const OUTCOMES: [VisitOutcome, number][] = [['answered', 58], ['form_help', 28], ['follow_up', 7], ['referred_coach', 3], ['referred_partner', 4]];
const LANGUAGES: [string, number][] = [['ar', 34], ['ti', 16], ['nl', 18], ['prs', 6], ['fa', 5], ['uk', 6], ['so', 5], ['en', 5], ['tr', 5]];
const DURATIONS: [string, number][] = [['5', 12], ['10', 34], ['15', 22], ['20', 14], ['30', 11], ['45', 5], ['60', 2]];
/** Practical follow-up tasks (never a note about the person). */
const TASKS = [
  'Aanvraag huurtoeslag samen afmaken', 'Bezwaar Belastingdienst samen doorlopen', 'Formulier zorgtoeslag controleren',
  'Betalingsregeling energie aanvragen', 'DigiD-activatiecode ophalen en inloggen', 'Machtiging DUO regelen',
];

const DAY_OF: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export async function seedInfopuntenDemo(database: Database, demo: DemoResult, today: string): Promise<void> {
  const org = demo.organisations.mvs;
  const ingrid = demo.users['infopunt@thuis.demo'];
  const fatima = demo.users['formulieren@thuis.demo'];
  const youssef = demo.users['coach2@thuis.demo'];
  const anne = demo.users['coach@thuis.demo'];
  if (!org || !ingrid || !fatima || !youssef || !anne) return;
  const ids = Object.fromEntries(DEMO_INFOPUNTEN.map((i) => [i.key, randomUUID()])) as Record<DemoInfopunt['key'], string>;

  await database.rawTransaction(async (client) => {
    await client.query(
      `insert into infopunten (id, organisation_id, municipality_code, name, address, opening_hours)
       select x.id, $1::uuid, x.code, x.name, x.address, x.hours::jsonb
         from unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[]) as x(id, code, name, address, hours)`,
      [org, DEMO_INFOPUNTEN.map((i) => ids[i.key]), DEMO_INFOPUNTEN.map((i) => i.municipalityCode), DEMO_INFOPUNTEN.map((i) => i.name),
        DEMO_INFOPUNTEN.map((i) => i.address), DEMO_INFOPUNTEN.map((i) => JSON.stringify(i.hours))],
    );
    const staff = DEMO_INFOPUNTEN.flatMap((i) => i.staff.map((s) => ({ infopunt: ids[i.key], user: demo.users[s.email]!, kind: s.kind })));
    await client.query(
      `insert into infopunt_staff (organisation_id, infopunt_id, user_id, kind)
       select $1::uuid, x.infopunt, x.usr, x.kind from unnest($2::uuid[], $3::uuid[], $4::text[]) as x(infopunt, usr, kind)`,
      [org, staff.map((s) => s.infopunt), staff.map((s) => s.user), staff.map((s) => s.kind)],
    );

    // Households a visit may be linked to: open files coached by Anne or Youssef, first by reference.
    const { rows: coached } = await client.query<{ id: string; coach: string }>(
      `select h.id, ca.coach_id as coach from households h
         join coach_assignments ca on ca.household_id = h.id and ca.ended_at is null
        where h.organisation_id = $1 and ca.coach_id in ($2, $3)
          and not exists (select 1 from trajectories t where t.household_id = h.id and t.status = 'closed')
        order by (ca.coach_id = $2) desc, h.reference limit 4`,
      [org, anne, youssef],
    );
    const anneHouseholds = coached.filter((c) => c.coach === anne);

    const random = createRng(20_260_105);
    const v = { id: [] as string[], infopunt: [] as string[], by: [] as string[], on: [] as string[], at: [] as string[], topic: [] as string[],
      authority: [] as string[], language: [] as string[], interp: [] as boolean[], dur: [] as number[], outcome: [] as string[], hh: [] as (string | null)[] };
    const f = { visit: [] as string[], hh: [] as (string | null)[], to: [] as string[], due: [] as string[], text: [] as string[], status: [] as string[], doneAt: [] as (string | null)[] };
    const add = (o: { infopunt: DemoInfopunt; by: string; on: string; minute: number; topic: VisitTopic; authority: VisitAuthority; outcome: VisitOutcome;
      household: { id: string; coach: string } | null; language: string; interpreter: boolean; duration: number; followUp?: { text: string; open: boolean; dueIn: number } }) => {
      const id = randomUUID();
      v.id.push(id);
      v.infopunt.push(ids[o.infopunt.key]);
      v.by.push(o.by);
      v.on.push(o.on);
      // Logged during the opening hours, Dutch time (taken as UTC+1 for the demo).
      v.at.push(`${o.on}T${String(Math.floor(o.minute / 60)).padStart(2, '0')}:${String(o.minute % 60).padStart(2, '0')}:00+01:00`);
      v.topic.push(o.topic);
      v.authority.push(o.authority);
      v.language.push(o.language);
      v.interp.push(o.interpreter);
      v.dur.push(o.duration);
      v.outcome.push(o.outcome);
      v.hh.push(o.household?.id ?? null);
      if (o.outcome === 'follow_up' || o.outcome === 'referred_coach' || o.outcome === 'referred_partner') {
        const assignee = o.outcome !== 'follow_up' && o.household ? o.household.coach : o.by;
        const due = addDays(o.on, o.followUp?.dueIn ?? 7);
        const open = o.followUp?.open ?? false;
        f.visit.push(id);
        f.hh.push(o.household?.id ?? null);
        f.to.push(assignee);
        f.due.push(due);
        f.text.push(o.followUp?.text ?? TASKS[f.visit.length % TASKS.length]!);
        f.status.push(open ? 'open' : 'done');
        const doneOn = addDays(o.on, 3) < today ? addDays(o.on, 3) : today;
        f.doneAt.push(open ? null : `${doneOn}T15:00:00Z`);
      }
    };

    // Ten weeks of opening days up to yesterday: one to three visitors per opening period.
    let linkedSoFar = 0;
    for (let back = 70; back >= 1; back--) {
      const on = addDays(today, -back);
      const weekday = DAY_OF[new Date(`${on}T00:00:00Z`).getUTCDay()]!;
      for (const infopunt of DEMO_INFOPUNTEN) {
        for (const period of infopunt.hours.filter((p) => p.day === weekday)) {
          const count = 1 + Math.floor(random() * 2.2);
          for (let n = 0; n < count; n++) {
            const by: string = infopunt.key === 'maassluis' ? youssef : infopunt.key === 'schiedam' ? ingrid : random() < 0.55 ? ingrid : fatima;
            const topic = weighted(random, TOPICS);
            // A few visitors are known households that want the visit in their file (every ninth or so).
            // Only who may look households up links (not Youssef, a volunteer in the formulierenteam).
            const linkable = by !== youssef && coached.length > 0 && linkedSoFar < 8;
            const household = random() < 0.06 && linkable ? coached[linkedSoFar++ % coached.length]! : null;
            let outcome = weighted(random, OUTCOMES);
            if (outcome === 'referred_coach' && !household) outcome = 'referred_partner';
            const language = weighted(random, LANGUAGES);
            add({
              infopunt, by, on, minute: period.from + Math.floor(random() * Math.max(1, period.to - period.from - 10)),
              topic, authority: weighted(random, AUTHORITIES[topic]), outcome, household, language,
              interpreter: language !== 'nl' && random() < 0.2, duration: Number(weighted(random, DURATIONS)),
            });
          }
        }
      }
    }
    // The two open follow-ups: a visitor of Anne's referred to her two days ago, and Ingrid's own new appointment.
    if (anneHouseholds[0]) {
      add({
        infopunt: DEMO_INFOPUNTEN[1]!, by: ingrid, on: addDays(today, -2), minute: h('10:15'), topic: 'letter', authority: 'gemeente', outcome: 'referred_coach',
        household: anneHouseholds[0], language: 'ar', interpreter: false, duration: 15,
        followUp: { text: 'Kwijtschelding samen aanvragen', open: true, dueIn: 7 },
      });
    }
    add({
      infopunt: DEMO_INFOPUNTEN[0]!, by: ingrid, on: addDays(today, -1), minute: h('11:05'), topic: 'allowances', authority: 'belastingdienst_toeslagen', outcome: 'follow_up',
      household: null, language: 'ti', interpreter: true, duration: 20,
      followUp: { text: 'Formulier zorgtoeslag afmaken; bezoeker komt terug met de polis', open: true, dueIn: 5 },
    });

    await client.query(
      `insert into infopunt_visits (id, organisation_id, infopunt_id, logged_by, occurred_on, created_at, topic, authority, language, with_interpreter,
                                    duration_minutes, outcome, household_id)
       select x.id, $1::uuid, x.infopunt, x.by_, x.on_, x.at, x.topic, x.authority, x.language, x.interp, x.dur, x.outcome, x.hh
         from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::date[], $6::timestamptz[], $7::text[], $8::text[], $9::text[], $10::boolean[],
                     $11::int[], $12::text[], $13::uuid[])
           as x(id, infopunt, by_, on_, at, topic, authority, language, interp, dur, outcome, hh)`,
      [org, v.id, v.infopunt, v.by, v.on, v.at, v.topic, v.authority, v.language, v.interp, v.dur, v.outcome, v.hh],
    );
    if (f.visit.length) {
      await client.query(
        `insert into infopunt_follow_ups (organisation_id, visit_id, household_id, assigned_to, due_on, description, status, done_at, done_by)
         select $1::uuid, x.visit, x.hh, x.to_, x.due, x.text, x.status, x.done_at, case when x.status = 'done' then x.to_ end
           from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::date[], $6::text[], $7::text[], $8::timestamptz[])
             as x(visit, hh, to_, due, text, status, done_at)`,
        [org, f.visit, f.hh, f.to, f.due, f.text, f.status, f.doneAt],
      );
    }
  });
}
