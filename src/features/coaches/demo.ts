import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../platform/db/client.ts';
import { createUser, type DemoResult } from '../demo/seed.ts';

/** A date `years` years and `days` days before `today` (ISO). */
function before(today: string, years: number, days = 0): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

interface DemoProfile {
  email: string;
  languages: string[];
  municipalities: string[];
  areas: string[];
  availability: string[];
  preferences: string[];
  vogDate: string | null;
  trainings: string[];
  maxLoad: number | null;
  note: string | null;
}

// Volunteers without households yet, so the suggestions for waiting households have someone to offer: a
// Tigrinya speaker in Maassluis, a Dari/Farsi speaker in Schiedam, and a Dutch volunteer whose VOG is missing.
const EXTRA_VOLUNTEERS = [
  { email: 'coach3@thuis.demo', name: 'Semhar Tesfay' },
  { email: 'coach4@thuis.demo', name: 'Farid Ahmadi' },
  { email: 'coach5@thuis.demo', name: 'Marieke Bos' },
] as const;

const BASIC = 'Basistraining vrijwillige coach';

/** Demo data of this feature for the demo organisations; runs after the households are seeded. */
export async function seedCoachesDemo(database: Database, demo: DemoResult, today: string): Promise<void> {
  const mvs = demo.organisations.mvs;
  const supervisor = demo.users['beroepskracht@thuis.demo'];
  if (!mvs || !supervisor) return;
  await database.system(async (tx) => {
    // The demo password's hash as seedDemo stored it: hashing it again would cost an argon2 round per seed.
    const hash = rowsOf<{ h: string }>(await tx.execute(sql`select password_hash as h from users where id = ${supervisor}`))[0]?.h;
    if (!hash) return;
    for (const v of EXTRA_VOLUNTEERS) {
      demo.users[v.email] = await createUser(tx, { organisationId: mvs, email: v.email, name: v.name, role: 'volunteer', supervisorId: supervisor, passwordHash: hash });
    }
    const profiles: DemoProfile[] = [
      {
        email: 'coach@thuis.demo', languages: ['nl', 'en'], municipalities: ['GM0622'], areas: ['3131', '3132', '3135'],
        availability: ['mon_evening', 'wed_morning', 'wed_afternoon', 'sat_morning'], preferences: ['families_with_children'],
        vogDate: before(today, 1, 40), trainings: [BASIC, 'Omgaan met trauma (basis)', 'Werken met een tolk'], maxLoad: null,
        note: 'Oud-leerkracht basisschool; helpt graag bij school en opvoeding.',
      },
      {
        email: 'coach2@thuis.demo', languages: ['ar', 'nl', 'fr'], municipalities: ['GM0606', 'GM0622'], areas: ['3111', '3116'],
        availability: ['tue_evening', 'thu_evening', 'sat_afternoon'], preferences: ['men', 'young_adults'],
        // Expired on purpose: the overview flags it.
        vogDate: before(today, 4, 10), trainings: [BASIC, 'Financiën op orde'], maxLoad: 6, note: null,
      },
      {
        email: 'beroepskracht@thuis.demo', languages: ['nl', 'en'], municipalities: ['GM0606', 'GM0622', 'GM0556'], areas: [],
        availability: ['mon_morning', 'mon_afternoon', 'tue_morning', 'tue_afternoon', 'thu_morning', 'thu_afternoon', 'fri_morning'],
        preferences: ['families_with_children', 'elderly'], vogDate: null, trainings: ['Maatschappelijk werk (hbo)', 'Signaleren huiselijk geweld'],
        maxLoad: 8, note: 'Neemt de complexe situaties over van de vrijwilligers.',
      },
      {
        email: 'coach3@thuis.demo', languages: ['ti', 'nl', 'en'], municipalities: ['GM0556'], areas: ['3141', '3142'],
        availability: ['mon_afternoon', 'wed_evening', 'fri_afternoon', 'sun_afternoon'], preferences: ['women', 'single_adults'],
        vogDate: before(today, 0, 120), trainings: [BASIC], maxLoad: 4, note: 'Kwam zelf in 2015 uit Eritrea; tolkt ook bij de huisarts.',
      },
      {
        email: 'coach4@thuis.demo', languages: ['prs', 'fa', 'ps', 'nl', 'en'], municipalities: ['GM0606'], areas: ['3117', '3118'],
        availability: ['tue_evening', 'wed_evening', 'thu_evening', 'sat_morning'], preferences: ['single_adults', 'young_adults'],
        vogDate: before(today, 2, 15), trainings: [BASIC, 'Werk en participatie'], maxLoad: null, note: null,
      },
      {
        email: 'coach5@thuis.demo', languages: ['nl', 'en', 'fr'], municipalities: ['GM0622', 'GM0556'], areas: [],
        availability: ['tue_morning', 'thu_morning'], preferences: ['elderly', 'families_with_children'],
        vogDate: null, trainings: [], maxLoad: 3, note: 'Nieuw; VOG is aangevraagd.',
      },
    ];
    const arr = (values: string[]) => sql`array[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::text[]`;
    const rows = profiles.flatMap((p) => {
      const id = demo.users[p.email];
      return id
        ? [sql`(${id}, ${mvs}, ${arr(p.languages)}, ${arr(p.municipalities)}, ${arr(p.areas)}, ${arr(p.availability)}, ${arr(p.preferences)},
                ${p.vogDate}::date, ${arr(p.trainings)}, ${p.maxLoad}::int, ${p.note})`]
        : [];
    });
    const other = demo.organisations.other;
    const otherCoach = demo.users['coach@andere.demo'];
    // The other organisation's coach speaks Arabic too: suggestions must never offer her to MVS households.
    if (other && otherCoach) {
      rows.push(sql`(${otherCoach}, ${other}, ${arr(['nl', 'ar'])}, ${arr(['GM0098'])}, ${arr([])}, ${arr(['mon_evening'])}, ${arr([])},
                     ${before(today, 1)}::date, ${arr([BASIC])}, ${null}::int, ${null})`);
    }
    await tx.execute(sql`insert into coach_profiles (user_id, organisation_id, languages, municipality_codes, postcode_areas, availability,
                                                     preferences, vog_date, trainings, max_load, note)
                         values ${sql.join(rows, sql`, `)}`);
  });
}
