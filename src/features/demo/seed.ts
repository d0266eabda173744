import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../../platform/db/client.ts';
import { rowsOf } from '../../platform/db/client.ts';
import { hashPassword } from '../../platform/auth/password.ts';
import { writeAudit } from '../../platform/audit/trail.ts';
import type { AuditContext } from '../../platform/audit/events.ts';
import type { OrganisationKind, Role } from '../../platform/tenancy/schema.ts';
import { generateHouseholds, generateNotes, type GeneratorOptions, type SynthHousehold, type SynthMember } from '../../synthetic/generator.ts';
import { addDays, nameKey } from '../households/index.ts';
import { seedHouseholdsDemo } from '../households/demo.ts';
import { seedCoachesDemo } from '../coaches/demo.ts';
import { seedTrajectoriesDemo } from '../trajectories/demo.ts';
import { seedImportsDemo } from '../imports/demo.ts';
import { seedWorklistDemo } from '../worklist/demo.ts';
import { seedPlansDemo } from '../plans/demo.ts';
import { seedGroupsDemo } from '../groups/demo.ts';
import { seedInfopuntenDemo } from '../infopunten/demo.ts';
import { todayIso } from '../../platform/dates.ts';

// Each feature adds its demo data after the households exist, in this order (trajectories need coaches'
// households, the worklist needs trajectories).
const FEATURE_DEMOS = [
  seedHouseholdsDemo, seedCoachesDemo, seedTrajectoriesDemo, seedImportsDemo, seedWorklistDemo,
  seedPlansDemo, seedGroupsDemo, seedInfopuntenDemo,
];

export const DEMO_PASSWORD = 'thuis-demo-2026';

export interface DemoUser {
  email: string;
  name: string;
  role: Role;
  organisation: 'mvs' | 'other' | 'gemeente' | 'partner';
  supervisor?: string;
}

// One welfare organisation with the seed's roles, a second one to prove isolation, a municipality and a partner.
// The MVS organisation carries out maatschappelijke begeleiding for its municipalities (a municipal task, so it
// may hold BSNs — AUTH-BSN); the second welfare organisation has no such task.
export const DEMO_ORGANISATIONS: Record<DemoUser['organisation'], { name: string; kind: OrganisationKind; municipalities: string[]; municipalTask?: boolean }> = {
  mvs: { name: 'Stichting Thuis in MVS (demo)', kind: 'welfare', municipalities: ['GM0606', 'GM0622', 'GM0556'], municipalTask: true },
  other: { name: 'Welzijn Weststellingwerf (demo)', kind: 'welfare', municipalities: ['GM0098'] },
  gemeente: { name: 'Gemeente Vlaardingen (demo)', kind: 'municipality', municipalities: ['GM0622'] },
  partner: { name: 'Schuldhulp Waterweg (demo)', kind: 'partner', municipalities: ['GM0606', 'GM0622', 'GM0556'] },
};

export const DEMO_USERS: DemoUser[] = [
  { email: 'beheer@thuis.demo', name: 'Bram Beheer', role: 'administrator', organisation: 'mvs' },
  { email: 'coordinator@thuis.demo', name: 'Carla Coördinator', role: 'coordinator', organisation: 'mvs' },
  { email: 'beroepskracht@thuis.demo', name: 'Sanne de Vries', role: 'professional', organisation: 'mvs' },
  { email: 'coach@thuis.demo', name: 'Anne Jansen', role: 'volunteer', organisation: 'mvs', supervisor: 'beroepskracht@thuis.demo' },
  { email: 'coach2@thuis.demo', name: 'Youssef El Amrani', role: 'volunteer', organisation: 'mvs', supervisor: 'beroepskracht@thuis.demo' },
  { email: 'infopunt@thuis.demo', name: 'Ingrid Infopunt', role: 'infopunt', organisation: 'mvs' },
  { email: 'formulieren@thuis.demo', name: 'Fatima Formulierenteam', role: 'infopunt', organisation: 'mvs' },
  { email: 'trainer@thuis.demo', name: 'Tom Trainer', role: 'trainer', organisation: 'mvs' },
  { email: 'regisseur@thuis.demo', name: 'Rachid Regisseur', role: 'regisseur', organisation: 'gemeente' },
  { email: 'monitor@thuis.demo', name: 'Mieke Monitor', role: 'monitor', organisation: 'gemeente' },
  { email: 'partner@thuis.demo', name: 'Pieter Partner', role: 'partner', organisation: 'partner' },
  { email: 'coordinator@andere.demo', name: 'Olga Overkant', role: 'coordinator', organisation: 'other' },
  { email: 'coach@andere.demo', name: 'Otto Overkant', role: 'volunteer', organisation: 'other', supervisor: 'coordinator@andere.demo' },
];

