// Group programmes and infopunten at benchmark scale (issue 5), deterministic (seeded rng of src/synthetic/rng.ts)
// and set-based, for every welfare organisation of the data set:
//  - the default catalogue (seedDefaultCatalogue, as the first visit to /groepen does);
//  - editions over the last two years (one per 15 households), weekly sessions at changing places, trainers
//    (users created as bench/data.ts creates its volunteers), ~15 enrolments each from the organisation's adults,
//    attendance for every past session (82% present), completed editions closed with their participants judged;
//    the first 32 editions run now, two for each of the first 16 trainers, with 15 enrolled and past sessions,
//    so the attendance-save scenario has real lists to save;
//  - infopunten, 2–4 per municipality served, with opening hours, staff and formulierenteam volunteers (role
//    infopunt), and about 3 walk-in visits per household per year over two years (≈ 300,000 at 50,000
//    households), on the infopunt's opening days, with a seasonal swing, topics and authorities skewed as at real
//    walk-in points (reading letters and allowances first; the Belastingdienst behind most of them).
// Rows go in with unnest() batches and insert … select, as bench/data.ts and bench/plans-data.ts do.
import { randomUUID } from 'node:crypto';
import type { Database } from '../src/platform/db/client.ts';
import { seedDefaultCatalogue } from '../src/features/groups/index.ts';
import { createRng, deriveSeed, int, pick, tri, weighted, type Rng } from '../src/synthetic/rng.ts';

const SEED = 2026;
const GROUP_SIZE = 15;
/** Editions and trainers of the first organisation that the attendance scenario uses: two running editions each. */
export const CURRENT_TRAINERS = 16;
const DAY = 86_400_000;
const CONTEXT = { requestId: 'bench-groups', origin: null, actorUserId: null, actorRole: null, organisationId: null };

export interface BenchUser {
  id: string;
  email: string;
}

/** A session a trainer may take attendance for now: held, not cancelled, of a running edition; its 15 enrolled. */
export interface AttendanceTarget {
  editionId: string;
  sessionId: string;
  enrolmentIds: string[];
}

export interface GroupsBenchData {
  /** Trainers of the first (largest) organisation; the first CURRENT_TRAINERS each run two editions now. */
  trainers: BenchUser[];
  /** Per current trainer: the sessions of her running editions that she may save. */
  attendanceTargets: AttendanceTarget[][];
  /** Infopunt staff (role infopunt) of the first organisation, each working at one infopunt. */
  infopuntStaff: BenchUser[];
  rows: Record<string, number>;
  seconds: number;
}

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const weekdayOf = (iso: string) => (new Date(Date.parse(`${iso}T00:00:00Z`)).getUTCDay() + 6) % 7; // Monday 0
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

// Walk-in questions as the seeds and the infopunten describe them: letters and allowances first.
const TOPICS: [string, number][] = [
  ['letter', 24], ['allowances', 15], ['health_insurance', 9], ['digid', 8], ['benefits', 8], ['housing', 7], ['debts', 6],
  ['energy', 5], ['inburgering_duo', 6], ['school', 5], ['work', 4], ['other', 3],
];
/** The authority behind each topic (a letter can come from anyone). */
const AUTHORITY_OF: Record<string, [string, number][]> = {
  letter: [['belastingdienst_toeslagen', 30], ['gemeente', 20], ['duo', 8], ['uwv', 8], ['svb', 6], ['cak', 5], ['health_insurer', 8], ['housing_corporation', 6], ['energy_supplier', 5], ['other', 4]],
  allowances: [['belastingdienst_toeslagen', 85], ['gemeente', 10], ['other', 5]],
  health_insurance: [['health_insurer', 70], ['cak', 20], ['belastingdienst_toeslagen', 10]],
  digid: [['none', 60], ['gemeente', 25], ['other', 15]],
  benefits: [['gemeente', 60], ['uwv', 20], ['svb', 15], ['other', 5]],
  housing: [['housing_corporation', 65], ['gemeente', 25], ['other', 10]],
  debts: [['other', 30], ['belastingdienst_toeslagen', 25], ['cak', 15], ['energy_supplier', 15], ['gemeente', 15]],
  energy: [['energy_supplier', 85], ['gemeente', 10], ['other', 5]],
  inburgering_duo: [['duo', 80], ['gemeente', 20]],
  school: [['gemeente', 40], ['duo', 20], ['none', 30], ['other', 10]],
  work: [['uwv', 50], ['gemeente', 30], ['none', 20]],
  other: [['none', 50], ['other', 30], ['gemeente', 20]],
};
const OUTCOMES: [string, number][] = [['answered', 46], ['form_help', 30], ['follow_up', 10], ['referred_coach', 9], ['referred_partner', 5]];
const LANGUAGES: [string, number][] = [['ar', 30], ['nl', 25], ['ti', 15], ['fa', 8], ['prs', 5], ['so', 5], ['en', 5], ['uk', 4], ['tr', 3]];
/** Seasons at a walk-in point: tax and allowance letters in spring, school in September, quiet in summer. */
const MONTH_WEIGHT = [1.2, 1.25, 1.35, 1.2, 1.0, 0.95, 0.7, 0.65, 1.1, 1.05, 1.0, 0.8];
const NEIGHBOURHOODS = ['Centrum', 'Oost', 'West', 'Noord', 'Zuid', 'Bibliotheek', 'Wijkcentrum De Brug', 'Buurthuis Het Anker'];
const PLACES = ['Buurthuis De Brug', 'Bibliotheek', 'Wijkcentrum Het Anker', 'Sportcentrum', 'Moskee Al Fath, zaal 2', 'Kerkgebouw De Ark', 'Gemeentehuis, zaal 3'];

