import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/client.ts';
import type { BirthPrecision } from './schema.ts';

// Duplicate detection that copes with transliteration: the same Arabic, Tigrinya or Dari name reaches the
// Netherlands as Mohammed, Muhammad, Mohamad or Mohamed; Abdulrahman as Abd al-Rahman or Abdel Rahman.
// A name is reduced to a consonant skeleton: Latin letters only, article particles (al, el, ul) folded into
// their word, vowels and doubled letters dropped, and letters that transliterations swap (q/k, ou/u, ph/f,
// z/s, j/dj) made one. Two people are probable duplicates when their skeletons agree and their dates of birth
// do not contradict each other.

const DIGRAPHS: [RegExp, string][] = [
  [/ph/g, 'f'],
  [/dj/g, 'j'],
  [/ch/g, 'sh'],
  [/kh/g, 'h'],
  [/gh/g, 'g'],
  [/th/g, 't'],
  [/dh/g, 'd'],
  [/q/g, 'k'],
  [/c/g, 'k'],
  [/z/g, 's'],
  [/w/g, 'v'],
];

/** Accents, case and apostrophes away; compounds and articles joined, so that words can be counted. */
function fold(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’`ʿʾ]/g, '')
    // Articles and joining particles: "Abd al-Rahman", "Abdel Rahman" and "Abdulrahman" become one word.
    .replace(/\b(abd)\s*[-\s]?\s*(al|el|ul|ur|ar|an|as|ad)[-\s]+/g, '$1')
    .replace(/\b(al|el)[-\s]+/g, '')
    // The article written as one word (Alhasan, Elhassan) folds like the separate one (Al-Hasan).
    .replace(/\b(al|el)(?=[a-z]{4,}\b)/g, '');
}

/** The skeleton of one name part (may contain several words). */
export function nameSkeleton(name: string): string {
  let s = fold(name).replace(/[^a-z]/g, '');
  for (const [pattern, replacement] of DIGRAPHS) s = s.replace(pattern, replacement);
  // Drop the vowels (and y, which transliterations use as a vowel), keeping a leading vowel's place.
  const first = s.charAt(0);
  let rest = s.slice(1).replace(/[aeiouy]/g, '');
  // Written as one word (Abdulrahman, Abdelkader) the particle's l remains: drop it, as for the separate form.
  rest = rest.replace(/^bdl(?=[^aeiou])/, 'bd');
  s = (/[aeiouy]/.test(first) ? 'a' : first) + rest;
  // Doubled letters (Mohammed / Mohamed).
  return s.replace(/(.)\1+/g, '$1');
}

/** The key stored on a member: skeleton of the first given name and of the family name. */
export function nameKey(givenNames: string, familyName: string): string {
  // The first given name after folding: "Abd al-Rahman Yusuf" starts with one name, not with "Abd".
  const firstGiven = fold(givenNames).trim().split(/\s+/)[0] ?? '';
  return `${nameSkeleton(firstGiven)}|${nameSkeleton(familyName)}`;
}

export interface PersonFacts {
  givenNames: string;
  familyName: string;
  dateOfBirth?: string | null;
  birthPrecision?: 'day' | 'month' | 'year' | null;
}

/** Dates of birth agree as far as both are known (an unknown day or month is stored as the 1st). */
export function birthDatesAgree(a: PersonFacts, b: PersonFacts): boolean {
  if (!a.dateOfBirth || !b.dateOfBirth) return false;
  const precision = a.birthPrecision === 'year' || b.birthPrecision === 'year' ? 4 : a.birthPrecision === 'month' || b.birthPrecision === 'month' ? 7 : 10;
  return a.dateOfBirth.slice(0, precision) === b.dateOfBirth.slice(0, precision);
}

/** Probable duplicate: the same person written differently, born on the same (known) date. */
export function probableDuplicate(a: PersonFacts, b: PersonFacts): boolean {
  if (!birthDatesAgree(a, b)) return false;
  return nameKey(a.givenNames, a.familyName) === nameKey(b.givenNames, b.familyName);
}

function lastDayOfMonth(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/**
 * The date ranges a stored date of birth may lie in to agree with this person's: her own date (or month, or
 * year, as far as known), and the 1st of her month and of her year for records that knew less.
 */
function birthRanges(p: PersonFacts): [string, string][] {
  const dob = p.dateOfBirth!;
  const year = Number(dob.slice(0, 4));
  const month = Number(dob.slice(5, 7));
  const yearStart = `${dob.slice(0, 4)}-01-01`;
  const monthStart = `${dob.slice(0, 7)}-01`;
  if (p.birthPrecision === 'year') return [[yearStart, `${dob.slice(0, 4)}-12-31`]];
  if (p.birthPrecision === 'month') return [[monthStart, lastDayOfMonth(year, month)], [yearStart, yearStart]];
  return [[dob, dob], [monthStart, monthStart], [yearStart, yearStart]];
}

export interface DuplicateHit {
  householdId: string;
  reference: string;
}

/**
 * Probable duplicates of these people among the members of the organisation's households, set-based: one
 * query over the (organisation_id, date_of_birth) index for all of them, the names compared here. The map's
 * keys are indexes into `people`; people without a match (or without a date of birth) are absent.
 * `excludeHouseholdId` leaves one household out (the one being edited or kept in a merge).
 */
export async function findProbableDuplicates(
  tx: Tx,
  organisationId: string,
  people: PersonFacts[],
  options: { excludeHouseholdId?: string } = {},
): Promise<Map<number, DuplicateHit[]>> {
  const out = new Map<number, DuplicateHit[]>();
  const los: string[] = [];
  const his: string[] = [];
  people.forEach((p) => {
    if (!p.dateOfBirth) return;
    for (const [lo, hi] of birthRanges(p)) {
      los.push(lo);
      his.push(hi);
    }
  });
  if (los.length === 0) return out;
  const candidates = rowsOf<{ householdId: string; reference: string; givenNames: string; familyName: string; dateOfBirth: string; birthPrecision: BirthPrecision }>(
    await tx.execute(sql`
      select distinct m.household_id as "householdId",
             -- A lookup per candidate (a handful per date of birth): a join made the planner hash every household.
             (select h.reference from households h where h.id = m.household_id) as reference,
             m.given_names as "givenNames", m.family_name as "familyName",
             m.date_of_birth::text as "dateOfBirth", m.birth_precision as "birthPrecision"
        from unnest(${`{${los.join(',')}}`}::date[], ${`{${his.join(',')}}`}::date[]) as r(lo, hi)
        -- Lateral, kept apart by OFFSET 0: one index range scan per date range. As a join, a dozen ranges tipped the
        -- planner into scanning all members.
        cross join lateral (select * from household_members m0
                             where m0.organisation_id = ${organisationId} and m0.date_of_birth between r.lo and r.hi
                             offset 0) m
       where ${options.excludeHouseholdId ? sql`m.household_id <> ${options.excludeHouseholdId}` : sql`true`}`),
  );
  // Index the candidates by name key: each person is then compared only with namesakes.
  const byKey = new Map<string, typeof candidates>();
  for (const c of candidates) {
    const key = nameKey(c.givenNames, c.familyName);
    const list = byKey.get(key);
    if (list) list.push(c);
    else byKey.set(key, [c]);
  }
  people.forEach((p, index) => {
    if (!p.dateOfBirth) return;
    const hits: DuplicateHit[] = [];
    // Namesakes by construction: only the dates of birth are left to compare (probableDuplicate's other half).
    for (const c of byKey.get(nameKey(p.givenNames, p.familyName)) ?? []) {
      if (!birthDatesAgree(p, c) || hits.some((h) => h.householdId === c.householdId)) continue;
      hits.push({ householdId: c.householdId, reference: c.reference });
    }
    if (hits.length) out.set(index, hits);
  });
  return out;
}