export async function createOrganisation(tx: Tx, name: string, kind: OrganisationKind, municipalities: string[], municipalTask = false): Promise<string> {
  const id = randomUUID();
  await tx.execute(sql`insert into organisations (id, name, kind, municipal_task) values (${id}, ${name}, ${kind}, ${municipalTask})`);
  for (const code of municipalities) {
    await tx.execute(sql`insert into organisation_municipalities (organisation_id, municipality_code) values (${id}, ${code})`);
  }
  return id;
}

export async function createUser(
  tx: Tx,
  input: { organisationId: string; email: string; name: string; role: Role; supervisorId?: string | null; passwordHash: string },
): Promise<string> {
  const id = randomUUID();
  await tx.execute(sql`insert into users (id, organisation_id, email, display_name, role, supervisor_id, password_hash)
    values (${id}, ${input.organisationId}, ${input.email}, ${input.name}, ${input.role}, ${input.supervisorId ?? null}, ${input.passwordHash})`);
  return id;
}

export interface BulkOptions {
  organisationId: string;
  coachIds: readonly string[];
  /** Notes are written by the household's coach, or by these authors when there is none. */
  fallbackAuthorIds: readonly string[];
  generator: GeneratorOptions;
  notesPerHousehold: number;
  batchSize?: number;
  startIndex?: number;
  /** Households per coach before the next coach gets them (the seed's coach groups of 5). */
  groupSize?: number;
  onProgress?: (done: number) => void;
}