interface Programme { id: string; offer_key: string | null; session_count: number; max_participants: number; completion_rule: string; completion_percent: number }

/** Load everything for every welfare organisation; the first one is the benchmark's organisation (50,000 households). */
export async function loadGroupsData(database: Database, today: string, log: (line: string) => void): Promise<GroupsBenchData> {
  const t0 = performance.now();
  const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => database.raw.query<T>(text, params).then((r) => r.rows);
  const orgs = await q<{ id: string; households: number }>(`
    select o.id, (select count(*)::int from households h where h.organisation_id = o.id) as households
      from organisations o where o.kind = 'welfare' order by households desc, o.id`);
  const passwordHash = (await q<{ password_hash: string }>(`select password_hash from users where email = 'coach@thuis.demo'`))[0]!.password_hash;
  let result: Omit<GroupsBenchData, 'rows' | 'seconds'> | null = null;
  for (const [index, org] of orgs.entries()) {
    const loaded = await loadOrganisation(database, q, { organisationId: org.id, households: org.households, index, today, passwordHash, log });
    result ??= loaded;
  }
  const rows = (await q<Record<string, number>>(`
    select (select count(*)::int from group_programmes) as group_programmes, (select count(*)::int from group_editions) as group_editions,
           (select count(*)::int from group_sessions) as group_sessions, (select count(*)::int from group_enrolments) as group_enrolments,
           (select count(*)::int from group_attendance) as group_attendance, (select count(*)::int from infopunten) as infopunten,
           (select count(*)::int from infopunt_staff) as infopunt_staff, (select count(*)::int from infopunt_visits) as infopunt_visits`))[0]!;
  return { ...result!, rows, seconds: Math.round((performance.now() - t0) / 10) / 100 };
}

