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

/** The skeleton of one name part (may contain several words). */
export function nameSkeleton(name: string): string {
  let s = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’`ʿʾ]/g, '')
    // Articles and joining particles: "Abd al-Rahman", "Abdel Rahman" and "Abdulrahman" become one word.
    .replace(/\b(abd)\s*[-\s]?\s*(al|el|ul|ur|ar|an|as|ad)[-\s]+/g, '$1')
    .replace(/\b(al|el)[-\s]+/g, '')
    .replace(/[^a-z]/g, '');
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
  const firstGiven = givenNames.trim().split(/\s+/)[0] ?? '';
  return `${nameSkeleton(firstGiven)}|${nameSkeleton(familyName)}`;
}

export interface PersonFacts {
  givenNames: string;
  familyName: string;
  dateOfBirth: string | null;
  birthPrecision?: 'day' | 'month' | 'year';
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