/** Insert generated households with members, coach assignments and notes in large batches (seed and benchmark). */
export async function insertGeneratedHouseholds(database: Database, count: number, options: BulkOptions): Promise<number> {
  const batchSize = options.batchSize ?? 1000;
  const groupSize = options.groupSize ?? 5;
  let done = 0;
  const source = generateHouseholds(count, options.generator, options.startIndex ?? 0);
  for (;;) {
    const batch = [];
    for (let i = 0; i < batchSize; i++) {
      const next = source.next();
      if (next.done) break;
      batch.push(next.value);
    }
    if (batch.length === 0) break;
    const h = { id: [] as string[], ref: [] as string[], muni: [] as string[], housing: [] as string[], coa: [] as string[], benefit: [] as (string | null)[], address: [] as string[], postcode: [] as string[], city: [] as string[] };
    const m = { id: [] as string[], hh: [] as string[], given: [] as string[], family: [] as string[], dob: [] as string[], rel: [] as string[], langs: [] as string[] };
    // The intake facts of issue 3 (registration): derived deterministically from the generated household.
    const x = { key: [] as string[], sex: [] as string[], country: [] as string[], status: [] as string[], target: [] as string[], dutch: [] as (string | null)[], duo: [] as (string | null)[], pip: [] as (string | null)[], route: [] as (string | null)[], interp: [] as (string | null)[] };
    const a = { hh: [] as string[], coach: [] as string[] };
    const n = { hh: [] as string[], author: [] as string[], on: [] as string[], kind: [] as string[], dur: [] as number[], interp: [] as boolean[], text: [] as string[], sens: [] as string[] };
    batch.forEach((household, offset) => {
      const index = (options.startIndex ?? 0) + done + offset;
      const id = randomUUID();
      h.id.push(id);
      h.ref.push(household.ref);
      h.muni.push(household.municipalityCode);
      h.housing.push(household.housingDate);
      h.coa.push(household.koppelingDate);
      const place = demoAddress(household.municipalityCode, index);
      h.address.push(place.address);
      h.postcode.push(place.postcode);
      h.city.push(place.city);
      // Most households live on a welfare benefit from the housing date (ontzorgen applies to them).
      h.benefit.push(index % 5 === 4 ? null : household.housingDate);
      const today = options.generator.today;
      for (const [memberIndex, member] of household.members.entries()) {
        const facts = intakeFacts(household, member, index, memberIndex, today);
        x.key.push(nameKey(member.givenNames, member.familyName));
        x.sex.push(member.sex);
        x.country.push(household.countryOfOrigin);
        x.status.push(household.statusDate);
        x.target.push(facts.target);
        x.dutch.push(facts.dutch);
        x.duo.push(facts.duo);
        x.pip.push(facts.pip);
        x.route.push(facts.route);
        x.interp.push(facts.interpreter);
        m.id.push(randomUUID());
        m.hh.push(id);
        m.given.push(member.givenNames);
        m.family.push(member.familyName);
        m.dob.push(member.dateOfBirth);
        m.rel.push(member.relation);
        m.langs.push(`{${member.languages.join(',')}}`);
      }
      const coach = options.coachIds.length ? options.coachIds[Math.floor(index / groupSize) % options.coachIds.length] : undefined;
      if (coach) {
        a.hh.push(id);
        a.coach.push(coach);
      }
      const author = coach ?? options.fallbackAuthorIds[index % Math.max(1, options.fallbackAuthorIds.length)];
      if (!author) return;
      for (const note of generateNotes(household, options.notesPerHousehold, options.generator)) {
        n.hh.push(id);
        n.author.push(author);
        n.on.push(note.occurredOn);
        n.kind.push(note.kind);
        n.dur.push(note.durationMinutes);
        n.interp.push(note.withInterpreter);
        n.text.push(note.text);
        n.sens.push(note.sensitivity);
      }
    });
    const org = options.organisationId;
    // Arrays travel as single parameters (one round trip per table per batch), hence the raw client.
    await database.rawTransaction(async (client) => {
      await client.query(
        `insert into households (id, organisation_id, reference, municipality_code, housing_date, coa_link_date, benefit_start_date, address_line, postcode, city)
         select unnest($1::uuid[]), $2::uuid, unnest($3::text[]), unnest($4::text[]), unnest($5::date[]), unnest($6::date[]), unnest($7::date[]),
                unnest($8::text[]), unnest($9::text[]), unnest($10::text[])`,
        [h.id, org, h.ref, h.muni, h.housing, h.coa, h.benefit, h.address, h.postcode, h.city],
      );
      await client.query(
        `insert into household_members (id, household_id, organisation_id, given_names, family_name, date_of_birth, relation, languages,
           name_key, sex, country_of_origin, status_date, target_group, dutch_level, duo_notice_date, pip_date, learning_route, interpreter_language)
         select x.id, x.hh, $1::uuid, x.given, x.family, x.dob, x.rel, x.langs::text[],
                x.key, x.sex, x.country, x.status, x.target, x.dutch, x.duo, x.pip, x.route, x.interp
           from unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::date[], $7::text[], $8::text[],
                       $9::text[], $10::text[], $11::text[], $12::date[], $13::text[], $14::text[], $15::date[], $16::date[], $17::text[], $18::text[])
             as x(id, hh, given, family, dob, rel, langs, key, sex, country, status, target, dutch, duo, pip, route, interp)`,
        [org, m.id, m.hh, m.given, m.family, m.dob, m.rel, m.langs, x.key, x.sex, x.country, x.status, x.target, x.dutch, x.duo, x.pip, x.route, x.interp],
      );
      if (a.hh.length) {
        await client.query(
          `insert into coach_assignments (organisation_id, household_id, coach_id)
           select $1::uuid, unnest($2::uuid[]), unnest($3::uuid[])`,
          [org, a.hh, a.coach],
        );
      }
      if (n.hh.length) {
        await client.query(
          `insert into journal_notes (organisation_id, household_id, author_id, occurred_on, kind, duration_minutes, with_interpreter, text, sensitivity)
           select $1::uuid, x.hh, x.author, x.on_, x.kind, x.dur, x.interp, x.text, x.sens
             from unnest($2::uuid[], $3::uuid[], $4::date[], $5::text[], $6::int[], $7::boolean[], $8::text[], $9::text[])
               as x(hh, author, on_, kind, dur, interp, text, sens)`,
          [org, n.hh, n.author, n.on, n.kind, n.dur, n.interp, n.text, n.sens],
        );
      }
    });
    done += batch.length;
    options.onProgress?.(done);
  }
  return done;
}