async function loadOrganisation(
  database: Database,
  q: <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>,
  o: { organisationId: string; households: number; index: number; today: string; passwordHash: string; log: (line: string) => void },
): Promise<Omit<GroupsBenchData, 'rows' | 'seconds'>> {
  const org = o.organisationId;
  const rng = (stream: number, i = 0): Rng => createRng(deriveSeed(SEED, stream, o.index * 1_000_000 + i));
  const r = rng(1);
  const municipalities = await q<{ code: string; name: string; households: number }>(`
    select om.municipality_code as code, m.name,
           (select count(*)::int from households h where h.organisation_id = $1 and h.municipality_code = om.municipality_code) as households
      from organisation_municipalities om join municipalities m on m.code = om.municipality_code
     where om.organisation_id = $1 order by om.municipality_code`, [org]);
  const municipalityWeights = municipalities.map((m) => [m.code, Math.max(1, m.households)] as const);

  // --- The catalogue, trainers, editions, sessions.
  await database.system((tx) => seedDefaultCatalogue(tx, org, CONTEXT));
  const programmes = await q<Programme>(`
    select id, offer_key, session_count, max_participants, completion_rule, completion_percent
      from group_programmes where organisation_id = $1 and active order by offer_key nulls last, id`, [org]);
  const empowerment = programmes.find((p) => p.offer_key === 'empowerment') ?? programmes[0]!;
  const programmeWeights = programmes.map((p) => [p, p.offer_key === 'pvt' ? 30 : p.offer_key === 'empowerment' ? 25 : 45 / Math.max(1, programmes.length - 2)] as const);

  const editions = Math.max(1, Math.ceil(o.households / GROUP_SIZE));
  const trainerCount = Math.max(CURRENT_TRAINERS + 8, Math.ceil(editions / 12));
  const trainerIds = Array.from({ length: trainerCount }, () => randomUUID());
  const trainerEmails = trainerIds.map((_, i) => `trainer${String(i + 1).padStart(4, '0')}-${o.index}@bench.thuis.demo`);
  await q(`insert into users (id, organisation_id, email, display_name, role, password_hash)
    select x.id, $1::uuid, x.email, 'Trainer ' || x.n, 'trainer', $2 from unnest($3::uuid[], $4::text[], $5::int[]) as x(id, email, n)`,
  [org, o.passwordHash, trainerIds, trainerEmails, trainerIds.map((_, i) => i + 1)]);

  const current = o.index === 0 ? Math.min(editions, 2 * CURRENT_TRAINERS) : 0;
  const e = { id: [] as string[], programme: [] as string[], municipality: [] as string[], title: [] as string[], language: [] as string[], capacity: [] as number[], status: [] as string[] };
  const s = { id: [] as string[], edition: [] as string[], number: [] as number[], date: [] as string[], start: [] as number[], end: [] as number[], place: [] as string[], cancelled: [] as boolean[] };
  const staff = { edition: [] as string[], user: [] as string[] };
  const currentEditions: { id: string; trainer: number }[] = [];
  for (let i = 0; i < editions; i++) {
    const er = rng(2, i);
    const isCurrent = i < current;
    const programme = isCurrent ? empowerment : weighted(er, programmeWeights);
    // Current editions started one to three weeks ago; the others anywhere in the last two years (a few still to come).
    const first = isCurrent ? addDays(o.today, -7 * (1 + (i % 3)) - (i % 4)) : addDays(o.today, -730 + int(er, 0, 750));
    const sessions = Array.from({ length: programme.session_count }, (_, k) => addDays(first, 7 * k));
    const last = sessions.at(-1)!;
    const status = last < o.today ? 'completed' : first <= o.today ? 'running' : 'planned';
    const id = randomUUID();
    const municipality = weighted(er, municipalityWeights);
    e.id.push(id);
    e.programme.push(programme.id);
    e.municipality.push(municipality);
    e.title.push(`${['Voorjaar', 'Zomer', 'Najaar', 'Winter'][Math.floor((Number(first.slice(5, 7)) - 1) / 3)]} ${first.slice(0, 4)}, groep ${i + 1}`);
    e.language.push(weighted(er, [['nl', 60], ['ar', 25], ['ti', 15]]));
    e.capacity.push(programme.max_participants);
    e.status.push(status);
    const startMinute = programme.offer_key === 'pvt' ? 540 : pick(er, [570, 600, 780, 840]);
    const length = programme.offer_key === 'pvt' ? 180 : 120;
    sessions.forEach((date, k) => {
      s.id.push(randomUUID());
      s.edition.push(id);
      s.number.push(k + 1);
      s.date.push(date);
      s.start.push(startMinute);
      s.end.push(startMinute + length);
      s.place.push(PLACES[(i + k) % PLACES.length]!);
      s.cancelled.push(!isCurrent && er() < 0.03);
    });
    const trainer = isCurrent ? i % CURRENT_TRAINERS : CURRENT_TRAINERS + (i % (trainerCount - CURRENT_TRAINERS));
    staff.edition.push(id);
    staff.user.push(trainerIds[trainer]!);
    if (!isCurrent && er() < 0.2) {
      staff.edition.push(id);
      staff.user.push(trainerIds[(trainer + 1) % trainerCount]!);
    }
    if (isCurrent) currentEditions.push({ id, trainer });
  }
  const BATCH = 5000;
  for (let from = 0; from < e.id.length; from += BATCH) {
    const slice = <T>(a: T[]) => a.slice(from, from + BATCH);
    await q(`insert into group_editions (id, organisation_id, programme_id, municipality_code, title, language, capacity, status, closed_at)
      select x.id, $1::uuid, x.programme, x.municipality, x.title, x.language, x.capacity, x.status,
             case when x.status = 'completed' then now() else null end
        from unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[]) as x(id, programme, municipality, title, language, capacity, status)`,
    [org, slice(e.id), slice(e.programme), slice(e.municipality), slice(e.title), slice(e.language), slice(e.capacity), slice(e.status)]);
  }
  for (let from = 0; from < staff.edition.length; from += BATCH) {
    await q(`insert into group_edition_staff (organisation_id, edition_id, user_id) select $1::uuid, x.e, x.u from unnest($2::uuid[], $3::uuid[]) as x(e, u)`,
      [org, staff.edition.slice(from, from + BATCH), staff.user.slice(from, from + BATCH)]);
  }
  for (let from = 0; from < s.id.length; from += BATCH) {
    const slice = <T>(a: T[]) => a.slice(from, from + BATCH);
    await q(`insert into group_sessions (id, organisation_id, edition_id, number, date, start_minute, end_minute, place, address, cancelled)
      select x.id, $1::uuid, x.edition, x.number, x.date, x.start_minute, x.end_minute, x.place, '', x.cancelled
        from unnest($2::uuid[], $3::uuid[], $4::int[], $5::date[], $6::int[], $7::int[], $8::text[], $9::bool[]) as x(id, edition, number, date, start_minute, end_minute, place, cancelled)`,
    [org, slice(s.id), slice(s.edition), slice(s.number), slice(s.date), slice(s.start), slice(s.end), slice(s.place), slice(s.cancelled)]);
  }

  // Enrolments: the organisation's adults in a seeded shuffle, 15 to an edition (fewer when capacity or people run out).
  await q(`
    with people as (
      select m.id, m.household_id, (row_number() over (order by md5(m.id::text || $3)) - 1)::int as n
        from household_members m join households h on h.id = m.household_id
       where h.organisation_id = $1
         and (m.date_of_birth <= $2::date - interval '18 years' or (m.date_of_birth is null and m.relation in ('head', 'partner')))),
    eds as (
      select x.id, x.capacity, (x.n - 1)::int as n, (select min(date) from group_sessions gs where gs.edition_id = x.id) as first_on
        from unnest($4::uuid[], $5::int[]) with ordinality as x(id, capacity, n)),
    total as (select count(*)::int as people from people)
    insert into group_enrolments (organisation_id, edition_id, household_id, member_id, status, requested_at, enrolled_at)
    select $1::uuid, eds.id, p.household_id, p.id, 'enrolled', eds.first_on - 21, eds.first_on - 14
      from eds cross join total
      join generate_series(0, ${GROUP_SIZE - 1}) as slot(k) on slot.k < eds.capacity
      join people p on total.people > 0 and p.n = (eds.n * ${GROUP_SIZE} + slot.k) % total.people
    on conflict do nothing`, [org, o.today, String(SEED), e.id, e.capacity]);

  // Attendance for every held session of these editions (not the demo's own): mostly present.
  await q(`
    insert into group_attendance (organisation_id, session_id, enrolment_id, mark, recorded_by, recorded_at)
    select $1::uuid, gs.id, en.id,
           case when abs(hashtext(gs.id::text || en.id::text)) % 100 < 82 then 'present'
                when abs(hashtext(gs.id::text || en.id::text)) % 100 < 93 then 'absent' else 'excused' end,
           st.user_id, gs.date + time '16:00'
      from group_sessions gs
      join group_enrolments en on en.edition_id = gs.edition_id
      join lateral (select user_id from group_edition_staff where edition_id = gs.edition_id order by user_id limit 1) st on true
     where gs.edition_id = any($3::uuid[]) and gs.date <= $2::date and not gs.cancelled`, [org, o.today, e.id]);
  // Completed editions were closed: each participant judged by the programme's rule, with the hours attended.
  await q(`
    with judged as (
      select en.id, p.completion_rule, p.completion_percent,
             count(*) filter (where not gs.cancelled) as held,
             count(a.*) filter (where a.mark = 'present') as present,
             coalesce(sum(gs.end_minute - gs.start_minute) filter (where a.mark = 'present'), 0) / 60 as hours,
             max(gs.date) as last_on
        from group_enrolments en
        join group_editions e on e.id = en.edition_id and e.status = 'completed'
        join group_programmes p on p.id = e.programme_id
        join group_sessions gs on gs.edition_id = e.id
        left join group_attendance a on a.session_id = gs.id and a.enrolment_id = en.id
       where en.organisation_id = $1 and en.edition_id = any($2::uuid[])
       group by en.id, p.completion_rule, p.completion_percent)
    update group_enrolments en
       set status = case when (j.completion_rule = 'all' and j.present >= j.held) or (j.completion_rule = 'percent' and j.present * 100 >= j.held * j.completion_percent)
                         then 'completed' else 'not_completed' end,
           completed_on = j.last_on, attended_hours = j.hours
      from judged j where j.id = en.id`, [org, e.id]);

  // --- Infopunten with staff and visits.
  const infopuntRows: { id: string; municipality: string; days: number[]; staff: string[] }[] = [];
  const staffUsers: BenchUser[] = [];
  for (const m of municipalities) {
    const count = int(r, 2, 4);
    for (let k = 0; k < count; k++) {
      const ir = rng(3, infopuntRows.length);
      const days = [...new Set([int(ir, 0, 4), int(ir, 0, 4), int(ir, 0, 4)])].sort();
      const morning = ir() < 0.5;
      const hours = days.map((d) => ({ day: WEEKDAYS[d], from: morning ? 540 : 780, to: morning ? 720 : 990 }));
      const id = randomUUID();
      await q(`insert into infopunten (id, organisation_id, municipality_code, name, address, opening_hours) values ($1, $2, $3, $4, $5, $6::jsonb)`,
        [id, org, m.code, `Infopunt ${m.name} ${NEIGHBOURHOODS[(k + o.index) % NEIGHBOURHOODS.length]}`, `Dorpsstraat ${k + 1}`, JSON.stringify(hours)]);
      const people = Array.from({ length: int(ir, 4, 6) }, (_, n) => ({ id: randomUUID(), kind: n < 2 ? 'staff' : 'formulierenteam' }));
      const emails = people.map((_, n) => `infopunt${String(infopuntRows.length + 1).padStart(3, '0')}-${n + 1}-${o.index}@bench.thuis.demo`);
      await q(`insert into users (id, organisation_id, email, display_name, role, password_hash)
        select x.id, $1::uuid, x.email, 'Infopuntmedewerker ' || x.n, 'infopunt', $2 from unnest($3::uuid[], $4::text[]) with ordinality as x(id, email, n)`,
      [org, o.passwordHash, people.map((p) => p.id), emails]);
      await q(`insert into infopunt_staff (organisation_id, infopunt_id, user_id, kind) select $1::uuid, $2::uuid, x.id, x.kind from unnest($3::uuid[], $4::text[]) as x(id, kind)`,
        [org, id, people.map((p) => p.id), people.map((p) => p.kind)]);
      people.forEach((p, n) => staffUsers.push({ id: p.id, email: emails[n]! }));
      infopuntRows.push({ id, municipality: m.code, days, staff: people.map((p) => p.id) });
    }
  }

  // Visits: about 3 per household per year, shared by the infopunten of each municipality by its households.
  const householdsOf = new Map<string, string[]>();
  for (const row of await q<{ id: string; municipality_code: string }>(`select id, municipality_code from households where organisation_id = $1 order by id`, [org])) {
    const list = householdsOf.get(row.municipality_code) ?? [];
    list.push(row.id);
    householdsOf.set(row.municipality_code, list);
  }
  const start = addDays(o.today, -729);
  interface Visit { infopunt: string; logger: string; on: string; topic: string; authority: string; language: string; interpreter: boolean; minutes: number; outcome: string; household: string | null }
  const visits: Visit[] = [];
  for (const [n, place] of infopuntRows.entries()) {
    const vr = rng(4, n);
    const peers = infopuntRows.filter((p) => p.municipality === place.municipality).length;
    const homes = householdsOf.get(place.municipality) ?? [];
    const count = Math.round((homes.length * 3 * 2) / peers);
    // Opening days of the last two years, weighted by season and a slow growth (more newcomers housed over time).
    const dates: string[] = [];
    const cumulative: number[] = [];
    let total = 0;
    for (let d = 0; d < 730; d++) {
      const date = addDays(start, d);
      if (!place.days.includes(weekdayOf(date))) continue;
      total += MONTH_WEIGHT[Number(date.slice(5, 7)) - 1]! * (0.8 + (0.4 * d) / 730);
      dates.push(date);
      cumulative.push(total);
    }
    for (let i = 0; i < count; i++) {
      const x = vr() * total;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! < x) lo = mid + 1;
        else hi = mid;
      }
      const topic = weighted(vr, TOPICS);
      const language = weighted(vr, LANGUAGES);
      visits.push({
        infopunt: place.id, logger: pick(vr, place.staff), on: dates[lo]!, topic, authority: weighted(vr, AUTHORITY_OF[topic]!), language,
        interpreter: language !== 'nl' && language !== 'en' && vr() < 0.22,
        minutes: Math.min(480, tri(vr, 5, topic === 'letter' || topic === 'allowances' ? 45 : 30)),
        outcome: weighted(vr, OUTCOMES), household: homes.length > 0 && vr() < 0.15 ? pick(vr, homes) : null,
      });
    }
  }
  // In the order they were logged, as a real table fills: day by day (a stable sort keeps the rest deterministic).
  visits.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  for (let from = 0; from < visits.length; from += 20_000) {
    const batch = visits.slice(from, from + 20_000);
    const col = <K extends keyof Visit>(k: K) => batch.map((x) => x[k]);
    await q(`insert into infopunt_visits (organisation_id, infopunt_id, logged_by, occurred_on, topic, authority, language, with_interpreter, duration_minutes, outcome, household_id, created_at)
      select $1::uuid, x.infopunt, x.logger, x.occurred, x.topic, x.authority, x.language, x.interpreter, x.minutes, x.outcome, x.household, x.occurred + time '12:00'
        from unnest($2::uuid[], $3::uuid[], $4::date[], $5::text[], $6::text[], $7::text[], $8::bool[], $9::int[], $10::text[], $11::uuid[])
             as x(infopunt, logger, occurred, topic, authority, language, interpreter, minutes, outcome, household)`,
    [org, col('infopunt'), col('logger'), col('on'), col('topic'), col('authority'), col('language'), col('interpreter'), col('minutes'), col('outcome'), col('household')]);
  }
  const inserted = visits.length;
  if (o.index === 0) o.log(`  groups and infopunten: ${editions.toLocaleString('en')} editions, ${s.id.length.toLocaleString('en')} sessions, ${infopuntRows.length} infopunten, ${inserted.toLocaleString('en')} visits`);

  // What the scenarios need: per current trainer, the held sessions of her running editions with their enrolled.
  const targets = await q<{ edition_id: string; session_id: string; enrolments: string[] }>(`
    select gs.edition_id, gs.id as session_id, array_agg(en.id::text order by en.id) as enrolments
      from group_sessions gs join group_enrolments en on en.edition_id = gs.edition_id and en.status = 'enrolled'
     where gs.edition_id = any($1::uuid[]) and gs.date <= $2::date and not gs.cancelled
     group by gs.edition_id, gs.id order by gs.edition_id, gs.id`, [currentEditions.map((c) => c.id), o.today]);
  const attendanceTargets = Array.from({ length: CURRENT_TRAINERS }, (_, trainer) =>
    targets.filter((t) => currentEditions.some((c) => c.id === t.edition_id && c.trainer === trainer))
      .map((t) => ({ editionId: t.edition_id, sessionId: t.session_id, enrolmentIds: t.enrolments })));
  return {
    trainers: trainerIds.map((id, i) => ({ id, email: trainerEmails[i]! })),
    attendanceTargets: current > 0 ? attendanceTargets : [],
    infopuntStaff: staffUsers,
  };
}