const DEMO_PLACES: Record<string, { city: string; postcodes: [number, number]; streets: string[] }> = {
  GM0606: { city: 'Schiedam', postcodes: [3112, 3125], streets: ['Broersvest', 'Nieuwlandplein', 'Groenelaan', 'Rotterdamsedijk', 'Churchillweg'] },
  GM0622: { city: 'Vlaardingen', postcodes: [3131, 3137], streets: ['Hoogstraat', 'Van Hogendorplaan', 'Billitonlaan', 'Vulcaanstraat', 'Marathonweg'] },
  GM0556: { city: 'Maassluis', postcodes: [3141, 3146], streets: ['Govert van Wijnkade', 'Westlandseweg', 'Sportlaan', 'Lijnbaan', 'Burgemeester de Jonghkade'] },
  GM0098: { city: 'Wolvega', postcodes: [8471, 8472], streets: ['Hoofdstraat-Oost', 'Stationsstraat', 'Van Harinxmaweg', 'Zuiderburen'] },
};

/** A plausible Dutch address in the household's municipality, a pure function of its index. */
function demoAddress(code: string, index: number): { address: string; postcode: string; city: string } {
  const place = DEMO_PLACES[code] ?? { city: 'Utrecht', postcodes: [3511, 3584] as [number, number], streets: ['Oudegracht'] };
  const [lo, hi] = place.postcodes;
  const letters = 'ABCDEGHJKLMNPRSTVWXZ';
  return {
    address: `${place.streets[index % place.streets.length]} ${1 + ((index * 37) % 180)}`,
    postcode: `${lo + ((index * 7) % (hi - lo + 1))} ${letters[(index * 3) % letters.length]}${letters[(index * 11 + 5) % letters.length]}`,
    city: place.city,
  };
}

/**
 * Intake facts of one person: the target group, her Dutch, and the Wet inburgering dates for adults (DUO's
 * notice some weeks after the status; a PIP for most, missing for some so that deadlines show, a few overdue).
 */
function intakeFacts(household: SynthHousehold, member: SynthMember, index: number, memberIndex: number, today: string) {
  const adult = addDays(member.dateOfBirth, 18 * 365) <= household.statusDate;
  const target = member.relation === 'other' && index % 3 === 0 ? 'gezinshereniger' : 'asielstatushouder';
  if (!adult) return { target, dutch: null, duo: null, pip: null, route: null, interpreter: null };
  const levels = ['a0', 'a0', 'a1', 'a1', 'a2', 'none', 'b1'];
  const dutch = levels[(index + memberIndex) % levels.length]!;
  const duoCandidate = addDays(household.statusDate, 28 + ((index * 13 + memberIndex * 5) % 35));
  const duo = duoCandidate <= today ? duoCandidate : null;
  const pipCandidate = duo ? addDays(duo, 42 + ((index + memberIndex) % 4) * 7) : null;
  // One in six adults still waits for a PIP, whatever the date: some of those are overdue.
  const pip = pipCandidate && pipCandidate <= today && (index + memberIndex) % 6 !== 0 ? pipCandidate : null;
  const routes = ['b1', 'b1', 'z', 'onderwijs'];
  const route = pip ? routes[(index + memberIndex) % routes.length]! : null;
  const interpreter = dutch === 'a0' || dutch === 'none' ? (member.languages[0] ?? null) : null;
  return { target, dutch, duo, pip, route, interpreter };
}

export async function isSeeded(database: Database): Promise<boolean> {
  const { rows } = await database.raw.query<{ n: number }>('select count(*)::int as n from organisations');
  return (rows[0]?.n ?? 0) > 0;
}

export interface DemoResult {
  organisations: Record<string, string>;
  users: Record<string, string>;
  households: number;
}

/** The demo organisation of `npm start`: every role, coach groups, households with a journal. */
export async function seedDemo(database: Database, options: { households: number; today?: string; context: AuditContext }): Promise<DemoResult> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const organisations: Record<string, string> = {};
  const users: Record<string, string> = {};
  await database.system(async (tx) => {
    for (const [key, org] of Object.entries(DEMO_ORGANISATIONS)) {
      organisations[key] = await createOrganisation(tx, org.name, org.kind, org.municipalities, org.municipalTask ?? false);
    }
    for (const user of DEMO_USERS) {
      users[user.email] = await createUser(tx, {
        organisationId: organisations[user.organisation]!,
        email: user.email,
        name: user.name,
        role: user.role,
        supervisorId: user.supervisor ? users[user.supervisor] : null,
        passwordHash,
      });
    }
  });
  const today = options.today ?? todayIso();
  const mvs = DEMO_ORGANISATIONS.mvs;
  // The first ten households go to the two volunteers (a coach group of five each), the next five to the
  // professional herself; the rest wait for a coach, as in real life.
  const coachIds = [users['coach@thuis.demo']!, users['coach2@thuis.demo']!, users['beroepskracht@thuis.demo']!];
  const assigned = Math.min(options.households, 15);
  const common = { organisationId: organisations.mvs!, fallbackAuthorIds: [users['beroepskracht@thuis.demo']!], notesPerHousehold: 4 };
  await insertGeneratedHouseholds(database, assigned, { ...common, coachIds, generator: { seed: 2026, municipalityCodes: mvs.municipalities, today } });
  if (options.households > assigned) {
    await insertGeneratedHouseholds(database, options.households - assigned, {
      ...common, coachIds: [], startIndex: assigned, notesPerHousehold: 2, generator: { seed: 2026, municipalityCodes: mvs.municipalities, today },
    });
  }
  await insertGeneratedHouseholds(database, 5, {
    organisationId: organisations.other!, coachIds: [users['coach@andere.demo']!], fallbackAuthorIds: [users['coordinator@andere.demo']!],
    notesPerHousehold: 2, generator: { seed: 77, municipalityCodes: DEMO_ORGANISATIONS.other.municipalities, today },
  });
  // A sensitive note by the professional in a volunteer's household: the volunteer must not see it.
  await database.system(async (tx) => {
    const first = rowsOf<{ id: string }>(await tx.execute(sql`select household_id as id from coach_assignments
      where coach_id = ${users['coach@thuis.demo']!} order by started_at, household_id limit 1`));
    if (first[0]) {
      await tx.execute(sql`insert into journal_notes (organisation_id, household_id, author_id, occurred_on, kind, duration_minutes, text, sensitivity)
        values (${organisations.mvs!}, ${first[0].id}, ${users['beroepskracht@thuis.demo']!}, ${today}, 'phone', 20,
                'Overleg met de huisarts over slaapproblemen en nachtmerries; doorverwijzing naar de praktijkondersteuner GGZ besproken.', 'sensitive')`);
    }
  });
  const result = { organisations, users, households: options.households };
  for (const seedFeature of FEATURE_DEMOS) await seedFeature(database, result, today);
  await database.system((tx) => writeAudit(tx, options.context, { action: 'seed.demo', result: 'ok', detail: { households: options.households } }));
  return result;
}
